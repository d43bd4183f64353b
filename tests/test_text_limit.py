"""The cap on the length of report text: a text over ``MAX_TEXT_CHARS`` characters is not parsed
and gives one E001 finding with its length and the limit, whatever reader produced it."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from readers_support import SEED_NAMES, seed_docx, seed_html

import giar_lint.parse
from giar_lint import api
from giar_lint.cli import main
from giar_lint.config import clear_caches
from giar_lint.parse import MAX_TEXT_CHARS, parse_text, parse_tree
from giar_lint.plugins import read_input

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
REAL = Path(__file__).parent / "fixtures" / "real"
#: a report with findings of its own, so that "not refused" is visible as those findings
ERRORS_SEED = SEEDS / "004_006a45e46abc384b.txt"


@pytest.fixture(autouse=True)
def _fresh_config_caches() -> None:
    clear_caches()


def check_json(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, list[dict]]:
    code = main(["check", "--no-progress", "-q", "--output-format", "json", str(path)])
    out, _err = capsys.readouterr()
    return code, json.loads(out)


def too_long_message(length: int, limit: int) -> str:
    return f"报告文本过长（{length} 个字符，上限 {limit} 个字符），不是一份年度报告，未作解析"


def test_the_limit_is_far_above_real_reports() -> None:
    assert MAX_TEXT_CHARS == 2_000_000
    longest_seed = max(len(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt"))
    assert longest_seed * 10 < MAX_TEXT_CHARS


def test_over_long_report_is_one_e001_without_parsing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A real report repeated past the limit, through the real command: refused before parsing,
    so in a fraction of the seconds parsing two million characters takes."""
    seed = ERRORS_SEED.read_text(encoding="utf-8")
    text = (seed + "\n") * (MAX_TEXT_CHARS // (len(seed) + 1) + 1)
    assert len(text) > MAX_TEXT_CHARS
    path = tmp_path / "archive.txt"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    code, found = check_json(capsys, path)
    elapsed = time.perf_counter() - started
    assert code == 1
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("E001", 1, 1)]
    assert found[0]["message"] == too_long_message(len(text), MAX_TEXT_CHARS)
    assert elapsed < 2.0, elapsed
    # the editors' API goes through the same place
    diagnostics = api.lint_text(text, str(path))
    assert [d.message for d in diagnostics] == [found[0]["message"]]


def test_byte_order_mark_is_not_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(giar_lint.parse, "MAX_TEXT_CHARS", 100)
    text = "\ufeff" + "某" * 100
    report = parse_text(text)
    assert not any("过长" in p.message for p in report.problems)
    report = parse_text(text + "某")
    assert [p.message for p in report.problems] == [too_long_message(101, 100)]
    assert report.source.text == "" and not report.readable
    assert parse_tree(text + "某").children == []
    assert parse_tree(text).children


def _input(tmp_path: Path, kind: str) -> Path:
    name = ERRORS_SEED.name
    assert name in SEED_NAMES
    if kind == "text":
        return ERRORS_SEED
    if kind == "html":
        target = tmp_path / "report.html"
        target.write_bytes(seed_html(name, full_page=True))
    elif kind == "docx":
        target = tmp_path / "report.docx"
        target.write_bytes(seed_docx(name))
    else:
        return REAL / "huaian-hongze-2024.pdf"
    return target


@pytest.mark.parametrize("kind", ["text", "html", "docx", "pdf"])
def test_every_reader_reaches_the_limit(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    kind: str,
) -> None:
    """With the limit set to the length of the text a reader extracts, the report is checked as
    usual; one character less and it is refused (a smaller limit keeps the test fast)."""
    path = _input(tmp_path, kind)
    result = read_input(path, path.read_bytes())
    assert result.problem is None and result.reader == kind
    length = len(result.text.removeprefix("\ufeff"))
    code, usual = check_json(capsys, path)
    assert usual and not any(d["code"] == "E001" for d in usual)

    monkeypatch.setattr(giar_lint.parse, "MAX_TEXT_CHARS", length)
    assert check_json(capsys, path) == (code, usual)

    monkeypatch.setattr(giar_lint.parse, "MAX_TEXT_CHARS", length - 1)
    code, found = check_json(capsys, path)
    assert code == 1
    assert [(d["code"], d["message"]) for d in found] == [
        ("E001", too_long_message(length, length - 1))
    ]
