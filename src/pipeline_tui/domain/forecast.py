"""What it takes to get one more interview and one more offer at the recent rates and pace.

Over the last `weeks` weeks (56 days to today by default): `sent` applications were submitted,
and `reached[level]` applications reached an interview (or an offer) for the first time. The
rate is reached / sent: a flow over the same window, so this week's applications, which have
had no time to be answered, do not drag it down. One more success then takes 1 / rate
applications on average (the wait for a success is geometric), with the interval that the
rate's Wilson 95% interval gives, and applications / pace weeks of sending at the recent pace
(or at the weekly target). docs/funnel.md has the worked example.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline_tui.domain.stats import Need, applications_needed, wilson

# The levels a forecast aims at, with the words reports use.
GOALS: tuple[str, ...] = ("interview", "offer")
# The recent weeks the rates and the pace come from, unless told otherwise.
WINDOW_WEEKS = 8


def _need_json(need: Need | None) -> dict[str, float | None] | None:
    if need is None:
        return None
    return {"expected": need.expected, "low": need.low, "high": need.high}


def _scaled(need: Need, per_week: float) -> Need | None:
    """Return a number of applications as weeks at per_week applications a week."""
    if per_week <= 0:
        return None

    def weeks(value: float | None) -> float | None:
        return value / per_week if value is not None else None

    return Need(weeks(need.expected), weeks(need.low), weeks(need.high))


@dataclass(frozen=True, slots=True)
class Goal:
    """One more of a level (an interview, an offer): the rate behind it and what it takes."""

    level: str
    reached: int
    rate: float | None
    rate_ci: tuple[float, float] | None
    applications: Need
    weeks: Need | None
    weeks_at_target: Need | None

    def as_json(self) -> dict[str, Any]:
        """Return the goal as JSON-ready data."""
        return {
            "level": self.level,
            "reached": self.reached,
            "rate": self.rate,
            "rate_ci": list(self.rate_ci) if self.rate_ci is not None else None,
            "applications": _need_json(self.applications),
            "weeks": _need_json(self.weeks),
            "weeks_at_target": _need_json(self.weeks_at_target),
        }


@dataclass(frozen=True, slots=True)
class Forecast:
    """The forecast as of today, over the window since .. today."""

    today: date
    since: date
    weeks: int
    campaign: str | None
    sent: int
    goals: tuple[Goal, ...]
    # The weekly target (0: none) and what was sent this ISO week so far.
    weekly_target: int
    week: str
    sent_this_week: int

    @property
    def pace(self) -> float:
        """Applications sent per week over the window."""
        return self.sent / self.weeks

    def goal(self, level: str) -> Goal:
        """Return the goal for one level ("interview" or "offer")."""
        return next(goal for goal in self.goals if goal.level == level)

    def as_json(self) -> dict[str, Any]:
        """Return the forecast in the documented JSON shape."""
        target = None
        if self.weekly_target:
            target = {
                "target": self.weekly_target,
                "week": self.week,
                "sent": self.sent_this_week,
                "share": self.sent_this_week / self.weekly_target,
            }
        return {
            "as_of": self.today.isoformat(),
            "since": self.since.isoformat(),
            "weeks": self.weeks,
            "campaign": self.campaign,
            "sent": self.sent,
            "pace_per_week": self.pace,
            "goals": [goal.as_json() for goal in self.goals],
            "weekly_target": target,
        }


def forecast(
    *,
    today: date,
    since: date,
    weeks: int,
    campaign: str | None,
    sent: int,
    reached: dict[str, int],
    weekly_target: int,
    week: str,
    sent_this_week: int,
) -> Forecast:
    """Return the forecast from the window's counts (reached: first reached, per goal level)."""
    goals = []
    for level in GOALS:
        # A flow can exceed the applications of its window (answers to older ones): a rate
        # above 1 means nothing, so it is capped.
        successes = min(reached.get(level, 0), sent)
        need = applications_needed(successes, sent)
        goals.append(
            Goal(
                level=level,
                reached=reached.get(level, 0),
                rate=successes / sent if sent else None,
                rate_ci=wilson(successes, sent),
                applications=need,
                weeks=_scaled(need, sent / weeks),
                weeks_at_target=_scaled(need, weekly_target) if weekly_target else None,
            )
        )
    return Forecast(
        today=today,
        since=since,
        weeks=weeks,
        campaign=campaign,
        sent=sent,
        goals=tuple(goals),
        weekly_target=weekly_target,
        week=week,
        sent_this_week=sent_this_week,
    )
