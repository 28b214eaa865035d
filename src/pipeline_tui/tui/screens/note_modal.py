"""Adding a dated note to an application's timeline."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label

from pipeline_tui.tui import writes
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.cells import safe
from pipeline_tui.tui.screens.dialog_modal import FieldError, dialog_box, field_row
from pipeline_tui.tui.screens.write_modal import WriteModal
from pipeline_tui.tui.writes import Write


class NoteModal(WriteModal):
    """A note and its date; enter saves."""

    def __init__(self, application_id: int) -> None:
        super().__init__()
        self.application_id = application_id

    def compose(self) -> ComposeResult:
        row = pipeline_app(self).dataset.get(self.application_id)
        title = Text(f"Note on #{self.application_id}")
        if row is not None:
            title.append(f" {safe(row.title)}", style="bold")
        with dialog_box("note-dialog"):
            yield Label(title, classes="dialog-title", markup=False)
            yield from field_row("Note", Input(id="text", compact=True), "text")
            yield from field_row("Date", Input("today", id="on", compact=True), "on")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def prepare(self) -> Write:
        text = self.query_one("#text", Input).value
        if not text.strip():
            raise FieldError("text", "the note is empty")
        on = self.read_day("on")
        return partial(writes.note, application_id=self.application_id, text=text, on=on)
