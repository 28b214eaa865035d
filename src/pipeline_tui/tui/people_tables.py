"""People and follow-ups as Rich renderables: contact rows and fields, the interaction log,
interview rounds, links, reminders and due lines. No Textual here; user text is always literal
(cells.safe inside Text), never markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pipeline_tui.tui.cells import STAGE_FAMILY, STAGE_STYLES, day_text, safe
from pipeline_tui.tui.timeline import Narrowed, NotesUnder

if TYPE_CHECKING:
    from datetime import date

    from pipeline_tui.domain.contacts import Contact, Interaction, Link
    from pipeline_tui.domain.interviews import Interview
    from pipeline_tui.domain.reminders import DueItem, Reminder

DUE_MARK = "●"
# Contact list columns: due mark, name, kind, company, last contacted.
KIND_WIDTH = 14
LAST_WIDTH = 10


def _row_grid(*, wide_kind: bool = True) -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=3, no_wrap=True, overflow="ellipsis")
    if wide_kind:
        grid.add_column(width=KIND_WIDTH, no_wrap=True, overflow="ellipsis")
    grid.add_column(ratio=2, no_wrap=True, overflow="ellipsis")
    grid.add_column(width=LAST_WIDTH, no_wrap=True)
    return grid


def contact_heading(*, wide_kind: bool = True) -> Table:
    """The headings above the contact list, lined up with contact_row."""
    grid = _row_grid(wide_kind=wide_kind)
    cells = ["", "Name", *(["Kind"] if wide_kind else []), "Company", "Last"]
    grid.add_row(*(Text(cell, style="bold") for cell in cells))
    return grid


def contact_row(contact: Contact, due: bool, *, wide_kind: bool = True) -> Table:
    """One contact in the list: due mark, name, kind, company, last contacted."""
    grid = _row_grid(wide_kind=wide_kind)
    kind = [Text(contact.kind.value, style="dim")] if wide_kind else []
    grid.add_row(
        Text(DUE_MARK if due else "", style="bold yellow"),
        Text(safe(contact.name), style="bold"),
        *kind,
        Text(safe(contact.company) or "—", style="" if contact.company else "dim"),
        Text(day_text(contact.last_contacted), style="" if contact.last_contacted else "dim"),
    )
    return grid


def stay_in_touch_text(contact: Contact, today: date) -> Text:
    """Return "every 30 days · due since 2024-09-10" (or "next on ..."), or "—"."""
    due_on = contact.stay_in_touch_on()
    if contact.every_days is None or due_on is None:
        return Text("—", style="dim")
    text = Text(f"every {contact.every_days} days · ")
    if due_on <= today:
        text.append(f"due since {due_on.isoformat()}", style="bold yellow")
    else:
        text.append(f"next on {due_on.isoformat()}")
    return text


def contact_fields(contact: Contact, today: date) -> Table:
    """The contact's fields as a label/value grid of literal text."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    rows: list[tuple[str, Text]] = [
        ("Name", Text(safe(contact.name), style="bold")),
        ("Kind", Text(contact.kind.value)),
        ("Company", Text(safe(contact.company))),
        ("Email", Text(safe(contact.email))),
        ("Phone", Text(safe(contact.phone))),
        ("Handles", Text(safe(contact.handles))),
        ("Notes", Text(safe(contact.notes))),
        ("Last contacted", Text(day_text(contact.last_contacted))),
        ("Stay in touch", stay_in_touch_text(contact, today)),
        ("Added", Text(contact.created_at.date().isoformat(), style="dim")),
    ]
    optional = ("Email", "Phone", "Handles", "Notes")
    for label, value in rows:
        if value.plain or label not in optional:  # empty contact details take no line
            table.add_row(label, value)
    return table


def link_words(link: Link) -> Text:
    """Return "#12 ByteDance — LLM engineer  interview · referred me" for an option."""
    text = Text(f"#{link.application_id} ", style="dim")
    text.append(safe(link.application_title))
    text.append(f"  {link.stage.value}", style=STAGE_STYLES[STAGE_FAMILY[link.stage]])
    if link.role:
        text.append(" · ")
        text.append(safe(link.role), style="italic")
    return text


def section_title(title: str, count: int | None = None) -> Text:
    """Return a section heading ("Log · 3")."""
    text = Text(title, style="bold")
    if count is not None:
        text.append(f" · {count}", style="dim")
    return text


def interactions_table(entries: list[Interaction]) -> Table:
    """A contact's log, newest first: date, channel, note and the application it was about."""
    table = Table(box=None, padding=(0, 1), expand=True, header_style="bold", show_edge=False)
    table.add_column("Date", no_wrap=True, width=10)
    table.add_column("Via", no_wrap=True, width=7)
    table.add_column("Note · about", ratio=1, overflow="fold")
    for entry in entries:
        note = Text(safe(entry.note))
        if entry.application_id is not None:
            note.append(" · " if entry.note else "")
            note.append(f"#{entry.application_id} ", style="dim")
            note.append(safe(entry.application_title), style="dim")
        table.add_row(
            Text(entry.occurred_on.isoformat()),
            Text(entry.channel.value if entry.channel else "—", style="dim"),
            note,
        )
    return table


def interviews_table(rounds: list[Interview], today: date) -> NotesUnder:
    """An application's interview rounds in time order, past and upcoming, with every detail
    (beside them in 30 cells or more, else under each round)."""
    rows = []
    for item in rounds:
        details = item.details()
        cells = [
            _past_or_upcoming(item, today),
            Text(item.when),
            Text(str(item.round) if item.round else ""),
        ]
        rows.append((cells, Text(safe(details))))
    return NotesUnder((("", 8, False), ("When", 20, False), ("Round", 5, True)), "Details", rows)


def _past_or_upcoming(item: Interview, today: date) -> Text:
    if item.occurred_on >= today:
        return Text("upcoming", style="bold yellow")
    return Text("past", style="dim")


def contact_rounds(rounds: list[Interview], today: date) -> Group:
    """The rounds a contact is named on, two lines each: when, then where and what."""
    lines: list[RenderableType] = []
    for item in rounds:
        first = Text()
        first.append_text(_past_or_upcoming(item, today))
        first.append(f"  {item.when}")
        if item.round:
            first.append(f"  round {item.round}", style="dim")
        second = Text("  ")
        second.append(f"#{item.application_id} ", style="dim")
        second.append(safe(item.title))
        if item.details():
            second.append(f" · {safe(item.details())}")
        lines += [first, second]
    return Group(*lines)


def _due_style(due_on: date, today: date) -> str:
    return "bold yellow" if due_on <= today else ""


def reminders_table(
    items: list[Reminder], today: date, *, about: bool = True
) -> Table | NotesUnder:
    """Open reminders, soonest first: ref, due day, text (and what they are about); without
    what they are about, the text wraps in 30 cells or more, else under its reminder."""
    if not about:
        rows = []
        for item in items:
            due = Text(item.due_on.isoformat(), style=_due_style(item.due_on, today))
            rows.append(([Text(item.ref, style="dim"), due], Text(safe(item.text))))
        return NotesUnder((("Ref", 5, False), ("Due", 10, False)), "Text", rows)
    table = Table(box=None, padding=(0, 1), expand=True, header_style="bold", show_edge=False)
    table.add_column("Ref", no_wrap=True, width=5)
    table.add_column("Due", no_wrap=True, width=10)
    table.add_column("Text", ratio=3, overflow="fold")
    if about:
        table.add_column("About", ratio=2, overflow="fold")
    for item in items:
        cells = [
            Text(item.ref, style="dim"),
            Text(item.due_on.isoformat(), style=_due_style(item.due_on, today)),
            Text(safe(item.text)),
        ]
        if about:
            cells.append(Text(safe(item.about)))
        table.add_row(*cells)
    return table


def contacts_table(links: list[Link]) -> Narrowed:
    """An application's contacts with their role on it: a table, or on a narrow pane one
    wrapping line each ("#2 Li Lei · headhunter · referred me")."""
    lines = []
    for link in links:
        line = Text(f"#{link.contact_id} ", style="dim")
        line.append(safe(link.contact_name), style="bold")
        line.append(f" · {link.contact_kind.value}", style="dim")
        if link.role:
            line.append(" · ")
            line.append(safe(link.role), style="italic")
        lines.append(line)
    return Narrowed(_contacts_grid(links), lines, CONTACTS_TABLE_WIDTH)


# The width below which an application's contacts are lines rather than a table.
CONTACTS_TABLE_WIDTH = 56


def _contacts_grid(links: list[Link]) -> Table:
    table = Table(box=None, padding=(0, 1), expand=True, header_style="bold", show_edge=False)
    table.add_column("#", no_wrap=True, width=4, justify="right")
    table.add_column("Name", ratio=2, overflow="fold")
    table.add_column("Kind", no_wrap=True, width=KIND_WIDTH)
    table.add_column("Role", ratio=2, overflow="fold")
    for link in links:
        table.add_row(
            Text(str(link.contact_id), style="dim"),
            Text(safe(link.contact_name), style="bold"),
            Text(link.contact_kind.value, style="dim"),
            Text(safe(link.role) or "—", style="italic" if link.role else "dim"),
        )
    return table


def application_people(
    interviews: list[Interview], links: list[Link], reminders: list[Reminder], today: date
) -> RenderableType:
    """The detail screen's interviews, contacts and open reminders (only sections with rows)."""
    parts: list[RenderableType] = []
    if interviews:
        parts += [section_title("Interviews", len(interviews)), interviews_table(interviews, today)]
    if links:
        parts += [section_title("Contacts", len(links)), contacts_table(links)]
    if reminders:
        parts += [
            section_title("Reminders", len(reminders)),
            reminders_table(reminders, today, about=False),
        ]
    spaced: list[RenderableType] = []
    for part in parts:
        if spaced and isinstance(part, Text):
            spaced.append(Text(""))
        spaced.append(part)
    return Group(*spaced)


def due_when(item: DueItem, today: date) -> Text:
    """Return "since 2024-09-10", "today", or for what lies ahead "tomorrow", "in 3 days"."""
    days = (item.due_on - today).days
    if item.kind == "interview" or days > 0:
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        if item.at is not None:
            when += f" {item.at:%H:%M}"
        return Text(when, style="bold" if days <= 1 else "")
    if days == 0:
        return Text("today", style="bold yellow")
    return Text(f"since {item.due_on.isoformat()}", style="yellow")


def due_row(item: DueItem, today: date, *, narrow: bool = False) -> Table:
    """One due line: its ref, since when, and what to do (wrapping)."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=5, no_wrap=True)
    grid.add_column(width=16, no_wrap=True)
    if not narrow:
        grid.add_column(width=14, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    cells = [Text(item.ref or "", style="bold"), due_when(item, today)]
    if not narrow:
        cells.append(Text(item.kind, style="dim"))
    cells.append(Text(safe(item.text)))
    grid.add_row(*cells)
    return grid
