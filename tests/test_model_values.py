"""The report model classes behave as frozen dataclasses: ``dataclasses.fields``, ``replace``
and ``asdict`` work on them; they compare, hash and show by their fields (``compare=False`` and
``repr=False`` fields left out); they cannot be changed; they survive a pickle round trip."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from giar_lint.model import Cell, Paragraph, Report, Row, Table, Tables
from giar_lint.parse import parse_text

SEED = Path(__file__).resolve().parent / "fixtures" / "seeds" / "003_8a3103fe368513da.txt"


@pytest.fixture(scope="module")
def report() -> Report:
    return parse_text(SEED.read_text(encoding="utf-8"), str(SEED))


def test_dataclass_functions_work(report: Report) -> None:
    assert dataclasses.is_dataclass(report)
    names = [f.name for f in dataclasses.fields(Report)]
    assert names[:3] == ["source", "title", "format"] and names[-1] == "page_of_line"
    changed = dataclasses.replace(report, format="2019")
    assert changed.format == "2019" and changed.parts == report.parts and changed != report
    assert dataclasses.asdict(report)["title"]["year"] == report.year


def test_compare_hash_and_show_by_fields(report: Report) -> None:
    paragraph = report.paragraphs[0]
    twin = Paragraph(paragraph.text, paragraph.span, None, None)  # type: ignore[arg-type]
    assert twin == paragraph and hash(twin) == hash(paragraph)  # offsets, source not compared
    assert repr(twin) == f"Paragraph(text={paragraph.text!r}, span={paragraph.span!r})"
    cell = Cell(3, "3", "ok", None)
    assert cell == Cell(3, "3", "ok", None) and cell != Cell(4, "4", "ok", None)
    assert cell != (3, "3", "ok", None)
    assert Row("a", "a", None, (cell,)).read_count == 0
    table = report.tables.applications
    assert table is not None
    with pytest.raises(TypeError):
        hash(table)  # its rows are a dict, as with the generated __hash__
    assert Table("disclosure", "2021", (), {}, table.span).subtotals == {}
    assert (
        Table("disclosure", "2021", (), {}, table.span).subtotals
        is not Table("disclosure", "2021", (), {}, table.span).subtotals
    )
    assert Tables() == Tables(None, None, None)


def test_immutable(report: Report) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.format = "2019"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del report.parts  # type: ignore[misc]


def test_pickle_round_trip(report: Report) -> None:
    again = pickle.loads(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == report and again.paragraphs[0].span_of(0, 2) == report.paragraphs[0].span_of(
        0, 2
    )
