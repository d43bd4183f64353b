"""Which counts C501 reads from a sentence, and which sentences it leaves alone."""

from __future__ import annotations

import pytest

from giar_lint.builtin.python_rules.narrative import (
    PAST,
    find_counts,
    subject_is_reporting_body,
)


def kinds(text: str) -> list[tuple[str, int]]:
    return [(c.kind, c.value) for c in find_counts(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # seed 001
        (
            "我办全年收到政府信息公开申请 45 件，其中，同意公开 2 件，同意部分公开 2 件。",
            [("new", 45)],
        ),
        # seed 000
        (
            "市政府办公室全年共受理政府信息公开申请 283件，均在法定期限内予以答复。",
            [("accepted", 283)],
        ),
        # seed 004
        (
            "2024 年，共办理线下依申请公开信息 20 件，涉及自然人及法人共 5 人次；",
            [("handled", 20)],
        ),
        # seed 003: 条 as the unit, a carry-over note, a chain of counts in one sentence
        (
            "全年共受理依申请公开 1376 条（含上年结转 43 条），办结 1267 条，结转下年办理 109 条。",
            [
                ("accepted", 1376),
                ("carried_over", 43),
                ("concluded", 1267),
                ("carried_forward", 109),
            ],
        ),
        (
            "本年度新收政府信息公开申请12件，上年结转申请3件。",
            [("new", 12), ("carried_over", 3)],
        ),
        (
            "因政府信息公开工作被申请行政复议2件，被提起行政诉讼1件。",
            [("review", 2), ("litigation", 1)],
        ),
        (
            "全年制发行政规范性文件15件，废止行政规范性文件2件。",
            [("norm_issued", 15), ("norm_repealed", 2)],
        ),
        ("现行有效行政规范性文件248件。", [("norm_valid", 248)]),
    ],
)
def test_reads_unambiguous_counts(text: str, expected: list[tuple[str, int]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # seed 002: scope is the whole city
        "2023年，全市共办理政府信息依申请公开 602件，均已按照相关要求和程序在规定时限内答复。",
        # seed 002: 网民咨询, not applications; the bare 办理 has no application before it
        "通过市政府门户网站共发布各类政务信息 7688条；收到网民咨询、投诉 6917条，办理 6917条。",
        # seed 001: 主动公开文件 and 市长信箱 are other things
        "依法公开市政府和办公室印发的主动公开文件 18 件；办理市长信箱留言 230 条。",
        # seed 000: 废止或失效 is not 废止行政规范性文件; 现行有效文件 is not specific enough
        "对 2022年 4月 13日前印发的行政规范性文件进行清理，"
        "废止或失效 2件，保留现行有效文件 248件。",
        # approximations
        "全年收到政府信息公开申请300余件。",
        "全年收到政府信息公开申请约300件。",
        "全年收到政府信息公开申请300件以上。",
        # two verbs sharing one number
        "受理、办结政府信息公开申请45件。",
        # 行政复议 as the reviewing body, not as the respondent
        "全年办理行政复议案件350件。",
        # 行政复议 information published, not cases
        "发布行政复议信息 50 条。",
        # the joint count of 复议 and 诉讼 belongs to neither table group alone
        "因政府信息公开被申请行政复议和行政诉讼3件。",
        # other departments
        "市直各部门共收到政府信息公开申请1200件。",
        # a comparison, not a count
        "收到政府信息公开申请数量较上年增加20件。",
    ],
)
def test_stays_silent_on_unclear_counts(text: str) -> None:
    assert kinds(text) == []


def test_sub_counts_after_qizhong_are_ignored() -> None:
    assert kinds("全年收到申请45件，其中市政府办公室受理10件，办结8件。") == [("new", 45)]


def test_carry_over_note_marks_the_count() -> None:
    counts = find_counts("全年共受理政府信息公开申请50件（含上年结转5件）。")
    assert [(c.kind, c.includes_carry_over) for c in counts] == [
        ("accepted", True),
        ("carried_over", False),
    ]


def test_quote_and_offsets_point_at_the_phrase() -> None:
    text = "（二）依申请公开：我办全年收到政府信息公开申请 45 件，其中同意公开 2 件。"
    (count,) = find_counts(text)
    assert count.quote == "收到政府信息公开申请45件"
    assert text[count.start : count.end] == "收到政府信息公开申请 45 件"


@pytest.mark.parametrize(
    ("sentence", "agency", "same"),
    [
        # seed 000: the office's own report
        ("市政府办公室全年共受理政府信息公开申请 283件。", "平顶山市人民政府办公室", True),
        # seed 001
        ("我办全年收到政府信息公开申请 45 件。", "卫辉市人民政府办公室", True),
        ("全年共受理依申请公开 1376 条。", "周口市人民政府办公室", True),
        # 洪泽区 2024: the office acting for the government, whose table counts more
        ("2024 年，区政府办代表区政府受理政府信息公开申请 17 件。", "淮安市洪泽区人民政府", False),
        ("区政府办公室受理政府信息公开申请 17 件。", "淮安市洪泽区人民政府", False),
        ("区财政局受理政府信息公开申请 3 件。", "淮安市洪泽区人民政府", False),
        ("县政府全年共收到政府信息公开申请 30 件。", "某某县人民政府", True),
    ],
)
def test_subject_must_be_the_reporting_body(sentence: str, agency: str, same: bool) -> None:
    (count,) = find_counts(sentence)
    assert subject_is_reporting_body(count.subject, agency) is same


def test_counts_know_the_year_they_are_about() -> None:
    first, second = find_counts(
        "2022年共收到政府信息公开申请30件，2023年共收到政府信息公开申请45件。"
    )
    assert (first.said_year, second.said_year) == (2022, 2023)
    (count,) = find_counts("去年收到政府信息公开申请30件。")
    assert count.said_year == PAST
    counts = find_counts("全年共受理政府信息公开申请50件（含上年结转5件）。")
    assert [c.said_year for c in counts] == [None, None]
