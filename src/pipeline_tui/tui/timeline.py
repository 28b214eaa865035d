"""An application's timeline as a Rich renderable that fits its width.

Wide enough, it is a table whose Note column wraps at NOTE_WIDTH cells or more; narrower, each
note goes under its row, across the whole width, so a note is never a column of a few letters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pipeline_tui.domain.models import Event
from pipeline_tui.domain.reasons import describe_reason
from pipeline_tui.tui.cells import STAGE_FAMILY, STAGE_STYLES, safe

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

# The fixed columns: date, stage, round (cells), and the gaps between the four columns.
DATE, STAGE, ROUND = 10, 9, 5
FIXED = DATE + STAGE + ROUND + 3
# The narrowest Note column worth reading; below it notes go under their rows.
NOTE_WIDTH = 30


def _cells(event: Event) -> tuple[Text, Text, Text, Text]:
    """An event's date, stage, round and note (with why it ended), user text literal."""
    stage = "note" if event.kind == "note" else event.stage.value
    family = STAGE_FAMILY[event.stage] if event.kind == "stage" else "saved"
    note = Text(safe(event.note))
    reason = describe_reason(event.reason, event.reason_text)
    if reason:
        note.append(f"{' · ' if event.note else ''}why: {safe(reason)}", style="italic")
    return (
        Text(event.occurred_on.isoformat()),
        Text(stage, style=STAGE_STYLES[family]),
        Text(str(event.round) if event.round else ""),
        note,
    )


def _in_order(events: list[Event]) -> list[Event]:
    """By date; the order they were recorded breaks ties."""
    return sorted(events, key=lambda item: (item.occurred_on, item.id))


def timeline_table(events: list[Event]) -> Table:
    """Return the events as a table with a wrapping Note column."""
    table = Table(box=None, padding=(0, 1), expand=True, header_style="bold", show_edge=False)
    table.add_column("Date", no_wrap=True, width=DATE)
    table.add_column("Stage", no_wrap=True, width=STAGE)
    table.add_column("Round", no_wrap=True, width=ROUND, justify="right")
    table.add_column("Note", ratio=1, overflow="fold")
    for event in _in_order(events):
        table.add_row(*_cells(event))
    return table


class Timeline:
    """The timeline of events: a table when its Note column would get NOTE_WIDTH cells,
    otherwise one line per event with its note wrapped beneath."""

    def __init__(self, events: list[Event]) -> None:
        self.events = events

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width - FIXED >= NOTE_WIDTH:
            yield timeline_table(self.events)
            return
        heading = f"{'Date':<{DATE}} {'Stage':<{STAGE}} {'Round':>{ROUND}}"
        yield Text(heading, style="bold", no_wrap=True, overflow="ellipsis")
        for event in _in_order(self.events):
            day, stage, round_, note = _cells(event)
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(day.plain.ljust(DATE) + " ")
            line.append(stage.plain.ljust(STAGE), style=stage.style)
            line.append(" " + round_.plain.rjust(ROUND))
            yield line
            if note.plain:
                note.overflow = "fold"
                yield Padding(note, (0, 0, 0, 2))
