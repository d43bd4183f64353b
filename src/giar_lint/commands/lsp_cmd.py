"""``giar-lint lsp``: run the language server on stdio."""

from __future__ import annotations

import argparse
import sys

EXIT_ERROR = 2


def run(args: argparse.Namespace) -> int:
    try:
        import pygls  # noqa: F401  (only to tell a missing extra from other problems)
    except ImportError:
        print(
            "giar-lint: the language server needs pygls: pip install 'giar-lint[lsp]'",
            file=sys.stderr,
        )
        return EXIT_ERROR
    from giar_lint.lsp.server import start

    start()
    return 0
