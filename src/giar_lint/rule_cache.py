"""An on-disk cache of the parsed built-in YAML rules, so a cold start under pre-commit does not
re-parse every rule file and expression.

Each entry records the giar-lint and Python versions and the name, size and modification time of
every rule file and of the loader's own modules and grammars; it is used only when all of these
are still exactly the same, so any change re-parses.
Anything unexpected (no cache folder, a stale or corrupt file, rules that cannot be pickled) falls
back silently to loading the files. Set ``GIAR_LINT_NO_CACHE=1`` to bypass it.
"""

from __future__ import annotations

import os
import pickle
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
