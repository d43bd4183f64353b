"""Every example of every YAML rule file is a test: the built-in rules under ``rules/`` and the
example provincial rule pack under ``examples/provincial-rules/``.

A ``fail`` example must produce at least one finding of its rule's code, a ``pass`` example none.
Each example is parsed by the real parser and checked by that one rule alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from giar_lint.parse import parse_text
from giar_lint.rules.yaml import load_rule_paths

ROOT = Path(__file__).resolve().parent.parent
RULE_PACKS = (ROOT / "rules", ROOT / "examples" / "provincial-rules")


def _cases() -> list[object]:
    cases = []
    for pack in RULE_PACKS:
        for rule in load_rule_paths([pack]):
            for kind, examples in (
                ("pass", rule.meta.examples_pass),
                ("fail", rule.meta.examples_fail),
            ):
                for i, text in enumerate(examples):
                    cases.append(pytest.param(rule, kind, text, id=f"{rule.meta.code}-{kind}-{i}"))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("rule", "kind", "text"), CASES)
def test_rule_example(rule, kind: str, text: str) -> None:
    report = parse_text(text, f"<{rule.meta.code} {kind} example>")
    findings = [d for d in rule.check(report) if d.code == rule.meta.code]
    shown = "\n".join(f"{d.span.line}:{d.span.column}: {d.message}" for d in findings)
    if kind == "fail":
        assert findings, f"{rule.meta.code}: the failing example produced no finding"
    else:
        assert not findings, f"{rule.meta.code}: the passing example produced findings:\n{shown}"


def test_every_rule_has_examples_of_both_kinds() -> None:
    seen = set()
    for pack in RULE_PACKS:
        for rule in load_rule_paths([pack]):
            assert rule.meta.examples_pass and rule.meta.examples_fail, rule.meta.code
            seen.add(rule.meta.code)
    # Every YAML code of the catalogue is shipped (rules.md, kind "YAML").
    builtin = {
        "S101", "S102", "S103", "S104", "S105", "S107", "S109",
        "A301", "A302", "A303", "A304", "A305", "F401", "F402", "R601", "R602",
    }  # fmt: skip
    assert builtin <= seen
    assert len(CASES) >= 2 * len(seen)


def test_fail_examples_point_inside_the_example() -> None:
    for rule in load_rule_paths([RULE_PACKS[0]]):
        for text in rule.meta.examples_fail:
            report = parse_text(text, "<example>")
            for d in rule.check(report):
                assert 0 <= d.span.start <= d.span.end <= len(text)
                assert 1 <= d.span.line <= text.count("\n") + 1
