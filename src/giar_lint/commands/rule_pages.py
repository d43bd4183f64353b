"""A rule's page: what it checks, why, its legal basis, examples and what it reports on them.

``giar-lint rule CODE`` prints one page as text; ``giar-lint rules --format markdown`` prints every
page as Markdown (``docs/rules.md`` is that output).
"""

from __future__ import annotations

import difflib
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from giar_lint.diagnostics import Diagnostic
    from giar_lint.plugins import RuleSet
    from giar_lint.rules.base import RuleMeta

#: Longest example shown in full; longer ones show only the lines around what makes them fail
#: (the rule file has them whole).
EXAMPLE_LINES = 30
#: Lines of context kept around the difference between a long failing and passing example.
CONTEXT_LINES = 3
EMPTY_FILE = "（空文件 (an empty file)）"


@dataclass(frozen=True)
class Block:
    title: str
    lines: list[str]
    is_diff: bool = False


@dataclass(frozen=True)
class Page:
    meta: RuleMeta
    source: str
    cross_report: bool
    blocks: list[Block]  # the examples
    findings: list[Diagnostic]  # what the rule reports on the failing example


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


def example_blocks(fail: str | None, passing: str | None) -> list[Block]:
    """The failing example, and the passing one as a difference from it when they are variants
    of one text (as most rule examples are): the difference is the point of the example."""
    blocks: list[Block] = []
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
        shown = _excerpt(fail_lines, changed if similar else {0}) if fail_lines else [EMPTY_FILE]
        blocks.append(Block("不合格示例 (failing example)", shown))
    if passing is None:
        return blocks
    if similar:
        diff = difflib.unified_diff(fail_lines, pass_lines, lineterm="", n=1)
        body = [line for line in diff if not line.startswith(("---", "+++"))]
        title = "合格示例 (passing example), 与不合格示例的区别 (- 删去, + 改为)"
        blocks.append(Block(title, body, is_diff=True))
    else:
        blocks.append(Block("合格示例 (passing example)", _excerpt(pass_lines, {0})))
    return blocks


def _findings(code: str, example: str, ruleset: RuleSet) -> list[Diagnostic]:
    """The rule's own findings on an example, as ``check`` would report them."""
    from giar_lint.parse import parse_text

    report = parse_text(example, "<example>")
    return sorted(
        (d for r in ruleset.rules if r.meta.code == code for d in r.check(report)),
        key=lambda d: d.span.start,
    )


def build_page(meta: RuleMeta, ruleset: RuleSet, source: str) -> Page:
    cross = any(r.meta.code == meta.code for r in ruleset.cross)
    fail = meta.examples_fail[0] if meta.examples_fail else None
    passing = meta.examples_pass[0] if meta.examples_pass else None
    found = _findings(meta.code, fail, ruleset) if fail is not None and not cross else []
    return Page(meta, source, cross, example_blocks(fail, passing), found)


def _facts(page: Page) -> list[str]:
    meta = page.meta
    facts = [
        f"默认级别 (default severity): {meta.severity}",
        f"来源 (source): {page.source}",
        f"可自动修复 (fixable): {'是 (yes, --fix)' if meta.fixable else '否 (no)'}",
    ]
    if meta.when:
        facts.append(f"适用范围 (applies when): {meta.when}")
    if page.cross_report:
        facts.append("跨报告规则 (cross-report): 比较同一次检查中的多份报告")
    return facts


def _finding_lines(page: Page) -> list[str]:
    return [f"{d.span.line}:{d.span.column}: {d.code} {d.message}" for d in page.findings]


REPORTED = "giar-lint 对不合格示例的报告 (what giar-lint reports on it)"


def render_text(page: Page) -> str:
    meta = page.meta
    out = [f"{meta.code} {meta.name}", "", meta.summary, "", *_facts(page)]
    out += ["", "检查什么、为什么 (what and why):"]
    out += [textwrap.indent(meta.description.strip(), "    ")]
    out += ["", "依据 (legal basis):", textwrap.indent(meta.basis.strip() or "—", "    ")]
    for block in page.blocks:
        out += ["", f"{block.title}:", *("    " + line for line in block.lines)]
    if page.findings:
        out += ["", f"{REPORTED}:", *("    " + line for line in _finding_lines(page))]
    return "\n".join(out) + "\n"


def _fence(lines: list[str], language: str) -> list[str]:
    return [f"```{language}", *lines, "```"]


def render_markdown(pages: list[Page]) -> str:
    out = [
        "# giar-lint rules",
        "",
        "Every rule with what it checks, why, its legal basis and examples. This page is the",
        "output of `giar-lint rules --format markdown`; `giar-lint rule CODE` prints one rule.",
        "",
        "| code | name | default | summary |",
        "|---|---|---|---|",
    ]
    out += [
        f"| [{p.meta.code}](#{p.meta.code.lower()}) | {p.meta.name} | {p.meta.severity} "
        f"| {p.meta.summary} |"
        for p in pages
    ]
    for page in pages:
        meta = page.meta
        out += ["", f"## {meta.code}", "", f"**{meta.name}** — {meta.summary}", ""]
        out += [f"- {fact}" for fact in _facts(page)]
        out += ["", "### 检查什么、为什么 (what and why)", "", meta.description.strip()]
        out += ["", "### 依据 (legal basis)", "", meta.basis.strip() or "—"]
        for block in page.blocks:
            language = "diff" if block.is_diff else "text"
            out += ["", f"### {block.title}", "", *_fence(block.lines, language)]
        if page.findings:
            out += ["", f"### {REPORTED}", "", *_fence(_finding_lines(page), "text")]
    return "\n".join(out) + "\n"
