"""The plain-text reader: the reader of last resort, answering for any file no other reader took."""

from __future__ import annotations

from pathlib import Path

from giar_lint.hookspecs import hookimpl
from giar_lint.read.result import ReadResult


# trylast: format readers (built-in or third-party) must get the first look at every file;
# this one answers for anything, so it must come after them.
@hookimpl(trylast=True)
def giar_lint_read_input(path: Path, data: bytes) -> ReadResult | None:
    """Decode the bytes as a text report (encoding detection, binary and empty detection)."""
    from giar_lint.read.decode import read_text_bytes

    return read_text_bytes(data, str(path))
