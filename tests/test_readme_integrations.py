"""The README's integration snippets are valid and fit the real tool's output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def section_blocks(title: str) -> list[tuple[str, str]]:
    """(language, code) of the fenced blocks in the README section ``## title``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert match, f"README has no section {title!r}"
    return re.findall(r"^```(\w*)\n(.*?)^```", match.group(1), re.M | re.S)


def test_pre_commit_config_is_valid_and_five_lines(tmp_path: Path) -> None:
    from pre_commit.clientlib import load_config

    ((_lang, code),) = [b for b in section_blocks("pre-commit") if b[0] == "yaml"]
    assert len(code.strip().splitlines()) == 5
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text(code, encoding="utf-8")
    config = load_config(str(path))
    (repo,) = config["repos"]
    assert [h["id"] for h in repo["hooks"]] == ["giar-lint"]
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: giar-lint" in manifest


def test_editor_settings_parse() -> None:
    blocks = section_blocks("Editors")
    settings = [json.loads(code) for lang, code in blocks if lang == "json"]
    glspc = next(s for s in settings if "glspc.server.command" in s)
    assert [glspc["glspc.server.command"], *glspc["glspc.server.commandArguments"]] == [
        "giar-lint",
        "lsp",
    ]
    (helix,) = [tomllib.loads(code) for lang, code in blocks if lang == "toml"]
    assert helix["language-server"]["giar-lint"] == {"command": "giar-lint", "args": ["lsp"]}
    assert all("giar-lint" in lang["language-servers"] for lang in helix["language"])
    lua = "\n".join(code for lang, code in blocks if lang == "lua")
    assert lua.count('"giar-lint", "lsp"') == 2


def test_problem_matcher_reads_concise_output(tmp_path: Path) -> None:
    blocks = section_blocks("Editors")
    tasks = next(json.loads(code) for lang, code in blocks if lang == "json" and "tasks" in code)
    (task,) = tasks["tasks"]
    matcher = task["problemMatcher"]
    pattern = matcher["pattern"]
    regexp = re.compile(pattern["regexp"])

    folder = tmp_path / "年度报告"
    folder.mkdir()
    report = folder / "鲁山县 2024.txt"  # a space and Chinese characters in the path
    report.write_text(
        (SEEDS / "004_006a45e46abc384b.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    args = task["command"].split()[1:]  # "giar-lint check ... ." without the program
    proc = subprocess.run(
        [sys.executable, "-m", "giar_lint", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr  # the task uses --exit-zero
    lines = proc.stdout.splitlines()
    assert len(lines) >= 4
    codes = set()
    for line in lines:
        m = regexp.match(line)
        assert m, line
        # relative to the workspace folder, as the matcher's fileLocation says
        assert (tmp_path / m.group(pattern["file"])).resolve() == report.resolve()
        assert int(m.group(pattern["line"])) >= 1 and int(m.group(pattern["column"])) >= 1
        assert m.group(pattern["severity"]) in ("error", "warning", "info")
        codes.add(m.group(pattern["code"]))
        assert m.group(pattern["message"])
    assert {"S103", "C503", "F402"} <= codes
