"""Instructions per report, counted by valgrind's callgrind (run by hand:
``python benchmarks/bench_instructions.py [lark parse rules check]``).

Wall and CPU times on a shared or virtual machine drift by tens of percent from one minute to the
next; instruction counts do not: the same code on the same inputs gives the same count, whatever
else the machine is doing. That makes them the measure for comparing two versions of the code.

Each stage is run under callgrind twice, once warming up only (grammars built, rules loaded,
every seed checked once) and once warming up and then doing the stage's work on the five seed
reports ``ROUNDS`` times; the difference divided by the reports done is the count per report:

- ``lark``: the LALR parses alone (the document and each table region, as recorded while the
  seeds are parsed): the part of parsing that is lark's, not ours;
- ``parse``: ``parse_text`` (reading the structure and tables into the model, lark included);
- ``rules``: every enabled rule on an already parsed report;
- ``check``: ``Linter.check_text``: parse, rules and post-processing.

Needs ``valgrind`` (Debian package ``valgrind``); about a minute per stage.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
STAGES = ("lark", "parse", "rules", "check")
ROUNDS = 4


def work(stage: str, rounds: int) -> None:
    """What one callgrind run executes (in this script, started with ``--work``)."""
    sys.path.insert(0, str(ROOT / "src"))
    from giar_lint.engine import Linter
    from giar_lint.parse import parse_text

    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    linter = Linter()
    for name, text in texts:  # warm: grammars, compiled expressions, caches
        linter.check_text(text, name)
    reports = [parse_text(text, name) for name, text in texts]
    recorded: list[tuple[object, str]] = []
    if stage == "lark":
        import lark

        original = lark.Lark.parse

        def recording(self: lark.Lark, text: str, *args: object, **kwargs: object) -> object:
            recorded.append((self, text))
            return original(self, text, *args, **kwargs)  # type: ignore[arg-type]

        lark.Lark.parse = recording  # type: ignore[method-assign]
        try:
            for name, text in texts:
                parse_text(text, name)
        finally:
            lark.Lark.parse = original  # type: ignore[method-assign]
    # The pipeline pauses the cyclic collector while it parses and checks; so does this loop,
    # which also keeps the collector's passes (which depend on the heap) out of the counts.
    gc.disable()
    for _ in range(rounds):
        if stage == "lark":
            for grammar, text in recorded:
                grammar.parse(text)  # type: ignore[attr-defined]
        elif stage == "parse":
            for name, text in texts:
                parse_text(text, name)
        elif stage == "rules":
            for report in reports:
                linter.run_rules(report)
        else:
            for name, text in texts:
                linter.check_text(text, name)


def instructions(stage: str, rounds: int) -> int:
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--work",
        stage,
        str(rounds),
    ]
    # A fixed hash seed: set and dict layouts, and so the counts, are the same from run to run.
    # No rule cache: whether a run finds it written would change the warm-up's count.
    env = {**os.environ, "PYTHONHASHSEED": "0", "GIAR_LINT_NO_CACHE": "1"}
    proc = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    for line in proc.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split()[-1])
    raise RuntimeError(f"callgrind printed no count:\n{proc.stderr[-2000:]}")


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--work":
        work(sys.argv[2], int(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stages", nargs="*", metavar="STAGE", help=f"of {', '.join(STAGES)}")
    args = parser.parse_args()
    unknown = [s for s in args.stages if s not in STAGES]
    if unknown:
        parser.error(f"unknown stage {unknown[0]!r} (choose from {', '.join(STAGES)})")
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    reports = ROUNDS * len(list(SEEDS.glob("*.txt")))
    for stage in args.stages or STAGES:
        count = instructions(stage, ROUNDS) - instructions(stage, 0)
        print(f"{stage:<6} {count / reports / 1e6:8.2f} M instructions per report")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
