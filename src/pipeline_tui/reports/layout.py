"""Plain-text layout helpers: terminal cell widths (CJK is two cells), numbers, bars."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline_tui.domain.funnel import (
    FunnelGroups,
    FunnelReport,
    GroupComparison,
    rejected_at_label,
)
from pipeline_tui.domain.text import cell_width as cells
from pipeline_tui.domain.text import printable

WIDTH = 80
_EIGHTHS = " ▏▎▍▌▋▊▉"
_SPARKS = "▁▂▃▄▅▆▇█"


def right(text: str, width: int) -> str:
    """Return text right-aligned in width cells."""
    return " " * max(width - cells(text), 0) + text


def user(text: str | None, empty: str = "") -> str:
    """Return user text made safe for a terminal line (control characters escaped)."""
    return printable(text) if text else empty


def plural(count: int, word: str) -> str:
    """Return "1 reply", "2 replies", "1,204 applications"."""
    if count == 1:
        return f"1 {word}"
    return f"{count:,} " + (f"{word[:-1]}ies" if word.endswith("y") else f"{word}s")


def number(value: int) -> str:
    """Return 98002 as "98,002"."""
    return f"{value:,}"


def percent(ratio: float | None) -> str:
    """Return 0.0726 as "7.3%", and "–" where there is no ratio (a zero denominator)."""
    if ratio is None:
        return "–"
    return f"{ratio * 100:.1f}%"


def interval(ci: tuple[float, float] | None) -> str:
    """Return a 95% interval as "5.9–8.7" (percent, one decimal), or "" where there is none."""
    if ci is None:
        return ""
    return f"{ci[0] * 100:.1f}–{ci[1] * 100:.1f}"


def rate(ratio: float | None, ci: tuple[float, float] | None) -> str:
    """Return a share with its 95% interval, "7.2% (5.9–8.7)", or "–" where there is none."""
    if ratio is None:
        return "–"
    return f"{percent(ratio)} ({interval(ci)})" if ci is not None else percent(ratio)


def days(value: float) -> str:
    """Return "1 day", "6 days", "6.5 days"."""
    shown = f"{value:g}"
    return f"{shown} day" if shown == "1" else f"{shown} days"


def bar(ratio: float | None, width: int) -> str:
    """Return a horizontal bar of ratio * width cells drawn in eighths; a non-zero ratio shows."""
    if not ratio or ratio <= 0:
        return ""
    eighths = max(round(min(ratio, 1.0) * width * 8), 1)
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def sparkline(values: Sequence[int]) -> str:
    """Return one block character per value, scaled to the largest; zero is a space."""
    top = max(values, default=0)
    if top == 0:
        return " " * len(values)
    return "".join(
        " " if value == 0 else _SPARKS[round(value * (len(_SPARKS) - 1) / top)] for value in values
    )


def paragraph(text: str, indent: str = "", *, width: int = WIDTH) -> list[str]:
    """Return a sentence of our own words wrapped at width, every line indented."""
    import textwrap

    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [indent]


def wrap_items(label: str, items: Iterable[str], *, width: int = WIDTH, gap: str = " · ") -> str:
    """Return "label  a · b · c" wrapped at width, continuation lines indented under the items."""
    indent = " " * cells(label)
    lines: list[str] = []
    line = label
    first_on_line = True
    for item in items:
        candidate = item if first_on_line else gap + item
        if not first_on_line and cells(line) + cells(candidate) > width:
            lines.append(line)
            line, candidate = indent, item
        line += candidate
        first_on_line = False
    lines.append(line)
    return "\n".join(lines)


def reply_timing(report: FunnelReport) -> str:
    """Return "median 5 days over 144 replies", or "no replies yet"."""
    if report.median_days_to_reply is None:
        return "no replies yet"
    days = f"{report.median_days_to_reply:g}"
    unit = "day" if days == "1" else "days"
    return f"median {days} {unit} over {plural(report.replies_timed, 'reply')}"


def reasons_suffix(reasons: dict[str, int] | None) -> str:
    """Return " (failed technical 2, no headcount 1)" for recorded reasons, else ""."""
    if not reasons:
        return ""
    return " (" + ", ".join(f"{user(reason)} {number(n)}" for reason, n in reasons.items()) + ")"


def level_shares(report: FunnelReport) -> list[tuple[str, str]]:
    """Return each level's share of the previous level and of submitted, with their 95%
    intervals; the submitted row is 100% of itself by definition, so it shows none."""
    first = report.levels[0]
    shares = [(percent(first.of_previous), percent(first.of_submitted))]
    shares += [
        (
            rate(level.of_previous, level.of_previous_ci),
            rate(level.of_submitted, level.of_submitted_ci),
        )
        for level in report.levels[1:]
    ]
    return shares


def outcome_items(report: FunnelReport) -> list[str]:
    """Return "rejected 3 (failed technical 2)" per outcome, with reasons where recorded."""
    return [
        f"{name} {number(count)}{reasons_suffix(report.outcome_reasons.get(name))}"
        for name, count in report.outcomes.items()
    ]


def funnel_facts(report: FunnelReport) -> list[tuple[str, str]]:
    """Return the lines under a funnel table as (label, value): rounds, outcomes, timing."""
    facts = []
    if report.interview_rounds:
        rounds = " · ".join(f"round {n}: {number(c)}" for n, c in report.interview_rounds)
        facts.append(("Interview rounds reached", rounds))
    if report.scheduled:
        facts.append(("Interviews scheduled", scheduled_text(report)))
    facts.append(("Outcomes", " · ".join(outcome_items(report))))
    rejected = " · ".join(
        f"{rejected_at_label(key)}: {number(count)}"
        f"{reasons_suffix(report.rejected_at_reasons.get(key))}"
        for key, count in report.rejected_at.items()
    )
    facts.append(("Rejected at", rejected))
    waiting = f"{reply_timing(report)}; {number(report.still_waiting)} still waiting"
    facts.append(("Days from submission to first reply", waiting))
    return facts


# Beyond this many more applications a difference is called too small to tell apart.
TOO_CLOSE = 10_000


def verdict(comparison: GroupComparison, size: int, min_group_size: int) -> str:
    """Return what a comparison with the other groups says, in words.

    "real: higher than the others (5.2%)", "not enough data yet: ~310 more here",
    "counts only (12 sent, under 20)".
    """
    test = comparison.test
    if comparison.verdict == "counts only" or test is None:
        if size < min_group_size:
            return f"counts only ({number(size)} sent, under {min_group_size})"
        return f"counts only (the others are under {min_group_size} sent)"
    others = percent(test.other_rate)
    if comparison.verdict == "real":
        side = "higher" if test.difference > 0 else "lower"
        return f"real: {side} than the others ({others})"
    more = test.more_needed
    if more is None:
        return f"the same as the others so far ({others})"
    if more.group > TOO_CLOSE:
        return f"too close to the others ({others}) to tell"
    return f"not enough data yet: ~{number(more.group)} more here"


def comparison_note(grouped: FunnelGroups) -> list[str]:
    """Return the lines saying what the comparisons mean for these groups."""
    compared = sum(1 for group in grouped.groups if group.comparisons and group.comparisons[0].test)
    shared = (
        f" (the 5% shared among {compared} comparisons)" if grouped.alpha < 0.05 - 1e-12 else ""
    )
    return [
        f"Real: a two-proportion z-test against all the other groups at 95%{shared}.",
        "Not enough data yet: roughly how many more applications in the group (the others "
        "growing with it) would show the difference; groups under "
        f"{grouped.min_group_size} sent show counts only.",
    ]


def scheduled_text(report: FunnelReport) -> str:
    """Return "2 with a round ahead (interviewed once its day comes)": open applications with
    an interview round dated after the report's day."""
    return f"{number(report.scheduled)} with a round ahead (interviewed once its day comes)"
