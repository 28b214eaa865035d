"""One application: every field, the stage timeline, and the actions on it."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from pipeline_tui import clock, services
from pipeline_tui.domain.models import Application, role_text
from pipeline_tui.domain.stages import stage_label
from pipeline_tui.domain.summary import days_ahead, days_since
from pipeline_tui.errors import UserError
from pipeline_tui.tui.actions import ScopedScreen, bindings_for
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.cells import STAGE_FAMILY, STAGE_STYLES, day_text, safe
from pipeline_tui.tui.people_tables import application_people
from pipeline_tui.tui.reads import follow_data, run_read
from pipeline_tui.tui.screens.application_actions import ApplicationActions
from pipeline_tui.tui.screens.followup_actions import FollowUpActions
from pipeline_tui.tui.timeline import timeline
from pipeline_tui.tui.widgets.fitted_footer import FittedFooter
from pipeline_tui.tui.widgets.status_line import StatusLine
from pipeline_tui.tui.writes import safe_message


def fields_table(detail: services.Detail) -> Table:
    """Return the application's fields as a label/value grid of literal text."""
    application = detail.application
    today = clock.today()
    silent = days_since(application.last_event_on, today)
    # A round booked ahead: when it is, and no days of silence until its day.
    ahead = days_ahead(application.last_event_on, today)
    stage = stage_label(application.stage, application.round)
    if ahead is not None:
        stage, silent = f"{stage} · in {ahead}d", None
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    family = STAGE_FAMILY[application.stage]
    rows: list[tuple[str, Text]] = [
        ("Company", Text(safe(application.company))),
        ("Role", Text(safe(role_text(application.role)))),
        ("Department", Text(safe(application.department))),
        ("Stage", Text(stage, style=STAGE_STYLES[family])),
        ("Applied", Text(day_text(application.applied_on))),
        ("Last activity", Text(day_text(application.last_event_on))),
        ("Days silent", Text("" if silent is None else str(silent))),
        ("Source", Text(safe(application.source))),
        ("Programme", Text(safe(application.program))),
        ("Campaign", Text(safe(application.campaign))),
        ("Location", Text(safe(application.location))),
        ("URL", Text(safe(application.url))),
        ("Notes", Text((application.notes and safe(application.notes)) or "")),
    ]
    if application.archived:
        rows.append(("Archived", Text("yes (hidden from the board and table)", style="dim")))
    for label, value in rows:
        table.add_row(label, value)
    return table


def title_line(application: Application) -> Table:
    """Return "#12  Company — Role   stage" in one line; a long name is cut, never the stage."""
    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True)
    family = STAGE_FAMILY[application.stage]
    stage = stage_label(application.stage, application.round)
    if application.archived:
        stage += " (archived)"
    grid.add_row(
        Text(f"#{application.id}", style="bold"),
        Text(safe(application.title), style="bold"),
        Text(stage, style=STAGE_STYLES[family]),
    )
    return grid


class DetailScreen(ScopedScreen, ApplicationActions, FollowUpActions, Screen[None]):
    """Fields on the left, timeline on the right; escape goes back."""

    SCOPE = "detail"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("detail")

    def __init__(self, application_id: int) -> None:
        super().__init__()
        self.application_id = application_id
        self.detail: services.Detail | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(f"#{self.application_id}"), id="detail-title")
        yield StatusLine(id="detail-status", classes="notices")
        with Horizontal(id="detail-body"):
            with VerticalScroll(id="detail-fields-pane", can_focus=False):
                yield Static("loading…", id="detail-fields")
                yield Static("", id="detail-offer")
            with (
                Vertical(id="detail-timeline-pane"),
                VerticalScroll(id="timeline-scroll", can_focus=True),
            ):
                yield Static("", id="detail-people")
                yield Static(Text("Timeline", style="bold"), id="timeline-title")
                yield Static("", id="timeline")
        yield FittedFooter()

    def on_mount(self) -> None:
        follow_data(self, self.load)

    def load(self) -> None:
        """Read the application and its timeline."""
        read = partial(services.detail, ref=self.application_id)
        run_read(self, read, self._loaded, group="detail", refused=self._gone)

    def _gone(self, error: UserError) -> None:
        """Removed meanwhile (an undo, another terminal): say so and go back."""
        self.detail = None
        self.notify(safe_message(error), severity="warning", markup=False)
        self.dismiss()

    def _loaded(self, detail: services.Detail) -> None:
        self.detail = detail
        pipeline_app(self).take_came_back(self)  # one application: nothing to put a cursor on
        application = detail.application
        self.query_one("#detail-title", Static).update(title_line(application))
        self.query_one("#detail-fields", Static).update(fields_table(detail))
        offer = self.query_one("#detail-offer", Static)
        offer.display = bool(detail.offers)
        if detail.offers:
            # Imported when first needed: the offer modules stay off the start-up path.
            from pipeline_tui.domain.offers import decision_of
            from pipeline_tui.tui.widgets.offer_panel import offer_block

            decision = decision_of(application.stage)
            offer.update(offer_block(detail.offers, decision, clock.today()))
        self.query_one("#timeline", Static).update(timeline(detail.events))
        people = self.query_one("#detail-people", Static)
        people.display = bool(detail.interviews or detail.contacts or detail.reminders)
        people.update(
            application_people(detail.interviews, detail.contacts, detail.reminders, clock.today())
        )
        self.refresh_bindings()

    def selected_id(self) -> int | None:
        return self.application_id if self.detail is not None else None

    def selected_archived(self) -> bool:
        return self.detail is not None and self.detail.application.archived

    def action_back(self) -> None:
        self.dismiss()
