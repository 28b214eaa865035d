"""The posting text kept with an application."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.store.tables import application_table as _application


def posting_text(session: Session, application_id: int) -> str | None:
    """Return the posting text kept with an application, or None."""
    value = session.execute(
        sa.select(_application.c.posting).where(_application.c.id == application_id)
    ).scalar()
    return str(value) if value is not None else None
