"""The quick-capture bar: one line per application, many in a row without leaving the keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from pipeline_tui import services
from pipeline_tui.domain.capture import EXAMPLE, parse_capture
from pipeline_tui.errors import ForceReason, NeedsForce, UserError
from pipeline_tui.tui import writes
from pipeline_tui.tui.messages import ApplicationAdded

if TYPE_CHECKING:
    from pipeline_tui.tui.app import PipelineApp


class CaptureBar(Vertical):
    """An input for `Company / Role via:source on:date`; enter saves, escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", show=True),
    ]
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

    class _Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class _Saved(Message):
        pass

    class NeedsConfirmation(Message):
        """A line the rules refuse unless the user confirms (a duplicate, a future date)."""

        def __init__(self, text: str, reason: ForceReason, new: services.NewApplication) -> None:
            super().__init__()
            self.text = text
            self.reason = reason
            self.new = new

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
        app: PipelineApp = self.app  # type: ignore[assignment]
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
        self._save(new)

    @work(thread=True, exclusive=True)
    def _save(self, new: services.NewApplication, force: bool = False) -> None:
        app: PipelineApp = self.app  # type: ignore[assignment]
        try:
            written = writes.add(app.store, force, new=new)
        except NeedsForce as error:
            # The screen asks "Record anyway?" and calls answer() with the reply.
            message = writes.safe_message(error)
            self.post_message(self.NeedsConfirmation(message, error.reason, new))
            return
        except UserError as error:
            self.post_message(self._Failed(writes.safe_message(error)))
            return
        app.report_written(written, ApplicationAdded)
        self.post_message(self._Saved())

    def answer(self, yes: bool, new: services.NewApplication, text: str) -> None:
        """Record new anyway after a yes; after a no, keep the line and say why it was refused."""
        if yes:
            self._save(new, True)
            return
        self._saving = False
        self._show_error(text)
        self.input.focus()

    @on(_Failed)
    def _failed(self, message: _Failed) -> None:
        self._saving = False
        self._show_error(message.text)

    @on(_Saved)
    def _saved(self) -> None:
        self._saving = False
        self.input.value = ""
        self._show_error(None)
