"""Parse-time benchmark (run by hand: ``python benchmarks/bench_parse.py``).

Prints, for each example report, the median time of ``parse_text`` over many runs (CPU time of
this process, so other load on the machine matters less), the reports per second that makes,
and how the time grows with input size: a 1 MB input against a 10 KB report (the target is at
most about 110 times as long, i.e. linear). A pure-Python reference loop is timed too, so
numbers from machines of different speed can be compared.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from giar_lint.parse import parse_text  # noqa: E402


def cpu_times(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return times


def cpu_median(fn: Callable[[], object], runs: int) -> float:
    return statistics.median(cpu_times(fn, runs))


def reference_loop() -> float:
    """Milliseconds for a fixed pure-Python workload, to compare machines (and load)."""

    def work() -> int:
        total = 0
        for i in range(20_000):
            total += i % 7
        return total

    return cpu_median(work, 50) * 1000


def sized(text: str, size: int) -> str:
    """A report text of about ``size`` characters: the report repeated or cut."""
    out = text
    while len(out) < size:
        out += "\n" + text
    return out[:size]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument(
        "paths", nargs="*", type=Path, default=sorted((ROOT / "tests/fixtures/seeds").glob("*.txt"))
    )
    args = parser.parse_args()

    texts = {p.name: p.read_text(encoding="utf-8") for p in args.paths}
    start = time.perf_counter()
    parse_text(next(iter(texts.values())))
    print(f"first parse (grammar loading included): {(time.perf_counter() - start) * 1000:.1f} ms")
    print(f"reference loop (machine speed, lower is faster): {reference_loop():.2f} ms")
    print()
    print(f"{'report':<32} {'chars':>6} {'median ms':>10} {'min ms':>8} {'reports/s':>10}")
    medians = []
    for name, text in texts.items():
        times = cpu_times(lambda text=text: parse_text(text), args.runs)
        median = statistics.median(times)
        medians.append(median)
        print(
            f"{name:<32} {len(text):>6} {median * 1000:>10.2f} {min(times) * 1000:>8.2f}"
            f" {1 / median:>10.0f}"
        )
    overall = statistics.median(medians)
    print(f"{'median over reports':<32} {'':>6} {overall * 1000:>10.2f} {1 / overall:>10.0f}")

    print()
    base = max(texts.values(), key=len)
    small = sized(base, 10_000)
    large = sized(base, 1_000_000)
    t_small = cpu_median(lambda: parse_text(small), max(10, args.runs // 4))
    t_large = cpu_median(lambda: parse_text(large), 3)
    ratio = t_large / t_small
    print(f"10 KB input: {t_small * 1000:.2f} ms; 1 MB input: {t_large * 1000:.0f} ms")
    print(f"ratio 1 MB / 10 KB: {ratio:.0f} (size ratio 100; target at most about 110)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
