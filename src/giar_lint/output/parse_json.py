"""The ``parse --format json`` shape (see interfaces.md): a stable summary of a parsed report.

Provincial offices aggregate this output, so keys and nesting only ever grow. A value that could
not be read is ``null``; a missing table or row is absent. A table 二 in the 2019 trial format
is given under ``tables.disclosure_2019`` (its columns differ from the 2021 table).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from giar_lint.model.report import Report, Row, Table


def _number(value: int | Decimal | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _values(row: Row) -> list[int | float | None]:
    return [_number(v) for v in row.values]


def _disclosure(table: Table, scalars: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, row in table.rows.items():
        values = _values(row)
        out[key] = values[0] if scalars and len(values) == 1 else values
    return out


def report_to_json(report: Report) -> dict[str, Any]:
    """The ``parse --format json`` object of ``report``."""
    tables: dict[str, Any] = {}
    t = report.tables
    if t.disclosure is not None:
        if t.disclosure.format == "2019":
            tables["disclosure_2019"] = _disclosure(t.disclosure, scalars=False)
        else:
            tables["disclosure"] = _disclosure(t.disclosure, scalars=True)
    if t.applications is not None:
        tables["applications"] = {
            "columns": list(t.applications.columns),
            "rows": {key: _values(row) for key, row in t.applications.rows.items()},
        }
    if t.review_litigation is not None:
        tables["review_litigation"] = {
            key: _values(row) for key, row in t.review_litigation.rows.items()
        }
    out: dict[str, Any] = {
        "path": report.path,
        "agency": report.agency,
        "year": report.year,
        "format": report.format,
        "parts": [
            {"number": p.number, "key": p.key, "title": p.title, "line": p.line}
            for p in report.parts
        ],
        "tables": tables,
    }
    if report.problems:
        out["problems"] = [{"kind": p.kind, "message": p.message} for p in report.problems]
    return out
