"""``giar-lint parse FILE --format json|tree|text``: show how a report was read.

``json`` is the stable summary (:mod:`giar_lint.output.parse_json`), ``tree`` the lark parse tree
(for people writing grammars and rules), ``text`` the text that was read (for PDF/DOCX/HTML the
extracted text that positions refer to). ``-`` reads standard input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from giar_lint.read.result import ReadResult

EXIT_OK = 0
EXIT_ERROR = 2


def _read(path: str) -> ReadResult | str:
    """The reader's result, or a one-line error message."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
            name = "<stdin>"
        else:
            p = Path(path)
            if not p.exists():
                return f"{path}: 文件不存在"
            if p.is_dir():
                return f"{path}: 是目录，不是文件"
            data = p.read_bytes()
            name = path
    except OSError as exc:
        return f"{path}: 无法读取：{exc.strerror or exc}"
    try:
        from giar_lint.plugins import read_input
    except ImportError:
        read_input = None  # type: ignore[assignment]
    if read_input is not None:
        return read_input(Path(name), data)
    from giar_lint.read.decode import read_text_bytes

    return read_text_bytes(data, name)


def run(args: argparse.Namespace) -> int:
    path: str = args.file
    fmt: str = getattr(args, "format", "json") or "json"
    result = _read(path)
    if isinstance(result, str):
        print(f"giar-lint: error: {result}", file=sys.stderr)
        return EXIT_ERROR
    shown = "<stdin>" if path == "-" else path
    if result.problem is not None:
        print(f"giar-lint: error: {shown}: {result.problem.message}", file=sys.stderr)
    if fmt == "text":
        sys.stdout.write(result.text)
        if result.text and not result.text.endswith("\n"):
            sys.stdout.write("\n")
    elif fmt == "tree":
        from giar_lint.parse import parse_tree

        if result.problem is None:
            print(parse_tree(result.text).pretty(), end="")
    else:
        from giar_lint.output.parse_json import report_to_json
        from giar_lint.parse import parse_result

        report = parse_result(result, shown)
        json.dump(report_to_json(report), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return EXIT_ERROR if result.problem is not None else EXIT_OK
