"""The YAML rule language: rule files a provincial office can write without Python.

Public API::

    load_rule_paths(paths) -> list[Rule]   # files or folders of *.yaml / *.yml, in sorted order
    load_rule_file(path) -> list[Rule]
    check_examples(rules) -> list[str]     # a rule pack's examples, run as tests
    RuleFileError                          # str(error) == "path:line:col: message"

See ``docs/rule-language.md`` for the language itself.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from giar_lint.rules.yaml.errors import RuleFileError
from giar_lint.rules.yaml.rule import YamlRule

__all__ = [
    "RuleFileError",
    "YamlRule",
    "check_examples",
    "load_rule_file",
    "load_rule_paths",
    "rule_files",
]

RULE_SUFFIXES = (".yaml", ".yml")

# Parsed rule files, keyed by resolved path and the file's size and modification time, so a
# process that loads the same packs repeatedly (language server, tests) parses each once.
_CACHE: dict[tuple[str, int, int], list[YamlRule]] = {}


def rule_files(paths: Sequence[Path | str]) -> list[Path]:
    """The rule files named by ``paths``: files as given, folders searched recursively for
    ``*.yaml``/``*.yml`` in sorted order (hidden folders skipped, links to folders not followed).
    A path that does not exist is an error."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found: list[Path] = []
            # os.walk does not follow symbolic links to folders, so a link loop cannot hang.
            for folder, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found.extend(
                    Path(folder) / f
                    for f in files
                    if f.endswith(RULE_SUFFIXES) and (Path(folder) / f).is_file()
                )
            out.extend(sorted(found, key=lambda p: p.as_posix()))
        elif path.is_file():
            out.append(path)
        else:
            raise RuleFileError(str(path), 1, 1, "规则文件或目录不存在")
    return out


def load_rule_file(path: Path | str) -> list[YamlRule]:
    """Load the rules of one file; raises :class:`RuleFileError` for any problem."""
    from giar_lint.rules.yaml.loader import load_yaml_file
    from giar_lint.rules.yaml.schema import parse_rule_file

    path = Path(path)
    try:
        stat = path.stat()
        key: tuple[str, int, int] | None = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return list(_CACHE[key])
    rules = parse_rule_file(load_yaml_file(path), str(path))
    if key is not None:
        _CACHE[key] = rules
    return list(rules)


def load_rule_paths(paths: Sequence[Path | str]) -> list[YamlRule]:
    """Load every rule of the files and folders in ``paths`` (folders in sorted order).

    A code defined twice across the files is an error at the second definition."""
    rules: list[YamlRule] = []
    seen: dict[str, YamlRule] = {}
    for path in rule_files(paths):
        for rule in load_rule_file(path):
            other = seen.get(rule.meta.code)
            if other is not None:
                raise RuleFileError(
                    str(path),
                    rule.line,
                    rule.column,
                    f"规则编号“{rule.meta.code}”已在 {other.meta.source} 中定义",
                )
            seen[rule.meta.code] = rule
            rules.append(rule)
    return rules


def check_examples(rules: Sequence[YamlRule]) -> list[str]:
    """Run every rule on its own examples; return one line per example that does not behave
    (a ``fail`` example without a finding of the rule's code, a ``pass`` example with one).

    An empty list means the rule pack tests itself clean."""
    from giar_lint.parse import parse_text

    problems: list[str] = []
    for rule in rules:
        code = rule.meta.code
        for kind, examples in (
            ("pass", rule.meta.examples_pass),
            ("fail", rule.meta.examples_fail),
        ):
            for i, text in enumerate(examples):
                report = parse_text(text, f"<{code} {kind} example {i}>")
                found = [d for d in rule.check(report) if d.code == code]
                if kind == "fail" and not found:
                    problems.append(f"{rule.meta.source}: {code} fail example {i}: no finding")
                elif kind == "pass" and found:
                    first = found[0]
                    problems.append(
                        f"{rule.meta.source}: {code} pass example {i}: "
                        f"{first.span.line}:{first.span.column}: {first.message}"
                    )
    return problems
