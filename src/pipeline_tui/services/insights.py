"""What works, honestly: reply-time curves, the forecast, CV and letter versions in use, and the
ghosting age the reply curve gives (`ghost_after = auto`).

The maths is in domain/stats.py, domain/replies.py and domain/forecast.py; the SQL in
store/reports.py. The funnel per group with its intervals and comparisons is `services.funnel_by`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from pipeline_tui.domain.forecast import WINDOW_WEEKS
from pipeline_tui.domain.funnel import MIN_GROUP_SIZE, FunnelFilter, GroupBy, group_order
from pipeline_tui.domain.replies import GhostAge, ReplyCurve, ReplyCurves, reply_curve
from pipeline_tui.domain.versions import VERSION_KINDS, VersionsInUse, VersionUse
from pipeline_tui.store.engine import Store

if TYPE_CHECKING:
    from pipeline_tui.config import Settings
    from pipeline_tui.domain.forecast import Forecast


def replies(
    store: Store,
    spec: FunnelFilter,
    *,
    today: date,
    by: GroupBy | None = None,
    min_group_size: int = MIN_GROUP_SIZE,
) -> ReplyCurves:
    """Return the Kaplan-Meier curve of days to the first reply over the submitted applications
    spec selects, and one per group when by is given (ordered as funnel_by orders them)."""
    from pipeline_tui.store import reports

    with store.read() as session:
        grouped = reports.reply_times(session, spec, by, today=today)
    # The groups together are everything: one statement serves both.
    every_row = [row for rows in grouped.values() for row in rows]
    total = reply_curve(None, every_row, min_group_size)
    if by is None:
        grouped = {}
    curves = [reply_curve(key, rows, min_group_size) for key, rows in grouped.items()]
    if by is not None:
        order = group_order(by)
        curves.sort(key=lambda curve: order((curve.key, curve.at_risk)))
    return ReplyCurves(spec, today, total, by, tuple(curves))


def reply_curve_of(
    store: Store, *, today: date, campaign: str | None = None, min_group_size: int = MIN_GROUP_SIZE
) -> ReplyCurve:
    """Return the reply curve of every submitted application (of one campaign), for the weekly
    page and the Insights screen."""
    return replies(
        store, FunnelFilter(campaign=campaign), today=today, min_group_size=min_group_size
    ).total


def ghost_age(store: Store, settings: Settings, *, today: date) -> GhostAge:
    """Return the days of silence after which `ghost` and `due` treat an application as ghosted.

    ghost_after = "fixed": ghost_after_days. "auto": the reply curve's silent day (95% of the
    replies that come have come by then), at least 1; ghost_after_days while there are fewer
    than min_group_size replies to read it from.
    """
    fixed = settings.ghost_after_days
    if settings.ghost_after != "auto":
        return GhostAge(fixed, "fixed", f"ghost_after_days = {fixed}")
    curve = reply_curve_of(store, today=today, min_group_size=settings.min_group_size)
    facts = curve.facts()
    if facts is None:
        return GhostAge(
            fixed,
            "fallback",
            f"ghost_after = auto, but {curve.replied} "
            f"repl{'y' if curve.replied == 1 else 'ies'} are too few to read the reply curve "
            f"(at least {settings.min_group_size}): ghost_after_days = {fixed}",
        )
    days = max(facts.silent_day, 1)
    return GhostAge(
        days,
        "auto",
        f"ghost_after = auto: 95% of the replies that come have come within {days} days",
    )


def forecast(
    store: Store,
    *,
    today: date,
    weeks: int = WINDOW_WEEKS,
    weekly_target: int = 0,
    campaign: str | None = None,
) -> Forecast:
    """Return applications and weeks needed for one more interview and one more offer at the
    last `weeks` weeks' rates and pace, and this week's submissions against the target."""
    from pipeline_tui.domain.forecast import forecast as make_forecast
    from pipeline_tui.domain.weekly import iso_week, week_start
    from pipeline_tui.store import applications, reports

    since = today - timedelta(days=7 * weeks - 1)
    monday = week_start(today)
    with store.read() as session:
        # The campaign's names are read once, for both counts.
        campaigns = applications.campaigns_named(session, campaign)
        sent, reached = reports.recent_progress(session, since, today, campaigns=campaigns)
        this_week = reports.submitted_between(session, monday, today, campaigns=campaigns)
    return make_forecast(
        today=today,
        since=since,
        weeks=weeks,
        campaign=campaign,
        sent=sent,
        reached=reached,
        weekly_target=weekly_target,
        week=iso_week(today),
        sent_this_week=this_week,
    )


def versions(store: Store) -> VersionsInUse:
    """Return the CV versions and the cover-letter versions in use with their counts, most used
    first (applications without one last)."""
    from pipeline_tui.store import reports

    found: dict[str, tuple[VersionUse, ...]] = {}
    with store.read() as session:
        for kind in VERSION_KINDS:
            rows = reports.versions_in_use(session, kind)
            uses = [VersionUse(*row) for row in rows]
            uses.sort(key=lambda use: (use.version is None, -use.applications, use.version or ""))
            found[kind] = tuple(uses)
    return VersionsInUse(cv=found["cv"], letter=found["letter"])
