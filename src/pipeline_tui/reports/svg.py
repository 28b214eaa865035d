"""The reply curve as an inline SVG: no scripts, fonts or links, so a mailed page shows it as is.

The curve is the share of applications still waiting after each day (a Kaplan-Meier step
line). A search where few applications are answered keeps that share high, so the vertical
axis starts at a round level under the curve's lowest point rather than at 0, and says so.
"""

from __future__ import annotations

import math

from pipeline_tui.domain.replies import ReplyCurve, ReplyFacts

_WIDTH, _HEIGHT = 640, 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 16, 16, 40
_LINE = "#0969da"
_MARK = "#8250df"
_GRID = "#d0d7de"
_TEXT = "#59636e"


def _nice_step(span: float, ticks: int) -> float:
    """Return a round step (1, 2 or 5 times a power of ten) giving about ticks steps."""
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _last_day(curve: ReplyCurve, facts: ReplyFacts | None) -> int:
    """The day the picture ends: past the day most answers have come, within what was seen."""
    longest = max(curve.curve.longest, 1)
    answer_days = [step.day for step in curve.curve.steps if step.events]
    wanted = facts.silent_day * 2 if facts is not None else max(answer_days, default=30)
    wanted = max(wanted, 14)
    step = _nice_step(wanted, 6)
    return int(min(longest, math.ceil(wanted / step) * step))


def reply_curve_svg(curve: ReplyCurve) -> str:
    """Return the curve as one <svg> element with axes, ticks and the facts' days marked."""
    facts = curve.facts()
    end = _last_day(curve, facts)
    points = [(day, share) for day, share in curve.points() if day <= end]
    floor_share = min(share for _, share in points) if points else 1.0
    y_step = _nice_step(max(1.0 - floor_share, 0.01) * 100, 4) / 100
    y_low = max(math.floor(floor_share / y_step) * y_step - y_step, 0.0)
    if y_low < 0.05:
        y_low = 0.0
    inner_w, inner_h = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM

    def x(day: float) -> float:
        return _LEFT + inner_w * day / end

    def y(share: float) -> float:
        return _TOP + inner_h * (1.0 - share) / (1.0 - y_low)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {_HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="reply-curve-title" '
        f'style="max-width:{_WIDTH}px;font-family:sans-serif;font-size:11px">',
        '<title id="reply-curve-title">Share of applications still waiting for a first reply, '
        "by days since they were sent</title>",
    ]
    # Horizontal grid and the share axis.
    level = 1.0
    while level >= y_low - 1e-9:
        top = y(level)
        parts.append(
            f'<line x1="{_LEFT}" y1="{top:.1f}" x2="{_WIDTH - _RIGHT}" y2="{top:.1f}" '
            f'stroke="{_GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{_LEFT - 6}" y="{top + 4:.1f}" text-anchor="end" fill="{_TEXT}">'
            f"{level * 100:.0f}%</text>"
        )
        level = round(level - y_step, 10)
    # Day axis.
    day_step = _nice_step(end, 8)
    day = 0.0
    while day <= end + 1e-9:
        left = x(day)
        parts.append(
            f'<text x="{left:.1f}" y="{_HEIGHT - _BOTTOM + 16}" text-anchor="middle" '
            f'fill="{_TEXT}">{day:g}</text>'
        )
        day += day_step
    parts.append(
        f'<text x="{_LEFT + inner_w / 2:.1f}" y="{_HEIGHT - 6}" text-anchor="middle" '
        f'fill="{_TEXT}">days since sent</text>'
    )
    parts.append(
        f'<line x1="{_LEFT}" y1="{_HEIGHT - _BOTTOM}" x2="{_WIDTH - _RIGHT}" '
        f'y2="{_HEIGHT - _BOTTOM}" stroke="{_TEXT}" stroke-width="1"/>'
    )
    # The days the facts name, as dashed lines.
    if facts is not None:
        for mark, label in (
            (facts.half_within, "half of the replies"),
            (facts.silent_day, "95% of them"),
        ):
            if mark <= end:
                left = x(mark)
                parts.append(
                    f'<line x1="{left:.1f}" y1="{_TOP}" x2="{left:.1f}" y2="{_HEIGHT - _BOTTOM}" '
                    f'stroke="{_MARK}" stroke-width="1" stroke-dasharray="4 3"/>'
                )
                parts.append(
                    f'<text x="{left + 4:.1f}" y="{_TOP + 10}" fill="{_MARK}">{label}: day '
                    f"{mark}</text>"
                )
    # The step line: flat until a day answers came, then down.
    if points:
        path = [f"M{x(0):.1f},{y(1.0):.1f}"]
        current = 1.0
        for day_value, share in points:
            path.append(f"H{x(day_value):.1f}")
            if share != current:
                path.append(f"V{y(share):.1f}")
                current = share
        path.append(f"H{x(end):.1f}")
        parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="{_LINE}" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)
