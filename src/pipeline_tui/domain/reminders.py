"""Reminders, and the one list of what is due: each line says what to do and since when.

`pipeline due` (and the UI's Due view) show DueItems. Each source of items (reminders, the
follow-up cadence, thank-you notes, contacts to get back to, interviews ahead) has a function
here that turns its facts into items; services.reminders.due puts them together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from pipeline_tui.domain.contacts import Contact
from pipeline_tui.domain.interviews import Interview
from pipeline_tui.domain.weekly import FollowUp
from pipeline_tui.errors import UserError


class ReminderKind(StrEnum):
    """Why a reminder exists: set by hand, or a cadence item snoozed to a later day."""

    MANUAL = "manual"
    FOLLOW_UP = "follow-up"
    THANK_YOU = "thank-you"
    STAY_IN_TOUCH = "stay-in-touch"


@dataclass(frozen=True, slots=True)
class Reminder:
    """Something to do on a day, about an application, a contact, both or neither."""

    id: int
    kind: ReminderKind
    text: str
    due_on: date
    done_at: datetime | None
    application_id: int | None
    application_title: str | None
    contact_id: int | None
    contact_name: str | None
    created_at: datetime
    # Its application closed after it was set (undoing the close brings it back).
    cancelled: bool = False

    @property
    def ref(self) -> str:
        """Return "r3": how `done` and `snooze` name it."""
        return f"r{self.id}"

    @property
    def about(self) -> str:
        """Return "#12 ByteDance — LLM engineer · Li Lei", or "" for a free-standing reminder."""
        parts = []
        if self.application_id is not None:
            parts.append(f"#{self.application_id} {self.application_title}")
        if self.contact_name is not None:
            parts.append(self.contact_name)
        return " · ".join(parts)

    def as_json(self) -> dict[str, Any]:
        """Return the reminder as JSON-ready data."""
        return {
            "id": self.id,
            "ref": self.ref,
            "kind": self.kind.value,
            "text": self.text,
            "due_on": self.due_on.isoformat(),
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "cancelled": self.cancelled,
            "application_id": self.application_id,
            "contact_id": self.contact_id,
        }


# What a due line is, in the order lines due on the same day are listed.
DUE_KINDS: tuple[str, ...] = (
    "offer deadline",
    "closing",
    "reminder",
    "follow-up",
    "thank-you",
    "stay-in-touch",
    "interview",
)


@dataclass(frozen=True, slots=True)
class DueItem:
    """One line of `pipeline due`: what to do (text), due since due_on (or, for an interview,
    when it is), and what it is about.

    ref is what `done` and `snooze` take: "r3" (reminder 3), "f12" (follow up on application
    12), "t12" (thank-you note after its newest interview), "c5" (get in touch with contact 5);
    None where neither applies (an interview ahead).
    """

    kind: str
    due_on: date
    text: str
    ref: str | None = None
    application_id: int | None = None
    contact_id: int | None = None
    reminder_id: int | None = None
    at: time | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the item as JSON-ready data."""
        return {
            "kind": self.kind,
            "ref": self.ref,
            "due_on": self.due_on.isoformat(),
            "at": self.at.strftime("%H:%M") if self.at else None,
            "text": self.text,
            "application_id": self.application_id,
            "contact_id": self.contact_id,
            "reminder_id": self.reminder_id,
        }


def due_order(item: DueItem) -> tuple[Any, ...]:
    """Sort key: things to do first, oldest first; then interviews ahead in time order."""
    return (
        item.kind == "interview",
        item.due_on,
        item.at or time.min,
        DUE_KINDS.index(item.kind) if item.kind in DUE_KINDS else len(DUE_KINDS),
        item.ref or "",
    )


def from_reminder(reminder: Reminder) -> DueItem:
    """A reminder due today or earlier."""
    about = f" ({reminder.about})" if reminder.about else ""
    return DueItem(
        "reminder",
        reminder.due_on,
        reminder.text + about,
        ref=reminder.ref,
        application_id=reminder.application_id,
        contact_id=reminder.contact_id,
        reminder_id=reminder.id,
    )


def from_follow_up(item: FollowUp, follow_up_days: int) -> DueItem:
    """An open application silent for follow_up_days: follow up."""
    return DueItem(
        "follow-up",
        item.last_event_on + timedelta(days=follow_up_days),
        f"Follow up on #{item.application_id} {item.title}: {item.stage_label}, nothing "
        f"heard since {item.last_event_on.isoformat()} ({item.days_silent} days)",
        ref=f"f{item.application_id}",
        application_id=item.application_id,
    )


def from_thank_you(interview: Interview) -> DueItem:
    """The day after an interview round: send a thank-you note."""
    round_text = f" round {interview.round}" if interview.round else ""
    return DueItem(
        "thank-you",
        interview.occurred_on + timedelta(days=1),
        f"Send a thank-you note for interview{round_text} at #{interview.application_id} "
        f"{interview.title} on {interview.occurred_on.isoformat()}",
        ref=f"t{interview.application_id}",
        application_id=interview.application_id,
    )


def from_contact(contact: Contact) -> DueItem:
    """A contact whose stay-in-touch interval has run out."""
    due_on = contact.stay_in_touch_on()
    assert due_on is not None
    last = (
        f"last contacted {contact.last_contacted.isoformat()}"
        if contact.last_contacted
        else f"not contacted since added on {contact.created_at.date().isoformat()}"
    )
    return DueItem(
        "stay-in-touch",
        due_on,
        f"Get in touch with {contact.label}: {last}, every {contact.every_days} days",
        ref=f"c{contact.id}",
        contact_id=contact.id,
    )


def from_interview(interview: Interview) -> DueItem:
    """An interview round in the coming days."""
    round_text = f" round {interview.round}" if interview.round else ""
    details = interview.details()
    return DueItem(
        "interview",
        interview.occurred_on,
        f"Interview{round_text} at #{interview.application_id} {interview.title}: "
        f"{interview.when}" + (f", {details}" if details else ""),
        application_id=interview.application_id,
        at=interview.starts_at,
    )


_REF = r"(?a)#?([rftc]?) ?#?(\d{1,18})"
REF_KINDS = {"r": "reminder", "f": "follow-up", "t": "thank-you", "c": "stay-in-touch"}


def parse_due_ref(text: str) -> tuple[str, int]:
    """Return (kind, id) for "r3", "3", "#3" (reminder 3), "f12", "t12" or "c5"."""
    match = re.fullmatch(_REF, text.strip().casefold())
    if match is None:
        raise UserError(f"{text.strip()!r} is not a reminder reference (r3 or 3, f12, t12, c5)")
    return REF_KINDS[match[1] or "r"], int(match[2])
