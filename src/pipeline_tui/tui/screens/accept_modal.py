"""Accepting an offer: what else is open, and whether to close it in the same step.

Lists the other open applications as services.offers.open_elsewhere reads them (the ones
`pipeline move REF accepted --close-others` would close): pending offers it would decline and
applications it would withdraw, each with the reason "accepted elsewhere". Answers "close"
(accept and close them: one batch, one `u`), "only" (accept, leave them open) or None.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from pipeline_tui.domain.models import Application
from pipeline_tui.domain.reasons import ACCEPTED_ELSEWHERE
from pipeline_tui.domain.stages import Stage, stage_label
from pipeline_tui.errors import UserError
from pipeline_tui.services.offers import OpenElsewhere, open_elsewhere
from pipeline_tui.tui.actions import bindings_for
from pipeline_tui.tui.cells import safe
from pipeline_tui.tui.reads import run_read
from pipeline_tui.tui.screens.dialog_modal import dialog_box
from pipeline_tui.tui.writes import safe_message

Answer = Literal["close", "only"]
# Lines listed per kind before "… and N more".
SHOWN = 8


def _title(application: Application) -> str:
    return f"#{application.id} {safe(application.title)}"


def others_text(others: tuple[OpenElsewhere, ...]) -> Text:
    """Return what closing the others would do: the offers declined, the applications withdrawn."""
    offers = [item for item in others if item.pending_offer]
    rest = [item for item in others if not item.pending_offer]
    text = Text()
    count = len(others)
    text.append(
        f"{count} other application{'s are' if count != 1 else ' is'} open. Closing "
        f'{"them" if count != 1 else "it"} records the reason "{ACCEPTED_ELSEWHERE}":\n'
    )
    for label, items in (("declines the offer of", offers), ("withdraws", rest)):
        if not items:
            continue
        text.append(f"\n{label} {len(items)}:\n", style="bold")
        for item in items[:SHOWN]:
            application = item.application
            text.append(f"  {_title(application)}")
            archived = " (archived)" if application.archived else ""
            deadline = item.offer.package.deadline if item.offer else None
            if item.pending_offer:
                detail = f" · answer by {deadline.isoformat()}" if deadline else ""
            else:
                detail = f" · {stage_label(application.stage, application.round)}"
            text.append(f"{detail}{archived}\n", style="dim")
        if len(items) > SHOWN:
            text.append(f"  … and {len(items) - SHOWN} more\n", style="dim")
    return text


class AcceptModal(ModalScreen[Answer | None]):
    """y accepts and closes the others, o accepts only, n or escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("accept")

    def __init__(self, application_id: int, title: str) -> None:
        super().__init__()
        self.application_id = application_id
        self.title_text = title
        self.others: tuple[OpenElsewhere, ...] | None = None
        self.already_accepted = False

    def compose(self) -> ComposeResult:
        title = Text("Accept the offer of ")
        title.append(f"#{self.application_id} {safe(self.title_text)}", style="bold")
        with dialog_box("accept-dialog"):
            yield Label(title, classes="dialog-title", markup=False, id="accept-title")
            reading = Text("reading the other open applications…", style="dim")
            yield Static(reading, id="accept-what")
            with Vertical(classes="dialog-footer"):
                yield Label("", id="accept-question")
                with Horizontal(classes="dialog-buttons"):
                    yield Button(
                        "Accept, close the others",
                        variant="warning",
                        id="close",
                        compact=True,
                        disabled=True,
                    )
                    yield Button("Accept only", id="only", compact=True, disabled=True)
                    yield Button("Cancel", id="cancel", compact=True)  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()
        read = partial(open_elsewhere, ref=self.application_id)
        run_read(self, read, self._loaded, refused=self._refused, unreadable=self._refused)

    def _refused(self, error: UserError) -> None:
        what = self.query_one("#accept-what", Static)
        what.update(Text(f"✗ {safe_message(error)}", style="bold red"))

    def _loaded(self, loaded: tuple[Application, tuple[OpenElsewhere, ...]]) -> None:
        application, self.others = loaded
        what = self.query_one("#accept-what", Static)
        self.already_accepted = application.stage is Stage.ACCEPTED
        close = self.query_one("#close", Button)
        only = self.query_one("#only", Button)
        question = self.query_one("#accept-question", Label)
        if self.already_accepted:
            self.query_one("#accept-title", Label).update(
                Text(f"{_title(application)} is accepted", style="bold")
            )
        if not self.others:
            what.update(Text("No other application is open."))
            close.display = False
            only.label = "Accept"
            only.disabled = self.already_accepted
            question.update(Text("Accept it?  (y/n)", style="bold"))
            return
        what.update(others_text(self.others))
        close.disabled = False
        close.label = (
            "Close the others" if self.already_accepted else f"Accept, close {len(self.others)}"
        )
        only.disabled = self.already_accepted
        only.display = not self.already_accepted
        question.update(
            Text(
                "y: close them too (one u undoes it all) · o: accept only · n: cancel",
                style="bold",
            )
        )

    def action_answer(self, answer: Answer) -> None:
        if self.others is None:
            return  # still reading, or the application is gone
        if not self.others:
            # Nothing to close: y and o both accept (unless it is accepted already).
            if not self.already_accepted:
                self.dismiss("only")
            return
        if answer == "only" and self.already_accepted:
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.action_answer("close")

    @on(Button.Pressed, "#only")
    def _only(self) -> None:
        self.action_answer("only")

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
