"""The board: one column of cards per open stage, and one collapsed column for closed outcomes.

Each column is a Line API widget that draws only the cards in view, so a column of 60,000
submitted applications costs the same to paint as a column of six.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from pipeline_tui import clock
from pipeline_tui.domain.models import role_text
from pipeline_tui.domain.stages import CLOSED_STAGES, OPEN_STAGES, Stage
from pipeline_tui.domain.summary import ApplicationSummary, days_since
from pipeline_tui.tui.actions import bindings_for
from pipeline_tui.tui.cells import days_text, fit, safe
from pipeline_tui.tui.dataset import BoardData

CARD_HEIGHT = 4  # gap, company, role, details


# Below this many cells a card's first line holds the company alone; its days move down.
ROOMY_CARD = 16
# The closed column's width, and the board width below which it narrows to 16.
CLOSED_WIDTH = 22
ROOMY_BOARD = 130


def card_lines(card: ApplicationSummary, width: int, today: date) -> list[tuple[str, str]]:
    """Return a card's three lines as (text, part) pairs; part names the style to use.

    The company, the days since the last event and the interview round stay visible at every
    width: on a narrow card the days and round lead the third line instead of sharing the first.
    """
    days = days_text(days_since(card.last_event_on, today))
    roomy = width >= ROOMY_CARD
    details = []
    if card.stage is Stage.INTERVIEW and card.round:
        details.append(f"round {card.round}" if roomy else f"R{card.round}")
    if card.department:
        details.append(safe(card.department))
    if card.source:
        details.append(safe(card.source))
    if roomy:
        title_width = max(width - len(days) - 3, 1)
        title = " " + fit(safe(card.company), title_width) + " " + fit(days, len(days) + 1)
    else:
        title = " " + fit(safe(card.company), width - 1)
        details.insert(1 if details and details[0].startswith("R") else 0, days)
    return [
        (title, "title"),
        (" " + fit(safe(role_text(card.role)), width - 2) + " ", "text"),
        (" " + fit((" · " if roomy else "·").join(details), width - 2) + " ", "muted"),
    ]


def heading_fits(name: str, count: int, width: int) -> bool:
    """Whether "name  count" fits on one heading line of width cells."""
    return len(name) + len(f"{count:,}") + 3 <= width


def heading_lines(name: str, count: int, width: int, *, rows: int = 1) -> list[str]:
    """Return a column's heading: "name  count" on one line, or on two when they do not fit.

    The stage name is never cut: a narrow column puts the count on a line of its own. rows=2
    asks for two lines anyway, so every column's cards start on the same line.
    """
    shown = f"{count:,}"
    if rows == 1 and heading_fits(name, count, width):
        return [" " + fit(name, width - len(shown) - 2) + shown + " "]
    padded = " " + name if len(name) < width else name
    return [fit(padded, width), fit(" " + shown, width)]


class BoardColumn(ScrollView):
    """The cards of one open stage, most recently active first."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "board-column--header",
        "board-column--card",
        "board-column--title",
        "board-column--muted",
        "board-column--selected",
        "board-column--selected-title",
    }
    DEFAULT_CSS = """
    BoardColumn {
        width: 1fr;
        height: 1fr;
        overflow-x: hidden;
        border: round $panel-lighten-2;
        scrollbar-size-vertical: 1;
        &.-active { border: round $accent; }
        & > .board-column--header { text-style: bold; }
        & > .board-column--card { background: $boost; }
        & > .board-column--title { background: $boost; text-style: bold; }
        & > .board-column--muted { background: $boost; color: $text-muted; }
        & > .board-column--selected { background: $block-cursor-blurred-background; }
        & > .board-column--selected-title {
            background: $block-cursor-blurred-background; text-style: bold;
        }
        &.-active.-focused > .board-column--selected {
            background: $block-cursor-background; color: $block-cursor-foreground;
        }
        &.-active.-focused > .board-column--selected-title {
            background: $block-cursor-background; color: $block-cursor-foreground;
            text-style: bold;
        }
    }
    """

    class CardClicked(Message):
        """A card was clicked."""

        def __init__(self, column: BoardColumn, index: int, chain: int) -> None:
            super().__init__()
            self.column = column
            self.index = index
            self.chain = chain

    def __init__(self, stage: Stage) -> None:
        super().__init__(id=f"column-{stage.value}")
        self.stage = stage
        self.cards: Sequence[ApplicationSummary] = ()
        self.count = 0
        self.selected = 0
        self.heading_rows = 1  # the board sets 2 on every column when one of them needs it
        self.today = clock.today()

    def show(self, cards: Sequence[ApplicationSummary], count: int) -> None:
        """Display cards; count may exceed len(cards) while the full data loads."""
        self.cards = cards
        self.count = max(count, len(cards))
        self.today = clock.today()
        self.selected = min(self.selected, max(len(cards) - 1, 0))
        self._size_content(self.size.width)
        self.refresh()

    @property
    def _heading(self) -> list[str]:
        return heading_lines(self.stage.value, self.count, self._width, rows=self.heading_rows)

    @property
    def _width(self) -> int:
        return max(self.scrollable_content_region.width, 1)

    def heading_fits(self) -> bool:
        """Whether this column's name and count fit on one line at its current width."""
        return heading_fits(self.stage.value, self.count, self._width)

    def _size_content(self, width: int) -> None:
        self.virtual_size = Size(width, self.count * CARD_HEIGHT + len(self._heading))

    def on_resize(self, event: events.Resize) -> None:
        self._size_content(event.size.width)

    def reveal(self, index: int) -> None:
        """Scroll so the card at index is in view (below the fixed heading lines)."""
        top = index * CARD_HEIGHT
        height = self.scrollable_content_region.height - len(self._heading)
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False)
        elif top + CARD_HEIGHT - 1 > self.scroll_y + height:
            self.scroll_to(y=top + CARD_HEIGHT - height, animate=False)

    def on_click(self, event: events.Click) -> None:
        heading = len(self._heading)
        if event.y < heading:
            return
        index = (round(self.scroll_y) + event.y - heading) // CARD_HEIGHT
        if index < len(self.cards):
            self.post_message(self.CardClicked(self, index, event.chain))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        heading = self._heading
        if y < len(heading):
            return Strip([Segment(heading[y], base + self._style("header"))]).adjust_cell_length(
                width, base
            )
        index, line = divmod(round(self.scroll_y) + y - len(heading), CARD_HEIGHT)
        line -= 1  # line 0 of each card is the gap above it
        if line < 0 or index >= self.count:
            if index == 0 and line == 0 and not self.count:
                return Strip([Segment(fit(" none", width), base + self._style("muted"))])
            return Strip.blank(width, base)
        if index >= len(self.cards):
            text = " …" if line == 0 else ""
            return Strip([Segment(fit(text, width), base + self._style("muted"))])
        selected = index == self.selected and self.has_class("-active")
        text, part = card_lines(self.cards[index], width, self.today)[line]
        if selected:
            style = self._style("selected-title" if part == "title" else "selected")
        else:
            style = self._style({"title": "title", "text": "card", "muted": "muted"}[part])
        return Strip([Segment(text, base + style)]).adjust_cell_length(width, base)

    def _style(self, part: str) -> Style:
        return self.get_component_rich_style(f"board-column--{part}")


class ClosedColumn(Widget):
    """Closed applications, collapsed to one count per outcome."""

    DEFAULT_CSS = """
    ClosedColumn {
        width: 22;
        height: 1fr;
        border: round $panel-lighten-2;
        padding: 0 1;
        &.-active { border: round $accent; }
    }
    """

    class LineClicked(Message):
        """An outcome line was clicked."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self) -> None:
        super().__init__(id="column-closed")
        self.counts: dict[Stage, int] = {}
        self.selected = 0

    def show(self, counts: dict[Stage, int]) -> None:
        """Display the count of each closed outcome."""
        self.counts = counts
        self.refresh()

    def render(self) -> Text:
        width = max(self.content_region.width, 1)
        total = f"{sum(self.counts.get(stage, 0) for stage in CLOSED_STAGES):,}"
        hint = "enter: list them" if width >= 16 else "enter: list"
        text = Text()
        text.append(f"{'closed':<{max(width - len(total), 1)}}{total}\n\n", style="bold")
        for index, stage in enumerate(CLOSED_STAGES):
            count = f"{self.counts.get(stage, 0):,}"
            line = f"{stage.value:<{max(width - len(count), 1)}}{count}"
            selected = index == self.selected and self.has_class("-active")
            style = ("reverse" if self.has_class("-focused") else "underline") if selected else ""
            text.append(line + "\n", style=style)
        text.append(f"\n{hint}", style="dim")
        return text

    def on_click(self, event: events.Click) -> None:
        if 2 <= event.y < len(CLOSED_STAGES) + 2:
            self.post_message(self.LineClicked(event.y - 2))


class Board(Horizontal, can_focus=True):
    """Columns side by side; arrows or hjkl move the selection, enter opens the card."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("board")
    DEFAULT_CSS = """
    Board { height: 1fr; }
    """

    class Opened(Message):
        """A card was chosen (enter, or a click on the selected card)."""

        def __init__(self, row: ApplicationSummary) -> None:
            super().__init__()
            self.row = row

    class OutcomeChosen(Message):
        """A closed outcome was chosen: show those applications."""

        def __init__(self, stage: Stage) -> None:
            super().__init__()
            self.stage = stage

    class SelectionMoved(Message):
        """The user moved the selection (arrows, keys, a click)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.column_index = 0
        self.generation = 0
        # False after the selected application left the board: keys that act on a selection
        # then wait until the user picks one, instead of hitting the neighbour by reflex.
        self.armed = True
        self._placed = False

    def compose(self) -> ComposeResult:
        for stage in OPEN_STAGES:
            yield BoardColumn(stage)
        yield ClosedColumn()

    @property
    def columns(self) -> list[BoardColumn]:
        return list(self.query(BoardColumn))

    @property
    def closed(self) -> ClosedColumn:
        return self.query_one(ClosedColumn)

    def show(self, data: BoardData, *, follow: int | None = None, moved: bool = False) -> None:
        """Display new board data and decide where the selection goes.

        follow: an application this session just wrote; the selection goes to its card in
        whatever column it now is. Otherwise the selection stays on the same application. When
        the data moved (moved=True: a write or a reload, not a filter) and the selected
        application left the board, a neighbour is selected but disarmed, so a key pressed by
        reflex cannot change it.
        """
        current = self.current
        target = follow if follow is not None else (current.id if current else None)
        found: tuple[int, int] | None = None
        if target is not None:
            for index, column in enumerate(self.columns):
                cards = data.columns.get(column.stage, ())
                limit = None if follow is not None or moved else 2000
                position = next(
                    (i for i, card in enumerate(cards[:limit]) if card.id == target), None
                )
                if position is not None:
                    found = (index, position)
                    break
        for column in self.columns:
            column.show(data.columns.get(column.stage, ()), data.counts.get(column.stage, 0))
        self.closed.show(data.counts)
        self._align_headings()
        if found is not None:
            self.column_index, self.columns[found[0]].selected = found
            # A written application is selected again; a waiting neighbour keeps waiting.
            self.armed = self.armed or follow is not None
        elif target is not None and moved and self.column_index < len(OPEN_STAGES):
            self.armed = False  # what was selected left the board; its neighbour waits
        # The selection belongs on a card: at the start, after a filter or view change that
        # emptied its column, and when the card it was on left an emptied column.
        emptied = self._column_empty() and (not moved or (found is None and target is not None))
        if not self._placed or emptied:
            self._place_on_most_recent(data)
        self.generation += 1
        self._mark_active()
        if found is not None:
            column = self.columns[found[0]]
            self.call_after_refresh(column.reveal, column.selected)

    def _align_headings(self) -> None:
        """Give every column two heading lines when one needs them, so cards line up."""
        rows = 1 if all(column.heading_fits() for column in self.columns) else 2
        for column in self.columns:
            if column.heading_rows != rows:
                column.heading_rows = rows
                column.show(column.cards, column.count)

    def on_resize(self, event: events.Resize) -> None:
        # The closed column gives up room first, so the stage columns keep their names whole.
        self.closed.styles.width = CLOSED_WIDTH if event.size.width >= ROOMY_BOARD else 16
        self.call_after_refresh(self._align_headings)

    def _column_empty(self) -> bool:
        if self.column_index >= len(OPEN_STAGES):
            return False
        return not self.columns[self.column_index].cards

    def _place_on_most_recent(self, data: BoardData) -> None:
        """Select the most recently active card (the first card of each column is its newest)."""
        firsts = [
            (cards[0].last_event_on, -index, index)
            for index, column in enumerate(self.columns)
            if (cards := data.columns.get(column.stage, ())) and cards[0].last_event_on
        ]
        if firsts:
            self.column_index = max(firsts)[2]
            self.columns[self.column_index].selected = 0
            self._placed = True
        elif any(data.columns.get(column.stage) for column in self.columns):
            self.column_index = next(
                index for index, column in enumerate(self.columns) if data.columns.get(column.stage)
            )
            self._placed = True

    @property
    def current(self) -> ApplicationSummary | None:
        """The selected card, if the selection is on one."""
        if self.column_index >= len(OPEN_STAGES):
            return None
        column = self.columns[self.column_index]
        if column.selected < len(column.cards):
            return column.cards[column.selected]
        return None

    def _mark_active(self) -> None:
        focused = self.has_focus
        for index, widget in enumerate([*self.columns, self.closed]):
            widget.set_class(index == self.column_index, "-active")
            widget.set_class(focused, "-focused")
            widget.refresh()

    def on_focus(self) -> None:
        self._mark_active()

    def on_blur(self) -> None:
        self._mark_active()

    def _moved_by_user(self) -> None:
        self.armed = True
        self.post_message(self.SelectionMoved())

    def action_column(self, step: int) -> None:
        self.column_index = max(0, min(self.column_index + step, len(OPEN_STAGES)))
        self._mark_active()
        self._moved_by_user()

    def _move(self, target: int) -> None:
        self._moved_by_user()
        if self.column_index >= len(OPEN_STAGES):
            closed = self.closed
            closed.selected = max(0, min(target, len(CLOSED_STAGES) - 1))
            closed.refresh()
            return
        column = self.columns[self.column_index]
        if column.cards:
            column.selected = max(0, min(target, len(column.cards) - 1))
            column.reveal(column.selected)
            column.refresh()

    def _selected(self) -> int:
        if self.column_index >= len(OPEN_STAGES):
            return self.closed.selected
        return self.columns[self.column_index].selected

    def action_card(self, step: int) -> None:
        self._move(self._selected() + step)

    def action_page(self, direction: int) -> None:
        self._move(self._selected() + direction * 5)

    def action_edge(self, end: int) -> None:
        self._move(10**9 if end else 0)

    def action_open(self) -> None:
        if self.column_index >= len(OPEN_STAGES):
            self.post_message(self.OutcomeChosen(CLOSED_STAGES[self.closed.selected]))
            return
        current = self.current
        if current is not None:
            self.post_message(self.Opened(current))

    @on(BoardColumn.CardClicked)
    def _card_clicked(self, event: BoardColumn.CardClicked) -> None:
        index = self.columns.index(event.column)
        again = index == self.column_index and event.index == event.column.selected
        self.column_index = index
        event.column.selected = event.index
        self._mark_active()
        self._moved_by_user()
        self.focus()
        if again or event.chain > 1:
            self.action_open()

    @on(ClosedColumn.LineClicked)
    def _outcome_clicked(self, event: ClosedColumn.LineClicked) -> None:
        again = self.column_index == len(OPEN_STAGES) and self.closed.selected == event.index
        self.column_index = len(OPEN_STAGES)
        self.closed.selected = event.index
        self._mark_active()
        self._moved_by_user()
        self.focus()
        if again:
            self.action_open()
