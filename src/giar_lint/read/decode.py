"""Bytes → text for plain-text reports.

Reports arrive as UTF-8 (with or without BOM), GB18030/GBK (older Windows tools) and UTF-16
(Word's "Unicode text", with or without BOM). Detection order: byte-order mark, strict UTF-8,
UTF-16 without BOM (recognised by its NUL bytes), GB18030. Every candidate decoding must also
*look like text* (mostly CJK, ASCII and punctuation), so a binary file is never passed off as an
unusual encoding. Nothing here raises: a file that cannot be read gets a :class:`ReadingProblem`.
"""

from __future__ import annotations

import codecs
import re

from giar_lint.model.report import ReadingProblem
from giar_lint.read.result import ReadResult

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

#: Signatures of common binary formats that are sometimes handed to the linter by mistake.
_MAGIC: tuple[bytes, ...] = (
    b"%PDF",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",  # OLE2 (.doc, .xls)
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"MZ",
    b"\x1f\x8b",
    b"BZh",
    b"7z\xbc\xaf",
    b"Rar!",
)

_SAMPLE = 64 * 1024


def _plausibility(text: str) -> float:
    """Share of characters that ordinary report text is made of."""
    if not text:
        return 1.0
    good = 0
    for ch in text:
        o = ord(ch)
        if (
            0x20 <= o < 0x7F
            or ch in "\n\r\t\f"
            or 0x4E00 <= o <= 0x9FFF
            or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF
            or 0x2010 <= o <= 0x206F
            or 0x3400 <= o <= 0x4DBF
            or 0xA0 <= o <= 0x24F
            or 0x2100 <= o <= 0x27BF
            or 0x3040 <= o <= 0x30FF
            or 0xF900 <= o <= 0xFAFF
        ):
            good += 1
    return good / len(text)


def _try(data: bytes, codec: str, threshold: float) -> str | None:
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    if "\x00" in text:
        return None
    if _plausibility(text[:_SAMPLE]) < threshold:
        return None
    return text


#: C0 control characters other than tab, line ends and form feed.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def _controls(text: str) -> float:
    """Share of C0 control characters other than tab, line ends and form feed."""
    if not text:
        return 0.0
    # counted by the regex engine: a Python loop over every character of a 64 KB sample cost
    # as much as a tenth of checking a typical report
    return len(_CONTROL_RE.findall(text)) / len(text)


def _utf16(data: bytes) -> tuple[str, str] | None:
    """BOM-less UTF-16: the byte order whose decoding looks most like text."""
    best: tuple[float, str, str] | None = None
    even = data[: len(data) & ~1]
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = even.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        score = _plausibility(text[:_SAMPLE]) - _controls(text[:_SAMPLE])
        if best is None or score > best[0]:
            best = (score, codec, text)
    if best is None or best[0] < 0.9:
        return None
    return best[1], best[2]


def _problem(kind: str, message: str) -> ReadResult:
    return ReadResult(text="", encoding="", problem=ReadingProblem(kind, message), reader="text")


def read_text_bytes(data: bytes, path: str) -> ReadResult:
    """Decode a plain-text report. Never raises; see the module docstring for the order."""
    try:
        result = _read(data)
        if result.problem is None and not result.text.strip():
            return _problem("empty", "文件为空，没有可检查的内容")
        return result
    except Exception as exc:  # defensive: decoding must never stop a lint run
        return _problem("undecodable", f"无法读取文件内容：{type(exc).__name__}")


def _read(data: bytes) -> ReadResult:
    if not data or not data.strip():
        return _problem("empty", "文件为空，没有可检查的内容")

    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return _problem(
                    "undecodable", f"文件以 {name} 字节顺序标记开头，但内容无法按该编码解码"
                )
            text = text.removeprefix("\ufeff")
            if not text.strip():
                return _problem("empty", "文件为空，没有可检查的内容")
            return ReadResult(text=text, encoding=name)

    if any(data.startswith(m) for m in _MAGIC):
        return _problem("binary", "文件是二进制格式，不是文本报告")

    has_nul = b"\x00" in data[:_SAMPLE]
    if not has_nul:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            # valid UTF-8 is strong evidence by itself; only control characters make it binary
            if _controls(text[:_SAMPLE]) < 0.02:
                return ReadResult(text=text, encoding="utf-8")
            return _problem("binary", "文件含有二进制数据，不是文本报告")
    else:
        found = _utf16(data)
        if found is not None:
            return ReadResult(text=found[1], encoding=found[0])
        return _problem("binary", "文件含有二进制数据，不是文本报告")

    text = _try(data, "gb18030", 0.9)
    if text is not None:
        return ReadResult(text=text, encoding="gb18030")

    if _looks_binary(data):
        return _problem("binary", "文件含有二进制数据，不是文本报告")
    return _problem("undecodable", "无法识别文件编码（支持 UTF-8、GB18030/GBK、UTF-16）")


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SAMPLE]
    control = sum(1 for b in sample if b < 0x20 and b not in (9, 10, 12, 13))
    return control > len(sample) // 100
