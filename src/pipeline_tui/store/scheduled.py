"""Interview rounds ahead: the funnel as of a day, for the few applications whose stored
columns count a round that has not come yet.

The funnel columns on each application (`reached`, `round`) are computed when it is written,
with every interview round counted (domain.funnel.progress without a day): a scheduled round
does not depend on today there. Reports are as of a day, so the applications with a round
dated after it (found through ix_event_stage_day, which holds kind, stage and day) are read
again here, with their events, and moved to what they reached by that day. They are few (the
rounds someone has ahead), so this costs two small statements next to the funnel's index scan.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.funnel import Tally, interview_rounds_reached, progress
from pipeline_tui.domain.models import Event
from pipeline_tui.domain.stages import CLOSED_STAGES, Stage
from pipeline_tui.store.queries import to_event
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import event_table as _event

Moves = dict[Any, tuple[list[tuple[Tally, Tally]], int]]


def rounds_ahead(today: date) -> sa.Select[Any]:
    """The ids of applications with an interview round dated after today."""
    return (
        sa.select(_event.c.application_id)
        .where(
            _event.c.kind == "stage",
            _event.c.stage == Stage.INTERVIEW.value,
            _event.c.occurred_on > today,
        )
        .distinct()
    )


def funnel_moves(
    session: Session,
    conditions: list[sa.ColumnElement[bool]],
    group: list[sa.ColumnElement[Any]],
    today: date,
) -> Moves:
    """Per group value: the tally each open application with a round ahead is counted in, and
    the one it belongs in as of today; and how many such applications there are."""
    rows = session.execute(
        sa.select(
            *group,
            _application.c.id,
            _application.c.reached,
            _application.c.round,
        ).where(
            _application.c.id.in_(rounds_ahead(today)),
            _application.c.stage.not_in([stage.value for stage in CLOSED_STAGES]),
            *conditions,
        )
    ).all()
    if not rows:
        return {}
    histories = _histories(session, [row.id for row in rows])
    moves: Moves = defaultdict(lambda: ([], 0))
    for row in rows:
        key = row[0] if group else None
        made = progress(histories[row.id], today=today)
        # Open and answered (a round ahead is an invitation): never ghosted by age.
        stored = Tally(row.reached, interview_rounds_reached(row.reached, row.round), "open", 1)
        now = Tally(
            int(made.reached), interview_rounds_reached(made.reached, made.round), "open", 1
        )
        changed, scheduled = moves[key]
        if stored != now:
            changed.append((stored, now))
        moves[key] = (changed, scheduled + int(made.scheduled))
    return dict(moves)


def _histories(session: Session, application_ids: list[int]) -> dict[int, list[Event]]:
    """Return the events of these applications, each in the order they were recorded."""
    found: dict[int, list[Event]] = defaultdict(list)
    rows = session.execute(
        sa.select(_event)
        .where(_event.c.application_id.in_(application_ids))
        .order_by(_event.c.application_id, _event.c.id)
    )
    for row in rows:
        found[row.application_id].append(to_event(row._mapping))
    return found
