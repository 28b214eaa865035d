"""What taking back one batch of events would remove whole: the applications every stage event
of which is in the batch (an import's new applications)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.store.tables import event_table as _event


def applications_only_in(session: Session, batch: int) -> list[int]:
    """Return the ids of the applications the batch touches whose stage events are all in it
    (undoing the batch removes them), lowest first."""
    touched = sa.select(_event.c.application_id).where(_event.c.batch == batch).distinct()
    kept = sa.select(_event.c.application_id).where(
        _event.c.kind == "stage",
        _event.c.application_id.in_(touched),
        sa.or_(_event.c.batch.is_(None), _event.c.batch != batch),
    )
    rows = session.execute(
        touched.where(_event.c.application_id.not_in(kept)).order_by(_event.c.application_id)
    )
    return [int(row[0]) for row in rows]
