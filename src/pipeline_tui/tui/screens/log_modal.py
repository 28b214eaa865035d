"""Logging an interaction with a contact: date, channel, note and, optionally, the application."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label

from pipeline_tui.domain.contacts import Channel, parse_channel
from pipeline_tui.errors import AmbiguousRef, NotFound, UserError
from pipeline_tui.tui import contact_writes
from pipeline_tui.tui.screens.dialog_modal import dialog_box, field_row
from pipeline_tui.tui.screens.write_modal import WriteModal
from pipeline_tui.tui.writes import Write

CHANNELS = ", ".join(channel.value for channel in Channel)


class LogModal(WriteModal):
    """One entry of a contact's log; enter saves."""

    def __init__(self, contact_id: int, *, title: Text | None = None) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.heading = title

    def compose(self) -> ComposeResult:
        title = Text("Log an interaction with ")
        title.append_text(self.heading or Text(f"#{self.contact_id}"))
        with dialog_box("log-dialog"):
            yield Label(title, classes="dialog-title", markup=False)
            via = Input(placeholder=f"{CHANNELS} (wechat, phone ...)", id="via", compact=True)
            yield from field_row("Channel", via, "via")
            yield from field_row("Note", Input(id="note", compact=True), "note")
            yield from field_row("Date", Input("today", id="on", compact=True), "on")
            about = Input(placeholder="optional: #12, or words of its company and role",
                          id="about", compact=True)  # fmt: skip
            yield from field_row("About", about, "about")
            yield Checkbox("Force (dated after today)", id="force", compact=True)
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#via", Input).focus()

    def failure_field(self, error: UserError) -> str | None:
        # The contact is known; a reference that matches nothing is the application's.
        if isinstance(error, NotFound | AmbiguousRef):
            return "about"
        return super().failure_field(error)

    def prepare(self) -> Write:
        on = self.read_day("on")
        via = self.query_one("#via", Input).value
        about = self.query_one("#about", Input).value.strip()
        return partial(
            contact_writes.log,
            contact=self.contact_id,
            on=on,
            channel=parse_channel(via) if via.strip() else None,
            note=self.query_one("#note", Input).value or None,
            about=about or None,
        )
