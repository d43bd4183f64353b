"""Mangled reports never make a Python rule raise, and every finding points inside the text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giar_lint.builtin.python_rules import giar_lint_cross_report_rules, giar_lint_rules
from giar_lint.parse import parse_text

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]
RULES = list(giar_lint_rules())
CROSS = list(giar_lint_cross_report_rules())

_NOISE = st.sampled_from(
    ["", "/", "—", "-", "-3", "x", "3件", "\t", " ", "一、总体情况", "2022年，"]
)


@st.composite
def mangled(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "noise", "cut", "swap"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "noise":
            cells = lines[i].split("\t")
            j = draw(st.integers(0, len(cells) - 1))
            cells[j] = draw(_NOISE)
            lines[i] = "\t".join(cells)
        elif action == "cut":
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k]
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled(), mangled())
def test_rules_never_raise_and_point_inside(text: str, other: str) -> None:
    reports = [parse_text(text, "a.txt"), parse_text(other, "b.txt")]
    for report in reports:
        size = len(report.source.text)
        for rule in RULES:
            for finding in rule.check(report):
                assert 0 <= finding.span.start <= finding.span.end <= size
                assert finding.message
    for rule in CROSS:
        for finding in rule.check_reports(reports):
            assert finding.path in ("a.txt", "b.txt")
