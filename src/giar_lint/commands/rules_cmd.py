"""``giar-lint rules``: every rule with its code, name, default severity and source."""

from __future__ import annotations

import argparse
import sys

from giar_lint.cli import EXIT_OK
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
    metas = ruleset.metas()
    cross = {r.meta.code for r in ruleset.cross}
    if args.format == "markdown":
        from giar_lint.commands.rule_pages import build_page, render_markdown

        pages = [build_page(m, ruleset, rule_source(ruleset, m)) for m in metas]
        sys.stdout.write(render_markdown(pages))
        return EXIT_OK
    if args.format == "json":
        import json

        data = [
            {
                "code": m.code,
                "name": m.name,
                "severity": m.severity,
                "source": rule_source(ruleset, m),
                "summary": m.summary,
                "fixable": m.fixable,
                "cross_report": m.code in cross,
                "when": m.when or None,
            }
            for m in metas
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    width = max((len(m.name) for m in metas), default=4)
    for m in metas:
        source = rule_source(ruleset, m)
        marks = ("  [fix]" if m.fixable else "") + ("  [cross-report]" if m.code in cross else "")
        print(f"{m.code:<6} {m.name:<{width}}  {m.severity:<7}  {source}{marks}")
    return EXIT_OK
