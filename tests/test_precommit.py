"""The pre-commit hook, run by the real ``pre-commit try-repo`` on a temporary repository of
reports. pre-commit builds the hook's environment by installing this project from source (and
its dependencies from the package index), hence ``slow``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).parent / "fixtures" / "seeds"
CLEAN_SEEDS = ("000_80769d72cf641a83.txt", "003_8a3103fe368513da.txt")
ERRORS_SEED = "004_006a45e46abc384b.txt"
#: the errors documented for the seed with errors (tests/fixtures/seeds, rules.md)
ERRORS_SEED_CODES = ("S103", "C501", "C503", "F402")

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "giar-lint tests",
    "GIT_AUTHOR_EMAIL": "tests@example.org",
    "GIT_COMMITTER_NAME": "giar-lint tests",
    "GIT_COMMITTER_EMAIL": "tests@example.org",
}


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_IDENTITY},
        check=True,
    )
    return proc.stdout


def hook_repository(tmp_path: Path) -> Path:
    """This project as a git repository for try-repo: the checkout itself (try-repo adds its
    uncommitted changes), or, when the tests run from an unpacked source archive, a fresh
    repository made of a copy."""
    inside = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=ROOT, capture_output=True, text=True
    )
    if inside.returncode == 0 and Path(inside.stdout.strip()).resolve() == ROOT:
        return ROOT
    copy = tmp_path / "giar-lint"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", "*.pyc", "__pycache__"))
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "giar-lint sources")
    return copy


def reports_repository(tmp_path: Path) -> Path:
    repo = tmp_path / "reports"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.name", GIT_IDENTITY["GIT_AUTHOR_NAME"])
    git(repo, "config", "user.email", GIT_IDENTITY["GIT_AUTHOR_EMAIL"])
    for name in (*CLEAN_SEEDS, ERRORS_SEED):
        shutil.copy(SEEDS / name, repo / name)
    (repo / "notes.py").write_text("print('not a report')\n", encoding="utf-8")
    # A report repository's README is Markdown but not a report.
    (repo / "README.md").write_text(
        "# 年度报告\n\n本仓库收录各单位的年度报告。\n", encoding="utf-8"
    )
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "reports")
    return repo


def try_repo(repo: Path, hook_repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_IDENTITY, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("PRE_COMMIT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "giar-lint", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        timeout=900,
    )


def test_manifest_follows_pre_commit_conventions(tmp_path: Path) -> None:
    from identify import identify
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "giar-lint"
    assert hook["entry"] == "giar-lint check"
    assert hook["language"] == "python"
    assert hook["require_serial"] is True
    assert {"text", "markdown"} <= set(hook["types_or"])
    # types_or exists since pre-commit 2.9.0
    version = tuple(int(x) for x in hook["minimum_pre_commit_version"].split("."))
    assert version >= (2, 9, 0)

    # Real files of each input type pass both filters, as pre-commit classifies them.
    files = {
        "a.txt": (SEEDS / ERRORS_SEED).read_bytes(),
        "b.md": (SEEDS / CLEAN_SEEDS[0]).read_bytes(),
        "c.html": "<html><body><p>一、总体情况</p></body></html>".encode(),
        "d.htm": "<p>一、总体情况</p>".encode("gb18030"),
        "f.pdf": (ROOT / "tests" / "fixtures" / "real" / "huaian-hongze-2023.pdf").read_bytes(),
        "G.PDF": (ROOT / "tests" / "fixtures" / "real" / "unusable-text-layer.pdf").read_bytes(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with zipfile.ZipFile(tmp_path / "e.docx", "w") as docx:
        docx.writestr("word/document.xml", "<w:document/>")
    pattern = re.compile(hook["files"])
    for name in [*files, "e.docx"]:
        assert pattern.search(name), name
        tags = identify.tags_from_path(str(tmp_path / name))
        assert tags & set(hook["types_or"]), (name, tags)
    for name in ("notes.py", "data.csv", "report.txt.bak"):
        assert not pattern.search(name), name
    exclude = re.compile(hook["exclude"])
    for name in ("README.md", "docs/readme.txt", "CHANGELOG.md", "LICENSE.txt"):
        assert exclude.search(name), name
    for name in ("a.txt", "2024/report.md", "readme-like-report.txt"):
        assert not exclude.search(name), name


@pytest.mark.slow
def test_try_repo_passes_clean_reports_and_fails_on_errors(tmp_path: Path) -> None:
    hook_repo = hook_repository(tmp_path)
    repo = reports_repository(tmp_path)
    home = tmp_path / "pre-commit-home"

    clean = try_repo(repo, hook_repo, home, "--files", *CLEAN_SEEDS)
    output = clean.stdout + clean.stderr
    assert clean.returncode == 0, output
    assert "giar-lint" in output and "Passed" in output

    failing = try_repo(repo, hook_repo, home, "--all-files")
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert "Failed" in output
    findings = [line for line in output.splitlines() if line.startswith(ERRORS_SEED + ":")]
    assert {code for code in ERRORS_SEED_CODES if any(f" {code} " in f for f in findings)} == set(
        ERRORS_SEED_CODES
    ), output
    # the clean reports were checked in the same run and have no findings; notes.py was skipped
    assert not [line for line in output.splitlines() if line.startswith(CLEAN_SEEDS)], output
    assert "notes.py" not in output
    assert "README.md" not in output
