"""Loading the lark grammars: LALR with the contextual lexer, built once per process.

Grammar analysis is also cached on disk by lark (``cache=True``: a file in the system temporary
directory keyed by the grammar's hash), which works the same from a source checkout and from an
installed wheel; when the temporary directory is not writable lark silently builds in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache

from lark import Lark, Token

from giar_lint.resources import data_path

LexerCallbacks = Mapping[str, Callable[[Token], Token]]


def grammar_text(name: str) -> str:
    """The text of ``grammars/<name>.lark``."""
    return (data_path("grammars") / f"{name}.lark").read_text(encoding="utf-8")


def _build(name: str, callbacks: LexerCallbacks | None) -> Lark:
    options: dict[str, object] = {
        "parser": "lalr",
        "lexer": "contextual",
        "propagate_positions": False,
        "maybe_placeholders": False,
    }
    if callbacks:
        options["lexer_callbacks"] = dict(callbacks)
    text = grammar_text(name)
    try:
        return Lark(text, cache=True, **options)  # type: ignore[arg-type]
    except Exception:  # an unusable on-disk cache must not stop parsing
        return Lark(text, **options)  # type: ignore[arg-type]


_callbacks: dict[str, LexerCallbacks] = {}


def register_callbacks(name: str, callbacks: LexerCallbacks) -> None:
    """Lexer callbacks for grammar ``name``; must be registered before its first use."""
    _callbacks[name] = callbacks


@cache
def parser(name: str) -> Lark:
    """The LALR parser for ``grammars/<name>.lark`` (built once per process)."""
    return _build(name, _callbacks.get(name))
