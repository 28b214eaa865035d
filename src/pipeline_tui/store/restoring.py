"""An event taken out with its offer revisions and interview details, and put back as it was
under a new id (ids are never reused): the UI's `z` on another terminal's event, then `U`."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.kept import KeptEvent
from pipeline_tui.domain.models import Event
from pipeline_tui.store.tables import contact_table as _contact
from pipeline_tui.store.tables import event_interviewer_table as _interviewer
from pipeline_tui.store.tables import event_table as _event
from pipeline_tui.store.tables import interview_table as _interview
from pipeline_tui.store.tables import offer_table as _offer


def _without(row: sa.Row[Any], *names: str) -> dict[str, Any]:
    return {key: value for key, value in row._mapping.items() if key not in names}


def keep(session: Session, event: Event) -> KeptEvent:
    """Read what put_back needs to record event again, before it is removed."""
    offers = session.execute(
        sa.select(_offer).where(_offer.c.event_id == event.id).order_by(_offer.c.id)
    ).all()
    interview = session.execute(
        sa.select(_interview).where(_interview.c.event_id == event.id)
    ).first()
    interviewers = session.execute(
        sa.select(_interviewer.c.contact_id)
        .where(_interviewer.c.event_id == event.id)
        .order_by(_interviewer.c.contact_id)
    ).scalars()
    return KeptEvent(
        event,
        tuple(_without(row, "id", "event_id") for row in offers),
        _without(interview, "event_id") if interview is not None else None,
        tuple(int(contact_id) for contact_id in interviewers),
    )


def put_back(session: Session, kept: KeptEvent) -> int:
    """Record the kept event again (a new id, the rest as it was) with its offer revisions and
    interview details; interviewers removed since are left out. Return the new event's id."""
    event = kept.event
    result = session.execute(
        sa.insert(_event).values(
            application_id=event.application_id,
            kind=event.kind,
            stage=event.stage.value,
            round=event.round,
            occurred_on=event.occurred_on,
            note=event.note,
            created_at=event.created_at,
            batch=event.batch,
            reason=event.reason,
            reason_text=event.reason_text,
            origin=event.origin,
        )
    )
    event_id = int(result.inserted_primary_key[0])  # type: ignore[attr-defined]
    for offer in kept.offers:
        session.execute(sa.insert(_offer).values(**offer, event_id=event_id))
    if kept.interview is not None:
        session.execute(sa.insert(_interview).values(**kept.interview, event_id=event_id))
    if kept.interviewers:
        present = session.execute(
            sa.select(_contact.c.id).where(_contact.c.id.in_(kept.interviewers))
        ).scalars()
        for contact_id in sorted(present):
            session.execute(
                sa.insert(_interviewer).values(event_id=event_id, contact_id=contact_id)
            )
    return event_id
