"""A widget whose content is drawn for the width it has: tables that put a verdict on the row
when it fits and under it when not, bars that use the room there is, a chart."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

Draw = Callable[[int], Content]


class Drawn(Widget):
    """Shows draw(width), drawn again whenever the width changes; as tall as it needs."""

    DEFAULT_CSS = """
    Drawn { height: auto; }
    """

    def __init__(
        self, draw: Draw | None = None, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._draw = draw
        # The last width drawn for and what was drawn: layout asks for the height, then
        # render for the content, at the same width.
        self._drawn: tuple[int, Content] | None = None

    def draw(self, draw: Draw) -> None:
        """Show what draw returns for the widget's width, from now on."""
        self._draw = draw
        self._drawn = None
        self.refresh(layout=True)

    def _content(self, width: int) -> Content:
        width = max(width, 1)
        if self._drawn is None or self._drawn[0] != width:
            content = self._draw(width) if self._draw is not None else Content("")
            self._drawn = (width, content)
        return self._drawn[1]

    def render(self) -> Content:
        return self._content(self.content_region.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(len(self._content(width).wrap(width)), 1)

    @property
    def text(self) -> str:
        """What is drawn at the current width, as plain text."""
        return self._content(self.content_region.width).plain
