"""This session's notices, newest first, each whole (the status line cuts long ones)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from pipeline_tui.tui.actions import bindings_for
from pipeline_tui.tui.message_log import LoggedNotice
from pipeline_tui.tui.widgets.status_line import NOTICE_MARKS

SEVERITY_STYLES = {"information": "green", "warning": "yellow", "error": "bold red"}


def messages_table(notices: list[LoggedNotice]) -> Table | Text:
    """Return one row per notice (time, mark, text wrapped); user text stays literal."""
    if not notices:
        return Text("No messages yet in this session.", style="dim")
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style="dim")
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for notice in notices:
        text = Text()
        if notice.title:
            text.append(f"{notice.title}: ", style="bold")
        text.append(notice.text)
        mark = NOTICE_MARKS.get(notice.severity, NOTICE_MARKS["information"]).strip()
        table.add_row(
            notice.at.strftime("%H:%M:%S"),
            Text(mark, style=SEVERITY_STYLES.get(notice.severity, "")),
            text,
        )
    return table


class MessagesModal(ModalScreen[None]):
    """The messages log; escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("messages")

    def __init__(self, notices: list[LoggedNotice]) -> None:
        super().__init__()
        self.notices = notices

    def compose(self) -> ComposeResult:
        with Vertical(id="messages-dialog", classes="dialog"):
            yield Label("Messages (this session, newest first)", classes="dialog-title")
            with VerticalScroll(id="messages-scroll", can_focus=True):
                yield Static(messages_table(self.notices), id="messages")
            yield Label("escape close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#messages-scroll").focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
