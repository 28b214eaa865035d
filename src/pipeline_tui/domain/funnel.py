"""Funnel maths: how far each application got, and the funnel a set of applications makes.

Everything here is pure. The store hands over `FunnelCounts`: `Tally` rows (applications grouped
by what the funnel needs to know about them) and how many replies took each number of days;
`summarize` turns them into a `FunnelReport`. `counts_from_histories` computes the same counts
from raw event histories: it is the reference the SQL is tested against, and what the unit
tests feed with hand-made histories.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from typing import Any, Literal

from pipeline_tui.domain.models import (
    Event,
    cancelled_round,
    closed_on,
    derive,
    recorded_day,
)
from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.stats import ProportionTest, two_proportion_test, wilson


class Level(IntEnum):
    """How far an application got; each level includes every level below it."""

    SAVED = 0
    SUBMITTED = 1
    REPLIED = 2
    SCREENED = 3
    INTERVIEWED = 4
    OFFER = 5
    ACCEPTED = 6

    @property
    def label(self) -> str:
        """The level's name in reports: "submitted", "replied", ..."""
        return self.name.lower()


FUNNEL_LEVELS: tuple[Level, ...] = tuple(level for level in Level if level >= Level.SUBMITTED)

# The level a single stage event proves was reached. A rejection is an answer, so it proves a
# reply (but not a positive one); a decline or acceptance proves an offer; withdrawing or being
# marked ghosted proves nothing beyond the submission itself.
STAGE_LEVEL: dict[Stage, Level] = {
    Stage.SAVED: Level.SAVED,
    Stage.SUBMITTED: Level.SUBMITTED,
    Stage.SCREENING: Level.SCREENED,
    Stage.INTERVIEW: Level.INTERVIEWED,
    Stage.OFFER: Level.OFFER,
    Stage.ACCEPTED: Level.ACCEPTED,
    Stage.DECLINED: Level.OFFER,
    Stage.REJECTED: Level.REPLIED,
    Stage.WITHDRAWN: Level.SAVED,
    Stage.GHOSTED: Level.SUBMITTED,
}
# Stage events that are an answer from the employer.
REPLY_STAGES: frozenset[Stage] = frozenset(
    stage for stage, level in STAGE_LEVEL.items() if level >= Level.REPLIED
)

Outcome = Literal["open", "rejected", "withdrawn", "ghosted", "declined", "accepted"]
OUTCOMES: tuple[Outcome, ...] = ("open", "rejected", "withdrawn", "ghosted", "declined", "accepted")
# Outcomes that may say why (domain.reasons.STAGES_WITH_REASON).
REASON_OUTCOMES: tuple[Outcome, ...] = ("rejected", "withdrawn", "declined")

GroupBy = Literal["cv", "letter", "source", "campaign", "program", "weekday", "month", "week"]
GROUP_BYS: tuple[GroupBy, ...] = (
    "cv", "letter", "source", "campaign", "program", "weekday", "month", "week",
)  # fmt: skip
# Groups keyed by a name the user typed (merged ignoring case); the others are dates.
NAMED_GROUP_BYS: frozenset[str] = frozenset({"cv", "letter", "source", "campaign", "program"})
WEEKDAYS: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip
# Below this many submitted applications a group shows counts but no rates (min_group_size).
MIN_GROUP_SIZE = 20


@dataclass(frozen=True, slots=True)
class Progress:
    """What an application's stage events prove about how far it got.

    round: the highest interview round that counts; scheduled: a round is dated after today
    (only when progress was asked as of a day).
    """

    reached: Level
    replied_on: date | None
    round: int | None = None
    scheduled: bool = False


def progress(events: Sequence[Event], *, today: date | None = None) -> Progress:
    """Return the highest level the stage events reach, the first answer's date, and the
    highest interview round that counts.

    An interview round counts once its day has come: a round recorded ahead (scheduled) proves
    a positive answer, on the day it was recorded, but is "interviewed" only from its day. A
    round dated after the application closed never happened (models.cancelled_round). Without
    today, scheduled rounds count (what the stored columns hold; reports correct the few
    applications with a round ahead as of the day they report on).
    """
    stage_events = [event for event in events if event.kind == "stage"]
    closed = closed_on(stage_events)
    reached = Level.SAVED
    rounds: list[int] = []
    replies: list[date] = []
    scheduled = False
    # A round recorded again as held (or a later round held) means a planned one took place.
    held = max(
        (
            event.round or 1
            for event in stage_events
            if event.stage is Stage.INTERVIEW
            and (today is None or event.occurred_on <= today)
            and not cancelled_round(event, closed)
        ),
        default=0,
    )
    for event in stage_events:
        level = STAGE_LEVEL[event.stage]
        day = event.occurred_on
        if event.stage is Stage.INTERVIEW:
            ahead = today is not None and day > today and (event.round or 1) > held
            if cancelled_round(event, closed) or ahead:
                level = Level.SCREENED  # invited: a positive answer, not yet an interview
                scheduled = scheduled or (ahead and closed is None)
            else:
                rounds.append(event.round or 1)
            day = min(day, recorded_day(event))
        reached = max(reached, level)
        if event.stage in REPLY_STAGES:
            replies.append(day)
    return Progress(
        Level(reached), min(replies, default=None), max(rounds, default=None), scheduled
    )


def as_of(reached: int, held: int, ahead: int) -> tuple[Level, int, bool]:
    """Return (level, rounds reached, scheduled) as of a day for an open application whose
    stored level is reached (every round counted), whose highest round held by that day is
    held and highest round after it ahead (0: none); what progress(events, today=...) gives.

    Its other events prove at most a screening unless they prove more than an interview (an
    offer): a round ahead is an invitation, a positive answer.
    """
    level = Level(reached)
    if level == Level.INTERVIEWED and not held:
        level = Level.SCREENED
    return level, interview_rounds_reached(level, held or None), ahead > held


def interview_rounds_reached(reached: int, round: int | None) -> int:
    """Return how many interview rounds an application reached (an offer implies round 1)."""
    if reached < Level.INTERVIEWED:
        return 0
    return max(round or 0, 1)


def outcome_of(
    stage: Stage, reached: int, applied_on: date | None, *, today: date, ghost_after_days: int
) -> Outcome:
    """Return how a submitted application stands: open, or how it closed (ghosted by age too).

    applied_on is None only for a closed application imported without its applied date.
    """
    if stage.is_open and applied_on is not None:
        silent_days = (today - applied_on).days
        if reached < Level.REPLIED and silent_days >= ghost_after_days:
            return "ghosted"
        return "open"
    outcome: Outcome = stage.value  # type: ignore[assignment]
    return outcome


def rejected_at(reached: int, rounds: int) -> str:
    """Return the key of the level a rejected application had reached when it was rejected."""
    if reached <= Level.REPLIED:
        return "submitted"
    if reached == Level.SCREENED:
        return "screened"
    if reached == Level.INTERVIEWED:
        return f"interview_{max(rounds, 1)}"
    return "offer"


def rejected_at_label(key: str) -> str:
    """Return "interview round 2" for "interview_2"; other keys read as they are."""
    if key.startswith("interview_"):
        return f"interview round {key.removeprefix('interview_')}"
    return key


@dataclass(frozen=True, slots=True)
class FunnelFilter:
    """Which submitted applications a funnel covers; None means no restriction."""

    since: date | None = None
    until: date | None = None
    campaign: str | None = None
    source: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the filter as JSON-ready data."""
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "campaign": self.campaign,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Tally:
    """A number of submitted applications that agree on everything the funnel looks at."""

    reached: int
    rounds: int
    outcome: Outcome
    count: int


@dataclass(frozen=True, slots=True)
class ReasonTally:
    """A number of closed applications that agree on how far they got, how they ended and why."""

    reached: int
    rounds: int
    outcome: Outcome
    reason: str
    count: int


@dataclass(frozen=True, slots=True)
class FunnelCounts:
    """What a funnel is built from: tallies, a histogram of days to the first reply, and the
    reasons recorded on the closed applications (a subset of the tallies, told apart by why)."""

    tallies: tuple[Tally, ...] = ()
    reply_days: tuple[tuple[int, int], ...] = ()
    reasons: tuple[ReasonTally, ...] = ()
    # Open applications with an interview round dated after the day reported on.
    scheduled: int = 0

    @classmethod
    def combine(cls, parts: Iterable[FunnelCounts]) -> FunnelCounts:
        """Return the counts of several disjoint sets of applications together."""
        tallies: list[Tally] = []
        reasons: list[ReasonTally] = []
        days: Counter[int] = Counter()
        scheduled = 0
        for part in parts:
            tallies.extend(part.tallies)
            reasons.extend(part.reasons)
            scheduled += part.scheduled
            for value, count in part.reply_days:
                days[value] += count
        return cls(tuple(tallies), tuple(sorted(days.items())), tuple(reasons), scheduled)

    def moved(self, moves: Iterable[tuple[Tally, Tally]], scheduled: int) -> FunnelCounts:
        """Return these counts with one application moved from each first tally to the second
        (its state as of another day), and scheduled applications counted."""
        counts: Counter[tuple[int, int, Outcome]] = Counter()
        for tally in self.tallies:
            counts[tally.reached, tally.rounds, tally.outcome] += tally.count
        for before, after in moves:
            counts[before.reached, before.rounds, before.outcome] -= 1
            counts[after.reached, after.rounds, after.outcome] += 1
        tallies = tuple(Tally(*key, count) for key, count in counts.items() if count)
        return FunnelCounts(tallies, self.reply_days, self.reasons, self.scheduled + scheduled)


Interval = tuple[float, float]


@dataclass(frozen=True, slots=True)
class LevelCount:
    """One row of the funnel: how many reached a level, as shares of the level before and all,
    each with its Wilson 95% interval (None where the denominator is 0)."""

    level: str
    count: int
    of_previous: float | None
    of_submitted: float | None
    of_previous_ci: Interval | None = None
    of_submitted_ci: Interval | None = None

    def as_json(self, *, rated: bool = True) -> dict[str, Any]:
        """Return the row as JSON-ready data; without rated, counts only (a group too small)."""

        def interval(value: Interval | None) -> list[float] | None:
            return list(value) if value is not None and rated else None

        return {
            "level": self.level,
            "count": self.count,
            "of_previous": self.of_previous if rated else None,
            "of_submitted": self.of_submitted if rated else None,
            "of_previous_ci": interval(self.of_previous_ci),
            "of_submitted_ci": interval(self.of_submitted_ci),
        }


def level_count(level: Level, count: int, previous: int, submitted: int) -> LevelCount:
    """Return a funnel row with its shares and their Wilson intervals."""
    return LevelCount(
        level.label,
        count,
        _ratio(count, previous),
        _ratio(count, submitted),
        wilson(count, previous),
        wilson(count, submitted),
    )


@dataclass(frozen=True, slots=True)
class FunnelReport:
    """The funnel of one set of submitted applications, as of one day."""

    filters: FunnelFilter
    today: date
    ghost_after_days: int
    levels: tuple[LevelCount, ...]
    interview_rounds: tuple[tuple[int, int], ...]
    outcomes: dict[str, int]
    rejected_at: dict[str, int]
    median_days_to_reply: float | None
    still_waiting: int
    tallies: tuple[Tally, ...] = field(repr=False, default=())
    # Why they ended, where recorded: per rejected_at key, and per closing outcome
    # (rejected, withdrawn, declined); each {reason: count}, most frequent first.
    rejected_at_reasons: dict[str, dict[str, int]] = field(default_factory=dict)
    outcome_reasons: dict[str, dict[str, int]] = field(default_factory=dict)
    # Open applications with an interview round ahead: "interviewed" once its day comes.
    scheduled: int = 0
    # Replies the median is taken over: the replied applications with an applied date.
    replies_timed: int = 0

    @property
    def submitted(self) -> int:
        """How many applications the funnel covers."""
        return self.levels[0].count

    def count(self, level: Level) -> int:
        """Return how many applications reached level."""
        return self.levels[level - Level.SUBMITTED].count

    def as_json(self, *, rated: bool = True) -> dict[str, Any]:
        """Return the report in the documented JSON shape (without rated: no rates)."""
        return {
            "filters": self.filters.as_json(),
            "as_of": self.today.isoformat(),
            "ghost_after_days": self.ghost_after_days,
            "levels": [level.as_json(rated=rated) for level in self.levels],
            "interview_rounds": [
                {"round": number, "count": count} for number, count in self.interview_rounds
            ],
            "outcomes": dict(self.outcomes),
            "rejected_at": dict(self.rejected_at),
            "rejected_at_reasons": {
                key: dict(value) for key, value in self.rejected_at_reasons.items()
            },
            "outcome_reasons": {key: dict(value) for key, value in self.outcome_reasons.items()},
            "median_days_to_reply": self.median_days_to_reply,
            "replies_timed": self.replies_timed,
            "still_waiting": self.still_waiting,
            "scheduled": self.scheduled,
        }


Verdict = Literal["real", "not enough data", "counts only"]


@dataclass(frozen=True, slots=True)
class GroupComparison:
    """One level's share of submitted in a group against the same share in all other groups.

    verdict: "real" when the two-proportion test says so, "not enough data" when it cannot
    tell yet (test.more_needed says roughly how many more would settle it, unless the shares
    are equal so far), "counts only" when the group or the rest is below the minimum size.
    """

    level: str
    verdict: Verdict
    test: ProportionTest | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the comparison as JSON-ready data."""
        test = self.test
        more = test.more_needed if test is not None else None
        return {
            "level": self.level,
            "verdict": self.verdict,
            "rate": test.rate if test else None,
            "rest_rate": test.other_rate if test else None,
            "difference": test.difference if test else None,
            "p_value": test.p_value if test else None,
            "alpha": test.alpha if test else None,
            "more_needed": {"group": more.group, "rest": more.rest} if more else None,
        }


@dataclass(frozen=True, slots=True)
class FunnelGroup:
    """The funnel of the applications sharing one group key (a CV version, a source, a week).

    rated: the group has at least the minimum size, so its rates are shown; comparisons: each
    level against the rest of the groups.
    """

    key: str | None
    report: FunnelReport
    rated: bool = True
    comparisons: tuple[GroupComparison, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """Return {"key": ..., "rated": ..., <the report's fields>, "comparisons": [...]}."""
        return {
            "key": self.key,
            "rated": self.rated,
            **self.report.as_json(rated=self.rated),
            "comparisons": [item.as_json() for item in self.comparisons],
        }


@dataclass(frozen=True, slots=True)
class FunnelGroups:
    """One funnel per group: largest first; weeks and months in date order, weekdays Monday
    first."""

    by: GroupBy
    filters: FunnelFilter
    groups: tuple[FunnelGroup, ...]
    total: FunnelReport
    min_group_size: int = MIN_GROUP_SIZE
    # The significance level each comparison is held to: 5% divided among the comparisons.
    alpha: float = 0.05

    def as_json(self) -> dict[str, Any]:
        """Return {"by", "filters", "min_group_size", "alpha", "groups": [...]}."""
        return {
            "by": self.by,
            "filters": self.filters.as_json(),
            "min_group_size": self.min_group_size,
            "alpha": self.alpha,
            "groups": [group.as_json() for group in self.groups],
        }


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _median(values: Iterable[tuple[int, int]]) -> float | None:
    """Return the median of a histogram given as (value, how many) pairs."""
    histogram = sorted(values)
    total = sum(count for _, count in histogram)
    if total == 0:
        return None
    # Positions (0-based) of the one or two middle values.
    low_position, high_position = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value, count in histogram:
        if low is None and low_position < seen + count:
            low = value
        if high_position < seen + count:
            high = value
            break
        seen += count
    assert low is not None and high is not None
    return (low + high) / 2


def summarize(
    counts: FunnelCounts, *, filters: FunnelFilter, today: date, ghost_after_days: int
) -> FunnelReport:
    """Build the funnel report of the applications the counts describe."""
    kept = tuple(tally for tally in counts.tallies if tally.count)
    # One pass over the tallies (there are hundreds at 100,000 applications), then small sums.
    by_reached: Counter[int] = Counter()
    by_rounds: Counter[int] = Counter()
    outcomes: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
    rejections: Counter[str] = Counter()
    reply_days: Counter[int] = Counter()
    for value, count in counts.reply_days:
        reply_days[max(value, 0)] += count
    still_waiting = 0
    for tally in kept:
        by_reached[tally.reached] += tally.count
        by_rounds[tally.rounds] += tally.count
        outcomes[tally.outcome] += tally.count
        if tally.outcome == "rejected":
            rejections[rejected_at(tally.reached, tally.rounds)] += tally.count
        if tally.reached < Level.REPLIED and tally.outcome == "open":
            still_waiting += tally.count
    submitted = sum(count for reached, count in by_reached.items() if reached >= Level.SUBMITTED)
    levels: list[LevelCount] = []
    previous = submitted
    for level in FUNNEL_LEVELS:
        count = sum(n for reached, n in by_reached.items() if reached >= level)
        levels.append(level_count(level, count, previous, submitted))
        previous = count
    rounds = tuple(
        (number, sum(n for reached, n in by_rounds.items() if reached >= number))
        for number in range(1, max(by_rounds, default=0) + 1)
    )
    deepest_rejection = max(
        (int(key.removeprefix("interview_")) for key in rejections if key.startswith("interview_")),
        default=1,
    )
    rejection_keys = ["submitted", "screened"]
    rejection_keys += [f"interview_{n}" for n in range(1, deepest_rejection + 1)]
    rejection_keys.append("offer")
    by_outcome: dict[str, Counter[str]] = {outcome: Counter() for outcome in REASON_OUTCOMES}
    by_rejection: dict[str, Counter[str]] = {key: Counter() for key in rejection_keys}
    for item in counts.reasons:
        if not item.count or item.outcome not in by_outcome:
            continue
        by_outcome[item.outcome][item.reason] += item.count
        if item.outcome == "rejected":
            key = rejected_at(item.reached, item.rounds)
            by_rejection.setdefault(key, Counter())[item.reason] += item.count
    return FunnelReport(
        filters=filters,
        today=today,
        ghost_after_days=ghost_after_days,
        levels=tuple(levels),
        interview_rounds=rounds,
        outcomes=outcomes,
        rejected_at={key: rejections[key] for key in rejection_keys},
        median_days_to_reply=_median(reply_days.items()),
        still_waiting=still_waiting,
        tallies=kept,
        rejected_at_reasons={key: _by_count(value) for key, value in by_rejection.items()},
        outcome_reasons={key: _by_count(value) for key, value in by_outcome.items()},
        scheduled=counts.scheduled,
        replies_timed=sum(reply_days.values()),
    )


def _by_count(counts: Counter[str]) -> dict[str, int]:
    """Return {reason: count}, most frequent first, then by name."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def group_order(by: GroupBy) -> Any:
    """Return the sort key of groups of one kind: dates in order, weekdays from Monday, the
    rest largest first (then by name, the group without a value last)."""

    def by_size(item: tuple[str | None, int]) -> tuple[int, bool, str]:
        key, size = item
        return (-size, key is None, key or "")

    if by in ("week", "month"):
        return lambda item: (item[0] is None, item[0] or "")
    if by == "weekday":
        return lambda item: WEEKDAYS.index(item[0]) if item[0] in WEEKDAYS else len(WEEKDAYS)
    return by_size


def summarize_groups(
    grouped: Mapping[str | None, FunnelCounts],
    by: GroupBy,
    *,
    filters: FunnelFilter,
    today: date,
    ghost_after_days: int,
    min_group_size: int = MIN_GROUP_SIZE,
) -> FunnelGroups:
    """Build one report per group, in group_order, one for them all, and compare each group's
    shares with the rest's (see compare_with_rest)."""

    def report(counts: FunnelCounts) -> FunnelReport:
        return summarize(counts, filters=filters, today=today, ghost_after_days=ghost_after_days)

    reports = [(key, report(counts)) for key, counts in grouped.items()]
    order = group_order(by)
    reports.sort(key=lambda item: order((item[0], item[1].submitted)))
    total = report(FunnelCounts.combine(grouped.values()))
    groups, alpha = compare_with_rest(reports, total, min_group_size)
    return FunnelGroups(by, filters, groups, total, min_group_size, alpha)


def compare_with_rest(
    reports: Sequence[tuple[str | None, FunnelReport]], total: FunnelReport, min_group_size: int
) -> tuple[tuple[FunnelGroup, ...], float]:
    """Compare each group's share of submitted at every level with all the other groups'.

    A comparison needs min_group_size submitted in the group and in the rest. The 5% level is
    shared among the comparisons of one level (Bonferroni): with k groups compared, each is
    held to 5%/k, so that luck calls no difference of a level real in more than 1 search in
    20. With exactly two groups both comparisons are the same test, held to 5%.
    """
    sizes = [item.submitted for _, item in reports]
    eligible = [
        size >= min_group_size and total.submitted - size >= min_group_size for size in sizes
    ]
    tests = 1 if len(reports) == 2 else max(sum(eligible), 1)
    alpha = 0.05 / tests
    groups = []
    for (key, report), size, compared in zip(reports, sizes, eligible, strict=True):
        comparisons = []
        for level in FUNNEL_LEVELS[1:]:
            if not compared:
                comparisons.append(GroupComparison(level.label, "counts only"))
                continue
            count = report.count(level)
            test = two_proportion_test(
                count,
                size,
                total.count(level) - count,
                total.submitted - size,
                alpha=alpha,
            )
            verdict: Verdict = "real" if test.real else "not enough data"
            comparisons.append(GroupComparison(level.label, verdict, test))
        rated = size >= min_group_size
        groups.append(FunnelGroup(key, report, rated, tuple(comparisons)))
    return tuple(groups), alpha


def counts_from_histories(
    histories: Iterable[Sequence[Event]], *, today: date, ghost_after_days: int
) -> FunnelCounts:
    """Return one tally per submitted application, and the reply times, from events alone."""
    tallies: list[Tally] = []
    reasons: list[ReasonTally] = []
    reply_days: Counter[int] = Counter()
    scheduled = 0
    for events in histories:
        derived = derive(events)
        made = progress(events, today=today)
        if made.reached < Level.SUBMITTED:
            continue
        scheduled += made.scheduled
        if made.replied_on is not None and derived.applied_on is not None:
            reply_days[(made.replied_on - derived.applied_on).days] += 1
        outcome = outcome_of(
            derived.stage,
            made.reached,
            derived.applied_on,
            today=today,
            ghost_after_days=ghost_after_days,
        )
        rounds = interview_rounds_reached(made.reached, made.round)
        tallies.append(Tally(made.reached, rounds, outcome, 1))
        if derived.reason is not None and outcome in REASON_OUTCOMES:
            reasons.append(ReasonTally(made.reached, rounds, outcome, derived.reason, 1))
    return FunnelCounts(
        tuple(tallies), tuple(sorted(reply_days.items())), tuple(reasons), scheduled
    )
