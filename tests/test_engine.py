"""The engine: rule selection, post-processing, failing rules, fixes (with hand-built reports and
rules, so the engine is tested independently of the built-in rule set)."""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from giar_lint.config import Config, PathPattern
from giar_lint.diagnostics import Diagnostic, Edit, Fix
from giar_lint.engine import Linter, apply_fixes
from giar_lint.model.catalogue import PARTS
from giar_lint.model.report import ReadingProblem, Report, Tables
from giar_lint.model.source import SourceText
from giar_lint.plugins import RuleSet
from giar_lint.read.result import ReadResult
from giar_lint.rules.base import PythonRule, RuleMeta


def make_report(text: str, path: str = "r.txt", problems: Sequence[ReadingProblem] = ()) -> Report:
    return Report(
        source=SourceText(path, text),
        title=None,
        format="2021",
        parts=(),
        preamble=(),
        tables=Tables(),
        problems=tuple(problems),
    )


class WordRule(PythonRule):
    """Reports every occurrence of a word, with a fix replacing it."""

    def __init__(self, code: str, word: str, replacement: str | None = None, severity="warning"):
        self.meta = RuleMeta(code, f"word-{word}", severity, "s", "d", "b")
        self.word = word
        self.replacement = replacement

    def check(self, report: Report) -> Iterable[Diagnostic]:
        text = report.source.text
        start = text.find(self.word)
        while start != -1:
            span = report.source.span(start, start + len(self.word))
            fix = None
            if self.replacement is not None:
                fix = Fix("替换", (Edit(span, self.replacement),))
            yield self.diagnostic(report, span, f"出现“{self.word}”", fix)
            start = text.find(self.word, start + 1)


class CrashingRule(PythonRule):
    meta = RuleMeta("X999", "crash", "error", "s", "d", "b")

    def check(self, report: Report) -> Iterable[Diagnostic]:
        raise ZeroDivisionError("boom")


class InputRule(PythonRule):
    meta = RuleMeta("E901", "unreadable", "error", "s", "d", "b")

    def check(self, report: Report) -> Iterable[Diagnostic]:
        for p in report.problems:
            yield self.diagnostic(report, report.source.span(0, 0), p.message)


def ruleset(*rules: PythonRule) -> RuleSet:
    return RuleSet(
        tuple(sorted(rules, key=lambda r: r.meta.code)), (), {r.meta.code: "test" for r in rules}
    )


RULES = ruleset(WordRule("X101", "甲"), WordRule("X102", "乙"), WordRule("Y201", "丙", "丁"))


def codes(diags: Iterable[Diagnostic]) -> list[str]:
    return [d.code for d in diags]


def test_findings_sorted_by_position_and_paths_filled() -> None:
    linter = Linter(Config(), RULES)
    result = linter.check_report(make_report("丙乙\n甲甲\n"))
    assert codes(result.diagnostics) == ["Y201", "X102", "X101", "X101"]
    assert [(d.span.line, d.span.column) for d in result.diagnostics] == [
        (1, 1),
        (1, 2),
        (2, 1),
        (2, 2),
    ]
    assert all(d.path == "r.txt" for d in result.diagnostics)


def test_findings_of_one_code_at_one_place_keep_the_catalogue_order() -> None:
    # parts 二, 三, 四 and 六 are missing, all reported at part 五's heading: the messages must
    # come in the order of the parts, not in the order of their characters (三 < 二 < 六 < 四)
    text = (
        "某县人民政府办公室2023年政府信息公开工作年度报告\n\n"
        "一、总体情况\n本年度，我办按照要求开展工作。\n\n"
        "五、存在的主要问题及改进情况\n问题是宣传不够，改进措施是加强培训。\n"
    )
    result = Linter().check_text(text, "r.txt")
    missing = [d.message for d in result.diagnostics if d.code == "S101"]
    expected = [spec.template for spec in PARTS if spec.key not in ("overview", "problems")]
    assert len(missing) == len(expected) == 4
    assert [next(t for t in expected if t in m) for m in missing] == expected
    # the same for the five aspects of part 一, all reported at its heading
    aspects = [d.message for d in result.diagnostics if d.code == "S105"]
    assert len(aspects) == 5
    assert [m.split("“")[2].split("”")[0] for m in aspects] == [
        "主动公开",
        "依申请公开",
        "政府信息管理",
        "政府信息公开平台建设",
        "监督保障",
    ]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (Config(select=("X",)), ["X102", "X101"]),
        (Config(select=("X101",)), ["X101"]),
        (Config(ignore=("X",)), ["Y201"]),
        (Config(select=("X101",), ignore=("X",)), ["X101"]),  # more specific wins
        (Config(select=("X1",), ignore=("X1",)), []),  # a tie ignores
        (Config(select=("Y",), extend_select=("X102",)), ["Y201", "X102"]),
        (Config(severity={"X": "off"}), ["Y201"]),
    ],
)
def test_selection(config: Config, expected: list[str]) -> None:
    linter = Linter(config, RULES)
    assert codes(linter.check_report(make_report("丙乙甲")).diagnostics) == expected


def test_severity_override_longest_key_wins() -> None:
    config = Config(severity={"X": "error", "X102": "info"})
    result = Linter(config, RULES).check_report(make_report("甲乙丙"))
    assert {d.code: d.severity for d in result.diagnostics} == {
        "X101": "error",
        "X102": "info",
        "Y201": "warning",
    }


def test_per_file_ignores(tmp_path: Path) -> None:
    config = Config(per_file_ignores=((PathPattern(tmp_path, "drafts/*.txt"), ("X1",)),))
    linter = Linter(config, RULES)
    draft = str(tmp_path / "drafts" / "a.txt")
    final = str(tmp_path / "final" / "a.txt")
    assert codes(linter.check_report(make_report("甲丙", draft)).diagnostics) == ["Y201"]
    assert codes(linter.check_report(make_report("甲丙", final)).diagnostics) == ["X101", "Y201"]


def test_crashing_rule_is_reported_by_name_and_others_run() -> None:
    linter = Linter(Config(), ruleset(CrashingRule(), WordRule("X101", "甲")))
    result = linter.check_report(make_report("甲"))
    assert codes(result.diagnostics) == ["X101"]
    assert len(result.errors) == 1
    assert "X999 (crash)" in result.errors[0] and "ZeroDivisionError" in result.errors[0]
    assert "\n" not in result.errors[0]


def test_unreadable_report_gets_only_input_findings() -> None:
    linter = Linter(Config(), ruleset(InputRule(), WordRule("X101", "甲")))
    report = make_report("甲", problems=[ReadingProblem("binary", "二进制文件")])
    assert codes(linter.check_report(report).diagnostics) == ["E901"]


def test_duplicates_are_merged() -> None:
    linter = Linter(Config(), ruleset(WordRule("X101", "甲")))
    diags = linter.postprocess(
        linter.check_report(make_report("甲")).diagnostics * 2, "r.txt", "甲"
    )
    assert len(diags) == 1


def test_page_and_place_are_added_for_paged_inputs() -> None:
    linter = Linter(Config(), ruleset(WordRule("X101", "甲")))
    report = make_report("乙\n甲\n")
    result = ReadResult(text="乙\n甲\n", reader="docx", place_of_line=("段落 1", "表格 2 第 3 行"))
    checked = linter.check_report(report, result)
    assert checked.diagnostics[0].data["place"] == "表格 2 第 3 行"
    paged = make_report("乙\n甲\n")
    object.__setattr__(paged, "page_of_line", (1, 4))
    assert linter.check_report(paged).diagnostics[0].data["page"] == 4


def test_markdown_suppression_comments_apply() -> None:
    linter = Linter(Config(), ruleset(WordRule("X101", "甲")))
    text = "<!-- giar-lint: disable=X101 -->\n甲\n"
    assert linter.check_report(make_report(text, "a.md")).diagnostics == []
    assert codes(linter.check_report(make_report(text, "a.txt")).diagnostics) == ["X101"]


def test_apply_fixes_skips_overlapping_fixes() -> None:
    src = SourceText("t", "abcdef")
    d1 = Diagnostic(
        "X1", "n", "error", "m", src.span(0, 3), fix=Fix("f", (Edit(src.span(0, 3), "X"),))
    )
    d2 = Diagnostic(
        "X2", "n", "error", "m", src.span(2, 4), fix=Fix("f", (Edit(src.span(2, 4), "Y"),))
    )
    d3 = Diagnostic(
        "X3", "n", "error", "m", src.span(5, 6), fix=Fix("f", (Edit(src.span(5, 6), "Z"),))
    )
    text, count = apply_fixes(src.text, [d1, d2, d3])
    assert (text, count) == ("XdeZ", 2)


@pytest.mark.parametrize(
    ("encoding", "original", "expected"),
    [
        ("utf-8", "丙\r\n".encode(), "丁\r\n".encode()),
        ("utf-8-sig", codecs.BOM_UTF8 + "丙\r\n".encode(), codecs.BOM_UTF8 + "丁\r\n".encode()),
        ("gb18030", "丙\r\n".encode("gb18030"), "丁\r\n".encode("gb18030")),
        (
            "utf-16",
            codecs.BOM_UTF16_BE + "丙\r\n".encode("utf-16-be"),
            codecs.BOM_UTF16_BE + "丁\r\n".encode("utf-16-be"),
        ),
    ],
)
def test_fix_in_place_keeps_encoding_and_line_ends(
    tmp_path: Path, encoding: str, original: bytes, expected: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(original)
    linter = Linter(Config(), ruleset(WordRule("Y201", "丙", "丁")))

    def fake_parse(result: ReadResult, name: str) -> Report:
        return make_report(result.text, name)

    monkeypatch.setattr("giar_lint.engine._parse", fake_parse)
    monkeypatch.setattr(
        "giar_lint.plugins.read_input",
        lambda p, data: ReadResult(text=data.decode(encoding), encoding=encoding),
    )
    result = linter.check_file(path, fix=True)
    assert result.fixed == 1
    assert result.diagnostics == []
    assert path.read_bytes() == expected


SEED_TEXT = (Path(__file__).parent / "fixtures" / "seeds" / "004_006a45e46abc384b.txt").read_text(
    encoding="utf-8"
)


def test_any_input_gives_findings_never_an_error() -> None:
    """Fuzz the whole pipeline (readers, parser, every built-in rule) through the engine."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    linter = Linter(Config())
    lines = SEED_TEXT.splitlines(keepends=True)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.binary(max_size=400)
        | st.lists(st.sampled_from(lines), max_size=60).map(lambda ls: "".join(ls).encode())
        | st.tuples(st.integers(0, len(SEED_TEXT)), st.integers(0, 400), st.text(max_size=20)).map(
            lambda t: (SEED_TEXT[: t[0]] + t[2] + SEED_TEXT[t[0] + t[1] :]).encode(
                "utf-8", "replace"
            )
        )
    )
    def check(data: bytes) -> None:
        result = linter.check_bytes("fuzz.txt", data)
        assert result.errors == []
        for d in result.diagnostics:
            assert d.path == "fuzz.txt" and d.span.line >= 1 and d.span.column >= 1

    check()


def test_an_oversized_file_is_unreadable_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("giar_lint.engine.MAX_INPUT_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_bytes("正文".encode() * 400)
    result = Linter(Config()).check_file(big)
    assert [d.code for d in result.diagnostics] == ["E001"]
    assert "不是一份年度报告" in result.diagnostics[0].message
