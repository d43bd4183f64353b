"""A JSON array, one object per finding (the shape is fixed in ``interfaces.md``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from giar_lint.diagnostics import Diagnostic
from giar_lint.output.context import OutputContext


def finding_to_json(d: Diagnostic) -> dict[str, Any]:
    fix = None
    if d.fix is not None:
        fix = {
            "message": d.fix.message,
            "edits": [{**e.span.as_dict(), "content": e.content} for e in d.fix.edits],
        }
    item: dict[str, Any] = {
        "path": d.path,
        "code": d.code,
        "name": d.name,
        "severity": d.severity,
        "message": d.message,
        **d.span.as_dict(),
        "fix": fix,
    }
    for key in ("page", "place"):
        if key in d.data:
            item[key] = d.data[key]
    return item


def write(diagnostics: Sequence[Diagnostic], context: OutputContext, out: TextIO) -> None:
    data = [finding_to_json(d) for d in diagnostics]
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
