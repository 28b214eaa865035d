"""The offers screen: what `pipeline offers` compares, with the selected offer's history, and
the decisions (record, revise, accept with close-others, decline with a reason)."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from pipeline_tui import clock
from pipeline_tui.domain.comparison import ComparedOffer, Comparison
from pipeline_tui.domain.offers import Offer
from pipeline_tui.domain.stages import Stage
from pipeline_tui.services import offers
from pipeline_tui.tui import offer_writes
from pipeline_tui.tui.actions import NO_OFFER, ScopedScreen, bindings_for
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.cells import safe
from pipeline_tui.tui.reads import follow_data, run_read
from pipeline_tui.tui.screens.accept_modal import AcceptModal, Answer
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.offer_form import OfferFormModal
from pipeline_tui.tui.screens.reason_modal import move_with_reason
from pipeline_tui.tui.widgets.fitted_footer import FittedFooter
from pipeline_tui.tui.widgets.offer_panel import figures_table, revisions_table
from pipeline_tui.tui.widgets.offers_table import OffersTable
from pipeline_tui.tui.widgets.status_line import READ_PROBLEM, StatusLine
from pipeline_tui.tui.writes import Written


class OffersScreen(ScopedScreen, Screen[None]):
    """The comparison table above the selected offer's figures and revisions."""

    SCOPE = "offers"
    NO_SELECTION_TEXT = NO_OFFER
    SAYS_SELECT_FIRST = True
    AUTO_FOCUS = "#offers-table"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("offers")

    def __init__(self) -> None:
        super().__init__()
        self.include_decided = False
        self.comparison: Comparison | None = None
        self.history: dict[int, list[Offer]] = {}
        # The application whose offer the next load should select (one just written).
        self.follow_id: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Offers", style="bold"), id="offers-title")
        yield StatusLine(id="offers-status", classes="notices")
        yield Static("", id="offers-note")
        yield OffersTable(id="offers-table")
        with Horizontal(id="offer-pane"):
            with VerticalScroll(id="offer-figures-pane", can_focus=False):
                yield Static("", id="offer-figures")
            with VerticalScroll(id="offer-revisions-pane", can_focus=False):
                yield Static("", id="offer-revisions")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one("#offers-note").display = False
        self.watch(self.app, "read_problem", self._render_status, init=False)
        self._render_status()
        follow_data(self, self.load)

    # Loading

    def load(self) -> None:
        """Read the comparison (pending offers, or every one) and the revisions of each."""
        app = pipeline_app(self)
        read = partial(
            offers.comparison_with_history,
            today=clock.today(),
            preferred_currency=app.settings.currency,
            include_decided=self.include_decided,
        )
        run_read(self, read, self._loaded, group="offers")

    def _loaded(self, loaded: tuple[Comparison, dict[int, list[Offer]]]) -> None:
        self.comparison, self.history = loaded
        table = self.query_one(OffersTable)
        current = table.current
        back = pipeline_app(self).take_came_back(self)
        if self.follow_id is None and back is not None:
            self.follow_id = back.application_id  # what u or U brought back
        keep = (
            self.follow_id
            if self.follow_id is not None
            else (current.application_id if current else None)
        )
        self.follow_id = None
        table.empty_message = (
            "No offers recorded. A records one."
            if self.include_decided
            else "No pending offers. A records one; D shows decided ones too."
        )
        table.show(self.comparison, keep_id=keep)
        note = self.query_one("#offers-note", Static)
        currency_note = self.comparison.currency_note
        note.display = currency_note is not None
        note.update(Text(f" ⚠ {currency_note}" if currency_note else ""))
        self._render_title()
        self._render_status()
        self._show_selected(table.current)

    def _render_title(self) -> None:
        comparison = self.comparison
        title = Text("Offers", style="bold")
        if comparison is not None:
            count = len(comparison.offers)
            which = "offer" if self.include_decided else "pending offer"
            title.append(f"  {count} {which}{'s' if count != 1 else ''}")
            title.append(
                f" · highest steady-state total first · as of {comparison.today.isoformat()}",
                style="dim",
            )
        if not self.include_decided:
            title.append("  (D: decided too)", style="dim")
        self.query_one("#offers-title", Static).update(title)

    def _render_status(self) -> None:
        text = Text(" ")
        text.append("u undoes: ", style="dim")
        change = pipeline_app(self).history.next_undo()
        text.append(safe(change.description) if change else "nothing yet", style="dim italic")
        if pipeline_app(self).read_problem is not None:
            text.append(READ_PROBLEM, style="bold red")
        self.query_one("#offers-status", StatusLine).show(text)

    def _show_selected(self, item: ComparedOffer | None) -> None:
        figures = self.query_one("#offer-figures", Static)
        revisions = self.query_one("#offer-revisions", Static)
        if item is None:
            figures.update("")
            revisions.update("")
        else:
            heading = Text(f"#{item.application_id} ", style="bold")
            heading.append(safe(item.title), style="bold")
            figures.update(Group(heading, figures_table(item.offer, item.decision, clock.today())))
            history = self.history.get(item.application_id, [item.offer])
            count = len(history)
            title = Text(f"Revisions ({count})", style="bold")
            revisions.update(Group(title, revisions_table(history)))
        self.sync_bindings()

    @on(OffersTable.Highlighted)
    def _highlighted(self, event: OffersTable.Highlighted) -> None:
        self._show_selected(event.item)

    @on(OffersTable.Activated)
    def _activated(self, event: OffersTable.Activated) -> None:
        self.app.push_screen(DetailScreen(event.item.application_id))

    # Selection

    def selected(self) -> ComparedOffer | None:
        """The offer under the cursor."""
        return self.query_one(OffersTable).current

    def selected_id(self) -> int | None:
        item = self.selected()
        return item.application_id if item else None

    # Actions

    def action_back(self) -> None:
        self.dismiss()

    def action_decided(self) -> None:
        self.include_decided = not self.include_decided
        self._render_title()
        self.load()

    def _form(self, application_id: int | None) -> None:
        def done(written: Written | None) -> None:
            if written is not None:
                self.follow_id = written.application_id
                pipeline_app(self).report_written(written)

        self.app.push_screen(OfferFormModal(application_id), done)

    def action_record_offer(self) -> None:
        self._form(None)

    def action_revise_offer(self) -> None:
        item = self.selected()
        if item is not None:
            self._form(item.application_id)

    def action_accept_offer(self) -> None:
        item = self.selected()
        if item is None:
            return
        if item.decision not in ("pending", "accepted"):
            self.app.notify(
                f"the offer of #{item.application_id} is {item.decision}; m on its application "
                "corrects that",
                severity="warning",
                markup=False,
            )
            return

        def answered(answer: Answer | None) -> None:
            if answer is None:
                return
            self.follow_id = item.application_id
            write = partial(
                offer_writes.accept,
                application_id=item.application_id,
                close_others=answer == "close",
            )
            pipeline_app(self).run_write(write)

        self.app.push_screen(AcceptModal(item.application_id, item.title), answered)

    def action_decline_offer(self) -> None:
        item = self.selected()
        if item is None:
            return
        if item.decision != "pending":
            self.app.notify(
                f"the offer of #{item.application_id} is already {item.decision}",
                severity="warning",
                markup=False,
            )
            return
        title = f"#{item.application_id} {item.title}"
        move_with_reason(self, item.application_id, Stage.DECLINED, title)
