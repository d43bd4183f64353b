"""HTML reader: a saved web page or an article fragment → report text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from giar_lint.read.result import ReadResult


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "nav", "header", "footer"):
            self._skip += 1
        elif tag in ("p", "div", "br", "tr", "h1", "h2", "h3", "li"):
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "nav", "header", "footer") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def read_html(data: bytes, path: str) -> ReadResult:
    """Extract the report text of an HTML page."""
    text = data.decode("utf-8", errors="replace")
    parser = _TextParser()
    parser.feed(text)
    parser.close()
    out = re.sub(r"\n\s*\n+", "\n", "".join(parser.parts))
    return ReadResult(text=out.strip() + "\n", reader="html")
