"""Reply-time curves, the forecast and the versions in use as plain text; the plain-language
sentences of a reply curve, which the weekly summary shows too."""

from __future__ import annotations

from pipeline_tui.domain.forecast import Forecast, Goal
from pipeline_tui.domain.replies import ReplyCurve, ReplyCurves
from pipeline_tui.domain.stats import Need
from pipeline_tui.domain.text import fit
from pipeline_tui.domain.versions import VersionsInUse, VersionUse
from pipeline_tui.reports.layout import (
    WIDTH,
    bar,
    days,
    number,
    paragraph,
    percent,
    plural,
    rate,
    right,
    user,
    wrap_items,
)
from pipeline_tui.reports.text import describe_filters

# The days the text table shows the curve at (those up to the longest time observed).
TABLE_DAYS = (0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365)
_BAR = 30


def reply_sentences(curve: ReplyCurve) -> list[str]:
    """Return the plain-language lines of a reply curve (docs/funnel.md, "Time to reply")."""
    if not curve.at_risk:
        return ["No submitted applications yet."]
    median = curve.median_days
    if median is not None:
        lines = [f"Half of the applications got an answer within {days(median)} (median)."]
    else:
        lines = ["More than half of the applications never got an answer (no median)."]
    facts = curve.facts()
    if facts is None:
        lines.append(
            f"Too few replies to say more yet: {number(curve.replied)} "
            f"(at least {curve.min_group_size} are needed)."
        )
        return lines
    lines += [
        f"Half of the replies that come, come within {days(facts.half_within)}.",
        f"After {days(facts.silent_day)} of silence, {percent(facts.never_share)} of "
        "applications never hear back (95% of the replies that come have come by then).",
        f"About {percent(facts.reply_share)} of applications ever get an answer "
        + _horizon_note(curve, facts.horizon),
    ]
    return lines


def _horizon_note(curve: ReplyCurve, horizon: int) -> str:
    """Return "(the last answer came after 28 days)." or why later answers are left out."""
    later = any(step.events and step.day > horizon for step in curve.curve.steps)
    if not later:
        return f"(the last answer came after {days(horizon)})."
    return (
        f"(counting answers up to day {horizon}; later ones came when fewer than "
        f"{curve.min_group_size} were still waiting)."
    )


def _answered_by(curve: ReplyCurve, day: int) -> int:
    return sum(step.events for step in curve.curve.steps if step.day <= day)


def curve_table(curve: ReplyCurve) -> list[str]:
    """Return the curve at a few days: the share still waiting, and the answers so far."""
    shown = [day for day in TABLE_DAYS if day <= curve.curve.longest] or [0]
    top = max((1 - curve.curve.survival_after(day) for day in shown), default=0.0)
    lines = [f"{'after':<9}{'still waiting':>14}{'answered':>10}   share answered"]
    for day in shown:
        waiting = curve.curve.survival_after(day)
        answered = 1 - waiting
        lines.append(
            f"{'day ' + str(day):<9}{percent(waiting):>14}{number(_answered_by(curve, day)):>10}"
            f"   {bar(answered / top if top else 0, _BAR)}".rstrip()
        )
    return lines


def _heading(curves: ReplyCurves) -> str:
    total = curves.total
    return (
        f"Time to first reply · {plural(total.at_risk, 'application')} "
        f"({describe_filters(curves.filters)}) · as of {curves.today.isoformat()}"
    )


def replies_text(curves: ReplyCurves) -> str:
    """Return the reply curve (and one summary per group) as text."""
    total = curves.total
    waiting = total.at_risk - total.replied
    lines = [_heading(curves)]
    if not total.at_risk:
        return "\n".join([*lines, "No submitted applications match."]) + "\n"
    lines += paragraph(
        f'{number(total.replied)} answered; the other {number(waiting)} count as "not yet" '
        "for as long as they have waited (to today while open, to their close otherwise), "
        'not as "no".'
    )
    sentences = [line for sentence in reply_sentences(total) for line in paragraph(sentence)]
    if curves.by is None:
        lines += ["", *curve_table(total), "", *sentences]
        return "\n".join(lines) + "\n"
    lines += ["", *sentences]
    for group in curves.groups:
        name = user(group.key, empty=f"(no {curves.by})")
        head = f"{name} · {number(group.at_risk)} sent · {number(group.replied)} answered"
        lines += ["", fit(head, WIDTH).rstrip()]
        if not group.rated:
            lines.append(f"  counts only (under {group.min_group_size} sent)")
            continue
        lines += [line for sentence in reply_sentences(group) for line in paragraph(sentence, "  ")]
        marks = [
            f"day {day}: {percent(group.curve.survival_after(day))}"
            for day in (7, 14, 30)
            if day <= group.curve.longest
        ]
        if marks:
            lines.append(wrap_items("  still waiting after ", marks))
    if not curves.groups:
        lines += ["", "(no submitted applications match)"]
    return "\n".join(lines) + "\n"


def need_span(need: Need | None, unit: str, *, decimals: int = 0) -> str:
    """Return "about 41 applications (23–77)", or what can be said without an expected value."""
    if need is None:
        return "–"

    def shown(value: float) -> str:
        return f"{value:,.{decimals}f}"

    low = shown(need.low) if need.low is not None else "?"
    high = shown(need.high) if need.high is not None else "no upper bound"
    if need.expected is None:
        if need.low is None:
            return "–"
        return f"at least {shown(need.low)} {unit} (none so far)"
    return f"about {shown(need.expected)} {unit} ({low}–{high})"


def time_span(weeks: Need | None) -> str:
    """Return "about 2.5 weeks (1.8–3.6)"; in days when even the longest is under a week (a
    fast pace would otherwise read "0.0 weeks")."""
    if weeks is not None and weeks.high is not None and weeks.high < 1:

        def in_days(value: float | None) -> float | None:
            return value * 7 if value is not None else None

        days = Need(in_days(weeks.expected), in_days(weeks.low), in_days(weeks.high))
        return need_span(days, "days", decimals=1)
    return need_span(weeks, "weeks", decimals=1)


def goal_needs(goal: Goal, weekly_target: int) -> list[str]:
    """Return what one more of a goal takes: applications, then weeks at the pace and at the
    weekly target where there is one."""
    lines = [need_span(goal.applications, "applications")]
    if goal.weeks is not None:
        lines.append(f"{time_span(goal.weeks)} at your pace")
    if goal.weeks_at_target is not None:
        lines.append(
            f"{time_span(goal.weeks_at_target)} at your target of {number(weekly_target)} a week"
        )
    return lines


def _goal_lines(goal: Goal, forecast: Forecast) -> list[str]:
    head = f"one more {goal.level}"
    reached = plural(goal.reached, goal.level)
    lines = [
        f"{head:<22}rate {rate(goal.rate, goal.rate_ci)} · {reached} in {forecast.weeks} weeks"
    ]
    return lines + [f"  {line}" for line in goal_needs(goal, forecast.weekly_target)]


def forecast_text(forecast: Forecast) -> str:
    """Return the forecast as text."""
    scope = f" · campaign {user(forecast.campaign)}" if forecast.campaign is not None else ""
    lines = [
        f"Forecast · last {forecast.weeks} weeks ({forecast.since.isoformat()} to "
        f"{forecast.today.isoformat()}){scope}",
        f"Sent {plural(forecast.sent, 'application')}: {forecast.pace:,.1f} a week.",
        "",
    ]
    if not forecast.sent:
        lines.append(
            f"Nothing was sent in the last {forecast.weeks} weeks, so there is no rate to go by."
        )
    else:
        for goal in forecast.goals:
            lines += _goal_lines(goal, forecast)
        lines.append("")
        lines += paragraph(
            "Rate: applications that reached their first interview (or offer) in these weeks, "
            "per application sent in them; the ranges come from the rate's 95% interval."
        )
    lines += ["", target_line(forecast.weekly_target, forecast.week, forecast.sent_this_week)]
    return "\n".join(lines) + "\n"


def target_line(target: int, week: str, sent: int) -> str:
    """Return "This week (2024-W38): 23 sent of a target of 50 (46%)." or how to set one."""
    if not target:
        return (
            f"This week ({week}): {number(sent)} sent; set weekly_target in config.toml to "
            "track a target."
        )
    left = max(target - sent, 0)
    rest = f", {number(left)} to go" if left else ", target reached"
    return (
        f"This week ({week}): {number(sent)} sent of a target of {number(target)} "
        f"({percent(sent / target)}){rest}."
    )


def _version_lines(title: str, uses: tuple[VersionUse, ...]) -> list[str]:
    used = sum(1 for use in uses if use.version is not None)
    lines = [f"{title}: {number(used)} in use"]
    if not uses:
        return [*lines, "  none recorded"]
    lines.append(f"  {'version':<24}{'applications':>13}{'sent':>8}  {'first sent':<11} last sent")
    for use in uses:
        name = user(use.version, empty="(none)")
        first = use.first_sent.isoformat() if use.first_sent else "–"
        last = use.last_sent.isoformat() if use.last_sent else "–"
        lines.append(
            f"  {fit(name, 24)}{right(number(use.applications), 13)}"
            f"{right(number(use.submitted), 8)}  {first:<11} {last:<11}".rstrip()
        )
    return lines


def versions_text(found: VersionsInUse) -> str:
    """Return the CV and letter versions in use with their counts."""
    lines = _version_lines("CV versions", found.cv)
    lines += ["", *_version_lines("Cover-letter versions", found.letter)]
    lines += ["", "Which works better: pipeline funnel --by cv (or --by letter)."]
    return "\n".join(lines) + "\n"
