"""The reply-time curve drawn in block characters: the share of applications still waiting for a
first answer after so many days (Kaplan-Meier, `services.insights.reply_curve_of`).

The area under the curve is filled, its top edge in eighths of a cell; the days after which 95%
of the replies that come have come are drawn muted. The vertical axis starts where the curve
ends (rounded down), and its labels say so: with few answers a chart from 0% would be a flat bar.
"""

from __future__ import annotations

import math
from typing import TypeVar

from textual.content import Content

from pipeline_tui.domain.replies import ReplyCurve

T = TypeVar("T", str, tuple[str, str])
_EIGHTHS = " ▁▂▃▄▅▆▇█"
# Steps of the vertical axis (shares) and of the day axis, smallest first.
_SHARE_STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25)
_DAY_STEPS = (1, 2, 5, 7, 14, 30, 60, 90, 180, 365, 730)
_LABEL = 5  # "100%" and the axis
_LEAST_WIDTH = 10
AREA_ROWS = 6


def axis_floor(lowest: float) -> float:
    """Return where the share axis starts: a round share at or below lowest, leaving a little
    room under the curve (0 when the curve reaches 0, or never moves)."""
    span = 1.0 - lowest
    if span <= 0 or lowest <= 0:
        return 0.0
    step = next((step for step in _SHARE_STEPS if span / step <= 4), 0.25)
    floor = math.floor((lowest - span * 0.1) / step + 1e-9) * step
    return max(round(floor, 4), 0.0)


def day_span(curve: ReplyCurve) -> int:
    """Return the last day drawn: a little past the last answer (the flat silence after it
    shows), within the longest time observed."""
    longest = curve.curve.longest
    answer_days = [step.day for step in curve.curve.steps if step.events]
    if not answer_days:
        return max(longest, 1)
    wanted = max(math.ceil(answer_days[-1] * 1.25), 7)
    return max(min(wanted, longest), 1)


def _day_step(last: int, columns: int) -> int:
    """Return a tick step leaving about eight columns per label and at most six labels."""
    for step in _DAY_STEPS:
        ticks = last // step
        if ticks <= 6 and columns / max(ticks, 1) >= 8:
            return step
    return _DAY_STEPS[-1]


def _share(value: float) -> str:
    return f"{value * 100:.0f}%"


def survival_chart(curve: ReplyCurve, width: int, rows: int = AREA_ROWS) -> Content:
    """Return a caption, the curve as rows of block characters, a day axis, its labels and a
    legend."""
    if not curve.at_risk:
        return Content.styled("No submitted applications yet: no curve to draw.", "$text-muted")
    columns = max(width - _LABEL - 1, _LEAST_WIDTH)
    last = day_span(curve)
    days = [round(column * last / (columns - 1)) for column in range(columns)]
    shares = [curve.curve.survival_after(day) for day in days]
    floor = axis_floor(min(shares))
    facts = curve.facts()
    silent = facts.silent_day if facts is not None else None
    heights = [
        round(max(min((share - floor) / (1 - floor), 1.0), 0.0) * rows * 8) for share in shares
    ]
    caption = _fitting(width, "share still waiting for a first answer, by days since sent",
                       "share still waiting, by days since sent", "still waiting")  # fmt: skip
    parts: list[str | tuple[str, str]] = [(caption + "\n", "$text-muted")]
    for row in range(rows):
        base = (rows - 1 - row) * 8
        if row == 0:
            parts.append((f"{'100%':>4}┤", "$text-muted"))
        elif row == rows - 1:
            parts.append((f"{_share(floor):>4}┤", "$text-muted"))
        else:
            parts.append(("    │", "$text-muted"))
        parts += _runs(days, heights, base, silent)
        parts.append("\n")
    parts += _day_axis(last, columns)
    if silent is not None:
        coming, after = _fitting(
            width - _LABEL - 4,
            (" replies still coming   ", f" after day {silent}: 95% are in"),
            (" still coming ", f" after day {silent}"),
            (" coming ", f" >{silent}d"),
        )
        parts += [
            ("\n     █", "$accent"),
            (coming, "$text-muted"),
            ("█", "$primary-muted"),
            (after, "$text-muted"),
        ]
    return Content.assemble(*parts)


def _fitting(width: int, *choices: T) -> T:
    """Return the first choice (a text, or texts drawn together) that fits in width cells, else
    the last."""

    def length(choice: T) -> int:
        return sum(map(len, choice)) if isinstance(choice, tuple) else len(str(choice))

    return next((choice for choice in choices if length(choice) <= width), choices[-1])


def _runs(
    days: list[int], heights: list[int], base: int, silent: int | None
) -> list[str | tuple[str, str]]:
    """Return one row of the area as (characters, style) runs."""
    runs: list[tuple[str, str]] = []
    for day, height in zip(days, heights, strict=True):
        cell = _EIGHTHS[max(min(height - base, 8), 0)]
        style = "$primary-muted" if silent is not None and day > silent else "$accent"
        if runs and runs[-1][1] == style:
            runs[-1] = (runs[-1][0] + cell, style)
        else:
            runs.append((cell, style))
    return list(runs)


def _day_axis(last: int, columns: int) -> list[str | tuple[str, str]]:
    """Return the day axis with a tick per step, and the day labels under it."""
    step = _day_step(last, columns)
    ticks = {round(day * (columns - 1) / last): day for day in range(0, last + 1, step)}
    axis = "".join("┬" if column in ticks else "─" for column in range(columns))
    labels = [" "] * (columns + 8)
    for column, day in ticks.items():
        text = str(day)
        start = min(column, columns - len(text))
        if all(cell == " " for cell in labels[max(start - 1, 0) : start + len(text) + 1]):
            labels[start : start + len(text)] = text
    tail = "".join(labels).rstrip()
    if len(tail) + 5 <= columns:
        tail += " days"
    return [("    └" + axis + "\n", "$text-muted"), ("     " + tail, "$text-muted")]
