"""Baseline files: findings a repository has accepted, so only new ones are reported.

A baseline lets an existing collection of reports adopt giar-lint gradually, including plain-text
reports where inline comments would end up in the published text::

    giar-lint check reports/ --baseline .giar-lint-baseline.json --write-baseline   # accept all
    giar-lint check reports/ --baseline .giar-lint-baseline.json                    # only new ones

Writing is always explicit (``--write-baseline``): a missing baseline file is an error when
reading, so a mistyped path can never accept every finding silently.

A finding is matched by its file, its code and a *fingerprint of its context*: the normalised
text of its span and up to 24 characters either side within its paragraph (whitespace removed,
full-width characters folded by NFKC), never its line or column. Editing another paragraph,
inserting lines above or re-wrapping lines keeps it matched; editing the flagged text itself
makes it new again. Identical findings are
counted: if a file had two accepted findings with the same fingerprint and now has three, one is
reported.

The file is JSON, sorted and indented, so it diffs well and is stable when rewritten::

    {
      "version": 1,
      "findings": [
        {"path": "2023/report.txt", "code": "C501", "fingerprint": "1f0c…", "message": "…"}
      ]
    }

``path`` is relative to the baseline file's folder (``/`` separators), so the baseline works from
any working directory. ``message`` is there for the reader only and is not used for matching.

A configuration can name the baseline (``baseline: .giar-lint-baseline.json``); ``check`` then uses
it without ``--baseline``, and the language server hides the accepted findings in the editor
(:class:`Baseline` is the loaded file both use).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from giar_lint.diagnostics import Diagnostic

__all__ = [
    "BASELINE_VERSION",
    "Baseline",
    "BaselineError",
    "filter_baseline",
    "fingerprint",
    "load_baseline",
    "write_baseline",
]

BASELINE_VERSION = 1
#: characters of normalised context taken on each side of a finding's span
CONTEXT_CHARS = 24
#: a long span (a whole part) is represented by its beginning and end
SPAN_CHARS = 80
#: how far to look for context in the raw text; generous because whitespace is dropped
_RAW_WINDOW = 4 * CONTEXT_CHARS + 64

_BLANK_LINE = re.compile(r"\n[ \t\r\u3000]*\n")

_STDIN_NAMES = frozenset({"", "-", "<stdin>", "<text>"})


class BaselineError(Exception):
    """A baseline file that cannot be read; the message names the file (and position)."""


def _normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def fingerprint(diagnostic: Diagnostic, text: str | None) -> str:
    """A hex digest identifying ``diagnostic`` by its code and the text around it.

    ``text`` is the text the finding's span refers to; without it (an input that could not be
    read) the fingerprint falls back on the message.
    """
    h = hashlib.sha256()
    h.update(diagnostic.code.upper().encode())
    h.update(b"\x00")
    if text is None:
        h.update(_normalise(diagnostic.message).encode())
        return h.hexdigest()[:32]
    start = max(0, min(diagnostic.span.start, len(text)))
    end = max(start, min(diagnostic.span.end, len(text)))
    body = _normalise(text[start:end])
    if len(body) > 2 * SPAN_CHARS:
        body = body[:SPAN_CHARS] + "\x01" + body[-SPAN_CHARS:]
    # Context stays inside the finding's paragraph (up to a blank line), so editing or
    # inserting a neighbouring paragraph does not invalidate it, while re-wrapping lines does not
    # either.
    window = text[max(0, start - _RAW_WINDOW) : start]
    breaks = list(_BLANK_LINE.finditer(window))
    before = window[breaks[-1].end() :] if breaks else window
    window = text[end : end + _RAW_WINDOW]
    first = _BLANK_LINE.search(window)
    after = window[: first.start()] if first else window
    before = _normalise(before)[-CONTEXT_CHARS:]
    after = _normalise(after)[:CONTEXT_CHARS]
    for piece in (before, body, after):
        h.update(piece.encode())
        h.update(b"\x00")
    return h.hexdigest()[:32]


def _relative_path(path: str, base: Path) -> str:
    """``path`` as stored in a baseline whose folder is ``base``."""
    if path in _STDIN_NAMES:
        return path
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        rel = absolute
    return Path(rel).as_posix()


def _key(diagnostic: Diagnostic, texts: Mapping[str, str], base: Path) -> tuple[str, str, str]:
    return (
        _relative_path(diagnostic.path, base),
        diagnostic.code.upper(),
        fingerprint(diagnostic, texts.get(diagnostic.path)),
    )


def write_baseline(
    path: str | os.PathLike[str],
    diagnostics: Iterable[Diagnostic],
    texts: Mapping[str, str],
) -> int:
    """Write every finding in ``diagnostics`` to the baseline file ``path`` (replacing it).

    ``texts`` maps each finding's ``path`` to the text its span refers to. Returns the number of
    findings written.
    """
    target = Path(path)
    base = target.resolve().parent
    entries = []
    for d in diagnostics:
        rel, code, fp = _key(d, texts, base)
        entries.append({"path": rel, "code": code, "fingerprint": fp, "message": d.message})
    entries.sort(key=lambda e: (e["path"], e["code"], e["fingerprint"], e["message"]))
    document = {"version": BASELINE_VERSION, "findings": entries}
    data = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    tmp = target.with_name(target.name + ".tmp")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, target)
    return len(entries)


def load_baseline(path: str | os.PathLike[str]) -> Counter[tuple[str, str, str]]:
    """The accepted findings of a baseline file as a multiset of (path, code, fingerprint).

    Raises :class:`BaselineError` with a one-line message for a missing or malformed file.
    """
    target = Path(path)
    try:
        raw = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(
            f"{target}: baseline file not found (create it with --write-baseline)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{target}: cannot read baseline: {exc}") from None
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{target}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        raise BaselineError(f'{target}: not a giar-lint baseline (no "findings" list)')
    version = document.get("version")
    if version != BASELINE_VERSION:
        raise BaselineError(f"{target}: unsupported baseline version {version!r}")
    accepted: Counter[tuple[str, str, str]] = Counter()
    for index, entry in enumerate(document["findings"]):
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(k), str) for k in ("path", "code", "fingerprint")
        ):
            raise BaselineError(
                f"{target}: findings[{index}] needs string fields path, code and fingerprint"
            )
        accepted[(entry["path"], entry["code"].upper(), entry["fingerprint"])] += 1
    return accepted


def filter_baseline(
    path: str | os.PathLike[str],
    diagnostics: Iterable[Diagnostic],
    texts: Mapping[str, str],
) -> list[Diagnostic]:
    """The findings of ``diagnostics`` that the baseline file ``path`` does not accept, in their
    original order.

    ``texts`` maps each finding's ``path`` to the text its span refers to. Raises
    :class:`BaselineError` when the baseline cannot be read.
    """
    return Baseline.load(path).filter(diagnostics, texts)


@dataclass(frozen=True)
class Baseline:
    """A loaded baseline file: its accepted findings, to filter any number of runs with."""

    #: the baseline file (absolute); stored paths are relative to its folder
    path: Path
    accepted: Counter[tuple[str, str, str]]

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Baseline:
        """Read a baseline file; raises :class:`BaselineError`."""
        return cls(Path(path).absolute(), load_baseline(path))

    def filter(
        self, diagnostics: Iterable[Diagnostic], texts: Mapping[str, str]
    ) -> list[Diagnostic]:
        """The findings this baseline does not accept, in their original order (``texts`` maps
        each finding's ``path`` to the text its span refers to)."""
        remaining = Counter(self.accepted)  # counting down must not use up the loaded file
        base = self.path.resolve().parent
        kept: list[Diagnostic] = []
        for d in diagnostics:
            key = _key(d, texts, base)
            if remaining[key] > 0:
                remaining[key] -= 1
            else:
                kept.append(d)
        return kept
