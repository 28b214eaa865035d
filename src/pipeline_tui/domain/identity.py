"""What a session wrote, as an undo names it: the row's id, and what makes that one write
unique (when it was written, the batch and its size).

Ids are never handed out twice (migration 0007), and the instant a row was written tells one
write from another on a database from before that; an undo that finds something else, or
nothing, under the id refuses with ChangedElsewhere and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pipeline_tui.domain.contacts import Contact, Interaction, Link
from pipeline_tui.domain.models import Event, EventKind
from pipeline_tui.domain.reminders import Reminder
from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.text import printable


@dataclass(frozen=True, slots=True)
class EventIdentity:
    """One event this session recorded."""

    id: int
    application_id: int
    created_at: datetime
    kind: EventKind
    stage: Stage
    round: int | None
    occurred_on: date

    @classmethod
    def of(cls, event: Event) -> EventIdentity:
        """The identity of an event as it was recorded."""
        return cls(
            event.id,
            event.application_id,
            event.created_at,
            event.kind,
            event.stage,
            event.round,
            event.occurred_on,
        )

    def matches(self, event: Event | None) -> bool:
        """True when event is this very write."""
        return (
            event is not None
            and event.id == self.id
            and event.application_id == self.application_id
            and event.created_at == self.created_at
        )

    @property
    def words(self) -> str:
        """Return "note on #2 (2024-09-16)" or "interview round 2 of #2 (2024-09-20)"."""
        day = self.occurred_on.isoformat()
        if self.kind == "note":
            return f"note on #{self.application_id} ({day})"
        round_text = f" round {self.round}" if self.round else ""
        return f"{self.stage}{round_text} of #{self.application_id} ({day})"


@dataclass(frozen=True, slots=True)
class BatchIdentity:
    """The events one write recorded together (an acceptance and what it closed, a ghosting,
    an import): their batch, never given twice, and how many there were."""

    batch: int
    events: int


@dataclass(frozen=True, slots=True)
class ContactIdentity:
    """A contact this session added."""

    id: int
    created_at: datetime
    name: str

    @classmethod
    def of(cls, contact: Contact) -> ContactIdentity:
        """The identity of a contact as it was added."""
        return cls(contact.id, contact.created_at, contact.name)

    @property
    def words(self) -> str:
        """Return "contact #3 Li Lei"."""
        return f"contact #{self.id} {printable(self.name)}"


@dataclass(frozen=True, slots=True)
class ReminderIdentity:
    """A reminder this session added (or left as it is now)."""

    id: int
    created_at: datetime
    text: str

    @classmethod
    def of(cls, reminder: Reminder) -> ReminderIdentity:
        """The identity of a reminder as it was added."""
        return cls(reminder.id, reminder.created_at, reminder.text)

    @property
    def words(self) -> str:
        """Return "reminder r3 (send the portfolio)"."""
        return f"reminder r{self.id} ({printable(self.text)})"


@dataclass(frozen=True, slots=True)
class InteractionIdentity:
    """An entry this session logged for a contact."""

    id: int
    contact_id: int
    created_at: datetime
    occurred_on: date

    @classmethod
    def of(cls, entry: Interaction) -> InteractionIdentity:
        """The identity of a log entry as it was written."""
        assert entry.created_at is not None
        return cls(entry.id, entry.contact_id, entry.created_at, entry.occurred_on)

    @property
    def words(self) -> str:
        """Return "log entry of contact #3 (2024-09-16)"."""
        return f"log entry of contact #{self.contact_id} ({self.occurred_on.isoformat()})"


@dataclass(frozen=True, slots=True)
class LinkIdentity:
    """A link this session made between a contact and an application, in a role."""

    contact_id: int
    application_id: int
    role: str
    created_at: datetime

    @classmethod
    def of(cls, link: Link) -> LinkIdentity:
        """The identity of a link as it was made."""
        assert link.created_at is not None
        return cls(link.contact_id, link.application_id, link.role or "", link.created_at)

    @property
    def words(self) -> str:
        """Return "link of contact #3 to #12"."""
        return f"link of contact #{self.contact_id} to #{self.application_id}"


def gone_message(words: str) -> str:
    """Return the one line an undo says when what it would take back was removed elsewhere."""
    return f"That {words} was already removed from another terminal; nothing changed"


def replaced_message(words: str) -> str:
    """Return the one line an undo says when what it would take back was changed elsewhere."""
    return f"That {words} was changed from another terminal; nothing changed"
