"""Parts numbered （一）总体情况 … （六）其他需要报告的事项, as some reports number them.

Each seed is renumbered that way (its part headings only, Markdown marks kept): it must parse to
the same parts, sub-headings, paragraphs and tables, and ``giar-lint check`` must report the same
findings. A parenthesised numeral stays a sub-heading numeral everywhere else.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_FILES

from giar_lint.model.report import Report
from giar_lint.output.parse_json import report_to_json
from giar_lint.parse import parse_text
from giar_lint.parse.headings import match_part_heading
from giar_lint.read.normalize import fold

_DUN_HEAD = re.compile(r"^(?P<marks>#*[ \t]*)(?P<numeral>[一二三四五六])、")


def paren_parts(text: str, left: str = "（", right: str = "）") -> tuple[str, int]:
    """The text with each 一、-numbered part heading renumbered （一）, and how many were."""
    out: list[str] = []
    changed = 0
    for line in text.split("\n"):
        m = _DUN_HEAD.match(line)
        if m is not None and match_part_heading(fold(line)) is not None:
            line = f"{m['marks']}{left}{m['numeral']}{right}{line[m.end() :]}"
            changed += 1
        out.append(line)
    return "\n".join(out), changed


def structure(report: Report) -> dict[str, Any]:
    """Everything the parser read, without source offsets (a heading grew by one character)."""
    out = report_to_json(report)
    out.pop("path")
    out["title"] = report.title.text if report.title else None
    out["part_detail"] = [
        (
            p.key,
            p.numeral,
            p.title,
            p.title_kind,
            p.heading_span.line,
            [(s.style, s.number, s.text, s.span.line) for s in p.subheadings],
            [para.text for para in p.paragraphs],
        )
        for p in report.parts
    ]
    out["cells"] = {
        t.kind: {k: [(c.value, c.status, c.raw) for c in r.cells] for k, r in t.rows.items()}
        for t in report.tables
    }
    return out


@pytest.mark.parametrize("name", SEED_FILES)
def test_parenthesised_part_numerals_parse_like_the_seed(name: str, seeds: dict[str, str]) -> None:
    original = parse_text(seeds[name], "seed")
    text, changed = paren_parts(seeds[name])
    assert changed >= 6
    renumbered = parse_text(text, "seed")
    assert [p.key for p in renumbered.parts] == [p.key for p in original.parts]
    assert structure(renumbered) == structure(original)
    for part in renumbered.parts:
        heading = text[part.heading_span.start : part.heading_span.end]
        assert heading.lstrip("#* ").startswith(f"（{part.numeral}）"), heading


def test_half_width_spaced_and_bold_forms(seeds: dict[str, str]) -> None:
    base = seeds["003_8a3103fe368513da.txt"]
    text, _ = paren_parts(base, "(", ") ")
    text = text.replace("(二) 主动公开政府信息情况", "**(二) 主动公开政府信息情况**")
    text = text.replace("(五) 存在的主要问题及改进情况", "( 五 ) 存在的主要问题及改进情况。")
    report = parse_text(text)
    assert [(p.number, p.numeral, p.title_kind) for p in report.parts] == [
        (1, "一", "template"),
        (2, "二", "template"),
        (3, "三", "template"),
        (4, "四", "template"),
        (5, "五", "template"),
        (6, "六", "template"),
    ]
    assert structure(report)["cells"] == structure(parse_text(base))["cells"]


def test_variant_title_under_a_parenthesised_numeral(seeds: dict[str, str]) -> None:
    text, _ = paren_parts(seeds["003_8a3103fe368513da.txt"])
    text = text.replace("（一）总体情况", "（一）政府信息公开总体情况")
    part = parse_text(text).parts[0]
    assert (part.key, part.numeral, part.title_kind) == ("overview", "一", "variant")


def _keys_and_first_subheadings(report: Report) -> tuple[list[str], list[str]]:
    overview = report.part("overview")
    assert overview is not None
    return [p.key for p in report.parts], [s.text for s in overview.subheadings[:2]]


@pytest.mark.parametrize(
    "line",
    [
        "（一）主动公开情况",  # an ordinary sub-heading title
        "（一）主动公开政府信息情况",  # part 二's title under part 一's numeral
        "（三）收到和处理政府信息公开申请情况",
    ],
)
def test_parenthesised_part_titles_with_another_numeral_stay_subheadings(
    line: str, seeds: dict[str, str]
) -> None:
    base = seeds["003_8a3103fe368513da.txt"]
    text = base.replace("\n(一) 主动公开情况。", f"\n{line}\n\n(一) 主动公开情况。", 1)
    assert text != base
    keys, subs = _keys_and_first_subheadings(parse_text(text))
    assert keys == ["overview", "disclosure", "applications", "review", "problems", "other"]
    assert subs[0] == line.replace("（", "(").replace("）", ")")


def test_parenthesised_part_title_inside_a_report_numbered_with_dun(
    seeds: dict[str, str],
) -> None:
    # （一）总体情况 opening part 一 of a report whose parts are numbered 一、…六、
    base = seeds["000_80769d72cf641a83.txt"]
    text = base.replace("一、总体情况\n", "一、总体情况\n\n（一）总体情况\n", 1)
    report = parse_text(text)
    keys, subs = _keys_and_first_subheadings(report)
    assert keys == ["overview", "disclosure", "applications", "review", "problems", "other"]
    assert subs == ["(一)总体情况", "(一)主动公开情况"]
    assert structure(report)["cells"] == structure(parse_text(base))["cells"]


_FINDING = re.compile(r"^.*?[/\\](?P<group>original|renumbered)[/\\](?P<rest>.+)$")


def test_check_reports_the_same_findings(seeds: dict[str, str], tmp_path: Path) -> None:
    for name in SEED_FILES:
        for group, text in (("original", seeds[name]), ("renumbered", paren_parts(seeds[name])[0])):
            folder = tmp_path / group
            folder.mkdir(exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "giar_lint", "check", "--no-progress", "--exit-zero", "."],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found: dict[str, list[str]] = {"original": [], "renumbered": []}
    for line in proc.stdout.splitlines():
        m = _FINDING.match(line)
        if m is not None:
            found[m["group"]].append(m["rest"])
    assert found["original"], proc.stdout  # the seeds 001, 002 and 004 have findings
    assert sorted(found["renumbered"]) == sorted(found["original"])
