"""HTML to plain text with the standard library's parser: mail bodies and saved job postings.

Scripts, styles and hidden markup are dropped; block elements end lines so sentences stay
apart; the text is capped, so a hostile page costs bounded memory and time.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is never text a reader sees.
_SKIPPED = frozenset({"script", "style", "head", "template", "noscript", "svg", "iframe", "object"})
# Elements that start a new line of text.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
# Void elements never get an end tag, so they never close a skipped section.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class _TextParser(HTMLParser):
    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self._add("\n")
        elif tag == "a":
            self._add(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._add("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS and tag not in _VOID:
            self._add("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._add(data)

    def _add(self, text: str) -> None:
        if self.size < self.limit:
            self.parts.append(text)
            self.size += len(text)


def html_to_text(html: str, *, limit: int = 200_000) -> str:
    """Return the text a reader of html sees, one block per line, at most limit characters."""
    parser = _TextParser(limit)
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):
        # The parser gives up on some broken markup; what it read so far is kept.
        pass
    return tidy_text("".join(parser.parts))[:limit]


def tidy_text(text: str) -> str:
    """Return text with runs of spaces made one, invisible characters gone, and no blank runs."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
