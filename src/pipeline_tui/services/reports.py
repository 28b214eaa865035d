"""Reports: the funnel and the weekly summary (maths in domain/funnel.py and domain/weekly.py,
SQL in store/reports.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from pipeline_tui.store.engine import Store

if TYPE_CHECKING:
    from pipeline_tui.domain.funnel import FunnelFilter, FunnelGroups, FunnelReport, GroupBy
    from pipeline_tui.domain.weekly import WeeklyReport


def funnel(store: Store, spec: FunnelFilter, *, today: date, ghost_after_days: int) -> FunnelReport:
    """Return the funnel of the submitted applications spec selects, as of today."""
    from pipeline_tui.domain.funnel import summarize
    from pipeline_tui.store import reports

    cutoff = today - timedelta(days=ghost_after_days)
    with store.read() as session:
        counts = reports.funnel_counts(session, spec, ghost_cutoff=cutoff, today=today)
    return summarize(counts, filters=spec, today=today, ghost_after_days=ghost_after_days)


def funnel_by(
    store: Store,
    spec: FunnelFilter,
    by: GroupBy,
    *,
    today: date,
    ghost_after_days: int,
    min_group_size: int = 20,
) -> FunnelGroups:
    """Return one funnel per group (CV version, source, weekday ...), their total, and each
    group compared with the rest (groups under min_group_size get counts only)."""
    from pipeline_tui.domain.funnel import summarize_groups
    from pipeline_tui.store import reports

    cutoff = today - timedelta(days=ghost_after_days)
    with store.read() as session:
        grouped = reports.funnel_counts_by(session, spec, by, ghost_cutoff=cutoff, today=today)
    return summarize_groups(
        grouped,
        by,
        filters=spec,
        today=today,
        ghost_after_days=ghost_after_days,
        min_group_size=min_group_size,
    )


def weekly(
    store: Store,
    week_of: date,
    *,
    today: date,
    ghost_after_days: int,
    follow_up_days: int,
    campaign: str | None = None,
    follow_ups_shown: int | None = None,
    weekly_target: int = 0,
) -> WeeklyReport:
    """Return the summary of the ISO week containing week_of, with follow-ups due as of today
    (the FOLLOW_UPS_SHOWN longest silent, unless follow_ups_shown says how many)."""
    from pipeline_tui.domain.funnel import FunnelFilter, summarize
    from pipeline_tui.domain.weekly import (
        FOLLOW_UPS_SHOWN,
        HISTORY_WEEKS,
        UPCOMING_DAYS,
        WeeklyReport,
        week_start,
    )
    from pipeline_tui.store import applications, interviews, offers, reports

    monday = week_start(week_of)
    sunday = monday + timedelta(days=6)
    ahead = today + timedelta(days=UPCOMING_DAYS)
    cutoff = today - timedelta(days=ghost_after_days)
    everything = FunnelFilter(campaign=campaign)
    cohort_filter = FunnelFilter(since=monday, until=sunday, campaign=campaign)
    with store.read() as session:
        # The campaign's names are read once, for every statement below.
        campaigns = applications.campaigns_named(session, campaign)
        history = reports.week_history(
            session,
            monday - timedelta(weeks=HISTORY_WEEKS - 1),
            HISTORY_WEEKS,
            campaigns=campaigns,
        )
        cohort = reports.funnel_counts(
            session, cohort_filter, ghost_cutoff=cutoff, today=today, campaigns=campaigns
        )
        overall = reports.funnel_counts(
            session, everything, ghost_cutoff=cutoff, today=today, campaigns=campaigns
        )
        due = reports.follow_ups(
            session,
            today=today,
            follow_up_days=follow_up_days,
            ghost_cutoff=cutoff,
            limit=FOLLOW_UPS_SHOWN if follow_ups_shown is None else follow_ups_shown,
            campaigns=campaigns,
        )
        upcoming, held = interviews.week_interviews(
            session, ahead=(today, ahead), week=(monday, sunday), campaigns=campaigns
        )
        deadlines = offers.pending_deadlines(
            session, today=today, last_day=ahead, campaigns=campaigns
        )
    return WeeklyReport(
        week_start=monday,
        today=today,
        campaign=campaign,
        history=tuple(history),
        cohort=summarize(
            cohort, filters=cohort_filter, today=today, ghost_after_days=ghost_after_days
        ),
        funnel=summarize(
            overall, filters=everything, today=today, ghost_after_days=ghost_after_days
        ),
        follow_ups=due,
        upcoming=tuple(upcoming),
        interviews=tuple(held),
        offer_deadlines=tuple(deadlines),
        weekly_target=weekly_target,
    )
