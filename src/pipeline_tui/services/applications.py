"""Applications: add, move, note, undo, archive, edit, list and show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from pipeline_tui import clock
from pipeline_tui.domain.models import (
    EDITABLE_FIELDS,
    Application,
    ApplicationFilter,
    Event,
    KnownContact,
    NewApplication,
    Sibling,
    company_key,
    derive,
    next_round,
    recorded_rounds,
    required_name,
)
from pipeline_tui.domain.reasons import check_reason
from pipeline_tui.domain.stages import Stage, check_date, check_move, parse_stage
from pipeline_tui.domain.versions import clean_version
from pipeline_tui.errors import (
    ForceReason,
    InvalidValue,
    NeedsForce,
    NotFound,
    UserError,
)
from pipeline_tui.services.refs import describe, optional, resolve
from pipeline_tui.store import applications as queries
from pipeline_tui.store.engine import Store

if TYPE_CHECKING:
    from pipeline_tui.domain.contacts import Link
    from pipeline_tui.domain.interviews import Interview
    from pipeline_tui.domain.offers import Offer
    from pipeline_tui.domain.reminders import Reminder


@dataclass(frozen=True, slots=True)
class Change:
    """An application after a write, with the event that write recorded.

    For a new application, earlier: other applications to the same company that are still
    open or were rejected or ghosted, most recent first; known: contacts who work there.
    """

    application: Application
    event: Event
    earlier: tuple[Sibling, ...] = ()
    known: tuple[KnownContact, ...] = ()


@dataclass(frozen=True, slots=True)
class Undone:
    """What undo removed; application is None when the removed event was its only one.

    others: the rest of the batch, when the event was one of several recorded by one command
    (a batch of ghosted applications, an acceptance that closed the others).
    """

    event: Event
    title: str
    application: Application | None
    others: tuple[Undone, ...] = ()


@dataclass(frozen=True, slots=True)
class Detail:
    """An application with its whole history, its interview rounds (with details), the
    contacts linked to it, its open reminders and its offer's revisions (oldest first)."""

    application: Application
    events: list[Event] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    contacts: list[Link] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)


def _rounds_text(rounds: list[int]) -> str:
    return ", ".join(str(number) for number in rounds)


def add_application(store: Store, new: NewApplication, *, force: bool = False) -> Change:
    """Record a submitted (or saved) application with its first event."""
    company = required_name("company", new.company)
    role = required_name("role", new.role)
    department = optional(new.department)
    occurred_on = new.on or clock.today()
    stage = Stage.SAVED if new.saved else Stage.SUBMITTED
    if new.closes_on is not None and not new.saved:
        raise InvalidValue("closes", "a closing date applies only to a saved application")
    check_date(stage, occurred_on, today=clock.today(), force=force)
    now = clock.now()
    siblings: list[Sibling] = []
    known: list[KnownContact] = []
    with store.write() as session:
        key = company_key(company)
        company_id = queries.find_company_id(session, key)
        if company_id is None:
            company_id = queries.add_company(session, company, key, now)
        else:
            siblings, known = queries.company_history(session, company_id)
            duplicates = [item for item in siblings if _same_opening(item, role, department)]
            if duplicates and not force:
                existing = queries.get_application(session, duplicates[0].id)
                assert existing is not None
                raise NeedsForce(
                    ForceReason.DUPLICATE,
                    f"{describe(existing)} is already open ({existing.stage})",
                )
        values = {
            "company_id": company_id,
            "role": role,
            "department": department,
            "location": optional(new.location),
            "url": optional(new.url),
            "source": optional(new.source),
            "program": optional(new.program),
            "campaign": optional(new.campaign),
            "closes_on": new.closes_on,
            "cv": clean_version("cv", new.cv),
            "letter": clean_version("letter", new.letter),
            "posting": optional(new.posting),
        }
        application_id = queries.insert_application(session, values, now)
        event = queries.insert_event(
            session,
            application_id,
            kind="stage",
            stage=stage,
            round=None,
            occurred_on=occurred_on,
            note=optional(new.note),
            now=now,
        )
        application = queries.sync_derived(session, application_id, now)
    earlier = sorted(
        (item for item in siblings if item.stage.is_open or item.stage in _ANSWERED_BADLY),
        key=lambda item: (item.last_event_on or date.min, item.id),
        reverse=True,
    )
    return Change(application, event, earlier=tuple(earlier), known=tuple(known))


# Earlier outcomes worth a line when applying to the same company again.
_ANSWERED_BADLY = frozenset({Stage.REJECTED, Stage.GHOSTED})


def _same_opening(item: Sibling, role: str, department: str | None) -> bool:
    """True for an open, unarchived application to the same role and department."""
    return (
        item.stage.is_open
        and not item.archived
        and item.role.casefold() == role.casefold()
        and (item.department or "").casefold() == (department or "").casefold()
    )


def move(
    store: Store,
    ref: str | int,
    stage: Stage | str,
    *,
    on: date | None = None,
    round: int | None = None,
    note: str | None = None,
    force: bool = False,
    reason: str | None = None,
    reason_text: str | None = None,
) -> Change:
    """Record a stage change for the application ref names, following the stage rules.

    reason (one of the configured close reasons) and reason_text say why a rejected,
    withdrawn or declined application ended.
    """
    target = stage if isinstance(stage, Stage) else parse_stage(stage)
    check_move_values(target, round=round, reason=reason, reason_text=reason_text)
    now = clock.now()
    with store.write() as session:
        application = resolve(session, ref, open_only=True)
        return record_move(
            session,
            application,
            target,
            occurred_on=on or clock.today(),
            round=round,
            note=note,
            force=force,
            now=now,
            reason=reason,
            reason_text=reason_text,
        )


def check_move_values(
    target: Stage, *, round: int | None, reason: str | None, reason_text: str | None
) -> None:
    """Refuse a round for a stage other than interview, or a reason for a stage without one."""
    if round is not None and target is not Stage.INTERVIEW:
        raise InvalidValue("round", "a round applies only to the interview stage")
    if round is not None and round < 1:
        raise InvalidValue("round", "interview rounds start at 1")
    check_reason(target, reason, reason_text)


def record_move(
    session: Session,
    application: Application,
    target: Stage,
    *,
    occurred_on: date,
    round: int | None,
    note: str | None,
    force: bool,
    now: datetime,
    reason: str | None = None,
    reason_text: str | None = None,
    batch: int | None = None,
    origin: str | None = None,
) -> Change:
    """Record one stage change in the caller's write session, following the stage rules
    (origin: where the event came from, as on Event.origin)."""
    events = queries.get_events(session, application.id)
    current = derive(events)
    try:
        check_move(current.stage, target, had_offer=current.had_offer, force=force)
        check_date(target, occurred_on, today=clock.today(), force=force)
    except NeedsForce as error:
        raise error.about(describe(application)) from None
    if target is Stage.INTERVIEW:
        recorded = recorded_rounds(events)
        if round is not None and round in recorded and not force:
            raise NeedsForce(
                ForceReason.REPEAT,
                f"{describe(application)} already has interview round {round} "
                f"(recorded: {_rounds_text(recorded)})",
            )
        round = round or next_round(events)
    applied_on = current.applied_on
    if applied_on and occurred_on < applied_on and target is not Stage.WITHDRAWN and not force:
        raise NeedsForce(
            ForceReason.BEFORE_SUBMISSION,
            f"{occurred_on.isoformat()} is before {describe(application)} was submitted "
            f"({applied_on.isoformat()})",
        )
    event = queries.insert_event(
        session,
        application.id,
        kind="stage",
        stage=target,
        round=round,
        occurred_on=occurred_on,
        note=optional(note),
        now=now,
        batch=batch,
        reason=reason,
        reason_text=optional(reason_text),
        origin=origin,
    )
    application = queries.sync_derived(session, application.id, now)
    return Change(application, event)


def add_note(store: Store, ref: str | int, text: str, *, on: date | None = None) -> Change:
    """Add a dated note to an application's timeline without changing its stage."""
    note = optional(text)
    if note is None:
        raise InvalidValue("note", "the note is empty")
    now = clock.now()
    with store.write() as session:
        application, event = record_note(session, ref, note, on=on, now=now)
    return Change(application, event)


def record_note(
    session: Session, ref: str | int, note: str, *, on: date | None, now: datetime
) -> tuple[Application, Event]:
    """Add a note to an application's timeline inside the caller's write transaction."""
    application = resolve(session, ref, open_only=False)
    event = queries.insert_event(
        session,
        application.id,
        kind="note",
        stage=application.stage,
        round=None,
        occurred_on=on or clock.today(),
        note=note,
        now=now,
    )
    return queries.sync_derived(session, application.id, now), event


def undo(store: Store, ref: str | int | None = None) -> Undone:
    """Remove the newest event of one application, or the newest batch of all.

    Without ref, the newest event goes together with every event recorded in the same batch
    (one command that changed several applications is taken back as a whole).
    """
    now = clock.now()
    with store.write() as session:
        if ref is None:
            event = queries.newest_event(session)
            if event is None:
                raise NotFound("nothing to undo: there are no events")
            batch = queries.batch_events(session, event.batch) if event.batch else [event]
        else:
            target = resolve(session, ref, open_only=False)
            event = queries.newest_event(session, target.id)
            assert event is not None
            batch = [event]
        undone = [undo_event(session, item, now) for item in sorted(batch, key=_newest_first)]
    return replace(undone[0], others=tuple(undone[1:]))


def _newest_first(event: Event) -> int:
    return -event.id


def undo_event(
    session: Session, event: Event, now: datetime, *, others: Sequence[Event] | None = None
) -> Undone:
    """Delete one event in the caller's write session (its application too when it was the
    only stage event left); others: the application's other events, if the caller read them."""
    application = queries.get_application(session, event.application_id)
    assert application is not None
    title = describe(application)
    if others is None:
        others = [
            item for item in queries.get_events(session, application.id) if item.id != event.id
        ]
    if not any(other.kind == "stage" for other in others):
        queries.delete_application(session, application.id)
        queries.delete_company_if_unused(session, application.company_id)
        return Undone(event, title, None)
    queries.delete_event(session, event.id)
    return Undone(event, title, queries.sync_derived(session, application.id, now))


def set_archived(store: Store, ref: str | int, archived: bool = True) -> Application:
    """Hide an application from lists and boards (or bring it back); its history stays."""
    now = clock.now()
    with store.write() as session:
        application = resolve(session, ref, open_only=False)
        if application.archived == archived:
            state = "already archived" if archived else "not archived"
            raise UserError(f"{describe(application)} is {state}")
        queries.update_fields(session, application.id, {"archived": archived}, now)
        updated = queries.get_application(session, application.id)
    assert updated is not None
    return updated


def edit_application(
    store: Store, ref: str | int, changes: dict[str, str | None], company: str | None = None
) -> Application:
    """Change descriptive fields (role, department, source, ...) and maybe the company."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise UserError(f"cannot edit {', '.join(sorted(unknown))}")
    cleaned: dict[str, Any] = {name: optional(value) for name, value in changes.items()}
    for name in ("cv", "letter"):
        if name in changes:
            cleaned[name] = clean_version(name, changes[name])
    if "role" in changes:
        cleaned["role"] = required_name("role", changes["role"] or "")
    now = clock.now()
    with store.write() as session:
        application = resolve(session, ref, open_only=False)
        if cleaned:
            queries.update_fields(session, application.id, cleaned, now)
        if company is not None:
            company_id = company_id_of(session, required_name("company", company), now)
            if company_id != application.company_id:
                queries.set_company(session, application.id, company_id, now)
                queries.delete_company_if_unused(session, application.company_id)
        # The names are part of the search text.
        return queries.sync_derived(session, application.id, now)


def company_id_of(session: Session, name: str, now: datetime) -> int:
    """Return the id of the company named (a cleaned name), adding the company if it is new."""
    key = company_key(name)
    found = queries.find_company_id(session, key)
    return found if found is not None else queries.add_company(session, name, key, now)


def list_applications(store: Store, spec: ApplicationFilter) -> list[Application]:
    """Return the applications a filter selects, oldest first."""
    with store.read() as session:
        return queries.list_applications(session, spec)


def detail(store: Store, ref: str | int) -> Detail:
    """Return one application with its timeline, interviews, contacts, open reminders and offers."""
    from pipeline_tui.store import contacts, interviews, offers, reminders

    with store.read() as session:
        application = resolve(session, ref, open_only=False)
        return Detail(
            application,
            queries.get_events(session, application.id),
            interviews.interviews_of_application(session, application.id),
            contacts.links_of_application(session, application.id),
            reminders.open_reminders(session, application_id=application.id),
            offers.offers_of(session, application.id),
        )
