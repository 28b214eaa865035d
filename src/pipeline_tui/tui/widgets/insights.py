"""Insights: the funnel, conversion by source, 12 weeks of activity and the follow-ups due.

The numbers come from the same services as `pipeline funnel` and `pipeline weekly`; this
module only lays them out.
"""

from __future__ import annotations

from functools import partial

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from pipeline_tui import clock
from pipeline_tui.config import Settings
from pipeline_tui.domain.funnel import FunnelFilter, FunnelGroups, FunnelReport, rejected_at_label
from pipeline_tui.domain.weekly import WeeklyReport
from pipeline_tui.reports.layout import reasons_suffix
from pipeline_tui.services import reports
from pipeline_tui.services.database import Database
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.cells import fit, safe
from pipeline_tui.tui.reads import run_read

BAR_WIDTH = 20
# Sources listed at least; more when the funnel panel beside them is taller (its rows are free).
SOURCES_SHOWN = 8
SOURCES_STACKED = 12
SOURCE_WIDTH = 14  # cells for a source name: the five columns fit a 50-cell panel
# The funnel panel is 66 cells wide (app.tcss grid); its text gets that less border and padding.
FUNNEL_TEXT_WIDTH = 62


def percent(ratio: float | None) -> str:
    """Return "12.5%", or an em dash when the share is undefined."""
    return "—" if ratio is None else f"{ratio * 100:.1f}%"


def funnel_text(report: FunnelReport) -> Content:
    """Return the funnel as one line per level: count, shares and a bar in the theme's accent."""
    parts: list[str | tuple[str, str]] = [
        (f"{'level':<12}{'count':>8}{'of prev':>9}{'of sent':>9}\n", "$text-muted")
    ]
    top = max(report.submitted, 1)
    for level in report.levels:
        parts.append((f"{level.level:<12}", "bold"))
        parts.append(f"{level.count:>8,}{percent(level.of_previous):>9}")
        parts.append(f"{percent(level.of_submitted):>9}  ")
        filled = round(BAR_WIDTH * level.count / top)
        parts.append(("█" * filled if filled or not level.count else "▏", "$accent"))
        parts.append("\n")
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


def sources_table(groups: FunnelGroups, room: int = SOURCES_SHOWN) -> Table:
    """Return conversion by source: sent, then the share reaching each later level."""
    table = Table(box=None, padding=(0, 1), pad_edge=False, expand=False)
    table.add_column("source", no_wrap=True, max_width=SOURCE_WIDTH)
    for heading in ("sent", "replied", "interview", "offer"):
        table.add_column(heading, justify="right", no_wrap=True)
    shown = len(groups.groups) if len(groups.groups) <= room else room - 1
    for group in groups.groups[:shown]:
        report = group.report
        levels = {level.level: level for level in report.levels}
        table.add_row(
            Text(fit(safe(group.key), SOURCE_WIDTH).rstrip() if group.key else "(none)"),
            f"{report.submitted:,}",
            percent(levels["replied"].of_submitted),
            percent(levels["interviewed"].of_submitted),
            percent(levels["offer"].of_submitted),
        )
    hidden = len(groups.groups) - shown
    if hidden > 0:
        table.add_row(Text(f"+{hidden:,} more", style="dim"), "", "", "", "")
    return table


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


def _reports(
    store: Database, settings: Settings, campaign: str | None
) -> tuple[WeeklyReport, FunnelGroups]:
    """The weekly summary (funnel, activity, follow-ups) and the funnel by source, as of today."""
    today = clock.today()
    weekly = reports.weekly(
        store,
        today,
        today=today,
        ghost_after_days=settings.ghost_after_days,
        follow_up_days=settings.follow_up_days,
        campaign=campaign,
    )
    sources = reports.funnel_by(
        store,
        FunnelFilter(campaign=campaign),
        "source",
        today=today,
        ghost_after_days=settings.ghost_after_days,
    )
    return weekly, sources


class InsightsView(VerticalScroll, can_focus=True):
    """Four panels; reloaded whenever shown, when the data changes, or the campaign does."""

    DEFAULT_CSS = """
    InsightsView {
        height: 1fr;
        padding: 0 1;
        Grid { grid-size: 2 2; grid-columns: 66 1fr; grid-rows: auto auto; height: auto; }
        .panel { height: auto; border: round $panel-lighten-2; padding: 0 1; }
        .panel-title { text-style: bold; color: $text; }
        Sparkline { height: 3; margin: 0 0 0 0; }
        .spark-label { color: $text-muted; }
        #follow-ups { height: auto; max-height: 12; background: transparent; }
    }
    """

    class Opened(Message):
        """A follow-up was chosen: open that application."""

        def __init__(self, application_id: int) -> None:
            super().__init__()
            self.application_id = application_id

    def compose(self) -> ComposeResult:
        with Grid():
            with Vertical(classes="panel", id="funnel-panel"):
                yield Static("Funnel", classes="panel-title", id="funnel-title")
                yield Static("loading…", id="funnel")
            with Vertical(classes="panel", id="sources-panel"):
                yield Static("Conversion by source", classes="panel-title")
                yield Static("", id="sources")
            with Vertical(classes="panel", id="activity-panel"):
                yield Static("Activity, last 12 weeks", classes="panel-title")
                yield Static("", id="submitted-label", classes="spark-label")
                yield Sparkline([], id="submitted-spark")
                yield Static("", id="replies-label", classes="spark-label")
                yield Sparkline([], id="replies-spark")
                yield Static("", id="weeks-label", classes="spark-label")
            with Vertical(classes="panel", id="follow-ups-panel"):
                yield Static("Follow-ups due", classes="panel-title", id="follow-ups-title")
                yield Static("", id="follow-ups-none")
                yield OptionList(id="follow-ups", compact=True)

    def reload(self) -> None:
        """Compute the reports again for the current campaign, in a thread."""
        app = pipeline_app(self)
        read = partial(_reports, settings=app.settings, campaign=app.campaign)
        # The panels keep the last figures while the database cannot be read.
        run_read(self, read, self._loaded, group="insights")

    def _loaded(self, loaded: tuple[WeeklyReport, FunnelGroups]) -> None:
        weekly, sources = loaded
        if weekly.campaign != pipeline_app(self).campaign:
            return  # computed for a campaign no longer in scope
        report = weekly.funnel
        title = Text("Funnel", style="bold")
        scope = f" · {safe(weekly.campaign)}" if weekly.campaign else " · all campaigns"
        title.append(scope, style="dim")
        title.append(f" · ghosted after {report.ghost_after_days} days silent", style="dim")
        self.query_one("#funnel-title", Static).update(title)
        funnel = funnel_text(report)
        self.query_one("#funnel", Static).update(funnel)
        # Beside the funnel (the wide layout) the sources may use every line it takes;
        # stacked below it (narrow), a dozen keeps the panels after them within reach.
        if self.app.has_class("-narrow"):
            room = SOURCES_STACKED
        else:
            room = max(SOURCES_SHOWN, len(funnel.wrap(FUNNEL_TEXT_WIDTH)) - 1)
        self.query_one("#sources", Static).update(sources_table(sources, room))
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
