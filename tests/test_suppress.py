"""Inline suppression comments in Markdown reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from giar_lint.diagnostics import Diagnostic
from giar_lint.model.source import SourceText
from giar_lint.suppress import apply_suppressions, filter_suppressed, is_markdown, parse_directives

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def finding(text: str, needle: str, code: str, occurrence: int = 0) -> Diagnostic:
    """A finding of ``code`` on the ``occurrence``-th appearance of ``needle`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    span = SourceText("r.md", text).span(start, start + len(needle))
    return Diagnostic(code, code.lower(), "warning", "消息", span, path="r.md")


def codes(diags: list[Diagnostic]) -> list[tuple[str, int]]:
    return [(d.code, d.span.line) for d in diags]


DOC = """# 某县人民政府办公室2023年政府信息公开工作年度报告

## 一、总体情况

甲段落 国办函(2020)109号。

<!-- giar-lint: disable=R601,C5 -->

乙段落 国办函(2020)109号，收到申请45件。

<!-- giar-lint: enable=R601 -->

丙段落 国办函(2020)109号，收到申请45件。

<!-- giar-lint: enable -->

丁段落 收到申请45件。
"""


def test_region_disable_and_enable_by_code_and_prefix() -> None:
    diags = [
        finding(DOC, "(2020)", "R601", 0),
        finding(DOC, "(2020)", "R601", 1),
        finding(DOC, "45件", "C501", 0),
        finding(DOC, "(2020)", "R601", 2),
        finding(DOC, "45件", "C501", 1),
        finding(DOC, "45件", "C501", 2),
    ]
    kept = filter_suppressed(DOC, diags)
    # 乙: both silenced; 丙: R601 re-enabled, C501 still silenced by the C5 prefix; 丁: all back.
    assert codes(kept) == [("R601", 5), ("R601", 13), ("C501", 17)]


def test_bare_disable_silences_everything_and_enable_code_reopens_one() -> None:
    text = "甲 a\n<!-- giar-lint: disable -->\n乙 a b\n<!-- giar-lint: enable=S106 -->\n丙 a b\n"
    diags = [
        finding(text, " a", "A301", 0),
        finding(text, " a", "A301", 1),
        finding(text, " b", "S106", 0),
        finding(text, " a", "A301", 2),
        finding(text, " b", "S106", 1),
    ]
    assert codes(filter_suppressed(text, diags)) == [("A301", 1), ("S106", 5)]


def test_disable_until_end_of_file() -> None:
    text = "甲 X\n<!--giar-lint:disable=c501-->\n乙 X\n\n丙 X\n"
    diags = [finding(text, "X", "C501", i) for i in range(3)]
    assert codes(filter_suppressed(text, diags)) == [("C501", 1)]


def test_disable_next_line_skips_blank_lines_and_only_hits_one_line() -> None:
    text = (
        "<!-- giar-lint: disable-next-line=S106 -->\n"
        "\n"
        "一、主动公开情况 (2020)\n"
        "二、依申请公开情况\n"
    )
    diags = [
        finding(text, "一、", "S106"),
        finding(text, "(2020)", "R601"),
        finding(text, "二、", "S106"),
    ]
    assert codes(filter_suppressed(text, diags)) == [("R601", 3), ("S106", 4)]


def test_disable_next_line_without_codes_silences_all_codes_of_that_line() -> None:
    text = "<!-- giar-lint: disable-next-line -->\n甲 A B\n乙 A\n"
    diags = [finding(text, "A", "A301"), finding(text, "B", "C501"), finding(text, "A", "A301", 1)]
    assert codes(filter_suppressed(text, diags)) == [("A301", 3)]


def test_comments_in_fenced_code_are_text() -> None:
    text = "```\n<!-- giar-lint: disable -->\n```\n甲 X\n"
    assert parse_directives(text) == []
    diags = [finding(text, "X", "R601")]
    assert filter_suppressed(text, diags) == diags


def test_malformed_comments_are_ignored() -> None:
    text = "<!-- giar-lint: disabled=R601 -->\n<!-- giar-lint disable -->\n甲 X\n"
    diags = [finding(text, "X", "R601")]
    assert filter_suppressed(text, diags) == diags


def test_comment_over_several_lines() -> None:
    text = "<!--\n  giar-lint: disable-next-line=R601,\n  C501\n-->\n甲 X Y\n乙 X\n"
    diags = [finding(text, "X", "R601"), finding(text, "Y", "C501"), finding(text, "X", "R601", 1)]
    assert codes(filter_suppressed(text, diags)) == [("R601", 6)]


def test_directive_positions() -> None:
    text = "甲\n\n  <!-- giar-lint: disable = R601 , C501 -->\n"
    (d,) = parse_directives(text)
    assert (d.action, d.codes, d.line) == ("disable", ("R601", "C501"), 3)
    assert text[d.start : d.end].startswith("<!--") and text[d.start : d.end].endswith("-->")


@pytest.mark.parametrize(
    ("path", "expected"),
    [("a/report.md", True), ("R.MD", True), ("x.markdown", True), ("r.txt", False), ("-", False)],
)
def test_only_markdown_files(path: str, expected: bool) -> None:
    assert is_markdown(path) is expected


def test_plain_text_reports_ignore_comments() -> None:
    text = "<!-- giar-lint: disable -->\n甲 X\n"
    diags = [finding(text, "X", "R601")]
    assert apply_suppressions("report.txt", text, diags) == diags
    assert apply_suppressions("report.md", text, diags) == []


def test_seed_report_as_markdown_with_a_suppressed_finding() -> None:
    seed = (SEEDS / "004_006a45e46abc384b.txt").read_text(encoding="utf-8")
    marker = "<!-- giar-lint: disable-next-line=S103 -->\n"
    second = seed.index("一、总体情况", seed.index("一、总体情况") + 1)
    text = seed[:second] + marker + seed[second:]
    diags = [
        finding(text, "一、总体情况", "S103", 1),
        finding(text, "平顶山市人民政府办公室", "C503"),
    ]
    assert [d.code for d in apply_suppressions("004.md", text, diags)] == ["C503"]


def test_command_line_honours_comments_in_markdown_only(tmp_path: Path) -> None:
    seed = (SEEDS / "004_006a45e46abc384b.txt").read_text(encoding="utf-8")
    second = seed.index("一、总体情况", seed.index("一、总体情况") + 1)
    text = seed[:second] + "<!-- giar-lint: disable-next-line=S103 -->\n" + seed[second:]
    text = text.replace("现发布《", "<!-- giar-lint: disable=C5 -->现发布《", 1)
    (tmp_path / "report.md").write_text(text, encoding="utf-8")
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")

    def codes_of(name: str) -> set[str]:
        proc = subprocess.run(
            [sys.executable, "-m", "giar_lint", "check", name, "--exit-zero"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        return {line.split(": ", 1)[1].split(" ", 1)[0] for line in proc.stdout.splitlines()}

    plain = codes_of("report.txt")
    assert {"S103", "C501", "C503", "F402"} <= plain
    markdown = codes_of("report.md")
    assert "F402" in markdown
    assert not {"S103", "C501", "C503"} & markdown
