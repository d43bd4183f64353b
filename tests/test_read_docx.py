"""The DOCX reader: Word versions of the seed reports written with python-docx (real tables with
merged group cells, a part heading numbered by Word's automatic numbering)."""

from __future__ import annotations

import builtins
import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from readers_support import EXPECTED_TABLES, SEED_NAMES, SEEDS, seed_docx

from giar_lint.builtin import readers
from giar_lint.output.parse_json import report_to_json
from giar_lint.parse import parse_result
from giar_lint.read.docx import chinese_counting, format_number, read_docx


@pytest.fixture(scope="module")
def seed_documents() -> dict[str, bytes]:
    return {name: seed_docx(name) for name in SEED_NAMES}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_documents_parse_to_the_same_tables(
    seed_documents: dict[str, bytes], name: str
) -> None:
    path = name.replace(".txt", ".docx")
    result = read_docx(seed_documents[name], path)
    assert result.problem is None, result.problem
    report = parse_result(result, path)
    tables = report_to_json(report)["tables"]
    expected = EXPECTED_TABLES[name]
    assert tables["disclosure"] == expected["disclosure"]
    assert tables["applications"]["rows"] == expected["applications"]["rows"]
    assert tables["review_litigation"] == expected["review_litigation"]
    # the automatically numbered heading is found as part 一
    overview = report.part("overview")
    assert overview is not None and overview.numeral == "一"


def test_automatic_numbering_is_restored(seed_documents: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(seed_documents[SEED_NAMES[3]]))
    numbered = [
        p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    assert [p.text for p in numbered] == ["总体情况"]  # the numeral is not in the text
    lines = read_docx(seed_documents[SEED_NAMES[3]], "x.docx").text.split("\n")
    assert "一、总体情况" in lines


def test_merged_cells_are_written_once(seed_documents: dict[str, bytes]) -> None:
    lines = read_docx(seed_documents[SEED_NAMES[2]], "x.docx").text.split("\n")
    text = "\n".join(lines)
    assert text.count("三、本年度办理结果") == 1
    assert text.count("（三）不予公开") == 1
    first = next(x for x in lines if x.startswith("三、本年度办理结果"))
    assert len(first.split("\t")) == 2 + 7
    assert lines.count("信息内容\t本年处理决定数量") == 2
    fee = EXPECTED_TABLES[SEED_NAMES[2]]["disclosure"]["fees_10k_yuan"]
    assert f"行政事业性收费\t{fee}" in lines


def test_place_of_line(seed_documents: dict[str, bytes]) -> None:
    result = read_docx(seed_documents[SEED_NAMES[1]], "x.docx")
    lines = result.text.split("\n")
    assert result.place_of_line is not None
    assert len(result.place_of_line) == len(lines)
    place = dict(zip(lines, result.place_of_line, strict=True))
    assert place["卫辉市人民政府办公室 2023 年政府信息公开工作年度报告"] == "段落 1"
    assert place["一、总体情况"] == "段落 2"
    assert place["第二十条第（一）项"] == "表格 1 第 1 行"
    assert place["行政事业性收费\t0"] == "表格 1 第 14 行"
    assert place["四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0"] == "表格 2 第 28 行"
    row = "2\t0\t0\t0\t2\t0\t0\t0\t0\t0\t2\t0\t0\t1\t3"
    assert place[row] == "表格 3 第 4 行"


def test_paragraphs_and_tables_in_document_order() -> None:
    document = docx.Document()
    document.add_paragraph("标题")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "规章"
    table.cell(0, 1).text = "3"
    document.add_paragraph("表后\t文字")
    paragraph = document.add_paragraph("第一行")
    paragraph.add_run().add_break()
    paragraph.add_run("第二行")
    buffer = io.BytesIO()
    document.save(buffer)
    result = read_docx(buffer.getvalue(), "x.docx")
    assert [x for x in result.text.split("\n") if x] == [
        "标题",
        "规章\t3",
        "表后文字",  # a tab inside a paragraph is never a cell boundary
        "第一行",
        "第二行",
    ]


def _numbered_document(fmt: str, lvl_text: str, count: int) -> bytes:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="50">'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{lvl_text}"/><w:suff w:val="nothing"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="50"><w:abstractNumId w:val="50"/></w:num>')
    )
    for i in range(count):
        for level, text in ((0, f"标题{i + 1}"), (1, "小标题"), (1, "小标题")):
            p = document.add_paragraph(text)
            p._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                    '<w:numId w:val="50"/></w:numPr>'
                )
            )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("fmt", "lvl_text", "first", "twelfth"),
    [
        ("chineseCounting", "%1、", "一、标题1", "十二、标题12"),
        ("chineseCountingThousand", "%1、", "一、标题1", "十二、标题12"),
        ("ideographTraditional", "%1、", "甲、标题1", "乙、标题12"),
        ("decimal", "%1.", "1.标题1", "12.标题12"),
        ("chineseCounting", "第%1部分 ", "第一部分标题1", "第十二部分标题12"),
    ],
)
def test_numbering_formats(fmt: str, lvl_text: str, first: str, twelfth: str) -> None:
    lines = [x for x in read_docx(_numbered_document(fmt, lvl_text, 12), "x.docx").text.split("\n")]
    lines = [x for x in lines if x]
    assert lines[0] == first
    assert lines[1:3] == ["（一）小标题", "（二）小标题"]
    # a new level-0 item restarts its sub-items
    assert lines[4] == "（一）小标题"
    assert lines[-3] == twelfth


def test_chinese_counting() -> None:
    assert [chinese_counting(n) for n in (1, 9, 10, 11, 20, 21, 99, 100, 101, 110)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十一",
        "九十九",
        "一百",
        "一百零一",
        "一百一十",
    ]
    assert format_number(3, "upperRoman") == "III"
    assert format_number(2, "decimalEnclosedCircle") == "②"


def test_damaged_documents_are_problems_not_exceptions() -> None:
    good = seed_docx(SEED_NAMES[3])
    for data in (b"", b"PK\x03\x04garbage", good[: len(good) // 2], b"not a zip at all"):
        result = read_docx(data, "x.docx")
        assert result.problem is not None
        assert result.problem.kind == "unreadable"


def test_missing_docx_extra_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "docx" or name.startswith("docx."):
            raise ImportError("No module named 'docx'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    result = readers.giar_lint_read_input(Path("report.docx"), b"PK\x03\x04")
    assert result is not None and result.problem is not None
    assert result.problem.kind == "missing-extra"
    assert "pip install 'giar-lint[docx]'" in result.problem.message


def test_word_document_without_its_suffix_is_recognised(seed_documents: dict[str, bytes]) -> None:
    result = readers.giar_lint_read_input(Path("download"), seed_documents[SEED_NAMES[0]])
    assert result is not None and result.reader == "docx"


def test_text_box_content_is_read_once() -> None:
    document = docx.Document()
    p = document.add_paragraph("正文")
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    p._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")} xmlns:mc="{mc}"><mc:AlternateContent>'
            '<mc:Choice Requires="wps"><w:t>框内文字</w:t></mc:Choice>'
            "<mc:Fallback><w:t>框内文字</w:t></mc:Fallback></mc:AlternateContent></w:r>"
        )
    )
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_docx(buffer.getvalue(), "x.docx").text
    assert text == "正文框内文字\n"


#: the findings the specification expects on the seed reports (tests/fixtures/seeds)
SEED_CODES = {
    "000_80769d72cf641a83.txt": {},
    "001_092edd9a71238ba5.txt": {"C501": 1, "C502": 1},
    "002_967c1590f64ec95c.txt": {"S106": 1},
    "003_8a3103fe368513da.txt": {},
    "004_006a45e46abc384b.txt": {"C503": 1, "S103": 1, "C501": 1, "F402": 1},
}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_word_versions_give_the_findings_of_the_text_versions(
    seed_documents: dict[str, bytes], name: str
) -> None:
    from collections import Counter

    from giar_lint.engine import Linter

    linter = Linter()
    text_codes = Counter(d.code for d in linter.check_file(SEEDS / name).diagnostics)
    result = linter.check_bytes(name.replace(".txt", ".docx"), seed_documents[name])
    assert Counter(d.code for d in result.diagnostics) == text_codes == Counter(SEED_CODES[name])
    # each finding says where it is in the document
    for diagnostic in result.diagnostics:
        assert re.fullmatch(r"段落 \d+|表格 \d+( 第 \d+ 行)?", str(diagnostic.data["place"]))


@pytest.mark.parametrize("name", ["report.doc", "report.wps", "renamed.docx"])
def test_binary_word_documents_get_a_precise_message(name: str) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    result = readers.giar_lint_read_input(Path(name), ole)
    assert result is not None and result.problem is not None
    assert result.problem.kind == "unreadable"
    assert "另存为 .docx" in result.problem.message
