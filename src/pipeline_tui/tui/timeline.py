"""Rows of short fixed cells and a note, as a Rich renderable that fits its width: the stage
timeline of an application, the revisions of an offer.

Wide enough, they are a table whose note column wraps at NOTE_WIDTH cells or more; narrower,
each note goes under its row, across the whole width, so a note is never a column of a few
letters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pipeline_tui.domain.models import Event
from pipeline_tui.domain.reasons import describe_reason
from pipeline_tui.tui.cells import STAGE_FAMILY, STAGE_STYLES, fit, safe

if TYPE_CHECKING:
    from rich.console import (
        Console,
        ConsoleOptions,
        JustifyMethod,
        RenderableType,
        RenderResult,
    )

# The narrowest note column worth reading; below it notes go under their rows.
NOTE_WIDTH = 30
# (heading, width, right-aligned) of each fixed column.
FixedColumn = tuple[str, int, bool]
TIMELINE_COLUMNS: tuple[FixedColumn, ...] = (("Date", 10, False), ("Stage", 9, False),
                                             ("Round", 5, True))  # fmt: skip


class NotesUnder:
    """Rows (fixed cells, note): a table when its note column would get NOTE_WIDTH cells,
    otherwise one line per row with its note wrapped beneath."""

    def __init__(
        self,
        columns: Sequence[FixedColumn],
        note_heading: str,
        rows: Sequence[tuple[Sequence[Text], Text]],
    ) -> None:
        self.columns = columns
        self.note_heading = note_heading
        self.rows = rows

    def table(self) -> Table:
        """The rows as a table with a wrapping note column."""
        table = Table(box=None, padding=(0, 1), expand=True, header_style="bold", show_edge=False)
        for heading, width, right in self.columns:
            justify: JustifyMethod = "right" if right else "left"
            table.add_column(heading, no_wrap=True, width=width, justify=justify)
        table.add_column(self.note_heading, ratio=1, overflow="fold")
        for cells, note in self.rows:
            table.add_row(*cells, note)
        return table

    def _line(self, cells: Sequence[Text]) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        for index, ((_, width, right), cell) in enumerate(zip(self.columns, cells, strict=True)):
            if index:
                line.append(" ")
            line.append(fit(cell.plain, width, align_right=right), style=cell.style)
        return line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        fixed = sum(width + 1 for _, width, _ in self.columns)
        if options.max_width - fixed >= NOTE_WIDTH:
            yield self.table()
            return
        headings = [Text(heading) for heading, _, _ in self.columns]
        heading = self._line(headings)
        heading.stylize("bold")
        yield heading
        for cells, note in self.rows:
            yield self._line(cells)
            if note.plain:
                note.overflow = "fold"
                yield Padding(note, (0, 0, 0, 2))


class Narrowed:
    """One renderable where there are at least min_width cells, another (lines that wrap)
    where there are fewer."""

    def __init__(self, wide: RenderableType, narrow: list[Text], min_width: int) -> None:
        self.wide = wide
        self.narrow = narrow
        self.min_width = min_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.min_width else Group(*self.narrow)


def _cells(event: Event) -> tuple[list[Text], Text]:
    """An event's date, stage and round, and its note (with why it ended), user text literal."""
    stage = "note" if event.kind == "note" else event.stage.value
    family = STAGE_FAMILY[event.stage] if event.kind == "stage" else "saved"
    note = Text(safe(event.note))
    reason = describe_reason(event.reason, event.reason_text)
    if reason:
        note.append(f"{' · ' if event.note else ''}why: {safe(reason)}", style="italic")
    cells = [
        Text(event.occurred_on.isoformat()),
        Text(stage, style=STAGE_STYLES[family]),
        Text(str(event.round) if event.round else ""),
    ]
    return cells, note


def timeline(events: list[Event]) -> NotesUnder:
    """The events by date (the order they were recorded breaks ties), notes wrapped."""
    ordered = sorted(events, key=lambda item: (item.occurred_on, item.id))
    return NotesUnder(TIMELINE_COLUMNS, "Note", [_cells(event) for event in ordered])
