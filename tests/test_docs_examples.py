"""What README.md and examples/provincial-rules/README.md say about the bundled examples, run
with the real command line: the five example reports and their defects, and the provincial rule
pack used the ways its README shows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from giar_lint.cli import main
from giar_lint.config import clear_caches
from giar_lint.parse import parse_text
from giar_lint.rules.yaml import check_examples, load_rule_paths

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PACK = EXAMPLES / "provincial-rules"
PACK_README = (PACK / "README.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _fresh_config_caches() -> None:
    clear_caches()


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_five_example_reports_are_the_ones_the_readme_names() -> None:
    reports = sorted(EXAMPLES.glob("*.txt"))
    assert len(reports) == 5 and "five" in README
    parsed = [parse_text(p.read_text(encoding="utf-8"), p.name) for p in reports]
    agencies = {r.agency for r in parsed}
    section = README[README.index("## Example reports") : README.index("## Input formats")]
    for agency in agencies:
        assert agency in section
    assert {r.year for r in parsed} == {2023, 2024} and "2023–2024" in section


def test_quick_start_check_of_the_examples_exits_1_with_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "giar-lint check examples/" in README and "it exits 1" in README
    code, out, err = cli(capsys, "check", "--no-progress", str(EXAMPLES))
    assert code == 1
    assert re.search(r"5 files checked; [1-9]\d* error\(s\)", err)
    assert " [error] " in out


def test_the_pack_readme_table_matches_the_pack() -> None:
    rows = re.findall(r"^\| (HN\d+) \| ([a-z-]+) \|", PACK_README, re.M)
    rules = load_rule_paths([PACK])
    assert rows == [(r.meta.code, r.meta.name) for r in rules]


def test_the_pack_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "giar-lint check --rules examples/provincial-rules reports/" in PACK_README
    reports = tmp_path / "reports"
    shutil.copytree(EXAMPLES, reports, ignore=shutil.ignore_patterns("provincial-rules"))
    code, out, _err = cli(
        capsys, "check", "--no-progress", "-q", "--select", "HN", "--rules", str(PACK),
        str(reports),
    )  # fmt: skip
    assert code == 0  # the HN rules are warnings
    found = {line.split(": ")[1].split(" ")[0] for line in out.splitlines()}
    assert found == {"HN101", "HN102", "HN103"}
    # 000 reports how 2022's problems were dealt with, in a long sentence wrapped over lines
    assert not any(
        line.startswith(str(reports / "000_")) and "HN103" in line for line in out.splitlines()
    )


def test_the_pack_from_a_configuration_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "rules: [examples/provincial-rules/]" in PACK_README
    (tmp_path / "examples").mkdir()
    shutil.copytree(PACK, tmp_path / "examples" / "provincial-rules")
    (tmp_path / ".giar-lint.yaml").write_text("rules: [examples/provincial-rules/]\n")
    report = tmp_path / "report.txt"
    report.write_text((EXAMPLES / "004_006a45e46abc384b.txt").read_text(encoding="utf-8"))
    code, out, _err = cli(capsys, "rules", "--config", str(tmp_path / ".giar-lint.yaml"))
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("HN")]
    assert listed == ["HN101", "HN102", "HN103", "HN104"]
    assert all(line.endswith("henan.yaml") for line in out.splitlines() if line.startswith("HN"))
    code, out, _err = cli(capsys, "rule", "HN103", "--config", str(tmp_path / ".giar-lint.yaml"))
    assert code == 0 and out.startswith("HN103 last-year-problems")
    code, out, _err = cli(capsys, "check", "--no-progress", "-q", "--select", "HN", str(report))
    assert "HN101" in out and "HN102" in out


def test_the_pack_readme_self_test_passes() -> None:
    assert (
        'assert not check_examples(load_rule_paths(["examples/provincial-rules"]))' in PACK_README
    )
    assert not check_examples(load_rule_paths([PACK]))
