"""Applications as spreadsheet rows: the date each funnel level was reached, cells made safe."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from pipeline_tui.domain.funnel import STAGE_LEVEL, Level
from pipeline_tui.domain.models import (
    Application,
    Event,
    cancelled_round,
    closed_on,
    recorded_day,
)
from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.text import escape_controls

APPLICATION_COLUMNS: tuple[str, ...] = (
    "id", "company", "role", "department", "location", "url", "source", "program", "campaign",
    "cv", "letter", "stage", "round", "archived", "close_reason", "closes_on", "notes", "saved_on",
    "submitted_on", "replied_on", "screened_on", "interviewed_on", "offer_on", "accepted_on",
    "status_on", "last_event_on",
)  # fmt: skip
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "application_id", "company", "role", "department", "kind", "stage", "round",
    "occurred_on", "note", "reason", "reason_text", "imported", "recorded_at",
)  # fmt: skip
# The funnel levels whose first date the CSV gives, with their column.
_LEVEL_COLUMNS = (
    (Level.SUBMITTED, "submitted_on"),
    (Level.REPLIED, "replied_on"),
    (Level.SCREENED, "screened_on"),
    (Level.INTERVIEWED, "interviewed_on"),
    (Level.OFFER, "offer_on"),
    (Level.ACCEPTED, "accepted_on"),
)
# What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"(?a)[+-]?(?:\d[\d,]*)?\.?\d+(?:[eE][+-]?\d+)?%?")
# Digits with the separators phone numbers use: no letters, so no function can be called.
_PHONE = re.compile(r"(?a)\+[\d ().-]*\d[\d ().-]*")


def spreadsheet_text(text: str) -> str:
    """Return a text cell that a spreadsheet shows as typed and never runs as a formula.

    A cell starting with =, +, -, @, tab or CR gets a ' in front, except a plain number
    (-5.00, +3%) or a phone number (+44 20 7946 0958), which stay usable as they are. Control
    characters are written as \\u001b; a carriage return too (\\u000d), because a CSV writer
    that ends lines with \\n does not quote it and readers would split the row there.
    """
    text = escape_controls(text, keep="\n\t")
    if text.startswith(_TRIGGERS) and not (
        text[0] in "+-" and (_NUMBER.fullmatch(text) or _PHONE.fullmatch(text))
    ):
        return "'" + text
    return text


def cell(value: Any) -> str:
    """Return one CSV cell: empty for None, yes/no for flags, ISO dates, safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return spreadsheet_text(str(value))


def level_dates(events: Sequence[Event]) -> dict[str, date | None]:
    """Return the first date each funnel level was reached, the day it was saved, and the date
    of the current stage (its newest stage event)."""
    stage_events = [event for event in events if event.kind == "stage"]
    closed = closed_on(stage_events)
    # (level, day) each event proves, as the funnel counts it: a round is an answer from the
    # day it was recorded and an interview on its own day, unless closing cancelled it.
    proved: list[tuple[Level, date]] = []
    for event in stage_events:
        if event.stage is Stage.INTERVIEW:
            proved.append((Level.SCREENED, min(event.occurred_on, recorded_day(event))))
            if not cancelled_round(event, closed):
                proved.append((Level.INTERVIEWED, event.occurred_on))
        else:
            proved.append((STAGE_LEVEL[event.stage], event.occurred_on))
    found: dict[str, date | None] = {column: None for _, column in _LEVEL_COLUMNS}
    for level, column in _LEVEL_COLUMNS:
        found[column] = min((day for proof, day in proved if proof >= level), default=None)
    saved = [event.occurred_on for event in stage_events if event.stage is Stage.SAVED]
    found["saved_on"] = min(saved, default=None)
    found["status_on"] = stage_events[-1].occurred_on if stage_events else None
    return found


def application_row(
    application: Application, events: Sequence[Event], close_reason: str | None
) -> list[str]:
    """Return one application as the CSV export's row (APPLICATION_COLUMNS)."""
    values: dict[str, Any] = {
        **application.as_json(),
        **level_dates(events),
        "applied_on": application.applied_on,
        "last_event_on": application.last_event_on,
        "closes_on": application.closes_on,
        "archived": application.archived,
        "close_reason": close_reason,
    }
    return [cell(values[column]) for column in APPLICATION_COLUMNS]


def event_row(application: Application, event: Event) -> list[str]:
    """Return one event as the --events export's row (EVENT_COLUMNS)."""
    values: dict[str, Any] = {
        "event_id": event.id,
        "application_id": application.id,
        "company": application.company,
        "role": application.role,
        "department": application.department,
        "kind": event.kind,
        "stage": event.stage.value,
        "round": event.round,
        "occurred_on": event.occurred_on,
        "note": event.note,
        "reason": event.reason,
        "reason_text": event.reason_text,
        "imported": event.imported,
        "recorded_at": event.created_at.isoformat(timespec="seconds"),
    }
    return [cell(values[column]) for column in EVENT_COLUMNS]
