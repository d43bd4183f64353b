"""Configuration: which rules run, how severe they are, and which files are checked.

A configuration file is ``.giar-lint.yaml`` (or ``.giar-lint.yml``), or the ``[tool.giar-lint]``
table of a ``pyproject.toml``. For each checked file the nearest one in its folder or a parent
folder applies; ``--config`` names one explicitly. Keys::

    extends: ../province/.giar-lint.yaml   # inherit another file (national → provincial → city)
    select: [S, T, A]            # code prefixes that run (default: every rule)
    extend-select: [X9]          # added to the inherited/selected ones
    ignore: [S104]               # prefixes that do not run
    severity: {S106: error, C5: info, R601: off}
    rules: [rules/]              # extra YAML rule files or folders, relative to this file
    per-file-ignores: {"drafts/*.txt": [S]}
    exclude: ["archive/", "*.draft.txt"]   # skipped by directory search
    fail-on: warning             # lowest severity that makes the exit code 1
    baseline: .giar-lint-baseline.json   # accepted findings, relative to this file

When a code matches both a selecting and an ignoring prefix, the longer (more specific) prefix
wins and a tie ignores, so ``select: [A301]`` with ``ignore: [A]`` runs A301 alone.

With ``extends``, a key set in a file replaces the inherited value, except ``extend-select``,
``rules``, ``severity`` and ``per-file-ignores``, which add to it.

Configuration files are untrusted input, like rule files: YAML tags, anchors and aliases are
refused, size and nesting are limited, and every problem is a :class:`ConfigError` naming
``file:line:col``.

A code or prefix that no loaded rule starts with is an error too, but only once the rules are
loaded (a configuration may add rule packs): :func:`check_selectors`, which the engine calls
when it builds a linter for the configuration. ``ALL`` is valid in every key.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # imported where nodes are built: most runs read no configuration file
    from giar_lint.safe_yaml import Node, YamlProblem

YAML_NAMES = (".giar-lint.yaml", ".giar-lint.yml")
PYPROJECT = "pyproject.toml"
MAX_CONFIG_BYTES = 256 * 1024
MAX_DEPTH = 16
MAX_EXTENDS = 16
SEVERITIES = ("error", "warning", "info")
SEVERITY_VALUES = (*SEVERITIES, "off")
ALL = "ALL"
_CODE_PATTERN = r"^[A-Z][A-Z0-9]*$"


def _is_code(text: str) -> bool:
    return re.match(_CODE_PATTERN, text) is not None  # re caches the compiled pattern


class ConfigError(Exception):
    """A broken configuration file; ``str()`` is the one-line ``file:line:col: message``."""

    def __init__(self, path: str | os.PathLike[str], line: int, column: int, message: str):
        super().__init__(message)
        self.path = str(path)
        self.line = line
        self.column = column
        self.message = " ".join(message.splitlines())  # always one line

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class PathPattern:
    """A glob written in a configuration file, relative to that file's folder."""

    base: Path
    pattern: str

    def matches(self, path: str | os.PathLike[str]) -> bool:
        return glob_matches(self.pattern, path, self.base)


@dataclass(frozen=True)
class SelectorPlace:
    """Where a configuration file names a rule code or prefix. Whether it names a rule is only
    known once the rules are loaded (the configuration may add rule packs): see
    :func:`check_selectors`."""

    key: str
    selector: str
    path: Path
    line: int
    column: int


@dataclass(frozen=True)
class Config:
    """The effective configuration for a set of files (after ``extends`` and command line)."""

    #: the file this configuration came from (None: defaults)
    path: Path | None = None
    #: selecting prefixes; None means every rule
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: code or prefix -> "error" | "warning" | "info" | "off"
    severity: Mapping[str, str] = field(default_factory=dict)
    #: extra YAML rule files or folders (absolute)
    rules: tuple[Path, ...] = ()
    per_file_ignores: tuple[tuple[PathPattern, tuple[str, ...]], ...] = ()
    exclude: tuple[PathPattern, ...] = ()
    fail_on: str | None = None
    #: the baseline file of accepted findings (absolute; it need not exist yet)
    baseline: Path | None = None
    #: every code or prefix the configuration files name, with its place
    selector_places: tuple[SelectorPlace, ...] = ()

    # -- which rules run, how severe ----------------------------------------------------------

    def is_enabled(self, code: str) -> bool:
        selectors = (*(self.select if self.select is not None else (ALL,)), *self.extend_select)
        chosen = _best_prefix(code, selectors)
        return chosen >= 0 and chosen > _best_prefix(code, self.ignore)

    def severity_for(self, code: str, default: str) -> str | None:
        """The configured severity of ``code`` (longest matching key), None when "off"."""
        best = -1
        value = default
        for key, sev in self.severity.items():
            length = 0 if key == ALL else len(key) if code.startswith(key) else -1
            if length > best:
                best, value = length, sev
        return None if value == "off" else value

    def ignored_for(self, path: str | os.PathLike[str]) -> tuple[str, ...]:
        """Code prefixes that ``per-file-ignores`` silences for ``path``."""
        out: list[str] = []
        for pattern, codes in self.per_file_ignores:
            if pattern.matches(path):
                out.extend(codes)
        return tuple(out)

    def is_excluded(self, path: str | os.PathLike[str]) -> bool:
        return any(p.matches(path) for p in self.exclude)

    @property
    def fail_level(self) -> str:
        return self.fail_on or "error"

    def with_overrides(
        self,
        *,
        select: Sequence[str] | None = None,
        extend_select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        rules: Sequence[str | os.PathLike[str]] = (),
        fail_on: str | None = None,
    ) -> Config:
        """This configuration with command-line options applied: ``--select`` replaces,
        ``--extend-select``, ``--ignore`` and ``--rules`` add, ``--fail-on`` replaces."""
        return replace(
            self,
            select=tuple(select) if select is not None else self.select,
            extend_select=(*self.extend_select, *(extend_select or ())),
            ignore=(*self.ignore, *(ignore or ())),
            rules=(*self.rules, *(Path(r).absolute() for r in rules)),
            fail_on=fail_on or self.fail_on,
        )


def check_selectors(config: Config, codes: Iterable[str]) -> None:
    """Raise :class:`ConfigError` at the first code or prefix of a configuration file that
    names none of ``codes`` (the rules loaded for it): a typo in ``select`` would otherwise turn
    every check off without a word. ``ALL`` is always valid."""
    known = tuple(codes)
    for place in config.selector_places:
        if place.selector == ALL or any(code.startswith(place.selector) for code in known):
            continue
        raise ConfigError(
            place.path,
            place.line,
            place.column,
            f"{place.key}: no rule code starts with {place.selector!r}",
        )


def _best_prefix(code: str, prefixes: Iterable[str]) -> int:
    best = -1
    for p in prefixes:
        if p == ALL:
            best = max(best, 0)
        elif code.startswith(p):
            best = max(best, len(p))
    return best


def glob_matches(pattern: str, path: str | os.PathLike[str], base: Path) -> bool:
    """Whether ``path`` matches a configuration glob written relative to ``base``.

    A pattern without ``/`` matches any file or folder name on the way (``drafts``,
    ``*.bak.txt``); a pattern with ``/`` matches the path relative to ``base`` or one of its
    parent folders (``archive/2019``, ``reports/*/draft.txt``). ``**`` and ``*`` both cross
    folder boundaries.
    """
    pat = pattern.strip()
    if pat.startswith("./"):
        pat = pat[2:]
    pat = pat.rstrip("/")
    if not pat:
        return False
    p = Path(path)
    try:
        rel = Path(os.path.relpath(p.absolute(), base)).as_posix()
    except ValueError:
        rel = p.as_posix()
    parts = [x for x in rel.split("/") if x not in ("", ".")]
    if "/" not in pat:
        return any(fnmatch.fnmatchcase(part, pat) for part in parts)
    pat = pat.lstrip("/")
    return any(fnmatch.fnmatchcase("/".join(parts[:i]), pat) for i in range(1, len(parts) + 1))


# -- reading files ----------------------------------------------------------------------------


def _error(path: Path, node: Node | None, message: str) -> ConfigError:
    if node is None:
        return ConfigError(path, 1, 1, message)
    return ConfigError(path, node.line, node.column, message)


def _read_bytes(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_CONFIG_BYTES:
            raise ConfigError(
                path, 1, 1, f"configuration file too large ({size} bytes, limit {MAX_CONFIG_BYTES})"
            )
        data = path.read_bytes()
    except ConfigError:
        raise
    except OSError as exc:
        raise ConfigError(path, 1, 1, f"cannot read configuration: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(path, line, 1, "configuration is not valid UTF-8") from None


def _yaml_nodes(path: Path, text: str) -> Node | None:
    """The node tree of a YAML configuration; plain scalars stay strings (None for null)."""
    from giar_lint.safe_yaml import YamlProblem, compose

    try:
        return compose(
            text, max_depth=MAX_DEPTH, typed=False, round_trip=True, late_key_problems=True
        )
    except YamlProblem as problem:
        raise ConfigError(path, problem.line, problem.column, _yaml_message(problem)) from None


def _yaml_message(problem: YamlProblem) -> str:
    if problem.kind == "syntax":
        return f"invalid YAML: {' '.join((problem.detail or 'syntax error').split())}"
    messages = {
        "alias": "YAML aliases are not allowed in configuration",
        "anchor": "YAML anchors are not allowed in configuration",
        "tag": "YAML tags are not allowed in configuration",
        "documents": "a configuration file holds one document",
        "depth": "configuration nested too deeply",
        "recursion": "configuration nested too deeply",
        "key": "keys must be plain strings",
        "duplicate-key": f"duplicate key {problem.detail!r}",
    }
    return messages.get(problem.kind, f"invalid YAML: {problem.kind}")


_TOML_POS = r"\(at line (\d+), column (\d+)\)"


def _toml_nodes(path: Path, text: str) -> Node | None:
    """The ``[tool.giar-lint]`` table as nodes; positions are those of the keys' lines (TOML
    parsers do not report positions, so keys are located in the text)."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(_TOML_POS, str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        if m is None and "end of document" in str(exc):
            line = max(1, len(text.splitlines()))
        message = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", str(exc))
        raise ConfigError(path, line, col, f"invalid TOML: {message}") from None
    tool = data.get("tool")
    if not isinstance(tool, dict) or "giar-lint" not in tool:
        return None
    table = tool["giar-lint"]
    lines = text.splitlines()
    locate = _TomlLocator(lines)
    header = locate.header(("tool", "giar-lint"))
    return _toml_value(table, ("tool", "giar-lint"), header, locate)


class _TomlLocator:
    """Finds the line of a table header or of a key inside a table, best effort."""

    _HEADER = r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$"
    _KEY = r"^\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.\-\"' ]+?)\s*="

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.headers: list[tuple[int, tuple[str, ...]]] = []
        for i, raw in enumerate(lines):
            m = re.match(self._HEADER, raw)
            if m:
                self.headers.append((i + 1, _split_dotted(m.group(1))))

    def header(self, table: tuple[str, ...]) -> tuple[int, int]:
        for line, name in self.headers:
            if name == table:
                return line, 1
        for line, name in self.headers:  # a parent table that sets it with dotted keys
            if name == table[: len(name)]:
                return line, 1
        return 1, 1

    def key(self, table: tuple[str, ...], key: str, near: tuple[int, int]) -> tuple[int, int]:
        start = near[0]
        end = len(self.lines)
        for line, _name in self.headers:
            if line > start:
                end = line - 1
                break
        for i in range(start, end):
            raw = self.lines[i]
            m = re.match(self._KEY, raw)
            if m and _split_dotted(m.group(1))[-1:] == (key,):
                return i + 1, raw.index(raw.lstrip()[0]) + 1
        sub = self.header((*table, key))
        return sub if sub != (1, 1) else near


def _split_dotted(name: str) -> tuple[str, ...]:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([^.\s]+)", name)
    return tuple(a or b or c for a, b, c in parts)


def _toml_value(
    value: Any, table: tuple[str, ...], where: tuple[int, int], locate: _TomlLocator
) -> Node:
    from giar_lint.safe_yaml import Node

    line, col = where
    if isinstance(value, dict):
        mapping: dict[str, tuple[Node, Node]] = {}
        sub_where = locate.header(table) if table else where
        if sub_where == (1, 1):
            sub_where = where
        for k, v in value.items():
            kpos = locate.key(table, k, sub_where)
            mapping[str(k)] = (
                Node(str(k), *kpos),
                _toml_value(v, (*table, str(k)), kpos, locate),
            )
        return Node(mapping, line, col)
    if isinstance(value, list):
        return Node([_toml_value(v, table, where, locate) for v in value], line, col)
    if isinstance(value, str):
        return Node(value, line, col)
    # numbers, booleans and dates are never valid here: keep their type for the message
    return Node(value, line, col)


# -- validation -------------------------------------------------------------------------------

_KEYS = (
    "extends",
    "select",
    "extend-select",
    "ignore",
    "severity",
    "rules",
    "per-file-ignores",
    "exclude",
    "fail-on",
    "baseline",
)


class _Layer:
    """The keys one file sets (None: not set)."""

    def __init__(self, path: Path):
        self.path = path
        self.extends: tuple[Path, Node] | None = None
        self.select: tuple[str, ...] | None = None
        self.extend_select: tuple[str, ...] = ()
        self.ignore: tuple[str, ...] | None = None
        self.severity: dict[str, str] = {}
        self.rules: tuple[Path, ...] = ()
        self.per_file_ignores: tuple[tuple[PathPattern, tuple[str, ...]], ...] = ()
        self.exclude: tuple[PathPattern, ...] | None = None
        self.fail_on: str | None = None
        self.baseline: Path | None = None
        self.places: list[SelectorPlace] = []


def _strings(path: Path, node: Node, what: str) -> list[tuple[str, Node]]:
    """A list of strings; a single string is accepted (comma-separated for codes)."""
    if isinstance(node.value, str):
        return [(node.value, node)]
    if isinstance(node.value, list):
        out = []
        for item in node.value:
            if not isinstance(item.value, str):
                raise _error(path, item, f"{what}: expected a string, got {_kind(item)}")
            out.append((item.value, item))
        return out
    raise _error(path, node, f"{what}: expected a list of strings, got {_kind(node)}")


def _kind(node: Node) -> str:
    v = node.value
    if v is None:
        return "nothing"
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, int | float):
        return "a number"
    if isinstance(v, str):
        return f"{v!r}"
    return type(v).__name__


def _codes(
    path: Path, node: Node, what: str, places: list[SelectorPlace] | None = None
) -> tuple[str, ...]:
    out: list[str] = []
    for raw, item in _strings(path, node, what):
        for piece in raw.split(","):
            code = piece.strip().upper()
            if not code:
                continue
            if not _is_code(code):
                raise _error(path, item, f"{what}: {piece.strip()!r} is not a rule code or prefix")
            out.append(code)
            if places is not None:
                places.append(SelectorPlace(what, code, path, item.line, item.column))
    return tuple(out)


def _one_of(path: Path, node: Node, what: str, allowed: Sequence[str]) -> str:
    value = node.value.strip().lower() if isinstance(node.value, str) else None
    if value not in allowed:
        raise _error(path, node, f"{what}: expected one of {', '.join(allowed)}, got {_kind(node)}")
    return value


def _layer(path: Path, root: Node | None) -> _Layer:
    layer = _Layer(path)
    if root is None:
        return layer
    if not isinstance(root.value, dict):
        raise _error(path, root, f"configuration must be a mapping of keys, got {_kind(root)}")
    base = path.parent
    for key, (knode, vnode) in root.value.items():
        if key not in _KEYS:
            hint = _suggest(key, _KEYS)
            raise _error(
                path, knode, f"unknown key {key!r}" + (f" (did you mean {hint!r}?)" if hint else "")
            )
        if key == "extends":
            if not isinstance(vnode.value, str) or not vnode.value.strip():
                raise _error(path, vnode, f"extends: expected a file path, got {_kind(vnode)}")
            layer.extends = ((base / vnode.value.strip()).resolve(), vnode)
        elif key == "select":
            layer.select = _codes(path, vnode, key, layer.places)
        elif key == "extend-select":
            layer.extend_select = _codes(path, vnode, key, layer.places)
        elif key == "ignore":
            layer.ignore = _codes(path, vnode, key, layer.places)
        elif key == "severity":
            if not isinstance(vnode.value, dict):
                raise _error(
                    path,
                    vnode,
                    f"severity: expected a mapping of code to severity, got {_kind(vnode)}",
                )
            for code, (ck, cv) in vnode.value.items():
                c = code.strip().upper()
                if not _is_code(c):
                    raise _error(path, ck, f"severity: {code!r} is not a rule code or prefix")
                layer.places.append(SelectorPlace("severity", c, path, ck.line, ck.column))
                layer.severity[c] = _one_of(path, cv, f"severity of {c}", SEVERITY_VALUES)
        elif key == "rules":
            paths = []
            for raw, item in _strings(path, vnode, key):
                p = (base / raw).resolve()
                if not p.exists():
                    raise _error(path, item, f"rules: {raw!r} does not exist")
                paths.append(p)
            layer.rules = tuple(paths)
        elif key == "per-file-ignores":
            if not isinstance(vnode.value, dict):
                raise _error(
                    path,
                    vnode,
                    f"per-file-ignores: expected a mapping of glob to codes, got {_kind(vnode)}",
                )
            layer.per_file_ignores = tuple(
                (
                    PathPattern(base, glob),
                    _codes(path, cv, f"per-file-ignores {glob!r}", layer.places),
                )
                for glob, (_ck, cv) in vnode.value.items()
            )
        elif key == "exclude":
            layer.exclude = tuple(PathPattern(base, g) for g, _n in _strings(path, vnode, key))
        elif key == "fail-on":
            layer.fail_on = _one_of(path, vnode, key, SEVERITIES)
        elif key == "baseline":
            if not isinstance(vnode.value, str) or not vnode.value.strip():
                # an empty value is placed after its key's line: point at the key instead
                where = knode if vnode.value is None else vnode
                raise _error(path, where, f"baseline: expected a file path, got {_kind(vnode)}")
            # Not required to exist: --write-baseline creates it, reading reports it missing.
            layer.baseline = (base / vnode.value.strip()).resolve()
    return layer


def _suggest(word: str, choices: Sequence[str]) -> str | None:
    import difflib

    close = difflib.get_close_matches(word.replace("_", "-"), choices, n=1, cutoff=0.6)
    return close[0] if close else None


def _read_layer(path: Path) -> _Layer | None:
    """One file's keys; None for a pyproject.toml without ``[tool.giar-lint]``."""
    text = _read_bytes(path)
    if path.name == PYPROJECT or path.suffix == ".toml":
        root = _toml_nodes(path, text)
        if root is None:
            return None
    else:
        root = _yaml_nodes(path, text)
    return _layer(path, root)


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read a configuration file and the files it extends. Raises :class:`ConfigError`."""
    target = Path(path).absolute()
    return _load(target.resolve() if target.exists() else target)


@lru_cache(maxsize=64)
def _load(path: Path) -> Config:
    if not path.is_file():
        raise ConfigError(path, 1, 1, "configuration file not found")
    chain: list[_Layer] = []
    seen: set[Path] = set()
    current: Path | None = path
    via: tuple[Path, Node] | None = None
    while current is not None:
        if current in seen:
            assert via is not None
            raise _error(via[0], via[1], f"extends: circular inheritance through {current}")
        if len(chain) >= MAX_EXTENDS:
            assert via is not None
            raise _error(via[0], via[1], "extends: too many levels of inheritance")
        if not current.is_file():
            assert via is not None
            raise _error(via[0], via[1], f"extends: {current} not found")
        seen.add(current)
        layer = _read_layer(current)
        if layer is None:
            if via is not None:
                raise _error(via[0], via[1], f"extends: {current} has no [tool.giar-lint] table")
            raise ConfigError(current, 1, 1, "no [tool.giar-lint] table")
        chain.append(layer)
        if layer.extends is not None:
            via = (current, layer.extends[1])
            current = layer.extends[0]
        else:
            current = None
    return _merge(path, reversed(chain))


def _merge(path: Path, layers: Iterable[_Layer]) -> Config:
    """Apply layers from the most general (national) to the most specific (the file itself)."""
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = {}
    rules: tuple[Path, ...] = ()
    pfi: tuple[tuple[PathPattern, tuple[str, ...]], ...] = ()
    exclude: tuple[PathPattern, ...] = ()
    fail_on: str | None = None
    baseline: Path | None = None
    places: list[SelectorPlace] = []
    for layer in layers:
        places += layer.places
        if layer.select is not None:
            select = layer.select
        extend_select += layer.extend_select
        if layer.ignore is not None:
            ignore = layer.ignore
        severity.update(layer.severity)
        rules += tuple(r for r in layer.rules if r not in rules)
        pfi += layer.per_file_ignores
        if layer.exclude is not None:
            exclude = layer.exclude
        if layer.fail_on is not None:
            fail_on = layer.fail_on
        if layer.baseline is not None:
            baseline = layer.baseline
    return Config(
        path=path,
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        severity=severity,
        rules=rules,
        per_file_ignores=pfi,
        exclude=exclude,
        fail_on=fail_on,
        baseline=baseline,
        selector_places=tuple(places),
    )


@lru_cache(maxsize=1024)
def _config_file_in(folder: Path) -> Path | None:
    for name in YAML_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    candidate = folder / PYPROJECT
    if candidate.is_file() and _pyproject_configures(candidate):
        return candidate
    return None


_PYPROJECT_HINT = (
    r"""^\s*\[\s*tool\s*\.\s*["']?giar-lint["']?\s*[\].]"""
    r"""|^\s*\[\s*tool\s*\]\s*(?:#.*)?$(?:\n(?!\s*\[).*)*?\n\s*["']?giar-lint["']?\s*[.=]"""
    r"""|^\s*tool\s*\.\s*["']?giar-lint["']?\s*[.=]"""
)


def _pyproject_configures(path: Path) -> bool:
    """Whether a pyproject.toml has a ``[tool.giar-lint]`` table (an invalid file that seems to
    have one counts, so that its error is reported rather than silently skipped)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    # A table header [tool.giar-lint…] or a key giar-lint… inside [tool] / a dotted tool.giar-lint
    # key; only then is the file parsed (most pyproject.toml files merely name the package).
    if "giar-lint" not in text or not re.search(_PYPROJECT_HINT, text, re.M):
        return False
    import tomllib

    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError:
        return True  # seems to configure giar-lint: let the error be reported
    return isinstance(tool, dict) and "giar-lint" in tool


def find_config_file(start: str | os.PathLike[str]) -> Path | None:
    """The nearest configuration file for a file or folder, searching upward."""
    p = Path(start).absolute()
    folder = p if p.is_dir() else p.parent
    for candidate in (folder, *folder.parents):
        found = _config_file_in(candidate)
        if found is not None:
            return found
    return None


def config_for(path: str | os.PathLike[str]) -> Config:
    """The configuration that applies to ``path`` (defaults when no file is found)."""
    found = find_config_file(path)
    return load_config(found) if found is not None else Config()


def clear_caches() -> None:
    """Forget discovered and loaded files (the language server calls this when one changes)."""
    _load.cache_clear()
    _config_file_in.cache_clear()
