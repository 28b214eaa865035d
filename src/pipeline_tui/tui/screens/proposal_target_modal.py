"""Accepting a proposal of the mail inbox onto an application the user names (`inbox accept
ID --to REF` on the command line): when it links to none, or to the wrong one."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Static

from pipeline_tui.errors import AmbiguousRef, NotFound, UserError
from pipeline_tui.tui import inbox_writes
from pipeline_tui.tui.screens.dialog_modal import FieldError, dialog_box, field_row
from pipeline_tui.tui.screens.write_modal import WriteModal
from pipeline_tui.tui.writes import Write


class ProposalTargetModal(WriteModal):
    """Type the application (an id or words of it); Save records the proposal on it."""

    def __init__(self, proposal_id: int, what: Text) -> None:
        super().__init__()
        self.proposal_id = proposal_id
        self.what = what

    def compose(self) -> ComposeResult:
        with dialog_box("proposal-target-dialog"):
            yield Label(
                f"Accept proposal #{self.proposal_id} onto", classes="dialog-title", markup=False
            )
            yield Static(self.what, classes="field-note")
            box = Input(placeholder="#12, or words of its company and role", id="application",
                        compact=True)  # fmt: skip
            yield from field_row("Application *", box, "application")
            yield Checkbox("Force (record it against the stage rules)", id="force", compact=True)
            yield from self.buttons("Accept")

    def on_mount(self) -> None:
        self.query_one("#application", Input).focus()

    def failure_field(self, error: UserError) -> str | None:
        if isinstance(error, NotFound | AmbiguousRef) and "proposal" not in str(error):
            return "application"
        return super().failure_field(error)

    def prepare(self) -> Write:
        ref = self.query_one("#application", Input).value.strip()
        if not ref:
            raise FieldError("application", "give the application: an id or words of it")
        return partial(inbox_writes.accept, proposal_id=self.proposal_id, to=ref)
