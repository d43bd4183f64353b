"""Command line: argument parsing and dispatch.

Each sub-command lives in :mod:`giar_lint.commands` and is imported only when it runs, so a
``giar-lint check`` under pre-commit does not pay for the language server or PDF support.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from giar_lint import __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def _codes(value: str) -> list[str]:
    return [c.strip().upper() for c in value.split(",") if c.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="giar-lint",
        description="政府信息公开工作年度报告 compliance linter.",
    )
    parser.add_argument("--version", action="version", version=f"giar-lint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="lint reports; directories are searched for reports")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders; - for stdin")
    check.add_argument(
        "--output-format",
        choices=["concise", "full", "json", "sarif", "github", "csv"],
        default=None,
        help="how findings are printed (default: concise)",
    )
    check.add_argument("--select", type=_codes, default=None, metavar="CODES")
    check.add_argument("--ignore", type=_codes, default=None, metavar="CODES")
    check.add_argument("--extend-select", type=_codes, default=None, metavar="CODES")
    check.add_argument("--config", default=None, metavar="FILE", help="configuration file")
    check.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="PATH",
        help="extra YAML rule file or folder (repeatable)",
    )
    check.add_argument(
        "--fail-on", choices=["error", "warning", "info"], default=None, help="default: error"
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    check.add_argument("--stdin-filename", default=None, metavar="NAME")
    check.add_argument("--jobs", "-j", type=int, default=None, metavar="N")
    check.add_argument("--statistics", action="store_true", help="count findings per code")
    check.add_argument("--quiet", "-q", action="store_true", help="print findings only")
    check.add_argument("--baseline", default=None, metavar="FILE", help="accepted findings")
    check.add_argument(
        "--write-baseline",
        action="store_true",
        help="write the current findings to the baseline (--baseline or the configured one)",
    )
    check.add_argument(
        "--no-baseline", action="store_true", help="report every finding, ignoring the baseline"
    )
    check.add_argument("--no-progress", action="store_true", help="never show a progress bar")

    parse = sub.add_parser("parse", help="print the parsed report")
    parse.add_argument("file", metavar="FILE")
    parse.add_argument("--format", choices=["json", "tree", "text"], default="json")

    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--config", default=None, metavar="FILE")
    rules.add_argument("--rules", action="append", default=[], metavar="PATH")
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")

    rule = sub.add_parser("rule", help="explain one rule")
    rule.add_argument("code", metavar="CODE")
    rule.add_argument("--config", default=None, metavar="FILE")
    rule.add_argument("--rules", action="append", default=[], metavar="PATH")

    lsp = sub.add_parser("lsp", help="language server on stdio")
    # Many editor clients pass --stdio to every server; stdio is the only transport anyway.
    lsp.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    module = importlib.import_module(f"giar_lint.commands.{args.command}_cmd")
    try:
        return int(module.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # last line of defence: one line, never a traceback
        print(f"giar-lint: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR
