"""Funnel and weekly summary as Markdown (GitHub-flavoured tables), for notes and issues."""

from __future__ import annotations

from pipeline_tui.domain.funnel import FunnelGroups, FunnelReport
from pipeline_tui.domain.interviews import Interview
from pipeline_tui.domain.text import printable
from pipeline_tui.domain.weekly import ACTIVITY_FIELDS, WeeklyReport
from pipeline_tui.reports.layout import (
    comparison_note,
    funnel_facts,
    level_shares,
    number,
    percent,
    plural,
    rate,
    verdict,
)
from pipeline_tui.reports.text import FEW_TO_COMPARE, UPCOMING_SHOWN, describe_filters

_SPECIAL = set("\\`*_[]<>|~#!")


def md(text: str | None) -> str:
    """Return user text with Markdown syntax characters escaped, safe inside a table cell."""
    if not text:
        return ""
    return "".join(f"\\{char}" if char in _SPECIAL else char for char in printable(text))


def _table(head: list[str], align: list[str], rows: list[list[str]]) -> list[str]:
    rule = ["---:" if side == "right" else "---" for side in align]
    return [
        "| " + " | ".join(head) + " |",
        "| " + " | ".join(rule) + " |",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def _funnel_body(report: FunnelReport) -> list[str]:
    rows = [
        [level.level, number(level.count), of_previous, of_submitted]
        for level, (of_previous, of_submitted) in zip(
            report.levels, level_shares(report), strict=True
        )
    ]
    lines = _table(
        ["Level", "Count", "Of previous", "Of submitted"],
        ["left", "right", "right", "right"],
        rows,
    )
    lines.append("")
    lines += [f"- **{label}:** {value}" for label, value in funnel_facts(report)]
    lines.append("- Shares show their 95% interval in brackets.")
    lines.append(
        f"- Ghosted counts open applications with no reply {report.ghost_after_days}+ days "
        "after submission."
    )
    return lines


def _filters(report: FunnelReport) -> str:
    # describe_filters makes user text printable for a terminal; Markdown needs escaping too.
    return md(describe_filters(report.filters))


def funnel_markdown(report: FunnelReport) -> str:
    """Return the funnel report as Markdown."""
    title = (
        f"## Funnel: {plural(report.submitted, 'application')} ({_filters(report)}), "
        f"as of {report.today.isoformat()}"
    )
    return "\n".join([title, "", *_funnel_body(report)]) + "\n"


def funnel_groups_markdown(grouped: FunnelGroups) -> str:
    """Return one table row per group (counts, and shares of submitted with their intervals),
    then what comparing each group with the others says, level by level."""
    title = (
        f"## Funnel by {grouped.by}: {plural(grouped.total.submitted, 'application')} "
        f"({md(describe_filters(grouped.filters))}), as of {grouped.total.today.isoformat()}"
    )
    head = [grouped.by.capitalize(), "Submitted", "Replied", "Screened", "Interviewed"]
    head += ["Offer", "Accepted"]
    rows = []
    names = [md(group.key) if group.key else f"*(no {grouped.by})*" for group in grouped.groups]
    for name, group in zip(names, grouped.groups, strict=True):
        levels = group.report.levels
        cells = [name, number(levels[0].count)]
        if group.rated:
            cells += [
                f"{number(level.count)} · {rate(level.of_submitted, level.of_submitted_ci)}"
                for level in levels[1:]
            ]
        else:
            cells += [number(level.count) for level in levels[1:]]
        rows.append(cells)
    lines = [title, "", *_table(head, ["left"] + ["right"] * 6, rows), ""]
    lines += [" ".join(comparison_note(grouped)), ""]
    for index, level in enumerate(grouped.total.levels[1:]):
        lines.append(f"### {level.level.capitalize()}")
        lines.append("")
        if level.count < FEW_TO_COMPARE:
            lines += [f"Too few to compare ({number(level.count)} in all).", ""]
            continue
        for name, group in zip(names, grouped.groups, strict=True):
            said = verdict(group.comparisons[index], group.report.submitted, grouped.min_group_size)
            lines.append(f"- {name}: {said}")
        lines.append("")
    return "\n".join(lines)


def weekly_markdown(report: WeeklyReport) -> str:
    """Return the weekly summary as Markdown."""
    scope = f", campaign {md(report.campaign)}" if report.campaign is not None else ""
    lines = [
        f"# Week {report.week}{scope}",
        "",
        f"{report.week_start:%a %Y-%m-%d} to {report.week_end:%a %Y-%m-%d}; "
        f"as of {report.today.isoformat()}.",
        "",
        "## Activity",
        "",
    ]
    rows = [
        [
            name,
            number(getattr(report.activity, name)),
            number(getattr(report.previous_activity, name)),
        ]
        for name in ACTIVITY_FIELDS
    ]
    lines += _table(["", "This week", "Last week"], ["left", "right", "right"], rows)
    if report.weekly_target:
        sent, target = report.activity.submitted, report.weekly_target
        lines += [
            "",
            f"**Weekly target:** {number(sent)} sent of {number(target)} "
            f"({percent(sent / target)}).",
        ]
    cohort = report.cohort
    lines += ["", f"## Submitted this week: {number(cohort.submitted)}", ""]
    reached = " · ".join(f"{level.level} {number(level.count)}" for level in cohort.levels[1:])
    now = " · ".join(f"{name} {number(count)}" for name, count in cohort.outcomes.items() if count)
    lines += [f"- **Reached:** {reached}", f"- **Now:** {now or 'nothing submitted'}"]
    lines += ["", f"## All applications: {number(report.funnel.submitted)} submitted", ""]
    lines += _funnel_body(report.funnel)
    due = report.follow_ups
    lines += ["", f"## Follow-ups due: {number(due.total)}", ""]
    lines.append(f"Open applications silent for {due.follow_up_days}+ days, oldest first.")
    lines.append("")
    for item in due.items:
        stage = item.stage_label
        lines.append(
            f"- #{item.application_id} {md(item.title)}: "
            f"{stage}, silent {item.days_silent} days (since {item.last_event_on.isoformat()})"
        )
    if due.more:
        lines.append(f"- … and {number(due.more)} more")
    lines += _interviews(f"Interviews in week {report.week}", report.interviews)
    lines += _interviews("Interviews in the next 7 days", report.upcoming)
    deadlines = report.offer_deadlines
    lines += ["", f"## Offers to answer in the next 7 days: {number(len(deadlines))}", ""]
    for deadline in deadlines:
        lines.append(
            f"- {deadline.deadline:%a %Y-%m-%d}: #{deadline.application_id} "
            f"{md(deadline.headline)} ({md(deadline.title)})"
        )
    return "\n".join(lines) + "\n"


def _interviews(title: str, items: tuple[Interview, ...]) -> list[str]:
    lines = ["", f"## {title}: {number(len(items))}", ""]
    for item in items[:UPCOMING_SHOWN]:
        round_text = f", round {item.round}" if item.round else ""
        details = f" ({md(item.details())})" if item.details() else ""
        lines.append(f"- {item.when}: #{item.application_id} {md(item.title)}{round_text}{details}")
    if len(items) > UPCOMING_SHOWN:
        lines.append(f"- … and {number(len(items) - UPCOMING_SHOWN)} more")
    return lines
