"""Baseline files: accepted findings matched by code and context, not by line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from giar_lint.baseline import BaselineError, filter_baseline, fingerprint, write_baseline
from giar_lint.diagnostics import Diagnostic
from giar_lint.model.source import SourceText

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SEED = (SEEDS / "004_006a45e46abc384b.txt").read_text(encoding="utf-8")


def finding(path: str, text: str, needle: str, code: str, occurrence: int = 0) -> Diagnostic:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    span = SourceText(path, text).span(start, start + len(needle))
    return Diagnostic(code, code.lower(), "warning", f"{code} 在 {needle}", span, path=path)


def seed_findings(path: str, text: str) -> list[Diagnostic]:
    return [
        finding(path, text, "一、总体情况", "S103", 1),
        finding(path, text, "平顶山市人民政府办公室", "C503"),
        finding(path, text, "20 件", "C501"),
    ]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_all_accepted_findings_are_filtered(workdir: Path) -> None:
    diags = seed_findings("reports/004.txt", SEED)
    texts = {"reports/004.txt": SEED}
    assert write_baseline("baseline.json", diags, texts) == 3
    assert filter_baseline("baseline.json", diags, texts) == []


def test_edits_elsewhere_keep_findings_matched(workdir: Path) -> None:
    path = "reports/004.txt"
    write_baseline("baseline.json", seed_findings(path, SEED), {path: SEED})
    # Insert lines at the top and re-wrap a paragraph far from the findings.
    edited = "\n\n新增的一行说明。\n\n" + SEED.replace("4376 余条", "4376余条，\n另有图解 12 条")
    edited_diags = seed_findings(path, edited)
    assert [d.span.line for d in edited_diags] != [d.span.line for d in seed_findings(path, SEED)]
    assert filter_baseline("baseline.json", edited_diags, {path: edited}) == []


def test_whitespace_and_width_changes_in_the_context_keep_the_match(workdir: Path) -> None:
    path = "004.txt"
    write_baseline("baseline.json", seed_findings(path, SEED), {path: SEED})
    edited = SEED.replace("办理线下依申请公开信息 20 件", "办理线下依申请公开信息\n２０ 件")
    diag = finding(path, edited, "２０ 件", "C501")
    assert filter_baseline("baseline.json", [diag], {path: edited}) == []


def test_editing_the_flagged_text_makes_the_finding_new(workdir: Path) -> None:
    path = "004.txt"
    write_baseline("baseline.json", seed_findings(path, SEED), {path: SEED})
    edited = SEED.replace("共办理线下依申请公开信息 20 件", "共办理线下依申请公开信息 21 件")
    new = finding(path, edited, "21 件", "C501")
    assert filter_baseline("baseline.json", [new], {path: edited}) == [new]


def test_new_findings_other_codes_and_other_files_are_reported(workdir: Path) -> None:
    path = "004.txt"
    write_baseline("baseline.json", seed_findings(path, SEED), {path: SEED})
    other_code = finding(path, SEED, "一、总体情况", "S101", 1)
    fresh = finding(path, SEED, "鲁山县人民政府门户网站", "C503")
    other_file = finding("copy.txt", SEED, "平顶山市人民政府办公室", "C503")
    texts = {path: SEED, "copy.txt": SEED}
    diags = [other_code, fresh, other_file]
    assert filter_baseline("baseline.json", diags, texts) == diags


def test_identical_findings_are_counted(workdir: Path) -> None:
    filler = "这一段文字足够长，长过指纹所取的上下文字符数，所以两处的上下文完全相同。\n"
    text = filler + "国办函(2020)109号\n" + filler
    one = finding("r.txt", text, "(2020)", "R601")
    write_baseline("baseline.json", [one], {"r.txt": text})
    doubled = text + text
    diags = [finding("r.txt", doubled, "(2020)", "R601", i) for i in range(2)]
    kept = filter_baseline("baseline.json", diags, {"r.txt": doubled})
    assert len(kept) == 1


def test_paths_are_relative_to_the_baseline_folder(workdir: Path, monkeypatch) -> None:
    (workdir / "repo" / "sub").mkdir(parents=True)
    monkeypatch.chdir(workdir / "repo")
    diags = seed_findings("sub/004.txt", SEED)
    write_baseline("baseline.json", diags, {"sub/004.txt": SEED})
    data = json.loads((workdir / "repo" / "baseline.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in data["findings"]} == {"sub/004.txt"}
    # The same findings seen from another working directory still match.
    monkeypatch.chdir(workdir / "repo" / "sub")
    moved = seed_findings("004.txt", SEED)
    assert filter_baseline("../baseline.json", moved, {"004.txt": SEED}) == []


def test_file_is_stable_sorted_and_readable(workdir: Path) -> None:
    diags = seed_findings("004.txt", SEED)
    write_baseline("a.json", diags, {"004.txt": SEED})
    write_baseline("b.json", list(reversed(diags)), {"004.txt": SEED})
    a = Path("a.json").read_text(encoding="utf-8")
    assert a == Path("b.json").read_text(encoding="utf-8")
    data = json.loads(a)
    assert data["version"] == 1
    keys = [(e["path"], e["code"], e["fingerprint"]) for e in data["findings"]]
    assert keys == sorted(keys)
    assert "平顶山市人民政府办公室" in a  # messages are kept readable, not escaped
    assert a.endswith("\n")


def test_fingerprint_does_not_depend_on_line_numbers() -> None:
    a = finding("r.txt", SEED, "平顶山市人民政府办公室", "C503")
    b = finding("r.txt", "\n\n\n" + SEED, "平顶山市人民政府办公室", "C503")
    assert a.span.line != b.span.line
    assert fingerprint(a, SEED) == fingerprint(b, "\n\n\n" + SEED)
    assert fingerprint(a, SEED) != fingerprint(a, None)


def test_unreadable_input_falls_back_on_the_message(workdir: Path) -> None:
    span = SourceText("x.pdf", "").span(0, 0)
    e001 = Diagnostic("E001", "unreadable-input", "error", "文件为空", span, path="x.pdf")
    write_baseline("baseline.json", [e001], {})
    assert filter_baseline("baseline.json", [e001], {}) == []


def test_missing_baseline_is_an_error(workdir: Path) -> None:
    with pytest.raises(BaselineError, match=r"not found.*--write-baseline"):
        filter_baseline("nope.json", [], {})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"version": 1, "findings": [', r"bad\.json:1:\d+: invalid JSON"),
        ("[]", "not a giar-lint baseline"),
        ('{"version": 9, "findings": []}', "unsupported baseline version 9"),
        ('{"version": 1, "findings": [{"path": "a"}]}', r"findings\[0\] needs"),
    ],
)
def test_malformed_baseline_is_a_one_line_error(workdir: Path, content: str, message: str) -> None:
    Path("bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError, match=message) as info:
        filter_baseline("bad.json", [], {})
    assert "\n" not in str(info.value)


def run_check(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "giar_lint", "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def finding_codes(stdout: str) -> list[str]:
    return sorted(line.split(": ", 1)[1].split(" ", 1)[0] for line in stdout.splitlines())


def test_command_line_baseline_round_trip(tmp_path: Path) -> None:
    report = tmp_path / "reports" / "004.txt"
    report.parent.mkdir()
    report.write_text(SEED, encoding="utf-8")
    before = run_check(tmp_path, "reports")
    assert before.returncode == 1
    assert {"S103", "C501", "C503", "F402"} <= set(finding_codes(before.stdout))

    written = run_check(tmp_path, "reports", "--baseline", "baseline.json", "--write-baseline")
    assert written.returncode == 0, written.stderr
    assert written.stdout == ""
    accepted = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert sorted(e["code"] for e in accepted["findings"]) == finding_codes(before.stdout)

    again = run_check(tmp_path, "reports", "--baseline", "baseline.json")
    assert (again.returncode, again.stdout) == (0, ""), again.stderr

    # Lines added to part 一 move every later finding; a new defect is the only one reported.
    anchor = "（三）政府信息管理情况。"
    edited = SEED.replace(anchor, "新增说明：按国办函(2020)109号执行。\n\n补充一段。\n\n" + anchor)
    report.write_text(edited, encoding="utf-8")
    after = run_check(tmp_path, "reports", "--baseline", "baseline.json")
    assert finding_codes(after.stdout) == ["R601"], after.stdout
    assert after.returncode == 0  # R601 is a warning

    # Editing the flagged text of an accepted finding makes it new again.
    report.write_text(edited.replace("信息 20 件", "信息 21 件"), encoding="utf-8")
    changed = run_check(tmp_path, "reports", "--baseline", "baseline.json")
    assert finding_codes(changed.stdout) == ["C501", "R601"], changed.stdout

    missing = run_check(tmp_path, "reports", "--baseline", "nope.json")
    assert missing.returncode == 2
    assert "nope.json" in missing.stderr and "--write-baseline" in missing.stderr
