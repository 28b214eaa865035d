"""Interview rounds ahead: the funnel as of a day, for the few applications whose stored
columns count a round that has not come yet.

The funnel columns on each application (`reached`, `round`) are computed when it is written,
with every interview round counted (domain.funnel.progress without a day): a scheduled round
does not depend on today there. Reports are as of a day, so the open applications with a round
dated after it (found through ix_event_stage_day, which holds kind, stage and day) are read
again here, one row each with their highest round held and ahead, and moved to what they
reached by that day (domain.funnel.as_of). They are few (the rounds someone has ahead): one
statement next to the funnel's index scan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from pipeline_tui.domain.funnel import Tally, as_of, interview_rounds_reached
from pipeline_tui.domain.stages import CLOSED_STAGES, Stage
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import event_table as _event

Moves = dict[Any, tuple[list[tuple[Tally, Tally]], int]]

# The day reported on, bound when the statement runs.
TODAY = sa.bindparam("today", type_=sa.Date)


def rounds_ahead() -> sa.Select[Any]:
    """The ids of applications with an interview round dated after today (bound as TODAY)."""
    return (
        sa.select(_event.c.application_id)
        .where(
            _event.c.kind == "stage",
            _event.c.stage == Stage.INTERVIEW.value,
            _event.c.occurred_on > TODAY,
        )
        .distinct()
    )


def moves_statement(
    conditions: list[sa.ColumnElement[bool]], group: list[sa.ColumnElement[Any]]
) -> sa.Select[Any]:
    """One row per open application conditions select with a round after TODAY: its group
    value, stored level and round, and its highest round held and ahead (read_moves reads it)."""
    number = sa.func.coalesce(_event.c.round, 1)
    held = sa.func.max(sa.case((_event.c.occurred_on <= TODAY, number), else_=0))
    ahead = sa.func.max(sa.case((_event.c.occurred_on > TODAY, number), else_=0))
    return (
        sa.select(*group, _application.c.reached, _application.c.round, held, ahead)
        .join_from(
            _application,
            _event,
            # coalesce() keeps SQLite from reading every round through ix_event_stage_day:
            # the few applications come first, then their rounds (ix_event_application_stage).
            sa.and_(
                _event.c.application_id == _application.c.id,
                _event.c.stage == Stage.INTERVIEW.value,
                sa.func.coalesce(_event.c.kind, "") == "stage",
            ),
        )
        .where(
            _application.c.id.in_(rounds_ahead()),
            _application.c.stage.not_in([stage.value for stage in CLOSED_STAGES]),
            *conditions,
        )
        .group_by(_application.c.id, *group)
    )


def read_moves(rows: Iterable[Any], grouped: bool) -> Moves:
    """Per group value (None without a group): the tally each application moves_statement
    returned is counted in, and the one it belongs in as of today; and how many such
    applications there are."""
    moves: Moves = defaultdict(lambda: ([], 0))
    for row in rows:
        key = row[0] if grouped else None
        reached, round_, held_round, ahead_round = row[-4:]
        level, rounds, scheduled = as_of(reached, held_round, ahead_round)
        # Open and answered (a round ahead is an invitation): never ghosted by age.
        stored = Tally(reached, interview_rounds_reached(reached, round_), "open", 1)
        now = Tally(int(level), rounds, "open", 1)
        changed, count = moves[key]
        if stored != now:
            changed.append((stored, now))
        moves[key] = (changed, count + scheduled)
    return dict(moves)
