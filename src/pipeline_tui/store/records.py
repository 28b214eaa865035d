"""Reads for the calendar and the work-search log."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.models import application_title
from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.worklog import WorklogEntry, result_so_far
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import company_table as _company
from pipeline_tui.store.tables import contact_link_table as _link
from pipeline_tui.store.tables import contact_table as _contact
from pipeline_tui.store.tables import event_table as _event
from pipeline_tui.store.tables import interaction_table as _interaction


def worklog_entries(session: Session, first_day: date, last_day: date) -> list[WorklogEntry]:
    """Return applications sent and contacts logged first_day..last_day (archived included)."""
    sent = session.execute(
        sa.select(
            _application.c.id,
            _company.c.name,
            _application.c.role,
            _application.c.department,
            _application.c.source,
            _application.c.url,
            _application.c.applied_on,
            _application.c.stage,
            _application.c.round,
            _application.c.last_event_on,
        )
        .join_from(_application, _company, _company.c.id == _application.c.company_id)
        .where(_application.c.applied_on.between(first_day, last_day))
        .order_by(_application.c.applied_on, _application.c.id)
    ).all()
    people: defaultdict[int, list[str]] = defaultdict(list)
    if sent:
        ids = sa.select(_application.c.id).where(
            _application.c.applied_on.between(first_day, last_day)
        )
        for application_id, name, role in session.execute(
            sa.select(_link.c.application_id, _contact.c.name, _link.c.role)
            .join_from(_link, _contact, _contact.c.id == _link.c.contact_id)
            .where(_link.c.application_id.in_(ids))
            .order_by(_link.c.id)
        ):
            people[application_id].append(f"{name} ({role})" if role else name)
    entries = [
        WorklogEntry(
            on=row.applied_on,
            kind="application",
            employer=row.name,
            position=row.role + (f" ({row.department})" if row.department else ""),
            how=", ".join(part for part in (row.source, row.url) if part) or "applied",
            contact=", ".join(people[row.id]),
            result=result_so_far(Stage(row.stage), row.round, row.last_event_on),
        )
        for row in sent
    ]
    contact_company = _company.alias("contact_company")
    logged = session.execute(
        sa.select(
            _interaction.c.occurred_on,
            _interaction.c.channel,
            _interaction.c.note,
            _contact.c.name.label("contact"),
            _contact.c.kind,
            contact_company.c.name.label("contact_company"),
            _company.c.name.label("company"),
            _application.c.role,
            _application.c.department,
        )
        .join_from(_interaction, _contact, _contact.c.id == _interaction.c.contact_id)
        .join(contact_company, contact_company.c.id == _contact.c.company_id, isouter=True)
        .join(_application, _application.c.id == _interaction.c.application_id, isouter=True)
        .join(_company, _company.c.id == _application.c.company_id, isouter=True)
        .where(_interaction.c.occurred_on.between(first_day, last_day))
        .order_by(_interaction.c.occurred_on, _interaction.c.id)
    )
    for row in logged:
        position = ""
        if row.role is not None:
            position = application_title("", row.role, row.department).removeprefix(" — ")
        entries.append(
            WorklogEntry(
                on=row.occurred_on,
                kind="contact",
                employer=row.company or row.contact_company or "",
                position=position,
                how=row.channel or "contact",
                contact=f"{row.contact} ({row.kind})",
                result=row.note or "",
            )
        )
    return entries


def recorded_at(session: Session, event_ids: Sequence[int]) -> dict[int, datetime]:
    """Return when each of these events was recorded."""
    found: dict[int, datetime] = {}
    ids = list(event_ids)
    for start in range(0, len(ids), 500):
        query = sa.select(_event.c.id, _event.c.created_at).where(
            _event.c.id.in_(ids[start : start + 500])
        )
        found.update({row.id: row.created_at for row in session.execute(query)})
    return found
