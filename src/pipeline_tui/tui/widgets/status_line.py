"""A one-line status bar that repaints without asking for a new layout."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class StatusLine(Widget):
    """Shows a Text; updating it repaints one line (Static.update would re-layout the screen)."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()

    def show(self, text: Text) -> None:
        """Display text (user text in it must already be literal Text)."""
        if text != self._text:
            self._text = text
            self.refresh()

    def render(self) -> Text:
        return self._text
