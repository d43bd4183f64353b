"""The built-in YAML rule pack (the ``rules/`` folder), shipped through the same hook a
third-party rule pack uses."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from giar_lint.hookspecs import hookimpl


def builtin_rules_dir() -> Path:
    """The folder of built-in YAML rules (packaged under ``giar_lint/_data/rules``)."""
    from giar_lint.resources import data_path

    return data_path("rules")


@hookimpl
def giar_lint_rule_files() -> Sequence[Path]:
    folder = builtin_rules_dir()
    return [folder] if folder.is_dir() else []
