"""Applications and events as plain data, and the state an event history implies."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

from pipeline_tui.domain.stages import Stage
from pipeline_tui.errors import InvalidValue

EventKind = Literal["stage", "note"]

# The rules every shape of an application follows (what a user types, NewApplication; what a
# file brings, importing.IncomingApplication; what is recorded, Application and the store's
# application table): a company and a role, then these descriptive fields.
DESCRIPTIVE_FIELDS = (
    "department", "location", "url", "source", "program", "campaign", "cv", "letter",
)  # fmt: skip
# What an edit may change (the company is changed apart: it is a row of its own).
EDITABLE_FIELDS = frozenset({"role", *DESCRIPTIVE_FIELDS, "notes"})
# The longest name taken (a company, role, contact or interviewer): a pasted paragraph is no name.
MAX_NAME_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of an application's append-only history: a stage change or a note."""

    id: int
    application_id: int
    kind: EventKind
    stage: Stage
    round: int | None
    occurred_on: date
    note: str | None
    created_at: datetime
    # Events recorded by one command that changed several applications share a batch number;
    # `undo` takes the batch back as a whole. None: the event is a batch of its own.
    batch: int | None = None
    # Why an application ended (rejected, withdrawn, declined): a name from the configured
    # list (domain.reasons) and optional free text.
    reason: str | None = None
    reason_text: str | None = None
    # None when recorded here; IMPORTED when an import created it (from a status in a file),
    # "mail" when it was accepted from the mail review queue.
    origin: str | None = None

    @property
    def imported(self) -> bool:
        """True for an event an import created rather than one recorded here."""
        return self.origin == IMPORTED

    def as_json(self) -> dict[str, Any]:
        """Return the event as JSON-ready data."""
        return {
            "kind": self.kind,
            "stage": self.stage.value,
            "round": self.round,
            "occurred_on": self.occurred_on.isoformat(),
            "note": self.note,
            "reason": self.reason,
            "reason_text": self.reason_text,
            "imported": self.imported,
            "origin": self.origin,
        }


# The origin of the events an import creates.
IMPORTED = "import"


@dataclass(frozen=True, slots=True)
class Application:
    """An application with its company and the state derived from its events."""

    id: int
    company_id: int
    company: str
    role: str
    department: str | None
    location: str | None
    url: str | None
    source: str | None
    program: str | None
    campaign: str | None
    applied_on: date | None
    stage: Stage
    round: int | None
    last_event_on: date | None
    notes: str | None
    archived: bool
    created_at: datetime
    updated_at: datetime
    # The posting's closing date, for a saved application ("apply by").
    closes_on: date | None = None
    # The CV and cover-letter versions it was sent with ("v3", "L2").
    cv: str | None = None
    letter: str | None = None

    @property
    def title(self) -> str:
        """Company and role (and department) as one line of user text."""
        return application_title(self.company, self.role, self.department)

    def as_json(self) -> dict[str, Any]:
        """Return the application as JSON-ready data."""
        return {
            "id": self.id,
            "company": self.company,
            "role": self.role,
            "department": self.department,
            "location": self.location,
            "url": self.url,
            "source": self.source,
            "program": self.program,
            "campaign": self.campaign,
            "applied_on": _iso(self.applied_on),
            "stage": self.stage.value,
            "round": self.round,
            "last_event_on": _iso(self.last_event_on),
            "notes": self.notes,
            "archived": self.archived,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "closes_on": _iso(self.closes_on),
            "cv": self.cv,
            "letter": self.letter,
        }


class Sibling(NamedTuple):
    """Another application to the same company, as `add` sees it."""

    id: int
    role: str
    department: str | None
    stage: Stage
    last_event_on: date | None
    archived: bool

    def outcome(self) -> str:
        """Return "rejected on 2024-08-02" or "still open: interview since 2024-09-10"."""
        day = self.last_event_on.isoformat() if self.last_event_on else "an unknown day"
        if self.stage.is_open:
            return f"still open: {self.stage} since {day}"
        return f"{self.stage} on {day}"


class KnownContact(NamedTuple):
    """Someone you know at a company, as `add` names them (kind: a contacts.ContactKind value)."""

    id: int
    name: str
    kind: str

    @property
    def label(self) -> str:
        """Return "Li Lei (headhunter)"."""
        return f"{self.name} ({self.kind})"


def application_title(company: str, role: str, department: str | None) -> str:
    """Return "ByteDance — LLM engineer (Seed)": how every view names an application
    ("ByteDance — — (Seed)" when the role is empty, as an import may leave it)."""
    return f"{company} — {role_text(role)}" + (f" ({department})" if department else "")


def role_text(role: str) -> str:
    """Return the role as views show it: "—" when it is empty."""
    return role or "—"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True, slots=True)
class Derived:
    """What an application's events say about it now."""

    stage: Stage
    round: int | None
    applied_on: date | None
    last_event_on: date | None
    had_offer: bool
    # The reason on the closing event, while the application is closed.
    reason: str | None = None


def derive(events: Sequence[Event]) -> Derived:
    """Compute current state from events in the order they were recorded (by id).

    round: the highest interview round that was not cancelled (see cancelled_round).
    """
    stage_events = [event for event in events if event.kind == "stage"]
    if not stage_events:
        raise ValueError("an application needs at least one stage event")
    closed = closed_on(stage_events)
    rounds = [
        event.round
        for event in stage_events
        if event.round is not None and not cancelled_round(event, closed)
    ]
    sent = next(
        (event for event in stage_events if event.stage not in (Stage.SAVED, Stage.WITHDRAWN)),
        None,
    )
    # An import records `submitted` whenever the file gives the applied date; an imported
    # history that starts past it (a closed application without that date) has none.
    unknown = sent is not None and sent.origin == IMPORTED and sent.stage is not Stage.SUBMITTED
    applied_on = None if sent is None or unknown else sent.occurred_on
    newest = stage_events[-1]
    return Derived(
        stage=newest.stage,
        round=max(rounds) if rounds else None,
        applied_on=applied_on,
        last_event_on=max(event.occurred_on for event in events),
        had_offer=any(event.stage is Stage.OFFER for event in stage_events),
        reason=newest.reason if newest.stage.is_closed else None,
    )


def closed_on(stage_events: Sequence[Event]) -> date | None:
    """The day the application closed (its newest stage event, when that closes it), or None
    while it is open."""
    newest = stage_events[-1] if stage_events else None
    return newest.occurred_on if newest is not None and newest.stage.is_closed else None


def cancelled_round(event: Event, closed: date | None) -> bool:
    """True for an interview round dated after the day its application closed: closing
    (rejected, withdrawn, ghosted, ...) cancelled it, so it never happened. Undoing the close
    or reopening brings it back."""
    return (
        closed is not None
        and event.kind == "stage"
        and event.stage is Stage.INTERVIEW
        and event.occurred_on > closed
    )


def recorded_day(event: Event) -> date:
    """The local day an event was typed in (a round recorded ahead is known from that day)."""
    return event.created_at.astimezone().date()


def recorded_rounds(events: Sequence[Event]) -> list[int]:
    """Return the interview round numbers recorded, lowest first, each once."""
    return sorted({event.round for event in events if event.kind == "stage" and event.round})


def next_round(events: Sequence[Event]) -> int:
    """Return the interview round that comes after the highest one recorded."""
    return max(recorded_rounds(events), default=0) + 1


def search_key(
    company: str,
    role: str,
    department: str | None,
    source: str | None,
    campaign: str | None,
    notes: str | None,
    event_notes: Iterable[str | None],
) -> str:
    """Return the folded text a search looks in: the names, the notes and every timeline note.

    Parts are joined by newlines, which no search word contains, so a word never matches
    across two fields.
    """
    from pipeline_tui.domain.text import fold

    parts = (company, role, department, source, campaign, notes, *event_notes)
    return "\n".join(fold(part) for part in parts if part)


def clean_name(text: str) -> str:
    """Return text with surrounding and repeated inner whitespace removed."""
    return " ".join(text.split())


def required_name(label: str, text: str) -> str:
    """Return text as a name (clean_name); InvalidValue(label) when empty or too long."""
    cleaned = clean_name(text)
    if not cleaned:
        raise InvalidValue(label, f"{label} is empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidValue(label, f"{label} is longer than {MAX_NAME_LENGTH} characters")
    return cleaned


@dataclass(frozen=True, slots=True)
class NewApplication:
    """What a user types to record an application."""

    company: str
    role: str
    department: str | None = None
    location: str | None = None
    url: str | None = None
    source: str | None = None
    program: str | None = None
    campaign: str | None = None
    note: str | None = None
    on: date | None = None
    saved: bool = False
    # The posting's closing date; only for a saved application.
    closes_on: date | None = None
    # The CV and cover-letter versions sent ("v3", "L2").
    cv: str | None = None
    letter: str | None = None
    # The posting's text (`add --from`), kept with the application and searchable.
    posting: str | None = None


def company_key(name: str) -> str:
    """Return the key that makes "ByteDance", "bytedance " and "ＢｙｔｅＤａｎｃｅ" one company."""
    import unicodedata

    return clean_name(unicodedata.normalize("NFKC", name)).casefold()


@dataclass(frozen=True, slots=True)
class ApplicationFilter:
    """Which applications a list, table or report covers; None means no restriction."""

    stages: tuple[Stage, ...] = ()
    campaign: str | None = None
    source: str | None = None
    open_only: bool = False
    since: date | None = None
    until: date | None = None
    search: str | None = None
    archived: bool | None = False
