"""Codes and prefixes in configuration files that name no loaded rule: an error at their place,
as the same selector on the command line is (``check`` exits 2 instead of checking nothing)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from giar_lint.cli import main
from giar_lint.config import clear_caches

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
#: a report with findings of several categories (S, F, ...)
ERRORS_SEED = SEEDS / "004_006a45e46abc384b.txt"
PACK = Path(__file__).parents[1] / "examples" / "provincial-rules" / "henan.yaml"


@pytest.fixture(autouse=True)
def _fresh_config_caches() -> None:
    clear_caches()


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", "--no-progress", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def project(tmp_path: Path, config_name: str, config: str) -> Path:
    (tmp_path / config_name).write_text(config, encoding="utf-8")
    report = tmp_path / "report.txt"
    shutil.copy(ERRORS_SEED, report)
    return report


@pytest.mark.parametrize(
    ("config", "place", "message"),
    [
        ("select: [ZZ]\n", "1:10", "select: no rule code starts with 'ZZ'"),
        ("select: [S, T]\nignore: [S104, ZZ9]\n", "2:16", "ignore: no rule code starts with 'ZZ9'"),
        ("extend-select: Q1\n", "1:16", "extend-select: no rule code starts with 'Q1'"),
        (
            "per-file-ignores:\n  '*.txt': [S1, SX]\n",
            "2:17",
            "per-file-ignores '*.txt': no rule code starts with 'SX'",
        ),
        ("severity:\n  S106: info\n  X1: off\n", "3:3", "severity: no rule code starts with 'X1'"),
        # the comma-separated form points at its string
        ("ignore: 'S104, zz'\n", "1:9", "ignore: no rule code starts with 'ZZ'"),
    ],
)
def test_unknown_selector_in_yaml_is_an_error_at_its_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, config: str, place: str, message: str
) -> None:
    report = project(tmp_path, ".giar-lint.yaml", config)
    code, out, err = check(capsys, str(report))
    assert (code, out) == (2, "")
    assert err == f"{tmp_path / '.giar-lint.yaml'}:{place}: {message}\n"


def test_unknown_selector_in_pyproject(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = project(
        tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.giar-lint]\nselect = ["ZZ"]\n'
    )
    code, out, err = check(capsys, str(report))
    assert (code, out) == (2, "")
    assert err == f"{tmp_path / 'pyproject.toml'}:5:1: select: no rule code starts with 'ZZ'\n"


def test_inherited_file_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    national = tmp_path / "national.yaml"
    national.write_text("ignore: [S104]\nseverity: {Y9: off}\n", encoding="utf-8")
    report = project(tmp_path, ".giar-lint.yaml", "extends: national.yaml\nselect: [S]\n")
    code, _out, err = check(capsys, str(report))
    assert code == 2
    assert err == f"{national}:2:12: severity: no rule code starts with 'Y9'\n"


def test_folder_search_reports_it_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    project(tmp_path, ".giar-lint.yaml", "select: [SS]\n")
    code, out, err = check(capsys, str(tmp_path))
    assert (code, out) == (2, "")
    assert "select: no rule code starts with 'SS'" in err


def test_valid_selectors_still_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """ALL, categories and full codes stay valid everywhere; ALL works in every key."""
    baseline_code, baseline_out, _ = check(capsys, str(ERRORS_SEED))
    assert baseline_code == 1 and baseline_out
    report = project(
        tmp_path,
        ".giar-lint.yaml",
        "select: [ALL]\nextend-select: [S]\nignore: [A301]\n"
        "severity: {ALL: info, S1: warning}\nper-file-ignores: {'other/*': [ALL, F]}\n",
    )
    code, out, err = check(capsys, str(report))
    assert code == 0, err  # every finding is info or warning now
    severities = {line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines()}
    assert severities <= {"info", "warning"} and "info" in severities
    assert len(out.splitlines()) == len(baseline_out.splitlines())


def test_all_in_per_file_ignores_silences_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = project(tmp_path, ".giar-lint.yaml", "per-file-ignores: {'report.txt': [ALL]}\n")
    assert check(capsys, str(report))[:2] == (0, "")


def test_codes_of_the_configured_rule_pack_are_known(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shutil.copy(PACK, tmp_path / "henan.yaml")
    report = project(tmp_path, ".giar-lint.yaml", "rules: [henan.yaml]\nselect: [HN1]\n")
    code, out, err = check(capsys, str(report))
    assert code in (0, 1), err
    assert all(": HN1" in line for line in out.splitlines())
    # without the pack, the same prefix names nothing
    (tmp_path / ".giar-lint.yaml").write_text("select: [HN1]\n", encoding="utf-8")
    clear_caches()
    code, _out, err = check(capsys, str(report))
    assert code == 2 and "select: no rule code starts with 'HN1'" in err


def test_command_line_pack_counts(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The rules actually loaded decide, including those --rules adds."""
    report = project(tmp_path, ".giar-lint.yaml", "select: [HN]\n")
    code, _out, err = check(capsys, "--rules", str(PACK), str(report))
    assert code in (0, 1), err


def test_real_command_line(tmp_path: Path) -> None:
    report = project(tmp_path, ".giar-lint.yaml", "select: [S1O1]\n")
    done = subprocess.run(
        [sys.executable, "-m", "giar_lint", "check", "--no-progress", report.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().endswith(
        ".giar-lint.yaml:1:10: select: no rule code starts with 'S1O1'"
    )
