"""What ``rules`` and ``rule`` share: the rule set of the current configuration."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from giar_lint.config import Config, ConfigError, config_for, load_config

if TYPE_CHECKING:
    from giar_lint.plugins import RuleSet
    from giar_lint.rules.base import RuleMeta


class RulesUnavailable(Exception):
    """The rule set cannot be built: the one-line reason is the message."""


def load_ruleset(args: argparse.Namespace) -> RuleSet:
    """Every rule known with ``--config`` (or the configuration found from the current folder)
    and ``--rules``."""
    from giar_lint.commands.check_cmd import _rule_file_error
    from giar_lint.plugins import all_rules

    try:
        config = load_config(args.config) if args.config else config_for(Path.cwd() / "x")
    except ConfigError as exc:
        raise RulesUnavailable(str(exc)) from None
    extra = [Path(r).absolute() for r in (args.rules or ())]
    for r in extra:
        if not r.exists():
            raise RulesUnavailable(f"giar-lint: --rules: {r} does not exist")
    config = Config(rules=(*config.rules, *extra))
    try:
        return all_rules(config.rules)
    except Exception as exc:
        message = _rule_file_error(exc)
        if message is None:
            raise
        raise RulesUnavailable(message) from None


def display_source(source: str) -> str:
    """A rule's source for people: a rule file under the current folder as a relative path."""
    import os

    if os.path.isabs(source):
        try:
            rel = os.path.relpath(source)
        except ValueError:
            return source
        if not rel.startswith(".."):
            return rel
    return source


def rule_source(ruleset: RuleSet, meta: RuleMeta) -> str:
    """Where a rule comes from, for people (see :func:`display_source`)."""
    return display_source(ruleset.sources.get(meta.code, meta.source))


def fail(exc: RulesUnavailable) -> int:
    print(str(exc), file=sys.stderr)
    return 2
