"""The quick-capture bar: one line per application, many in a row without leaving the keyboard."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from pipeline_tui import services
from pipeline_tui.domain.capture import EXAMPLE, parse_capture
from pipeline_tui.errors import UserError
from pipeline_tui.tui import writes
from pipeline_tui.tui.actions import bindings_for
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.runner import run_write
from pipeline_tui.tui.writes import Written


class CaptureBar(Vertical):
    """An input for `Company / Role via:source on:date`; enter saves, escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("capture")
    DEFAULT_CSS = """
    CaptureBar {
        height: auto;
        display: none;
        background: $panel;
        padding: 0 1;
        &.-open { display: block; }
        #capture-hint { color: $text-muted; height: 1; }
        #capture-error { color: $error; height: auto; display: none; }
        #capture-error.-shown { display: block; }
    }
    """

    class Closed(Message):
        """The bar was closed; focus should go back to the view."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.campaign: str | None = None
        self._saving = False

    def compose(self) -> ComposeResult:
        yield Static(
            Text(
                "Quick capture: Company / Role  via:source  on:date  c:campaign  d:dept  "
                "note:…  (enter saves, escape closes)"
            ),
            id="capture-hint",
        )
        yield Input(placeholder=EXAMPLE, id="capture-input", compact=True)
        yield Static(id="capture-error", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one("#capture-input", Input)

    def open(self, campaign: str | None) -> None:
        """Show the bar and focus it; new lines default to the scoped campaign."""
        self.campaign = campaign
        self.add_class("-open")
        self.input.focus()

    def action_close(self) -> None:
        self.remove_class("-open")
        self._show_error(None)
        self.post_message(self.Closed())

    def _show_error(self, text: str | None) -> None:
        error = self.query_one("#capture-error", Static)
        error.update(Text(f"✗ {text}") if text else "")
        error.set_class(bool(text), "-shown")

    @on(Input.Submitted, "#capture-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._saving:
            return
        app = pipeline_app(self)
        try:
            line = parse_capture(event.value)
            on_day = services.read_date(line.on, app.settings) if line.on else None
        except UserError as error:
            self._show_error(writes.safe_message(error))
            return
        new = services.NewApplication(
            company=line.company,
            role=line.role,
            department=line.department,
            location=line.location,
            url=line.url,
            source=line.source,
            program=line.program,
            campaign=line.campaign or self.campaign,
            note=line.note,
            on=on_day,
            saved=line.saved,
            cv=line.cv,
            letter=line.letter,
        )
        # The input keeps focus (disabling it would drop focus mid-capture); a flag stops a
        # second enter from saving the same line twice.
        self._saving = True
        run_write(
            self,
            partial(writes.add, new=new),
            written=self._saved,
            refused=self._refused,
            declined=self._refused,
        )

    def _saved(self, written: Written) -> None:
        pipeline_app(self).report_written(written)
        self._saving = False
        self.input.value = ""
        self._show_error(None)

    def _refused(self, error: UserError) -> None:
        """Keep the line and say why it was not saved (also after "no" to "Record anyway?")."""
        self._saving = False
        self._show_error(writes.safe_message(error))
        self.input.focus()
