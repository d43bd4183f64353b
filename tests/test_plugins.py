"""Plugins: real third-party packages discovered through their entry points, isolation of broken
plugins, and the order of readers.

The plugin packages in ``tests/plugins/`` are installed with pip into a temporary folder that is
put on the path of the giar-lint processes under test (rather than into the shared environment,
where a deliberately broken plugin would disturb every other run until it is removed).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from giar_lint import plugins
from giar_lint.hookspecs import hookimpl
from giar_lint.model.report import Report
from giar_lint.read.result import ReadResult
from giar_lint.rules.base import PythonRule, RuleMeta

HERE = Path(__file__).parent
SEEDS = HERE / "fixtures" / "seeds"
SEED_003 = SEEDS / "003_8a3103fe368513da.txt"
SEED_004 = SEEDS / "004_006a45e46abc384b.txt"


@pytest.fixture(autouse=True)
def _fresh_plugins() -> Iterator[None]:
    plugins.reset()
    yield
    plugins.reset()


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the example plugin packages installed into it by pip."""
    work = tmp_path_factory.mktemp("plugins")
    site = work / "site"
    sources = []
    for name in ("rpt_plugin", "broken_plugin"):
        target = work / name
        shutil.copytree(HERE / "plugins" / name, target)  # keep build files out of the tree
        sources.append(str(target))
    # Build with the backend already installed when there is one (no index needed), else let
    # pip fetch it into an isolated build environment.
    no_isolation = ["--no-build-isolation"] if importlib.util.find_spec("hatchling") else []
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", *no_isolation]
    proc = subprocess.run(
        [*command, "--target", str(site), *sources],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=work,
    )
    assert proc.returncode == 0, proc.stderr
    return site


def giar_lint(site: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("giar-lint")
    assert exe is not None
    env = {**os.environ, "PYTHONPATH": str(site), "CI": "true"}
    env.pop("GIAR_LINT_DISABLE_PLUGIN_AUTOLOAD", None)
    return subprocess.run(
        [exe, *args], capture_output=True, text=True, env=env, timeout=120, cwd=cwd
    )


def rpt_file(path: Path, body: str) -> Path:
    path.write_text("RPT1\nexported-by: office\n---\n" + body, encoding="utf-8")
    return path


@pytest.mark.slow
def test_entry_points_are_found_as_importlib_metadata_finds_them(
    plugin_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(plugin_site))
    ours = {(ep.name, ep.value, ep.dist) for ep in plugins._entry_points()}
    theirs = {
        (ep.name, ep.value, ep.dist.name.replace("-", "_") if ep.dist else "")
        for ep in importlib.metadata.entry_points(group="giar_lint")
    }
    assert ours == theirs
    assert {name for name, _v, _d in ours} >= {"rpt", "broken"}


@pytest.mark.slow
def test_plugins_run_and_a_broken_one_is_named(plugin_site: Path, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEED_004, reports / "lushan.txt")
    rpt_file(reports / "zhoukou.rpt", SEED_003.read_text(encoding="utf-8"))
    proc = giar_lint(plugin_site, "check", str(reports), "--select", "X901,S103,E001")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    broken = [line for line in proc.stderr.splitlines() if "broken" in line]
    assert broken == [
        "giar-lint: plugin broken (giar_lint_broken) failed to load: ImportError: "
        "giar_lint_broken needs a module that is not installed"
    ]
    found = sorted(
        (Path(line.split(":", 1)[0]).name, line.split(": ", 1)[1].split()[0])
        for line in proc.stdout.splitlines()
    )
    # the plugin's rule ran on both files; the built-in rules ran on the report the plugin read
    assert found == [
        ("lushan.txt", "S103"),
        ("lushan.txt", "X901"),
        ("zhoukou.rpt", "X901"),
    ]


@pytest.mark.slow
def test_plugin_reader_reads_its_format(plugin_site: Path, tmp_path: Path) -> None:
    good = rpt_file(tmp_path / "zhoukou.rpt", SEED_003.read_text(encoding="utf-8"))
    proc = giar_lint(plugin_site, "check", str(good), "--select", "E,S,T")
    # read through the plugin, seed 003 has all its parts and tables: nothing to report
    assert (proc.returncode, proc.stdout) == (0, "")
    bad = tmp_path / "bad.rpt"
    bad.write_text("no header here\n", encoding="utf-8")
    proc = giar_lint(plugin_site, "check", str(bad), "--select", "E001")
    assert proc.returncode == 1
    assert "E001" in proc.stdout and "不是有效的 .rpt 文件" in proc.stdout


@pytest.mark.slow
def test_rules_and_rule_show_the_plugin(plugin_site: Path) -> None:
    proc = giar_lint(plugin_site, "rules")
    assert proc.returncode == 0
    (line,) = [line for line in proc.stdout.splitlines() if line.startswith("X901")]
    assert line.split() == ["X901", "missing-contact", "warning", "rpt"]
    assert any(line.split()[-1] == "built-in" for line in proc.stdout.splitlines())
    proc = giar_lint(plugin_site, "rule", "X901")
    assert proc.returncode == 0
    assert "来源 (source): rpt" in proc.stdout and "联系电话" in proc.stdout


@pytest.mark.slow
def test_plugins_can_be_switched_off(plugin_site: Path, tmp_path: Path) -> None:
    exe = shutil.which("giar-lint")
    assert exe is not None
    env = {**os.environ, "PYTHONPATH": str(plugin_site), "GIAR_LINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    proc = subprocess.run([exe, "rules"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0 and "X901" not in proc.stdout and proc.stderr == ""


# -- in-process: isolation of hooks that fail ----------------------------------------------------


class Fine(PythonRule):
    meta = RuleMeta("X801", "fine", "warning", "s", "d", "b")

    def check(self, report: Report):  # type: ignore[no-untyped-def]
        yield self.diagnostic(report, report.source.span(0, 1), "fine")


def _module(name: str, **hooks: object) -> types.ModuleType:
    module = types.ModuleType(name)
    for hook, fn in hooks.items():
        setattr(module, hook, hookimpl(fn))  # type: ignore[arg-type]
    return module


def register(name: str, module: object) -> None:
    state = plugins.state()
    state.pm.register(module, name=name)
    state.labels[name] = name


def test_a_failing_rules_hook_is_named_and_the_others_still_load(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def boom() -> list[object]:
        raise RuntimeError("cannot list rules")

    register("angry", _module("angry", giar_lint_rules=boom))
    register("fine", _module("fine", giar_lint_rules=lambda: [Fine, "not a rule"]))
    ruleset = plugins.all_rules()
    assert ruleset.sources["X801"] == "fine"
    assert "S101" in ruleset.sources and "E001" in ruleset.sources
    err = capsys.readouterr().err
    assert "plugin angry: giar_lint_rules failed: RuntimeError: cannot list rules" in err
    assert "plugin fine: not a rule: 'not a rule'" in err


def test_duplicate_codes_are_an_error() -> None:
    class Clash(Fine):
        meta = RuleMeta("S101", "clash", "error", "s", "d", "b")

    register("clash", _module("clash", giar_lint_rules=lambda: [Clash()]))
    with pytest.raises(plugins.PluginError, match="S101 is defined twice") as info:
        plugins.all_rules()
    assert "built-in" in str(info.value) and "clash" in str(info.value)


def test_readers_are_asked_latest_first_and_text_last() -> None:
    seen: list[str] = []

    def picky(path: Path, data: bytes) -> ReadResult | None:
        seen.append(path.name)
        return ReadResult(text="自定义", reader="picky") if path.suffix == ".x" else None

    register("picky", _module("picky", giar_lint_read_input=picky))
    assert plugins.read_input(Path("a.x"), b"ignored").reader == "picky"
    plain = plugins.read_input(Path("a.txt"), "正文".encode())
    assert (plain.reader, plain.text) == ("text", "正文")
    assert seen == ["a.x", "a.txt"]
    suffixes = plugins.input_suffixes()
    assert {".txt", ".md", ".pdf", ".docx", ".html"} <= set(suffixes)


def test_a_raising_reader_becomes_an_unreadable_input(capsys: pytest.CaptureFixture[str]) -> None:
    def crash(path: Path, data: bytes) -> ReadResult | None:
        raise ValueError("bad bytes")

    register("crashy", _module("crashy", giar_lint_read_input=crash))
    result = plugins.read_input(Path("a.txt"), "正文".encode())
    assert result.reader == "text"  # the next reader answered
    assert "plugin crashy: giar_lint_read_input failed: ValueError: bad bytes" in (
        capsys.readouterr().err
    )


def test_missing_builtin_module_is_skipped_but_a_broken_one_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "giar_lint_half_installed.py").write_text(
        "import giar_lint_dependency_that_is_missing\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(
        plugins, "BUILTIN_PLUGINS", (*plugins.BUILTIN_PLUGINS, "giar_lint.builtin.not_there")
    )
    state = plugins._build(entry_points=False)
    assert not state.pm.has_plugin("giar_lint.builtin.not_there")
    assert state.pm.has_plugin("giar_lint.builtin.text_reader")
    monkeypatch.setattr(
        plugins, "BUILTIN_PLUGINS", (*plugins.BUILTIN_PLUGINS, "giar_lint_half_installed")
    )
    with pytest.raises(ModuleNotFoundError, match="giar_lint_dependency_that_is_missing"):
        plugins._build(entry_points=False)


def test_a_crashing_rule_fails_the_run_but_not_the_other_rules(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from giar_lint.cli import main

    class Crash(PythonRule):
        meta = RuleMeta("X802", "crash", "error", "s", "d", "b")

        def check(self, report: Report):  # type: ignore[no-untyped-def]
            raise KeyError("oops")

    register("crashing", _module("crashing", giar_lint_rules=lambda: [Crash()]))
    code = main(["check", "--no-progress", "-q", "--select", "X802,S103", str(SEED_004)])
    out, err = capsys.readouterr()
    assert code == 2
    assert " S103 [error] " in out
    assert err.strip() == (f"giar-lint: rule X802 (crash) failed on {SEED_004}: KeyError: 'oops'")


def test_a_plugin_with_a_broken_rule_pack_is_named_and_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "pack.yaml"
    bad.write_text("rules:\n  - id: [\n", encoding="utf-8")
    register("packer", _module("packer", giar_lint_rule_files=lambda: [bad]))
    ruleset = plugins.all_rules()
    assert "S101" in ruleset.sources
    err = capsys.readouterr().err
    assert f"plugin packer: rule pack not loaded: {bad}:" in err
    # the user's own rule files stay an error
    with pytest.raises(Exception, match=str(bad)):
        plugins.all_rules([bad])


_PACK_RULE = """\
rules:
  - id: {code}
    name: sample-rule
    severity: warning
    summary: 示例
    description: 示例规则。
    basis: 示例依据
    examples:
      pass: ["甲"]
      fail: ["乙"]
    require: {{pattern: 乙}}
    message: m
"""


def test_a_pack_reusing_a_builtin_code_is_an_error_at_its_definition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from giar_lint.cli import main

    pack = tmp_path / "pack.yaml"
    pack.write_text(_PACK_RULE.format(code="A301"), encoding="utf-8")
    code = main(["check", "--no-progress", "-q", "--rules", str(pack), str(SEED_004)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    # the built-in rule set alone loads, and names A301 so
    builtin = {r.meta.code: r.meta.name for r in plugins.all_rules().rules}["A301"]
    assert builtin == "applications-balance"
    assert err == f"{pack}:2:9: 规则编号“A301”已在内置规则 A301（{builtin}）中定义\n"


def test_two_packs_and_a_plugin_pack_clash_in_the_same_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from giar_lint.cli import main

    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(_PACK_RULE.format(code="JX201"), encoding="utf-8")
    second.write_text("# 第二个规则包\n" + _PACK_RULE.format(code="JX201"), encoding="utf-8")
    code = main(["check", "--no-progress", "-q", "--rules", str(tmp_path), str(SEED_004)])
    assert code == 2
    assert capsys.readouterr().err == f"{second}:3:9: 规则编号“JX201”已在 {first} 中定义\n"

    # a plugin's pack loads before the user's: the user's rule is the one reported
    from giar_lint.rules.yaml import RuleFileError

    register("packer", _module("packer", giar_lint_rule_files=lambda: [first]))
    with pytest.raises(RuleFileError) as info:
        plugins.all_rules([second])
    assert (
        str(info.value) == f"{second}:3:9: 规则编号“JX201”已在插件 packer 的规则 sample-rule 中定义"
    )


def test_a_plugin_pack_reusing_a_builtin_code_points_at_the_plugins_file(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(_PACK_RULE.format(code="S101"), encoding="utf-8")
    from giar_lint.rules.yaml import RuleFileError

    register("packer", _module("packer", giar_lint_rule_files=lambda: [pack]))
    with pytest.raises(RuleFileError) as info:
        plugins.all_rules()
    assert str(info.value) == f"{pack}:2:9: 规则编号“S101”已在内置规则 S101（missing-part）中定义"
