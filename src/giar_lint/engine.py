"""The engine: read a report, parse it, run the selected rules, post-process the findings.

Nothing here knows a specific rule: rules (Python and YAML alike) come from
:func:`giar_lint.plugins.all_rules`, readers from :func:`giar_lint.plugins.read_input`.

Post-processing, in order: drop findings of codes that are not enabled, apply per-code severity
overrides (``off`` drops), ``per-file-ignores``, Markdown suppression comments, then sort and
merge duplicates (:func:`giar_lint.diagnostics.finalize`). A rule that raises is reported as one
line naming the rule (kept in :attr:`FileResult.errors`); the other rules still run.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from giar_lint.collector import paused_collection
from giar_lint.config import ALL, Config, check_selectors
from giar_lint.diagnostics import Diagnostic, Edit, finalize

if TYPE_CHECKING:
    from giar_lint.model.report import Report
    from giar_lint.plugins import RuleSet
    from giar_lint.read.result import ReadResult

#: Code category of input-level findings: the only ones reported for an unreadable input
#: (every other rule would only repeat that the text is missing).
INPUT_CATEGORY = "E"
#: Inputs larger than this are not reports (a year's report is well under a megabyte as text,
#: a few tens of megabytes as a PDF with pictures); reading them would only take long.
MAX_INPUT_BYTES = 64 * 1024 * 1024
#: ``--fix`` re-checks after each round; fixes that overlapped wait for the next round.
MAX_FIX_ROUNDS = 8


class FileResult:
    """What checking one input produced.

    A plain class (not a dataclass): it is created for every run, and dataclass creation at
    import costs start-up time under pre-commit.
    """

    __slots__ = (
        "agency",
        "diagnostics",
        "errors",
        "fixed",
        "page_of_line",
        "path",
        "place_of_line",
        "reader",
        "report",
        "summary",
        "text",
        "year",
    )

    def __init__(
        self,
        path: str,
        diagnostics: list[Diagnostic],
        text: str | None = None,
        agency: str | None = None,
        year: int | None = None,
        reader: str = "text",
        errors: list[str] | None = None,
        fixed: int = 0,
        report: Report | None = None,
        summary: dict[str, object] | None = None,
        page_of_line: tuple[int, ...] | None = None,
        place_of_line: tuple[str, ...] | None = None,
    ):
        self.path = path
        self.diagnostics = diagnostics
        #: the text positions refer to (None when nothing could be read)
        self.text = text
        self.agency = agency
        self.year = year
        self.reader = reader
        #: one-line messages about rules that failed on this input (internal errors)
        self.errors: list[str] = errors if errors is not None else []
        #: number of fixes applied (``--fix``)
        self.fixed = fixed
        #: the parsed report, kept for cross-report rules only
        self.report = report
        #: when the report stayed in a worker process: its summary (see
        #: :mod:`giar_lint.parallel`)
        self.summary = summary
        #: per line, the page (PDF) or place (DOCX) of the source, for outputs that show it
        self.page_of_line = page_of_line
        self.place_of_line = place_of_line

    def __repr__(self) -> str:
        return f"FileResult({self.path!r}, {len(self.diagnostics)} findings)"


def _parse(result: ReadResult, path: str) -> Report:
    from giar_lint.parse import parse_result

    return parse_result(result, path)


def _rule_label(rule: object) -> str:
    meta = getattr(rule, "meta", None)
    code = getattr(meta, "code", "?")
    name = getattr(meta, "name", "")
    return f"{code} ({name})" if name else str(code)


class Linter:
    """Runs the rules a :class:`~giar_lint.config.Config` selects."""

    def __init__(self, config: Config | None = None, rules: RuleSet | None = None):
        """Raises :class:`~giar_lint.config.ConfigError` when a configuration file names a
        code or prefix that none of the loaded rules has."""
        from giar_lint.plugins import all_rules

        self.config = config or Config()
        self.ruleset = rules if rules is not None else all_rules(self.config.rules)
        # only now are the codes known that the configuration files may name
        check_selectors(self.config, self.ruleset.codes)
        enabled = self.config.is_enabled
        self.rules = [r for r in self.ruleset.rules if enabled(r.meta.code)]
        self.cross_rules = [r for r in self.ruleset.cross if enabled(r.meta.code)]
        self._input_rules = [r for r in self.rules if r.meta.code.startswith(INPUT_CATEGORY)]

    # -- one report -------------------------------------------------------------------------

    def run_rules(self, report: Report) -> tuple[list[Diagnostic], list[str]]:
        """Raw findings of every enabled single-report rule, and failures of rules."""
        rules = self.rules if report.readable else self._input_rules
        found: list[Diagnostic] = []
        errors: list[str] = []
        for rule in rules:
            try:
                produced = list(rule.check(report))
            except Exception as exc:
                errors.append(
                    f"rule {_rule_label(rule)} failed on {report.path}: {type(exc).__name__}: {exc}"
                )
                continue
            for d in produced:
                if isinstance(d, Diagnostic):
                    found.append(d)
                else:
                    errors.append(
                        f"rule {_rule_label(rule)} produced {type(d).__name__}, not a Diagnostic"
                    )
                    break
        if not report.readable:
            found = [d for d in found if d.code.startswith(INPUT_CATEGORY)]
        return found, errors

    def postprocess(
        self,
        diagnostics: Iterable[Diagnostic],
        path: str,
        text: str | None,
        *,
        page_of_line: Sequence[int] | None = None,
        place_of_line: Sequence[str] | None = None,
    ) -> list[Diagnostic]:
        cfg = self.config
        ignored = cfg.ignored_for(path) if path not in ("", "-") else ()
        out: list[Diagnostic] = []
        for d in diagnostics:
            if not cfg.is_enabled(d.code) or any(p == ALL or d.code.startswith(p) for p in ignored):
                continue
            severity = cfg.severity_for(d.code, d.severity)
            if severity is None:
                continue
            changes: dict[str, object] = {}
            if severity != d.severity:
                changes["severity"] = severity
            if not d.path:
                changes["path"] = path
            extra = _place_data(d, page_of_line, place_of_line)
            if extra:
                changes["data"] = {**d.data, **extra}
            out.append(replace(d, **changes) if changes else d)  # type: ignore[arg-type]
        if text is not None and out:
            out = _suppress(path, text, out)
        return finalize(out)

    def check_report(
        self, report: Report, result: ReadResult | None = None, *, keep_report: bool = False
    ) -> FileResult:
        raw, errors = self.run_rules(report)
        page_of_line = report.page_of_line or (result.page_of_line if result else None)
        place_of_line = result.place_of_line if result else None
        text = report.source.text if report.readable or report.source.text else None
        diagnostics = self.postprocess(
            raw, report.path, text, page_of_line=page_of_line, place_of_line=place_of_line
        )
        return FileResult(
            path=report.path,
            diagnostics=diagnostics,
            text=text,
            agency=report.agency,
            year=report.year,
            reader=result.reader if result else "text",
            errors=errors,
            report=report if keep_report else None,
            page_of_line=tuple(page_of_line) if page_of_line else None,
            place_of_line=tuple(place_of_line) if place_of_line else None,
        )

    def check_result(
        self, result: ReadResult, path: str, *, keep_report: bool = False
    ) -> FileResult:
        with paused_collection():
            try:
                report = _parse(result, path)
            except Exception as exc:  # the parser must never raise; if it does, say so
                return FileResult(
                    path=path,
                    diagnostics=[],
                    text=result.text,
                    reader=result.reader,
                    errors=[f"parser failed on {path}: {type(exc).__name__}: {exc}"],
                )
            return self.check_report(report, result, keep_report=keep_report)

    def check_bytes(self, path: str, data: bytes, *, keep_report: bool = False) -> FileResult:
        from giar_lint.plugins import read_input

        return self.check_result(read_input(Path(path), data), path, keep_report=keep_report)

    def check_text(self, text: str, path: str = "<text>") -> FileResult:
        from giar_lint.read.result import ReadResult

        return self.check_result(ReadResult(text=text), path)

    def check_file(
        self, path: str | Path, *, fix: bool = False, keep_report: bool = False
    ) -> FileResult:
        """Check a file on disk; with ``fix`` apply safe fixes in place first."""
        name = str(path)
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            return self.check_result(_io_problem(exc), name, keep_report=keep_report)
        if len(data) > MAX_INPUT_BYTES:
            return self.check_result(_too_large(), name, keep_report=keep_report)
        if fix:
            return self._fix_file(Path(path), data, keep_report=keep_report)
        return self.check_bytes(name, data, keep_report=keep_report)

    # -- fixes --------------------------------------------------------------------------------

    def _fix_file(self, path: Path, data: bytes, *, keep_report: bool) -> FileResult:
        from giar_lint.plugins import read_input

        name = str(path)
        result = read_input(path, data)
        file_result = self.check_result(result, name, keep_report=keep_report)
        # Fixes edit the file itself, so only inputs whose text is the file's text qualify.
        if result.reader != "text" or result.problem is not None or file_result.text is None:
            return file_result
        text = file_result.text
        total = 0
        for _round in range(MAX_FIX_ROUNDS):
            new_text, applied = apply_fixes(text, file_result.diagnostics)
            if not applied or new_text == text:
                break
            total += applied
            text = new_text
            file_result = self.check_result(
                replace(result, text=text), name, keep_report=keep_report
            )
        if total:
            try:
                encoded = encode_like(text, result.encoding, data)
            except (UnicodeEncodeError, LookupError) as exc:
                file_result = self.check_result(result, name, keep_report=keep_report)
                file_result.errors.append(
                    f"cannot write fixes to {name}: not representable in {result.encoding}: {exc}"
                )
                return file_result
            try:
                path.write_bytes(encoded)
            except OSError as exc:
                file_result = self.check_result(result, name, keep_report=keep_report)
                file_result.errors.append(f"cannot write fixes to {name}: {exc}")
                return file_result
        file_result.fixed = total
        return file_result

    # -- a set of reports ---------------------------------------------------------------------

    def run_cross_rules(self, reports: Sequence[Report]) -> tuple[list[Diagnostic], list[str]]:
        found: list[Diagnostic] = []
        errors: list[str] = []
        readable = [r for r in reports if r.readable]
        if len(readable) < 2:
            return found, errors
        for rule in self.cross_rules:
            try:
                produced = list(rule.check_reports(readable))
            except Exception as exc:
                errors.append(f"rule {_rule_label(rule)} failed: {type(exc).__name__}: {exc}")
                continue
            found.extend(d for d in produced if isinstance(d, Diagnostic) and d.path)
        return found, errors


def _place_data(
    d: Diagnostic, page_of_line: Sequence[int] | None, place_of_line: Sequence[str] | None
) -> dict[str, object]:
    extra: dict[str, object] = {}
    index = d.span.line - 1
    if page_of_line and "page" not in d.data and 0 <= index < len(page_of_line):
        extra["page"] = page_of_line[index]
    if place_of_line and "place" not in d.data and 0 <= index < len(place_of_line):
        if place_of_line[index]:
            extra["place"] = place_of_line[index]
    return extra


_suppress_fn: Callable[[str, str, list[Diagnostic]], list[Diagnostic]] | None = None


def _suppress(path: str, text: str, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Markdown suppression comments (``<!-- giar-lint: disable=CODE -->``)."""
    global _suppress_fn
    if _suppress_fn is None:
        try:
            from giar_lint.suppress import apply_suppressions
        except ImportError:
            return diagnostics

        _suppress_fn = apply_suppressions
    return list(_suppress_fn(path, text, diagnostics))


def _io_problem(exc: OSError) -> ReadResult:
    from giar_lint.model.report import ReadingProblem
    from giar_lint.read.result import ReadResult

    reason = exc.strerror or type(exc).__name__
    return ReadResult(
        text="", problem=ReadingProblem("io-error", f"无法读取文件：{reason}"), reader="none"
    )


def _too_large() -> ReadResult:
    from giar_lint.model.report import ReadingProblem
    from giar_lint.read.result import ReadResult

    limit = MAX_INPUT_BYTES // (1024 * 1024)
    problem = ReadingProblem("unreadable", f"文件超过 {limit} MB，不是一份年度报告")
    return ReadResult(text="", problem=problem, reader="none")


def apply_fixes(text: str, diagnostics: Iterable[Diagnostic]) -> tuple[str, int]:
    """Apply every fix whose edits overlap no edit of a fix taken before; a fix is applied whole
    or not at all. Returns the new text and the number of fixes applied."""
    taken: list[Edit] = []
    count = 0
    for d in diagnostics:
        if d.fix is None or not d.fix.edits:
            continue
        edits = sorted(d.fix.edits, key=lambda e: (e.span.start, e.span.end))
        if any(e.span.start < 0 or e.span.end > len(text) for e in edits):
            continue
        if _overlaps(edits, edits) or any(_overlaps([e], taken) for e in edits):
            continue
        taken.extend(edits)
        count += 1
    if not taken:
        return text, 0
    pieces: list[str] = []
    cursor = 0
    for e in sorted(taken, key=lambda e: e.span.start):
        pieces.append(text[cursor : e.span.start])
        pieces.append(e.content)
        cursor = e.span.end
    pieces.append(text[cursor:])
    return "".join(pieces), count


def _overlaps(a: Sequence[Edit], b: Sequence[Edit]) -> bool:
    for x in a:
        for y in b:
            if x is y:
                continue
            # two insertions at one point conflict too: their order would be arbitrary
            if x.span.start < y.span.end and y.span.start < x.span.end:
                return True
            if x.span.start == y.span.start and (
                x.span.start == x.span.end or y.span.start == y.span.end
            ):
                return True
    return False


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def encode_like(text: str, encoding: str, original: bytes) -> bytes:
    """Encode ``text`` in the original file's encoding, with the original byte-order mark and
    byte order (line ends are part of ``text`` and stay as they were)."""
    name = codecs.lookup(encoding).name
    family = name.split("-")[0] + "-" + name.split("-")[1] if "-" in name else name
    for bom, enc in _BOMS:
        if original.startswith(bom) and enc.startswith(family):
            return bom + text.encode(enc)
    if name == "utf-8-sig":
        return text.encode("utf-8")
    if name in ("utf-16", "utf-32"):  # no mark in the original: keep none
        return text.encode(name + "-le")
    return text.encode(encoding)
