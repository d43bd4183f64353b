"""Sub-commands of ``giar-lint``; each module has ``run(args) -> int`` and is imported on use."""
