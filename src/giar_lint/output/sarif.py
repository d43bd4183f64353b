"""SARIF 2.1.0 (the Static Analysis Results Interchange Format), for code-scanning services.

Every known rule is listed in ``tool.driver.rules`` (with its explanation, legal basis and help
link); results point at their rule by id and index. Columns are counted in Unicode code points
(``columnKind: unicodeCodePoints``), as everywhere in giar-lint.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from giar_lint import __version__
from giar_lint.diagnostics import Diagnostic
from giar_lint.model.source import Span
from giar_lint.output.context import OutputContext

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/giar-lint/"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def help_uri(code: str) -> str:
    """Where a rule is explained (``giar-lint rule CODE`` prints the same text)."""
    return f"{INFORMATION_URI}#{code.lower()}"


def artifact_uri(path: str) -> str:
    if not path or path == "-":
        return "stdin"
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix(), safe="/")


def _region(span: Span) -> dict[str, int]:
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    }


def _rule(meta: Any, source: str) -> dict[str, Any]:
    help_text = meta.description.strip()
    if meta.basis:
        help_text += f"\n\n依据：{meta.basis.strip()}"
    properties: dict[str, Any] = {"source": source, "fixable": bool(meta.fixable)}
    if meta.basis:
        properties["basis"] = meta.basis
    if meta.when:
        properties["when"] = meta.when
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary or meta.name},
        "fullDescription": {"text": meta.description.strip() or meta.summary or meta.name},
        "helpUri": help_uri(meta.code),
        "help": {"text": help_text or meta.summary or meta.name},
        "defaultConfiguration": {"level": _LEVEL.get(meta.severity, "warning")},
        "properties": properties,
    }


def _result(d: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    uri = artifact_uri(d.path)
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(d.span)}
    }
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _LEVEL.get(d.severity, "warning"),
        "message": {"text": d.message},
        "locations": [location],
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    properties = {k: d.data[k] for k in ("page", "place") if k in d.data}
    if properties:
        result["properties"] = properties
    if d.fix is not None and d.fix.edits:
        result["fixes"] = [
            {
                "description": {"text": d.fix.message},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri},
                        "replacements": [
                            {
                                "deletedRegion": _region(e.span),
                                "insertedContent": {"text": e.content},
                            }
                            for e in d.fix.edits
                        ],
                    }
                ],
            }
        ]
    return result


def to_sarif(diagnostics: Sequence[Diagnostic], context: OutputContext) -> dict[str, Any]:
    metas = dict(sorted(context.rules.items()))
    rules = [_rule(m, context.sources.get(code, "built-in")) for code, m in metas.items()]
    index = {code: i for i, code in enumerate(metas)}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "giar-lint",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not context.errors,
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": message}}
                            for message in context.errors
                        ],
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index) for d in diagnostics],
            }
        ],
    }


def write(diagnostics: Sequence[Diagnostic], context: OutputContext, out: TextIO) -> None:
    out.write(json.dumps(to_sarif(diagnostics, context), ensure_ascii=False, indent=2) + "\n")
