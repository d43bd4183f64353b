"""Where data files (grammars, built-in rules) live at run time.

An installed wheel carries them under ``giar_lint/_data/`` (pyproject ``force-include``); an
editable install or a source checkout has them at the repository root next to ``src/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_path(name: str) -> Path:
    """The directory or file ``name`` (e.g. ``"grammars"``, ``"rules"``, ``"grammars/expr.lark"``).

    Looks in ``giar_lint/_data`` first, then in the source checkout (``<repo>/<name>``). When
    neither exists the packaged location is returned, so the caller's error names a sensible path.
    """
    packaged = _PACKAGE_DIR / "_data" / name
    if packaged.exists():
        return packaged
    source = _PACKAGE_DIR.parent.parent / name
    if source.exists():
        return source
    return packaged


def read_data_text(name: str) -> str:
    """The UTF-8 text of the data file ``name`` (e.g. ``"grammars/document.lark"``)."""
    return data_path(name).read_text(encoding="utf-8")
