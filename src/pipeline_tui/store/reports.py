"""Report queries: SQL aggregates over derived columns and covering indexes, no row per event.

The funnel reads only columns held in ix_application_funnel, so SQLite answers it from that
index; weekly activity reads the few answer and interview events through ix_event_stage_day.
Each statement is built once per shape (functools.cache) with its values as bound parameters:
building and hashing a statement cost SQLAlchemy more than running most of these.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import cache
from typing import Any, NamedTuple, TypeVar

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
from pipeline_tui.domain.stages import OPEN_STAGES, Stage
from pipeline_tui.domain.weekly import (
    ACTIVITY_OF_STAGE,
    Activity,
    FollowUp,
    FollowUps,
    WeekActivity,
    iso_week,
)
from pipeline_tui.store.applications import CAMPAIGNS, names_of
from pipeline_tui.store.dialect import days_between, month_start, week_monday, weekday_number
from pipeline_tui.store.reminders import covered_query
from pipeline_tui.store.scheduled import TODAY, Moves, moves_statement, read_moves
from pipeline_tui.store.tables import GROUP_INDEX_COLUMNS
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import company_table as _company
from pipeline_tui.store.tables import event_table as _event
from pipeline_tui.store.tables import interaction_table as _interaction

_T = TypeVar("_T")
_OPEN = frozenset(stage.value for stage in OPEN_STAGES)
_OPEN_LIST = sorted(_OPEN)
_APPLIED_WEEK = week_monday(_application.c.applied_on)


class _Shape(NamedTuple):
    """Which filters a funnel statement has: each filter is one bound parameter, so one
    statement per shape is built once and run with the values (building and hashing a
    statement costs SQLAlchemy more than running most of these)."""

    since: bool = False
    until: bool = False
    campaign: bool = False
    source: bool = False

    @classmethod
    def of(cls, spec: FunnelFilter) -> _Shape:
        """The shape of the statements spec needs."""
        return cls(
            spec.since is not None,
            spec.until is not None,
            spec.campaign is not None,
            spec.source is not None,
        )

    @property
    def dated(self) -> bool:
        """Whether the statements read a range of submission dates."""
        return self.since or self.until


# Bound parameters of the report statements, given at run time (see _parameters()).
SINCE = sa.bindparam("since", type_=sa.Date)
UNTIL = sa.bindparam("until", type_=sa.Date)
SOURCES = sa.bindparam("sources", expanding=True, type_=sa.String)
GHOST_CUTOFF = sa.bindparam("ghost_cutoff", type_=sa.Date)


def _conditions(shape: _Shape) -> list[sa.ColumnElement[bool]]:
    # Sent applications: those with an applied date, and those imported closed without one.
    conditions: list[sa.ColumnElement[bool]] = [_application.c.reached >= int(Level.SUBMITTED)]
    if shape.since:
        conditions.append(_application.c.applied_on >= SINCE)
    if shape.until:
        conditions.append(_application.c.applied_on <= UNTIL)
    if shape.campaign:
        conditions.append(_application.c.campaign.in_(CAMPAIGNS))
    if shape.source:
        conditions.append(_application.c.source.in_(SOURCES))
    return conditions


def _parameters(
    session: Session,
    spec: FunnelFilter,
    *,
    campaigns: Sequence[str] | None = None,
    **values: Any,
) -> dict[str, Any]:
    """Return the bound values of spec's statements, with values added. Campaign and source
    are bound as the names they mean, read here (campaigns: the campaign's, read already)."""
    found = dict(values)
    if spec.since is not None:
        found["since"] = spec.since
    if spec.until is not None:
        found["until"] = spec.until
    if spec.campaign is not None:
        found["campaigns"] = (
            list(campaigns)
            if campaigns is not None
            else names_of(session, _application.c.campaign, spec.campaign)
        )
    if spec.source is not None:
        found["sources"] = names_of(session, _application.c.source, spec.source)
    return found


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


def _no_reply(conditions: list[sa.ColumnElement[bool]], dated: bool) -> list[Any]:
    """Conditions for the applications without a reply."""
    if dated:
        # Spelling out every (reached, stage) pair lets SQLite seek straight to the dates
        # within each pair in ix_application_funnel instead of reading every row of the range.
        levels = [int(level) for level in Level]
        return [_application.c.reached.in_(levels[: Level.REPLIED]), _EVERY_STAGE, *conditions]
    return [_application.c.reached < int(Level.REPLIED), *conditions]


def _replied(conditions: list[sa.ColumnElement[bool]], dated: bool) -> list[Any]:
    """Conditions for the applications with a reply."""
    if dated:
        levels = [int(level) for level in Level]
        return [_application.c.reached.in_(levels[Level.REPLIED :]), _EVERY_STAGE, *conditions]
    return [_application.c.reached >= int(Level.REPLIED), *conditions]


_EVERY_STAGE = _application.c.stage.in_([stage.value for stage in Stage])


class _FunnelStatements(NamedTuple):
    """The statements one funnel (or one funnel per group) is read with.

    Applications without a reply (the large majority) are counted grouped by (reached,
    stage), the index's own order, so no sort is needed; only their age matters (_unanswered).
    The few with a reply are grouped by level, round and stage, and separately by days to
    reply (one grouping by all four would hand Python hundreds of rows at 100,000); the few
    with a reason, and the few with a round ahead (store/scheduled.py), on their own.
    """

    unanswered: sa.Select[Any] | sa.CompoundSelect[Any]
    answered: sa.Select[Any]
    timing: sa.Select[Any]
    reasons: sa.Select[Any]
    moves: sa.Select[Any]


def _unanswered(
    conditions: list[sa.ColumnElement[bool]],
    group: list[sa.ColumnElement[Any]],
    dated: bool,
    group_index: bool,
) -> sa.Select[Any] | sa.CompoundSelect[Any]:
    """Count the applications without a reply per (reached, stage), and how many of the open
    ones were submitted after the ghosting cutoff or undated (the others are ghosted by age).

    Without a group, each (reached, stage) is counted in the index's own order with no
    expression to evaluate, and the young open ones are a seek each into the end of their
    range (a month of submissions): ~0.5x the raw aggregate at 100,000, where evaluating
    `applied_on <= cutoff` on every row took ~0.7x. A group outside the index (cv, letter,
    program) would make those seeks read the table, so grouped funnels count the young in the
    same pass.

    group_index: the group has its own index (ix_application_cv ...) holding every column the
    statement reads. The upper bound is then `reached + 0 < 2`, which no index can serve: given
    `reached >= 1 AND reached < 2`, SQLite guessed the two-sided range small, searched it in
    ix_application_funnel and read each row's cv from the table (~150 ms at 100,000), where
    the scan of ix_application_cv, in (cv, reached, stage) order already, takes ~9 ms, no sort.
    """
    counted = [_application.c.reached, _application.c.stage]
    everyone = _no_reply(conditions, dated)
    if group_index:
        everyone = [_application.c.reached + 0 < int(Level.REPLIED), *conditions]
    if group:
        recent = sa.func.count().filter(
            sa.or_(_application.c.applied_on > GHOST_CUTOFF, _application.c.applied_on.is_(None))
        )
        return (
            sa.select(*group, *counted, sa.func.count(), recent)
            .where(*everyone)
            .group_by(*group, *counted)
        )
    levels = [int(level) for level in Level][: Level.REPLIED]
    open_ones = [_application.c.reached.in_(levels), _application.c.stage.in_(_OPEN_LIST)]
    parts = [
        sa.select(sa.literal_column("0", sa.Integer), *counted, sa.func.count())
        .where(*everyone)
        .group_by(*counted)
    ]
    # Two seeks per open (reached, stage): after the cutoff, and without a date (NULL sorts
    # first in the index; `> cutoff OR IS NULL` in one condition would read the whole range).
    for young in (_application.c.applied_on > GHOST_CUTOFF, _application.c.applied_on.is_(None)):
        parts.append(
            sa.select(sa.literal_column("1", sa.Integer), *counted, sa.func.count())
            .where(*open_ones, *conditions, young)
            .group_by(*counted)
        )
    return sa.union_all(*parts)


def _funnel_statements(
    conditions: list[sa.ColumnElement[bool]],
    group: list[sa.ColumnElement[Any]],
    *,
    dated: bool,
    group_index: bool,
) -> _FunnelStatements:
    """Build the statements of the funnel of the applications conditions select, one funnel
    per value of group (group_index: see _unanswered)."""
    unanswered = _unanswered(conditions, group, dated, group_index)
    answered = (
        sa.select(
            *group,
            _application.c.reached,
            _application.c.round,
            _application.c.stage,
            sa.func.count(),
        )
        .where(*_replied(conditions, dated))
        .group_by(*group, _application.c.reached, _application.c.round, _application.c.stage)
    )
    days = days_between(_application.c.replied_on, _application.c.applied_on).label("reply_days")
    timing = (
        sa.select(*group, days, sa.func.count())
        .where(*_replied(conditions, dated), _application.c.applied_on.is_not(None))
        .group_by(*group, days)
    )
    # Few applications carry a reason. Their ids come from ix_application_close_reason in a
    # subquery; a plain condition on close_reason lets SQLite prefer the stage or date
    # indexes and read every rejection or every row of the range instead (~100 ms at 100,000).
    with_reason = _application.alias("with_reason")
    reason_ids = sa.select(with_reason.c.id).where(with_reason.c.close_reason.is_not(None))
    reasons = (
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
    moves = moves_statement(conditions, group)
    return _FunnelStatements(unanswered, answered, timing, reasons, moves)


@cache
def _statements_for(by: GroupBy | None, shape: _Shape) -> _FunnelStatements:
    # A group's own index (GROUP_INDEX_COLUMNS) covers the statements without filters only:
    # campaign and source are not in it (ix_application_funnel finds them without the table),
    # and dated shapes seek ix_application_funnel by date.
    group_index = by in GROUP_INDEX_COLUMNS and not any(shape)
    return _funnel_statements(
        _conditions(shape), _group_columns(by), dated=shape.dated, group_index=group_index
    )


class _Read:
    """What a funnel's statements return, per group value (None: no group)."""

    def __init__(self) -> None:
        self.tallies: dict[Any, list[Tally]] = defaultdict(list)
        self.reply_days: dict[Any, list[tuple[int, int]]] = defaultdict(list)
        self.reasons: dict[Any, list[ReasonTally]] = defaultdict(list)
        self.moves: Moves = {}

    def unanswered(self, rows: Iterable[Any], grouped: bool) -> None:
        """Read _unanswered's rows: (group, reached, stage, count, young) with a group, else
        (0, reached, stage, count) and (1, reached, stage, young) for the open ones."""
        counts: dict[tuple[Any, ...], int] = {}
        young: defaultdict[tuple[Any, ...], int] = defaultdict(int)
        for row in rows:
            if grouped:
                counts[tuple(row[:3])] = row[3]
                young[tuple(row[:3])] = row[4]
            elif row[0] == 0:
                counts[None, row[1], row[2]] = row[3]
            else:
                young[None, row[1], row[2]] += row[3]
        for (key, reached, stage), count in counts.items():
            if stage in _OPEN:
                recent = young[key, reached, stage]
                self.tallies[key].append(Tally(reached, 0, "ghosted", count - recent))
                self.tallies[key].append(Tally(reached, 0, "open", recent))
            else:
                self.tallies[key].append(Tally(reached, 0, stage, count))

    def answered(self, rows: Iterable[Any], grouped: bool) -> None:
        for row in rows:
            key = row[0] if grouped else None
            reached, round_, stage, count = row[-4:]
            outcome: Outcome = "open" if stage in _OPEN else stage
            rounds = interview_rounds_reached(reached, round_)
            self.tallies[key].append(Tally(reached, rounds, outcome, count))

    def timing(self, rows: Iterable[Any], grouped: bool) -> None:
        for row in rows:
            key = row[0] if grouped else None
            self.reply_days[key].append((row[-2], row[-1]))

    def why(self, rows: Iterable[Any], grouped: bool) -> None:
        for row in rows:
            key = row[0] if grouped else None
            reached, round_, stage, reason, count = row[-5:]
            rounds = interview_rounds_reached(reached, round_)
            self.reasons[key].append(ReasonTally(reached, rounds, stage, reason, count))

    def counts(self, key: Any) -> FunnelCounts:
        """The counts of one group value, moved to what they are as of the day reported on."""
        counts = FunnelCounts(
            tuple(self.tallies.get(key, ())),
            tuple(self.reply_days.get(key, ())),
            tuple(self.reasons.get(key, ())),
        )
        if key in self.moves:
            counts = counts.moved(*self.moves[key])
        return counts

    def groups(self) -> set[Any]:
        """The group values read."""
        return self.tallies.keys() | self.reply_days.keys()


def _counts(
    session: Session,
    spec: FunnelFilter,
    ghost_cutoff: date,
    by: GroupBy | None,
    today: date,
    campaigns: Sequence[str] | None = None,
) -> dict[Any, FunnelCounts]:
    """Return the funnel counts of the submitted applications spec selects, per group value."""
    statements = _statements_for(by, _Shape.of(spec))
    values = _parameters(session, spec, campaigns=campaigns, ghost_cutoff=ghost_cutoff, today=today)
    grouped = by is not None
    read = _Read()
    read.unanswered(session.execute(statements.unanswered, values), grouped)
    read.answered(session.execute(statements.answered, values), grouped)
    read.timing(session.execute(statements.timing, values), grouped)
    read.why(session.execute(statements.reasons, values), grouped)
    # Interview rounds ahead of today count from their day on (store/scheduled.py).
    read.moves = read_moves(session.execute(statements.moves, values), grouped)
    return {key: read.counts(key) for key in read.groups()}


def funnel_counts(
    session: Session,
    spec: FunnelFilter,
    *,
    ghost_cutoff: date,
    today: date,
    campaigns: Sequence[str] | None = None,
) -> FunnelCounts:
    """Return the funnel counts of the submitted applications spec selects, as of today.

    ghost_cutoff: an open application submitted on or before it, without a reply, is ghosted.
    campaigns: the names spec's campaign means, when the caller has read them already.
    """
    counts = _counts(session, spec, ghost_cutoff, None, today, campaigns)
    return counts.get(None, FunnelCounts())


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
    session: Session, first_monday: date, weeks: int, *, campaigns: Sequence[str] | None
) -> list[WeekActivity]:
    """Return the activity of each ISO week from first_monday on, oldest first (of the
    applications of these campaigns, unless None)."""
    last_day = first_monday + timedelta(days=7 * weeks - 1)
    counts: list[defaultdict[str, int]] = [defaultdict(int) for _ in range(weeks)]
    values: dict[str, Any] = {"first_day": first_monday, "last_day": last_day}
    if campaigns is not None:
        values["campaigns"] = list(campaigns)
    for kind, day, count in session.execute(_history_statement(campaigns is not None), values):
        counts[(day - first_monday).days // 7][_ACTIVITY_OF_KIND[kind]] += count
    return [
        WeekActivity(first_monday + timedelta(days=7 * position), Activity.from_counts(week))
        for position, week in enumerate(counts)
    ]


# Submissions and first replies are counted from the applications' own dates.
_APPLICATION_ACTIVITY = ("submitted", "replies")
# The activity each row of _history_statement adds to, by its kind.
_ACTIVITY_OF_KIND = {
    **{kind: kind for kind in _APPLICATION_ACTIVITY},
    **{stage.value: activity for stage, activity in ACTIVITY_OF_STAGE.items()},
}


@cache
def _history_statement(campaign: bool) -> sa.CompoundSelect[Any]:
    """Submissions, first replies, and answers and interviews, each counted by day (weeks are
    summed in Python: grouping by the day itself follows the index order), in one statement."""
    first_day = sa.bindparam("first_day", type_=sa.Date)
    last_day = sa.bindparam("last_day", type_=sa.Date)
    parts = []
    for kind, column in zip(
        _APPLICATION_ACTIVITY, (_application.c.applied_on, _application.c.replied_on), strict=True
    ):
        part = (
            sa.select(sa.literal(kind).label("kind"), column.label("day"), sa.func.count())
            .where(column.between(first_day, last_day))
            .group_by(column)
        )
        if campaign:
            part = part.where(_application.c.campaign.in_(CAMPAIGNS))
        parts.append(part)
    # ix_event_stage_day holds (kind, stage, day): only answers and interviews are read, in order.
    events = (
        sa.select(_event.c.stage, _event.c.occurred_on, sa.func.count())
        .where(
            _event.c.kind == "stage",
            _event.c.stage.in_([stage.value for stage in ACTIVITY_OF_STAGE]),
            _event.c.occurred_on.between(first_day, last_day),
        )
        .group_by(_event.c.stage, _event.c.occurred_on)
    )
    if campaign:
        events = events.join_from(
            _event, _application, _application.c.id == _event.c.application_id
        ).where(_application.c.campaign.in_(CAMPAIGNS))
    return sa.union_all(*parts, events)


def follow_ups(
    session: Session,
    *,
    today: date,
    follow_up_days: int,
    ghost_cutoff: date,
    limit: int | None,
    campaigns: Sequence[str] | None = None,
) -> FollowUps:
    """Return open, unarchived applications silent for follow_up_days, oldest silence first
    (the limit oldest, unless None), of these campaigns unless None.

    Applications already counted as ghosted (no reply since ghost_cutoff) are left out, and so
    are those an open reminder or a recent interaction about them covers. One statement.
    """
    values: dict[str, Any] = {
        "due_before": today - timedelta(days=follow_up_days),
        "ghost_cutoff": ghost_cutoff,
    }
    if limit is not None:
        values["limit"] = limit
    if campaigns is not None:
        values["campaigns"] = list(campaigns)
    statement = _follow_ups_statement(campaigns is not None, limit is not None)
    rows = session.execute(statement, values).all()
    items = []
    for _total, id_, company, role, department, stage, round_, last_event_on, heard in rows:
        if id_ is None:  # no application due, or none asked for: the count alone
            continue
        # An interaction about an application older than the window ends the silence early.
        last = last_event_on if heard is None else max(last_event_on, heard)
        items.append(
            FollowUp(
                application_id=id_,
                company=company,
                role=role,
                department=department,
                stage=Stage(stage),
                round=round_,
                last_event_on=last,
                days_silent=(today - last).days,
            )
        )
    return FollowUps(tuple(items), int(rows[0][0]), follow_up_days)


@cache
def _follow_ups_statement(campaign: bool, limited: bool) -> sa.Select[Any]:
    """How many applications are due and the oldest of them, with the day of the newest
    interaction about each: one row each, or a row with the count alone when none is listed."""
    due_before = sa.bindparam("due_before", type_=sa.Date)
    common = [
        _application.c.archived.is_(False),
        _application.c.last_event_on <= due_before,
        # Reminders and interactions are few: SQLite reads their application ids once, and
        # both halves below stay on ix_application_funnel.
        _application.c.id.not_in(covered_query(due_before)),
    ]
    if campaign:
        common.append(_application.c.campaign.in_(CAMPAIGNS))
    waiting = [stage.value for stage in OPEN_STAGES if stage is not Stage.SAVED]
    levels = [int(level) for level in Level]
    # Two halves, each a few ranges of ix_application_funnel: answered applications, and
    # unanswered ones younger than the ghosting age. Every (reached, stage) pair is spelled
    # out so SQLite seeks to the open ones (a quarter of the answered at 100,000); `reached
    # >= 2` with `stage IN` made it pick ix_application_stage and read ~90% of rows, and
    # `stage NOT IN` read every answered application.
    answered = sa.select(_application.c.id, _application.c.last_event_on).where(
        _application.c.reached.in_(levels[Level.REPLIED :]),
        _application.c.stage.in_(waiting),
        *common,
    )
    recent = sa.select(_application.c.id, _application.c.last_event_on).where(
        _application.c.reached.in_(levels[: Level.REPLIED]),
        _application.c.stage.in_(waiting),
        _application.c.applied_on > GHOST_CUTOFF,
        *common,
    )
    due = sa.union_all(answered, recent).cte("due")
    # The count and the oldest read the due applications twice (SQLite has no cheaper way:
    # a count(*) OVER () window next to the LIMIT sorts every due application first, ~3x
    # slower); one statement, the count joined to every listed row.
    total = sa.select(sa.func.count().label("total")).select_from(due).subquery("total")
    oldest = sa.select(due.c.id, due.c.last_event_on).order_by(due.c.last_event_on, due.c.id)
    if limited:
        oldest = oldest.limit(sa.bindparam("limit", type_=sa.Integer))
    listed = oldest.subquery("oldest")
    heard = (
        sa.select(sa.func.max(_interaction.c.occurred_on))
        .where(_interaction.c.application_id == _application.c.id)
        .scalar_subquery()
    )
    rows = sa.join(listed, _application, _application.c.id == listed.c.id).join(
        _company, _company.c.id == _application.c.company_id
    )
    return (
        sa.select(
            total.c.total,
            _application.c.id,
            _company.c.name,
            _application.c.role,
            _application.c.department,
            _application.c.stage,
            _application.c.round,
            _application.c.last_event_on,
            heard.label("heard"),
        )
        .select_from(total.outerjoin(rows, sa.true()))
        .order_by(listed.c.last_event_on, listed.c.id)
    )


def reply_times(
    session: Session, spec: FunnelFilter, by: GroupBy | None, *, today: date
) -> dict[str | None, list[tuple[int, bool, int]]]:
    """Return, per group, (days, answered, how many) for the submitted applications spec selects
    that have an applied date.

    Answered: days from submission to the first answer. Not answered: days waited so far, to
    today while open, to the last event once closed (withdrawn, marked ghosted): censored.
    """
    query = _reply_times_statement(by, _Shape.of(spec))
    rows: dict[Any, list[tuple[int, bool, int]]] = defaultdict(list)
    for row in session.execute(query, _parameters(session, spec, today=today)):
        key = row[0] if by is not None else None
        rows[key].append((int(row[-3]), bool(row[-2]), int(row[-1])))
    if by is None:
        return {None: rows.get(None, [])}
    return group_keys(by, rows, lambda item: item[2])


@cache
def _reply_times_statement(by: GroupBy | None, shape: _Shape) -> sa.Select[Any]:
    answered = _application.c.reached >= int(Level.REPLIED)
    end = sa.case(
        (answered, _application.c.replied_on),
        (_application.c.stage.in_(sorted(_OPEN)), TODAY),
        else_=_application.c.last_event_on,
    )
    days = days_between(end, _application.c.applied_on).label("days")
    flag = sa.cast(answered, sa.Integer).label("answered")
    group = _group_columns(by)
    # An application imported closed without its applied date has no day to count from.
    return (
        sa.select(*group, days, flag, sa.func.count())
        .where(*_conditions(shape), _application.c.applied_on.is_not(None))
        .group_by(*group, days, flag)
    )


# Stage events that prove an interview (an offer implies round 1) or an offer was reached.
_REACHED_BY: dict[str, tuple[str, ...]] = {
    "interview": ("interview", "offer", "accepted", "declined"),
    "offer": ("offer", "accepted", "declined"),
}


def recent_progress(
    session: Session, since: date, until: date, *, campaigns: Sequence[str] | None
) -> tuple[int, dict[str, int]]:
    """Return how many applications (of these campaigns, unless None) were submitted from
    since to until, and how many reached an interview and an offer for the first time in those
    days (by their earliest event)."""
    sent = submitted_between(session, since, until, campaigns=campaigns)
    reached: dict[str, int] = {}
    for level, stages in _REACHED_BY.items():
        first = (
            sa.select(_event.c.application_id, sa.func.min(_event.c.occurred_on).label("first_on"))
            .where(_event.c.kind == "stage", _event.c.stage.in_(stages))
            .group_by(_event.c.application_id)
            .subquery("first")
        )
        query = sa.select(sa.func.count()).where(first.c.first_on.between(since, until))
        if campaigns is not None:
            query = query.join_from(
                first, _application, _application.c.id == first.c.application_id
            ).where(_application.c.campaign.in_(campaigns))
        else:
            query = query.select_from(first)
        reached[level] = int(session.execute(query).scalar_one())
    return sent, reached


def submitted_between(
    session: Session, since: date, until: date, *, campaigns: Sequence[str] | None
) -> int:
    """Return how many applications (of these campaigns, unless None) were first submitted
    from since to until."""
    query = (
        sa.select(sa.func.count())
        .select_from(_application)
        .where(_application.c.applied_on.between(since, until))
    )
    if campaigns is not None:
        query = query.where(_application.c.campaign.in_(campaigns))
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
