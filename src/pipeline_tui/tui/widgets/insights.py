"""Insights: the funnel with intervals, conversion by group with its verdicts, 12 weeks of
activity, the follow-ups due, the reply-time curve and the forecast.

The numbers come from the same services as `pipeline funnel [--by]`, `pipeline weekly`,
`pipeline replies` and `pipeline forecast`; this module only lays them out. Three reads fill
the panels, each in its own worker: the weekly summary, the groups (read again when the "by"
choice changes), and the reply curve with the forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import cast

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Select, Sparkline, Static
from textual.widgets.option_list import Option

from pipeline_tui import clock
from pipeline_tui.config import Settings
from pipeline_tui.domain.forecast import Forecast
from pipeline_tui.domain.funnel import (
    FunnelFilter,
    FunnelGroups,
    FunnelReport,
    GroupBy,
    rejected_at_label,
)
from pipeline_tui.domain.replies import ReplyCurve
from pipeline_tui.domain.weekly import WeeklyReport
from pipeline_tui.reports.insights import reply_sentences
from pipeline_tui.reports.layout import level_shares, reasons_suffix
from pipeline_tui.services import insights, reports
from pipeline_tui.services.database import Database
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.cells import safe
from pipeline_tui.tui.reads import run_read
from pipeline_tui.tui.widgets.drawn import Drawn
from pipeline_tui.tui.widgets.insights_forecast import forecast_content, forecast_title
from pipeline_tui.tui.widgets.insights_groups import BY_CHOICES, LEVEL_CHOICES, groups_content
from pipeline_tui.tui.widgets.reply_chart import survival_chart

# A bar narrower than this beside the funnel's shares is left out.
LEAST_BAR = 10
EMPTY_HINT = (
    "No submitted applications yet. Capture one with a, add one with A, or bring a file in "
    "with `pipeline import`: the funnel, the groups, the reply curve and the forecast fill in "
    "from them."
)


def funnel_text(report: FunnelReport, width: int) -> Content:
    """Return the funnel as one line per level: count, shares of the previous level and of
    everything sent, each with its 95% interval, and a bar in the theme's accent where it fits."""
    if not report.submitted:
        return Content.styled(EMPTY_HINT, "$text-muted")
    count_width = max(7, *(len(f"{level.count:,}") for level in report.levels))
    previous, sent = zip(*level_shares(report), strict=True)
    previous_width = max(7, *map(len, previous))
    sent_width = max(7, *map(len, sent))
    used = 12 + count_width + 2 + previous_width + 2 + sent_width + 2
    bar_width = width - used if width - used >= LEAST_BAR else 0
    parts: list[str | tuple[str, str]] = [
        (
            f"{'level':<12}{'count':>{count_width}}  {'of prev':>{previous_width}}  "
            f"{'of sent':>{sent_width}}\n",
            "$text-muted",
        )
    ]
    top = max(report.submitted, 1)
    for level, of_previous, of_sent in zip(report.levels, previous, sent, strict=True):
        parts.append((f"{level.level:<12}", "bold"))
        parts.append(f"{level.count:>{count_width},}  {of_previous:>{previous_width}}  ")
        parts.append(f"{of_sent:>{sent_width}}")
        if bar_width:
            filled = round(bar_width * level.count / top)
            parts.append("  ")
            parts.append(("█" * filled if filled or not level.count else "▏", "$accent"))
        parts.append("\n")
    parts.append(("in brackets: the 95% interval of each share\n", "$text-muted"))
    median = report.median_days_to_reply
    parts.append(("\nfirst reply after ", "$text-muted"))
    parts.append(("—" if median is None else f"{median:g} days", "bold"))
    parts.append((f" (median) · {report.still_waiting:,} still waiting\n", "$text-muted"))
    # Reasons where recorded: "rejected: 3 (failed technical 2)".
    outcomes = " · ".join(
        f"{name}: {count:,}{reasons_suffix(report.outcome_reasons.get(name))}"
        for name, count in report.outcomes.items()
    )
    parts.append((f"outcomes: {outcomes}", "$text-muted"))
    if report.rejected_at:
        where = " · ".join(
            f"{rejected_at_label(key)}: {count:,}"
            f"{reasons_suffix(report.rejected_at_reasons.get(key))}"
            for key, count in report.rejected_at.items()
        )
        parts.append((f"\nrejected at: {where}", "$text-muted"))
    return Content.assemble(*parts)


def follow_up_options(report: WeeklyReport) -> list[Option]:
    """Return the open applications waiting longest for an answer; enter on one opens it."""
    due = report.follow_ups
    options: list[Option] = []
    for item in due.items:
        row = Table.grid(padding=(0, 1), expand=True)
        # Each option is its own grid, so the widths are fixed to line the rows up.
        row.add_column(justify="right", style="dim", no_wrap=True, width=5)
        row.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        row.add_column(no_wrap=True, width=12)
        row.add_column(justify="right", no_wrap=True, width=5)
        title = safe(item.company) + " — " + safe(item.role)
        row.add_row(str(item.application_id), Text(title), item.stage_label, f"{item.days_silent}d")
        options.append(Option(row, id=str(item.application_id)))
    if due.total > len(due.items):
        more = Text(f"      +{due.total - len(due.items):,} more", style="dim")
        options.append(Option(more, disabled=True))
    return options


def _spark_label(name: str, weekly_counts: list[float]) -> Text:
    total, most = int(sum(weekly_counts)), int(max(weekly_counts, default=0))
    return Text(f"{name}: {total:,} in 12 weeks (most in one week: {most:,})")


def _weekly(store: Database, settings: Settings, campaign: str | None) -> WeeklyReport:
    """The weekly summary (funnel, activity, follow-ups) as of today."""
    today = clock.today()
    return reports.weekly(
        store,
        today,
        today=today,
        ghost_after_days=settings.ghost_after_days,
        follow_up_days=settings.follow_up_days,
        campaign=campaign,
    )


def _groups(store: Database, settings: Settings, campaign: str | None, by: GroupBy) -> FunnelGroups:
    """The funnel by group, compared with the rest, as `pipeline funnel --by` computes it."""
    today = clock.today()
    return reports.funnel_by(
        store,
        FunnelFilter(campaign=campaign),
        by,
        today=today,
        ghost_after_days=settings.ghost_after_days,
        min_group_size=settings.min_group_size,
    )


@dataclass(frozen=True, slots=True)
class TimeReads:
    """The reply curve and the forecast of one campaign (None: all)."""

    campaign: str | None
    curve: ReplyCurve
    forecast: Forecast


def _time(store: Database, settings: Settings, campaign: str | None) -> TimeReads:
    """The reply curve and the forecast, as `pipeline replies` and `pipeline forecast`."""
    today = clock.today()
    curve = insights.reply_curve_of(
        store, today=today, campaign=campaign, min_group_size=settings.min_group_size
    )
    forecast = insights.forecast(
        store, today=today, weekly_target=settings.weekly_target, campaign=campaign
    )
    return TimeReads(campaign, curve, forecast)


class InsightsView(VerticalScroll, can_focus=True):
    """Six panels; reloaded whenever shown, when the data changes, or the campaign does."""

    DEFAULT_CSS = """
    InsightsView {
        height: 1fr;
        padding: 0 1;
        Grid { grid-size: 2; grid-columns: 66 1fr; grid-rows: auto; height: auto; }
        .panel { height: auto; border: round $panel-lighten-2; padding: 0 1; }
        .panel-title { text-style: bold; color: $text; }
        Sparkline { height: 3; margin: 0 0 0 0; }
        .spark-label { color: $text-muted; }
        #follow-ups { height: auto; max-height: 12; background: transparent; }
        #groups-choices { height: 1; }
        #groups-choices .panel-title { width: auto; }
        #groups-choices Static { width: auto; padding: 0 1 0 0; }
        #by-choice { width: 12; margin: 0 1 0 0; }
        #level-choice { width: 15; }
        #reply-lines { margin: 1 0 0 0; }
    }
    """

    class Opened(Message):
        """A follow-up was chosen: open that application."""

        def __init__(self, application_id: int) -> None:
            super().__init__()
            self.application_id = application_id

    by: GroupBy = "source"
    level: str = LEVEL_CHOICES[0]
    _grouped: FunnelGroups | None = None

    def compose(self) -> ComposeResult:
        # Row by row: what to act on first, then the comparisons (the whole width: each group
        # and its verdict on one line), then time and pace.
        with Grid(id="top-grid"):
            with Vertical(classes="panel", id="funnel-panel"):
                yield Static("Funnel", classes="panel-title", id="funnel-title")
                yield Drawn(lambda width: Content("loading…"), id="funnel")
            with Vertical(classes="panel", id="follow-ups-panel"):
                yield Static("Follow-ups due", classes="panel-title", id="follow-ups-title")
                yield Static("", id="follow-ups-none")
                yield OptionList(id="follow-ups", compact=True)
        # Outside the grids: a grid sizes a row of spanning cells by one column's width.
        with Vertical(classes="panel", id="groups-panel"):
            with Horizontal(id="groups-choices"):
                yield Static("Conversion by", classes="panel-title")
                yield Select(
                    BY_CHOICES, value=self.by, allow_blank=False, compact=True, id="by-choice"
                )
                yield Static("to", classes="panel-title")
                yield Select(
                    [(level, level) for level in LEVEL_CHOICES],
                    value=self.level,
                    allow_blank=False,
                    compact=True,
                    id="level-choice",
                )
            yield Drawn(id="groups")
        with Grid(id="time-grid"):
            with Vertical(classes="panel", id="replies-panel"):
                yield Static("Time to first reply", classes="panel-title", id="replies-title")
                yield Drawn(id="reply-chart")
                yield Static("", id="reply-lines")
            with Vertical(classes="panel", id="forecast-panel"):
                yield Static("Forecast", classes="panel-title", id="forecast-title")
                yield Static("", id="forecast")
        with Vertical(classes="panel", id="activity-panel"):
            yield Static("Activity, last 12 weeks", classes="panel-title")
            yield Static("", id="submitted-label", classes="spark-label")
            yield Sparkline([], id="submitted-spark")
            yield Static("", id="replies-label", classes="spark-label")
            yield Sparkline([], id="replies-spark")
            yield Static("", id="weeks-label", classes="spark-label")

    def reload(self) -> None:
        """Compute the reports again for the current campaign, in threads."""
        app = pipeline_app(self)
        settings, campaign = app.settings, app.campaign
        # The panels keep the last figures while the database cannot be read.
        weekly = partial(_weekly, settings=settings, campaign=campaign)
        run_read(self, weekly, self._loaded, group="insights")
        self._read_groups()
        time = partial(_time, settings=settings, campaign=campaign)
        run_read(self, time, self._time_loaded, group="insights-time")

    def _read_groups(self) -> None:
        app = pipeline_app(self)
        read = partial(_groups, settings=app.settings, campaign=app.campaign, by=self.by)
        run_read(self, read, self._groups_loaded, group="insights-groups")

    def _loaded(self, weekly: WeeklyReport) -> None:
        if weekly.campaign != pipeline_app(self).campaign:
            return  # computed for a campaign no longer in scope
        report = weekly.funnel
        title = Text("Funnel", style="bold")
        scope = f" · {safe(weekly.campaign)}" if weekly.campaign else " · all campaigns"
        title.append(scope, style="dim")
        title.append(f" · ghosted after {report.ghost_after_days} days silent", style="dim")
        self.query_one("#funnel-title", Static).update(title)
        self.query_one("#funnel", Drawn).draw(partial(funnel_text, report))
        history = weekly.history
        submitted = [float(week.activity.submitted) for week in history]
        replies = [float(week.activity.replies) for week in history]
        self.query_one("#submitted-spark", Sparkline).data = submitted
        self.query_one("#replies-spark", Sparkline).data = replies
        self.query_one("#submitted-label", Static).update(_spark_label("sent", submitted))
        self.query_one("#replies-label", Static).update(_spark_label("replies", replies))
        if history:
            self.query_one("#weeks-label", Static).update(
                Text(f"{history[0].label} … {history[-1].label}")
            )
        due = weekly.follow_ups
        follow_title = Text("Follow-ups due", style="bold")
        follow_title.append(f" · silent {due.follow_up_days}+ days · {due.total:,}", style="dim")
        self.query_one("#follow-ups-title", Static).update(follow_title)
        options = self.query_one("#follow-ups", OptionList)
        highlighted = options.highlighted
        options.set_options(follow_up_options(weekly))
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)
        options.display = bool(due.items)
        none = self.query_one("#follow-ups-none", Static)
        none.display = not due.items
        none.update(Text(f"Nothing silent for {due.follow_up_days}+ days.", style="dim"))
        if self.has_focus:  # shown before the figures came: the list takes the keys now
            self.focus_follow_ups()

    def _groups_loaded(self, grouped: FunnelGroups) -> None:
        if grouped.filters.campaign != pipeline_app(self).campaign or grouped.by != self.by:
            return  # asked for before the campaign or the choice changed
        self._grouped = grouped
        self._show_groups()

    def _time_loaded(self, loaded: TimeReads) -> None:
        if loaded.campaign != pipeline_app(self).campaign:
            return  # computed for a campaign no longer in scope
        curve = loaded.curve
        title = Text("Time to first reply", style="bold")
        title.append(f" · {curve.at_risk:,} sent · {curve.replied:,} answered", style="dim")
        self.query_one("#replies-title", Static).update(title)
        chart = self.query_one("#reply-chart", Drawn)
        chart.display = bool(curve.at_risk)
        chart.draw(partial(survival_chart, curve))
        lines = reply_sentences(curve)
        if curve.at_risk:
            waiting = curve.at_risk - curve.replied
            lines.append(
                f'The {waiting:,} without an answer count as "not yet" for as long as they '
                'have waited, not as "no".'
            )
        self.query_one("#reply-lines", Static).update(Text("\n".join(lines)))
        forecast_heading = Text("Forecast", style="bold")
        forecast_heading.append(f" · {forecast_title(loaded.forecast)}", style="dim")
        self.query_one("#forecast-title", Static).update(forecast_heading)
        self.query_one("#forecast", Static).update(forecast_content(loaded.forecast))

    @on(Select.Changed, "#by-choice")
    def _by_chosen(self, event: Select.Changed) -> None:
        event.stop()
        chosen = str(event.value)
        if chosen != self.by and chosen in {value for _, value in BY_CHOICES}:
            self.by = cast(GroupBy, chosen)
            self._read_groups()

    @on(Select.Changed, "#level-choice")
    def _level_chosen(self, event: Select.Changed) -> None:
        event.stop()
        self.level = str(event.value)
        self._show_groups()

    def _show_groups(self) -> None:
        if self._grouped is not None:
            draw = partial(groups_content, self._grouped, self.level)
            self.query_one("#groups", Drawn).draw(draw)

    @on(OptionList.OptionSelected, "#follow-ups")
    def _follow_up_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Opened(int(event.option.id)))

    def focus_follow_ups(self) -> bool:
        """Put the keyboard on the follow-up list, if it has any; return whether it did."""
        options = self.query_one("#follow-ups", OptionList)
        if options.display and options.option_count:
            options.focus(scroll_visible=False)  # the funnel at the top stays in view
            return True
        return False
