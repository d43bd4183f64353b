"""Counts quoted in a report's text: which table quantity a sentence states, and its value.

A sentence is read clause by clause. A count is a verb of the catalogue (收到, 受理, 办结, 结转,
行政复议 …) followed, within the same clause, by words that only restate what is counted
(政府信息公开申请, 依申请公开信息 …) and a number of 件 (or 条). Anything else between the verb and
the number (网民咨询, 主动公开文件, 或失效 …) means the number counts something else, and the
clause is ignored. So are approximations (余件, 多件, 约, 以上), sub-counts after 其中, and
sentences whose scope is wider than the reporting body (全市, 各部门 …): the reader of a finding
must be able to trust that the sentence and the table speak of the same thing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

#: Kinds of quoted counts:
#: new (收到/新收), accepted (受理), handled (办理), concluded (办结), carried_over (上年结转),
#: carried_forward (结转下年), review (行政复议), litigation (行政诉讼),
#: norm_issued / norm_repealed / norm_valid (行政规范性文件 制发/废止/现行有效).
APPLICATION_KINDS = frozenset(
    {"new", "accepted", "handled", "concluded", "carried_over", "carried_forward"}
)


@dataclass(frozen=True)
class QuotedCount:
    """A count quoted in the narrative text (``受理申请 12 件``)."""

    kind: str
    value: int
    start: int  # range of the quoted phrase in the text (verb … unit)
    end: int
    quote: str  # the phrase without whitespace
    includes_carry_over: bool = False  # the sentence says 含上年结转
    #: the words of the clause before the verb: who did it ("市政府办公室全年共")
    subject: str = ""
    #: the last time reference before the count in its sentence: a year ("2024 年，共办理…"),
    #: PAST for 去年/上一年度 … (not 上年结转, this year's carry-over row), or None
    said_year: int | None = None


_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_CLAUSE = re.compile(r"[^，,：:（()）]+")
# The leading lookaheads only name the characters a match can start with: the regular
# expression engine then skips to them instead of trying the whole pattern at every position.
_NUMBER = re.compile(r"(?=\d)(?<![\d.])(\d+)\s*(余|多)?\s*(件|条)")
_VERB = re.compile(
    r"行政复议|行政诉讼|新收|收到|接收|接到|受理|办结|办理|结转|制发|印发|现行有效|废止"
)
#: Sentences about more than the reporting body, or about other bodies.
_WIDER_SCOPE = re.compile(
    r"全(?:市|县|区|省|州|盟|旗|镇|乡)|各(?:级|县|区|市|乡|镇|部门|单位|地)|"
    r"(?:市|县|区)直|所属|下属|部门(?:共|累计)"
)
_APPROXIMATE_BEFORE = re.compile(r"(?:约|近|超过|逾|达到?|不足|不到)\s*$")
_APPROXIMATE_AFTER = re.compile(r"^\s*(?:以上|左右|之多|以下|上下)")
_CARRY_OVER_NOTE = re.compile(r"(?:含|包括|其中)\s*(?:上年|上一年|上年度|上一年度|去年)\s*结转")
#: A year, or a word that puts a count in the previous year (上年结转 is this year's row).
_TIME = re.compile(r"(?=[\d去上前])(?:(?<!\d)(\d{4})\s*年|(?:去年|上一?年度?|前一年)(?!\s*结转))")
#: :attr:`QuotedCount.said_year` of a count said to be last year's.
PAST = -1


class _TimeMarks:
    """The time references of one sentence, to ask which one last precedes a position."""

    def __init__(self, sentence: str) -> None:
        marks = [
            (m.end(), int(m.group(1)) if m.group(1) else PAST) for m in _TIME.finditer(sentence)
        ]
        self._ends = [end for end, _ in marks]
        self._years = [year for _, year in marks]

    def before(self, position: int) -> int | None:
        index = bisect_right(self._ends, position)
        return self._years[index - 1] if index else None


_LAST_YEAR = re.compile(r"(?:上年|上一年|上年度|上一年度|去年)\s*$")

_APPLICATION_FILLER = (
    "政府信息公开申请",
    "政府信息依申请公开",
    "依申请公开政府信息",
    "依申请公开信息",
    "依申请公开申请",
    "依申请公开事项",
    "依申请公开件",
    "依申请公开",
    "信息公开申请",
    "公开申请",
    "申请件",
    "申请",
    "线下",
    "线上",
    "网上",
    "当面",
    "书面",
    "各类",
    "共计",
    "合计",
    "累计",
    "总计",
    "共",
    "了",
    "的",
)
_FORWARD_FILLER = (
    "下一年度",
    "下年度",
    "下一年",
    "下年",
    "至",
    "到",
    "继续",
    "办理",
    "处理",
    *_APPLICATION_FILLER,
)
_REVIEW_FILLER = ("案件", "申请", "共计", "共", "了", "的")
_NORM_FILLER = ("行政规范性文件", "规范性文件", "共计", "共", "了", "的")
_NORM_KINDS = {
    "制发": "norm_issued",
    "印发": "norm_issued",
    "废止": "norm_repealed",
    "现行有效": "norm_valid",
}
_APPLICATION_VERBS = {
    "新收": "new",
    "收到": "new",
    "接收": "new",
    "接到": "new",
    "受理": "accepted",
    "办理": "handled",
    "办结": "concluded",
}


@cache
def _longest_first(filler: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(filler, key=len, reverse=True))


def _only_filler(words: str, filler: tuple[str, ...]) -> bool:
    """Whether ``words`` consists of filler tokens only (greedy, longest token first)."""
    tokens = _longest_first(filler)
    i = 0
    while i < len(words):
        for token in tokens:
            if words.startswith(token, i):
                i += len(token)
                break
        else:
            return False
    return True


def _squeeze(text: str) -> str:
    # str.split() splits at the whitespace ``\s`` matches (str.isspace), much faster than re.sub
    return "".join(text.split())


def find_counts(text: str) -> list[QuotedCount]:
    """The counts quoted in ``text`` (a normalised paragraph) whose meaning is unambiguous."""
    found: list[QuotedCount] = []
    if "件" not in text and "条" not in text:  # every count ends with one of them
        return found
    for sentence in _SENTENCE.finditer(text):
        words = sentence.group()
        if "件" in words or "条" in words:
            found.extend(_sentence_counts(words, sentence.start()))
    return found


def _sentence_counts(sentence: str, offset: int) -> list[QuotedCount]:
    # A count ends with 件 or 条: a sentence without either is passed over before the (much
    # slower) search for a number.
    if "件" not in sentence and "条" not in sentence:
        return []
    if _NUMBER.search(sentence) is None or _WIDER_SCOPE.search(sentence):
        return []
    about_disclosure = "政府信息公开" in sentence or "依申请" in sentence
    respondent = "被" in sentence or "因政府信息公开" in sentence
    carry_note = _CARRY_OVER_NOTE.search(sentence) is not None
    cutoff = sentence.find("其中")
    if cutoff < 0:
        cutoff = len(sentence)
    counts: list[QuotedCount] = []
    times: _TimeMarks | None = None  # read only for a count found
    chain = False  # an application count was read earlier in this sentence
    for clause in _CLAUSE.finditer(sentence):
        segment_start = clause.start()
        for number in _NUMBER.finditer(sentence, clause.start(), clause.end()):
            if number.start() >= cutoff:
                return counts
            segment = sentence[segment_start : number.start()]
            base = segment_start
            segment_start = number.end()
            verb = _VERB.search(segment)
            if verb is None or number.group(2):
                continue
            if _APPROXIMATE_BEFORE.search(segment) or _APPROXIMATE_AFTER.match(
                sentence[number.end() : clause.end()]
            ):
                continue
            between = _squeeze(segment[verb.end() :])
            before = segment[: verb.start()]
            kind = _classify(
                verb.group(),
                between,
                before,
                unit=number.group(3),
                chain=chain,
                about_disclosure=about_disclosure,
                respondent=respondent,
            )
            if kind is None:
                continue
            if kind in APPLICATION_KINDS:
                chain = True
            if times is None:
                times = _TimeMarks(sentence)
            start = base + verb.start()
            if kind == "carried_over":
                last_year = _LAST_YEAR.search(before)
                if last_year is not None:
                    start = base + last_year.start()
            counts.append(
                QuotedCount(
                    kind=kind,
                    value=int(number.group(1)),
                    start=offset + start,
                    end=offset + number.end(),
                    quote=_squeeze(sentence[start : number.end()]),
                    includes_carry_over=carry_note and kind in ("new", "accepted", "handled"),
                    subject=_squeeze(before),
                    said_year=times.before(start),
                )
            )
    return counts


def _classify(
    verb: str,
    between: str,
    before: str,
    *,
    unit: str,
    chain: bool,
    about_disclosure: bool,
    respondent: bool,
) -> str | None:
    if verb in ("行政复议", "行政诉讼"):
        if unit != "件" or not about_disclosure or not respondent:
            return None
        if not _only_filler(between, _REVIEW_FILLER):
            return None
        return "review" if verb == "行政复议" else "litigation"
    if verb in _NORM_KINDS:
        if unit != "件" or "规范性文件" not in between:
            return None
        return _NORM_KINDS[verb] if _only_filler(between, _NORM_FILLER) else None
    if verb == "结转":
        if _LAST_YEAR.search(before):
            kind = "carried_over"
            ok = _only_filler(between, _APPLICATION_FILLER)
        else:
            kind = "carried_forward"
            ok = _only_filler(between, _FORWARD_FILLER)
        if not ok:
            return None
        return kind if (chain or "申请" in between) else None
    kind = _APPLICATION_VERBS.get(verb)
    if kind is None or not _only_filler(between, _APPLICATION_FILLER):
        return None
    return kind if (chain or "申请" in between) else None


_OWN_BODY = re.compile(r"[我本](?:办|局|委|厅|机关|单位|部门|院|署)")
_BODY_KINDS = (
    ("office", re.compile(r"办公室|政府办")),
    ("government", re.compile(r"人民政府|政府(?!办|信息|网站|门户|公报)")),
    ("department", re.compile(r"[局委厅署]|部门|中心|街道|乡|镇")),
)


def _agency_kind(agency: str) -> str:
    if agency.endswith("办公室"):
        return "office"
    if agency.endswith("政府"):
        return "government"
    return "department"


def subject_is_reporting_body(subject: str, agency: str | None) -> bool:
    """Whether the clause's subject can only be the reporting body itself: no body named, the
    body's own "我办/本机关", or a body of the same kind (a 政府办公室 report saying 市政府办公室).
    A 政府办 acting 代表 the 政府, an office in a government's report, a department, … are
    narrower or other scopes than the report's tables."""
    if "代表" in subject:
        return False
    if _OWN_BODY.search(subject):
        return True
    kinds = {kind for kind, pattern in _BODY_KINDS if pattern.search(subject)}
    if not kinds:
        return True
    if agency is None or len(kinds) > 1:
        return False
    return kinds == {_agency_kind(agency)}
