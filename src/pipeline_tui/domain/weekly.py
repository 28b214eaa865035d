"""The weekly summary as plain data: ISO weeks, activity counts, follow-ups and interviews."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from pipeline_tui.domain.comparison import OfferDeadline
from pipeline_tui.domain.funnel import FunnelReport
from pipeline_tui.domain.interviews import Interview
from pipeline_tui.domain.models import application_title
from pipeline_tui.domain.stages import Stage, stage_label

FOLLOW_UPS_SHOWN = 10
UPCOMING_DAYS = 7
HISTORY_WEEKS = 12

# Which activity count a stage event adds to; submissions and first replies are counted from
# the applications' own dates (applied_on, replied_on) so each application counts once.
ACTIVITY_OF_STAGE: dict[Stage, str] = {
    Stage.SCREENING: "screenings",
    Stage.INTERVIEW: "interviews",
    Stage.OFFER: "offers",
    Stage.REJECTED: "rejections",
    Stage.ACCEPTED: "accepted",
    Stage.DECLINED: "declined",
    Stage.WITHDRAWN: "withdrawn",
}


def week_start(day: date) -> date:
    """Return the Monday of the ISO week containing day."""
    return day - timedelta(days=day.weekday())


def iso_week(day: date) -> str:
    """Return the ISO week containing day as "2025-W01" (2024-12-30 is in 2025-W01)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True, slots=True)
class Activity:
    """What happened in one week, counted from the dates of events."""

    submitted: int = 0
    replies: int = 0
    screenings: int = 0
    interviews: int = 0
    offers: int = 0
    rejections: int = 0
    accepted: int = 0
    declined: int = 0
    withdrawn: int = 0

    @classmethod
    def from_counts(cls, counts: Mapping[str, int]) -> Activity:
        """Build from a mapping of field name to count; missing names count zero."""
        return cls(**{name: counts.get(name, 0) for name in ACTIVITY_FIELDS})

    def as_json(self) -> dict[str, int]:
        """Return {"submitted": n, "replies": n, ...}."""
        return {name: getattr(self, name) for name in ACTIVITY_FIELDS}


ACTIVITY_FIELDS: tuple[str, ...] = tuple(item.name for item in fields(Activity))


@dataclass(frozen=True, slots=True)
class WeekActivity:
    """The activity of the ISO week starting on a Monday."""

    week_start: date
    activity: Activity

    @property
    def label(self) -> str:
        """The ISO week, e.g. "2024-W38"."""
        return iso_week(self.week_start)

    def as_json(self) -> dict[str, Any]:
        """Return {"week": "2024-W38", "week_start": ..., <activity counts>}."""
        return {
            "week": self.label,
            "week_start": self.week_start.isoformat(),
            **self.activity.as_json(),
        }


@dataclass(frozen=True, slots=True)
class FollowUp:
    """An open application that has heard nothing for a while."""

    application_id: int
    company: str
    role: str
    department: str | None
    stage: Stage
    round: int | None
    last_event_on: date
    days_silent: int

    @property
    def title(self) -> str:
        """Company and role (and department) as one line of user text."""
        return application_title(self.company, self.role, self.department)

    @property
    def stage_label(self) -> str:
        """Return "interview 2" for an application in its second round, else the stage."""
        return stage_label(self.stage, self.round)

    def as_json(self) -> dict[str, Any]:
        """Return the follow-up as JSON-ready data."""
        return {
            "id": self.application_id,
            "company": self.company,
            "role": self.role,
            "department": self.department,
            "stage": self.stage.value,
            "round": self.round,
            "last_event_on": self.last_event_on.isoformat(),
            "days_silent": self.days_silent,
        }


@dataclass(frozen=True, slots=True)
class FollowUps:
    """The oldest follow-ups due, and how many are due in all."""

    items: tuple[FollowUp, ...]
    total: int
    follow_up_days: int

    @property
    def more(self) -> int:
        """How many due follow-ups are not in items."""
        return self.total - len(self.items)

    def as_json(self) -> dict[str, Any]:
        """Return {"follow_up_days": n, "total": n, "items": [...]}."""
        return {
            "follow_up_days": self.follow_up_days,
            "total": self.total,
            "items": [item.as_json() for item in self.items],
        }


@dataclass(frozen=True, slots=True)
class WeeklyReport:
    """The Monday summary of one ISO week, with what is due as of today."""

    week_start: date
    today: date
    campaign: str | None
    history: tuple[WeekActivity, ...]
    cohort: FunnelReport
    funnel: FunnelReport
    follow_ups: FollowUps
    # Interview rounds in the next UPCOMING_DAYS days of applications still open, as of today.
    upcoming: tuple[Interview, ...]
    # Interview rounds dated in the week shown: those held, and those still ahead in it.
    interviews: tuple[Interview, ...] = ()
    # Pending offers to answer within UPCOMING_DAYS of today (overdue ones too), soonest first.
    offer_deadlines: tuple[OfferDeadline, ...] = ()
    # Applications to send a week (the weekly_target setting); 0: no target.
    weekly_target: int = 0

    @property
    def week_end(self) -> date:
        """The Sunday that ends the week."""
        return self.week_start + timedelta(days=6)

    @property
    def week(self) -> str:
        """The ISO week, e.g. "2024-W38"."""
        return iso_week(self.week_start)

    @property
    def activity(self) -> Activity:
        """What happened in the week."""
        return self.history[-1].activity

    @property
    def previous_activity(self) -> Activity:
        """What happened in the week before."""
        return self.history[-2].activity

    def target_json(self) -> dict[str, Any] | None:
        """Return {"target", "sent", "share"} for the week shown, or None without a target."""
        if not self.weekly_target:
            return None
        sent = self.activity.submitted
        return {"target": self.weekly_target, "sent": sent, "share": sent / self.weekly_target}

    def as_json(self) -> dict[str, Any]:
        """Return the summary in the documented JSON shape."""
        return {
            "week": self.week,
            "week_start": self.week_start.isoformat(),
            "week_end": self.week_end.isoformat(),
            "as_of": self.today.isoformat(),
            "campaign": self.campaign,
            "activity": self.activity.as_json(),
            "previous_activity": self.previous_activity.as_json(),
            "cohort": self.cohort.as_json(),
            "funnel": self.funnel.as_json(),
            "follow_ups": self.follow_ups.as_json(),
            "upcoming": [item.as_json() for item in self.upcoming],
            "interviews": [item.as_json() for item in self.interviews],
            "offer_deadlines": [item.as_json() for item in self.offer_deadlines],
            "history": [week.as_json() for week in self.history],
            "weekly_target": self.target_json(),
        }
