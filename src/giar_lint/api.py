"""A small stable Python API for editors and other programs.

>>> from giar_lint.api import lint_text, load_config_for
>>> config = load_config_for("reports/2023.txt")        # doctest: +SKIP
>>> for d in lint_text(text, "reports/2023.txt", config):  # doctest: +SKIP
...     print(d.span.line, d.code, d.message)

Positions in the returned :class:`~giar_lint.diagnostics.Diagnostic` objects refer to ``text``
(1-based lines, columns in characters). Configuration errors raise
:class:`giar_lint.config.ConfigError` and broken rule files raise
:class:`giar_lint.rules.yaml.RuleFileError`; bad report text never raises.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from giar_lint.config import Config, clear_caches, config_for

if TYPE_CHECKING:
    from giar_lint.diagnostics import Diagnostic
    from giar_lint.engine import Linter
    from giar_lint.rules.base import RuleMeta

__all__ = ["Config", "explain", "lint_text", "load_config_for", "reload_config"]

_linters: dict[int, tuple[Config, Linter]] = {}


def load_config_for(path: str | os.PathLike[str]) -> Config:
    """The configuration that applies to ``path``: the nearest ``.giar-lint.yaml`` or
    ``pyproject.toml`` with ``[tool.giar-lint]`` in its folder or above, else the defaults."""
    return config_for(path)


def reload_config() -> None:
    """Forget cached configuration and rule files (call when one of them changed on disk)."""
    from giar_lint.plugins import clear_rule_cache

    clear_caches()
    clear_rule_cache()
    _linters.clear()


def _linter(config: Config) -> Linter:
    from giar_lint.engine import Linter

    cached = _linters.get(id(config))
    if cached is not None and cached[0] is config:
        return cached[1]
    linter = Linter(config)
    if len(_linters) > 32:  # an editor session sees few configurations; keep memory bounded
        _linters.clear()
    _linters[id(config)] = (config, linter)
    return linter


def lint_text(text: str, path: str, config: Config | None = None) -> list[Diagnostic]:
    """Check report text as if it were the file ``path`` (which need not exist).

    ``config`` defaults to :func:`load_config_for` ``(path)``. Suppression comments,
    ``per-file-ignores`` and severity overrides apply as on the command line; cross-report rules
    do not (they need several reports).
    """
    if config is None:
        config = load_config_for(path)
    return _linter(config).check_text(text, path).diagnostics


def explain(code: str, config: Config | None = None) -> RuleMeta | None:
    """The description of rule ``code`` (for hover texts), or None when unknown."""
    from giar_lint.plugins import all_rules

    rules = all_rules(config.rules if config else ())
    return rules.meta(code.upper())
