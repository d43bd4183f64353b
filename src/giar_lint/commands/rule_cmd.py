"""``giar-lint rule CODE``: what a rule checks, why, its legal basis and examples."""

from __future__ import annotations

import argparse
import difflib
import sys

from giar_lint.cli import EXIT_ERROR, EXIT_OK
from giar_lint.commands.rule_pages import build_page, render_text
from giar_lint.commands.rules_support import (
    RulesUnavailable,
    fail,
    load_ruleset,
    rule_source,
)


def run(args: argparse.Namespace) -> int:
    try:
        ruleset = load_ruleset(args)
    except RulesUnavailable as exc:
        return fail(exc)
    code = args.code.strip().upper()
    meta = ruleset.meta(code)
    if meta is None:
        codes = sorted(ruleset.codes)
        close = difflib.get_close_matches(code, codes, n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        print(f"giar-lint: unknown rule {args.code!r}{hint}", file=sys.stderr)
        return EXIT_ERROR
    source = rule_source(ruleset, meta)
    sys.stdout.write(render_text(build_page(meta, ruleset, source)))
    return EXIT_OK
