"""The language server, end to end: a real LSP client talks JSON-RPC to ``giar-lint lsp`` over
its standard input and output."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
ERRORS_SEED = "004_006a45e46abc384b.txt"
CLEAN_SEED = "000_80769d72cf641a83.txt"
TIMEOUT = 20.0

#: A report line with a document number in the wrong brackets (R601, fixable), after a character
#: outside the BMP, so that UTF-16 positions differ from code-point columns on that line.
BRACKETS_LINE = "𠀀另按国办函(2020)109号执行。"


class RecordingClient(LanguageClient):
    """pytest-lsp's client that also records every publication (with its document version)
    and every capability the server registers."""

    def __init__(self) -> None:
        super().__init__(converter_factory=default_converter)
        self.published: list[tuple[str, int | None]] = []
        self.registrations: list[types.Registration] = []


def make_client() -> RecordingClient:
    client = RecordingClient()
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
        client.published.append((params.uri, params.version))
        client.diagnostics[params.uri] = params.diagnostics

    def register(client: RecordingClient, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.CLIENT_REGISTER_CAPABILITY] = register
    register_lsp_features(client, features)
    return client


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "giar_lint", "lsp"], client_factory=make_client
)


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):
    """One server for the module (starting one costs about a second); each test opens its own
    documents in its own folder."""
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=tmp_path_factory.mktemp("workspace").as_uri(),
        )
    )
    yield
    await lsp_client.shutdown_session()


#: as some clients start servers: with --stdio
STDIO_SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "giar_lint", "lsp", "--stdio"], client_factory=make_client
)


@pytest_lsp.fixture(config=STDIO_SERVER, scope="module")
async def nvim_client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):
    """A client with Neovim's capabilities, which prefers UTF-8 positions."""
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("neovim@v0.11.0"),
            root_uri=tmp_path_factory.mktemp("nvim").as_uri(),
        )
    )
    yield
    await lsp_client.shutdown_session()


# -- helpers ------------------------------------------------------------------------------------


def utf16_offset(text: str, line: int, character: int) -> int:
    """Python string index of an LSP (line, UTF-16 character) position in ``text``."""
    lines = text.split("\n")
    before = sum(len(x) + 1 for x in lines[:line])
    units = lines[line].encode("utf-16-le")[: 2 * character].decode("utf-16-le")
    return before + len(units)


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits the way an editor does (all ranges refer to the original text)."""
    spans = [
        (
            utf16_offset(text, e.range.start.line, e.range.start.character),
            utf16_offset(text, e.range.end.line, e.range.end.character),
            e.new_text,
        )
        for e in edits
    ]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


async def wait_for(
    client: RecordingClient,
    uri: str,
    ready: Callable[[list[types.Diagnostic]], bool],
    what: str,
) -> list[types.Diagnostic]:
    """Wait until the diagnostics published for ``uri`` satisfy ``ready``."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        found = client.diagnostics.get(uri)
        if found is not None and ready(found):
            return found
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}; last: {client.diagnostics.get(uri)}")


def open_doc(client: LanguageClient, path: Path, text: str, language: str = "plaintext") -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=1, text=text
            )
        )
    )
    return uri


def change_doc(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def codes(diagnostics: list[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)


def cli_json(path: Path) -> list[dict]:
    """The command line's findings for ``path`` (the reference the server must agree with)."""
    proc = subprocess.run(
        [sys.executable, "-m", "giar_lint", "check", str(path), "--output-format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=path.parent,
        timeout=120,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def report_with_bracket_error(tmp_path: Path) -> tuple[Path, str]:
    """A clean report with one R601 finding, in a folder with a Chinese name (its URI is
    percent-encoded)."""
    text = (SEEDS / CLEAN_SEED).read_text(encoding="utf-8").rstrip("\n")
    text += "\n\n" + BRACKETS_LINE + "\n"
    path = tmp_path / "年度报告" / "report.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, text


# -- tests --------------------------------------------------------------------------------------


@pytest.mark.asyncio(loop_scope="module")
async def test_diagnostics_on_open_change_and_close(client: RecordingClient, tmp_path: Path):
    path = tmp_path / ERRORS_SEED
    shutil.copy(SEEDS / ERRORS_SEED, path)
    text = path.read_text(encoding="utf-8")
    uri = open_doc(client, path, text)
    published = await wait_for(client, uri, lambda d: len(d) > 0, "diagnostics on open")

    # The seed's documented defects are there.
    assert {"S103", "C503", "F402"} <= set(codes(published))
    # The server reports exactly what the command line reports, at the same places.
    expected = cli_json(path)
    assert codes(published) == sorted(f["code"] for f in expected)
    by_code_line = {(str(d.code), d.range.start.line + 1) for d in published}
    assert by_code_line == {(f["code"], f["line"]) for f in expected}
    for d in published:
        assert d.source == "giar-lint"
        assert d.severity in (
            types.DiagnosticSeverity.Error,
            types.DiagnosticSeverity.Warning,
            types.DiagnosticSeverity.Information,
        )

    # Remove the duplicate part heading: S103 goes away, the rest stays.
    first = text.index("一、总体情况")
    second = text.index("一、总体情况", first + 1)
    edited = text[:second] + text[second + len("一、总体情况") :]
    change_doc(client, uri, 2, edited)
    updated = await wait_for(
        client, uri, lambda d: "S103" not in codes(d), "diagnostics after the edit"
    )
    assert {"C503", "F402"} <= set(codes(updated))

    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await wait_for(client, uri, lambda d: len(d) == 0, "diagnostics cleared on close")


@pytest.mark.asyncio(loop_scope="module")
async def test_changes_are_debounced(client: RecordingClient, tmp_path: Path):
    path, text = report_with_bracket_error(tmp_path)
    uri = open_doc(client, path, text)
    await wait_for(client, uri, lambda d: "R601" in codes(d), "diagnostics on open")
    assert [v for u, v in client.published if u == uri] == [1]

    fixed = text.replace("(2020)", "〔2020〕")
    for version in range(2, 6):  # typing: four changes in quick succession
        change_doc(client, uri, version, fixed if version == 5 else text + "字" * version)
    await wait_for(client, uri, lambda d: "R601" not in codes(d), "diagnostics after typing")
    await asyncio.sleep(0.5)
    versions = [v for u, v in client.published if u == uri]
    assert versions == [1, 5], "only the last version is published"


@pytest.mark.asyncio(loop_scope="module")
async def test_code_action_fixes_brackets_in_utf16_positions(
    client: RecordingClient, tmp_path: Path
):
    path, text = report_with_bracket_error(tmp_path)
    uri = open_doc(client, path, text)
    published = await wait_for(client, uri, lambda d: "R601" in codes(d), "R601 on open")
    r601 = next(d for d in published if d.code == "R601")

    # The range is in UTF-16 units: 𠀀 counts two, so it lands exactly on the brackets' span.
    line_no = text.split("\n").index(BRACKETS_LINE)
    assert r601.range.start.line == line_no
    start = utf16_offset(text, r601.range.start.line, r601.range.start.character)
    end = utf16_offset(text, r601.range.end.line, r601.range.end.character)
    assert "(2020)" in text[start:end]
    assert text[start:end] in BRACKETS_LINE

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=r601.range,
            context=types.CodeActionContext(diagnostics=[r601]),
        )
    )
    assert actions
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert len(quick) == 1 and "R601" in quick[0].title
    assert quick[0].edit is not None and quick[0].edit.changes is not None
    fixed = apply_edits(text, list(quick[0].edit.changes[uri]))
    assert "𠀀另按国办函〔2020〕109号执行。" in fixed
    assert fixed.replace("〔2020〕109号执行", "(2020)109号执行") == text

    change_doc(client, uri, 2, fixed)
    after = await wait_for(client, uri, lambda d: "R601" not in codes(d), "R601 fixed")
    assert set(codes(after)) == set(codes(published)) - {"R601"}

    # The source action applies every fix at once.
    change_doc(client, uri, 3, text)
    await wait_for(client, uri, lambda d: "R601" in codes(d), "R601 back")
    whole = types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
    )
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=whole,
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll"]),
        )
    )
    assert actions and [a.kind for a in actions] == ["source.fixAll.giar-lint"]
    assert "〔2020〕109号执行" in apply_edits(text, list(actions[0].edit.changes[uri]))


@pytest.mark.asyncio(loop_scope="module")
async def test_utf8_positions_when_the_client_prefers_them(
    nvim_client: RecordingClient, tmp_path: Path
):
    path, text = report_with_bracket_error(tmp_path)
    uri = open_doc(nvim_client, path, text)
    published = await wait_for(nvim_client, uri, lambda d: "R601" in codes(d), "R601 on open")
    r601 = next(d for d in published if d.code == "R601")
    line = text.split("\n")[r601.range.start.line].encode("utf-8")
    flagged = line[r601.range.start.character : r601.range.end.character].decode("utf-8")
    assert "(2020)" in flagged and flagged in BRACKETS_LINE


@pytest.mark.asyncio(loop_scope="module")
async def test_hover_explains_the_rule(client: RecordingClient, tmp_path: Path):
    from giar_lint.api import explain

    path, text = report_with_bracket_error(tmp_path)
    uri = open_doc(client, path, text)
    published = await wait_for(client, uri, lambda d: "R601" in codes(d), "R601 on open")
    r601 = next(d for d in published if d.code == "R601")
    inside = types.Position(line=r601.range.start.line, character=r601.range.start.character + 1)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=inside)
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    value = hover.contents.value
    meta = explain("R601")
    assert meta is not None
    assert "R601" in value and meta.summary in value
    if meta.basis:
        assert meta.basis.strip() in value

    # Nowhere near a finding: no hover.
    nothing = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=r601.range.start.line - 1, character=0),
        )
    )
    assert nothing is None


@pytest.mark.asyncio(loop_scope="module")
async def test_configuration_is_discovered_and_reloaded(client: RecordingClient, tmp_path: Path):
    config = tmp_path / ".giar-lint.yaml"
    config.write_text("ignore: [R601]\n", encoding="utf-8")
    path, text = report_with_bracket_error(tmp_path)
    uri = open_doc(client, path, text)
    first = await wait_for(client, uri, lambda d: True, "diagnostics on open")
    assert "R601" not in codes(first)

    # The client watches the configuration files for the server.
    globs = [
        w["globPattern"]
        for r in client.registrations
        if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        for w in r.register_options["watchers"]
    ]
    assert "**/.giar-lint.yaml" in globs and "**/pyproject.toml" in globs

    config.write_text("severity: {R601: error}\n", encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    after = await wait_for(client, uri, lambda d: "R601" in codes(d), "R601 after reload")
    r601 = next(d for d in after if d.code == "R601")
    assert r601.severity == types.DiagnosticSeverity.Error

    # Without a notification, a changed configuration is noticed on the next lint.
    time.sleep(0.01)  # a distinct modification time
    config.write_text("ignore: [R6]\n", encoding="utf-8")
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await wait_for(client, uri, lambda d: "R601" not in codes(d), "R601 ignored again")


LOCAL_RULE = """\
version: 1
rules:
  - id: XL901
    name: local-wording
    severity: {severity}
    summary: 本地用语
    description: 本地规则。
    basis: 本地要求
    scope: document
    forbid:
      pattern: 另按
    message: 不要写“另按”
    examples:
      pass: ["某县2023年政府信息公开工作年度报告\\n\\n一、总体情况\\n按要求。\\n"]
      fail: ["某县2023年政府信息公开工作年度报告\\n\\n一、总体情况\\n另按要求。\\n"]
"""


@pytest.mark.asyncio(loop_scope="module")
async def test_rule_files_named_by_the_configuration_are_reloaded(
    client: RecordingClient, tmp_path: Path
):
    (tmp_path / ".giar-lint.yaml").write_text("rules: [rules/]\n", encoding="utf-8")
    (tmp_path / "rules").mkdir()
    rule_file = tmp_path / "rules" / "local.yaml"
    rule_file.write_text(LOCAL_RULE.format(severity="warning"), encoding="utf-8")
    path, text = report_with_bracket_error(tmp_path)
    uri = open_doc(client, path, text)
    first = await wait_for(client, uri, lambda d: "XL901" in codes(d), "the local rule")
    assert next(d for d in first if d.code == "XL901").severity == types.DiagnosticSeverity.Warning

    # Editing the rule file (the client reports it) is picked up without a restart.
    rule_file.write_text(LOCAL_RULE.format(severity="error"), encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=rule_file.as_uri(), type=types.FileChangeType.Changed)]
        )
    )

    def local_is_error(diagnostics: list[types.Diagnostic]) -> bool:
        return any(
            d.code == "XL901" and d.severity == types.DiagnosticSeverity.Error for d in diagnostics
        )

    await wait_for(client, uri, local_is_error, "the edited local rule")

    # A broken rule file is shown once; the built-in rules and the rest of the configuration
    # keep working.
    rule_file.write_text(LOCAL_RULE.replace("pattern: 另按", "pattern: [另按"), encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=rule_file.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    after = await wait_for(
        client, uri, lambda d: "XL901" not in codes(d), "the built-in rules without the broken one"
    )
    assert "R601" in codes(after)
    shown = [m.message for m in client.messages if str(rule_file) in m.message]
    assert len(shown) == 1 and re.search(r"local\.yaml:\d+:\d+: ", shown[0]), shown


@pytest.mark.asyncio(loop_scope="module")
async def test_markdown_suppression_comments(client: RecordingClient, tmp_path: Path):
    text = (SEEDS / CLEAN_SEED).read_text(encoding="utf-8").rstrip("\n")
    text += "\n\n<!-- giar-lint: disable-next-line=R601 -->\n" + BRACKETS_LINE + "\n"
    text += "\n" + BRACKETS_LINE.replace("另按", "再按") + "\n"
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    uri = open_doc(client, path, text, language="markdown")
    published = await wait_for(client, uri, lambda d: "R601" in codes(d), "R601 on open")
    lines = [d.range.start.line for d in published if d.code == "R601"]
    assert lines == [text.split("\n").index(BRACKETS_LINE.replace("另按", "再按"))]


@pytest.mark.asyncio(loop_scope="module")
async def test_broken_configuration_is_shown_once(client: RecordingClient, tmp_path: Path):
    (tmp_path / ".giar-lint.yaml").write_text("selct: [S]\n", encoding="utf-8")
    path, text = report_with_bracket_error(tmp_path)
    uri = open_doc(client, path, text)
    published = await wait_for(client, uri, lambda d: "R601" in codes(d), "defaults apply")
    assert published
    shown = [
        m.message
        for m in client.messages
        if m.type == types.MessageType.Error and str(tmp_path) in m.message
    ]
    assert len(shown) == 1 and ".giar-lint.yaml:1:1" in shown[0]


@pytest.mark.asyncio(loop_scope="module")
async def test_configuration_naming_no_rule_is_shown_and_defaults_apply(
    client: RecordingClient, tmp_path: Path
):
    """``select: [ZZ]`` would check nothing: the server says where, and lints with the defaults
    (as for any broken configuration) instead of failing."""
    # with the configuration in force R601 would not run: its finding shows the defaults apply
    (tmp_path / ".giar-lint.yaml").write_text("select: [S, ZZ]\n", encoding="utf-8")
    path, text = report_with_bracket_error(tmp_path)
    uri = open_doc(client, path, text)
    published = await wait_for(client, uri, lambda d: "R601" in codes(d), "defaults apply")
    assert published
    shown = [
        m.message
        for m in client.messages
        if m.type == types.MessageType.Error and str(tmp_path) in m.message
    ]
    assert shown == [
        f"giar-lint: {tmp_path / '.giar-lint.yaml'}:1:13: select: no rule code starts with 'ZZ'"
    ]


def test_missing_extra_is_one_line_and_exit_2() -> None:
    code = (
        "import sys; sys.modules['pygls'] = None\n"
        "from giar_lint.cli import main\n"
        "raise SystemExit(main(['lsp']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "pip install 'giar-lint[lsp]'" in proc.stderr


@pytest.mark.asyncio(loop_scope="module")
async def test_only_reports_are_linted(client: RecordingClient, tmp_path: Path):
    script = tmp_path / "notes.py"
    script.write_text("# 国办函(2020)109号\n", encoding="utf-8")
    other = open_doc(client, script, script.read_text(encoding="utf-8"), language="python")
    path, text = report_with_bracket_error(tmp_path)
    uri = open_doc(client, path, text)
    await wait_for(client, uri, lambda d: "R601" in codes(d), "the report's diagnostics")
    # Both were queued on the same single lint worker, the other document first.
    assert other not in client.diagnostics


# -- a baseline named by the configuration ------------------------------------------------------

C501_SEED = "001_092edd9a71238ba5.txt"  # gives C501 (a count in the text against table 三) and C502
C501_TEXT = "收到政府信息公开申请 45 件"


def write_baseline_with_cli(folder: Path, *args: str) -> None:
    """Accept the command line's current findings into the configured baseline."""
    proc = subprocess.run(
        [sys.executable, "-m", "giar_lint", "check", *args, "--write-baseline"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=folder,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr


def notify_changed(client: LanguageClient, path: Path) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Changed)]
        )
    )


def save_doc(client: LanguageClient, uri: str) -> None:
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


def baseline_workspace(tmp_path: Path) -> tuple[Path, Path, str]:
    """A workspace whose configuration names ``accepted.json``, accepting the C501 finding of a
    report in a subfolder (so the stored path is relative to the baseline's folder)."""
    (tmp_path / ".giar-lint.yaml").write_text("baseline: accepted.json\n", encoding="utf-8")
    path = tmp_path / "reports" / "report.txt"
    path.parent.mkdir()
    shutil.copy(SEEDS / C501_SEED, path)
    write_baseline_with_cli(tmp_path, "reports", "--select", "C501")
    stored = json.loads((tmp_path / "accepted.json").read_text(encoding="utf-8"))["findings"]
    assert [(f["path"], f["code"]) for f in stored] == [("reports/report.txt", "C501")]
    return path, tmp_path / "accepted.json", path.read_text(encoding="utf-8")


@pytest.mark.asyncio(loop_scope="module")
async def test_configured_baseline_hides_accepted_findings(client: RecordingClient, tmp_path: Path):
    path, baseline, text = baseline_workspace(tmp_path)
    assert text.count(C501_TEXT) == 1
    uri = open_doc(client, path, text)
    published = await wait_for(client, uri, lambda d: "C502" in codes(d), "diagnostics on open")
    # The accepted C501 is hidden, as on the command line (which finds the same baseline).
    assert codes(published) == ["C502"]
    assert codes(published) == sorted(f["code"] for f in cli_json(path))

    # The client is asked to watch baseline files of that name.
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and not any(
        w["globPattern"] == "**/accepted.json"
        for r in client.registrations
        if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        for w in r.register_options["watchers"]
    ):
        await asyncio.sleep(0.02)
    assert time.monotonic() < deadline, "no watcher for the baseline"

    # Editing the flagged text makes the finding new: it comes back.
    edited = text.replace(C501_TEXT, C501_TEXT.replace("45", "46"))
    change_doc(client, uri, 2, edited)
    back = await wait_for(client, uri, lambda d: "C501" in codes(d), "C501 after the edit")
    assert codes(back) == ["C501", "C502"]
    # Undoing the edit matches the baseline again.
    change_doc(client, uri, 3, text)
    await wait_for(client, uri, lambda d: codes(d) == ["C502"], "C501 accepted again")

    # The baseline file changes on disk (the client reports it): it is reread.
    baseline.write_text('{"version": 1, "findings": []}\n', encoding="utf-8")
    notify_changed(client, baseline)
    await wait_for(client, uri, lambda d: codes(d) == ["C501", "C502"], "an empty baseline")

    # Without a notification, a changed baseline is noticed on the next lint.
    write_baseline_with_cli(tmp_path, "reports", "--select", "C5")
    save_doc(client, uri)
    await wait_for(client, uri, lambda d: codes(d) == [], "everything accepted")


@pytest.mark.asyncio(loop_scope="module")
async def test_broken_baseline_is_shown_once_and_hides_nothing(
    client: RecordingClient, tmp_path: Path
):
    path, baseline, text = baseline_workspace(tmp_path)
    uri = open_doc(client, path, text)
    await wait_for(client, uri, lambda d: codes(d) == ["C502"], "C501 accepted")

    baseline.write_text('{"version": 1, "findings": [\n', encoding="utf-8")
    notify_changed(client, baseline)
    await wait_for(client, uri, lambda d: codes(d) == ["C501", "C502"], "findings unfiltered")
    save_doc(client, uri)  # a second lint with the same broken file says nothing new
    change_doc(client, uri, 2, text + "\n")
    await wait_for(client, uri, lambda d: codes(d) == ["C501", "C502"], "still unfiltered")
    await asyncio.sleep(0.3)

    def shown() -> list[str]:
        return [
            m.message
            for m in client.messages
            if m.type == types.MessageType.Error and str(baseline) in m.message
        ]

    assert len(shown()) == 1 and "accepted.json:2:1: invalid JSON" in shown()[0], shown()

    # Repaired, the baseline applies again; a configuration without it shows everything.
    write_baseline_with_cli(tmp_path, "reports", "--select", "C501")
    notify_changed(client, baseline)
    await wait_for(client, uri, lambda d: codes(d) == ["C502"], "the repaired baseline")
    config = tmp_path / ".giar-lint.yaml"
    config.write_text("select: [C5]\n", encoding="utf-8")
    notify_changed(client, config)
    await wait_for(client, uri, lambda d: codes(d) == ["C501", "C502"], "no baseline configured")

    # A configured baseline that does not exist is reported like a broken one.
    config.write_text("baseline: missing.json\n", encoding="utf-8")
    notify_changed(client, config)
    await asyncio.sleep(0.3)
    missing = [m.message for m in client.messages if "missing.json" in m.message]
    deadline = time.monotonic() + TIMEOUT
    while not missing and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
        missing = [m.message for m in client.messages if "missing.json" in m.message]
    assert len(missing) == 1 and "baseline file not found" in missing[0], missing
    assert codes(client.diagnostics[uri]) == ["C501", "C502"]
