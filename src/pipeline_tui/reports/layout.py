"""Plain-text layout helpers: terminal cell widths (CJK is two cells), numbers, bars."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline_tui.domain.funnel import FunnelReport, rejected_at_label
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


def scheduled_text(report: FunnelReport) -> str:
    """Return "2 with a round ahead (interviewed once its day comes)": open applications with
    an interview round dated after the report's day."""
    return f"{number(report.scheduled)} with a round ahead (interviewed once its day comes)"
