"""Report queries: SQL aggregates over derived columns and covering indexes, no row per event.

The funnel reads only columns held in ix_application_funnel, so SQLite answers it from that
index; weekly activity reads the few answer and interview events through ix_event_stage_day.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.funnel import (
    NAMED_GROUP_BYS,
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
from pipeline_tui.store.dialect import days_between, month_start, week_monday, weekday_number
from pipeline_tui.store.reminders import covered_applications, last_interactions
from pipeline_tui.store.scheduled import funnel_moves
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import company_table as _company
from pipeline_tui.store.tables import event_table as _event

_T = TypeVar("_T")
_OPEN = frozenset(stage.value for stage in OPEN_STAGES)
_APPLIED_WEEK = week_monday(_application.c.applied_on)


def _conditions(session: Session, spec: FunnelFilter) -> list[sa.ColumnElement[bool]]:
    # Sent applications: those with an applied date, and those imported closed without one.
    conditions: list[sa.ColumnElement[bool]] = [_application.c.reached >= int(Level.SUBMITTED)]
    if spec.since is not None:
        conditions.append(_application.c.applied_on >= spec.since)
    if spec.until is not None:
        conditions.append(_application.c.applied_on <= spec.until)
    if spec.campaign is not None:
        conditions.append(named(session, _application.c.campaign, spec.campaign))
    if spec.source is not None:
        conditions.append(named(session, _application.c.source, spec.source))
    return conditions


# Sunday first, as SQLite's strftime('%w') and PostgreSQL's EXTRACT(DOW) number the days.
_DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def group_column(by: GroupBy) -> sa.ColumnElement[Any]:
    """The value applications are grouped by: a column, or the week, weekday or month of
    submission."""
    if by in NAMED_GROUP_BYS:
        return _application.c[by]
    if by == "week":
        return _APPLIED_WEEK
    if by == "month":
        return month_start(_application.c.applied_on)
    return weekday_number(_application.c.applied_on)


def _group_columns(by: GroupBy | None) -> list[sa.ColumnElement[Any]]:
    """The extra GROUP BY column for by; none at all without by (a constant would make
    SQLite sort every row instead of streaming through the index in order)."""
    return [] if by is None else [group_column(by).label("group_key")]


def group_keys(by: GroupBy, grouped: dict[Any, list[_T]], size: Any) -> dict[str | None, list[_T]]:
    """Return the parts of each group under its shown key: "2024-W38", "2024-09", "Monday",
    or a name, where names differing only in case are one group spelled as most of its
    applications spell it (size(part) says how many a part holds; on a tie, the spelling that
    sorts first)."""
    merged: dict[str | None, list[_T]] = defaultdict(list)
    if by == "week":
        for key, parts in grouped.items():
            merged[iso_week(key) if key else None] += parts
        return dict(merged)
    if by == "month":
        for key, parts in grouped.items():
            merged[f"{key:%Y-%m}" if key else None] += parts
        return dict(merged)
    if by == "weekday":
        for key, parts in grouped.items():
            merged[_DAY_NAMES[int(key)] if key is not None else None] += parts
        return dict(merged)
    spelling: dict[str | None, str | None] = {}
    sizes: dict[str | None, int] = defaultdict(int)
    for key, parts in grouped.items():
        folded = key.casefold() if key else None
        merged[folded] += parts
        amount = sum(size(part) for part in parts)
        # Ties go to the spelling that sorts first, so both engines name the group alike.
        best = spelling.get(folded)
        if (
            folded not in spelling
            or amount > sizes[folded]
            or (amount == sizes[folded] and key is not None and best is not None and key < best)
        ):
            spelling[folded], sizes[folded] = key, amount
    return {spelling[folded]: parts for folded, parts in merged.items()}


def _counts(
    session: Session, spec: FunnelFilter, ghost_cutoff: date, by: GroupBy | None, today: date
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
        sa.select(*group, days, sa.func.count())
        .where(*replied, *conditions, _application.c.applied_on.is_not(None))
        .group_by(*group, days)
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
    counts = {
        key: FunnelCounts(tuple(tallies[key]), tuple(reply_days[key]), tuple(reasons[key]))
        for key in tallies.keys() | reply_days.keys()
    }
    # Interview rounds ahead of today count from their day on (store/scheduled.py).
    for key, (moves, scheduled) in funnel_moves(session, conditions, group, today).items():
        counts[key] = counts[key].moved(moves, scheduled)
    return counts


def funnel_counts(
    session: Session, spec: FunnelFilter, *, ghost_cutoff: date, today: date
) -> FunnelCounts:
    """Return the funnel counts of the submitted applications spec selects, as of today.

    ghost_cutoff: an open application submitted on or before it, without a reply, is ghosted.
    """
    return _counts(session, spec, ghost_cutoff, None, today).get(None, FunnelCounts())


def funnel_counts_by(
    session: Session, spec: FunnelFilter, by: GroupBy, *, ghost_cutoff: date, today: date
) -> dict[str | None, FunnelCounts]:
    """Return funnel counts per group: CV or letter version, source, campaign or programme
    (names compared ignoring case), or the ISO week, month or weekday of submission.

    Keys are as group_keys shows them (None: no value given).
    """
    groups = _counts(session, spec, ghost_cutoff, by, today)
    merged = group_keys(
        by,
        {key: [counts] for key, counts in groups.items()},
        lambda counts: sum(tally.count for tally in counts.tallies),
    )
    return {key: FunnelCounts.combine(parts) for key, parts in merged.items()}


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


def reply_times(
    session: Session, spec: FunnelFilter, by: GroupBy | None, *, today: date
) -> dict[str | None, list[tuple[int, bool, int]]]:
    """Return, per group, (days, answered, how many) for the submitted applications spec selects.

    Answered: days from submission to the first answer. Not answered: days waited so far, to
    today while open, to the last event once closed (withdrawn, marked ghosted): censored.
    """
    answered = _application.c.reached >= int(Level.REPLIED)
    end = sa.case(
        (answered, _application.c.replied_on),
        (_application.c.stage.in_(sorted(_OPEN)), sa.literal(today, sa.Date)),
        else_=_application.c.last_event_on,
    )
    days = days_between(end, _application.c.applied_on).label("days")
    flag = sa.cast(answered, sa.Integer).label("answered")
    group = _group_columns(by)
    query = (
        sa.select(*group, days, flag, sa.func.count())
        .where(*_conditions(session, spec))
        .group_by(*group, days, flag)
    )
    rows: dict[Any, list[tuple[int, bool, int]]] = defaultdict(list)
    for row in session.execute(query):
        key = row[0] if group else None
        rows[key].append((int(row[-3]), bool(row[-2]), int(row[-1])))
    if by is None:
        return {None: rows.get(None, [])}
    return group_keys(by, rows, lambda item: item[2])


# Stage events that prove an interview (an offer implies round 1) or an offer was reached.
_REACHED_BY: dict[str, tuple[str, ...]] = {
    "interview": ("interview", "offer", "accepted", "declined"),
    "offer": ("offer", "accepted", "declined"),
}


def recent_progress(
    session: Session, since: date, until: date, *, campaign: str | None
) -> tuple[int, dict[str, int]]:
    """Return how many applications were submitted from since to until, and how many reached
    an interview and an offer for the first time in those days (by their earliest event)."""
    sent = submitted_between(session, since, until, campaign=campaign)
    reached: dict[str, int] = {}
    for level, stages in _REACHED_BY.items():
        first = (
            sa.select(_event.c.application_id, sa.func.min(_event.c.occurred_on).label("first_on"))
            .where(_event.c.kind == "stage", _event.c.stage.in_(stages))
            .group_by(_event.c.application_id)
            .subquery("first")
        )
        query = sa.select(sa.func.count()).where(first.c.first_on.between(since, until))
        if campaign is not None:
            query = query.join_from(
                first, _application, _application.c.id == first.c.application_id
            ).where(named(session, _application.c.campaign, campaign))
        else:
            query = query.select_from(first)
        reached[level] = int(session.execute(query).scalar_one())
    return sent, reached


def submitted_between(session: Session, since: date, until: date, *, campaign: str | None) -> int:
    """Return how many applications were first submitted from since to until."""
    query = (
        sa.select(sa.func.count())
        .select_from(_application)
        .where(_application.c.applied_on.between(since, until))
    )
    if campaign is not None:
        query = query.where(named(session, _application.c.campaign, campaign))
    return int(session.execute(query).scalar_one())


def versions_in_use(
    session: Session, column: GroupBy
) -> list[tuple[str | None, int, int, date | None, date | None]]:
    """Return each value of the cv or letter column (names differing only in case are one)
    with its applications, how many were submitted, and the first and last submission day."""
    value = _application.c[column]
    query = sa.select(
        value,
        sa.func.count(),
        sa.func.count(_application.c.applied_on),
        sa.func.min(_application.c.applied_on),
        sa.func.max(_application.c.applied_on),
    ).group_by(value)
    grouped: dict[Any, list[tuple[int, int, date | None, date | None]]] = defaultdict(list)
    for key, count, submitted, first, last in session.execute(query):
        grouped[key].append((int(count), int(submitted), first, last))
    merged = group_keys(column, grouped, lambda part: part[0])
    found = []
    for key, parts in merged.items():
        firsts = [part[2] for part in parts if part[2] is not None]
        lasts = [part[3] for part in parts if part[3] is not None]
        found.append(
            (
                key,
                sum(part[0] for part in parts),
                sum(part[1] for part in parts),
                min(firsts, default=None),
                max(lasts, default=None),
            )
        )
    return found
