"""An on-disk cache of the parsed built-in YAML rules, so a cold start under pre-commit does not
re-parse every rule file and expression.

The cache is keyed by the giar-lint and Python versions and by the name, size and modification
time of every rule file and of the loader's own modules and grammars, so any change re-parses.
Anything unexpected (no cache folder, a stale or corrupt file, rules that cannot be pickled) falls
back silently to loading the files. Set ``GIAR_LINT_NO_CACHE=1`` to bypass it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
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


def _files_under(paths: Iterable[Path], suffixes: tuple[str, ...]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(f for f in p.rglob("*") if f.suffix in suffixes and f.is_file())
        elif p.exists():
            out.append(p)
    return sorted(out)


def _fingerprint(paths: Sequence[Path], watch: Sequence[Path]) -> str:
    h = hashlib.sha256()
    h.update(f"{__version__}|{sys.version}|{pickle.HIGHEST_PROTOCOL}".encode())
    watched = _files_under(paths, (".yaml", ".yml"))
    watched += _files_under(watch, (".py",))
    try:
        from giar_lint.resources import data_path

        watched += _files_under([data_path("grammars")], (".lark",))
    except Exception:
        pass
    model_dir = Path(__file__).parent
    watched += _files_under([model_dir / "model", model_dir / "rules"], (".py",))
    for f in watched:
        st = f.stat()
        h.update(f"{f}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:32]


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
    if folder is not None:
        try:
            target = folder / f"rules-{_fingerprint(paths, watch)}.pickle"
            with open(target, "rb") as fh:
                rules = pickle.load(fh)
            if isinstance(rules, list):
                return rules
        except Exception:
            pass
    rules = list(loader(paths))
    if target is not None:
        _store(target, rules)
    return rules


def _store(target: Path, rules: list[Any]) -> None:
    import tempfile  # only on a cache miss: it is costly to import

    try:
        data = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
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
