"""The forecast on the Insights screen: applications and weeks for one more interview and one
more offer at the last weeks' rates and pace, with their ranges, and this week against the
weekly target. The figures are `services.insights.forecast`'s and the phrases
`reports.insights`', as `pipeline forecast` prints them.
"""

from __future__ import annotations

from textual.content import Content

from pipeline_tui.domain.forecast import Forecast
from pipeline_tui.reports.insights import goal_needs, target_line
from pipeline_tui.reports.layout import bar, number, plural, rate

TARGET_BAR = 24


def forecast_title(forecast: Forecast) -> str:
    """Return the window the forecast reads: "last 8 weeks (since 2024-07-23)"."""
    return f"last {forecast.weeks} weeks (since {forecast.since.isoformat()})"


def forecast_content(forecast: Forecast) -> Content:
    """Return the forecast as lines for a panel: the pace, each goal, this week's target."""
    parts: list[str | tuple[str, str]] = [
        f"{plural(forecast.sent, 'application')} sent: {forecast.pace:,.1f} a week\n"
    ]
    if not forecast.sent:
        parts.append(
            (f"Nothing was sent in these {forecast.weeks} weeks: no rate to go by.\n",
             "$text-muted")
        )  # fmt: skip
    for goal in forecast.goals if forecast.sent else ():
        parts.append((f"one more {goal.level}\n", "bold"))
        parts.append(
            (
                f"  rate {rate(goal.rate, goal.rate_ci)} · {number(goal.reached)} in "
                f"{forecast.weeks} weeks\n",
                "$text-muted",
            )
        )
        parts += [f"  {line}\n" for line in goal_needs(goal, forecast.weekly_target)]
    parts.append(target_line(forecast.weekly_target, forecast.week, forecast.sent_this_week))
    if forecast.weekly_target:
        share = forecast.sent_this_week / forecast.weekly_target
        filled = bar(share, TARGET_BAR)
        parts += ["\n", (filled, "$accent"), ("░" * (TARGET_BAR - len(filled)), "$text-muted")]
    return Content.assemble(*parts)
