"""The language server (``giar-lint lsp``); needs the optional ``lsp`` extra (pygls).

:mod:`giar_lint.lsp.positions` has no dependency beyond giar-lint itself.
"""
