"""`giar-lint check` with the default configuration reports exactly the expected findings on
each seed report (rules.md, "Expected findings on the seed reports"), each at its line."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SEEDS = Path(__file__).parent / "fixtures" / "seeds"

#: file → {code: [lines]} with the default configuration.
EXPECTED: dict[str, dict[str, list[int]]] = {
    # 平顶山市人民政府办公室 2023: clean
    "000_80769d72cf641a83.txt": {},
    # 卫辉市人民政府办公室 2023: 收到申请45件 vs table 24; part 一 （五） opens with "2022 年，"
    "001_092edd9a71238ba5.txt": {"C501": [9], "C502": [15]},
    # 焦作市人民政府 2023: part 一 sub-headings numbered 一、二、… like the parts
    "002_967c1590f64ec95c.txt": {"S106": [13]},
    # 周口市人民政府办公室 2024: clean
    "003_8a3103fe368513da.txt": {},
    # 鲁山县人民政府办公室 2024: 一、总体情况 twice; 办理20件 vs table 0;
    # announces 平顶山市's report; the fee statement lacks 国办函〔2020〕109号
    "004_006a45e46abc384b.txt": {"S103": [9], "C501": [13], "C503": [7], "F402": [84]},
}

_CONCISE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]\d{3}) \[")


def check(path: Path) -> tuple[int, dict[str, list[int]], str]:
    """Run the real command line on one file; the findings as {code: [lines]}."""
    proc = subprocess.run(
        [sys.executable, "-m", "giar_lint", "check", "--no-progress", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=path.parent,
        timeout=120,
    )
    findings: dict[str, list[int]] = {}
    for line in proc.stdout.splitlines():
        match = _CONCISE.match(line)
        if match:
            findings.setdefault(match["code"], []).append(int(match["line"]))
    return proc.returncode, {k: sorted(v) for k, v in findings.items()}, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_reports_exactly_the_expected_findings(name: str, tmp_path: Path) -> None:
    # A copy outside the project, so that no configuration file of the source tree applies.
    copy = tmp_path / name
    shutil.copyfile(SEEDS / name, copy)
    returncode, findings, output = check(copy)
    assert findings == EXPECTED[name], output
    assert "Traceback" not in output
    has_error = any(code in ("S103", "F402") for code in EXPECTED[name])
    assert returncode == (1 if has_error else 0), output


def test_carryover_between_two_files_of_one_run(tmp_path: Path) -> None:
    """Seed 003 (2024) next to a 2023 copy of itself whose 结转下年度 row says 5 … 5."""
    text = (SEEDS / "003_8a3103fe368513da.txt").read_text(encoding="utf-8")
    last_year = text.replace("周口市人民政府办公室 2024 年", "周口市人民政府办公室 2023 年")
    last_year = last_year.replace(
        "四、结转下年度继续办理\t\t109\t0\t0\t0\t0\t0\t109",
        "四、结转下年度继续办理\t\t5\t0\t0\t0\t0\t0\t5",
    )
    (tmp_path / "2023").mkdir()
    (tmp_path / "2024").mkdir()
    (tmp_path / "2023" / "zhoukou.txt").write_text(last_year, encoding="utf-8")
    (tmp_path / "2024" / "zhoukou.txt").write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "giar_lint", "check", "--no-progress", "2023", "2024"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        timeout=120,
    )
    # The 2023 copy is inconsistent in itself (A301, C501 there); only 2024 carries C504.
    lines = [line for line in proc.stdout.splitlines() if line.startswith("2024")]
    assert len(lines) == 1, proc.stdout + proc.stderr
    assert " C504 " not in "".join(
        line for line in proc.stdout.splitlines() if line.startswith("2023")
    )
    match = _CONCISE.match(lines[0])
    assert match is not None
    assert (Path(match["path"]).parts[-2:], match["line"], match["code"]) == (
        ("2024", "zhoukou.txt"),
        "40",
        "C504",
    )
    assert "总计列本年43、上一年5" in lines[0]
    assert "自然人列本年24、上一年5" in lines[0]
