"""Recognising part headings by their title text, and numerals.

A line is a part heading when, after its numeral (``一、``, ``第一部分``) or Markdown ``#`` marks,
what remains is a whole-line title equal to a catalogue template or accepted variant, or close to
one (a typo such as 行政法复议: ``nonstandard``). The numeral alone never makes a heading:
table 三's ``一、本年新收…`` rows and sub-headings such as ``一、主动公开情况。``
reuse the same numerals. Some reports number their parts ``（一）总体情况`` … ``（六）其他需要报告的
事项``; such a line is a part heading only when its numeral is that part's own number, since
``（一）``… usually number sub-headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

from giar_lint.model.catalogue import PARTS, PartSpec

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def cn_number(numeral: str) -> int | None:
    """Value of a Chinese numeral up to 99 (一, 十, 十二, 二十三), or of ASCII digits."""
    if numeral.isascii() and numeral.isdigit():
        return int(numeral)
    if not numeral:
        return None
    if "十" in numeral:
        tens, _, units = numeral.partition("十")
        t = CN_DIGITS.get(tens, -1) if tens else 1
        u = CN_DIGITS.get(units, -1) if units else 0
        if t < 0 or u < 0:
            return None
        return t * 10 + u
    if len(numeral) == 1:
        return CN_DIGITS.get(numeral)
    return None


TitleKind = Literal["template", "variant", "nonstandard"]


@dataclass(frozen=True)
class HeadingMatch:
    spec: PartSpec
    numeral: str | None  # as written: "一", "第一部分"
    title: str  # normalised, without numeral and trailing 。
    kind: TitleKind
    title_offset: int  # offset of the title inside the line
    title_end: int
    paren: bool = False  # numbered （一）…（六） rather than 一、 or 第一部分


_NUMERAL_RE = re.compile(
    r"[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*[ \t]*)?"
    r"(?:(?P<part>第[一二三四五六七八九十]{1,3}部分)[ \t:、.,]*"
    r"|(?P<cn>[一二三四五六七八九十]{1,3})[ \t]*[、.,][ \t]*"
    r"|\([ \t]*(?P<paren>[一二三四五六七八九十]{1,3})[ \t]*\)[ \t]*)?"
)
_MD_RE = re.compile(r"[ \t]*#{1,6}[ \t]*")
_TRAIL = " \t\r\n。.:：,，;；*#"
_SENTENCE_INSIDE = re.compile(r"[。；;！？!?]")
_SPACES = re.compile(r"[ \t\u3000]+")

_TITLES: tuple[tuple[str, PartSpec, TitleKind], ...] = tuple(
    (t, spec, kind)
    for spec in PARTS
    for t, kind in ((spec.template, "template"), *((v, "variant") for v in spec.variants))
)
_EXACT: dict[str, tuple[PartSpec, TitleKind]] = {t: (s, k) for t, s, k in _TITLES}
_CHARSETS = tuple((frozenset(t), t, s) for t, s, _ in _TITLES)
#: Similarity (difflib ratio) from which a title counts as a misspelt catalogue title.
SIMILARITY = 0.85


@lru_cache(maxsize=4096)
def _match_title(title: str, fuzzy: bool) -> tuple[PartSpec, TitleKind] | None:
    exact = _EXACT.get(title)
    if exact is not None:
        return exact
    if not fuzzy or not 4 <= len(title) <= 40:
        return None
    chars = frozenset(title)
    best: tuple[float, PartSpec] | None = None
    for charset, template, spec in _CHARSETS:
        # cheap bound first: the ratio cannot exceed the share of common characters
        common = len(chars & charset)
        if 2 * common / (len(chars) + len(charset)) < SIMILARITY - 0.1:
            continue
        ratio = SequenceMatcher(None, title, template, autojunk=False).ratio()
        if ratio >= SIMILARITY and (best is None or ratio > best[0]):
            best = (ratio, spec)
    if best is None:
        return None
    return best[1], "nonstandard"


#: Every catalogue title ends with one of these (情况, 事项, 措施).
_TITLE_ENDS = frozenset("况项施")


@lru_cache(maxsize=8192)
def match_part_heading(line: str) -> HeadingMatch | None:
    """The part a whole heading line (full-width already folded) introduces, if any."""
    if len(line) > 80 or line.rstrip(_TRAIL)[-1:] not in _TITLE_ENDS:
        return None
    m = _NUMERAL_RE.match(line)
    numeral: str | None = None
    marked = False
    paren = m.group("paren") if m else None
    if m and (m.group("part") or m.group("cn") or paren):
        numeral = m.group("part") or m.group("cn") or paren
        marked = True
        pos = m.end()
    else:
        md = _MD_RE.match(line)
        if md and "#" in md.group(0):
            marked = True
            pos = md.end()
        else:
            pos = 0
    rest = line[pos:]
    stripped = rest.rstrip(_TRAIL)
    lead = len(stripped) - len(stripped.lstrip(" \t*"))
    stripped = stripped.lstrip(" \t*")
    if not stripped or _SENTENCE_INSIDE.search(stripped):
        return None
    title = _SPACES.sub("", stripped)
    found = _match_title(title, marked)
    if found is None:
        return None
    spec, kind = found
    if paren is not None and cn_number(paren) != spec.number:
        # （一）…（五） number the sub-headings of part 一 in most reports: a part title under
        # a parenthesised numeral counts only when the numeral is that part's own
        return None
    start = pos + lead
    return HeadingMatch(spec, numeral, title, kind, start, start + len(stripped), paren is not None)
