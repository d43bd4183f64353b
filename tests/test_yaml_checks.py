"""The built-in YAML rules on real reports: exact on the seeds, year- and format-aware, silent
when they cannot decide, and with fixes that change only the reported text."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from giar_lint.diagnostics import Diagnostic
from giar_lint.parse import parse_result, parse_text
from giar_lint.read.decode import read_text_bytes
from giar_lint.rules.yaml import YamlRule, load_rule_file, load_rule_paths

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


@cache
def rules() -> tuple[YamlRule, ...]:
    return tuple(load_rule_paths([ROOT / "rules"]))


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def run(text: str, codes: tuple[str, ...] | None = None) -> list[Diagnostic]:
    report = parse_text(text, "report.txt")
    out: list[Diagnostic] = []
    for rule in rules():
        if codes is None or rule.meta.code in codes:
            out.extend(rule.check(report))
    return sorted(out, key=lambda d: (d.span.start, d.code))


def codes(text: str) -> Counter[str]:
    return Counter(d.code for d in run(text))


# ------------------------------------------------------------------- exact on the seeds


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_clean_seeds_give_no_yaml_finding(prefix: str) -> None:
    assert run(seed(prefix)) == []


def test_seed_004_gives_exactly_s103_and_f402_at_their_lines() -> None:
    text = seed("004")
    found = run(text)
    assert Counter(d.code for d in found) == Counter({"S103": 1, "F402": 1})
    lines = text.split("\n")
    s103 = next(d for d in found if d.code == "S103")
    assert lines[s103.span.line - 1] == "一、总体情况"
    assert s103.span.line == 9 and "第一次在第 5 行" in s103.message
    f402 = next(d for d in found if d.code == "F402")
    assert "信息处理费" in lines[f402.span.line - 1]
    assert text[f402.span.start : f402.span.end] == "处理费"


# ------------------------------------------------------------------- fee rules


def test_citation_split_over_a_blank_line_counts() -> None:
    text = seed("002")
    assert "国办函\n\n〔2020〕109号" in text.replace("\r\n", "\n").replace("109 号", "109号")
    assert "F402" not in codes(text)


def test_spaced_and_wrapped_citation_counts() -> None:
    text = seed("003").replace("（国办函〔2020〕109号）", "（国办函 〔 2020 〕\n109 号）")
    assert "F402" not in codes(text)


def test_removed_citation_gives_f402_only() -> None:
    text = seed("003").replace("（国办函〔2020〕109号）", "")
    assert codes(text) == Counter({"F402": 1})


def test_removed_fee_statement_gives_f401() -> None:
    text = seed("003")
    start = text.index("依据《国务院办公厅关于印发<政府信息公开信息处理费管理办法>")
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    text = text[:start] + "本年度无其他需要报告的事项。" + text[end:]
    found = run(text)
    assert [d.code for d in found] == ["F401"]
    assert found[0].span.line == text[: text.index("六、其他需要报告的事项")].count("\n") + 1


def test_fee_rules_do_not_apply_before_2021() -> None:
    text = seed("003").replace("（国办函〔2020〕109号）", "").replace("2024 年政府", "2020 年政府")
    assert parse_text(text).year == 2020
    assert "F402" not in codes(text)


# ------------------------------------------------------------------- structure rules


def test_dropped_heading_gives_s101_at_the_next_part() -> None:
    text = seed("003").replace("五、存在的主要问题及改进情况\n", "")
    found = [d for d in run(text) if d.code == "S101"]
    assert len(found) == 1
    assert "第五部分" in found[0].message
    assert text.split("\n")[found[0].span.line - 1] == "六、其他需要报告的事项"


def test_swapped_parts_give_one_s102() -> None:
    text = seed("003")
    five = text.index("五、存在的主要问题及改进情况")
    six = text.index("六、其他需要报告的事项")
    swapped = text[:five] + text[six:].rstrip("\n") + "\n\n" + text[five:six]
    found = run(swapped)
    assert [d.code for d in found] == ["S102"]
    assert "第五部分" in found[0].message


def test_nonstandard_title_gives_s104() -> None:
    text = seed("003").replace(
        "四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政法复议、行政诉讼情况"
    )
    assert [d.code for d in run(text)] == ["S104"]


def test_missing_overview_aspect_gives_s105() -> None:
    text = seed("003")
    start = text.index("(三) 政府信息管理情况")
    end = text.index("\n", start)
    found = run(text[:start] + text[end:])
    assert [d.code for d in found] == ["S105"]
    assert "“政府信息管理”" in found[0].message
    assert text.split("\n")[found[0].span.line - 1] == "一、总体情况"


def test_problems_part_without_improvements_gives_s109() -> None:
    text = seed("004")
    start = text.index("五、存在的主要问题及改进情况")
    end = text.index("六、其他需要报告的事项")
    text = (
        text[:start] + "五、存在的主要问题及改进情况\n\n本年度工作取得较好成效。\n\n" + text[end:]
    )
    found = [d for d in run(text) if d.code == "S109"]
    assert len(found) == 2


# ------------------------------------------------------------------- arithmetic rules


def test_changed_cell_gives_a301_and_a302_at_the_totals() -> None:
    text = seed("003")
    old = "四、结转下年度继续办理\t\t109\t"
    assert old in text
    text = text.replace(old, "四、结转下年度继续办理\t\t110\t")
    found = run(text)
    assert Counter(d.code for d in found) == Counter({"A301": 1, "A302": 1})
    a301 = next(d for d in found if d.code == "A301")
    assert a301.message == (
        "表三“自然人”列：本年新收(1121)+上年结转(24)=1145，但办理结果总计(1036)+结转下年度(110)=1146"
    )
    assert text[a301.span.start : a301.span.end] == "1036"
    a302 = next(d for d in found if d.code == "A302")
    assert a302.message == "表三“结转下年度继续办理”行：总计为109，但六类申请人之和为110，相差1"
    line = text.split("\n")[a302.span.line - 1]
    assert (
        line.startswith("四、结转下年度继续办理") and text[a302.span.start : a302.span.end] == "109"
    )


@pytest.mark.parametrize("cell", ["abc", "1O9", "?"])
def test_unreadable_cell_silences_the_arithmetic(cell: str) -> None:
    old = "四、结转下年度继续办理\t\t109\t0\t0\t0\t0\t0\t109"
    text = seed("003")
    assert old in text
    text = text.replace(old, f"四、结转下年度继续办理\t\t109\t0\t{cell}\t0\t0\t0\t109")
    assert not [d for d in run(text) if d.code.startswith("A3")]


def test_row_with_a_missing_number_silences_the_arithmetic() -> None:
    text = seed("000")
    old = "四、结转下年度继续办理 0 0 0 0 0 0 0"
    assert old in text
    assert not [
        d for d in run(text.replace(old, "四、结转下年度继续办理 0 0 0 0 0 0")) if d.code[0] == "A"
    ]


def test_blank_cells_count_as_zero() -> None:
    text = seed("004")
    old = "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"
    assert old in text
    assert not [d for d in run(text.replace(old, old.replace("\t0", "\t/"))) if d.code[0] == "A"]
    bad = text.replace(old, "二、上年结转政府信息公开申请数量\t\t/\t/\t/\t/\t/\t/\t1")
    assert {d.code for d in run(bad)} >= {"A301", "A302"}


def test_review_group_total_gives_a304() -> None:
    text = seed("004")
    old = "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"
    assert text.count(old) == 1
    found = run(text.replace(old, "10\t1\t0\t0\t0\t0\t0\t0\t0\t0\t5\t0\t0\t0\t0"))
    a304 = [d for d in found if d.code == "A304"]
    assert [d.message for d in a304] == [
        "表四“行政复议”：结果维持(10)+结果纠正(1)+其他结果(0)+尚未审结(0)=11，但总计为0",
        "表四“行政诉讼·复议后起诉”：结果维持(5)+结果纠正(0)+其他结果(0)+尚未审结(0)=5，但总计为0",
    ]


# ------------------------------------------------------------------- citations and fixes


def apply_fixes(text: str, found: list[Diagnostic]) -> str:
    edits = sorted(
        (e for d in found if d.fix for e in d.fix.edits), key=lambda e: e.span.start, reverse=True
    )
    for edit in edits:
        text = text[: edit.span.start] + edit.content + text[edit.span.end :]
    return text


def test_bracket_fix_changes_only_the_reported_span() -> None:
    text = seed("003")
    broken = text.replace("国办函〔2020〕109号", "国办函（2020）109号").replace(
        "国办公开办函〔2021〕30", "国办公开办函[2021]30"
    )
    found = [d for d in run(broken) if d.code == "R601"]
    spans = [broken[d.span.start : d.span.end] for d in found]
    assert sorted(spans) == sorted(
        ["（2020）"] * text.count("国办函〔2020〕109号")
        + ["[2021]"] * text.count("国办公开办函〔2021〕30")
    )
    assert all(d.fix and len(d.fix.edits) == 1 and d.fix.edits[0].span == d.span for d in found)
    assert apply_fixes(broken, found) == text


def test_citation_fix_across_spaces() -> None:
    text = seed("004")
    broken = text.replace("（国务院令第 711 号）", "（国务院令第 771 号）").replace(
        "《中华人民共和国政府信息公开条例》", "《中华人民共和国信息公开条例》"
    )
    found = [d for d in run(broken) if d.code == "R602"]
    assert len(found) == 2
    fixed = apply_fixes(broken, found)
    assert "国务院令第711号" in fixed and "《中华人民共和国政府信息公开条例》" in fixed
    assert not [d for d in run(fixed) if d.code == "R602"]
    assert fixed.replace("国务院令第711号", "国务院令第 711 号") == text


def test_round_brackets_around_an_order_number_are_not_a_document_number() -> None:
    assert "R601" not in codes(seed("004"))  # （国务院令第 711 号）


# ------------------------------------------------------------------- formats and years


OLD_2007 = """某县人民政府2010年政府信息公开工作年度报告

一、概述
本年度本县认真贯彻落实《中华人民共和国政府信息公开条例》。
二、主动公开政府信息情况
本年度主动公开政府信息1200条。
三、依申请公开政府信息情况
本年度收到申请12件。
四、政府信息公开的收费及减免情况
本年度未收取任何费用。
五、因政府信息公开申请行政复议、提起行政诉讼的情况
本年度无。
六、政府信息公开工作存在的主要问题和改进措施
存在问题是公开不够及时。
"""


def test_2007_layout_gets_nothing_from_yaml_rules() -> None:
    assert parse_text(OLD_2007).format == "2007"
    assert run(OLD_2007) == []


@pytest.mark.parametrize(
    "data", [b"", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), b"   \n\n"]
)
def test_unreadable_or_empty_input_gets_nothing(data: bytes) -> None:
    report = parse_result(read_text_bytes(data, "r.txt"), "r.txt")
    assert not report.readable
    assert [d for rule in rules() for d in rule.check(report)] == []


def test_2019_format_in_a_2020_report_is_fine_but_not_in_2023() -> None:
    example = next(r for r in rules() if r.meta.code == "S107").meta.examples_fail[0]
    assert [d.code for d in run(example.replace("2023年", "2020年"), ("S107",))] == []
    assert len(run(example, ("S107",))) >= 5


def test_unknown_year_keeps_year_bound_rules_silent() -> None:
    text = seed("003").replace("（国办函〔2020〕109号）", "")
    text = text.replace(
        "周口市人民政府办公室 2024 年政府信息公开工作年度报告", "政府信息公开工作年度报告"
    )
    report = parse_text(text)
    assert report.year is None
    assert "F402" not in codes(text)


def test_example_rule_pack_loads_beside_the_builtins() -> None:
    pack = load_rule_paths([ROOT / "rules", ROOT / "examples" / "provincial-rules"])
    own = [r.meta.code for r in pack if r.meta.code.startswith("HN")]
    assert len(own) >= 3
    assert len({r.meta.code for r in pack}) == len(pack)
    (henan,) = (ROOT / "examples" / "provincial-rules").glob("*.yaml")
    assert {r.meta.source for r in load_rule_file(henan)} == {str(henan)}


def test_subtotal_rows_are_checked_by_a302_and_a305() -> None:
    example = next(r for r in rules() if r.meta.code == "A305").meta.examples_pass[0]
    good = "（三）不予公开 1 0 0 0 0 0 1"
    assert good in example
    assert not [d for d in run(example) if d.code[0] == "A"]
    found = run(
        example.replace(good, "（三）不予公开 1 0 0 0 0 0 2"), ("A301", "A302", "A303", "A305")
    )
    assert Counter(d.code for d in found) == Counter({"A302": 1, "A305": 1})
    a302 = next(d for d in found if d.code == "A302")
    assert a302.message == "表三“不予公开”行：总计为2，但六类申请人之和为1，相差1"


def test_rules_survive_pickling_for_the_on_disk_cache() -> None:
    import pickle

    copies = pickle.loads(pickle.dumps(list(rules())))
    report = parse_text(seed("004"), "report.txt")
    original = [d for rule in rules() for d in rule.check(report)]
    again = [d for rule in copies for d in rule.check(report)]
    assert again == original and len(again) == 2


def single_row_other(example: str, values: str = "0 0 0 0 0 0 0") -> str:
    """Table 三 of an example in the 2019 trial format: （六）其他处理 as one row of numbers."""
    lines = example.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("（六）其他处理"))
    return "\n".join([*lines[:start], f"（六）其他处理 {values}", *lines[start + 4 :]])


def test_old_format_rows_give_s107_only_from_2021_on() -> None:
    text = seed("004").replace("行政规范性文件\t3", "规范性文件\t3")
    (found,) = run(text, ("S107",))
    assert (
        "“规范性文件”" in found.message and text[found.span.start : found.span.end] == "规范性文件"
    )

    example = next(r for r in rules() if r.meta.code == "A303").meta.examples_pass[0]
    old = single_row_other(example)
    assert parse_text(old).tables.applications.format == "2019"
    (found,) = run(old, ("S107",))
    assert "（六）其他处理" in found.message
    assert run(old.replace("2023年", "2020年"), ("S107",)) == []


def test_identities_hold_in_the_2019_format_with_its_single_other_row() -> None:
    example = next(r for r in rules() if r.meta.code == "A303").meta.examples_pass[0]
    old = single_row_other(example).replace("2023年", "2020年")
    arithmetic = ("A301", "A302", "A303", "A305")
    assert run(old, arithmetic) == []
    # One more application handled as 其他处理 breaks the result total of that column.
    found = run(single_row_other(example, "1 0 0 0 0 0 1").replace("2023年", "2020年"), arithmetic)
    assert {d.code for d in found} == {"A303"}
    first = found[0].message
    assert first == "表三“自然人”列：（七）总计为10，但各项办理结果之和为11，相差1"
