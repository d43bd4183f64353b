"""``giar-lint rule CODE``: what a rule checks, why, its legal basis and examples."""

from __future__ import annotations

import argparse
import difflib
import sys
import textwrap
from typing import TYPE_CHECKING

from giar_lint.cli import EXIT_ERROR, EXIT_OK
from giar_lint.commands.rules_support import (
    RulesUnavailable,
    display_source,
    fail,
    load_ruleset,
)

if TYPE_CHECKING:
    from giar_lint.diagnostics import Diagnostic
    from giar_lint.plugins import RuleSet

#: Longest example shown in full; longer ones show only the lines around what makes them fail
#: (the rule file has them whole).
EXAMPLE_LINES = 30
#: Lines of context kept around the difference between a long failing and passing example.
CONTEXT_LINES = 3


def _indent(lines: list[str]) -> str:
    return "\n".join("    " + line for line in lines)


def _excerpt(lines: list[str], keep: set[int]) -> list[str]:
    """``lines`` cut to the indices in ``keep`` (with context), marking what was left out."""
    if len(lines) <= EXAMPLE_LINES or not keep:
        return lines
    shown = {
        j
        for i in keep
        for j in range(max(0, i - CONTEXT_LINES), min(len(lines), i + CONTEXT_LINES + 1))
    }
    out: list[str] = []
    skipped = 0
    for i, line in enumerate(lines):
        if i in shown:
            if skipped:
                out.append(f"… （省略 {skipped} 行）")
                skipped = 0
            out.append(line)
        else:
            skipped += 1
    if skipped:
        out.append(f"… （省略 {skipped} 行）")
    return out


def _examples(fail: str | None, passing: str | None) -> list[str]:
    """The failing example, and the passing one as a difference from it when they are variants
    of one text (as most rule examples are): the difference is the point of the example."""
    out: list[str] = []
    fail_lines = fail.strip("\n").splitlines() if fail is not None else []
    pass_lines = passing.strip("\n").splitlines() if passing is not None else []
    matcher = difflib.SequenceMatcher(a=fail_lines, b=pass_lines, autojunk=False)
    similar = bool(fail_lines and pass_lines) and matcher.ratio() >= 0.6
    changed = {
        i
        for tag, i1, i2, _, _ in matcher.get_opcodes()
        if tag != "equal"
        for i in range(i1, max(i2, i1 + 1))
    }
    if fail is not None:
        out += ["", "不合格示例 (failing example):"]
        if fail_lines:
            out.append(_indent(_excerpt(fail_lines, changed if similar else set(range(1)))))
        else:
            out.append("    （空文件 (an empty file)）")
    if passing is None:
        return out
    if similar:
        diff = difflib.unified_diff(fail_lines, pass_lines, lineterm="", n=1)
        body = [line for line in diff if not line.startswith(("---", "+++"))]
        out += ["", "合格示例 (passing example), 与不合格示例的区别 (- 删去, + 改为):"]
        out.append(_indent(body))
    else:
        out += ["", "合格示例 (passing example):"]
        out.append(_indent(_excerpt(pass_lines, set(range(1)))))
    return out


def _findings(code: str, example: str, ruleset: RuleSet) -> list[Diagnostic]:
    """The rule's own findings on an example, as ``check`` would report them."""
    from giar_lint.parse import parse_text

    report = parse_text(example, "<example>")
    return sorted(
        (d for r in ruleset.rules if r.meta.code == code for d in r.check(report)),
        key=lambda d: d.span.start,
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
    out += _examples(
        meta.examples_fail[0] if meta.examples_fail else None,
        meta.examples_pass[0] if meta.examples_pass else None,
    )
    if meta.examples_fail and not cross:
        found = _findings(meta.code, meta.examples_fail[0], ruleset)
        if found:
            out += ["", "giar-lint 对不合格示例的报告 (what giar-lint reports on it):"]
            out += [f"    {d.span.line}:{d.span.column}: {d.code} {d.message}" for d in found]
    sys.stdout.write("\n".join(out) + "\n")
    return EXIT_OK
