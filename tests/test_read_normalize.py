"""Normalisation keeps a way back: every normalised character maps to the original one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from giar_lint.read.normalize import fold, is_footer_line, normalize_prose, normalize_table


def back(original: str, text: str, offsets) -> str:
    return "".join(original[offsets.to_original(i)] for i in range(len(text)))


def test_fold_is_one_for_one() -> None:
    assert fold("（一）２０２３年，ＡＢ：　x") == "(一)2023年,AB: x"
    assert len(fold("（一）　")) == 4
    assert fold("〔2020〕“三安全一稳定”、。") == "〔2020〕“三安全一稳定”、。"


def test_prose_joins_wrapped_lines() -> None:
    text = "本报告根据本市政府信\n\n息公开有关工作制度 2023 年 1 月 1 日。 See Windows 10\n更新"
    first = text.index("\n")
    second = text.index("息")
    last = text.index("\n更新")
    norm, offsets = normalize_prose(text, [(0, first), (second, last), (last + 1, len(text))])
    assert norm == "本报告根据本市政府信息公开有关工作制度2023年1月1日。See Windows 10更新"
    mapped = back(text, norm, offsets)
    assert mapped.replace(" ", "") == norm.replace(" ", "")
    i = norm.index("信息")
    assert offsets.to_original(i) == text.index("信")
    assert offsets.to_original(i + 1) == second
    assert offsets.to_original_end(len(norm)) == len(text)


def test_prose_folds_unless_told_the_text_is_folded() -> None:
    assert normalize_prose("（一）主动", [(0, 5)])[0] == "(一)主动"
    assert normalize_prose("（一）主动", [(0, 5)], folded=True)[0] == "（一）主动"


def test_table_region_joins_labels_and_keeps_cell_separators() -> None:
    text = (
        "三、本\n年度办\n理结果\n\n（一）予以公开 10 3\n- 3 -\n0\n"
        "|---|---|\n| 规章 |  | 0 |\n行政许可\t0\t\t\n"
    )
    norm, offsets = normalize_table(text, 0, len(text))
    assert norm.startswith("三、本年度办理结果(一)予以公开 10 3\n")
    assert "- 3 -" not in norm and "---" not in norm
    assert "| 规章 |  | 0 |" in norm
    assert "行政许可\t0\t\t" in norm
    mapped = back(text, norm, offsets)
    for a, b in zip(norm, mapped, strict=True):
        assert a == b or a == " " or fold(b) == a


def test_footer_lines() -> None:
    for line in ("- 3 -", "— 12 —", "第 3 页 共 9 页", "第3页", "3/9", "  －４－  "):
        assert is_footer_line(line), line
    for line in ("3.其他", "2023年", "- 3 - 其他", "规章 0 0 0"):
        assert not is_footer_line(line), line


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="政府信息 \t\n\r（）12|/—。a", max_size=60))
def test_maps_always_point_at_the_same_character(text: str) -> None:
    norm, offsets = normalize_table(text, 0, len(text))
    for i, ch in enumerate(norm):
        original = text[offsets.to_original(i)]
        # page footers ("1/2") are blanked in place
        assert ch == original or fold(original) == ch or ch == " "
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    norm, offsets = normalize_prose(text, lines)
    for i, ch in enumerate(norm):
        original = text[offsets.to_original(i)]
        assert ch == fold(original) or (ch == " " and not original.strip())


def test_prose_ranges_are_clamped_to_the_text() -> None:
    text = "中文 ab"
    norm, offsets = normalize_prose(text, [(-3, 2), (3, 99)])
    assert norm == "中文ab"
    assert offsets.to_original(2) == text.index("a")
    assert offsets.to_original_end(len(norm)) == len(text)
    assert normalize_prose(text, [(4, 2)])[0] == ""
