"""The on-disk cache of parsed built-in rules: used when valid, never stale, never fatal."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from giar_lint import rule_cache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("GIAR_LINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("GIAR_LINT_NO_CACHE", raising=False)
    return folder


def make_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    (pack / "a.yaml").write_text("rules: []\n", encoding="utf-8")
    return pack


def test_second_load_comes_from_the_cache(cache: Path, tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    calls: list[int] = []

    def loader(paths: object) -> list[str]:
        calls.append(1)
        return ["rule-a", "rule-b"]

    assert rule_cache.cached_rules([pack], loader) == ["rule-a", "rule-b"]
    assert rule_cache.cached_rules([pack], loader) == ["rule-a", "rule-b"]
    assert len(calls) == 1
    assert len(list(cache.glob("rules-*.pickle"))) == 1


def test_a_changed_rule_file_is_reloaded(cache: Path, tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    version = ["one"]
    assert rule_cache.cached_rules([pack], lambda p: list(version)) == ["one"]
    (pack / "a.yaml").write_text("rules: [] # edited\n", encoding="utf-8")
    version[0] = "two"
    assert rule_cache.cached_rules([pack], lambda p: list(version)) == ["two"]
    (pack / "b.yml").write_text("rules: []\n", encoding="utf-8")
    version[0] = "three"
    assert rule_cache.cached_rules([pack], lambda p: list(version)) == ["three"]


def test_a_changed_loader_source_is_reloaded(cache: Path, tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    code = tmp_path / "loader"
    code.mkdir()
    (code / "m.py").write_text("x = 1\n", encoding="utf-8")
    assert rule_cache.cached_rules([pack], lambda p: ["old"], watch=[code]) == ["old"]
    (code / "m.py").write_text("x = 22\n", encoding="utf-8")
    assert rule_cache.cached_rules([pack], lambda p: ["new"], watch=[code]) == ["new"]


def test_a_corrupt_cache_file_falls_back_silently(cache: Path, tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    rule_cache.cached_rules([pack], lambda p: ["fresh"])
    (entry,) = cache.glob("rules-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert rule_cache.cached_rules([pack], lambda p: ["again"]) == ["again"]
    assert pickle.loads(entry.read_bytes())[1] == ["again"]


def test_unpicklable_rules_and_unwritable_folder_are_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = make_pack(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("GIAR_LINT_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    assert rule_cache.cached_rules([pack], lambda p: ["ok"]) == ["ok"]
    monkeypatch.setenv("GIAR_LINT_CACHE_DIR", str(tmp_path / "c2"))
    unpicklable = [lambda: None]
    assert rule_cache.cached_rules([pack], lambda p: unpicklable) == unpicklable


def test_no_cache_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIAR_LINT_NO_CACHE", "1")
    assert rule_cache.cache_dir() is None
    pack = make_pack(tmp_path)
    calls: list[int] = []
    for _ in range(2):
        rule_cache.cached_rules([pack], lambda p: calls.append(1) or [])
    assert len(calls) == 2


def test_one_entry_per_installation_and_old_ones_pruned(cache: Path, tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    for i in range(3):
        (pack / "a.yaml").write_text(f"rules: [] # {i}\n", encoding="utf-8")
        os.utime(pack / "a.yaml", ns=(i * 10**9, i * 10**9))
        assert rule_cache.cached_rules([pack], lambda p, i=i: [i]) == [i]
    assert len(list(cache.glob("rules-*.pickle"))) == 1
    for i in range(rule_cache.KEEP_ENTRIES + 2):
        other = tmp_path / f"install{i}"
        other.mkdir()
        rule_cache.cached_rules([other], lambda p, i=i: [i])
    assert len(list(cache.glob("rules-*.pickle"))) == rule_cache.KEEP_ENTRIES


def test_builtin_rules_survive_the_cache(cache: Path) -> None:
    """The real built-in rules pickle, and the cached copies check like fresh ones."""
    from giar_lint import plugins
    from giar_lint.engine import Linter

    text = (Path(__file__).parent / "fixtures" / "seeds" / "004_006a45e46abc384b.txt").read_text(
        encoding="utf-8"
    )
    results = []
    for _ in range(2):
        plugins.reset()
        results.append([(d.code, d.span, d.message) for d in Linter().check_text(text).diagnostics])
    plugins.reset()
    assert list(cache.glob("rules-*.pickle"))
    assert results[0] == results[1] and results[0]
