"""Code-point columns (giar-lint) ↔ UTF-16/UTF-8/UTF-32 code units (LSP)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from giar_lint.lsp.positions import LineIndex, from_units, to_units
from giar_lint.model.source import SourceText


def test_non_bmp_character_before_the_span_counts_two_utf16_units() -> None:
    text = "标题\n𠀀国办函(2020)109号\n"
    source = SourceText("r.txt", text)
    start = text.index("(2020)")
    span = source.span(start, start + len("(2020)"))
    assert (span.line, span.column) == (2, 5)  # code points: 𠀀 国 办 函 (
    index = LineIndex.of(text)
    # UTF-16: 𠀀 is a surrogate pair, so "(" is at unit 5 (0-based), ")" ends at 11.
    assert index.range(span) == ((1, 5), (1, 11))
    line = index.line_text(1)
    assert line.encode("utf-16-le")[5 * 2 : 11 * 2].decode("utf-16-le") == "(2020)"
    assert index.offset_of(1, 5) == start


def test_other_encodings() -> None:
    line = "a𠀀中b"
    assert [to_units(line, i, "utf-8") for i in range(5)] == [0, 1, 5, 8, 9]
    assert [to_units(line, i, "utf-32") for i in range(5)] == [0, 1, 2, 3, 4]
    assert [to_units(line, i) for i in range(5)] == [0, 1, 3, 4, 5]


def test_offsets_inside_a_character_round_down_and_past_the_end_clamp() -> None:
    line = "x𠀀y"
    assert from_units(line, 2) == 1  # between the two halves of 𠀀
    assert from_units(line, 3) == 2
    assert from_units(line, 99) == 3
    assert to_units(line, 99) == 4


def test_crlf_and_end_of_document() -> None:
    text = "甲乙\r\n丙\r\n"
    source = SourceText("r.txt", text)
    index = LineIndex.of(text)
    whole = source.span(0, len(text))
    # the span ends on the empty last line
    assert index.range(whole) == ((0, 0), (2, 0))
    # giar-lint's line 1 includes its CR; LSP's line 0 ends before it
    first_line = source.span(0, 3)
    assert index.range(first_line) == ((0, 0), (0, 2))
    assert index.range(source.span(4, 5)) == ((1, 0), (1, 1))


def test_lone_carriage_return_ends_a_line_on_both_sides() -> None:
    # giar-lint and an LSP client both see two lines here
    text = "标题\r𠀀国办函(2020)109号\n"
    source = SourceText("r.txt", text)
    start = text.index("(2020)")
    span = source.span(start, start + 6)
    assert (span.line, span.column) == (2, 5)  # 𠀀 is one character, two UTF-16 units
    index = LineIndex.of(text)
    assert index.range(span) == ((1, 5), (1, 11))
    assert index.offset_of(1, 5) == start
    assert index.offset_of(9, 0) == len(text)


#: Python codec and bytes per code unit of each LSP position encoding
CODECS = {"utf-16": ("utf-16-le", 2), "utf-8": ("utf-8", 1), "utf-32": ("utf-32-le", 4)}


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n")))
def test_round_trip(line: str) -> None:
    for column in range(len(line) + 1):
        for encoding in ("utf-16", "utf-8", "utf-32"):
            codec, width = CODECS[encoding]
            units = to_units(line, column, encoding)
            assert units * width == len(line[:column].encode(codec))
            assert from_units(line, units, encoding) == column
