"""Imports and exports: existing applications by key, bulk inserts of imported ones, full reads.

Imported applications go in through the bulk path `pipeline demo` uses (bulk.insert_rows: one
executemany per chunk), with the derived columns `queries.sync_derived` would set
(`queries.derived_values`); events added to an application that already exists go through
`queries.insert_event` and `sync_derived` like any other write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.funnel import Level
from pipeline_tui.domain.importing import (
    IncomingApplication,
    IncomingEvent,
    Key,
    application_key,
)
from pipeline_tui.domain.models import Application, ApplicationFilter, Event, company_key
from pipeline_tui.domain.stages import Stage
from pipeline_tui.store import applications as queries
from pipeline_tui.store.bulk import insert_rows, next_id
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import company_table as _company
from pipeline_tui.store.tables import event_table as _event

_CHUNK = 5_000


@dataclass(frozen=True, slots=True)
class Existing:
    """An application already in the database, as import matching sees it."""

    id: int
    stage: Stage
    round: int | None
    had_offer: bool


def existing_by_key(session: Session) -> dict[Key, list[Existing]]:
    """Return every application by (company, role, applied date) key, oldest id first."""
    rows = session.execute(
        sa.select(
            _application.c.id,
            _company.c.name,
            _application.c.role,
            _application.c.department,
            _application.c.applied_on,
            _application.c.stage,
            _application.c.round,
            _application.c.reached,
        )
        .join_from(_application, _company, _company.c.id == _application.c.company_id)
        .order_by(_application.c.id)
    )
    found: dict[Key, list[Existing]] = {}
    for row in rows:
        key = application_key(row.name, row.role, row.department, row.applied_on)
        found.setdefault(key, []).append(
            Existing(row.id, Stage(row.stage), row.round, row.reached >= Level.OFFER)
        )
    return found


def companies_by_key(session: Session) -> dict[str, tuple[int, str]]:
    """Return every company's (id, stored name) by its name key."""
    return {
        row.name_key: (row.id, row.name)
        for row in session.execute(sa.select(_company.c.id, _company.c.name, _company.c.name_key))
    }


def load_applications(
    session: Session,
    applications: Sequence[IncomingApplication],
    *,
    origin: str | None,
    batch: int,
    now: datetime,
    on_progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Insert new applications with their events (one batch); return their ids in order."""
    companies = companies_by_key(session)
    next_company = next_id(session, _company)
    next_application = next_id(session, _application)
    next_event = next_id(session, _event)
    new_companies: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    ids: list[int] = []
    for done, application in enumerate(applications, 1):
        key = company_key(application.company)
        if key not in companies:
            companies[key] = (next_company, application.company)
            new_companies.append(
                {"id": next_company, "name": application.company, "name_key": key,
                 "created_at": now}
            )  # fmt: skip
            next_company += 1
        company_id, company_name = companies[key]
        application_id = next_application
        next_application += 1
        ids.append(application_id)
        events = [
            _event_of(item, next_event + index, application_id, now, batch, origin)
            for index, item in enumerate(application.events)
        ]
        next_event += len(events)
        rows.append(
            _application_row(application, application_id, company_id, company_name, events, now)
        )
        event_rows.extend(_event_values(event) for event in events)
        if len(rows) >= _CHUNK:
            _flush(session, new_companies, rows, event_rows)
            if on_progress:
                on_progress(done)
    _flush(session, new_companies, rows, event_rows)
    if on_progress:
        on_progress(len(applications))
    return ids


def _event_of(
    item: IncomingEvent,
    event_id: int,
    application_id: int,
    now: datetime,
    batch: int | None,
    origin: str | None,
) -> Event:
    return Event(
        id=event_id,
        application_id=application_id,
        kind=item.kind,
        stage=item.stage,
        round=item.round,
        occurred_on=item.occurred_on,
        note=item.note,
        created_at=now,
        batch=batch,
        reason=item.reason,
        reason_text=item.reason_text,
        origin=origin,
    )


def _event_values(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "application_id": event.application_id,
        "kind": event.kind,
        "stage": event.stage.value,
        "round": event.round,
        "occurred_on": event.occurred_on,
        "note": event.note,
        "created_at": event.created_at,
        "batch": event.batch,
        "reason": event.reason,
        "reason_text": event.reason_text,
        "origin": event.origin,
    }


def _application_row(
    application: IncomingApplication,
    application_id: int,
    company_id: int,
    company_name: str,
    events: list[Event],
    now: datetime,
) -> dict[str, Any]:
    return {
        "id": application_id,
        "company_id": company_id,
        "role": application.role,
        "department": application.department,
        "location": application.location,
        "url": application.url,
        "source": application.source,
        "program": application.program,
        "campaign": application.campaign,
        "notes": application.notes,
        "created_at": now,
        "updated_at": now,
        "archived": application.archived,
        "closes_on": application.closes_on,
        "cv": application.cv,
        "letter": application.letter,
        **queries.derived_values(
            company_name,
            application.role,
            application.department,
            application.source,
            application.campaign,
            application.notes,
            events,
        ),
    }


def _flush(
    session: Session,
    companies: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    events: list[dict[str, Any]],
) -> None:
    insert_rows(session, _company, companies)
    insert_rows(session, _application, rows)
    insert_rows(session, _event, events)
    companies.clear()
    rows.clear()
    events.clear()


def append_events(
    session: Session,
    application_id: int,
    events: Sequence[IncomingEvent],
    *,
    origin: str | None,
    batch: int,
    now: datetime,
) -> None:
    """Add events to an application that exists, and recompute what they change."""
    for item in events:
        queries.insert_event(
            session,
            application_id,
            kind=item.kind,
            stage=item.stage,
            round=item.round,
            occurred_on=item.occurred_on,
            note=item.note,
            now=now,
            batch=batch,
            reason=item.reason,
            reason_text=item.reason_text,
            origin=origin,
        )
    queries.sync_derived(session, application_id, now)


def all_applications(session: Session) -> list[Application]:
    """Return every application, archived ones included, by id."""
    found = queries.list_applications(session, ApplicationFilter(archived=None))
    return sorted(found, key=lambda application: application.id)


def events_by_application(session: Session) -> Iterator[tuple[int, list[Event]]]:
    """Yield (application id, its events in recorded order) for every application, by id."""
    rows = session.execute(sa.select(_event).order_by(_event.c.application_id, _event.c.id))
    current: int | None = None
    events: list[Event] = []
    for row in rows:
        event = queries.to_event(row._mapping)
        if event.application_id != current:
            if current is not None:
                yield current, events
            current, events = event.application_id, []
        events.append(event)
    if current is not None:
        yield current, events
