"""A virtual table of applications: it renders only the rows on screen, however many there are.

Textual's DataTable measures every cell it is given (about 18 s for 100,000 rows), so this
widget holds a plain sequence of summaries and draws the visible lines on demand through the
Line API. Replacing the sequence (a filter keystroke, a new sort) costs one refresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pipeline_tui import clock
from pipeline_tui.domain.models import role_text
from pipeline_tui.domain.stages import stage_label
from pipeline_tui.domain.summary import ApplicationSummary, days_since
from pipeline_tui.tui.actions import bindings_for
from pipeline_tui.tui.cells import (
    STAGE_FAMILIES,
    STAGE_FAMILY,
    day_text,
    days_text,
    fit,
    safe,
    share_width,
)
from pipeline_tui.tui.dataset import SortKey


@dataclass(frozen=True, slots=True)
class Column:
    """One table column: its sort key, heading, minimum width and share of spare width."""

    key: SortKey
    heading: str
    width: int
    flex: int = 0
    align_right: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("id", "#", 6, align_right=True),
    Column("company", "Company", 10, 4),
    Column("role", "Role", 12, 5),
    Column("department", "Dept", 6, 2),
    Column("stage", "Stage", 11),
    Column("applied", "Applied", 10),
    Column("last", "Last", 10),
    Column("silent", "Silent", 8, align_right=True),
    Column("source", "Source", 8, 2),
    Column("campaign", "Campaign", 10, 3),
)
_GAP = 1
# Every column at its minimum (each fits its heading and the sort arrow), gaps and margin.
FULL_WIDTH = sum(column.width for column in COLUMNS) + _GAP * (len(COLUMNS) - 1) + 1


def column_widths(total: int) -> list[int]:
    """Share total cells between the columns: minimums first, then spare width by flex.

    Below FULL_WIDTH every column keeps its minimum and the table scrolls sideways.
    """
    return share_width(COLUMNS, total, _GAP)


def cell_values(row: ApplicationSummary, today: date) -> list[str]:
    """Return the text of each cell of row, user text made safe to print."""
    return [
        str(row.id),
        safe(row.company),
        safe(role_text(row.role)),
        safe(row.department),
        stage_label(row.stage, row.round),
        day_text(row.applied_on),
        day_text(row.last_event_on),
        days_text(days_since(row.last_event_on, today)),
        safe(row.source),
        safe(row.campaign),
    ]


class ApplicationTable(ScrollView, can_focus=True):
    """Applications as rows with a fixed heading line and a row cursor."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("table")
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "application-table--header",
        "application-table--sorted",
        "application-table--cursor",
        "application-table--muted",
        "application-table--empty",
        *(f"stage--{family}" for family in STAGE_FAMILIES),
    }
    DEFAULT_CSS = """
    ApplicationTable {
        overflow-x: auto;
        scrollbar-size-horizontal: 1;
        background: $surface;
        & > .application-table--header { text-style: bold; background: $panel; }
        & > .application-table--sorted { text-style: bold; color: $accent; background: $panel; }
        & > .application-table--cursor { background: $block-cursor-blurred-background; }
        &:focus > .application-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .application-table--muted { color: $text-muted; }
        & > .application-table--empty { color: $text-muted; text-style: italic; }
        & > .stage--saved { color: $text-muted; }
        & > .stage--submitted { color: $text; }
        & > .stage--progress { color: $warning; }
        & > .stage--offer { color: $success; text-style: bold; }
        & > .stage--rejected { color: $error; }
        & > .stage--closed { color: $text-muted; }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved onto a row."""

        def __init__(self, row: ApplicationSummary) -> None:
            super().__init__()
            self.row = row

    class Activated(Message):
        """A row was chosen (enter, or a click on the row under the cursor)."""

        def __init__(self, row: ApplicationSummary) -> None:
            super().__init__()
            self.row = row

    class SortRequested(Message):
        """A column heading was clicked."""

        def __init__(self, key: SortKey) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[ApplicationSummary] = ()
        self.sort: SortKey = "last"
        self.descending = True
        self.empty_message = "No applications match."
        self.today = clock.today()
        self.generation = 0
        self.painted_generation = -1
        self._widths: tuple[int, list[int]] = (-1, [])
        # False after the selected application left the rows (see show); moving re-arms.
        self.armed = True

    # Data

    def show(
        self,
        rows: Sequence[ApplicationSummary],
        *,
        sort: SortKey,
        descending: bool,
        keep_id: int | None = None,
        moved: bool = False,
    ) -> None:
        """Display rows, keeping the cursor on keep_id when it is still there.

        Without keep_id the cursor goes to the first row (a new sort shows its top). When the
        data moved (moved=True: a write or a reload) and keep_id left the rows, the cursor
        stays where it was, on a neighbour, disarmed until the user moves it (or a write of
        this session selects an application again).
        """
        self.rows = rows
        self.sort, self.descending = sort, descending
        self.today = clock.today()
        self.generation += 1
        self._size_content(self.size.width)
        target: int | None = 0
        if keep_id is not None:
            # While typing a filter only the rows near the top are searched: a full scan per
            # keystroke at 100,000 rows would cost more than the filter itself.
            limit = None if moved else 5000
            target = next(
                (index for index, row in enumerate(rows[:limit]) if row.id == keep_id), None
            )
        if target is None and moved:
            self.armed = False
            target = self.cursor_row
        elif target is None:
            target = 0
            self.armed = True
        if keep_id is None:
            self.scroll_to(y=0, animate=False)
        self.cursor_row = min(target, max(len(rows) - 1, 0))
        self.call_after_refresh(self.reveal_sorted_column)
        self.refresh()

    def _size_content(self, width: int) -> None:
        self.virtual_size = Size(max(width, FULL_WIDTH), len(self.rows) + 1)

    def _column_spans(self) -> list[tuple[int, int]]:
        """Each column's first cell and width, in the full (unscrolled) line."""
        spans, left = [], 1
        for width in self._column_widths():
            spans.append((left, width))
            left += width + _GAP
        return spans

    def reveal_sorted_column(self) -> None:
        """Scroll sideways so the sorted column's heading and arrow are in view."""
        index = next(i for i, column in enumerate(COLUMNS) if column.key == self.sort)
        left, width = self._column_spans()[index]
        view = self.scrollable_content_region.width
        if left < self.scroll_x:
            self.scroll_to(x=max(left - 1, 0), animate=False)
        elif left + width > self.scroll_x + view:
            self.scroll_to(x=left + width - view, animate=False)

    def action_columns(self, direction: int) -> None:
        """Scroll sideways by about one column (only when the table is wider than the screen)."""
        self.scroll_to(x=max(self.scroll_x + direction * 10, 0), animate=False)

    @property
    def current(self) -> ApplicationSummary | None:
        """The row under the cursor, if any."""
        if 0 <= self.cursor_row < len(self.rows):
            return self.rows[self.cursor_row]
        return None

    # Cursor and scrolling

    @property
    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_cursor_row(self, row: int) -> None:
        top = round(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + self._page:
            self.scroll_to(y=row - self._page + 1, animate=False)
        self.refresh()
        current = self.current
        if current is not None:
            self.post_message(self.Highlighted(current))

    def action_cursor(self, step: int) -> None:
        self.armed = True
        if self.rows:
            self.cursor_row = max(0, min(self.cursor_row + step, len(self.rows) - 1))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * self._page)

    def action_jump(self, where: int) -> None:
        self.armed = True
        if self.rows:
            self.cursor_row = 0 if where == 0 else len(self.rows) - 1

    def action_open(self) -> None:
        current = self.current
        if current is not None:
            self.post_message(self.Activated(current))

    def on_resize(self, event: events.Resize) -> None:
        self._size_content(event.size.width)

    async def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            key = self._column_at(event.x)
            if key is not None:
                self.post_message(self.SortRequested(key))
            return
        index = round(self.scroll_y) + event.y - 1
        if 0 <= index < len(self.rows):
            self.armed = True
            if index == self.cursor_row or event.chain > 1:
                self.cursor_row = index
                self.action_open()
            else:
                self.cursor_row = index

    def _column_at(self, x: int) -> SortKey | None:
        x += round(self.scroll_x)
        for column, (left, width) in zip(COLUMNS, self._column_spans(), strict=True):
            if left <= x < left + width + _GAP:
                return column.key
        return None

    # Rendering

    def _column_widths(self) -> list[int]:
        width = max(self.scrollable_content_region.width, FULL_WIDTH)
        if self._widths[0] != width:
            self._widths = (width, column_widths(width))
        return self._widths[1]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        # Benchmarks and tests read this to know the current rows reached the screen.
        self.painted_generation = self.generation
        return lines

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        strip = self._full_line(y)
        left = round(self.scroll_x)
        return strip.crop(left, left + width) if left else strip

    def _full_line(self, y: int) -> Strip:
        """One line at the table's full width (the screen shows a part when scrolled)."""
        width = max(self.scrollable_content_region.width, FULL_WIDTH)
        base = self.rich_style
        if y == 0:
            strip = self._heading(base)
        else:
            index = round(self.scroll_y) + y - 1
            if index < len(self.rows):
                strip = self._row_line(index, base)
            elif index == 0:
                style = base + self.get_component_rich_style("application-table--empty")
                strip = Strip([Segment(fit(" " + self.empty_message, width), style)])
            else:
                strip = Strip.blank(width, base)
        return strip.adjust_cell_length(width, base)

    def _heading(self, base: Style) -> Strip:
        header = base + self.get_component_rich_style("application-table--header")
        sorted_style = base + self.get_component_rich_style("application-table--sorted")
        segments = [Segment(" ", header)]
        for column, width in zip(COLUMNS, self._column_widths(), strict=True):
            label = column.heading
            style = header
            if column.key == self.sort:
                label = f"{label} {'▼' if self.descending else '▲'}"
                style = sorted_style
            segments.append(Segment(fit(label, width, align_right=column.align_right), style))
            segments.append(Segment(" " * _GAP, header))
        return Strip(segments)

    def _row_line(self, index: int, base: Style) -> Strip:
        row = self.rows[index]
        cursor = index == self.cursor_row
        line_style = base
        if cursor:
            line_style = base + self.get_component_rich_style("application-table--cursor")
        # Partial styles keep the line's background (the cursor's, on the cursor row).
        muted = line_style + self.get_component_rich_style("application-table--muted", partial=True)
        stage = line_style + self.get_component_rich_style(
            f"stage--{STAGE_FAMILY[row.stage]}", partial=True
        )
        segments = [Segment(" ", line_style)]
        values = cell_values(row, self.today)
        for position, (column, width, value) in enumerate(
            zip(COLUMNS, self._column_widths(), values, strict=True)
        ):
            if column.key == "stage":
                style = stage
            elif position in (0, 5, 6, 7) and not cursor:
                style = muted
            else:
                style = line_style
            segments.append(Segment(fit(value, width, align_right=column.align_right), style))
            segments.append(Segment(" " * _GAP, line_style))
        return Strip(segments)
