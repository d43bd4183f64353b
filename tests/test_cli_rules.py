"""``giar-lint rules`` and ``giar-lint rule CODE``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from giar_lint.cli import main

ROOT = Path(__file__).parent.parent
PACK = ROOT / "examples" / "provincial-rules"
#: every code of the built-in catalogue (rules.md)
CATALOGUE = (
    "E001 S101 S102 S103 S104 S105 S106 S107 S108 S109 S110 T201 T202 T203 T204 "
    "A301 A302 A303 A304 A305 F401 F402 R601 R602 C501 C502 C503 C504"
).split()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_rules_lists_the_whole_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    rows = [line.split() for line in out.splitlines()]
    assert [r[0] for r in rows] == sorted(CATALOGUE)
    by_code = {r[0]: r for r in rows}
    assert by_code["A301"][1:4] == ["applications-balance", "error", "built-in"]
    assert by_code["S110"][2] == "info"
    assert "[fix]" in by_code["R601"] and "[cross-report]" in by_code["C504"]


def test_rules_json_with_a_rule_pack(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "rules", "--format", "json", "--rules", str(PACK))
    data = {r["code"]: r for r in json.loads(out)}
    assert code == 0
    assert set(CATALOGUE) < set(data)
    hn = [c for c in data if c.startswith("HN")]
    assert hn and all(data[c]["source"] == "examples/provincial-rules/henan.yaml" for c in hn)
    assert data["C504"]["cross_report"] is True and data["R602"]["fixable"] is True


def test_rules_from_a_configuration_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / ".giar-lint.yaml"
    config.write_text(f"rules: ['{PACK}']\n", encoding="utf-8")
    code, out, _ = run(capsys, "rules", "--config", str(config))
    assert code == 0 and "HN101" in out


def test_rule_explains_one_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rule", "r601")
    assert code == 0
    assert out.startswith("R601 document-number-brackets\n")
    for heading in ("检查什么、为什么", "依据", "不合格示例", "合格示例"):
        assert heading in out
    assert "可自动修复 (fixable): 是" in out and "GB/T 9704" in out
    code, out, _ = run(capsys, "rule", "A301")
    assert "可自动修复 (fixable): 否" in out and "国办公开办函〔2021〕30号" in out


def test_unknown_rule_suggests_close_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rule", "A31")
    assert (code, out) == (2, "")
    assert err.startswith("giar-lint: unknown rule 'A31' (did you mean ")


def test_broken_rule_file_and_config(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: X1\n    severity: fatal\n", encoding="utf-8")
    code, out, err = run(capsys, "rules", "--rules", str(bad))
    assert (code, out) == (2, "")
    assert err.startswith(f"{bad}:") and len(err.splitlines()) == 1
    config = tmp_path / "c.yaml"
    config.write_text("unknown: 1\n", encoding="utf-8")
    code, _, err = run(capsys, "rule", "A301", "--config", str(config))
    assert code == 2 and err.startswith(f"{config}:1:1: unknown key 'unknown'")


def test_rule_shows_what_makes_a_long_example_fail(capsys: pytest.CaptureFixture[str]) -> None:
    """A301's examples are whole tables: the page shows the differing row, not 30 equal ones,
    and what the rule reports on the failing example."""
    code, out, _ = run(capsys, "rule", "A301")
    assert code == 0
    failing = out.split("不合格示例 (failing example):")[1].split("合格示例")[0]
    assert "… （省略" in failing
    assert "四、结转下年度继续办理 1 0 0 0 3 0 4" in failing
    assert "-四、结转下年度继续办理 1 0 0 0 3 0 4" in out
    assert "+四、结转下年度继续办理 1 0 0 0 0 0 1" in out
    reported = out.split("what giar-lint reports on it):")[1]
    assert "A301 表三“总计”列：本年新收(13)+上年结转(1)=14" in reported


def test_rule_names_an_empty_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rule", "E001")
    assert code == 0
    assert "（空文件 (an empty file)）" in out


def test_docs_rules_page_is_the_markdown_listing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """docs/rules.md documents every rule and stays current with the rules themselves."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIAR_LINT_DISABLE_PLUGIN_AUTOLOAD", "1")
    code, out, _ = run(capsys, "rules", "--format", "markdown")
    assert code == 0
    for c in CATALOGUE:
        assert f"\n## {c}\n" in out
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == out, "regenerate: giar-lint rules --format markdown > docs/rules.md"
