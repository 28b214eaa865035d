"""Offers side by side: one row per offer, one section per currency, highest steady state first.

A Line API table like ApplicationTable. Company and steady-state total are frozen on the left;
the other columns scroll sideways beneath the terminal's width (80x24 shows the company, the
steady state and a few more columns at a time). Days left turn yellow within a week and red
within two days (overdue too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pipeline_tui.domain.comparison import ComparedOffer, Comparison, CurrencyGroup
from pipeline_tui.domain.offers import show_terms
from pipeline_tui.reports.offers import amount_text, base_text, bonus_text, equity_text
from pipeline_tui.tui.actions import bindings_for
from pipeline_tui.tui.cells import fit, safe, share_width
from pipeline_tui.tui.widgets.offer_panel import left_text, urgency


@dataclass(frozen=True, slots=True)
class OfferColumn:
    """One column: heading, minimum width, share of spare width, and its text for an offer."""

    key: str
    heading: str
    width: int
    value: Callable[[ComparedOffer], str]
    flex: int = 0
    align_right: bool = False


def _deadline(item: ComparedOffer) -> str:
    deadline = item.offer.package.deadline
    return deadline.isoformat() if deadline else "–"


# The first FROZEN columns stay in place when the others scroll sideways.
COLUMNS: tuple[OfferColumn, ...] = (
    OfferColumn("company", "Company", 12, lambda item: safe(item.company), 3),
    OfferColumn("steady", "Steady state ▼", 14,
                lambda item: amount_text(item.figures.annual_total), align_right=True),
    OfferColumn("first", "First year", 10,
                lambda item: amount_text(item.figures.first_year_total)),
    OfferColumn("base", "Base/yr", 15, base_text, 1),
    OfferColumn("bonus", "Bonus/yr", 11, bonus_text, 1),
    OfferColumn("equity", "Equity/yr", 14, equity_text, 1),
    OfferColumn("deadline", "Deadline", 10, _deadline),
    OfferColumn("left", "Left", 9, lambda item: left_text(item.days_left, item.decision),
                align_right=True),
    OfferColumn("tier", "Tier", 7, lambda item: safe(item.offer.package.tier) or "–", 1),
    OfferColumn("department", "Dept", 8, lambda item: safe(item.department) or "–", 2),
    OfferColumn("role", "Role", 12, lambda item: safe(item.role), 3),
    OfferColumn("terms", "Terms", 14,
                lambda item: safe(", ".join(show_terms(item.offer.package))) or "–", 3),
    OfferColumn("decision", "Decision", 9, lambda item: item.decision),
)  # fmt: skip
FROZEN = 2
_GAP = 1
FULL_WIDTH = sum(column.width for column in COLUMNS) + _GAP * (len(COLUMNS) - 1) + 1


def column_widths(total: int) -> list[int]:
    """Share total cells between the columns: minimums first, then spare width by flex."""
    return share_width(COLUMNS, total, _GAP)


Line = CurrencyGroup | ComparedOffer


class OffersTable(ScrollView, can_focus=True):
    """The comparison as rows under a fixed heading, with a row cursor on the offers."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("offer_table")
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "offers-table--header",
        "offers-table--sorted",
        "offers-table--cursor",
        "offers-table--group",
        "offers-table--muted",
        "offers-table--empty",
        "offers-table--total",
        "offers-table--urgent",
        "offers-table--near",
    }
    DEFAULT_CSS = """
    OffersTable {
        overflow-x: auto;
        scrollbar-size-horizontal: 1;
        background: $surface;
        & > .offers-table--header { text-style: bold; background: $panel; }
        & > .offers-table--sorted { text-style: bold; color: $accent; background: $panel; }
        & > .offers-table--cursor { background: $block-cursor-blurred-background; }
        &:focus > .offers-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .offers-table--group { text-style: bold; color: $text-accent; }
        & > .offers-table--muted { color: $text-muted; }
        & > .offers-table--empty { color: $text-muted; text-style: italic; }
        & > .offers-table--total { text-style: bold; }
        & > .offers-table--urgent { color: $error; text-style: bold; }
        & > .offers-table--near { color: $warning; }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved onto an offer (None: there is none)."""

        def __init__(self, item: ComparedOffer | None) -> None:
            super().__init__()
            self.item = item

    class Activated(Message):
        """An offer was chosen (enter, or a click on the row under the cursor)."""

        def __init__(self, item: ComparedOffer) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Line] = []
        self.offers: list[ComparedOffer] = []
        self._offer_lines: list[int] = []
        self.empty_message = "No offers."
        self._widths: tuple[int, list[int]] = (-1, [])

    # Data

    def show(self, comparison: Comparison, *, keep_id: int | None = None) -> None:
        """Display the comparison, keeping the cursor on keep_id's offer when it is there
        (otherwise on the same position, so a neighbour)."""
        self.lines = []
        self.offers = []
        self._offer_lines = []
        for group in comparison.groups:
            self.lines.append(group)
            for item in group.offers:
                self._offer_lines.append(len(self.lines))
                self.lines.append(item)
                self.offers.append(item)
        self._size_content(self.size.width)
        target = next(
            (index for index, item in enumerate(self.offers) if item.application_id == keep_id),
            self.cursor_row,
        )
        self.cursor_row = min(target, max(len(self.offers) - 1, 0))
        self.refresh()

    def _size_content(self, width: int) -> None:
        self.virtual_size = Size(max(width, FULL_WIDTH), len(self.lines) + 1)

    @property
    def current(self) -> ComparedOffer | None:
        """The offer under the cursor, if any."""
        if 0 <= self.cursor_row < len(self.offers):
            return self.offers[self.cursor_row]
        return None

    # Cursor and scrolling

    @property
    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_cursor_row(self, row: int) -> None:
        if self._offer_lines:
            line = self._offer_lines[min(row, len(self._offer_lines) - 1)]
            # Show the currency heading above the first offer of the table.
            top = round(self.scroll_y)
            if row == 0:
                self.scroll_to(y=0, animate=False)
            elif line < top:
                self.scroll_to(y=line, animate=False)
            elif line >= top + self._page:
                self.scroll_to(y=line - self._page + 1, animate=False)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def action_cursor(self, step: int) -> None:
        if self.offers:
            self.cursor_row = max(0, min(self.cursor_row + step, len(self.offers) - 1))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * self._page)

    def action_jump(self, where: int) -> None:
        if self.offers:
            self.cursor_row = 0 if where == 0 else len(self.offers) - 1

    def action_open(self) -> None:
        current = self.current
        if current is not None:
            self.post_message(self.Activated(current))

    def action_columns(self, direction: int) -> None:
        """Scroll the columns past the frozen ones sideways by about one column."""
        self.scroll_to(x=max(self.scroll_x + direction * 10, 0), animate=False)

    def on_resize(self, event: events.Resize) -> None:
        self._size_content(event.size.width)

    async def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y - 1
        if event.y == 0 or not 0 <= index < len(self.lines):
            return
        if index not in self._offer_lines:
            return
        row = self._offer_lines.index(index)
        if row == self.cursor_row or event.chain > 1:
            self.cursor_row = row
            self.action_open()
        else:
            self.cursor_row = row

    # Rendering

    def _column_widths(self) -> list[int]:
        width = max(self.scrollable_content_region.width, FULL_WIDTH)
        if self._widths[0] != width:
            self._widths = (width, column_widths(width))
        return self._widths[1]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        view = self.scrollable_content_region.width
        base = self.rich_style
        widths = self._column_widths()
        if y == 0:
            frozen, rest = self._heading(base, widths)
        else:
            index = round(self.scroll_y) + y - 1
            if index < len(self.lines):
                line = self.lines[index]
                if isinstance(line, CurrencyGroup):
                    return self._group_line(line, view, base)
                frozen, rest = self._offer_line(line, base, widths)
            elif index == 0:
                style = base + self.get_component_rich_style("offers-table--empty")
                return Strip([Segment(fit(" " + self.empty_message, view), style)])
            else:
                return Strip.blank(view, base)
        frozen_width = frozen.cell_length
        left = round(self.scroll_x)
        scrolled = rest.crop(left, left + max(view - frozen_width, 0))
        return Strip.join([frozen, scrolled]).adjust_cell_length(view, base)

    def _cells(
        self, values: list[tuple[str, Style]], widths: list[int], line_style: Style
    ) -> tuple[Strip, Strip]:
        """Lay out one line's cells: the frozen part and the part that scrolls."""
        frozen = [Segment(" ", line_style)]
        rest: list[Segment] = []
        for index, (column, width, (text, style)) in enumerate(
            zip(COLUMNS, widths, values, strict=True)
        ):
            target = frozen if index < FROZEN else rest
            target.append(Segment(fit(text, width, align_right=column.align_right), style))
            target.append(Segment(" " * _GAP, line_style))
        return Strip(frozen), Strip(rest)

    def _heading(self, base: Style, widths: list[int]) -> tuple[Strip, Strip]:
        header = base + self.get_component_rich_style("offers-table--header")
        sorted_style = base + self.get_component_rich_style("offers-table--sorted")
        values = [
            (column.heading, sorted_style if column.key == "steady" else header)
            for column in COLUMNS
        ]
        return self._cells(values, widths, header)

    def _group_line(self, group: CurrencyGroup, view: int, base: Style) -> Strip:
        style = base + self.get_component_rich_style("offers-table--group")
        count = len(group.offers)
        label = f" {group.currency} · {count} offer{'s' if count != 1 else ''}"
        return Strip([Segment(fit(label, view), style)])

    def _offer_line(
        self, item: ComparedOffer, base: Style, widths: list[int]
    ) -> tuple[Strip, Strip]:
        cursor = self.current is item
        line_style = base
        if cursor:
            line_style = base + self.get_component_rich_style("offers-table--cursor")
        if item.decision != "pending" and not cursor:
            # A decided offer (shown with D) is greyed; the whole style blends the theme's
            # translucent muted colour with the background.
            line_style = base + self.get_component_rich_style("offers-table--muted")
        total = line_style + self.get_component_rich_style("offers-table--total", partial=True)
        level = urgency(item.days_left, item.decision)
        due = line_style
        if level is not None:
            due = line_style + self.get_component_rich_style(f"offers-table--{level}", partial=True)
        values = []
        for column in COLUMNS:
            if column.key == "steady":
                style = total
            elif column.key in ("deadline", "left"):
                style = due
            else:
                style = line_style
            values.append((column.value(item), style))
        return self._cells(values, widths, line_style)
