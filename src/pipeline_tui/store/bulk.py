"""Bulk loading of generated applications with driver inserts (ORM objects cost ~7x more a row)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.demo import DemoApplication
from pipeline_tui.domain.models import Event, company_key
from pipeline_tui.store import dialect
from pipeline_tui.store.applications import derived_values
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import company_table as _company
from pipeline_tui.store.tables import event_table as _event

_CHUNK = 5_000
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Loaded:
    """How many rows a bulk load added."""

    applications: int
    events: int
    companies: int


def count_applications(session: Session) -> int:
    """Return how many applications the database holds, archived ones included."""
    return int(session.execute(sa.select(sa.func.count()).select_from(_application)).scalar_one())


def next_id(session: Session, table: sa.Table) -> int:
    """The id the table hands out next (never one it held before: dialect.next_id)."""
    return dialect.next_id(session.connection(), table)


def _recorded_at(day: date, today: date, sequence: int) -> datetime:
    """When a generated event was typed in: that morning (today for a scheduled interview)."""
    return datetime.combine(min(day, today), time(9), UTC) + timedelta(seconds=sequence)


def load_applications(
    session: Session,
    applications: Iterable[DemoApplication],
    *,
    today: date,
    on_progress: Progress | None = None,
) -> Loaded:
    """Insert applications and their events, with derived columns as sync_derived sets them.

    Event ids follow the dates the events happened on, so "the newest event" (undo) is the
    most recent one, as if the search had been typed in day by day.
    """
    company_ids: dict[str, int] = {
        row.name_key: row.id
        for row in session.execute(sa.select(_company.c.id, _company.c.name_key))
    }
    next_company = next_id(session, _company)
    next_application = first_application = next_id(session, _application)
    new_companies: list[dict[str, Any]] = []
    pending: list[tuple[date, int, int, dict[str, Any]]] = []
    rows: list[dict[str, Any]] = []
    for application in applications:
        key = company_key(application.company)
        company_id = company_ids.get(key)
        if company_id is None:
            company_id = company_ids[key] = next_company
            next_company += 1
            first_day = application.events[0].occurred_on
            new_companies.append(
                {
                    "id": company_id,
                    "name": application.company,
                    "name_key": key,
                    "created_at": _recorded_at(first_day, today, 0),
                }
            )
        application_id = next_application
        next_application += 1
        events = [
            Event(
                id=index,
                application_id=application_id,
                kind=item.kind,
                stage=item.stage,
                round=item.round,
                occurred_on=item.occurred_on,
                note=item.note,
                created_at=_recorded_at(item.occurred_on, today, index),
            )
            for index, item in enumerate(application.events)
        ]
        rows.append(
            {
                "id": application_id,
                "company_id": company_id,
                "role": application.role,
                "department": application.department,
                "location": application.location,
                "url": None,
                "source": application.source,
                "program": application.program,
                "campaign": application.campaign,
                "notes": application.notes,
                "cv": application.cv,
                "letter": application.letter,
                "created_at": events[0].created_at,
                "updated_at": events[-1].created_at,
                "archived": False,
                **derived_values(
                    application.company,
                    application.role,
                    application.department,
                    application.source,
                    application.campaign,
                    application.notes,
                    events,
                ),
            }
        )
        for event in events:
            pending.append(
                (
                    event.occurred_on,
                    application_id,
                    event.id,
                    {
                        "application_id": application_id,
                        "kind": event.kind,
                        "stage": event.stage.value,
                        "round": event.round,
                        "occurred_on": event.occurred_on,
                        "note": event.note,
                        "created_at": event.created_at,
                    },
                )
            )
        if len(rows) >= _CHUNK:
            _flush(session, new_companies, rows)
            if on_progress:
                on_progress(application_id - first_application + 1)
    _flush(session, new_companies, rows)
    pending.sort(key=lambda item: item[:3])
    next_event = next_id(session, _event)
    for start in range(0, len(pending), _CHUNK * 4):
        chunk = pending[start : start + _CHUNK * 4]
        insert_rows(
            session,
            _event,
            [{"id": next_event + start + offset, **item[3]} for offset, item in enumerate(chunk)],
        )
    dialect.analyze(session.connection())
    return Loaded(next_application - first_application, len(pending), next_company - 1)


def insert_rows(session: Session, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows in the session's transaction the fastest way the engine has (dialect.py)."""
    dialect.insert_rows(session.connection(), table, rows)


def _flush(session: Session, companies: list[dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    insert_rows(session, _company, companies)
    companies.clear()
    insert_rows(session, _application, rows)
    rows.clear()
