"""The main screen: board, table and insights behind tabs, with the filter and capture bars."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Input, Select, Tab, Tabs

from pipeline_tui.domain.stages import Stage
from pipeline_tui.services.database import Database
from pipeline_tui.tui.actions import ScopedScreen, bindings_for
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.cells import safe
from pipeline_tui.tui.dataset import (
    SORT_KEYS,
    SORT_LABELS,
    STAGE_CHOICES,
    Dataset,
    SortKey,
    ViewQuery,
    parse_filter,
)
from pipeline_tui.tui.reads import run_read
from pipeline_tui.tui.screens.application_actions import ApplicationActions
from pipeline_tui.tui.screens.campaign_modal import CampaignModal
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.followup_actions import FollowUpActions
from pipeline_tui.tui.screens.form_modal import ApplicationFormModal
from pipeline_tui.tui.widgets.application_table import ApplicationTable
from pipeline_tui.tui.widgets.board import Board
from pipeline_tui.tui.widgets.capture_bar import CaptureBar
from pipeline_tui.tui.widgets.fitted_footer import FittedFooter
from pipeline_tui.tui.widgets.insights import InsightsView
from pipeline_tui.tui.widgets.status_line import StatusLine, append_app_state
from pipeline_tui.tui.widgets.welcome import WelcomePanel
from pipeline_tui.tui.writes import Written

VIEWS = ("board", "table", "insights")


def waiting_in_inbox(store: Database) -> int:
    """How many proposals of the mail review queue wait for a decision."""
    from pipeline_tui.services.inbox import inbox_counts

    return inbox_counts(store)["pending"]


FILTER_HINT = "filter: words  stage:interview  campaign:autumn  source:referral  is:open"


class MainScreen(ScopedScreen, ApplicationActions, FollowUpActions, Screen[None]):
    """Where a job seeker lives: capture, triage and review."""

    # Focus the board straight away: every focus change rebuilds the footer (~30 ms each).
    AUTO_FOCUS = "#board"

    SCOPE = "main"
    SAYS_SELECT_FIRST = True
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("main")

    def __init__(self) -> None:
        super().__init__()
        self.view = "board"
        self.query_text = ""
        self.stage_choice = "all"
        self.sort: SortKey = "last"
        self.descending = True
        self._was_empty = False
        self.inbox_waiting = 0  # proposals of the mail review queue waiting for a decision

    def compose(self) -> ComposeResult:
        tabs = Tabs(
            Tab("Board", id="tab-board"),
            Tab("Table", id="tab-table"),
            Tab("Insights", id="tab-insights"),
            id="tabs",
        )
        tabs.can_focus = False
        yield tabs
        yield StatusLine(id="status", classes="notices")
        with Horizontal(id="filter-bar"):
            yield Input(placeholder=FILTER_HINT, id="filter", compact=True)
            yield Select(
                [(f"stage: {choice}", choice) for choice in STAGE_CHOICES],
                value="all",
                allow_blank=False,
                compact=True,
                id="stage-filter",
            )
        with ContentSwitcher(initial="board", id="views"):
            yield WelcomePanel(id="welcome")
            yield Board(id="board")
            yield ApplicationTable(id="table")
            yield InsightsView(id="insights")
        yield CaptureBar(id="capture")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "data_generation", self._data_changed, init=False)
        self.watch(self.app, "campaign", self._campaign_changed, init=False)
        self.watch(self.app, "read_problem", self._render_status, init=False)
        self._render_status()

    # What is shown

    @property
    def view_query(self) -> ViewQuery:
        return ViewQuery(
            self.query_text,
            pipeline_app(self).campaign,
            self.stage_choice,
            self.sort,
            self.descending,
        )

    def _data_changed(self) -> None:
        self.refresh_view(moved=True)
        if self.view == "insights":
            self.query_one(InsightsView).reload()
        run_read(self, waiting_in_inbox, self._inbox_counted, group="inbox-count")

    def _inbox_counted(self, waiting: int) -> None:
        if waiting != self.inbox_waiting:
            self.inbox_waiting = waiting
            self._render_status()

    def _campaign_changed(self) -> None:
        self.refresh_view()
        if self.view == "insights":
            self.query_one(InsightsView).reload()

    def _empty(self) -> bool:
        dataset = pipeline_app(self).dataset
        return dataset.loaded and len(dataset) == 0 and not self.showing_archived

    @property
    def showing_archived(self) -> bool:
        """Whether the filter asks for the archived applications (is:archived)."""
        return parse_filter(self.query_text).archived

    def _dataset(self) -> Dataset:
        if not self.showing_archived:
            return pipeline_app(self).dataset
        archived = pipeline_app(self).archived
        if not archived.loaded:
            pipeline_app(self).load_archived()
        return archived

    def refresh_view(self, *, moved: bool = False) -> None:
        """Recompute the active view from the in-memory applications.

        moved: the data changed (a write or a reload), rather than what the view asks for.
        """
        dataset = self._dataset()
        follow = pipeline_app(self).take_follow() if moved else None
        if moved:
            pipeline_app(self).take_came_back(self)  # the board and table follow follow_id
        switcher = self.query_one(ContentSwitcher)
        empty = self._empty()
        self._show("#filter-bar", self.view != "insights" and not empty)
        self._show("#stage-filter", self.view == "table")
        if self.view != "insights" and empty:
            switcher.current = "welcome"
        elif self.view == "board":
            switcher.current = "board"
            self.query_one(Board).show(dataset.board(self.view_query), follow=follow, moved=moved)
        elif self.view == "table":
            switcher.current = "table"
            table = self.query_one(ApplicationTable)
            current = table.current
            keep = follow if follow is not None else (current.id if current else None)
            if follow is not None:
                table.armed = True
            table.show(
                dataset.select(self.view_query),
                sort=self.sort,
                descending=self.descending,
                keep_id=keep,
                moved=moved or follow is not None,
            )
        else:
            switcher.current = "insights"
        self._render_status()
        if empty != self._was_empty:
            self._was_empty = empty
            self.refresh_bindings()
        self.sync_bindings()
        if self.is_current and (self.focused is None or not self.focused.display):
            # The welcome panel gave way to the board (or the focused view was hidden).
            self._focus_view()

    def _show(self, selector: str, shown: bool) -> None:
        widget = self.query_one(selector)
        if widget.display != shown:
            widget.display = shown

    def _render_status(self) -> None:
        dataset = pipeline_app(self).dataset
        text = Text(" ")
        campaign = pipeline_app(self).campaign
        text.append("campaign: ", style="dim")
        text.append(safe(campaign) if campaign else "all", style="bold")
        if not dataset.loaded:
            text.append("   loading…", style="dim")
        else:
            total = len(dataset)
            if campaign and dataset.complete:
                scoped = dict(dataset.campaigns()).get(campaign, 0)
                text.append(f"   {scoped:,} of {total:,} applications")
            else:
                text.append(f"   {total:,} application{'' if total == 1 else 's'}")
            if not dataset.complete:
                text.append("  (loading the rest…)", style="dim")
        if self.view == "table":
            table = self.query_one(ApplicationTable)
            text.append(f"   showing {len(table.rows):,}", style="")
        # What u undoes comes before the sort (the table's heading shows it too): on a narrow
        # terminal the end of the line is cut first.
        append_app_state(text, pipeline_app(self))
        if self.view == "table":
            arrow = "▼" if self.descending else "▲"
            text.append(f"   sort: {SORT_LABELS[self.sort]} {arrow}", style="dim")
        if self.inbox_waiting:
            text.append(f"   {self.inbox_waiting:,} in the inbox (I)", style="dim")
        if self.query_text:
            text.append("   filter: ", style="dim")
            text.append(safe(self.query_text), style="bold")
            for problem in parse_filter(self.query_text).problems:
                text.append(f"   {problem}", style="bold red")
        self.query_one(StatusLine).show(text)

    def selected_id(self) -> int | None:
        if self.view == "board":
            board = self.query_one(Board)
            card = board.current
            return card.id if card and board.armed else None
        if self.view == "table":
            table = self.query_one(ApplicationTable)
            row = table.current
            return row.id if row and table.armed else None
        return None

    def selected_archived(self) -> bool:
        return self.showing_archived

    def showing_table(self) -> bool:
        return self.view == "table"

    def has_data(self) -> bool:
        return not self._empty()

    def can_select(self) -> bool:
        return self.view != "insights" and not self._empty()

    # Views

    def action_view(self, view: str) -> None:
        if view not in VIEWS:
            return
        self.view = view
        self.query_one(Tabs).active = f"tab-{view}"
        self.refresh_view()
        if view == "insights":
            self.query_one(InsightsView).reload()
        self._focus_view()
        self.refresh_bindings()

    @on(Tabs.TabActivated)
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        view = (event.tab.id or "").removeprefix("tab-")
        if view != self.view:
            self.action_view(view)

    def _focus_view(self) -> None:
        if self.view == "board":
            self.query_one(Board).focus()
        elif self.view == "table":
            self.query_one(ApplicationTable).focus()
        else:
            insights = self.query_one(InsightsView)
            if not insights.focus_follow_ups():
                insights.focus()

    async def action_quit(self) -> None:
        await self.app.action_quit()

    # Filter, sort, stage, campaign

    def action_filter(self) -> None:
        if self.view == "insights":
            self.action_view("table")
        self.query_one("#filter-bar").display = True
        self.query_one("#filter", Input).focus()

    def action_clear(self) -> None:
        """Escape: leave the filter box (keeping its text), or clear the filter from a view."""
        box = self.query_one("#filter", Input)
        if box.has_focus:
            self._focus_view()
        elif box.value:
            box.value = ""

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.refresh_view()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self._focus_view()

    def action_sort(self) -> None:
        position = SORT_KEYS.index(self.sort)
        self.sort_by(SORT_KEYS[(position + 1) % len(SORT_KEYS)])

    def action_sort_by(self, key: SortKey) -> None:
        self.sort_by(key)

    def sort_by(self, key: SortKey) -> None:
        """Sort the table by key (dates and silence newest/longest first); select the top row."""
        self.sort = key
        self.descending = key in ("last", "applied", "silent", "id")
        self._show_sorted()

    def _show_sorted(self) -> None:
        """Show the new order from its first row (a kept cursor would open mid-list)."""
        if self.view != "table":
            self.action_view("table")
        table = self.query_one(ApplicationTable)
        table.show(
            self._dataset().select(self.view_query), sort=self.sort, descending=self.descending
        )
        self._render_status()
        self.sync_bindings()

    @on(ApplicationTable.SortRequested)
    def _sort_requested(self, event: ApplicationTable.SortRequested) -> None:
        if event.key == self.sort:
            self.action_reverse()
        else:
            self.sort_by(event.key)

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self._show_sorted()

    def action_stage_filter(self) -> None:
        select = self.query_one("#stage-filter", Select)
        select.focus()
        select.action_show_overlay()

    @on(Select.Changed, "#stage-filter")
    def _stage_changed(self, event: Select.Changed) -> None:
        self.stage_choice = str(event.value)
        self.refresh_view()
        if self.view == "table":
            self.query_one(ApplicationTable).focus()

    def show_stage(self, stage: Stage) -> None:
        """Switch to the table showing one stage (from the board's closed column)."""
        self.query_one("#stage-filter", Select).value = stage.value
        self.stage_choice = stage.value
        self.action_view("table")

    def action_campaign(self) -> None:
        app = pipeline_app(self)

        def chosen(choice: str | bool | None) -> None:
            # False: the dialog was closed; None: all campaigns.
            if choice is None or isinstance(choice, str):
                app.campaign = choice

        self.app.push_screen(CampaignModal(app.dataset.campaigns(), app.campaign), chosen)

    # Adding

    def action_capture(self) -> None:
        if self.view == "insights":
            self.action_view("board")
        self.query_one(CaptureBar).open(pipeline_app(self).campaign)

    @on(CaptureBar.Closed)
    def _capture_closed(self) -> None:
        self._focus_view()

    def action_add(self) -> None:
        def done(written: Written | None) -> None:
            if written is not None:
                pipeline_app(self).report_written(written)

        self.app.push_screen(ApplicationFormModal(campaign=pipeline_app(self).campaign), done)

    # Opening

    def action_contacts(self) -> None:
        # Imported when first opened: the first screen does not wait for them.
        from pipeline_tui.tui.screens.contacts_screen import ContactsScreen

        self.app.push_screen(ContactsScreen())

    def action_due(self) -> None:
        from pipeline_tui.tui.screens.due_screen import DueScreen

        self.app.push_screen(DueScreen())

    def action_inbox(self) -> None:
        """Show what mail proposes to record."""
        from pipeline_tui.tui.screens.inbox_screen import InboxScreen

        self.app.push_screen(InboxScreen())

    def action_offers(self) -> None:
        """Show the offers side by side."""
        from pipeline_tui.tui.screens.offers_screen import OffersScreen

        self.app.push_screen(OffersScreen())

    def open_detail(self, application_id: int) -> None:
        """Show one application's detail screen."""
        self.app.push_screen(DetailScreen(application_id))

    @on(Board.Opened)
    def _board_opened(self, event: Board.Opened) -> None:
        self.open_detail(event.row.id)

    @on(ApplicationTable.Activated)
    def _table_activated(self, event: ApplicationTable.Activated) -> None:
        self.open_detail(event.row.id)

    @on(InsightsView.Opened)
    def _follow_up_opened(self, event: InsightsView.Opened) -> None:
        self.open_detail(event.application_id)

    @on(Board.OutcomeChosen)
    def _outcome_chosen(self, event: Board.OutcomeChosen) -> None:
        self.show_stage(event.stage)

    @on(ApplicationTable.Highlighted)
    @on(Board.SelectionMoved)
    def _selection_moved(self) -> None:
        # The footer dims the application keys without a selection; redraw it only then.
        self.sync_bindings()
