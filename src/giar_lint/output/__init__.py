"""Output formats: findings for people (concise, full), for tools (json, sarif, github) and for
spreadsheets (csv), and the parsed report (:mod:`giar_lint.output.parse_json`).

Each finding format is a module with ``write(diagnostics, context, out)``; it is imported only
when chosen, so the default run does not load json or csv.
"""
