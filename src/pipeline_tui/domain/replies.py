"""Time to first reply with silence as "not yet": a Kaplan-Meier curve per group, and what it says
in plain words (docs/funnel.md, "Time to reply").

Every submitted application is an observation: answered after so many days (its first answer),
or still waiting after so many days (censored at today while open, at its last event once
closed without an answer). The store hands over (days, answered, count) rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline_tui.domain.funnel import MIN_GROUP_SIZE, FunnelFilter, GroupBy
from pipeline_tui.domain.stats import SurvivalCurve, kaplan_meier

Observation = tuple[int, bool, int]
# "Half of the replies that come, come within ..."; "... 95% of the replies ... by then".
HALF = 0.5
MOST = 0.95


@dataclass(frozen=True, slots=True)
class ReplyFacts:
    """What a reply curve says in plain words, read up to its horizon.

    horizon: the last day an answer came while at least min_group_size applications were
    still waiting (later answers come from too few to read); reply_share: the share answered
    within it; half_within: half of those answers came within this many days; silent_day:
    95% of them came within this many days, and after that many days of silence
    never_share of the applications still waiting never heard back.
    """

    horizon: int
    reply_share: float
    half_within: int
    silent_day: int
    never_share: float

    def as_json(self) -> dict[str, Any]:
        """Return the facts as JSON-ready data."""
        return {
            "horizon_days": self.horizon,
            "reply_share": self.reply_share,
            "half_of_replies_within_days": self.half_within,
            "silent_day": self.silent_day,
            "never_share_after_silent_day": self.never_share,
        }


@dataclass(frozen=True, slots=True)
class ReplyCurve:
    """The Kaplan-Meier curve of days to the first reply of one group of applications."""

    key: str | None
    curve: SurvivalCurve
    min_group_size: int = MIN_GROUP_SIZE

    @property
    def at_risk(self) -> int:
        """How many applications the curve follows (all waiting on day 0)."""
        return self.curve.subjects

    @property
    def replied(self) -> int:
        """How many got an answer."""
        return self.curve.events

    @property
    def median_days(self) -> float | None:
        """The Kaplan-Meier median: the day after which half are still waiting (None: never)."""
        return self.curve.median()

    @property
    def rated(self) -> bool:
        """True when the group is big enough to show figures, not only counts."""
        return self.at_risk >= self.min_group_size

    def points(self) -> list[tuple[int, float]]:
        """Return (day, share still waiting after that day): day 0, each day an answer came,
        and the longest time observed; the curve is flat between them."""
        points = [(0, self.curve.survival_after(0))]
        for step in self.curve.steps:
            if step.events and step.day > 0:
                points.append((step.day, step.survival))
        if self.curve.longest > points[-1][0]:
            points.append((self.curve.longest, self.curve.survival_after(self.curve.longest)))
        return points

    def facts(self) -> ReplyFacts | None:
        """Return the plain-language figures, or None while there are fewer than min_group_size
        replies (or too few waiting on any answer day) to read them."""
        if self.replied < self.min_group_size:
            return None
        horizon = self.curve.horizon(self.min_group_size)
        if horizon is None:
            return None
        half = self.curve.replies_within(HALF, horizon)
        silent = self.curve.replies_within(MOST, horizon)
        if half is None or silent is None:
            return None
        final = self.curve.survival_after(horizon)
        return ReplyFacts(
            horizon=horizon,
            reply_share=1 - final,
            half_within=half,
            silent_day=silent,
            never_share=final / self.curve.survival_after(silent),
        )

    def as_json(self) -> dict[str, Any]:
        """Return exactly {"at_risk", "replied", "median_days", "curve": [{"day", "survival"}]}."""
        return {
            "at_risk": self.at_risk,
            "replied": self.replied,
            "median_days": self.median_days,
            "curve": [{"day": day, "survival": survival} for day, survival in self.points()],
        }


def reply_curve(
    key: str | None, observations: list[Observation], min_group_size: int = MIN_GROUP_SIZE
) -> ReplyCurve:
    """Return the reply curve of one group from its (days, answered, count) observations."""
    return ReplyCurve(key, kaplan_meier(observations), min_group_size)


@dataclass(frozen=True, slots=True)
class ReplyCurves:
    """Reply curves of one set of applications: all of them, and per group when by is set."""

    filters: FunnelFilter
    today: date
    total: ReplyCurve
    by: GroupBy | None = None
    groups: tuple[ReplyCurve, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The total curve's object without by; with by, {"by", "filters", "as_of", "groups":
        [{"key", <the curve's four fields>}, ...]}."""
        if self.by is None:
            return self.total.as_json()
        return {
            "by": self.by,
            "filters": self.filters.as_json(),
            "as_of": self.today.isoformat(),
            "groups": [{"key": group.key, **group.as_json()} for group in self.groups],
        }


@dataclass(frozen=True, slots=True)
class GhostAge:
    """How many days of silence make an application ghosted, and where that number came from.

    source: "fixed" (ghost_after_days), "auto" (the reply curve's silent day), or "fallback"
    (ghost_after = auto, but too few replies yet: ghost_after_days); why says so in words.
    """

    days: int
    source: str
    why: str
