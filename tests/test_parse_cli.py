"""``giar-lint parse FILE --format json|tree|text`` through the real command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS_DIR

from giar_lint.cli import main

SEED = "002_967c1590f64ec95c.txt"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_matches_interface(capsys: pytest.CaptureFixture[str], expected_tables: dict) -> None:
    code, out, err = run(["parse", str(SEEDS_DIR / SEED)], capsys)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["path", "agency", "year", "format", "parts", "tables"]
    assert (data["agency"], data["year"], data["format"]) == ("焦作市人民政府", 2023, "2021")
    assert data["parts"][0] == {"number": 1, "key": "overview", "title": "总体情况", "line": 3}
    assert [p["number"] for p in data["parts"]] == [1, 2, 3, 4, 5, 6]
    tables = data["tables"]
    assert list(tables) == ["disclosure", "applications", "review_litigation"]
    assert tables["applications"]["columns"] == [
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_services",
        "other",
        "total",
    ]
    want = expected_tables[SEED]
    assert tables["disclosure"] == want["disclosure"]
    assert tables["disclosure"]["fees_10k_yuan"] == 22302.6396
    assert tables["applications"]["rows"] == want["applications"]["rows"]
    assert tables["review_litigation"] == want["review_litigation"]


def test_tree(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["parse", str(SEEDS_DIR / SEED), "--format", "tree"], capsys)
    assert code == 0
    assert out.startswith("start\n")
    assert "  part\n" in out
    assert "table_applications" in out and "table_review_litigation" in out
    assert "四、结转下年度继续办理" in out


def test_text_is_what_was_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    original = (SEEDS_DIR / SEED).read_text(encoding="utf-8")
    path = tmp_path / "gbk.txt"
    path.write_bytes(original.encode("gb18030"))
    code, out, _ = run(["parse", str(path), "--format", "text"], capsys)
    assert code == 0
    assert out == original + ("" if original.endswith("\n") else "\n")


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = (SEEDS_DIR / SEED).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = run(["parse", "-"], capsys)
    assert code == 0
    parsed = json.loads(out)
    assert parsed["path"] == "<stdin>"
    assert parsed["year"] == 2023


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(["parse", str(tmp_path / "nope.txt")], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "nope.txt" in err and "Traceback" not in err


def test_unreadable_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(bytes(range(256)) * 4)
    code, out, err = run(["parse", str(path)], capsys)
    assert code == 2
    assert "Traceback" not in err and err.count("\n") == 1
    data = json.loads(out)
    assert data["problems"][0]["kind"] == "binary"
    assert data["parts"] == [] and data["tables"] == {}


def test_installed_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "giar_lint", "parse", str(SEEDS_DIR / SEED), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["tables"]["review_litigation"]["review"] == [11, 4, 6, 7, 28]
