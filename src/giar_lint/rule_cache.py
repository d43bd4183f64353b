"""An on-disk cache of the parsed built-in YAML rules, so a cold start under pre-commit does not
re-parse every rule file and expression.

Each entry records the giar-lint and Python versions and the name, size and modification time of
every rule file and of the loader's own modules and grammars; it is used only when all of these
are still exactly the same, so any change re-parses.
Anything unexpected (no cache folder, a stale or corrupt file, rules that cannot be pickled) falls
back silently to loading the files. Set ``GIAR_LINT_NO_CACHE=1`` to bypass it.

The same folder keeps the compiled form of the regular expressions the built-in Python rules
compile at import (:func:`compiled_pattern`): compiling them costs every start about 8 ms.
"""

from __future__ import annotations

import os
import pickle
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from giar_lint import __version__

#: how many cached rule sets to keep (source checkouts, installed copies, versions)
KEEP_ENTRIES = 4


def cache_dir() -> Path | None:
    if os.environ.get("GIAR_LINT_NO_CACHE"):
        return None
    explicit = os.environ.get("GIAR_LINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "giar-lint"


def _files_under(paths: Iterable[Path], suffixes: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """(path, size, mtime) of the files with ``suffixes`` under ``paths``, sorted."""
    out: list[tuple[str, int, int]] = []
    pending = [str(p) for p in paths]
    while pending:
        current = pending.pop()
        try:
            if not os.path.isdir(current):
                st = os.stat(current)
                out.append((current, st.st_size, st.st_mtime_ns))
                continue
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.is_dir():
                        if entry.name != "__pycache__":
                            pending.append(entry.path)
                    elif entry.name.endswith(suffixes):
                        st = entry.stat()
                        out.append((entry.path, st.st_size, st.st_mtime_ns))
        except OSError:
            continue
    return sorted(out)


def _fingerprint(paths: Sequence[Path], watch: Sequence[Path]) -> str:
    """Everything the cached rules depend on, as text (compared exactly, never hashed)."""
    watched = _files_under(paths, (".yaml", ".yml"))
    watched += _files_under(watch, (".py",))
    try:
        from giar_lint.resources import data_path

        watched += _files_under([data_path("grammars")], (".lark",))
    except Exception:
        pass
    package = Path(__file__).parent
    watched += _files_under([package / "model", package / "rules"], (".py",))
    head = f"{__version__}|{sys.version}|{pickle.HIGHEST_PROTOCOL}"
    return "\n".join([head, *(f"{f}|{size}|{mtime}" for f, size, mtime in watched)])


def cached_rules(
    paths: Sequence[Path],
    loader: Callable[[Sequence[Path]], Any],
    watch: Sequence[Path] = (),
) -> list[Any]:
    """``loader(paths)``, served from the cache when neither the rule files nor the Python
    sources under ``watch`` (the loader's package) nor the grammars have changed.

    Errors of the loader itself (a broken rule file) propagate unchanged and nothing is cached.
    """
    folder = cache_dir()
    target: Path | None = None
    fingerprint = ""
    if folder is not None:
        try:
            fingerprint = _fingerprint(paths, watch)
            # one entry per installation (the set of watched places), whatever their state
            where = "|".join(str(p) for p in (*paths, *watch)).encode()
            target = folder / f"rules-{zlib.crc32(where):08x}.pickle"
            with open(target, "rb") as fh:
                stored, rules = pickle.load(fh)
            if stored == fingerprint and isinstance(rules, list):
                return rules
        except Exception:
            pass
    rules = list(loader(paths))
    if target is not None:
        _store(target, (fingerprint, rules))
    return rules


def _store(target: Path, entry: tuple[str, list[Any]]) -> None:
    import tempfile  # only on a cache miss: it is costly to import

    try:
        data = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # keep a few recent entries (several installations may share the folder), drop the rest
        entries = sorted(
            target.parent.glob("rules-*.pickle"), key=lambda f: f.stat().st_mtime, reverse=True
        )
        for old in entries[KEEP_ENTRIES - 1 :]:
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".rules-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except Exception:
        pass


# -- compiled regular expressions -------------------------------------------------------------

#: Compiled forms by (pattern, flags), as read from the cache file (None: not read yet).
_pattern_states: dict[tuple[str, int], Any] | None = None
#: Compiled forms made by this process that the cache file lacks.
_new_pattern_states: dict[tuple[str, int], Any] = {}
#: A cache file holding more patterns than this is started afresh (patterns that changed).
MAX_PATTERNS = 1000


def _patterns_file() -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    # one file per Python build: compiled forms are only valid for the one that made them
    return folder / f"patterns-{zlib.crc32(sys.version.encode()):08x}.pickle"


def _pattern_header() -> str:
    return f"{__version__}|{sys.version}|{pickle.HIGHEST_PROTOCOL}"


def _load_pattern_states() -> dict[tuple[str, int], Any]:
    global _pattern_states
    if _pattern_states is None:
        _pattern_states = {}
        target = _patterns_file()
        if target is not None:
            try:
                with open(target, "rb") as fh:
                    header, states = pickle.load(fh)
                if header == _pattern_header() and isinstance(states, dict):
                    _pattern_states = states
            except Exception:
                pass
    return _pattern_states


def compiled_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, rebuilt from the cache of compiled forms when it holds
    this pattern (see :mod:`giar_lint.rules.yaml.compiled_regex`)."""
    from giar_lint.rules.yaml.compiled_regex import regex_state, restore_regex

    key = (pattern, flags)
    state = _load_pattern_states().get(key)
    if state is not None:
        regex = restore_regex(state)
        if regex.pattern == pattern:
            return regex
    regex = re.compile(pattern, flags)
    if _patterns_file() is not None:
        _new_pattern_states[key] = regex_state(regex)
    return regex


def save_compiled_patterns() -> None:
    """Add the compiled forms made since the cache file was read to it (nothing when none)."""
    target = _patterns_file()
    if target is None or not _new_pattern_states:
        return
    states = dict(_load_pattern_states())
    if len(states) + len(_new_pattern_states) > MAX_PATTERNS:
        states = {}
    global _pattern_states
    states.update(_new_pattern_states)
    _new_pattern_states.clear()
    _pattern_states = states
    _write(target, (_pattern_header(), states))


def _write(target: Path, value: Any) -> None:
    """Write ``value`` pickled to ``target`` atomically; any failure is silent."""
    import tempfile  # only when writing: it is costly to import

    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".patterns-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except Exception:
        pass
