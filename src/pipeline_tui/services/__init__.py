"""Use cases both front ends call: add, move, note, undo, archive, edit, list and show."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from pipeline_tui import clock
from pipeline_tui.config import Settings
from pipeline_tui.domain.dates import parse_date
from pipeline_tui.domain.models import (
    Application,
    ApplicationFilter,
    Event,
    KnownContact,
    Sibling,
    clean_name,
    company_key,
    derive,
    next_round,
    recorded_rounds,
)
from pipeline_tui.domain.reasons import check_reason, describe_reason
from pipeline_tui.domain.stages import Stage, check_date, check_move, parse_stage
from pipeline_tui.domain.text import printable
from pipeline_tui.domain.versions import clean_version
from pipeline_tui.errors import (
    AmbiguousRef,
    ForceReason,
    InvalidValue,
    NeedsForce,
    NotFound,
    UserError,
)
from pipeline_tui.store import queries
from pipeline_tui.store.engine import Store

if TYPE_CHECKING:
    from collections.abc import Callable

    from pipeline_tui.domain.contacts import Link
    from pipeline_tui.domain.funnel import FunnelFilter, FunnelGroups, FunnelReport, GroupBy
    from pipeline_tui.domain.interviews import Interview
    from pipeline_tui.domain.offers import Offer
    from pipeline_tui.domain.reminders import Reminder
    from pipeline_tui.domain.summary import ApplicationSummary
    from pipeline_tui.domain.weekly import WeeklyReport
    from pipeline_tui.store.bulk import Loaded
    from pipeline_tui.store.ui_queries import BoardPreview
    from pipeline_tui.store.watch import Watcher

_ID_REF = re.compile(r"(?a)#?(\d+)")
MAX_NAME_LENGTH = 200
_CANDIDATES_SHOWN = 10
# SQLite integers are 64-bit; a longer number cannot be an id (and would overflow the driver).
_MAX_ID = 2**63 - 1
# A preference between matches is looked for among at most this many of them.
_PREFER_AMONG = 1_000


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


def read_date(text: str, settings: Settings, *, ahead: bool = False) -> date:
    """Parse a date the user typed, with the configured day order and today's date; ahead for
    a day to come (a reminder, a deadline), where "fri" or "Jan 5" mean the next one."""
    return parse_date(text, today=clock.today(), dayfirst=settings.dayfirst, ahead=ahead)


def _optional(text: str | None) -> str | None:
    """Return text stripped, or None when blank."""
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None


def _required_name(label: str, text: str) -> str:
    cleaned = clean_name(text)
    if not cleaned:
        raise InvalidValue(label, f"{label} is empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidValue(label, f"{label} is longer than {MAX_NAME_LENGTH} characters")
    return cleaned


def _rounds_text(rounds: list[int]) -> str:
    return ", ".join(str(number) for number in rounds)


def describe(application: Application) -> str:
    """Return "#12 ByteDance — LLM engineer" with user text made safe to print."""
    return f"#{application.id} {printable(application.title)}"


def describe_event(event: Event, *, with_note: bool = True) -> str:
    """Return "interview round 2 on 2024-08-21", or "note on ...: text" for a note."""
    day = event.occurred_on.isoformat()
    if event.kind == "note":
        return f"note on {day}: {printable(event.note or '')}" if with_note else f"note on {day}"
    round_text = f" round {event.round}" if event.round else ""
    reason = describe_reason(event.reason, event.reason_text)
    because = f" ({printable(reason)})" if reason else ""
    return f"{event.stage}{round_text} on {day}{because}"


def _resolve(
    session: Any, ref: str | int, *, open_only: bool, prefer: tuple[Stage, ...] = ()
) -> Application:
    """Find the one application ref names: an id, "#id", or text matching one application.

    prefer: when the text matches several, the one application at the first of these stages
    that exactly one of them is at (`pipeline offer huawei` means the Huawei application at
    the offer or interview stage, not the twelve others only submitted).
    """
    if isinstance(ref, int) or _ID_REF.fullmatch(ref.strip()):
        application_id = ref if isinstance(ref, int) else int(ref.strip().lstrip("#"))
        application = (
            queries.get_application(session, application_id)
            if 0 < application_id <= _MAX_ID
            else None
        )
        if application is None:
            raise NotFound(f"no application #{application_id}")
        return application
    text = ref.strip()
    if not text:
        raise UserError("no application given")
    # Open applications first, then (where closed ones may be meant) any, then archived ones.
    searches = [{"open_only": True}]
    if not open_only:
        searches += [{"open_only": False}, {"open_only": False, "archived": True}]
    exact: list[int] = []
    partial: list[int] = []
    for search in searches:
        exact, partial = queries.match_text(session, text, **search)
        if exact or partial:
            break
    ids = exact or partial
    shown = printable(text)
    if not ids:
        which = "open application" if open_only else "application"
        raise NotFound(f'no {which} matches "{shown}"')
    if len(ids) > 1 and prefer and len(ids) <= _PREFER_AMONG:
        found = queries.get_applications(session, ids)
        for stage in prefer:
            at_stage = [item for item in found if item.stage is stage]
            if len(at_stage) == 1:
                return at_stage[0]
            if at_stage:
                break  # several at the stage meant: still ambiguous
    if len(ids) > 1:
        candidates = queries.get_applications(session, ids[:_CANDIDATES_SHOWN])
        raise AmbiguousRef(
            f'"{shown}" matches {len(ids)} applications; give the #id',
            [(item.id, f"{printable(item.title)} [{item.stage}]") for item in candidates],
            len(ids),
        )
    application = queries.get_application(session, ids[0])
    assert application is not None
    return application


# Other service modules (services/offers.py) resolve references the same way.
resolve = _resolve


def add_application(store: Store, new: NewApplication, *, force: bool = False) -> Change:
    """Record a submitted (or saved) application with its first event."""
    company = _required_name("company", new.company)
    role = _required_name("role", new.role)
    department = _optional(new.department)
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
            "location": _optional(new.location),
            "url": _optional(new.url),
            "source": _optional(new.source),
            "program": _optional(new.program),
            "campaign": _optional(new.campaign),
            "closes_on": new.closes_on,
            "cv": clean_version("cv", new.cv),
            "letter": clean_version("letter", new.letter),
        }
        application_id = queries.insert_application(session, values, now)
        event = queries.insert_event(
            session,
            application_id,
            kind="stage",
            stage=stage,
            round=None,
            occurred_on=occurred_on,
            note=_optional(new.note),
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
        application = _resolve(session, ref, open_only=True)
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
    session: Any,
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
) -> Change:
    """Record one stage change in the caller's write session, following the stage rules."""
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
        note=_optional(note),
        now=now,
        batch=batch,
        reason=reason,
        reason_text=_optional(reason_text),
    )
    application = queries.sync_derived(session, application.id, now)
    return Change(application, event)


def add_note(store: Store, ref: str | int, text: str, *, on: date | None = None) -> Change:
    """Add a dated note to an application's timeline without changing its stage."""
    note = _optional(text)
    if note is None:
        raise InvalidValue("note", "the note is empty")
    now = clock.now()
    with store.write() as session:
        application, event = record_note(session, ref, note, on=on, now=now)
    return Change(application, event)


def record_note(
    session: Any, ref: str | int, note: str, *, on: date | None, now: datetime
) -> tuple[Application, Event]:
    """Add a note to an application's timeline inside the caller's write transaction."""
    application = _resolve(session, ref, open_only=False)
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
            target = _resolve(session, ref, open_only=False)
            event = queries.newest_event(session, target.id)
            assert event is not None
            batch = [event]
        undone = [_remove_event(session, item, now) for item in sorted(batch, key=_newest_first)]
    return replace(undone[0], others=tuple(undone[1:]))


def _newest_first(event: Event) -> int:
    return -event.id


def _remove_event(session: Any, event: Event, now: datetime) -> Undone:
    """Delete one event (its application too when it was the only stage event left)."""
    application = queries.get_application(session, event.application_id)
    assert application is not None
    title = describe(application)
    remaining = [
        other
        for other in queries.get_events(session, application.id)
        if other.id != event.id and other.kind == "stage"
    ]
    if not remaining:
        queries.delete_application(session, application.id)
        queries.delete_company_if_unused(session, application.company_id)
        return Undone(event, title, None)
    queries.delete_event(session, event.id)
    return Undone(event, title, queries.sync_derived(session, application.id, now))


def set_archived(store: Store, ref: str | int, archived: bool = True) -> Application:
    """Hide an application from lists and boards (or bring it back); its history stays."""
    now = clock.now()
    with store.write() as session:
        application = _resolve(session, ref, open_only=False)
        if application.archived == archived:
            state = "already archived" if archived else "not archived"
            raise UserError(f"{describe(application)} is {state}")
        queries.update_fields(session, application.id, {"archived": archived}, now)
        updated = queries.get_application(session, application.id)
    assert updated is not None
    return updated


def remove_event(store: Store, event_id: int, *, force: bool = False) -> Undone:
    """Take back one recorded event (the UI's undo of a change it made).

    When it is the application's only stage event the application goes too; that needs force
    (the UI asks first, naming what would be removed).
    """
    now = clock.now()
    with store.write() as session:
        event = queries.get_event(session, event_id)
        if event is None:
            raise NotFound("that change is no longer recorded (it was already undone)")
        events = queries.get_events(session, event.application_id)
        others = [other for other in events if other.id != event.id]
        if not force and not any(other.kind == "stage" for other in others):
            application = queries.get_application(session, event.application_id)
            assert application is not None
            notes = len(others)
            what = "" if not notes else " and its note" if notes == 1 else f" and its {notes} notes"
            raise NeedsForce(
                ForceReason.REMOVES_APPLICATION,
                f"undoing this removes {describe(application)}{what}",
            )
        return _remove_event(session, event, now)


def remove_batch(store: Store, batch: int) -> Undone:
    """Take back every event of one batch in one transaction (the UI's undo of an acceptance
    that closed the other applications); the newest event comes first, the rest in others."""
    now = clock.now()
    with store.write() as session:
        events = queries.batch_events(session, batch)
        if not events:
            raise NotFound("that change is no longer recorded (it was already undone)")
        undone = [_remove_event(session, item, now) for item in sorted(events, key=_newest_first)]
    return replace(undone[0], others=tuple(undone[1:]))


def edit_application(
    store: Store, ref: str | int, changes: dict[str, str | None], company: str | None = None
) -> Application:
    """Change descriptive fields (role, department, source, ...) and maybe the company."""
    unknown = set(changes) - queries.EDITABLE_FIELDS
    if unknown:
        raise UserError(f"cannot edit {', '.join(sorted(unknown))}")
    cleaned: dict[str, Any] = {name: _optional(value) for name, value in changes.items()}
    for name in ("cv", "letter"):
        if name in changes:
            cleaned[name] = clean_version(name, changes[name])
    if "role" in changes:
        cleaned["role"] = _required_name("role", changes["role"] or "")
    now = clock.now()
    with store.write() as session:
        application = _resolve(session, ref, open_only=False)
        if cleaned:
            queries.update_fields(session, application.id, cleaned, now)
        if company is not None:
            company_id = company_id_of(session, _required_name("company", company), now)
            if company_id != application.company_id:
                queries.set_company(session, application.id, company_id, now)
                queries.delete_company_if_unused(session, application.company_id)
        # The names are part of the search text.
        return queries.sync_derived(session, application.id, now)


def company_id_of(session: Any, name: str, now: datetime) -> int:
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
        application = _resolve(session, ref, open_only=False)
        return Detail(
            application,
            queries.get_events(session, application.id),
            interviews.interviews_of_application(session, application.id),
            contacts.links_of_application(session, application.id),
            reminders.open_reminders(session, application_id=application.id),
            offers.offers_of(session, application.id),
        )


# UI: lean reads for the terminal UI (all applications in memory, a first-screen preview).


def ui_summaries(store: Store, *, archived: bool = False) -> list[ApplicationSummary]:
    """Return every unarchived (or archived) application as a lean summary, for big views."""
    from pipeline_tui.store import ui_queries

    with store.read() as session:
        return ui_queries.summaries(session, archived=archived)


def ui_summary(store: Store, application_id: int) -> ApplicationSummary | None:
    """Return one unarchived application as a summary (None once archived or removed)."""
    from pipeline_tui.store import ui_queries

    with store.read() as session:
        return ui_queries.summary(session, application_id)


def ui_board_preview(store: Store, per_stage: int) -> BoardPreview:
    """Return counts per stage and the most recently active cards of each open stage."""
    from pipeline_tui.store import ui_queries

    with store.read() as session:
        return ui_queries.board_preview(session, per_stage)


def ui_watch_changes(store: Store) -> Watcher:
    """Return a watcher that notices commits made by other connections or processes."""
    from pipeline_tui.store.watch import watch_changes

    return watch_changes(store)


# Reports: funnel, weekly summary and demo data (maths in domain/funnel.py and domain/weekly.py).


def fill_demo(
    store: Store,
    size: int,
    seed: int,
    *,
    today: date,
    force: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> Loaded:
    """Add a synthetic search of size applications (refusing a non-empty database unless force)."""
    from pipeline_tui.domain.demo import generate
    from pipeline_tui.store import bulk

    if size < 1:
        raise UserError("the demo needs at least 1 application")
    with store.write() as session:
        existing = bulk.count_applications(session)
        if existing and not force:
            raise NeedsForce(
                ForceReason.NOT_EMPTY,
                f"{store.name} already holds {existing:,} application"
                f"{'s' if existing != 1 else ''}",
            )
        return bulk.load_applications(
            session, generate(size, seed, today), today=today, on_progress=on_progress
        )


def funnel(store: Store, spec: FunnelFilter, *, today: date, ghost_after_days: int) -> FunnelReport:
    """Return the funnel of the submitted applications spec selects, as of today."""
    from pipeline_tui.domain.funnel import summarize
    from pipeline_tui.store import reports

    cutoff = today - timedelta(days=ghost_after_days)
    with store.read() as session:
        counts = reports.funnel_counts(session, spec, ghost_cutoff=cutoff)
    return summarize(counts, filters=spec, today=today, ghost_after_days=ghost_after_days)


def funnel_by(
    store: Store,
    spec: FunnelFilter,
    by: GroupBy,
    *,
    today: date,
    ghost_after_days: int,
    min_group_size: int = 20,
) -> FunnelGroups:
    """Return one funnel per group (CV version, source, weekday ...), their total, and each
    group compared with the rest (groups under min_group_size get counts only)."""
    from pipeline_tui.domain.funnel import summarize_groups
    from pipeline_tui.store import reports

    cutoff = today - timedelta(days=ghost_after_days)
    with store.read() as session:
        grouped = reports.funnel_counts_by(session, spec, by, ghost_cutoff=cutoff)
    return summarize_groups(
        grouped,
        by,
        filters=spec,
        today=today,
        ghost_after_days=ghost_after_days,
        min_group_size=min_group_size,
    )


def weekly(
    store: Store,
    week_of: date,
    *,
    today: date,
    ghost_after_days: int,
    follow_up_days: int,
    campaign: str | None = None,
    follow_ups_shown: int = 10,
    weekly_target: int = 0,
) -> WeeklyReport:
    """Return the summary of the ISO week containing week_of, with follow-ups due as of today."""
    from pipeline_tui.domain.funnel import FunnelFilter, summarize
    from pipeline_tui.domain.weekly import (
        HISTORY_WEEKS,
        UPCOMING_DAYS,
        WeeklyReport,
        week_start,
    )
    from pipeline_tui.store import interviews, offers, reports

    monday = week_start(week_of)
    cutoff = today - timedelta(days=ghost_after_days)
    everything = FunnelFilter(campaign=campaign)
    cohort_filter = FunnelFilter(since=monday, until=monday + timedelta(days=6), campaign=campaign)
    with store.read() as session:
        history = reports.week_history(
            session,
            monday - timedelta(weeks=HISTORY_WEEKS - 1),
            HISTORY_WEEKS,
            campaign=campaign,
        )
        cohort = reports.funnel_counts(session, cohort_filter, ghost_cutoff=cutoff)
        overall = reports.funnel_counts(session, everything, ghost_cutoff=cutoff)
        due = reports.follow_ups(
            session,
            today=today,
            follow_up_days=follow_up_days,
            ghost_cutoff=cutoff,
            limit=follow_ups_shown,
            campaign=campaign,
        )
        upcoming = interviews.interviews_between(
            session,
            today,
            today + timedelta(days=UPCOMING_DAYS),
            open_only=True,
            campaign=campaign,
        )
        held = interviews.interviews_between(
            session, monday, monday + timedelta(days=6), open_only=False, campaign=campaign
        )
        deadlines = offers.pending_deadlines(
            session,
            today=today,
            last_day=today + timedelta(days=UPCOMING_DAYS),
            campaign=campaign,
        )
    return WeeklyReport(
        week_start=monday,
        today=today,
        campaign=campaign,
        history=tuple(history),
        cohort=summarize(
            cohort, filters=cohort_filter, today=today, ghost_after_days=ghost_after_days
        ),
        funnel=summarize(
            overall, filters=everything, today=today, ghost_after_days=ghost_after_days
        ),
        follow_ups=due,
        upcoming=tuple(upcoming),
        interviews=tuple(held),
        offer_deadlines=tuple(deadlines),
        weekly_target=weekly_target,
    )
