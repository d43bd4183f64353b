"""Shared fixtures: the seed reports and their hand-checked table values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS_DIR = FIXTURES / "seeds"
SEED_FILES = sorted(p.name for p in SEEDS_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """Seed file name → its text."""
    return {name: (SEEDS_DIR / name).read_text(encoding="utf-8") for name in SEED_FILES}


@pytest.fixture(scope="session")
def expected_tables() -> dict[str, dict]:
    """Seed file name → the hand-checked table values (``parse --format json`` shape)."""
    return json.loads((SEEDS_DIR / "expected-tables.json").read_text(encoding="utf-8"))
