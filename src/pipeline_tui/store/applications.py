"""Queries and writes on the tables, returning domain objects, never live rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.funnel import progress
from pipeline_tui.domain.models import (
    EDITABLE_FIELDS,
    Application,
    ApplicationFilter,
    Event,
    EventKind,
    KnownContact,
    Sibling,
    derive,
    search_key,
)
from pipeline_tui.domain.stages import CLOSED_STAGES, Stage
from pipeline_tui.domain.text import fold, names_matching, search_words
from pipeline_tui.store.dialect import contains_text, day_of
from pipeline_tui.store.tables import ApplicationRow, CompanyRow
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import company_table as _company
from pipeline_tui.store.tables import contact_table as _contact
from pipeline_tui.store.tables import event_table as _event
from pipeline_tui.store.tables import offer_table as _offer

_APPLICATION_COLUMNS = (
    _application.c.id,
    _application.c.company_id,
    _company.c.name,
    _application.c.role,
    _application.c.department,
    _application.c.location,
    _application.c.url,
    _application.c.source,
    _application.c.program,
    _application.c.campaign,
    _application.c.applied_on,
    _application.c.stage,
    _application.c.round,
    _application.c.last_event_on,
    _application.c.notes,
    _application.c.archived,
    _application.c.created_at,
    _application.c.updated_at,
    _application.c.closes_on,
    _application.c.cv,
    _application.c.letter,
)


def _select_applications() -> sa.Select[Any]:
    return sa.select(*_APPLICATION_COLUMNS).join_from(
        _application, _company, _company.c.id == _application.c.company_id
    )


def _to_application(row: sa.Row[Any]) -> Application:
    values = row._mapping
    return Application(
        id=values["id"],
        company_id=values["company_id"],
        company=values["name"],
        role=values["role"],
        department=values["department"],
        location=values["location"],
        url=values["url"],
        source=values["source"],
        program=values["program"],
        campaign=values["campaign"],
        applied_on=values["applied_on"],
        stage=Stage(values["stage"]),
        round=values["round"],
        last_event_on=values["last_event_on"],
        notes=values["notes"],
        archived=bool(values["archived"]),
        created_at=values["created_at"],
        updated_at=values["updated_at"],
        closes_on=values["closes_on"],
        cv=values["cv"],
        letter=values["letter"],
    )


def to_event(values: Mapping[Any, Any]) -> Event:
    """Turn an event row's values (a row's mapping, or a checked dump's row) into an Event."""
    return Event(
        id=values["id"],
        application_id=values["application_id"],
        kind=values["kind"],
        stage=Stage(values["stage"]),
        round=values["round"],
        occurred_on=values["occurred_on"],
        note=values["note"],
        created_at=values["created_at"],
        batch=values["batch"],
        reason=values["reason"],
        reason_text=values["reason_text"],
        origin=values["origin"],
    )


def get_application(session: Session, application_id: int) -> Application | None:
    """Return the application with that id, or None."""
    row = session.execute(_select_applications().where(_application.c.id == application_id)).first()
    return _to_application(row) if row else None


def get_event(session: Session, event_id: int) -> Event | None:
    """Return the event with that id, or None."""
    row = session.execute(sa.select(_event).where(_event.c.id == event_id)).first()
    return to_event(row._mapping) if row else None


def get_events(session: Session, application_id: int) -> list[Event]:
    """Return the application's events in the order they were recorded."""
    rows = session.execute(
        sa.select(_event).where(_event.c.application_id == application_id).order_by(_event.c.id)
    )
    return [to_event(row._mapping) for row in rows]


def newest_event(session: Session, application_id: int | None = None) -> Event | None:
    """Return the most recently recorded event, of one application or of all."""
    query = sa.select(_event).order_by(_event.c.id.desc()).limit(1)
    if application_id is not None:
        query = query.where(_event.c.application_id == application_id)
    row = session.execute(query).first()
    return to_event(row._mapping) if row else None


def find_company_id(session: Session, key: str) -> int | None:
    """Return the id of the company with that name key, or None."""
    value = session.execute(sa.select(_company.c.id).where(_company.c.name_key == key)).scalar()
    return int(value) if value is not None else None


def add_company(session: Session, name: str, key: str, now: datetime) -> int:
    """Insert a company and return its id."""
    row = CompanyRow(name=name, name_key=key, created_at=now)
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def company_history(session: Session, company_id: int) -> tuple[list[Sibling], list[KnownContact]]:
    """Return the company's applications and the contacts who work there, in one statement.

    Both halves read an index on company_id; `add` uses the result for its duplicate check,
    the "applied here before" line and the "you know" line.
    """
    applications = sa.select(
        sa.literal(0).label("what"),
        _application.c.id,
        _application.c.role.label("name"),
        _application.c.department.label("extra"),
        _application.c.stage,
        _application.c.last_event_on,
        _application.c.archived,
    ).where(_application.c.company_id == company_id)
    contacts = sa.select(
        sa.literal(1),
        _contact.c.id,
        _contact.c.name,
        _contact.c.kind,
        sa.null(),
        sa.null(),
        sa.false(),
    ).where(_contact.c.company_id == company_id)
    siblings: list[Sibling] = []
    known: list[KnownContact] = []
    for row in session.execute(sa.union_all(applications, contacts)):
        if row[0] == 0:
            siblings.append(Sibling(row[1], row[2], row[3], Stage(row[4]), row[5], bool(row[6])))
        else:
            known.append(KnownContact(row[1], row[2], row[3]))
    return siblings, known


def insert_application(session: Session, values: dict[str, Any], now: datetime) -> int:
    """Insert an application row (derived columns are set by sync_derived) and return its id."""
    row = ApplicationRow(**values, stage=Stage.SAVED.value, created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def insert_event(
    session: Session,
    application_id: int,
    *,
    kind: EventKind,
    stage: Stage,
    round: int | None,
    occurred_on: date,
    note: str | None,
    now: datetime,
    batch: int | None = None,
    reason: str | None = None,
    reason_text: str | None = None,
    origin: str | None = None,
) -> Event:
    """Append an event and return it (batch: see next_batch; reason: why it closed; origin:
    None when recorded here, domain.models.IMPORTED when an import created it)."""
    result = session.execute(
        sa.insert(_event).values(
            application_id=application_id,
            kind=kind,
            stage=stage.value,
            round=round,
            occurred_on=occurred_on,
            note=note,
            created_at=now,
            batch=batch,
            reason=reason,
            reason_text=reason_text,
            origin=origin,
        )
    )
    return Event(
        id=int(result.inserted_primary_key[0]),  # type: ignore[attr-defined]
        application_id=application_id,
        kind=kind,
        stage=stage,
        round=round,
        occurred_on=occurred_on,
        note=note,
        created_at=now,
        batch=batch,
        reason=reason,
        reason_text=reason_text,
        origin=origin,
    )


def next_batch(session: Session) -> int:
    """Return a batch number no event ever had, for one command's events across applications:
    the id the next event gets (ids are never reused, so an undone batch's number is not
    either), or past the highest batch recorded."""
    from pipeline_tui.store.dialect import next_id

    highest = session.execute(sa.select(sa.func.max(_event.c.batch))).scalar()
    return max(int(highest or 0) + 1, next_id(session.connection(), _event))


def batch_events(session: Session, batch: int) -> list[Event]:
    """Return every event of one batch, in the order they were recorded."""
    rows = session.execute(sa.select(_event).where(_event.c.batch == batch).order_by(_event.c.id))
    return [to_event(row._mapping) for row in rows]


def delete_event(session: Session, event_id: int) -> None:
    """Remove one event (undo), and the offer revision it recorded, if any."""
    # The foreign key cascades too; saying it here keeps undo right on any connection.
    session.execute(sa.delete(_offer).where(_offer.c.event_id == event_id))
    session.execute(sa.delete(_event).where(_event.c.id == event_id))


def delete_application(session: Session, application_id: int) -> None:
    """Remove an application, its events and its offers (undo of its only event)."""
    session.execute(sa.delete(_offer).where(_offer.c.application_id == application_id))
    session.execute(sa.delete(_event).where(_event.c.application_id == application_id))
    session.execute(sa.delete(_application).where(_application.c.id == application_id))


def derived_values(
    company: str,
    role: str,
    department: str | None,
    source: str | None,
    campaign: str | None,
    notes: str | None,
    events: Sequence[Event],
    posting: str | None = None,
) -> dict[str, Any]:
    """Return the columns that mirror an application's events (and its search text, which
    holds the kept posting's text too).

    sync_derived writes them after every change; bulk loads and imports insert them with
    new rows, so every path computes them the same way.
    """
    derived, made = derive(events), progress(events)
    return {
        "stage": derived.stage.value,
        "round": derived.round,
        "applied_on": derived.applied_on,
        "last_event_on": derived.last_event_on,
        "reached": int(made.reached),
        "replied_on": made.replied_on,
        "close_reason": derived.reason,
        "search_key": search_key(
            company,
            role,
            department,
            source,
            campaign,
            notes,
            (
                *(text for event in events for text in (event.note, event.reason_text)),
                posting,
            ),
        ),
    }


def sync_derived(session: Session, application_id: int, now: datetime) -> Application:
    """Recompute the columns that mirror the events (and the search text), in the caller's
    transaction; call it after any write to an application, its events or its company."""
    events = get_events(session, application_id)
    # The kept posting goes into the search text too.
    row = session.execute(
        _select_applications()
        .add_columns(_application.c.posting)
        .where(_application.c.id == application_id)
    ).one()
    current = _to_application(row)
    values = derived_values(
        current.company,
        current.role,
        current.department,
        current.source,
        current.campaign,
        current.notes,
        events,
        row.posting,
    )
    session.execute(
        sa.update(_application)
        .where(_application.c.id == application_id)
        .values(**values, updated_at=now)
    )
    return replace(
        current,
        stage=Stage(values["stage"]),
        round=values["round"],
        applied_on=values["applied_on"],
        last_event_on=values["last_event_on"],
        updated_at=now,
    )


def update_fields(
    session: Session, application_id: int, changes: dict[str, Any], now: datetime
) -> None:
    """Change editable fields (and archived) of one application."""
    unknown = set(changes) - EDITABLE_FIELDS - {"archived"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    session.execute(
        sa.update(_application)
        .where(_application.c.id == application_id)
        .values(**changes, updated_at=now)
    )


def set_company(session: Session, application_id: int, company_id: int, now: datetime) -> None:
    """Point an application at another company."""
    session.execute(
        sa.update(_application)
        .where(_application.c.id == application_id)
        .values(company_id=company_id, updated_at=now)
    )


def names_of(session: Session, column: sa.Column[Any], text: str) -> list[str]:
    """Return the names in column (campaign or source) text means (names_matching), sorted."""
    names = [value for (value,) in session.execute(sa.select(column).distinct()) if value]
    return sorted(names_matching(names, text))


def named(session: Session, column: sa.Column[Any], text: str) -> sa.ColumnElement[bool]:
    """Select rows whose column (campaign or source) is a name text means (names_matching)."""
    return column.in_(names_of(session, column, text))


# The campaigns a statement selects, bound when it runs: campaign.in_(CAMPAIGNS).
CAMPAIGNS = sa.bindparam("campaigns", expanding=True, type_=sa.String)


def campaigns_named(session: Session, text: str | None) -> list[str] | None:
    """Return the campaigns text means, or None (every campaign) without text."""
    return None if text is None else names_of(session, _application.c.campaign, text)


def list_applications(session: Session, spec: ApplicationFilter) -> list[Application]:
    """Return the applications the filter selects, oldest first."""
    query = _select_applications()
    if spec.stages:
        query = query.where(_application.c.stage.in_([stage.value for stage in spec.stages]))
    if spec.open_only:
        query = query.where(_application.c.stage.not_in([s.value for s in CLOSED_STAGES]))
    if spec.campaign is not None:
        query = query.where(named(session, _application.c.campaign, spec.campaign))
    if spec.source is not None:
        query = query.where(named(session, _application.c.source, spec.source))
    if spec.since is not None:
        query = query.where(_application.c.applied_on >= spec.since)
    if spec.until is not None:
        query = query.where(_application.c.applied_on <= spec.until)
    if spec.archived is not None:
        query = query.where(_application.c.archived.is_(spec.archived))
    # search_key is folded in Python (any script, any case); contains_text compares it
    # exactly, with no LIKE wildcards to escape.
    for word in search_words(spec.search or ""):
        query = query.where(contains_text(_application.c.search_key, word))
    query = query.order_by(
        sa.func.coalesce(_application.c.applied_on, day_of(_application.c.created_at)),
        _application.c.id,
    )
    return [_to_application(row) for row in session.execute(query)]


def match_text(
    session: Session, text: str, *, open_only: bool, archived: bool = False
) -> tuple[list[int], list[int]]:
    """Return ids of applications (archived or not, maybe only open ones) matching text.

    The result is (exact, partial). Exact: the company or role equals text. Partial: every
    word of text appears in the company, role or department.
    """
    # Matching runs in Python because SQLite's LIKE folds case for ASCII letters only.
    words = search_words(text)
    whole = " ".join(words)
    query = (
        sa.select(
            _application.c.id, _company.c.name, _application.c.role, _application.c.department
        )
        .join_from(_application, _company, _company.c.id == _application.c.company_id)
        .where(_application.c.archived.is_(archived))
        .order_by(_application.c.id)
    )
    if open_only:
        query = query.where(_application.c.stage.not_in([stage.value for stage in CLOSED_STAGES]))
    exact: list[int] = []
    partial: list[int] = []
    for row in session.execute(query):
        company, role = fold(row.name), fold(row.role)
        if whole in (" ".join(company.split()), " ".join(role.split())):
            exact.append(row.id)
        haystack = f"{company}\n{role}\n{fold(row.department or '')}"
        if all(word in haystack for word in words):
            partial.append(row.id)
    return exact, partial


def get_applications(session: Session, ids: Sequence[int]) -> list[Application]:
    """Return the applications with these ids, in id order."""
    rows = session.execute(
        _select_applications().where(_application.c.id.in_(list(ids))).order_by(_application.c.id)
    )
    return [_to_application(row) for row in rows]


def delete_company_if_unused(session: Session, company_id: int) -> None:
    """Remove a company no application or contact points at and that holds nothing of its own."""
    in_use = session.execute(
        sa.union_all(
            sa.select(_application.c.id).where(_application.c.company_id == company_id),
            sa.select(_contact.c.id).where(_contact.c.company_id == company_id),
        ).limit(1)
    ).first()
    if in_use is None:
        session.execute(
            sa.delete(_company)
            .where(_company.c.id == company_id)
            .where(_company.c.website.is_(None))
            .where(_company.c.notes.is_(None))
        )


# Applications that `ghost` may mark: an answer is owed by the employer, not by you.
GHOSTABLE: tuple[Stage, ...] = (Stage.SUBMITTED, Stage.SCREENING, Stage.INTERVIEW)


def silent_applications(session: Session, cutoff: date) -> list[Application]:
    """Return unarchived applications at submitted, screening or interview whose newest event
    (a note included) is dated on or before cutoff, longest silence first."""
    query = (
        _select_applications()
        .where(_application.c.stage.in_([stage.value for stage in GHOSTABLE]))
        .where(_application.c.archived.is_(False))
        .where(_application.c.last_event_on <= cutoff)
        .order_by(_application.c.last_event_on, _application.c.id)
    )
    return [_to_application(row) for row in session.execute(query)]
