"""``giar-lint check`` end to end on the seed reports, with the real parser and rule set."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from giar_lint.cli import main
from giar_lint.config import clear_caches

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SEED = {p.name[:3]: p for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(autouse=True)
def _fresh_config_caches() -> None:
    clear_caches()


def run_check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", "--no-progress", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def codes_of(concise: str) -> list[str]:
    return [line.split(": ", 1)[1].split(" ", 1)[0] for line in concise.splitlines() if line]


def copy_seed(tmp_path: Path, key: str, name: str | None = None) -> Path:
    target = tmp_path / (name or SEED[key].name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED[key], target)
    return target


@pytest.mark.parametrize("key", ["000", "003"])
def test_clean_seed_exits_0_and_prints_nothing(
    capsys: pytest.CaptureFixture[str], key: str
) -> None:
    code, out, err = run_check(capsys, str(SEED[key]))
    assert (code, out) == (0, "")
    assert "1 file checked; 0 error(s), 0 warning(s), 0 info; 0 file(s) with errors." in err


def test_seed_with_errors_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_check(capsys, str(SEED["004"]))
    assert code == 1
    assert {"S103", "F402"} <= set(codes_of(out))
    first = out.splitlines()[0]
    path, line, column, rest = first.split(":", 3)
    assert path == str(SEED["004"]) and int(line) >= 1 and int(column) >= 1
    assert rest.startswith(" ") and "[" in rest
    assert "1 file(s) with errors" in err


def test_fail_on_and_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    seed = str(SEED["001"])  # warnings only
    assert run_check(capsys, seed)[0] == 0
    assert run_check(capsys, seed, "--fail-on", "warning")[0] == 1
    assert run_check(capsys, str(SEED["004"]), "--exit-zero")[0] == 0


def test_select_ignore_with_prefixes(capsys: pytest.CaptureFixture[str]) -> None:
    seed = str(SEED["004"])
    _, out, _ = run_check(capsys, seed, "--select", "S1,F")
    assert set(codes_of(out)) == {"S103", "F402"}
    _, out, _ = run_check(capsys, seed, "--select", "S", "--extend-select", "C503")
    assert set(codes_of(out)) == {"S103", "C503"}
    code, out, _ = run_check(capsys, seed, "--ignore", "S,F,C")
    assert (code, out) == (0, "")


@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
def test_a_selector_that_names_no_rule_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], option: str
) -> None:
    code, out, err = run_check(capsys, option, "C5,Z9", str(SEED["001"]))
    assert (code, out) == (2, "")
    assert f"{option}: no rule code starts with 'Z9'" in err


def test_statistics(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_check(capsys, str(SEED["004"]), "--statistics")
    rows = {line.split()[1]: int(line.split()[0]) for line in out.splitlines()}
    assert rows["S103"] == 1 and rows["F402"] == 1
    _, out, _ = run_check(capsys, str(SEED["004"]), "--statistics", "--output-format", "json")
    assert {r["code"] for r in json.loads(out)} >= {"S103", "F402"}


def test_quiet_suppresses_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run_check(capsys, str(SEED["000"]), "--quiet")
    assert err == ""


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_check(capsys, str(SEED["004"]), "--output-format", "json")
    data = json.loads(out)
    assert code == 1 and data
    keys = {"path", "code", "name", "severity", "message", "line", "column", "end_line"}
    assert all(keys | {"end_column", "fix"} <= set(item) for item in data)
    assert any(item["code"] == "S103" and item["name"] == "duplicate-part" for item in data)


def test_full_output_shows_the_line_and_a_caret(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_check(capsys, str(SEED["004"]), "--output-format", "full", "--select", "S103")
    lines = out.splitlines()
    assert lines[0].endswith("重复出现（第一次在第 5 行）") or "S103" in lines[0]
    assert lines[2].split("| ", 1)[1] == "一、总体情况"
    # six CJK characters are twelve columns wide
    assert lines[3].split("| ", 1)[1] == "^" * 12


def test_github_output(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_check(capsys, str(SEED["004"]), "--output-format", "github", "--select", "S103")
    (line,) = out.splitlines()
    assert line.startswith(
        f"::error file={SEED['004']},line=9,col=1,endLine=9,endColumn=7,title=S103::"
    )


def test_csv_output_has_body_and_year(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_check(capsys, str(SEED["004"]), "--output-format", "csv")
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out[1:])))
    assert rows and all(r["body"] == "鲁山县人民政府办公室" and r["year"] == "2024" for r in rows)
    assert {"S103", "F402"} <= {r["code"] for r in rows}
    assert all(r["path"] == str(SEED["004"]) for r in rows)


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = SEED["004"].read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = run_check(capsys, "--stdin-filename", "reports/lushan.txt")
    assert code == 1
    assert all(line.startswith("reports/lushan.txt:") for line in out.splitlines())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = run_check(capsys, "-")
    assert code == 1 and out.startswith("-:")


def test_directory_search_exclude_and_suffixes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    copy_seed(tmp_path, "004", "2024/lushan.txt")
    copy_seed(tmp_path, "004", "2024/lushan.md")
    copy_seed(tmp_path, "004", "archive/old.txt")
    copy_seed(tmp_path, "004", ".hidden/x.txt")
    copy_seed(tmp_path, "004", "2024/notes.rst")
    copy_seed(tmp_path, "004", "2024/README.md")
    (tmp_path / ".giar-lint.yaml").write_text("exclude: [archive]\n", encoding="utf-8")
    _, out, err = run_check(capsys, str(tmp_path), "--select", "S103")
    paths = [line.split(":", 1)[0] for line in out.splitlines()]
    assert paths == [str(tmp_path / "2024" / "lushan.md"), str(tmp_path / "2024" / "lushan.txt")]
    assert "2 files checked" in err


def test_jobs_gives_identical_results(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for i in range(12):
        copy_seed(tmp_path, "004" if i % 3 else "001", f"r{i:02d}.txt")
    serial = run_check(capsys, str(tmp_path), "--jobs", "1", "--output-format", "json")
    parallel = run_check(capsys, str(tmp_path), "--jobs", "2", "--output-format", "json")
    assert serial[0] == parallel[0] == 1
    assert serial[1] == parallel[1]
    assert len(json.loads(serial[1])) > 12


def test_cross_report_rule_runs_over_the_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    this_year = copy_seed(tmp_path, "003", "2024/zhoukou.txt")
    last_year = tmp_path / "2023" / "zhoukou.txt"
    last_year.parent.mkdir()
    last_year.write_text(
        SEED["003"].read_text(encoding="utf-8").replace("2024 年", "2023 年"), encoding="utf-8"
    )
    for jobs in ("1", "2"):
        _, out, _ = run_check(capsys, str(tmp_path), "--select", "C504", "--jobs", jobs)
        (line,) = out.splitlines()
        assert line.startswith(f"{this_year}:40:") and "C504" in line
    _, out, _ = run_check(capsys, str(this_year), "--select", "C504")
    assert out == ""


def test_unreadable_input_is_a_finding(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run_check(capsys, str(binary), str(empty))
    assert code == 1
    assert codes_of(out) == ["E001", "E001"]
    assert "Traceback" not in err


def test_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run_check(capsys, str(tmp_path / "nowhere.txt"))
    assert code == 2 and out == ""
    assert err.strip() == f"giar-lint: {tmp_path / 'nowhere.txt'}: no such file or folder"


def test_broken_config_exits_2_with_position(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = copy_seed(tmp_path, "000")
    config = tmp_path / ".giar-lint.yaml"
    config.write_text("select: [S]\nseverity:\n  S101: fatal\n", encoding="utf-8")
    code, out, err = run_check(capsys, str(report))
    assert (code, out) == (2, "")
    assert err.strip().startswith(f"{config}:3:9: ")
    assert len(err.strip().splitlines()) == 1


def test_broken_rule_file_exits_2_with_position(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rule_file = tmp_path / "bad.yaml"
    rule_file.write_text("rules:\n  - id: [unclosed\n", encoding="utf-8")
    code, out, err = run_check(capsys, str(SEED["000"]), "--rules", str(rule_file))
    assert (code, out) == (2, "")
    (line,) = err.strip().splitlines()
    path, lineno, col, _message = line.split(":", 3)
    assert path == str(rule_file) and int(lineno) >= 1 and int(col) >= 1


def test_config_from_pyproject_and_severity(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = copy_seed(tmp_path, "001", "reports/weihui.txt")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.giar-lint]\nselect = ["C5"]\n\n[tool.giar-lint.severity]\nC501 = "error"\n',
        encoding="utf-8",
    )
    code, out, _ = run_check(capsys, str(report))
    assert code == 1
    assert "C501 [error]" in out
    assert set(codes_of(out)) <= {"C501", "C502", "C503", "C504"}


def test_fix_in_place_keeps_encoding(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = (
        SEED["003"].read_text(encoding="utf-8").replace("国办函〔2020〕109号", "国办函[2020]109号")
    )
    report = tmp_path / "r.txt"
    report.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    code, out, _ = run_check(capsys, str(report), "--select", "R601")
    assert code == 0 and codes_of(out) == ["R601"]
    code, out, err = run_check(capsys, str(report), "--fix")
    assert (code, out) == (0, "")
    assert "1 fix(es) applied" in err
    fixed = report.read_bytes()
    assert fixed == SEED["003"].read_text(encoding="utf-8").replace("\n", "\r\n").encode("gb18030")


def test_console_script_never_shows_a_traceback(tmp_path: Path) -> None:
    exe = shutil.which("giar-lint")
    assert exe is not None
    bad = tmp_path / ".giar-lint.yaml"
    bad.write_text("select: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    report = copy_seed(tmp_path, "000")
    env = {**os.environ, "CI": "true"}
    proc = subprocess.run(
        [exe, "check", str(report)], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "hi\n" not in proc.stdout
    assert proc.stderr.strip().startswith(f"{bad}:1:9: ")


def test_fail_on_from_configuration(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = copy_seed(tmp_path, "001")  # warnings only
    (tmp_path / ".giar-lint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    assert run_check(capsys, str(report))[0] == 1
    assert run_check(capsys, str(report), "--fail-on", "error")[0] == 0


def test_each_folder_uses_its_own_configuration(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    city = copy_seed(tmp_path, "004", "city/lushan.txt")
    county = copy_seed(tmp_path, "004", "county/lushan.txt")
    (tmp_path / "city" / ".giar-lint.yaml").write_text("select: [S]\n", encoding="utf-8")
    (tmp_path / "county" / ".giar-lint.yaml").write_text(
        "select: [F]\nseverity: {F402: info}\n", encoding="utf-8"
    )
    _, out, _ = run_check(capsys, str(tmp_path))
    lines = out.splitlines()
    assert [ln.split(": ", 1)[1].split(" [")[0] for ln in lines] == ["S103", "F402"]
    assert lines[0].startswith(str(city)) and lines[1].startswith(str(county))
    assert "F402 [info]" in lines[1]


def test_fix_from_stdin_prints_the_fixed_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = SEED["003"].read_text(encoding="utf-8")
    broken = original.replace("国办函〔2020〕109号", "国办函（2020）109号")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(broken.encode()), "utf-8"))
    code, out, err = run_check(capsys, "--fix", "--stdin-filename", "r.txt")
    assert code == 0
    assert out == original
    assert "1 fix(es) applied" in err


def test_progress_bar_only_on_a_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(3):
        copy_seed(tmp_path, "000", f"r{i}.txt")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["check", str(tmp_path)]) == 0
    assert "] 3/3" in terminal.getvalue()
    assert "3 files checked" in terminal.getvalue()
    monkeypatch.setenv("CI", "true")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["check", str(tmp_path)]) == 0
    assert "3/3" not in terminal.getvalue()


def test_pdf_findings_name_their_page(capsys: pytest.CaptureFixture[str]) -> None:
    pdf = Path(__file__).parent / "fixtures" / "real" / "huaian-hongze-2023.pdf"
    code, out, _ = run_check(capsys, str(pdf), "--select", "A304")
    lines = out.splitlines()
    assert code == 1 and len(lines) == 2
    assert all(line.endswith("（第 4 页）") and " A304 [error] 表四" in line for line in lines)
    _, out, _ = run_check(capsys, str(pdf), "--select", "A304", "--output-format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert [r["page"] for r in rows] == ["4", "4"]


def test_directory_search_skips_pipes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    copy_seed(tmp_path, "000", "a.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    code, _, err = run_check(capsys, str(tmp_path))
    assert code == 0 and "1 file checked" in err


# -- a baseline named by the configuration ------------------------------------------------------


def baseline_codes(path: Path) -> list[tuple[str, str]]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return sorted((f["path"], f["code"]) for f in document["findings"])


def test_configured_baseline(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    copy_seed(tmp_path, "004", "reports/lushan.txt")
    reports = str(tmp_path / "reports")
    accepted = tmp_path / "accepted.json"
    (tmp_path / ".giar-lint.yaml").write_text("baseline: accepted.json\n", encoding="utf-8")

    # Not written yet: reading it is an error naming the file, as with --baseline.
    code, out, err = run_check(capsys, reports)
    assert (code, out) == (2, "")
    assert err.strip() == (
        f"giar-lint: {accepted}: baseline file not found (create it with --write-baseline)"
    )
    _, everything, _ = run_check(capsys, reports, "--no-baseline")
    assert {"S103", "C501", "C503", "F402"} <= set(codes_of(everything))

    # --write-baseline without --baseline writes the configured file.
    code, out, err = run_check(capsys, reports, "--write-baseline", "--select", "S103,C501")
    assert (code, out) == (0, "")
    assert f"wrote 2 findings to {accepted}" in err
    assert baseline_codes(accepted) == [
        ("reports/lushan.txt", "C501"),
        ("reports/lushan.txt", "S103"),
    ]

    # Only the findings it does not accept are reported; --no-baseline shows them all.
    _, out, _ = run_check(capsys, reports)
    assert sorted(codes_of(out)) == sorted(set(codes_of(everything)) - {"S103", "C501"})
    assert codes_of(run_check(capsys, reports, "--no-baseline")[1]) == codes_of(everything)

    # --baseline wins over the configuration, for reading and for writing.
    flag = str(tmp_path / "flag.json")
    before = accepted.read_text(encoding="utf-8")
    assert run_check(capsys, reports, "--baseline", flag, "--write-baseline")[0] == 0
    assert accepted.read_text(encoding="utf-8") == before
    assert run_check(capsys, reports, "--baseline", flag)[:2] == (0, "")
    (tmp_path / "flag.json").unlink()
    code, out, err = run_check(capsys, reports, "--baseline", flag)
    assert code == 2 and "flag.json: baseline file not found" in err

    # A broken configured baseline is an error with its position.
    accepted.write_text('{"version": 1,\n "findings": [}\n', encoding="utf-8")
    code, out, err = run_check(capsys, reports)
    assert (code, out) == (2, "")
    assert err.strip().startswith(f"giar-lint: {accepted}:2:15: invalid JSON")


def test_baseline_options_that_contradict_are_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = str(copy_seed(tmp_path, "001"))
    code, out, err = run_check(capsys, report, "--write-baseline")
    assert (code, out) == (2, "")
    assert "--write-baseline needs --baseline FILE or a configured baseline" in err
    assert not list(tmp_path.glob("*.json"))
    code, _, err = run_check(capsys, report, "--no-baseline", "--baseline", "b.json")
    assert code == 2 and "--no-baseline cannot be combined with --baseline" in err
    code, _, err = run_check(capsys, report, "--no-baseline", "--write-baseline")
    assert code == 2 and "--no-baseline cannot be combined with --write-baseline" in err


def test_each_folder_uses_its_own_baseline(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_seed(tmp_path, "001", "city/a.txt")
    copy_seed(tmp_path, "004", "county/b.txt")
    copy_seed(tmp_path, "004", "plain/c.txt")  # no configured baseline: always reported
    for folder in ("city", "county"):
        (tmp_path / folder / ".giar-lint.yaml").write_text(
            "baseline: ../baselines/" + folder + ".json\n", encoding="utf-8"
        )
    (tmp_path / "plain" / ".giar-lint.yaml").write_text("select: [C5]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_check(capsys, ".", "--write-baseline", "--select", "C5")
    assert code == 0, err  # C5 findings are warnings
    # c.txt has no baseline: its findings are reported, not written anywhere
    assert {line.split(":", 1)[0] for line in out.splitlines()} == {"./plain/c.txt"}
    assert baseline_codes(tmp_path / "baselines" / "city.json") == [
        ("../city/a.txt", "C501"),
        ("../city/a.txt", "C502"),
    ]
    assert {c for _p, c in baseline_codes(tmp_path / "baselines" / "county.json")} == {
        "C501",
        "C503",
    }
    _, out, _ = run_check(capsys, ".", "--select", "C5")
    assert {line.split(":", 1)[0] for line in out.splitlines()} == {"./plain/c.txt"}
    # edit the accepted text of a.txt: that finding alone is new
    a = tmp_path / "city" / "a.txt"
    a.write_text(
        a.read_text(encoding="utf-8").replace("申请 45 件", "申请 46 件"), encoding="utf-8"
    )
    _, out, _ = run_check(capsys, "city", "county", "--select", "C5")
    assert codes_of(out) == ["C501"] and out.startswith("city/a.txt:")


def test_configured_baseline_applies_to_standard_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_seed(tmp_path, "004", "reports/lushan.txt")
    (tmp_path / ".giar-lint.yaml").write_text("baseline: accepted.json\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_check(capsys, "reports", "--write-baseline", "--select", "C503")[0] == 0
    data = SEED["004"].read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    _, out, _ = run_check(capsys, "--stdin-filename", "reports/lushan.txt", "--select", "C5")
    assert codes_of(out) == ["C501"]
