"""Output formats: SARIF against the official schema, and the details of the other formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from giar_lint.cli import main
from giar_lint.diagnostics import Diagnostic, Edit, Fix
from giar_lint.engine import FileResult
from giar_lint.model.source import SourceText
from giar_lint.output import concise, csv_out, full, github, json_out, sarif
from giar_lint.output.context import OutputContext
from giar_lint.rules.base import RuleMeta

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SEEDS = FIXTURES / "seeds"

TEXT = "标题\n\t第二行：国办函[2020]109号，𠀋字\n"
SOURCE = SourceText("报告/甲 乙.txt", TEXT)


def finding(start: int, end: int, **kw: object) -> Diagnostic:
    args: dict[str, object] = {
        "code": "R601",
        "name": "document-number-brackets",
        "severity": "warning",
        "message": "发文字号应使用六角括号",
        "span": SOURCE.span(start, end),
        "path": SOURCE.path,
    }
    args.update(kw)
    return Diagnostic(**args)  # type: ignore[arg-type]


START = TEXT.index("[")
FIXED = finding(
    START,
    START + 6,
    fix=Fix("改为〔2020〕", (Edit(SOURCE.span(START, START + 6), "〔2020〕"),)),
    data={"page": 3},
)
META = RuleMeta(
    "R601",
    "document-number-brackets",
    "warning",
    "发文字号的年份没有使用六角括号〔〕",
    "发文字号的年份用六角括号。",
    "GB/T 9704—2012",
    fixable=True,
)
CONTEXT = OutputContext(
    files={
        SOURCE.path: FileResult(
            SOURCE.path, [FIXED], text=TEXT, agency="某县人民政府办公室", year=2023
        )
    },
    rules={"R601": META},
    sources={"R601": "built-in"},
)


def render(module: object, diagnostics: list[Diagnostic]) -> str:
    out = io.StringIO()
    module.write(diagnostics, CONTEXT, out)  # type: ignore[attr-defined]
    return out.getvalue()


def test_concise_shows_page() -> None:
    (line,) = render(concise, [FIXED]).splitlines()
    col = START - TEXT.index("\n")
    assert line == f"报告/甲 乙.txt:2:{col}: R601 [warning] 发文字号应使用六角括号（第 3 页）"


def test_full_caret_lines_up_under_tabs_and_wide_characters() -> None:
    lines = render(full, [FIXED]).splitlines()
    assert lines[2] == "2 | \t第二行：国办函[2020]109号，𠀋字"
    # tab kept, then 第二行：国办函 = 7 wide characters = 14 columns, then [2020] = 6 columns
    assert lines[3] == "  | \t" + " " * 14 + "^" * 6
    assert lines[4] == "  = 可自动修复：改为〔2020〕"


def test_full_caret_for_an_empty_span_and_a_multi_line_span() -> None:
    empty = finding(0, 0)
    assert render(full, [empty]).splitlines()[3] == "  | ^"
    multi = finding(1, TEXT.index("第"))
    assert render(full, [multi]).splitlines()[3] == "  |   ^^"


def test_full_cuts_a_long_line_to_a_window_around_the_finding() -> None:
    """A paragraph on one line (seeds 003/004) is cut around the finding, carets still under it."""
    before, target, after = "甲" * 200, "国办函[2020]109号", "乙" * 200
    line = before + target + after
    source = SourceText("long.txt", line + "\n")
    start = len(before) + 3
    d = Diagnostic(
        "R601",
        "document-number-brackets",
        "warning",
        "m",
        source.span(start, start + 6),
        "long.txt",
    )
    context = OutputContext(
        files={"long.txt": FileResult("long.txt", [d], text=source.text)},
        rules={"R601": META},
        sources={"R601": "built-in"},
    )
    out = io.StringIO()
    full.write([d], context, out)
    shown, carets = out.getvalue().splitlines()[2:4]
    body = shown.removeprefix("1 | ")
    assert body.startswith("…甲") and body.endswith("乙…")
    assert full.display_width(body) <= full.MAX_WIDTH + 2
    # the carets sit under [2020]: one column for "…", two for each wide character before it
    lead = body.index("[")
    assert carets == "  | " + " " * full.display_width(body[:lead]) + "^" * 6


def test_github_escapes_properties_and_data() -> None:
    d = finding(0, 2, message="第一行\n第二行 100%", severity="info", path="a,b:c.txt")
    (line,) = render(github, [d]).splitlines()
    assert line == (
        "::notice file=a%2Cb%3Ac.txt,line=1,col=1,endLine=1,endColumn=3,title=R601::"
        "R601 [info] 第一行%0A第二行 100%25"
    )


def test_json_fix_and_page() -> None:
    (item,) = json.loads(render(json_out, [FIXED]))
    assert item["fix"] == {
        "message": "改为〔2020〕",
        "edits": [
            {
                "line": 2,
                "column": FIXED.span.column,
                "end_line": 2,
                "end_column": FIXED.span.column + 6,
                "content": "〔2020〕",
            }
        ],
    }
    assert item["page"] == 3


def test_csv_quotes_and_columns() -> None:
    d = finding(0, 2, message='含有逗号, 和"引号"')
    text = render(csv_out, [d, FIXED])
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == list(csv_out.COLUMNS)
    assert rows[1][rows[0].index("message")] == '含有逗号, 和"引号"'
    assert rows[2][rows[0].index("body")] == "某县人民政府办公室"
    assert rows[2][rows[0].index("page")] == "3"
    assert rows[2][rows[0].index("fixable")] == "yes"


def test_sarif_document_is_valid() -> None:
    document = json.loads(render(sarif, [FIXED, finding(0, 2)]))
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    run = document["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    (rule,) = run["tool"]["driver"]["rules"]
    assert rule["id"] == "R601" and rule["helpUri"].startswith("https://")
    assert rule["fullDescription"]["text"] == "发文字号的年份用六角括号。"
    result = run["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "%E6%8A%A5%E5%91%8A/%E7%94%B2%20%E4%B9%99.txt"
    assert result["level"] == "warning" and result["ruleIndex"] == 0
    assert result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {
        "text": "〔2020〕"
    }


def test_sarif_reports_failures_as_notifications() -> None:
    context = OutputContext(rules=CONTEXT.rules, errors=["rule X1 (x) failed on a.txt: boom"])
    out = io.StringIO()
    sarif.write([], context, out)
    document = json.loads(out.getvalue())
    jsonschema.validate(document, SCHEMA)
    (invocation,) = document["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"].startswith("rule X1")


def test_schema_rejects_a_broken_document() -> None:
    """The schema fixture is the real one: it does reject invalid SARIF."""
    document = json.loads(render(sarif, [FIXED]))
    document["runs"][0]["columnKind"] = "bytes"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)


def test_sarif_from_the_command_line_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--no-progress", "-q", "--output-format", "sarif", str(SEEDS)])
    out, _ = capsys.readouterr()
    assert code == 1
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    run = document["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"E001", "S101", "A301", "C504"} <= set(rule_ids)
    assert all(
        r["fullDescription"]["text"] and r["helpUri"] for r in run["tool"]["driver"]["rules"]
    )
    assert {r["ruleId"] for r in run["results"]} >= {"S103", "F402", "C501"}
    for r in run["results"]:
        assert rule_ids[r["ruleIndex"]] == r["ruleId"]
