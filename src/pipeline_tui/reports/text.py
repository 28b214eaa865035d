"""Funnel and weekly summary as plain text for an 80-column terminal.

Plain strings rather than rich renderables: user text (campaigns, sources, companies) must print
exactly as typed, and the CLI skips importing rich (~40 ms) for reports.
"""

from __future__ import annotations

from pipeline_tui.domain.comparison import OfferDeadline
from pipeline_tui.domain.funnel import (
    FunnelFilter,
    FunnelGroups,
    FunnelReport,
)
from pipeline_tui.domain.interviews import Interview
from pipeline_tui.domain.text import cell_width as cells
from pipeline_tui.domain.text import fit
from pipeline_tui.domain.weekly import ACTIVITY_FIELDS, FollowUp, WeeklyReport
from pipeline_tui.reports.layout import (
    WIDTH,
    bar,
    comparison_note,
    level_shares,
    number,
    outcome_items,
    percent,
    plural,
    rate,
    reasons_suffix,
    reply_timing,
    right,
    scheduled_text,
    sparkline,
    user,
    verdict,
    wrap_items,
)

UPCOMING_SHOWN = 15
# A level reached by fewer applications than this in all is not compared between groups in
# text (the z-test wants about 5 expected successes); JSON still has every comparison.
FEW_TO_COMPARE = 5
_LEVEL_WIDTH = 12


def describe_filters(spec: FunnelFilter) -> str:
    """Return "submitted 2024-09-09..2024-09-15, campaign X" (or "all submitted")."""
    parts = []
    if spec.since and spec.until:
        parts.append(f"submitted {spec.since.isoformat()}..{spec.until.isoformat()}")
    elif spec.since:
        parts.append(f"submitted since {spec.since.isoformat()}")
    elif spec.until:
        parts.append(f"submitted until {spec.until.isoformat()}")
    if spec.campaign is not None:
        parts.append(f"campaign {user(spec.campaign)}")
    if spec.source is not None:
        parts.append(f"source {user(spec.source)}")
    return ", ".join(parts) if parts else "all submitted"


def funnel_table(report: FunnelReport) -> list[str]:
    """Return the level table: count, % of previous level and % of submitted (each with its
    95% interval), and a bar."""
    count_width = max(7, *(len(number(level.count)) for level in report.levels))
    previous, sent = zip(*level_shares(report), strict=True)
    previous_width = max(7, *map(len, previous))
    sent_width = max(7, *map(len, sent))
    head = (
        f"{'level':<{_LEVEL_WIDTH}} {right('count', count_width)}  "
        f"{'of prev':>{previous_width}}  {'of sent':>{sent_width}}"
    )
    bar_width = max(WIDTH - cells(head) - 2, 10)
    lines = [head]
    for level, of_previous, of_sent in zip(report.levels, previous, sent, strict=True):
        lines.append(
            f"{level.level:<{_LEVEL_WIDTH}} {right(number(level.count), count_width)}  "
            f"{of_previous:>{previous_width}}  {of_sent:>{sent_width}}  "
            f"{bar(level.of_submitted, bar_width)}".rstrip()
        )
    lines.append(f"{'':<{_LEVEL_WIDTH}} (in brackets: the 95% interval of each share)")
    return lines


def funnel_details(report: FunnelReport) -> list[str]:
    """Return the lines under the table: rounds, outcomes, rejections, days to reply."""
    label_width = 18
    lines = []
    if report.interview_rounds:
        rounds = (f"{n}: {number(count)}" for n, count in report.interview_rounds)
        lines.append(wrap_items(f"{'interview rounds':<{label_width}}", rounds))
    if report.scheduled:
        lines.append(f"{'scheduled':<{label_width}}{scheduled_text(report)}")
    lines.append(wrap_items(f"{'outcomes':<{label_width}}", outcome_items(report)))
    rejections = (
        (
            f"round {key.removeprefix('interview_')}: {number(count)}"
            if key.startswith("interview_")
            else f"{key} {number(count)}"
        )
        + reasons_suffix(report.rejected_at_reasons.get(key))
        for key, count in report.rejected_at.items()
    )
    lines.append(wrap_items(f"{'rejected at':<{label_width}}", rejections))
    timing = reply_timing(report)
    lines.append(
        f"{'days to reply':<{label_width}}{timing}; {number(report.still_waiting)} still waiting"
    )
    lines.append(
        f"{'':<{label_width}}(ghosted: open, no reply, sent {report.ghost_after_days}+ days ago)"
    )
    return lines


def funnel_text(report: FunnelReport) -> str:
    """Return the whole funnel report as text."""
    header = (
        f"Funnel · {plural(report.submitted, 'application')} ({describe_filters(report.filters)})"
        f" · as of {report.today.isoformat()}"
    )
    return "\n".join([header, "", *funnel_table(report), "", *funnel_details(report)]) + "\n"


def funnel_groups_text(grouped: FunnelGroups) -> str:
    """Return the counts per group and level, then per level each group's share of sent with
    its 95% interval and what comparing it with the other groups says."""
    name_width = 18
    column = 10
    header = (
        f"Funnel by {grouped.by} · {plural(grouped.total.submitted, 'application')} "
        f"({describe_filters(grouped.filters)}) · as of {grouped.total.today.isoformat()}"
    )
    heads = ("sent", "replied", "screened", "interview", "offer", "accepted")
    lines = [header, "", fit(grouped.by, name_width) + "".join(right(h, column) for h in heads)]
    names = [user(group.key, empty=f"(no {grouped.by})") for group in grouped.groups]
    for name, group in zip(names, grouped.groups, strict=True):
        counts = "".join(right(number(level.count), column) for level in group.report.levels)
        lines.append(fit(name, name_width) + counts)
    if not grouped.groups:
        lines.append("(no submitted applications match)")
        return "\n".join(lines) + "\n"
    lines += ["", "Share of sent with its 95% interval, and each group against the others:"]
    for note in comparison_note(grouped):
        lines += _wrapped("  ", note)
    for index, level in enumerate(grouped.total.levels[1:]):
        lines += ["", f"{level.level}"]
        if level.count < FEW_TO_COMPARE:
            lines.append(f"  too few to compare ({number(level.count)} in all)")
            continue
        for name, group in zip(names, grouped.groups, strict=True):
            size = group.report.submitted
            said = verdict(group.comparisons[index], size, grouped.min_group_size)
            if not group.rated:
                lines.append(f"  {fit(name, name_width - 5)} {said}")
                continue
            reached = group.report.levels[index + 1]
            shown = rate(reached.of_submitted, reached.of_submitted_ci)
            head = f"  {fit(name, name_width - 5)} {shown:<21}"
            lines += _wrapped(head, said)
    return "\n".join(lines) + "\n"


def _wrapped(head: str, text: str) -> list[str]:
    """Return head + text, the text wrapped at WIDTH under its own start."""
    import textwrap

    indent = cells(head)
    parts = textwrap.wrap(text, max(WIDTH - indent, 20)) or [""]
    return [head + parts[0], *(" " * indent + part for part in parts[1:])]


def _follow_up_line(item: FollowUp) -> str:
    stage = item.stage_label
    tail = f"  {stage:<11} {item.days_silent:>4}d since {item.last_event_on.isoformat()}"
    head = f"  #{item.application_id} "
    return head + fit(user(item.title), WIDTH - cells(head) - cells(tail)) + tail


def _interview_lines(item: Interview) -> list[str]:
    """Return "  Tue 2024-09-17 14:00  #12 Title  round 2", then the details indented."""
    head = f"  {item.when:<22}#{item.application_id} "
    round_text = f"  round {item.round}" if item.round else ""
    title = fit(user(item.title), WIDTH - cells(head) - cells(round_text))
    lines = [head + title.rstrip() + round_text]
    if details := item.details():
        lines.append(" " * 24 + fit(user(details), WIDTH - 24).rstrip())
    return lines


def _interviews(title: str, items: tuple[Interview, ...]) -> list[str]:
    lines = ["", f"{title}: {number(len(items))}"]
    for item in items[:UPCOMING_SHOWN]:
        lines += _interview_lines(item)
    if not items:
        lines.append("  none")
    if len(items) > UPCOMING_SHOWN:
        lines.append(f"  … and {number(len(items) - UPCOMING_SHOWN)} more")
    return lines


def _deadline_line(item: OfferDeadline) -> str:
    head = f"  {item.deadline:%a %Y-%m-%d}  #{item.application_id} "
    text = f"{user(item.headline)} · {user(item.position)}"
    return head + fit(text, WIDTH - cells(head)).rstrip()


def weekly_text(report: WeeklyReport) -> str:
    """Return the weekly summary as text."""
    scope = f" · campaign {user(report.campaign)}" if report.campaign is not None else ""
    lines = [
        f"Week {report.week} · {report.week_start:%a %Y-%m-%d} to {report.week_end:%a %Y-%m-%d}"
        f"{scope} · as of {report.today.isoformat()}",
        "",
        f"{'activity':<16}{'this week':>11}{'last week':>11}   last {len(report.history)} weeks",
    ]
    for name in ACTIVITY_FIELDS:
        this, last = getattr(report.activity, name), getattr(report.previous_activity, name)
        trend = sparkline([getattr(week.activity, name) for week in report.history])
        lines.append(f"  {name:<14}{number(this):>11}{number(last):>11}   {trend}")
    if report.weekly_target:
        target, sent = report.weekly_target, report.activity.submitted
        lines.append(
            f"  {'target':<14}{number(target):>11}{'':>11}   {percent(sent / target)} sent  "
            f"{bar(min(sent / target, 1.0), 20)}".rstrip()
        )
    cohort = report.cohort
    lines += ["", f"Submitted this week: {number(cohort.submitted)}, and how far they got"]
    reached = (f"{level.level} {number(level.count)}" for level in cohort.levels[1:])
    lines.append(wrap_items("  reached   ", reached))
    outcomes = [f"{name} {number(count)}" for name, count in cohort.outcomes.items() if count]
    lines.append(wrap_items("  now       ", outcomes or ["nothing submitted"]))
    lines += ["", f"All applications{scope}: {number(report.funnel.submitted)} submitted", ""]
    lines += funnel_table(report.funnel)
    lines += ["", *funnel_details(report.funnel)]
    due = report.follow_ups
    lines += [
        "",
        f"Follow-ups due: {number(due.total)} open, silent for {due.follow_up_days}+ days "
        "(oldest first)",
    ]
    lines += [_follow_up_line(item) for item in due.items] or ["  none"]
    if due.more:
        lines.append(f"  … and {number(due.more)} more")
    lines += _interviews(f"Interviews in week {report.week}", report.interviews)
    lines += _interviews("Interviews in the next 7 days", report.upcoming)
    deadlines = report.offer_deadlines
    lines += ["", f"Offers to answer in the next 7 days: {number(len(deadlines))}"]
    lines += [_deadline_line(item) for item in deadlines] or ["  none"]
    return "\n".join(lines) + "\n"
