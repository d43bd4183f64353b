"""``giar-lint lsp``: a language server on stdio.

What it does, in LSP terms:

- ``textDocument/didOpen`` and ``didSave`` lint at once; ``didChange`` lints after a pause in
  typing (:data:`DEBOUNCE_SECONDS`); ``didClose`` clears the document's diagnostics.
- Diagnostics carry the rule code, the severity, and positions in the negotiated position
  encoding (UTF-16 unless the client offers another, see :mod:`giar_lint.lsp.positions`).
- ``textDocument/codeAction`` offers each fixable finding's fix as a quick fix, and all of a
  document's fixes at once as ``source.fixAll.giar-lint``.
- ``textDocument/hover`` on a finding shows the rule's explanation, legal basis and fix.
- Configuration is found as on the command line (the nearest ``.giar-lint.yaml`` or
  ``pyproject.toml`` upward from the document). It is reloaded when a configuration file changes:
  the server watches them through ``workspace/didChangeWatchedFiles`` where the client supports
  it, and also compares the candidate files' modification times before each lint.
- A baseline named by the configuration (``baseline:``) hides the findings it accepts, matched as
  on the command line against the text in the editor. It is reloaded when it changes (watched
  like the configuration, and compared by modification time before each lint); a broken baseline
  is shown once and the findings are published unfiltered.

Plain-text and Markdown documents are linted (by suffix, or by language id for unsaved ones);
other documents get no diagnostics. Markdown suppression comments are honoured as in ``check``.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from giar_lint import __version__
from giar_lint.baseline import Baseline, BaselineError
from giar_lint.diagnostics import Diagnostic, Fix
from giar_lint.lsp.positions import LineIndex
from giar_lint.suppress import filter_suppressed, is_markdown

logger = logging.getLogger(__name__)

SOURCE = "giar-lint"
DEBOUNCE_SECONDS = 0.3
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.giar-lint"
LINTED_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
LINTED_LANGUAGES = frozenset({"plaintext", "text", "markdown"})
CONFIG_NAMES = (".giar-lint.yaml", ".giar-lint.yml", "pyproject.toml")

#: errors of the rule set as a whole (a broken YAML rule file, two rules with one code)
_RULE_ERRORS = frozenset({"RuleFileError", "PluginError"})

_SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}

_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


@dataclass(frozen=True)
class LintResult:
    """The findings of one version of one document, with what is needed to map them back."""

    version: int | None
    text: str
    index: LineIndex
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class _Linted:
    """What one lint found: the findings to publish, problems to show, the baseline in use."""

    diagnostics: list[Diagnostic]
    errors: tuple[str, ...]
    baseline: Path | None


def _position(pos: tuple[int, int]) -> types.Position:
    return types.Position(line=pos[0], character=pos[1])


def _range(index: LineIndex, span: Any) -> types.Range:
    start, end = index.range(span)
    return types.Range(start=_position(start), end=_position(end))


def _contains(r: types.Range, pos: types.Position) -> bool:
    start = (r.start.line, r.start.character)
    end = (r.end.line, r.end.character)
    here = (pos.line, pos.character)
    return start <= here <= end


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)


Stamp = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class _LoadedBaseline:
    """A baseline file as last read: its stamp, and the file or the one-line problem."""

    stamp: tuple[str, int, int] | None
    baseline: Baseline | None
    error: str | None


def _stat(path: Path) -> tuple[str, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (str(path), st.st_mtime_ns, st.st_size)


def _files_stamp(paths: Iterable[Path]) -> Stamp:
    """Modification stamps of YAML rule files and of the YAML files in rule folders."""
    stamp: list[tuple[str, int, int]] = []
    for p in paths:
        files = sorted(
            f
            for f in (Path(p).rglob("*") if Path(p).is_dir() else [Path(p)])
            if f.suffix in (".yaml", ".yml")
        )
        stamp.extend(s for s in map(_stat, files) if s is not None)
    return tuple(stamp)


def _config_stamp(folder: Path) -> Stamp:
    """Modification stamps of every file that configuration discovery could pick for
    ``folder``: a change (including a new or deleted file) means the configuration is stale."""
    stamp: list[tuple[str, int, int]] = []
    for candidate in (folder, *folder.parents):
        stamp.extend(s for s in (_stat(candidate / n) for n in CONFIG_NAMES) if s is not None)
    return tuple(stamp)


class GiarLanguageServer(LanguageServer):
    """The language server: document state, debounced linting and configuration cache."""

    def __init__(self) -> None:
        super().__init__(
            "giar-lint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.results: dict[str, LintResult] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        #: open documents by their URI as the client spells it (pygls keys its own
        #: documents by the percent-decoded URI; publications must use the client's), with
        #: their language id
        self.languages: dict[str, str] = {}
        self.background: set[asyncio.Future[None]] = set()
        self.debounce = DEBOUNCE_SECONDS
        # Linting runs off the event loop so requests stay answered; one worker keeps the
        # engine's caches single-threaded.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="giar-lint")
        self._stamps: dict[Path, tuple[Stamp, Stamp]] = {}
        #: per folder, the extra rule files and folders its configuration names
        self._rule_paths: dict[Path, tuple[Path, ...]] = {}
        self._config_errors: set[str] = set()
        #: baseline files by absolute path, as last read
        self._baselines: dict[Path, _LoadedBaseline] = {}
        #: file-name globs of baselines the client has been asked to watch
        self._watched_baselines: set[str] = set()
        self.can_watch = False

    # -- configuration -------------------------------------------------------------------------

    def forget_config(self, *, rules: bool = False) -> None:
        """Forget loaded configuration files (and with ``rules``, loaded rule files)."""
        from giar_lint import api

        if rules:
            from giar_lint import plugins

            plugins.reset()
        api.reload_config()
        self._stamps.clear()
        self._rule_paths.clear()
        self._config_errors.clear()
        self._baselines.clear()

    def baseline_at(self, path: Path) -> tuple[Baseline | None, str | None]:
        """The baseline file ``path`` (reread when its modification stamp changed), or the
        one-line problem that makes it unusable."""
        stamp = _stat(path)
        loaded = self._baselines.get(path)
        if loaded is None or loaded.stamp != stamp:
            if loaded is not None and loaded.error is not None:
                # the file changed: if it is still broken, say so again
                self._config_errors.discard(loaded.error)
            try:
                loaded = _LoadedBaseline(stamp, Baseline.load(path), None)
            except BaselineError as exc:
                loaded = _LoadedBaseline(stamp, None, str(exc))
            self._baselines[path] = loaded
        return loaded.baseline, loaded.error

    def forget_baselines(self, paths: Iterable[Path]) -> None:
        """Forget the named baseline files (they are reread at the next lint)."""
        for path in paths:
            loaded = self._baselines.pop(path, None)
            if loaded is not None and loaded.error is not None:
                self._config_errors.discard(loaded.error)

    def watch_baseline(self, path: Path) -> None:
        """Ask the client to report changes to baseline files of this name (once per name)."""
        glob = f"**/{path.name}"
        if not self.can_watch or glob in self._watched_baselines:
            return
        self._watched_baselines.add(glob)
        registration = types.Registration(
            id=f"giar-lint-baseline-watch-{len(self._watched_baselines)}",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=glob)]
            ),
        )
        self._register(registration)

    def _register(self, registration: types.Registration) -> None:
        async def register() -> None:
            try:
                await self.client_register_capability_async(
                    types.RegistrationParams(registrations=[registration])
                )
            except Exception:  # a client that refuses: modification times still work
                logger.info("client refused the file watcher %s", registration.id)

        self.background.add(task := asyncio.ensure_future(register()))
        task.add_done_callback(self.background.discard)

    def config_for(self, path: Path | None, *, check: bool = True) -> tuple[Any, str | None]:
        """The configuration for a document and the one-line error of a broken configuration
        (the defaults apply meanwhile).

        With ``check``, the configuration files that discovery could pick and the rule files
        the configuration names are compared with their state at the last lint, and everything
        is reloaded when one changed. Only the lint worker checks, so reloading never races a
        lint."""
        from giar_lint import api

        folder = (path.parent if path is not None else Path.cwd()).absolute()
        target = path if path is not None else folder / "untitled.txt"
        if check:
            rule_paths = self._rule_paths.get(folder, ())
            stamp = (_config_stamp(folder), _files_stamp(rule_paths))
            previous = self._stamps.get(folder)
            if previous is not None and previous != stamp:
                self.forget_config(rules=previous[1] != stamp[1])
        try:
            config = api.load_config_for(target)
        except Exception as exc:  # a broken config file must not stop the editor's linting
            config, error = api.Config(), str(exc)
        else:
            error = None
        if check and folder not in self._stamps:
            rule_paths = tuple(config.rules)
            self._rule_paths[folder] = rule_paths
            self._stamps[folder] = (_config_stamp(folder), _files_stamp(rule_paths))
        return config, error

    def report_config_error(self, message: str | None) -> None:
        """Show a configuration error once (until the configuration changes)."""
        if message is None or message in self._config_errors:
            return
        self._config_errors.add(message)
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=f"giar-lint: {message}")
        )

    def position_encoding(self) -> str:
        """The negotiated position encoding: "utf-16" (the LSP default), "utf-8" or "utf-32"."""
        kind = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return str(getattr(kind, "value", kind))

    # -- linting -------------------------------------------------------------------------------

    def should_lint(self, uri: str) -> bool:
        path = to_fs_path(uri)
        if path is not None and Path(path).suffix.lower() in LINTED_SUFFIXES:
            return True
        return self.languages.get(uri, "") in LINTED_LANGUAGES

    def _lint_sync(self, uri: str, text: str) -> _Linted:
        from giar_lint import api
        from giar_lint.config import ConfigError

        fs_path = to_fs_path(uri)
        path = Path(fs_path) if fs_path else None
        config, error = self.config_for(path)
        errors = [error] if error is not None else []
        name = str(path) if path is not None else uri
        try:
            found = list(api.lint_text(text, name, config=config))
        except ConfigError as exc:
            # A code or prefix that names no loaded rule: shown like any broken configuration,
            # and the defaults apply meanwhile.
            errors.append(str(exc))
            found = list(api.lint_text(text, name, config=api.Config()))
        except Exception as exc:
            if not getattr(config, "rules", ()) or type(exc).__name__ not in _RULE_ERRORS:
                raise
            # A broken extra rule file: say where, and keep linting with the other rules and
            # the rest of the configuration.
            errors.append(str(exc))
            found = list(api.lint_text(text, name, config=replace(config, rules=())))
        markdown = is_markdown(name) or self.languages.get(uri) == "markdown"
        if markdown:
            found = filter_suppressed(text, found)
        baseline_path: Path | None = getattr(config, "baseline", None)
        if baseline_path is not None and path is not None:
            # An untitled document has no path to match; a broken baseline hides nothing.
            baseline, problem = self.baseline_at(baseline_path)
            if baseline is not None:
                found = baseline.filter(found, {name: text})
            if problem is not None:
                errors.append(problem)
        return _Linted(found, tuple(errors), baseline_path)

    async def lint(self, uri: str) -> None:
        """Lint the current version of a document and publish its diagnostics."""
        if not self.should_lint(uri) or uri not in self.languages:
            return
        doc = self.workspace.get_text_document(uri)
        text, version = doc.source, doc.version
        loop = asyncio.get_running_loop()
        try:
            linted = await loop.run_in_executor(self.executor, self._lint_sync, uri, text)
        except Exception as exc:  # the editor must keep working whatever the input
            logger.exception("lint failed for %s", uri)
            self.window_log_message(
                types.LogMessageParams(
                    type=types.MessageType.Error,
                    message=f"giar-lint: {uri}: {type(exc).__name__}: {exc}",
                )
            )
            return
        for error in linted.errors:
            self.report_config_error(error)
        if linted.baseline is not None:
            self.watch_baseline(linted.baseline)
        found = linted.diagnostics
        if uri not in self.languages:
            return  # closed meanwhile
        current = self.workspace.get_text_document(uri)
        if current.version != version:
            return  # a newer version is on its way; its own lint will publish
        encoding = self.position_encoding()
        index = LineIndex.of(text, encoding)
        self.results[uri] = LintResult(version, text, index, tuple(found))
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                version=version,
                diagnostics=[self.to_lsp(index, d) for d in found],
            )
        )

    def schedule(self, uri: str, delay: float) -> None:
        """Lint after ``delay`` seconds, replacing any lint still waiting for this document."""
        previous = self.pending.pop(uri, None)
        if previous is not None and not previous.done():
            previous.cancel()

        async def run() -> None:
            if delay:
                await asyncio.sleep(delay)
            await self.lint(uri)

        task = asyncio.ensure_future(run())
        self.pending[uri] = task

        def forget(done: asyncio.Task[None]) -> None:
            if self.pending.get(uri) is done:
                del self.pending[uri]

        task.add_done_callback(forget)

    def relint_all(self) -> None:
        for uri in list(self.languages):
            self.schedule(uri, 0)

    def clear(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.results.pop(uri, None)
        self.languages.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    # -- conversions ---------------------------------------------------------------------------

    @staticmethod
    def to_lsp(index: LineIndex, d: Diagnostic) -> types.Diagnostic:
        return types.Diagnostic(
            range=_range(index, d.span),
            message=d.message,
            severity=_SEVERITY.get(d.severity, types.DiagnosticSeverity.Warning),
            code=d.code,
            source=SOURCE,
            data={"name": d.name, "fixable": d.fix is not None},
        )

    @staticmethod
    def edits(index: LineIndex, fix: Fix) -> list[types.TextEdit]:
        return [types.TextEdit(range=_range(index, e.span), new_text=e.content) for e in fix.edits]

    def current_result(self, uri: str) -> LintResult | None:
        """The last lint of the document, if it still describes the text in the editor."""
        result = self.results.get(uri)
        if result is None or uri not in self.languages:
            return None
        doc = self.workspace.get_text_document(uri)
        if doc.version != result.version or doc.source != result.text:
            return None
        return result


server = GiarLanguageServer()


def _warm_up() -> None:
    from giar_lint import api

    try:
        api.explain("E001")
    except Exception:  # a broken rule file is reported when a document is linted
        logger.info("rules could not be loaded in advance", exc_info=True)


@server.feature(types.INITIALIZED)
def _initialized(ls: GiarLanguageServer, params: types.InitializedParams) -> None:
    # Load the rules now, on the lint worker, so the first document opens without that wait.
    ls.background.add(warm := asyncio.get_running_loop().run_in_executor(ls.executor, _warm_up))
    warm.add_done_callback(ls.background.discard)
    caps = ls.client_capabilities
    watch = caps.workspace and caps.workspace.did_change_watched_files
    if not (watch and watch.dynamic_registration):
        return  # configuration changes are still noticed by their modification times
    ls.can_watch = True
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[
            types.FileSystemWatcher(glob_pattern=pattern)
            for pattern in (*(f"**/{name}" for name in CONFIG_NAMES), "**/*.yaml", "**/*.yml")
        ]
    )
    ls._register(
        types.Registration(
            id="giar-lint-config-watch",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
    )


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def _watched_files(ls: GiarLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
    changed = [Path(to_fs_path(c.uri) or c.uri).absolute() for c in params.changes]
    config = any(p.name in CONFIG_NAMES for p in changed)
    known = {r.absolute() for paths in ls._rule_paths.values() for r in paths}
    rules = any(p == r or r in p.parents for p in changed for r in known)
    # configured baseline paths are resolved (symbolic links followed), as the loader does
    baselines = [r for r in (p.resolve() for p in changed) if r in ls._baselines]
    if not (config or rules or baselines):
        return

    def forget() -> None:
        if config or rules:
            ls.forget_config(rules=rules)
        else:
            ls.forget_baselines(baselines)

    # On the lint worker, so that no lint sees half-reloaded state.
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(ls.executor, forget)
    ls.relint_all()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def _did_open(ls: GiarLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.languages[params.text_document.uri] = params.text_document.language_id
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def _did_change(ls: GiarLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, ls.debounce)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def _did_save(ls: GiarLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def _did_close(ls: GiarLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.clear(params.text_document.uri)


def _fix_action(
    ls: GiarLanguageServer, uri: str, result: LintResult, d: Diagnostic
) -> types.CodeAction:
    assert d.fix is not None
    return types.CodeAction(
        title=f"{d.fix.message} ({d.code})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[ls.to_lsp(result.index, d)],
        is_preferred=True,
        edit=types.WorkspaceEdit(changes={uri: ls.edits(result.index, d.fix)}),
    )


def _non_overlapping(fixes: Iterable[Fix]) -> list[Fix]:
    """Fixes whose edits do not overlap an earlier fix's (an editor rejects overlapping edits)."""
    taken: list[tuple[int, int]] = []
    out: list[Fix] = []
    for fix in fixes:
        ranges = [(e.span.start, e.span.end) for e in fix.edits]
        if any((a < y and x < b) or a == b == x == y for a, b in ranges for x, y in taken):
            continue
        taken.extend(ranges)
        out.append(fix)
    return out


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]),
)
def _code_action(
    ls: GiarLanguageServer, params: types.CodeActionParams
) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    result = ls.current_result(uri)
    if result is None:
        return None
    only: Sequence[str] | None = params.context.only
    fixable = [d for d in result.diagnostics if d.fix is not None]
    actions: list[types.CodeAction] = []
    if only is None or any(types.CodeActionKind.QuickFix.value.startswith(k) for k in only):
        for d in fixable:
            if _overlaps(_range(result.index, d.span), params.range):
                actions.append(_fix_action(ls, uri, result, d))
    wants_fix_all = only is None or any(FIX_ALL_KIND.startswith(k) for k in only)
    if wants_fix_all and fixable:
        fixes = _non_overlapping(d.fix for d in fixable if d.fix is not None)
        edits = [edit for fix in fixes for edit in ls.edits(result.index, fix)]
        actions.append(
            types.CodeAction(
                title="giar-lint: 应用全部自动修复",
                kind=FIX_ALL_KIND,
                edit=types.WorkspaceEdit(changes={uri: edits}),
            )
        )
    return actions or None


def _rule_meta(code: str, config: Any) -> Any:
    from giar_lint import api

    try:
        return api.explain(code, config)
    except Exception:  # a broken extra rule file: fall back on the rules that do load
        return api.explain(code)


def explain(d: Diagnostic, meta: Any) -> str:
    """The hover text of a finding: Markdown."""
    severity = _SEVERITY_WORDS.get(d.severity, d.severity)
    lines = [f"**{d.code}** `{d.name}`（{severity}）：{d.message}"]
    if meta is not None:
        if meta.summary:
            lines += ["", meta.summary]
        if meta.description and meta.description != meta.summary:
            lines += ["", meta.description.strip()]
        if meta.basis:
            lines += ["", f"依据：{meta.basis.strip()}"]
    if d.fix is not None:
        lines += ["", f"自动修复：{d.fix.message}"]
    return "\n".join(lines)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def _hover(ls: GiarLanguageServer, params: types.HoverParams) -> types.Hover | None:
    uri = params.text_document.uri
    result = ls.current_result(uri)
    if result is None:
        return None
    hits = [
        d for d in result.diagnostics if _contains(_range(result.index, d.span), params.position)
    ]
    if not hits:
        return None
    fs_path = to_fs_path(uri)
    config, _error = ls.config_for(Path(fs_path) if fs_path else None, check=False)
    text = "\n\n---\n\n".join(explain(d, _rule_meta(d.code, config)) for d in hits)
    first = _range(result.index, hits[0].span)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=first
    )


def start() -> None:
    """Serve on stdio until the client exits."""
    server.start_io()
