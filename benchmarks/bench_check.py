"""Benchmarks of ``giar-lint check``: cold start on one report, and throughput on a corpus.

Usage::

    python benchmarks/bench_check.py                 # defaults: 15 cold starts, 1000 reports
    python benchmarks/bench_check.py --reports 2000 --runs 25 --json

Cold start: the median wall time of ``giar-lint check SEED`` in a fresh process (what pre-commit
pays per invocation), next to the median of ``python -c pass`` on the same machine, which is the
floor no Python program can go under.

Throughput: report variants are generated from the seed reports into a temporary folder. Each
variant multiplies every number of tables 二, 三 and 四 by the same factor, so the tables stay
consistent (every sum still adds up) while the numbers differ from report to report; the title
names a distinct body so that reports are not compared with each other. The corpus is checked
with ``--jobs 1`` and ``--jobs 2``; the figures are reports per second and the speed-up.

Per report: the CPU time one process spends reading and parsing a report and running the rules
on it, measured in this process over the first variants of the corpus (best of three passes,
so other processes on the machine disturb it least); it tells which part a change must target.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
TABLE_START = re.compile(r"^.{0,12}主动公开政府信息情况", re.M)
TABLE_END = re.compile(r"^.{0,12}(存在的主要问题|存在问题)", re.M)
#: integers that are counts: not years, not document numbers (〔2021〕30号), not item numbers
NUMBER = re.compile(r"(?<![\d〔\[（(第.])(\d{1,6})(?![\d〕\]）)号年条项.、])")


def giar_lint_command() -> list[str]:
    exe = shutil.which("giar-lint")
    return [exe] if exe else [sys.executable, "-m", "giar_lint"]


def bench_env() -> dict[str, str]:
    env = dict(os.environ)
    # Installed packages carry compiled bytecode; a source checkout gets it on the first run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["CI"] = "true"  # no progress bar
    return env


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def cold_start(runs: int) -> dict[str, float]:
    env = bench_env()
    seed = str(SEEDS / "003_8a3103fe368513da.txt")
    command = [*giar_lint_command(), "check", seed, "--exit-zero"]
    for _ in range(2):  # write bytecode and the rule cache, warm the file system cache
        timed(command, env)
    checks = [timed(command, env) for _ in range(runs)]
    floor = [timed([sys.executable, "-c", "pass"], env) for _ in range(runs)]
    return {
        "check_median_s": statistics.median(checks),
        "check_min_s": min(checks),
        "python_startup_median_s": statistics.median(floor),
    }


def _scale(match: re.Match[str], factor: int) -> str:
    return str(int(match.group(1)) * factor)


def make_variant(text: str, index: int) -> str:
    factor = 2 + index % 9
    start = TABLE_START.search(text)
    end = TABLE_END.search(text, start.end() if start else 0)
    if start and end:
        region = NUMBER.sub(lambda m: _scale(m, factor), text[start.end() : end.start()])
        text = text[: start.end()] + region + text[end.start() :]
    # a distinct body per variant, so that no two variants are the same body's reports
    return text.replace("人民政府", f"第{index}测试区人民政府", 1)


def make_corpus(folder: Path, count: int) -> list[Path]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    out = []
    for i in range(count):
        path = folder / f"{i // 100:02d}" / f"report-{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make_variant(seeds[i % len(seeds)], i), encoding="utf-8")
        out.append(path)
    return out


def throughput(count: int, repeats: int) -> dict[str, float]:
    env = bench_env()
    with tempfile.TemporaryDirectory(prefix="giar-lint-bench-") as tmp:
        folder = Path(tmp)
        make_corpus(folder, count)
        result: dict[str, float] = {"reports": count}
        outputs = {}
        for jobs in (1, 2):
            command = [*giar_lint_command(), "check", str(folder), "--jobs", str(jobs)]
            command += ["--exit-zero", "-q", "--output-format", "json"]
            times = []
            cpu = []
            for _ in range(repeats):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                proc = subprocess.run(command, env=env, capture_output=True, text=True)
                times.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                outputs[jobs] = proc.stdout
            best = min(times)
            result[f"jobs{jobs}_s"] = best
            result[f"jobs{jobs}_reports_per_s"] = count / best
            result[f"jobs{jobs}_cpu_s"] = min(cpu)
        result["speedup"] = result["jobs1_s"] / result["jobs2_s"]
        result["identical_output"] = float(outputs[1] == outputs[2])
        result["findings"] = float(len(json.loads(outputs[1] or "[]")))
        return result


def per_report(count: int, passes: int = 3) -> dict[str, float]:
    """CPU milliseconds per report: reading and parsing, the single-report rules, and both
    with post-processing (what ``Linter.check_file`` does)."""
    from giar_lint.engine import Linter
    from giar_lint.parse import parse_result
    from giar_lint.plugins import read_input

    linter = Linter()
    with tempfile.TemporaryDirectory(prefix="giar-lint-bench-") as tmp:
        files = [(p, p.read_bytes()) for p in make_corpus(Path(tmp), count)]
        reports = [parse_result(read_input(p, data), str(p)) for p, data in files]

        def parse_all() -> None:
            for p, data in files:
                parse_result(read_input(p, data), str(p))

        def rules_all() -> None:
            for report in reports:
                linter.run_rules(report)

        def check_all() -> None:
            for p, _data in files:
                linter.check_file(p)

        figures = {}
        for name, work in (("parse", parse_all), ("rules", rules_all), ("check", check_all)):
            work()  # warm: grammars, compiled expressions
            best = min(_cpu(work) for _ in range(passes))
            figures[f"{name}_ms"] = 1000 * best / len(files)
    return figures


def parser_floor(count: int, passes: int = 3) -> dict[str, float]:
    """What lark's LALR parses cost by themselves, and so the most reports per second any
    model building and rules on top of them could reach.

    The inputs the grammars receive while the corpus is parsed (the document, and each table
    region) are recorded and parsed again on their own. The tokens are counted by lark's lexer,
    and lark's cost per token is measured on a grammar of one terminal (a line), which tells
    how much of the floor is lark itself rather than the grammars' regular expressions."""
    import lark

    from giar_lint.parse import parse_result
    from giar_lint.plugins import read_input

    recorded: list[tuple[lark.Lark, str]] = []
    original = lark.Lark.parse

    def recording(self: lark.Lark, text: str, *args: object, **kwargs: object) -> object:
        recorded.append((self, text))
        return original(self, text, *args, **kwargs)  # type: ignore[arg-type]

    with tempfile.TemporaryDirectory(prefix="giar-lint-bench-") as tmp:
        files = make_corpus(Path(tmp), count)
        lark.Lark.parse = recording  # type: ignore[method-assign]
        try:
            for p in files:
                parse_result(read_input(p, p.read_bytes()), str(p))
        finally:
            lark.Lark.parse = original  # type: ignore[method-assign]

    def parse_all() -> None:
        for grammar, text in recorded:
            grammar.parse(text)

    parse_all()
    lark_ms = 1000 * min(_cpu(parse_all) for _ in range(passes)) / count
    tokens = sum(sum(1 for _ in grammar.lex(text)) for grammar, text in recorded) / count

    lines = lark.Lark("start: LINE*\nLINE: /[^\\n]*\\n/", parser="lalr")
    sample = "一、本年新收政府信息公开申请数量 10 2 0 0 1 0 13\n" * 200

    def one_terminal() -> None:
        for _ in range(20):
            lines.parse(sample)

    per_token_us = 1e6 * min(_cpu(one_terminal) for _ in range(passes)) / (20 * 200)
    return {
        "lark_ms": lark_ms,
        "tokens": tokens,
        "parses": len(recorded) / count,
        "lark_us_per_token_one_terminal": per_token_us,
        "ceiling_reports_per_s": 1000 / lark_ms,
    }


def reference_loop_ms() -> float:
    """A fixed pure-Python workload, to compare machines (the same as bench_parse.py's)."""

    def work() -> None:
        total = 0
        for i in range(20_000):
            total += i % 7

    return 1000 * statistics.median(_cpu(work) for _ in range(50))


def _cpu(work: Callable[[], None]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def idle_core_speedup(throughput_figures: dict[str, float], cold_start_s: float) -> float:
    """What two idle cores would give, from CPU times (wall times suffer from whatever else
    runs on the machine): --jobs 1 takes its CPU time; --jobs 2 takes its start-up (one cold
    start, serial) plus the rest of its CPU time (all processes) shared by two cores."""
    cpu1 = throughput_figures["jobs1_cpu_s"]
    cpu2 = throughput_figures["jobs2_cpu_s"]
    serial = min(cold_start_s, cpu2)
    return cpu1 / (serial + (cpu2 - serial) / 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="cold starts to time")
    parser.add_argument("--reports", type=int, default=1000, help="size of the corpus")
    parser.add_argument("--repeats", type=int, default=2, help="timed passes over the corpus")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--per-report", type=int, default=200, help="variants timed in this process (0: skip)"
    )
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    figures: dict[str, dict[str, float]] = {
        "cold_start": cold_start(args.runs),
        "throughput": throughput(args.reports, args.repeats),
    }
    if args.per_report:
        figures["per_report"] = per_report(args.per_report)
        figures["parser_floor"] = parser_floor(args.per_report)
    figures["throughput"]["speedup_idle_cores"] = idle_core_speedup(
        figures["throughput"], figures["cold_start"]["check_median_s"]
    )
    # Other processes on the machine skew every figure, the parallel speed-up most of all.
    figures["machine"] = {
        "cores": float(os.cpu_count() or 1),
        "load_before": load_before,
        "reference_loop_ms": reference_loop_ms(),
        "load_after": os.getloadavg()[0],
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    c, t, m = figures["cold_start"], figures["throughput"], figures["machine"]
    print(
        f"cold start, giar-lint check on one report: median {c['check_median_s']:.3f} s "
        f"(min {c['check_min_s']:.3f} s; python -c pass: {c['python_startup_median_s']:.3f} s)"
    )
    print(
        f"throughput on {int(t['reports'])} reports: --jobs 1 {t['jobs1_reports_per_s']:.0f}/s, "
        f"--jobs 2 {t['jobs2_reports_per_s']:.0f}/s, speed-up {t['speedup']:.2f}x, "
        f"identical output: {'yes' if t['identical_output'] else 'NO'}"
    )
    print(
        f"CPU time: --jobs 1 {t['jobs1_cpu_s']:.2f} s, --jobs 2 {t['jobs2_cpu_s']:.2f} s "
        f"(all processes); on two idle cores --jobs 2 would be "
        f"{t['speedup_idle_cores']:.2f}x faster"
    )
    if "per_report" in figures:
        r = figures["per_report"]
        print(
            f"per report, CPU time in one process: read and parse {r['parse_ms']:.2f} ms, "
            f"rules {r['rules_ms']:.2f} ms, whole check {r['check_ms']:.2f} ms"
        )
    if "parser_floor" in figures:
        f = figures["parser_floor"]
        print(
            f"lark alone ({f['parses']:.0f} LALR parses, "
            f"about {f['tokens']:.0f} tokens per report): "
            f"{f['lark_ms']:.2f} ms per report, so at most {f['ceiling_reports_per_s']:.0f} "
            f"reports/s per core with nothing else done; lark costs "
            f"{f['lark_us_per_token_one_terminal']:.1f} µs per token even on a one-terminal grammar"
        )
    print(
        f"machine: {int(m['cores'])} cores, reference loop {m['reference_loop_ms']:.2f} ms, "
        f"load average {m['load_before']:.2f} before and "
        f"{m['load_after']:.2f} after (other processes slow every figure down)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
