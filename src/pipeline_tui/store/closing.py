"""What closing an application cancels: its interview rounds dated after the closing day, and
the reminders about it set before it closed.

Nothing is written when an application closes. Both are read from the closing event (the
application's newest stage event, while its stage is a closing one), so undoing the close (or
reopening) brings them back exactly as they were, and a reminder set after the close ("ask for
feedback") stays open. `due` never lists a cancelled item; `show` and the calendar mark them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa

from pipeline_tui.domain.stages import CLOSED_STAGES
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import event_table as _event
from pipeline_tui.store.tables import reminder_table as _reminder

_CLOSED = [stage.value for stage in CLOSED_STAGES]


def _closing(application_id: sa.ColumnElement[Any], column: str) -> sa.ScalarSelect[Any]:
    """A column of the application's newest stage event (its closing event while it is closed).

    max(id) over ix_event_application_stage reads the application's few index entries. Two
    plans are much slower and SQLite picks them unless kept from it: ORDER BY id DESC LIMIT 1
    walks the whole event table backwards, and a plain `kind = 'stage'` reads every stage
    event through ix_event_stage_day (coalesce() makes that condition a filter instead).
    """
    stage_events = _event.alias("stage_events")
    newest = (
        sa.select(sa.func.max(stage_events.c.id))
        .where(
            stage_events.c.application_id == application_id,
            sa.func.coalesce(stage_events.c.kind, "") == "stage",
        )
        .correlate(_application)  # two levels down: automatic correlation stops at one
        .scalar_subquery()
    )
    closing = _event.alias("closing")
    return sa.select(closing.c[column]).where(closing.c.id == newest).scalar_subquery()


# Built once: aliasing the event table and coercing the expressions costs ~2 ms a query.
@cache
def cancelled_interview() -> sa.ColumnElement[bool]:
    """True for an interview round (a row of event) dated after its application closed; the
    query must join application on event.application_id."""
    # CASE, not AND: SQLite evaluates the subquery only for the closed applications.
    return sa.case(
        (
            _application.c.stage.in_(_CLOSED),
            _event.c.occurred_on > _closing(_application.c.id, "occurred_on"),
        ),
        else_=sa.false(),
    )


@cache
def cancelled_reminder() -> sa.ColumnElement[bool]:
    """True for a reminder about an application that closed after the reminder was set; the
    query must outer-join application on reminder.application_id (no application: False)."""
    return sa.case(
        (
            _application.c.stage.in_(_CLOSED),
            _reminder.c.created_at <= _closing(_application.c.id, "created_at"),
        ),
        else_=sa.false(),
    )
