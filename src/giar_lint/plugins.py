"""The plugin manager: built-in plugins first, then third-party plugins from entry points.

Everything giar-lint checks or reads comes through the hooks of :mod:`giar_lint.hookspecs`;
this module is the only place that calls them. Each hook implementation is called on its own, so
a plugin whose hook raises is reported by name in one line and the other plugins still run.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

from giar_lint import hookspecs
from giar_lint.hookspecs import PROJECT_NAME

if TYPE_CHECKING:
    from giar_lint.read.result import ReadResult
    from giar_lint.rules.base import CrossReportRule, Rule, RuleMeta

#: Built-in plugin modules, registered in this order before any third-party plugin.
BUILTIN_PLUGINS: tuple[str, ...] = (
    "giar_lint.builtin.text_reader",
    "giar_lint.builtin.yaml_pack",
    "giar_lint.builtin.python_rules",
    "giar_lint.builtin.readers",
)
BUILTIN = "built-in"
ENTRY_POINT_GROUP = PROJECT_NAME


class PluginError(Exception):
    """A problem with the set of rules as a whole (e.g. two rules with one code): exit 2."""


class _State:
    # Plain classes here and below: this module is imported by every run, and creating
    # dataclasses costs milliseconds of start-up.
    __slots__ = ("labels", "pm", "problems")

    def __init__(self, pm: pluggy.PluginManager):
        self.pm = pm
        #: pluggy plugin name -> how users see it ("built-in" or the entry point's name)
        self.labels: dict[str, str] = {}
        #: one-line messages about plugins that failed, in the order they happened
        self.problems: list[str] = []


_state: _State | None = None


def _report(state: _State, message: str) -> None:
    message = " ".join(message.splitlines())  # an exception's text may span lines
    state.problems.append(message)
    print(f"giar-lint: {message}", file=sys.stderr)


def _register_builtins(state: _State) -> None:
    for name in BUILTIN_PLUGINS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            # Only an absent module may be skipped; a module that exists but fails to import
            # is a real error and must be visible.
            if exc.name == name and importlib.util.find_spec(name) is None:
                continue
            raise
        state.pm.register(module, name=name)
        state.labels[name] = BUILTIN


class EntryPoint:
    """One ``giar_lint`` entry point of an installed distribution."""

    __slots__ = ("dist", "name", "value")

    def __init__(self, name: str, value: str, dist: str):
        self.name = name
        self.value = value  # "package.module" or "package.module:attribute"
        self.dist = dist  # the distribution's name

    def __repr__(self) -> str:
        return f"EntryPoint({self.name!r}, {self.value!r}, {self.dist!r})"

    def load(self) -> Any:
        module_name, _, attr = self.value.partition(":")
        module_name = module_name.split("[", 1)[0].strip()
        obj: Any = importlib.import_module(module_name)
        attr = attr.split("[", 1)[0].strip()
        for part in attr.split(".") if attr else ():
            obj = getattr(obj, part)
        return obj


def _parse_entry_points(text: str, dist: str) -> list[EntryPoint]:
    out: list[EntryPoint] = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section == ENTRY_POINT_GROUP and "=" in line:
            name, _, value = line.partition("=")
            out.append(EntryPoint(name.strip(), value.strip(), dist))
    return out


def _entry_points() -> list[EntryPoint]:
    """The ``giar_lint`` entry points of every distribution on ``sys.path``.

    This reads the ``entry_points.txt`` files of installed distributions directly (the format
    is fixed by the packaging specifications): ``importlib.metadata`` would cost more than the
    whole check of a report at start-up, which matters under pre-commit. Set
    ``GIAR_LINT_DISABLE_PLUGIN_AUTOLOAD=1`` to load no third-party plugin at all.
    """
    if os.environ.get("GIAR_LINT_DISABLE_PLUGIN_AUTOLOAD"):
        return []
    seen: set[tuple[str, str]] = set()
    seen_dists: set[str] = set()
    out: list[EntryPoint] = []
    marker = f"[{ENTRY_POINT_GROUP}]"
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in sorted(names):
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            dist = name.rsplit(".", 1)[0].split("-", 1)[0]
            key = dist.lower().replace("-", "_").replace(".", "_")
            if key in seen_dists:  # an earlier sys.path entry shadows this copy
                continue
            seen_dists.add(key)
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8") as fh:
                    text = fh.read()
            except (OSError, UnicodeDecodeError):
                continue
            if marker not in text:
                continue
            for ep in _parse_entry_points(text, dist):
                if (ep.name, ep.value) not in seen:
                    seen.add((ep.name, ep.value))
                    out.append(ep)
    return sorted(out, key=lambda ep: ep.name)


def _register_entry_points(state: _State) -> None:
    pm = state.pm
    for ep in _entry_points():
        label = ep.name
        where = f"{ep.name} ({ep.dist})"
        try:
            plugin = ep.load()
        except Exception as exc:  # any import-time failure of foreign code
            _report(state, f"plugin {where} failed to load: {type(exc).__name__}: {exc}")
            continue
        if pm.is_registered(plugin) or pm.has_plugin(ep.name):
            _report(state, f"plugin {where} is registered twice; the second one is ignored")
            continue
        try:
            pm.register(plugin, name=ep.name)
        except Exception as exc:
            _report(state, f"plugin {where} failed to register: {type(exc).__name__}: {exc}")
            continue
        unknown = [
            caller.name for caller in pm.get_hookcallers(plugin) or () if caller.spec is None
        ]
        if unknown:
            pm.unregister(plugin)
            _report(state, f"plugin {where} implements unknown hooks: {', '.join(unknown)}")
            continue
        state.labels[ep.name] = label


def _build(entry_points: bool = True) -> _State:
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    state = _State(pm)
    _register_builtins(state)
    if entry_points:
        _register_entry_points(state)
    return state


def state() -> _State:
    global _state
    if _state is None:
        _state = _build()
    return _state


def get_plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager, with built-in and entry-point plugins registered."""
    return state().pm


def plugin_problems() -> list[str]:
    """One-line messages about plugins that could not be loaded or whose hooks failed."""
    return list(state().problems)


def reset() -> None:
    """Forget the plugin manager (tests use this after installing a plugin package)."""
    global _state
    _state = None
    _rules_cache.clear()


def clear_rule_cache() -> None:
    """Forget loaded rule sets (rule files may have changed; plugins stay registered)."""
    _rules_cache.clear()


def source_label(plugin_name: str) -> str:
    return state().labels.get(plugin_name, plugin_name)


def _call_each(hook_name: str, **kwargs: Any) -> Iterator[tuple[str, Any]]:
    """Call every implementation of a hook in pluggy's order, one at a time.

    Yields ``(plugin name, result)`` for each implementation that returned; one that raised is
    reported on stderr by plugin name and skipped.
    """
    st = state()
    caller = getattr(st.pm.hook, hook_name)
    for impl in reversed(caller.get_hookimpls()):
        if impl.hookwrapper or impl.wrapper:
            continue
        try:
            result = impl.function(*[kwargs[a] for a in impl.argnames])
        except Exception as exc:
            where = source_label(impl.plugin_name)
            name = impl.plugin_name if where == BUILTIN else where
            _report(st, f"plugin {name}: {hook_name} failed: {type(exc).__name__}: {exc}")
            continue
        yield impl.plugin_name, result


def read_input(path: Path, data: bytes) -> ReadResult:
    """Read an input file with the first reader that answers (plugins asked before built-ins,
    the plain-text reader last)."""
    from giar_lint.model.report import ReadingProblem
    from giar_lint.read.result import ReadResult

    for plugin_name, result in _call_each("giar_lint_read_input", path=Path(path), data=data):
        if result is None:
            continue
        if isinstance(result, ReadResult):
            return result
        where = source_label(plugin_name)
        return ReadResult(
            text="",
            problem=ReadingProblem(
                "unreadable", f"读取器 {where} 返回了无效结果（{type(result).__name__}）"
            ),
            reader=where,
        )
    return ReadResult(
        text="", problem=ReadingProblem("unreadable", "没有读取器能读取此文件"), reader="none"
    )


def input_suffixes() -> tuple[str, ...]:
    """Suffixes directory search picks up: ``.txt``, ``.md`` and those of reader plugins."""
    out = {".txt", ".md"}
    for _plugin, result in _call_each("giar_lint_input_suffixes"):
        for suffix in result or ():
            if isinstance(suffix, str) and suffix:
                out.add(suffix.lower() if suffix.startswith(".") else "." + suffix.lower())
    return tuple(sorted(out))


class RuleSet:
    """Every known rule with where it comes from."""

    __slots__ = ("cross", "rules", "sources")

    def __init__(
        self,
        rules: tuple[Rule, ...],
        cross: tuple[CrossReportRule, ...],
        sources: dict[str, str],
    ):
        self.rules = rules  # rules over one report, sorted by code
        self.cross = cross  # rules over all reports of a run, sorted by code
        #: code -> "built-in", a plugin's name, or the rule file that defines it
        self.sources = sources

    def metas(self) -> list[RuleMeta]:
        return sorted(
            [r.meta for r in self.rules] + [r.meta for r in self.cross], key=lambda m: m.code
        )

    def meta(self, code: str) -> RuleMeta | None:
        for m in self.metas():
            if m.code == code:
                return m
        return None

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self.sources)


_rules_cache: dict[tuple[str, ...], RuleSet] = {}


def _is_rule(obj: object) -> bool:
    meta = getattr(obj, "meta", None)
    return meta is not None and isinstance(getattr(meta, "code", None), str)


def _label_of_file(rule: Rule, fallback: str) -> str:
    source = getattr(rule.meta, "source", "")
    return source if source and source != BUILTIN else fallback


def all_rules(extra_paths: Sequence[Path] = ()) -> RuleSet:
    """Every rule: Python rules and YAML rule packs from plugins (built-ins included), the YAML
    rule files or folders in ``extra_paths`` (from ``--rules`` and configuration), and the
    cross-report rules.

    Raises :class:`giar_lint.rules.yaml.RuleFileError` for a broken rule file and
    :class:`PluginError` when two rules share a code.
    """
    key = tuple(str(Path(p).resolve()) for p in extra_paths)
    cached = _rules_cache.get(key)
    if cached is not None:
        return cached

    found: list[tuple[str, Any, bool]] = []  # (source, rule, cross-report?)
    bad: list[str] = []

    def take(source: str, plugin_name: str, items: Any, cross: bool) -> None:
        for obj in items or ():
            rule = obj() if isinstance(obj, type) else obj
            method = "check_reports" if cross else "check"
            if _is_rule(rule) and callable(getattr(rule, method, None)):
                found.append((source, rule, cross))
            else:
                bad.append(f"plugin {plugin_name}: not a rule: {obj!r}")

    for plugin_name, items in _call_each("giar_lint_rules"):
        take(source_label(plugin_name), plugin_name, items, cross=False)
    for plugin_name, items in _call_each("giar_lint_cross_report_rules"):
        take(source_label(plugin_name), plugin_name, items, cross=True)

    pack_paths: list[tuple[str, list[Path]]] = []
    for plugin_name, paths in _call_each("giar_lint_rule_files"):
        pack_paths.append((source_label(plugin_name), [Path(p) for p in paths or ()]))
    if extra_paths:
        pack_paths.append(("", [Path(p) for p in extra_paths]))
    for label, paths in pack_paths:
        if not paths:
            continue
        try:
            loaded = _load_yaml(paths, builtin=(label == BUILTIN))
        except Exception as exc:
            # A third-party plugin's broken rule pack is that plugin's failure: name it and go
            # on. The user's own rule files (label "") and the built-in pack are errors.
            if label in ("", BUILTIN) or type(exc).__name__ != "RuleFileError":
                raise
            bad.append(f"plugin {label}: rule pack not loaded: {exc}")
            continue
        for rule in loaded:
            found.append((label or _label_of_file(rule, str(paths[0])), rule, False))

    st = state()
    for message in bad:
        _report(st, message)

    sources: dict[str, str] = {}
    first_rule: dict[str, Any] = {}
    for source, rule, _cross in found:
        code = rule.meta.code
        if code in sources:
            raise _clash(code, (sources[code], first_rule[code]), (source, rule))
        sources[code] = source
        first_rule[code] = rule
    rules = tuple(sorted((r for _s, r, c in found if not c), key=lambda r: r.meta.code))
    cross = tuple(sorted((r for _s, r, c in found if c), key=lambda r: r.meta.code))
    result = RuleSet(rules, cross, sources)
    _rules_cache[key] = result
    return result


def _pack_position(source: str, rule: Any) -> tuple[str, int, int] | None:
    """File, line and column of a rule defined in a rule pack that is not the built-in one."""
    path = getattr(rule.meta, "source", "")
    line, column = getattr(rule, "line", None), getattr(rule, "column", None)
    if source == BUILTIN or not path or path == BUILTIN:
        return None
    if not isinstance(line, int) or not isinstance(column, int):
        return None
    return path, line, column


def _describe(source: str, rule: Any) -> str:
    """Where a rule is defined, to follow 已在 in a message."""
    name = getattr(rule.meta, "name", "")
    if source == BUILTIN:
        return f"内置规则 {rule.meta.code}（{name}）中"
    if source == getattr(rule.meta, "source", None):
        return f" {source} 中"  # a rule file of the user's
    return f"插件 {source} 的规则 {name} 中"


def _clash(code: str, first: tuple[str, Any], second: tuple[str, Any]) -> Exception:
    """The error for two rules with one code: at the rule pack's definition when one of them
    is in a rule pack (the later one if both are), naming the other, worded like a clash
    between two rule files; else a :class:`PluginError`."""
    for here, other in ((second, first), (first, second)):
        where = _pack_position(*here)
        if where is None:
            continue
        from giar_lint.rules.yaml.errors import RuleFileError

        path, line, column = where
        message = f"规则编号“{code}”已在{_describe(*other)}定义"
        return RuleFileError(path, line, column, message)
    return PluginError(f"rule code {code} is defined twice: by {first[0]} and by {second[0]}")


def _load_yaml(paths: list[Path], builtin: bool) -> list[Any]:
    """Load YAML rule files; the built-in pack through the on-disk cache (on a cache hit the
    YAML loader and its parser are not even imported)."""
    spec = importlib.util.find_spec("giar_lint.rules.yaml")
    if spec is None or spec.origin in (None, "namespace"):
        return []  # the YAML rule language is not installed in this tree yet

    def load(p: Sequence[Path]) -> list[Any]:
        from giar_lint.rules.yaml import load_rule_paths

        return list(load_rule_paths(p))

    if builtin:
        from giar_lint.rule_cache import cached_rules

        return cached_rules(paths, load, watch=[Path(spec.origin).parent])
    return load(paths)
