"""giar-lint's own plugins: readers and rules registered through the public hooks.

Each module here is an ordinary plugin module (functions marked with
:data:`giar_lint.hookspecs.hookimpl`), registered by :mod:`giar_lint.plugins` before any
third-party plugin, so a third-party package can do everything a built-in can.
"""
