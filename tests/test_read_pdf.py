"""The PDF reader on real published reports: the 淮安市洪泽区 2023 and 2024 reports, whose table
values were read by hand from the rendered pages (tests/fixtures/real/expected-hongze.json), and
a PDF without a usable text layer."""

from __future__ import annotations

import builtins
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from giar_lint.builtin import readers
from giar_lint.model.catalogue import PART_KEYS
from giar_lint.output.parse_json import report_to_json
from giar_lint.parse import parse_result
from giar_lint.read.cells import clean_cell, row_lines
from giar_lint.read.pdf import _closing_edges, _is_running_line, read_pdf
from giar_lint.read.result import ReadResult

REAL = Path(__file__).parent / "fixtures" / "real"
SEEDS = Path(__file__).parent / "fixtures" / "seeds"
EXPECTED: dict[str, Any] = json.loads((REAL / "expected-hongze.json").read_text(encoding="utf-8"))
HONGZE = ("huaian-hongze-2024.pdf", "huaian-hongze-2023.pdf")

#: table 三 rows in the order both reports print them (（六）其他处理 is one row in both)
PRINTED_ORDER = [
    "new",
    "carried_over",
    "granted",
    "partly_granted",
    "withheld.state_secret",
    "withheld.prohibited_by_law",
    "withheld.three_securities",
    "withheld.third_party",
    "withheld.internal_affairs",
    "withheld.process_info",
    "withheld.enforcement_files",
    "withheld.inquiry_matters",
    "unavailable.not_held",
    "unavailable.needs_creation",
    "unavailable.unclear",
    "not_processed.petition",
    "not_processed.repeated",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.confirmation",
    "(other_single_row)",
    "total",
    "carried_forward",
]


@pytest.fixture(scope="module")
def hongze() -> dict[str, ReadResult]:
    return {name: read_pdf((REAL / name).read_bytes(), str(REAL / name)) for name in HONGZE}


def _lines(result: ReadResult) -> list[str]:
    return result.text.split("\n")


def _value_rows(result: ReadResult, width: int) -> list[list[str]]:
    """The value cells of every table line ending in ``width`` numbers."""
    out = []
    for line in _lines(result):
        cells = line.split("\t")
        tail = cells[-width:]
        if len(cells) >= width and all(re.fullmatch(r"\d+(?:\.\d+)?", c) for c in tail):
            out.append(tail)
    return out


@pytest.mark.parametrize("name", HONGZE)
def test_table_three_rows_read_as_printed(hongze: dict[str, ReadResult], name: str) -> None:
    expected = EXPECTED[name]["applications"]
    rows = [
        expected["other_single_row"] if key == "(other_single_row)" else expected["rows"][key]
        for key in PRINTED_ORDER
    ]
    seven = [r for r in _value_rows(hongze[name], 7) if len(r) == 7]
    # the first 23 rows of seven numbers are table 三, in print order, each exactly once
    assert [[int(v) for v in r] for r in seven[: len(rows)]] == rows


@pytest.mark.parametrize("name", HONGZE)
def test_labels_and_numbers_share_a_line(hongze: dict[str, ReadResult], name: str) -> None:
    lines = _lines(hongze[name])
    # the vertically printed group label is read whole and starts the first result row
    assert any(x.startswith("三、本年度办理结果\t（一）予以公开\t") for x in lines)
    # a label printed below its numbers (a tall row) is still on the numbers' line
    needs_creation = EXPECTED[name]["applications"]["rows"]["unavailable.needs_creation"]
    assert "2.没有现成信息需要另行制作\t" + "\t".join(map(str, needs_creation)) in lines
    # a cell wrapped over two lines is one cell; spaces from justified text are gone
    assert any(x.startswith("5.要求行政机关确认或重新出具已获取信息\t") for x in lines)


@pytest.mark.parametrize("name", HONGZE)
def test_table_four_and_two(hongze: dict[str, ReadResult], name: str) -> None:
    expected = EXPECTED[name]
    review = expected["review_litigation"]
    fifteen = [int(v) for v in _value_rows(hongze[name], 15)[0]]
    assert (
        fifteen
        == review["review"] + review["litigation_direct"] + review["litigation_after_review"]
    )
    lines = _lines(hongze[name])
    fee = expected["disclosure"]["fees_10k_yuan"]
    assert f"行政事业性收费\t{fee}" in lines
    assert f"行政许可\t{expected['disclosure']['licensing']}" in lines
    # a header cell cut off by the page break (the top rule is missing) is still read
    assert lines.count("信息内容\t本年处理决定数量") == 2


@pytest.mark.parametrize("name", HONGZE)
def test_table_text_is_not_repeated_in_paragraphs(hongze: dict[str, ReadResult], name: str) -> None:
    text = hongze[name].text
    licensing = str(EXPECTED[name]["disclosure"]["licensing"])
    assert len(re.findall(rf"(?<!\d){licensing}(?!\d)", text)) == 1
    assert text.count("一、本年新收政府信息公开申请数量") == 1
    assert text.count("本年度办理结果") == 1


@pytest.mark.parametrize("name", HONGZE)
def test_footers_dropped_and_pages_recorded(hongze: dict[str, ReadResult], name: str) -> None:
    result = hongze[name]
    lines = _lines(result)
    assert not [x for x in lines if re.fullmatch(r"-\s*\d+\s*-", x.strip())]
    assert result.page_of_line is not None
    assert len(result.page_of_line) == len(lines)
    page = dict(zip(lines, result.page_of_line, strict=True))
    assert page["一、总体情况"] == 1
    assert page["二、主动公开政府信息情况"] == 2
    assert page["六、其他需要报告的事项"] == 5
    assert page["3.补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0"] == 4
    assert list(result.page_of_line) == sorted(result.page_of_line)


def test_paragraphs_are_rejoined(hongze: dict[str, ReadResult]) -> None:
    lines = _lines(hongze["huaian-hongze-2024.pdf"])
    assert lines[0] == "淮安市洪泽区人民政府2024 年政府信息公开工作年度报告"
    # a paragraph wrapped over five lines is one line; one continuing on the next page too
    assert any(
        x.startswith("（三）政府信息管理情况。加强区政府门户网站及政务新媒体日常管理")
        and x.endswith("未经审核报备的信息一律不准发布。")
        for x in lines
    )
    assert any(
        x.startswith("针对存在问题，2025 年我们将切实抓好以下工作") and x.endswith("业务工作水平。")
        for x in lines
    )
    # letter-spaced text loses its spaces: "号 ， 邮 编 ：" in the 2023 report
    text_2023 = hongze["huaian-hongze-2023.pdf"].text
    assert "90号，邮编：223100，电话：0517-87222589，电子邮箱：hzzwgk@126.com" in text_2023


def test_2024_report_parses_with_every_table_value_right(
    hongze: dict[str, ReadResult],
) -> None:
    name = "huaian-hongze-2024.pdf"
    report = parse_result(hongze[name], name)
    data = report_to_json(report)
    expected = EXPECTED[name]
    assert data["year"] == 2024
    assert [p["key"] for p in data["parts"]] == list(PART_KEYS)
    tables = data["tables"]
    assert tables["disclosure"] == expected["disclosure"]
    assert tables["review_litigation"] == expected["review_litigation"]
    assert tables["applications"]["rows"] == _printed_rows(expected)
    assert report.page_of_line == hongze[name].page_of_line


def _printed_rows(expected: dict[str, Any]) -> dict[str, list[int]]:
    """Table 三 as the model holds it: the three （六） rows are not printed, so absent."""
    return {k: v for k, v in expected["applications"]["rows"].items() if not k.startswith("other.")}


def test_2023_report_tables_as_printed(hongze: dict[str, ReadResult]) -> None:
    name = "huaian-hongze-2023.pdf"
    report = parse_result(hongze[name], name)
    data = report_to_json(report)
    expected = EXPECTED[name]
    tables = data["tables"]
    assert data["year"] == 2023
    assert tables["disclosure"] == expected["disclosure"]
    # the defects stay visible in the model: groups that do not add up ...
    assert tables["review_litigation"]["review"] == [10, 1, 0, 0, 0]
    assert tables["review_litigation"]["litigation_after_review"] == [5, 0, 0, 0, 0]
    assert tables["applications"]["rows"] == _printed_rows(expected)
    # ... and （六）其他处理 printed as one row with numbers, without its three items
    applications = report.tables.applications
    assert applications is not None
    assert "other" in applications.subtotals
    assert (
        list(applications.subtotals["other"].values) == expected["applications"]["other_single_row"]
    )
    assert not any(key.startswith("other.") for key in applications.rows)
    # ... and the fee statement without the 109号 citation
    other = report.part("other")
    assert other is not None
    assert "信息处理费" in other.text and "109" not in other.text


def test_2023_report_findings_through_the_cli(
    hongze: dict[str, ReadResult], tmp_path: Path
) -> None:
    """One run over the 2023 report and the unusable PDF: the unusable one is a single E001 and
    the other is still checked."""
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "giar_lint",
            "check",
            str(REAL / "unusable-text-layer.pdf"),
            str(REAL / "huaian-hongze-2023.pdf"),
            "--output-format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert out.returncode == 1, out.stderr
    every = json.loads(out.stdout)
    unusable = [f for f in every if f["path"].endswith("unusable-text-layer.pdf")]
    assert [f["code"] for f in unusable] == ["E001"]
    assert "扫描件" in unusable[0]["message"]
    findings = [f for f in every if f["path"].endswith("huaian-hongze-2023.pdf")]
    codes = {f["code"] for f in findings}
    assert {"A304", "F402"} <= codes, codes
    assert "E001" not in codes
    a304 = [f for f in findings if f["code"] == "A304"]
    assert len(a304) == 2
    # the place in the extracted text, and the page it is on
    table_four_row = "10\t1\t0\t0\t0\t0\t0\t0\t0\t0\t5\t0\t0\t0\t0"
    lines = _lines(hongze["huaian-hongze-2023.pdf"])
    assert {f["line"] for f in a304} == {lines.index(table_four_row) + 1}
    assert {f["page"] for f in a304} == {4}
    assert {f["page"] for f in findings if f["code"] == "F402"} == {5}


def test_unusable_text_layer() -> None:
    result = read_pdf((REAL / "unusable-text-layer.pdf").read_bytes(), "unusable.pdf")
    assert result.problem is not None
    assert result.problem.kind == "unusable-pdf"
    assert "扫描件" in result.problem.message
    assert result.text == ""


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.4\n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF",
        b"\x00" * 64,
    ],
)
def test_damaged_pdf_is_a_problem_not_an_exception(data: bytes) -> None:
    result = read_pdf(data, "broken.pdf")
    assert result.problem is not None
    assert result.problem.kind in {"unreadable", "unusable-pdf"}


def test_truncated_real_pdf_never_raises() -> None:
    data = (REAL / "huaian-hongze-2024.pdf").read_bytes()
    for size in (100, len(data) // 3, len(data) - 1000):
        result = read_pdf(data[:size], "cut.pdf")
        assert result.problem is not None or result.text


def _without(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    """Make ``import module`` fail as it does when the optional extra is not installed."""
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == module or name.startswith(module + "."):
            raise ImportError(f"No module named {module!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_missing_pdf_extra_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    _without(monkeypatch, "pdfplumber")
    result = readers.giar_lint_read_input(REAL / "huaian-hongze-2024.pdf", b"%PDF-1.7 ...")
    assert result is not None
    assert result.problem is not None
    assert result.problem.kind == "missing-extra"
    assert "pip install 'giar-lint[pdf]'" in result.problem.message


def test_missing_pdf_extra_other_files_still_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from giar_lint.engine import Linter

    linter = Linter()
    seed = SEEDS / "004_006a45e46abc384b.txt"
    _without(monkeypatch, "pdfplumber")
    pdf = linter.check_file(REAL / "huaian-hongze-2023.pdf")
    text = linter.check_file(seed)
    assert [d.code for d in pdf.diagnostics] == ["E001"]
    assert "giar-lint[pdf]" in pdf.diagnostics[0].message
    codes = {d.code for d in text.diagnostics}
    assert "E001" not in codes and "S103" in codes


def test_plain_text_check_does_not_import_pdf_or_docx_support(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes((SEEDS / "003_8a3103fe368513da.txt").read_bytes())
    code = (
        "import sys\n"
        "from giar_lint.cli import main\n"
        f"main(['check', {str(report)!r}, '--exit-zero', '--quiet'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pdfplumber', 'pdfminer', 'docx', 'lxml'))\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_reader_answers_only_for_its_formats() -> None:
    assert readers.giar_lint_read_input(Path("report.txt"), "一、总体情况".encode()) is None
    assert readers.giar_lint_read_input(Path("report.md"), b"# title") is None
    # a PDF saved without its suffix is still read as a PDF
    result = readers.giar_lint_read_input(
        Path("download"), (REAL / "unusable-text-layer.pdf").read_bytes()
    )
    assert result is not None and result.reader == "pdf"
    assert {".pdf", ".docx", ".html", ".htm"} <= set(readers.giar_lint_input_suffixes())


def test_pdf_without_any_text_is_unusable() -> None:
    import pypdfium2  # pdfplumber's renderer, installed with the pdf extra

    document = pypdfium2.PdfDocument.new()
    document.new_page(595, 842)
    document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    result = read_pdf(buffer.getvalue(), "scan.pdf")
    assert result.problem is not None
    assert result.problem.kind == "unusable-pdf"


@pytest.mark.parametrize(
    ("text", "top", "dropped"),
    [
        ("- 3 -", 793.5, True),
        ("— 12 —", 800.0, True),
        ("第 3 页", 800.0, True),
        ("第3页 共5页", 800.0, True),
        ("3/5", 805.0, True),
        ("7", 810.0, True),
        ("- 1 -", 20.0, True),  # a running header
        ("7", 400.0, False),  # a number in the body is text
        ("第 3 页", 400.0, False),
        ("2024 年 12 月 31 日", 800.0, False),  # a closing date is not a footer
    ],
)
def test_running_lines(text: str, top: float, dropped: bool) -> None:
    line = {"text": text, "top": top, "bottom": top + 13}
    assert _is_running_line(line, 842.0) is dropped


def test_open_table_ends_are_closed() -> None:
    def v(x: float, top: float, bottom: float) -> dict[str, Any]:
        return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom}

    def h(x0: float, x1: float, y: float) -> dict[str, Any]:
        return {"orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y}

    # a table cut by the page break: no bottom rule, and the top rule misses its left corner
    edges = [v(76, 80, 778), v(231, 80, 778), v(517, 80, 778), h(231, 517, 80), h(76, 517, 122)]
    closing = _closing_edges(edges)
    assert [(round(e["x0"]), round(e["x1"]), e["top"]) for e in closing] == [
        (76, 517, 80.0),
        (76, 517, 778.0),
    ]
    # a closed table needs nothing
    assert _closing_edges([v(76, 80, 200), v(517, 80, 200), h(76, 517, 80), h(76, 517, 200)]) == []


def test_row_lines_shape() -> None:
    grid: list[list[str | None]] = [
        ["（本列数据的勾稽关系为）", None, None, "申请人情况", None, None],
        [None, None, None, "自然\n人", "商业\n企业", "总 计"],
        ["一、本年新收", None, None, "5", "", "5"],
        ["三\n、\n本\n年\n度\n办\n理\n结\n果", "（一）予以公开", None, "1", "0", "1"],
        [None, "（三）不予公开", "1.属于国家秘密", "/", "—", ""],
        ["", "", "", "", "", ""],
        [None, "（七）总计", "", "5", "0", "5"],
        ["行政许可", "9487", None, None, None, None],
    ]
    assert row_lines(grid) == [
        "（本列数据的勾稽关系为）\t申请人情况",
        "自然人\t商业企业\t总计",
        "一、本年新收\t5\t\t5",
        "三、本年度办理结果\t（一）予以公开\t1\t0\t1",
        "（三）不予公开\t1.属于国家秘密\t/\t—\t",
        "（七）总计\t5\t0\t5",
        "行政许可\t9487",
    ]


def test_cell_text_cleaning() -> None:
    assert clean_cell("（二）部分公开（区分处理的，只计这一情 形，不\n计其他情形）") == (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )
    assert clean_cell("4.无正当理由大量反复 申请") == "4.无正当理由大量反复申请"
    assert clean_cell("Open\nGovernment\tData") == "Open Government Data"
    assert clean_cell("2023 年") == "2023 年"
