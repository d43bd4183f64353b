"""``giar-lint rule CODE``: what a rule checks, why, its legal basis and examples."""

from __future__ import annotations

import argparse
import difflib
import sys
import textwrap

from giar_lint.cli import EXIT_ERROR, EXIT_OK
from giar_lint.commands.rules_support import (
    RulesUnavailable,
    display_source,
    fail,
    load_ruleset,
)

#: Longest example shown in full; longer ones are cut (the rule file has them whole).
EXAMPLE_LINES = 30


def _indent(text: str) -> str:
    lines = text.strip("\n").splitlines()
    if len(lines) > EXAMPLE_LINES:
        lines = [*lines[:EXAMPLE_LINES], f"… （共 {len(lines)} 行）"]
    return "\n".join("    " + line for line in lines)


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
    source = display_source(ruleset.sources.get(meta.code, meta.source))
    cross = any(r.meta.code == meta.code for r in ruleset.cross)
    out: list[str] = [
        f"{meta.code} {meta.name}",
        "",
        meta.summary,
        "",
        f"默认级别 (default severity): {meta.severity}",
        f"来源 (source): {source}",
        f"可自动修复 (fixable): {'是 (yes, --fix)' if meta.fixable else '否 (no)'}",
    ]
    if meta.when:
        out.append(f"适用范围 (applies when): {meta.when}")
    if cross:
        out.append("跨报告规则 (cross-report): 比较同一次检查中的多份报告")
    out += ["", "检查什么、为什么 (what and why):"]
    out += [textwrap.indent(meta.description.strip(), "    ")]
    out += ["", "依据 (legal basis):", textwrap.indent(meta.basis.strip() or "—", "    ")]
    for title, examples in (
        ("不合格示例 (failing example)", meta.examples_fail),
        ("合格示例 (passing example)", meta.examples_pass),
    ):
        if examples:
            out += ["", f"{title}:", _indent(examples[0])]
    sys.stdout.write("\n".join(out) + "\n")
    return EXIT_OK
