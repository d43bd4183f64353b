"""Normalised views of report text, each with an :class:`OffsetMap` back to the original.

Two kinds of change only, so every normalised character still maps to one original character:

* one-for-one replacement: full-width ASCII (``（``, ``，``, ``１``…) and the ideographic space
  folded to their half-width forms (:func:`fold`, which keeps the length);
* deletion: whitespace inside CJK runs, wrapped line ends, page footers such as ``- 3 -``.

Length-changing normalisations (NFKC and the like) are never applied to text whose positions are
reported.
"""

from __future__ import annotations

import re

from giar_lint.model.offsets import OffsetMap

_FOLD_PAIRS = (
    *((chr(c), chr(c - 0xFEE0)) for c in range(0xFF01, 0xFF5F)),
    # ideographic, no-break and typographic spaces (web pages, Word) read as a plain space
    *((ch, " ") for ch in "\u3000\xa0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f"),
)


_FOLD_TABLE = dict(_FOLD_PAIRS)
#: Full-width ASCII U+FF01..U+FF5E in UTF-16-LE: its low byte, then the byte 0xFF. The search
#: opens with that literal byte, which the engine skips to in a tight loop; a character class
#: over the text instead tests every character against each of its ranges (several times the
#: instructions). A match at the wrong alignment only names a character that is not there.
_WIDE_LOW_BYTE = re.compile(rb"\xff(?<=([\x01-\x5e])\xff)")
_SPACES = tuple(wide for wide, narrow in _FOLD_PAIRS if narrow == " ")


def fold(text: str) -> str:
    """Full-width ASCII → half-width, other spaces → space. Keeps the length."""
    # str.replace per character present is several times faster than str.translate on CJK text
    encoded = text.encode("utf-16-le", "surrogatepass")
    for low in set(_WIDE_LOW_BYTE.findall(encoded)):
        wide = chr(0xFF00 + low[0])
        text = text.replace(wide, _FOLD_TABLE[wide])
    for space in _SPACES:
        if space in text:
            text = text.replace(space, " ")
    return text


#: Page furniture that PDF extraction leaves between lines: ``- 3 -``, ``— 12 —``,
#: ``第 3 页 共 9 页``.
FOOTER_RE = re.compile(
    r"[ \t\u3000]*(?:[-—–－][ \t\u3000]*[0-9０-９]{1,4}[ \t\u3000]*[-—–－]"
    r"|第[ \t\u3000]*[0-9０-９]{1,4}[ \t\u3000]*页(?:[ \t\u3000]*[,，/／]?[ \t\u3000]*共"
    r"[ \t\u3000]*[0-9０-９]{1,4}[ \t\u3000]*页)?"
    r"|[0-9０-９]{1,4}[ \t\u3000]*/[ \t\u3000]*[0-9０-９]{1,4})[ \t\u3000]*\r?$"
)

#: Characters at which a wrapped line does not end mid-sentence.
SENTENCE_END = "。！？；：!?;:…"


def is_cjk(ch: str) -> bool:
    """Ideographs and CJK/full-width punctuation: whitespace next to them is layout."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3000 <= o <= 0x303F
        or 0x3400 <= o <= 0x4DBF
        or 0xFF00 <= o <= 0xFFEF
        or 0x2018 <= o <= 0x201F
        or 0x2014 <= o <= 0x2015
        or 0xF900 <= o <= 0xFAFF
        or o == 0x2026
        or o == 0x00B7
    )


def is_footer_line(line: str) -> bool:
    return bool(FOOTER_RE.fullmatch(line))


def normalize_prose(
    text: str, ranges: list[tuple[int, int]], *, folded: bool = False
) -> tuple[str, OffsetMap]:
    """Join the line ranges ``[start, end)`` of ``text`` into one normalised paragraph.

    Full-width ASCII is folded (pass ``folded=True`` when ``text`` already is); a whitespace
    run (including the line ends between ranges) is dropped when it touches a CJK character and
    becomes one space otherwise. Ranges are clamped to the text.
    """
    size = len(text)
    if len(ranges) == 1 and 0 <= ranges[0][0] <= ranges[0][1] <= size:
        delta, end = ranges[0]
        joined = text[delta:end]
        deltas = None
    else:
        pieces = []
        # the ranges joined by a space: ``joined`` index + delta = original offset, the delta
        # of the range the index is in
        deltas = []
        at = 0
        for s, e in ranges:
            if not 0 <= s <= e <= size:
                e = min(max(e, 0), size)
                s = min(max(s, 0), e)
            pieces.append(text[s:e])
            deltas.append((at + e - s, s - at))  # (the range's last index + 1, its delta)
            at += e - s + 1
        joined = " ".join(pieces)
        delta = deltas[0][1] if deltas else 0
    # Every whitespace character made a space, the pieces between them are found by a split
    # (a C loop); a regular expression over the text costs several times more per character.
    for ws in _OTHER_WS:
        if ws in joined:
            joined = joined.replace(ws, " ")
    pieces = joined.split(" ")
    if len(pieces) == 1 and deltas is None:  # one range without whitespace: itself
        if not joined:
            return "", OffsetMap((0,), (0,), 0, 0)
        size = len(joined)
        offsets = OffsetMap((0,), (delta,), size, delta + size)
        return (joined if folded else fold(joined)), offsets
    cjk = is_cjk if folded else _is_folded_cjk
    out: list[str] = []
    # the offset map's segments, built in place (as OffsetMapBuilder would: a new segment
    # wherever the next piece does not follow on from the previous one)
    norm: list[int] = []
    orig: list[int] = []
    length = 0
    last = -1  # original offset just past the last piece
    prev = ""  # the last character of the last piece
    pos = 0  # index of the piece in ``joined``
    k = 0  # the range of ``pos``
    for piece in pieces:
        if not piece:  # one of several whitespace characters in a row
            pos += 1
            continue
        if deltas is not None:
            while pos > deltas[k][0]:
                k += 1
            delta = deltas[k][1]
        start = pos + delta
        if norm:
            # whitespace before the piece (it always follows the last piece: a kept space
            # never starts a segment of its own)
            first = piece[0]
            if not (
                "\u4e00" <= prev <= "\u9fff"  # an ideograph: most often by far
                or "\u4e00" <= first <= "\u9fff"
                or cjk(prev)
                or cjk(first)
            ):
                out.append(" ")
                length += 1
                last += 1
            if start != last:
                norm.append(length)
                orig.append(start)
        else:
            norm.append(0)
            orig.append(start)
        out.append(piece)
        n = len(piece)
        length += n
        last = start + n
        prev = piece[-1]
        pos += n + 1
    if not norm:
        return "", OffsetMap((0,), (0,), 0, 0)
    result = "".join(out)
    return (result if folded else fold(result)), OffsetMap(tuple(norm), tuple(orig), length, last)


#: Whitespace other than the space (that separates the pieces of :func:`normalize_prose`).
_OTHER_WS = "\t\r\n\u3000\xa0"


def _is_folded_cjk(ch: str) -> bool:
    """Whether ``ch`` is CJK once folded (full-width ASCII is not)."""
    return is_cjk(_FOLD_TABLE.get(ch, ch))


_NUMERICISH = set("0123456789./-—–|")


def normalize_table(
    text: str, start: int, end: int, *, folded: bool = False
) -> tuple[str, OffsetMap]:
    """The table region ``[start, end)`` of ``text`` for the table grammars.

    Full-width ASCII is folded, page-footer lines and Markdown separator rows are blanked, and
    whitespace between two non-numeric characters is removed so that labels split over lines
    (``三、本\\n年度办\\n理结果``, ``自然\\n人``) read whole. Whitespace next to a digit, ``.``,
    ``/``, ``-``, ``—`` or ``|``, and any run holding a tab, is kept: it separates numbers and
    cells; so is whitespace next to a cell written ``无`` set off by spaces. Pass
    ``folded=True`` when ``text`` is already folded.
    """
    region = text[start:end] if folded else fold(text[start:end])
    if _FURNITURE_HINT.search(region):
        # blank out furniture lines (same length), so they read as whitespace below
        region = _FURNITURE_LINE.sub(lambda m: " " * len(m.group()), region)
    out: list[str] = []
    # the offset map built in place, as in normalize_prose: each kept piece follows on from
    # the previous one unless whitespace was removed between them
    norm: list[int] = []
    orig: list[int] = []
    length = 0
    last = -1
    pos = 0
    removed = [m.span() for m in _REMOVABLE.finditer(region)]
    removed.append((len(region), len(region)))  # the end: keep what is left
    for a, b in removed:
        if a > pos:
            out.append(region[pos:a])
            if start + pos != last:
                norm.append(length)
                orig.append(start + pos)
            length += a - pos
            last = start + a
        pos = b
    if not norm:
        return "", OffsetMap((0,), (0,), 0, 0)
    return "".join(out), OffsetMap(tuple(norm), tuple(orig), length, last)


#: whitespace without a tab between two characters that are neither space nor numeric-ish,
#: except on the far side of a cell written 无 (set off by spaces or a pipe on the same line):
#: ``规章 无 无 无`` keeps its cells apart, ``（四）无\n法提供`` still reads whole
_REMOVABLE = re.compile(
    r"(?<=[^\s0-9./\-—–|])(?<![ \u3000\xa0|]无)"
    r"[ \r\n\u3000\xa0]+"
    r"(?=[^\s0-9./\-—–|])(?!无(?:[ \u3000\xa0|]|$))"
)
_FURNITURE_HINT = re.compile(r"^[ \t]*(?:[-—–]|第[ \t]*\d|\d{1,4}[ \t]*/|(?:\|[ \t]*)?:?--)", re.M)
_FURNITURE_LINE = re.compile(
    r"^(?:[ \t]*(?:[-—–][ \t]*\d{1,4}[ \t]*[-—–]"
    r"|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,/]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?"
    r"|\d{1,4}[ \t]*/[ \t]*\d{1,4})[ \t]*"
    r"|[ \t]*(?:\|[ \t]*)?:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*(?:\|[ \t]*)?)\r?$",
    re.M,
)
