"""Interviews, offer deadlines and reminders as one iCalendar file, with stable UIDs.

Each item's UID names what it is and its id in the database (interview-EVENT, offer-APPLICATION,
reminder-ID), so importing a newer file into a calendar updates the items instead of adding
them twice. DTSTAMP is when the item was last changed here, so the same data gives the same
file. Times are local wall-clock times ("floating"), as they were typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from pipeline_tui.domain.comparison import ComparedOffer
from pipeline_tui.domain.interviews import Interview
from pipeline_tui.domain.reminders import Reminder
from pipeline_tui.domain.text import escape_controls

if TYPE_CHECKING:
    import icalendar

PRODID = "-//pipeline-tui//job search//EN"
UID_DOMAIN = "pipeline-tui"
DEFAULT_MINUTES = 60


def _text(value: str) -> str:
    return escape_controls(value, keep="\n")


def calendar_bytes(
    interviews: Sequence[Interview],
    offers: Sequence[ComparedOffer],
    reminders: Sequence[Reminder],
    *,
    stamps: dict[int, datetime],
) -> bytes:
    """Return the iCalendar file; stamps gives each interview event's recording instant."""
    # ~55 ms to import; only `pipeline calendar` needs it.
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Job search")
    for interview in interviews:
        calendar.add_component(_interview(interview, stamps[interview.event_id]))
    for offer in offers:
        deadline = offer.offer.package.deadline
        if deadline is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"offer-{offer.application_id}@{UID_DOMAIN}")
        event.add("dtstamp", offer.offer.created_at)
        event.add("dtstart", deadline)
        event.add("dtend", deadline + timedelta(days=1))
        event.add("summary", _text(f"Answer the offer: {offer.title}"))
        event.add("categories", ["Offer deadline"])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    for reminder in reminders:
        todo = icalendar.Todo()
        todo.add("uid", f"reminder-{reminder.id}@{UID_DOMAIN}")
        todo.add("dtstamp", reminder.done_at or reminder.created_at)
        todo.add("due", reminder.due_on)
        about = f" ({reminder.about})" if reminder.about else ""
        todo.add("summary", _text(reminder.text + about))
        if reminder.done_at is not None:
            todo.add("status", "COMPLETED")
            todo.add("completed", reminder.done_at)
        elif reminder.cancelled:
            todo.add("status", "CANCELLED")
            todo.add("sequence", 1)
        else:
            todo.add("status", "NEEDS-ACTION")
        calendar.add_component(todo)
    return bytes(calendar.to_ical())


def _interview(interview: Interview, stamp: datetime) -> icalendar.Event:
    import icalendar

    event = icalendar.Event()
    event.add("uid", f"interview-{interview.event_id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    round_text = f" round {interview.round}" if interview.round else ""
    event.add("summary", _text(f"Interview{round_text}: {interview.title}"))
    if interview.starts_at is None:
        event.add("dtstart", interview.occurred_on)
        event.add("dtend", interview.occurred_on + timedelta(days=1))
    else:
        start = datetime.combine(interview.occurred_on, interview.starts_at)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=interview.duration_minutes or DEFAULT_MINUTES))
    if interview.place:
        event.add("location", _text(interview.place))
    lines = []
    if interview.format:
        lines.append(f"Format: {interview.format.value}")
    if interview.duration_minutes:
        lines.append(f"Duration: {interview.duration_minutes} min")
    if interview.interviewers:
        names = ", ".join(person.name for person in interview.interviewers)
        lines.append(f"Interviewers: {names}")
    if lines:
        event.add("description", _text("\n".join(lines)))
    event.add("categories", ["Interview"])
    if interview.cancelled:  # its application closed first; a later SEQUENCE replaces the item
        event.add("status", "CANCELLED")
        event.add("sequence", 1)
    return event
