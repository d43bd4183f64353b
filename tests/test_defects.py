"""Defects injected into the seed reports give exactly the right findings, and a report's
findings do not depend on its layout (wrapping, tabs or spaces, Markdown pipes, encoding).

These run the whole default rule pack (YAML and Python rules) through the engine."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from giar_lint.config import Config
from giar_lint.diagnostics import Diagnostic
from giar_lint.engine import Linter

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
NAMES = {
    "000": "000_80769d72cf641a83.txt",
    "001": "001_092edd9a71238ba5.txt",
    "002": "002_967c1590f64ec95c.txt",
    "003": "003_8a3103fe368513da.txt",
    "004": "004_006a45e46abc384b.txt",
}
#: The seeds' own findings (rules.md), as code → count.
BASELINE: dict[str, Counter[str]] = {
    "000": Counter(),
    "001": Counter({"C501": 1, "C502": 1}),
    "002": Counter({"S106": 1}),
    "003": Counter(),
    "004": Counter({"S103": 1, "C501": 1, "C503": 1, "F402": 1}),
}


@cache
def linter() -> Linter:
    return Linter(Config())


def seed(key: str) -> str:
    return (SEEDS / NAMES[key]).read_text(encoding="utf-8")


def lint(text: str, key: str = "000") -> list[Diagnostic]:
    result = linter().check_text(text, NAMES[key])
    assert not result.errors, result.errors
    return result.diagnostics


def codes(text: str, key: str = "000") -> Counter[str]:
    return Counter(d.code for d in lint(text, key))


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


@pytest.mark.parametrize("key", sorted(NAMES))
def test_baseline(key: str) -> None:
    assert codes(seed(key), key) == BASELINE[key]


# --- injected defects ----------------------------------------------------------------------


def test_changed_review_total() -> None:
    text = edit(seed("003"), "2\t0\t0\t1\t3\t0\t0", "2\t0\t0\t1\t4\t0\t0")
    assert codes(text, "003") == Counter({"A304": 1})


def test_changed_table_three_total_cell() -> None:
    # （一）予以公开 总计 81 → 82: the row no longer adds up, nor does the 总计 column.
    text = edit(seed("003"), "72\t0\t0\t0\t9\t0\t81", "72\t0\t0\t0\t9\t0\t82")
    assert codes(text, "003") == Counter({"A302": 1, "A303": 1})


def test_changed_count_in_the_text() -> None:
    text = edit(seed("003"), "办结 1267 条", "办结 1276 条")
    findings = [d for d in lint(text, "003")]
    assert [(d.code, d.span.line) for d in findings] == [("C501", 9)]
    assert "1276" in findings[0].message and "1267" in findings[0].message


def test_blank_cell() -> None:
    # 商业企业 of 2. 重复申请 left empty: read as 0 for the arithmetic, reported once.
    text = edit(seed("001"), "2. 重复申请\t5\t0\t", "2. 重复申请\t5\t\t")
    findings = lint(text, "001")
    assert Counter(d.code for d in findings) == BASELINE["001"] + Counter({"T204": 1})
    (blank,) = (d for d in findings if d.code == "T204")
    assert (blank.span.line, blank.severity) == (55, "warning")
    assert "商业企业" in blank.message


def test_dropped_part_heading() -> None:
    text = edit(seed("003"), "五、存在的主要问题及改进情况\n", "\n")
    assert codes(text, "003") == Counter({"S101": 1})


def test_swapped_parts() -> None:
    text = seed("003")
    five = text.index("五、存在的主要问题及改进情况")
    six = text.index("六、其他需要报告的事项")
    swapped = text[:five] + text[six:].rstrip("\n") + "\n\n" + text[five:six].rstrip("\n") + "\n"
    assert codes(swapped, "003") == Counter({"S102": 1})


def test_removed_citation() -> None:
    text = edit(seed("001"), "的通知（国办函〔2020〕109号）", "的通知")
    assert codes(text, "001") == BASELINE["001"] + Counter({"F402": 1})


def test_changed_title_year() -> None:
    text = edit(seed("002"), "焦作市人民政府2023年", "焦作市人民政府2024年")
    findings = lint(text, "002")
    assert Counter(d.code for d in findings) == Counter({"S106": 1, "C502": 2})
    assert sorted(d.span.line for d in findings if d.code == "C502") == [7, 9]


def test_removed_title() -> None:
    text = edit(seed("003"), "周口市人民政府办公室 2024 年政府信息公开工作年度报告\n", "\n")
    assert codes(text, "003") == Counter({"S108": 1})


def test_another_bodys_name_in_the_announcement() -> None:
    sentence = "现发布《郏县人民政府办公室2023年政府信息公开工作年度报告》。"
    text = edit(seed("000"), "（一）主动公开情况。", sentence + "\n\n（一）主动公开情况。")
    findings = lint(text, "000")
    assert [d.code for d in findings] == ["C503"]
    assert "郏县人民政府办公室" in findings[0].message


def test_own_name_in_the_announcement_is_fine() -> None:
    text = edit(seed("004"), "现发布《平顶山市人民政府办公室", "现发布《鲁山县人民政府办公室")
    assert codes(text, "004") == BASELINE["004"] - Counter({"C503": 1})


def test_fixed_defects_disappear() -> None:
    text = edit(seed("001"), "收到政府信息公开申请 45 件", "收到政府信息公开申请 24 件")
    text = edit(text, "(五) 监督保障：2022 年", "(五) 监督保障：2023 年")
    assert codes(text, "001") == Counter()


# --- layout does not matter ----------------------------------------------------------------


def findings_key(findings: list[Diagnostic]) -> Counter[tuple[str, str]]:
    return Counter((d.code, re.sub(r"\s+", "", d.message)) for d in findings)


def tabs_to_spaces(text: str) -> str:
    return re.sub(r"\t+", " ", text)


def markdown_pipes(text: str) -> str:
    out = []
    for line in text.split("\n"):
        if "\t" in line:
            line = "| " + " | ".join(cell.strip() for cell in line.split("\t")) + " |"
        out.append(line)
    return "\n".join(out)


def wrapped(text: str, width: int = 36) -> str:
    """Hard-wrap long prose lines as PDF text extraction does."""
    out = []
    for line in text.split("\n"):
        if "\t" in line or len(line) <= width:
            out.append(line)
            continue
        out.extend(line[i : i + width] for i in range(0, len(line), width))
    return "\n".join(out)


LAYOUTS = {
    "tabs-to-spaces": tabs_to_spaces,
    "markdown-pipes": markdown_pipes,
    "wrapped": wrapped,
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("key", sorted(NAMES))
def test_layout_does_not_change_findings(key: str, layout: str) -> None:
    original = lint(seed(key), key)
    changed = lint(LAYOUTS[layout](seed(key)), key)
    assert findings_key(changed) == findings_key(original)
    if layout != "wrapped":  # the same lines
        assert sorted((d.code, d.span.line) for d in changed) == sorted(
            (d.code, d.span.line) for d in original
        )


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
@pytest.mark.parametrize("key", sorted(NAMES))
def test_encoding_does_not_change_findings(key: str, encoding: str) -> None:
    original = lint(seed(key), key)
    result = linter().check_bytes(NAMES[key], seed(key).encode(encoding))
    assert not result.errors, result.errors
    assert sorted((d.code, d.span.line, d.span.column, d.message) for d in result.diagnostics) == (
        sorted((d.code, d.span.line, d.span.column, d.message) for d in original)
    )


def test_defect_is_found_in_every_layout() -> None:
    text = edit(seed("003"), "办结 1267 条", "办结 1276 条")
    for layout in LAYOUTS.values():
        assert codes(layout(text), "003") == Counter({"C501": 1}), layout.__name__
