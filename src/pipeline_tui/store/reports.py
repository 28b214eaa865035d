"""Report queries: SQL aggregates over derived columns and covering indexes, no row per event.

The funnel reads only columns held in ix_application_funnel, so SQLite answers it from that
index; weekly activity reads the few answer and interview events through ix_event_stage_day.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.funnel import (
    FunnelCounts,
    FunnelFilter,
    GroupBy,
    Level,
    Outcome,
    ReasonTally,
    Tally,
    interview_rounds_reached,
)
from pipeline_tui.domain.stages import CLOSED_STAGES, OPEN_STAGES, Stage
from pipeline_tui.domain.weekly import (
    ACTIVITY_OF_STAGE,
    Activity,
    FollowUp,
    FollowUps,
    WeekActivity,
    iso_week,
)
from pipeline_tui.store.applications import named
from pipeline_tui.store.dialect import days_between, week_monday
from pipeline_tui.store.reminders import covered_applications, last_interactions
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import company_table as _company
from pipeline_tui.store.tables import event_table as _event

_OPEN = frozenset(stage.value for stage in OPEN_STAGES)
_APPLIED_WEEK = week_monday(_application.c.applied_on)


def _conditions(session: Session, spec: FunnelFilter) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = [_application.c.applied_on.is_not(None)]
    if spec.since is not None:
        conditions.append(_application.c.applied_on >= spec.since)
    if spec.until is not None:
        conditions.append(_application.c.applied_on <= spec.until)
    if spec.campaign is not None:
        conditions.append(named(session, _application.c.campaign, spec.campaign))
    if spec.source is not None:
        conditions.append(named(session, _application.c.source, spec.source))
    return conditions


def _group_columns(by: GroupBy | None) -> list[sa.ColumnElement[Any]]:
    """The extra GROUP BY column for by; none at all without by (a constant would make
    SQLite sort every row instead of streaming through the index in order)."""
    if by == "source":
        return [_application.c.source.label("group_key")]
    if by == "campaign":
        return [_application.c.campaign.label("group_key")]
    if by == "week":
        return [_APPLIED_WEEK.label("group_key")]
    return []


def _counts(
    session: Session, spec: FunnelFilter, ghost_cutoff: date, by: GroupBy | None
) -> dict[Any, FunnelCounts]:
    """Return the funnel counts of the submitted applications spec selects, per group value.

    Applications without a reply (the large majority) are counted in one pass grouped by
    (reached, stage), the index's own order, so no sort is needed; only their age matters.
    The few with a reply are grouped by level, round and stage, and separately by days to
    reply (one grouping by all four would hand Python hundreds of rows at 100,000).
    """
    conditions = _conditions(session, spec)
    group = _group_columns(by)
    no_reply = [_application.c.reached < int(Level.REPLIED)]
    replied = [_application.c.reached >= int(Level.REPLIED)]
    if spec.since is not None or spec.until is not None:
        # Spelling out every (reached, stage) pair lets SQLite seek straight to the dates
        # within each pair in ix_application_funnel instead of reading every row of the range.
        every_stage = _application.c.stage.in_([stage.value for stage in Stage])
        levels = [int(level) for level in Level]
        no_reply = [_application.c.reached.in_(levels[: Level.REPLIED]), every_stage]
        replied = [_application.c.reached.in_(levels[Level.REPLIED :]), every_stage]
    tallies: dict[Any, list[Tally]] = defaultdict(list)
    unanswered = (
        sa.select(
            *group,
            _application.c.reached,
            _application.c.stage,
            sa.func.count(),
            sa.func.sum(sa.cast(_application.c.applied_on <= ghost_cutoff, sa.Integer)),
        )
        .where(*no_reply, *conditions)
        .group_by(*group, _application.c.reached, _application.c.stage)
    )
    for row in session.execute(unanswered):
        key = row[0] if group else None
        reached, stage, count, old = row[-4:]
        if stage in _OPEN:
            tallies[key].append(Tally(reached, 0, "ghosted", int(old)))
            tallies[key].append(Tally(reached, 0, "open", count - int(old)))
        else:
            tallies[key].append(Tally(reached, 0, stage, count))
    answered = (
        sa.select(
            *group,
            _application.c.reached,
            _application.c.round,
            _application.c.stage,
            sa.func.count(),
        )
        .where(*replied, *conditions)
        .group_by(*group, _application.c.reached, _application.c.round, _application.c.stage)
    )
    for row in session.execute(answered):
        key = row[0] if group else None
        reached, round_, stage, count = row[-4:]
        outcome: Outcome = "open" if stage in _OPEN else stage
        tallies[key].append(
            Tally(reached, interview_rounds_reached(reached, round_), outcome, count)
        )
    days = days_between(_application.c.replied_on, _application.c.applied_on).label("reply_days")
    timing = (
        sa.select(*group, days, sa.func.count()).where(*replied, *conditions).group_by(*group, days)
    )
    reply_days: dict[Any, list[tuple[int, int]]] = defaultdict(list)
    for row in session.execute(timing):
        key = row[0] if group else None
        reply_days[key].append((row[-2], row[-1]))
    # Few applications carry a reason. Their ids come from ix_application_close_reason in a
    # subquery; a plain condition on close_reason lets SQLite prefer the stage or date
    # indexes and read every rejection or every row of the range instead (~100 ms at 100,000).
    with_reason = _application.alias("with_reason")
    reason_ids = sa.select(with_reason.c.id).where(with_reason.c.close_reason.is_not(None))
    why = (
        sa.select(
            *group,
            _application.c.reached,
            _application.c.round,
            _application.c.stage,
            _application.c.close_reason,
            sa.func.count(),
        )
        .where(_application.c.id.in_(reason_ids), *conditions)
        .group_by(
            *group,
            _application.c.reached,
            _application.c.round,
            _application.c.stage,
            _application.c.close_reason,
        )
    )
    reasons: dict[Any, list[ReasonTally]] = defaultdict(list)
    for row in session.execute(why):
        key = row[0] if group else None
        reached, round_, stage, reason, count = row[-5:]
        rounds = interview_rounds_reached(reached, round_)
        reasons[key].append(ReasonTally(reached, rounds, stage, reason, count))
    return {
        key: FunnelCounts(tuple(tallies[key]), tuple(reply_days[key]), tuple(reasons[key]))
        for key in tallies.keys() | reply_days.keys()
    }


def funnel_counts(session: Session, spec: FunnelFilter, *, ghost_cutoff: date) -> FunnelCounts:
    """Return the funnel counts of the submitted applications spec selects.

    ghost_cutoff: an open application submitted on or before it, without a reply, is ghosted.
    """
    return _counts(session, spec, ghost_cutoff, None).get(None, FunnelCounts())


def funnel_counts_by(
    session: Session, spec: FunnelFilter, by: GroupBy, *, ghost_cutoff: date
) -> dict[str | None, FunnelCounts]:
    """Return funnel counts per source, campaign (case-insensitively) or ISO week of submission.

    Keys are the spelling most applications use (None: no source or campaign given); for
    weeks, the ISO week ("2024-W38").
    """
    groups = _counts(session, spec, ghost_cutoff, by)
    if by == "week":
        return {iso_week(key): counts for key, counts in groups.items() if key}
    merged: dict[str | None, list[FunnelCounts]] = defaultdict(list)
    spelling: dict[str | None, str | None] = {}
    sizes: dict[str | None, int] = defaultdict(int)
    for key, counts in groups.items():
        folded = key.casefold() if key else None
        merged[folded].append(counts)
        size = sum(tally.count for tally in counts.tallies)
        if folded not in spelling or size > sizes[folded]:
            spelling[folded], sizes[folded] = key, size
    return {spelling[folded]: FunnelCounts.combine(parts) for folded, parts in merged.items()}


def week_history(
    session: Session, first_monday: date, weeks: int, *, campaign: str | None
) -> list[WeekActivity]:
    """Return the activity of each ISO week from first_monday on, oldest first."""
    last_day = first_monday + timedelta(days=7 * weeks - 1)
    counts: list[defaultdict[str, int]] = [defaultdict(int) for _ in range(weeks)]

    def add(day: date, kind: str, count: int) -> None:
        counts[(day - first_monday).days // 7][kind] += count

    # Grouping by the day itself follows the index order; weeks are summed here.
    for kind, column in (
        ("submitted", _application.c.applied_on),
        ("replies", _application.c.replied_on),
    ):
        query = (
            sa.select(column, sa.func.count())
            .where(column.between(first_monday, last_day))
            .group_by(column)
        )
        if campaign is not None:
            query = query.where(named(session, _application.c.campaign, campaign))
        for day, count in session.execute(query):
            add(day, kind, count)
    # ix_event_stage_day holds (kind, stage, day): only answers and interviews are read, in order.
    events = (
        sa.select(_event.c.occurred_on, _event.c.stage, sa.func.count())
        .where(
            _event.c.kind == "stage",
            _event.c.stage.in_([stage.value for stage in ACTIVITY_OF_STAGE]),
            _event.c.occurred_on.between(first_monday, last_day),
        )
        .group_by(_event.c.stage, _event.c.occurred_on)
    )
    if campaign is not None:
        events = events.join_from(
            _event, _application, _application.c.id == _event.c.application_id
        ).where(named(session, _application.c.campaign, campaign))
    for day, stage, count in session.execute(events):
        add(day, ACTIVITY_OF_STAGE[Stage(stage)], count)
    return [
        WeekActivity(first_monday + timedelta(days=7 * position), Activity.from_counts(week))
        for position, week in enumerate(counts)
    ]


def follow_ups(
    session: Session,
    *,
    today: date,
    follow_up_days: int,
    ghost_cutoff: date,
    limit: int | None,
    campaign: str | None,
) -> FollowUps:
    """Return open, unarchived applications silent for follow_up_days, oldest silence first.

    Applications already counted as ghosted (no reply since ghost_cutoff) are left out, and so
    are those an open reminder or a recent interaction about them covers.
    """
    due_before = today - timedelta(days=follow_up_days)
    common = [
        _application.c.archived.is_(False),
        _application.c.last_event_on <= due_before,
    ]
    # Reminders and interactions are few: their applications are excluded by id, which keeps
    # both halves below on ix_application_funnel.
    covered = covered_applications(session, due_before)
    if covered:
        common.append(_application.c.id.not_in(sorted(covered)))
    if campaign is not None:
        common.append(named(session, _application.c.campaign, campaign))
    waiting = [stage.value for stage in OPEN_STAGES if stage is not Stage.SAVED]
    # Two halves, each a range of ix_application_funnel: answered applications, and
    # unanswered ones younger than the ghosting age. The NOT IN in the first half is
    # deliberate: an IN there makes SQLite pick ix_application_stage and read ~90% of rows.
    answered = sa.select(_application.c.id, _application.c.last_event_on).where(
        _application.c.reached >= int(Level.REPLIED),
        _application.c.stage.not_in([*CLOSED_STAGES, Stage.SAVED]),
        *common,
    )
    recent = sa.select(_application.c.id, _application.c.last_event_on).where(
        _application.c.reached.in_([int(Level.SAVED), int(Level.SUBMITTED)]),
        _application.c.stage.in_(waiting),
        _application.c.applied_on > ghost_cutoff,
        *common,
    )
    due = sa.union_all(answered, recent).cte("due")
    # Counting and picking the oldest are two statements: a count(*) OVER () window next to
    # the LIMIT would make SQLite sort every due application first (~3x slower here).
    total = session.execute(sa.select(sa.func.count()).select_from(due)).scalar_one()
    oldest = (
        sa.select(due.c.id, due.c.last_event_on)
        .order_by(due.c.last_event_on, due.c.id)
        .limit(limit)
        .subquery("oldest")
    )
    rows = session.execute(
        sa.select(
            _application.c.id,
            _company.c.name,
            _application.c.role,
            _application.c.department,
            _application.c.stage,
            _application.c.round,
            _application.c.last_event_on,
        )
        .join_from(oldest, _application, _application.c.id == oldest.c.id)
        .join(_company, _company.c.id == _application.c.company_id)
        .order_by(oldest.c.last_event_on, oldest.c.id)
    ).all()
    # An interaction about an application older than the window still ends the silence early.
    heard = last_interactions(session, [row.id for row in rows])
    items = []
    for row in rows:
        last = max(row.last_event_on, heard.get(row.id, row.last_event_on))
        items.append(
            FollowUp(
                application_id=row.id,
                company=row.name,
                role=row.role,
                department=row.department,
                stage=Stage(row.stage),
                round=row.round,
                last_event_on=last,
                days_silent=(today - last).days,
            )
        )
    return FollowUps(tuple(items), int(total), follow_up_days)
