"""Snoozing a due line to a later day."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from pipeline_tui.tui import followup_writes
from pipeline_tui.tui.screens.dialog_modal import dialog_box, field_row
from pipeline_tui.tui.screens.write_modal import WriteModal
from pipeline_tui.tui.writes import Write


class SnoozeModal(WriteModal):
    """Ask for the day (default tomorrow); enter saves."""

    def __init__(self, ref: str, what: Text) -> None:
        super().__init__()
        self.ref = ref
        self.what = what

    def compose(self) -> ComposeResult:
        with dialog_box("snooze-dialog"):
            yield Label(f"Snooze {self.ref} until", classes="dialog-title", markup=False)
            yield Static(self.what, classes="field-note")
            box = Input("tomorrow", placeholder="tomorrow, next mon, in 2w", id="to", compact=True)
            yield from field_row("Until", box, "to")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#to", Input).focus()

    def prepare(self) -> Write:
        to = self.read_day("to", ahead=True)
        return partial(followup_writes.snooze, ref=self.ref, to=to)
