"""``giar-lint check``: lint files and folders of reports.

Exit codes: 0 nothing at or above the fail level (or ``--exit-zero``); 1 findings at or above
it; 2 usage, configuration or rule-file errors, or an internal error (a rule or the parser
failed). Findings go to standard output; progress, the summary and problems go to standard
error, so machine-readable formats stay clean.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from giar_lint.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from giar_lint.config import Config, ConfigError, find_config_file, load_config
from giar_lint.diagnostics import SEVERITY_RANK, Diagnostic, finalize

if TYPE_CHECKING:
    from giar_lint.engine import FileResult, Linter

STDIN = "-"
#: Files that document a folder rather than report anything: skipped by directory search
#: (they are still checked when named on the command line).
PROJECT_FILE_PREFIXES = ("readme", "changelog", "changes", "contributing", "license", "history")
#: Below this many files a process pool costs more than it saves (unless --jobs is given).
PARALLEL_THRESHOLD = 8

FORMAT_MODULES = {
    "concise": "giar_lint.output.concise",
    "full": "giar_lint.output.full",
    "json": "giar_lint.output.json_out",
    "sarif": "giar_lint.output.sarif",
    "github": "giar_lint.output.github",
    "csv": "giar_lint.output.csv_out",
}


class UsageError(Exception):
    """A problem with the command line or its files: one line on stderr, exit 2."""


def _err(message: str) -> None:
    one_line = " ".join(message.splitlines())  # an exception's text may span lines
    print(f"giar-lint: {one_line}", file=sys.stderr)


# -- configuration per file -------------------------------------------------------------------


@dataclass(frozen=True)
class Overrides:
    """The command-line options that change a configuration."""

    select: tuple[str, ...] | None
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]
    rules: tuple[str, ...]
    fail_on: str | None
    config: str | None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Overrides:
        rules = tuple(str(Path(r).absolute()) for r in (args.rules or ()))
        for r in rules:
            if not Path(r).exists():
                raise UsageError(f"--rules: {r} does not exist")
        return cls(
            select=tuple(args.select) if args.select is not None else None,
            extend_select=tuple(args.extend_select or ()),
            ignore=tuple(args.ignore or ()),
            rules=rules,
            fail_on=args.fail_on,
            config=str(Path(args.config).absolute()) if args.config else None,
        )

    def apply(self, config: Config) -> Config:
        return config.with_overrides(
            select=self.select,
            extend_select=self.extend_select,
            ignore=self.ignore,
            rules=self.rules,
            fail_on=self.fail_on,
        )


class Linters:
    """One :class:`Linter` per configuration file in use (a process-local cache)."""

    def __init__(self, overrides: Overrides):
        self.overrides = overrides
        self._by_config: dict[str | None, Linter] = {}
        self._by_folder: dict[str, str | None] = {}

    def config_key(self, path: str | None) -> str | None:
        """The configuration file that applies to ``path`` (None: defaults)."""
        if self.overrides.config:
            return self.overrides.config
        found = find_config_file(path if path else ".")
        return str(found) if found else None

    def file_config_key(self, path: str) -> str | None:
        """:meth:`config_key` of a file known to exist and not to be a folder, looked up once
        per folder (a review run checks hundreds of files in a few folders)."""
        if self.overrides.config:
            return self.overrides.config
        folder = str(Path(path).absolute().parent)
        if folder not in self._by_folder:
            self._by_folder[folder] = self.config_key(folder)
        return self._by_folder[folder]

    def get(self, key: str | None) -> Linter:
        linter = self._by_config.get(key)
        if linter is None:
            from giar_lint.engine import Linter

            base = load_config(key) if key else Config()
            linter = Linter(self.overrides.apply(base))
            self._by_config[key] = linter
        return linter

    def all(self) -> list[Linter]:
        return list(self._by_config.values())


# -- finding the files ------------------------------------------------------------------------


def discover(paths: Sequence[str], linters: Linters, suffixes: Sequence[str]) -> list[str]:
    """Files to check, in a stable order: explicit files as given, folders searched
    recursively (sorted, hidden folders skipped, ``exclude`` respected)."""
    out: list[str] = []
    seen: set[str] = set()
    wanted = tuple(s.lower() for s in suffixes)
    for raw in paths:
        if raw == STDIN:
            out.append(STDIN)
            continue
        p = Path(raw)
        if p.is_dir():
            for file in _walk(p, linters, wanted):
                key = os.path.normcase(os.path.abspath(file))
                if key not in seen:
                    seen.add(key)
                    out.append(file)
        elif p.exists():
            key = os.path.normcase(os.path.abspath(raw))
            if key not in seen:
                seen.add(key)
                out.append(raw)
        else:
            raise UsageError(f"{raw}: no such file or folder")
    return out


def _walk(root: Path, linters: Linters, suffixes: tuple[str, ...]) -> Iterator[str]:
    for folder, dirs, files in os.walk(root):
        config = linters.get(linters.config_key(folder)).config
        kept = []
        for d in sorted(dirs):
            if d.startswith(".") or d in ("__pycache__", "node_modules"):
                continue
            if config.is_excluded(os.path.join(folder, d)):
                continue
            kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            lower = name.lower()
            if not lower.endswith(suffixes) or name.startswith("."):
                continue
            if lower.startswith(PROJECT_FILE_PREFIXES):  # a folder's README is not a report
                continue
            full = os.path.join(folder, name)
            # only regular files: a named pipe found on the way would block the run
            if os.path.isfile(full) and not config.is_excluded(full):
                yield full


# -- running ----------------------------------------------------------------------------------

_worker_linters: Linters | None = None
_worker_fix = False
_worker_keep = False


def _init_worker(overrides: Overrides, fix: bool, keep_report: bool) -> None:
    global _worker_linters, _worker_fix, _worker_keep
    if _worker_linters is None or _worker_linters.overrides != overrides:
        _worker_linters = Linters(overrides)
    _worker_fix = fix
    _worker_keep = keep_report


def _check_path(task: tuple[str, str | None]) -> FileResult:
    path, key = task
    assert _worker_linters is not None
    try:
        return _worker_linters.get(key).check_file(path, fix=_worker_fix, keep_report=_worker_keep)
    except Exception as exc:  # one file's internal error must not lose the other files
        from giar_lint.engine import FileResult

        message = f"internal error on {path}: {type(exc).__name__}: {exc}"
        return FileResult(path=path, diagnostics=[], errors=[message])


class _SerialRunner:
    """Checks files one after the other in this process."""

    def __enter__(self) -> _SerialRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def check(
        self, tasks: Sequence[tuple[str, str | None]], on_result: Any = None
    ) -> list[FileResult]:
        results = []
        for task in tasks:
            results.append(_check_path(task))
            if on_result is not None:
                on_result()
        return results

    def report_of(self, index: int, result: FileResult) -> Any:
        return result.report


class _ParallelRunner:
    """Checks files on worker processes (:mod:`giar_lint.parallel`)."""

    def __init__(self, jobs: int, linters: Linters, fix: bool, keep_report: bool):
        import gc

        from giar_lint.parallel import Pool

        gc.freeze()  # the loaded rules are shared with forked workers, not copied by the collector
        self.pool = Pool(
            jobs,
            _check_path,
            _init_worker,
            (linters.overrides, fix, keep_report),
            keep_reports=keep_report,
        )

    def __enter__(self) -> _ParallelRunner:
        self.pool.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        import gc

        self.pool.__exit__(*exc)
        gc.unfreeze()

    def check(
        self, tasks: Sequence[tuple[str, str | None]], on_result: Any = None
    ) -> list[FileResult]:
        return self.pool.check(tasks, on_result)

    def report_of(self, index: int, result: FileResult) -> Any:
        if result.report is not None:
            return result.report
        if result.summary is not None:
            return self.pool.lazy_report(index, result.summary)
        return None


def _runner(
    linters: Linters, *, fix: bool, keep_report: bool, jobs: int, count: int
) -> _SerialRunner | _ParallelRunner:
    global _worker_linters
    _init_worker(linters.overrides, fix, keep_report)
    _worker_linters = linters  # forked workers inherit the loaded configurations and rules
    if jobs <= 1 or count <= 1:
        return _SerialRunner()
    # Load the reader, parser and grammars once here, so forked workers inherit them warm.
    next(iter(linters.all())).check_text("", "<warm-up>")
    return _ParallelRunner(min(jobs, count), linters, fix, keep_report)


class Progress:
    """A one-line progress bar on standard error (only on a terminal, never under CI)."""

    def __init__(self, total: int):
        self.total = total
        self.done = 0
        self._last = 0.0

    @staticmethod
    def wanted(args: argparse.Namespace, total: int) -> bool:
        if args.quiet or args.no_progress or total < 2:
            return False
        if os.environ.get("CI") or os.environ.get("GITHUB_ACTIONS"):
            return False
        try:
            return sys.stderr.isatty()
        except (AttributeError, ValueError):
            return False

    def step(self) -> None:
        import time

        self.done += 1
        now = time.monotonic()
        if now - self._last < 0.1 and self.done < self.total:
            return
        self._last = now
        width = 30
        filled = width * self.done // self.total
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {self.done}/{self.total}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\r" + " " * 50 + "\r")
        sys.stderr.flush()


def _cross_report(
    results: list[FileResult],
    linters: Linters,
    keys: Sequence[str | None],
    runner: _SerialRunner | _ParallelRunner,
) -> list[str]:
    """Run cross-report rules over all reports of the run; findings go to their files."""
    errors: list[str] = []
    by_path = {r.path: (r, key) for r, key in zip(results, keys, strict=True)}
    reports = [
        report
        for index, result in enumerate(results)
        if (report := runner.report_of(index, result)) is not None
    ]
    for key in dict.fromkeys(keys):
        linter = linters.get(key)
        if not linter.cross_rules:
            continue
        found, errs = linter.run_cross_rules(reports)
        errors.extend(errs)
        grouped: dict[str, list[Diagnostic]] = {}
        for d in found:
            grouped.setdefault(d.path, []).append(d)
        for path, diags in grouped.items():
            entry = by_path.get(path)
            if entry is None or entry[1] != key:
                continue
            result = entry[0]
            extra = linter.postprocess(
                diags,
                path,
                result.text,
                page_of_line=result.page_of_line,
                place_of_line=result.place_of_line,
            )
            result.diagnostics = finalize([*result.diagnostics, *extra])
    for r in results:
        r.report = None
        r.summary = None
    return errors


def _read_stdin(
    args: argparse.Namespace, linters: Linters, keep_report: bool
) -> tuple[FileResult, str | None]:
    name = args.stdin_filename or STDIN
    key = linters.config_key(args.stdin_filename if args.stdin_filename else None)
    data = sys.stdin.buffer.read()
    linter = linters.get(key)
    result = linter.check_bytes(name, data, keep_report=keep_report)
    if args.fix and result.text is not None and result.reader == "text":
        from giar_lint.engine import apply_fixes

        text = result.text
        total = 0
        for _round in range(8):
            new_text, applied = apply_fixes(text, result.diagnostics)
            if not applied:
                break
            total += applied
            text = new_text
            result = linter.check_text(text, name)
        # with standard input, the fixed text is the output and findings go to stderr
        sys.stdout.write(text)
        sys.stdout.flush()
        result.fixed = total
    return result, key


# -- the command ------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except UsageError as exc:
        _err(str(exc))
        return EXIT_ERROR
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        message = _rule_file_error(exc)
        if message is None:
            raise
        print(message, file=sys.stderr)
        return EXIT_ERROR


def _rule_file_error(exc: Exception) -> str | None:
    """The one-line message of a broken rule file or rule set, or None for other errors."""
    from giar_lint.plugins import PluginError

    if isinstance(exc, PluginError):
        return f"giar-lint: {exc}"
    if type(exc).__name__ == "RuleFileError" and hasattr(exc, "path"):
        path = getattr(exc, "path", "?")
        line = getattr(exc, "line", 1) or 1
        column = getattr(exc, "column", 1) or 1
        message = getattr(exc, "message", None) or str(exc)
        return f"{path}:{line}:{column}: {message}"
    return None


def _check_selectors(overrides: Overrides, linters: Linters) -> None:
    """A code or prefix on the command line that names no rule is a typo, not a wish to check
    nothing: say so instead of silently selecting or ignoring nothing."""
    from giar_lint.config import ALL

    known = {code for linter in linters.all() for code in linter.ruleset.codes}
    for option, selectors in (
        ("--select", overrides.select or ()),
        ("--extend-select", overrides.extend_select),
        ("--ignore", overrides.ignore),
    ):
        for selector in selectors:
            if selector != ALL and not any(code.startswith(selector) for code in known):
                raise UsageError(f"{option}: no rule code starts with {selector!r}")


def _warn_empty_rule_folders(linters: Linters) -> None:
    """A ``rules`` folder (configured or ``--rules``) without rule files adds no rule: most
    likely the wrong folder, so say so once per folder."""
    from giar_lint.rules.yaml import RULE_SUFFIXES, rule_files

    seen: set[Path] = set()
    for linter in linters.all():
        for folder in linter.config.rules:
            if folder in seen or not folder.is_dir():
                continue
            seen.add(folder)
            if not rule_files([folder]):
                _err(
                    f"warning: {folder}: no rule files ({', '.join(RULE_SUFFIXES)}) in this folder"
                )


def _run(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.no_baseline and (args.baseline or args.write_baseline):
        option = "--baseline" if args.baseline else "--write-baseline"
        raise UsageError(f"--no-baseline cannot be combined with {option}")
    overrides = Overrides.from_args(args)
    if overrides.config and not Path(overrides.config).is_file():
        raise UsageError(f"--config: {args.config}: no such file")
    linters = Linters(overrides)

    paths = list(args.paths)
    use_stdin = STDIN in paths or (args.stdin_filename is not None and not paths)
    paths = [p for p in paths if p != STDIN]
    if not paths and not use_stdin:
        paths = ["."]

    from giar_lint import plugins

    suffixes = plugins.input_suffixes()
    files = discover(paths, linters, suffixes)
    keys = [linters.file_config_key(f) for f in files]
    for key in dict.fromkeys(keys):
        linters.get(key)  # load every configuration and rule set before any work
    stdin_key = linters.config_key(args.stdin_filename) if use_stdin else None
    if use_stdin:
        linters.get(stdin_key)
    _check_selectors(overrides, linters)
    if not args.quiet:
        if not files and not use_stdin:
            # not an error (a folder waiting for this year's reports), but worth a word
            _err(
                "warning: no report files found under the given paths "
                f"(looked for {', '.join(suffixes)})"
            )
        _warn_empty_rule_folders(linters)
    if args.write_baseline and not args.baseline:
        if not any(linter.config.baseline for linter in linters.all()):
            raise UsageError("--write-baseline needs --baseline FILE or a configured baseline")
    # Reports travel back from worker processes only when rules over several reports need them.
    several = len(files) + int(use_stdin) > 1
    keep_report = several and any(linters.get(k).cross_rules for k in dict.fromkeys(keys))

    jobs = args.jobs or _default_jobs(len(files))
    progress = Progress(len(files)) if Progress.wanted(args, len(files)) else None
    tasks = list(zip(files, keys, strict=True))
    errors: list[str] = []
    runner = _runner(linters, fix=args.fix, keep_report=keep_report, jobs=jobs, count=len(tasks))
    with runner:
        results = runner.check(tasks, progress.step if progress else None)
        if progress:
            progress.close()
        if use_stdin:
            stdin_result, stdin_key = _read_stdin(args, linters, keep_report)
            results.append(stdin_result)
            keys.append(stdin_key)
        if keep_report:
            # inside the pool: reports that stayed in a worker are fetched from it on demand
            errors += _cross_report(results, linters, keys, runner)
    for r in results:
        errors.extend(r.errors)

    texts = {r.path: r.text for r in results if r.text is not None}
    diagnostics = _apply_baselines(args, results, keys, linters, texts)

    for message in errors:
        _err(message)

    fmt = args.output_format or "concise"
    out = sys.stderr if (use_stdin and args.fix) else sys.stdout
    _prepare_stream(out, machine=fmt not in ("concise", "full"))
    all_linters = linters.all()
    context = _context(results, all_linters)
    context.errors = [*plugins.plugin_problems(), *errors]
    if args.statistics:
        _write_statistics(diagnostics, context, out, fmt)
    else:
        import importlib

        writer: Any = importlib.import_module(FORMAT_MODULES[fmt])
        writer.write(diagnostics, context, out)
    out.flush()

    if not args.quiet:
        _summary(results, diagnostics)

    if errors:
        return EXIT_ERROR
    fail_level = _fail_level(args, all_linters)
    threshold = SEVERITY_RANK[fail_level]
    failing = any(SEVERITY_RANK.get(d.severity, 2) >= threshold for d in diagnostics)
    if failing and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


def _apply_baselines(
    args: argparse.Namespace,
    results: Sequence[FileResult],
    keys: Sequence[str | None],
    linters: Linters,
    texts: dict[str, str],
) -> list[Diagnostic]:
    """The findings to report after the baseline: ``--baseline`` for every file, else each
    file's configured ``baseline`` (none with ``--no-baseline``). With ``--write-baseline`` the
    findings are written instead; files without a baseline keep theirs. A baseline that cannot
    be read is a :class:`UsageError` naming the file."""
    # Which baseline applies to each file's findings, in the order of the run.
    groups: list[tuple[Path | None, list[Diagnostic]]] = []
    for result, key in zip(results, keys, strict=True):
        if args.baseline:
            target: Path | None = Path(args.baseline)
        elif args.no_baseline:
            target = None
        else:
            target = linters.get(key).config.baseline
        groups.append((target, list(result.diagnostics)))
    by_target: dict[Path, list[Diagnostic]] = {}
    for target, diagnostics in groups:
        if target is not None:
            by_target.setdefault(target, []).extend(diagnostics)
    if not by_target:
        return [d for _target, diagnostics in groups for d in diagnostics]

    from giar_lint import baseline

    kept_ids: set[int] = set()
    try:
        for target, diagnostics in by_target.items():
            if args.write_baseline:
                count = baseline.write_baseline(target, diagnostics, texts)
                if not args.quiet:
                    _err(f"wrote {count} findings to {target}")
            else:
                kept = baseline.Baseline.load(target).filter(diagnostics, texts)
                kept_ids.update(id(d) for d in kept)
    except baseline.BaselineError as exc:
        raise UsageError(str(exc)) from None
    return [
        d
        for target, diagnostics in groups
        for d in diagnostics
        if target is None or id(d) in kept_ids
    ]


def _prepare_stream(stream: Any, *, machine: bool) -> None:
    """Machine formats are always UTF-8; text for people never fails on a narrow console."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None or encoding in ("utf-8", "utf8"):
        return
    try:
        if machine:
            reconfigure(encoding="utf-8")
        else:
            reconfigure(errors="backslashreplace")
    except (ValueError, OSError):
        pass


def _default_jobs(count: int) -> int:
    if count < PARALLEL_THRESHOLD:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, count))


def _fail_level(args: argparse.Namespace, linters: list[Linter]) -> str:
    if args.fail_on:
        return str(args.fail_on)
    levels = [linter.config.fail_level for linter in linters] or ["error"]
    # several configurations: the strictest one decides
    return min(levels, key=lambda s: SEVERITY_RANK[s])


def _context(results: list[FileResult], linters: list[Linter]) -> Any:
    from giar_lint.output.context import OutputContext

    metas = {}
    sources: dict[str, str] = {}
    for linter in linters:
        for meta in linter.ruleset.metas():
            metas.setdefault(meta.code, meta)
        for code, source in linter.ruleset.sources.items():
            sources.setdefault(code, source)
    return OutputContext(files={r.path: r for r in results}, rules=metas, sources=sources)


def _write_statistics(diagnostics: list[Diagnostic], context: Any, out: Any, fmt: str) -> None:
    counts = Counter(d.code for d in diagnostics)
    names = {d.code: d.name for d in diagnostics}
    severities: dict[str, Counter[str]] = {}
    for d in diagnostics:
        severities.setdefault(d.code, Counter())[d.severity] += 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if fmt in ("json", "sarif"):
        import json

        data = [
            {
                "code": code,
                "name": names[code],
                "count": n,
                "severity": severities[code].most_common(1)[0][0],
            }
            for code, n in rows
        ]
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    for code, n in rows:
        severity = severities[code].most_common(1)[0][0]
        out.write(f"{n:>6}  {code:<6} [{severity}] {names[code]}\n")


def _summary(results: list[FileResult], diagnostics: list[Diagnostic]) -> None:
    per_severity = Counter(d.severity for d in diagnostics)
    with_errors = len({d.path for d in diagnostics if d.severity == "error"})
    fixed = sum(r.fixed for r in results)
    files = len(results)
    parts = [
        f"{files} file{'s' if files != 1 else ''} checked",
        f"{per_severity['error']} error(s), {per_severity['warning']} warning(s), "
        f"{per_severity['info']} info",
        f"{with_errors} file(s) with errors",
    ]
    if fixed:
        parts.append(f"{fixed} fix(es) applied")
    print("giar-lint: " + "; ".join(parts) + ".", file=sys.stderr)
