"""A plugin whose import fails, as a plugin with a missing dependency would."""

raise ImportError("giar_lint_broken needs a module that is not installed")
