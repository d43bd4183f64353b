"""Warnings of ``giar-lint check`` that do not change the exit code: nothing to check under the
given paths, and a rule folder without rule files. ``--quiet`` silences them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from giar_lint.cli import main
from giar_lint.config import clear_caches

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
CLEAN_SEED = SEEDS / "000_80769d72cf641a83.txt"
PACK = Path(__file__).parents[1] / "examples" / "provincial-rules" / "henan.yaml"
NO_REPORTS = (
    "giar-lint: warning: no report files found under the given paths "
    "(looked for .docx, .htm, .html, .md, .pdf, .shtml, .txt, .xhtml)"
)


@pytest.fixture(autouse=True)
def _fresh_config_caches() -> None:
    clear_caches()


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", "--no-progress", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_empty_folder_warns_and_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    (tmp_path / "2023").mkdir()
    code, out, err = check(capsys, str(tmp_path / "2023"))
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        NO_REPORTS,
        "giar-lint: 0 files checked; 0 error(s), 0 warning(s), 0 info; 0 file(s) with errors.",
    ]


def test_folder_of_other_files_warns(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    (tmp_path / "README.txt").write_text("说明\n", encoding="utf-8")  # a folder's README
    (tmp_path / "list.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    shutil.copy(CLEAN_SEED, tmp_path / ".hidden" / "report.txt")
    code, _out, err = check(capsys, str(tmp_path), str(tmp_path / ".hidden"))
    assert code == 0 and NO_REPORTS not in err  # the hidden folder named explicitly is searched
    code, _out, err = check(capsys, str(tmp_path))
    assert code == 0 and err.splitlines()[0] == NO_REPORTS


def test_quiet_stays_quiet(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    (tmp_path / "rules").mkdir()
    assert check(capsys, "-q", "--rules", str(tmp_path / "rules"), str(tmp_path)) == (0, "", "")


def test_no_warning_when_something_is_checked(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    (tmp_path / "empty").mkdir()
    shutil.copy(CLEAN_SEED, tmp_path / "report.txt")
    code, _out, err = check(capsys, str(tmp_path / "empty"), str(tmp_path / "report.txt"))
    assert code == 0 and "giar-lint: warning:" not in err and "1 file checked" in err


def test_configured_rule_folder_without_rule_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
):
    rules = tmp_path / "rules"
    (rules / "drafts").mkdir(parents=True)
    (rules / "README.md").write_text("# 本省规则\n", encoding="utf-8")
    (tmp_path / ".giar-lint.yaml").write_text("rules: [rules]\n", encoding="utf-8")
    (tmp_path / "reports").mkdir()
    shutil.copy(CLEAN_SEED, tmp_path / "reports" / "a.txt")
    shutil.copy(CLEAN_SEED, tmp_path / "b.txt")
    code, out, err = check(capsys, str(tmp_path / "reports"), str(tmp_path / "b.txt"))
    assert (code, out) == (0, "")
    assert err.splitlines()[0] == (
        f"giar-lint: warning: {rules.resolve()}: no rule files (.yaml, .yml) in this folder"
    )
    assert err.count("no rule files") == 1  # one configuration, one warning
    # a pack in a subfolder counts (folders are searched recursively): no warning
    shutil.copy(PACK, rules / "drafts" / "henan.yaml")
    clear_caches()
    code, _out, err = check(capsys, str(tmp_path / "b.txt"))
    assert code in (0, 1) and "giar-lint: warning:" not in err


def test_rules_option_naming_an_empty_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    empty = tmp_path / "extra"
    empty.mkdir()
    shutil.copy(CLEAN_SEED, tmp_path / "report.txt")
    code, _out, err = check(capsys, "--rules", str(empty), str(tmp_path / "report.txt"))
    assert code == 0
    assert f"giar-lint: warning: {empty}: no rule files (.yaml, .yml) in this folder" in err
    # a rule file named directly is never warned about
    code, _out, err = check(capsys, "--rules", str(PACK), str(tmp_path / "report.txt"))
    assert "giar-lint: warning:" not in err


def test_real_command_line_on_an_empty_folder(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-m", "giar_lint", "check", "--no-progress", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr.splitlines()[0] == NO_REPORTS
