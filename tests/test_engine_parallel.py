"""The process pool behind ``check --jobs``: order, reports kept in workers, dead workers."""

from __future__ import annotations

import dataclasses
import os
import pickle
import threading
from pathlib import Path

import pytest

from giar_lint.config import Config
from giar_lint.engine import FileResult, Linter
from giar_lint.model.report import Report
from giar_lint.parallel import LazyReport, Pool, WorkerDied, summary_of

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SEED_FILES = sorted(str(p) for p in SEEDS.glob("*.txt"))

_linter: Linter | None = None


def _init(keep: bool) -> None:
    global _linter
    _linter = Linter(Config())


def _check(task: tuple[str, str | None]) -> FileResult:
    path, _key = task
    if path.endswith("die.txt"):
        os._exit(3)  # a worker killed by the system looks like this
    assert _linter is not None
    return _linter.check_file(path, keep_report=True)


def test_results_come_back_in_order_and_reports_stay_in_the_workers() -> None:
    tasks = [(SEED_FILES[i % len(SEED_FILES)], None) for i in range(23)]
    with Pool(2, _check, _init, (True,), keep_reports=True) as pool:
        results = pool.check(tasks)
        assert [r.path for r in results] == [path for path, _ in tasks]
        assert all(r.report is None and r.summary is not None for r in results)
        lazy = pool.lazy_report(4, results[4].summary)  # type: ignore[arg-type]
        # the summary needs no round trip; the tables do
        assert lazy.path == SEED_FILES[4] and lazy.year == 2024 and lazy.readable
        assert "tables" not in lazy.__dict__
        assert lazy.tables.applications is not None
        assert lazy.tables.applications.row("new") is not None
    serial = Linter(Config()).check_file(SEED_FILES[4], keep_report=True)
    assert serial.report is not None
    assert lazy.tables == serial.report.tables and lazy.parts == serial.report.parts
    assert results[4].diagnostics == serial.diagnostics


def test_a_lazy_report_is_a_report_and_pickles_as_one() -> None:
    report = Linter(Config()).check_file(SEED_FILES[0], keep_report=True).report
    assert report is not None
    calls = []

    def load() -> Report:
        calls.append(1)
        return report

    lazy = LazyReport(summary_of(report), load)
    assert isinstance(lazy, Report)
    assert lazy.agency == report.agency and calls == []
    assert lazy.parts == report.parts and lazy.preamble == report.preamble
    assert calls == [1]
    plain = pickle.loads(pickle.dumps(lazy))
    assert type(plain) is Report and plain.tables == report.tables
    changed = dataclasses.replace(LazyReport(summary_of(report), load), preamble=())
    assert changed.preamble == () and changed.tables == report.tables


def test_a_dead_worker_fails_the_run_instead_of_hanging(tmp_path: Path) -> None:
    doomed = tmp_path / "die.txt"
    doomed.write_text("x", encoding="utf-8")
    tasks = [(SEED_FILES[0], None), (str(doomed), None), (SEED_FILES[1], None)]
    outcome: list[object] = []

    def run() -> None:
        try:
            with Pool(2, _check, _init, (False,), keep_reports=False) as pool:
                pool.check(tasks)
        except WorkerDied as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    (error,) = outcome
    assert "ended unexpectedly (exit code 3)" in str(error)


def test_check_reports_a_dead_worker_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from giar_lint.cli import main
    from giar_lint.commands import check_cmd

    for i in range(3):
        (tmp_path / f"r{i}.txt").write_text("x", encoding="utf-8")
    (tmp_path / "r1.txt").rename(tmp_path / "die.txt")
    original = check_cmd._check_path

    def dying(task: tuple[str, str | None]) -> FileResult:
        if task[0].endswith("die.txt"):
            os._exit(9)
        return original(task)

    monkeypatch.setattr(check_cmd, "_check_path", dying)
    code = main(["check", "--no-progress", "--jobs", "2", str(tmp_path)])
    _out, err = capsys.readouterr()
    assert code == 2
    assert "ended unexpectedly (exit code 9)" in err
    assert "Traceback" not in err
