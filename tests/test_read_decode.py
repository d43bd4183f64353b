"""Bytes → text: the encodings reports come in, and inputs that are not text at all."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giar_lint.read.decode import read_text_bytes

SAMPLE = "鲁山县人民政府办公室 2024 年政府信息公开工作年度报告\n一、总体情况\n（一）主动公开情况。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (SAMPLE.encode("utf-16"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.replace("\n", "\r\n").encode("gb18030"), "gb18030"),
    ],
)
def test_encodings(data: bytes, encoding: str) -> None:
    result = read_text_bytes(data, "r.txt")
    assert result.problem is None
    assert result.encoding == encoding
    assert result.text.replace("\r\n", "\n") == SAMPLE
    assert not result.text.startswith("\ufeff")


def test_gb18030_text_that_is_not_utf8(seeds: dict[str, str]) -> None:
    for text in seeds.values():
        result = read_text_bytes(text.encode("gb18030"), "r.txt")
        assert (result.encoding, result.text) == ("gb18030", text)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b" \n\r\n\t ", "empty"),
        (codecs.BOM_UTF8, "empty"),
        (codecs.BOM_UTF8 + b"  \n", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"),
        (bytes(range(256)) * 8, "binary"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (bytes([0x80, 0xFF, 0xFE, 0x81, 0x30]) * 50, "undecodable"),
    ],
)
def test_unreadable_inputs(data: bytes, kind: str) -> None:
    result = read_text_bytes(data, "r.txt")
    assert result.problem is not None
    assert result.problem.kind == kind
    assert result.problem.message
    assert result.text == ""


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_never_raise(data: bytes) -> None:
    result = read_text_bytes(data, "r.txt")
    assert (result.problem is None) == (result.text != "")


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1))
def test_utf8_text_round_trips(text: str) -> None:
    result = read_text_bytes(text.encode("utf-8"), "r.txt")
    if result.problem is None:
        assert result.text == text.removeprefix("\ufeff")
    else:  # text made only of whitespace
        assert result.problem.kind == "empty"
        assert not text.strip()
