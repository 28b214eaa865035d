"""The quick-capture bar: one line per application, many in a row without leaving the keyboard.

A line that starts with a posting (a web address, or a saved .html page) is read first, in a
thread worker (services.postings, as `pipeline add --from`), and the application it describes
is added; the bar says what was read and what was guessed, or in one line why it could not be.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from pipeline_tui import services
from pipeline_tui.domain.capture import (
    EXAMPLE,
    CaptureLine,
    PostingLine,
    parse_capture,
    parse_posting_line,
)
from pipeline_tui.domain.text import printable
from pipeline_tui.errors import UserError
from pipeline_tui.tui import writes
from pipeline_tui.tui.actions import bindings_for
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.runner import run_write
from pipeline_tui.tui.writes import Written

if TYPE_CHECKING:
    from textual.worker import Worker

    from pipeline_tui.domain.postings import Posting


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
        #capture-info { color: $text-muted; height: auto; display: none; }
        #capture-info.-shown { display: block; }
    }
    """

    class Closed(Message):
        """The bar was closed; focus should go back to the view."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.campaign: str | None = None
        self._saving = False
        # The posting being read (a thread worker); escape stops waiting for it.
        self._reading: Worker[None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Text(
                "Quick capture: Company / Role via:source on:date c:campaign note:… "
                "or a posting's URL (enter saves, escape closes)"
            ),
            id="capture-hint",
        )
        yield Input(placeholder=EXAMPLE, id="capture-input", compact=True)
        yield Static(id="capture-error", markup=False)
        yield Static(id="capture-info", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one("#capture-input", Input)

    def open(self, campaign: str | None) -> None:
        """Show the bar and focus it; new lines default to the scoped campaign."""
        self.campaign = campaign
        self.add_class("-open")
        self.input.focus()

    def action_close(self) -> None:
        if self._reading is not None:
            # Nothing is added from a posting whose reading was given up.
            self._reading.cancel()
            self._reading = None
            self._saving = False
        self.remove_class("-open")
        self._show_error(None)
        self._show_info(None)
        self.post_message(self.Closed())

    def _show_error(self, text: str | None) -> None:
        error = self.query_one("#capture-error", Static)
        error.update(Text(f"✗ {text}") if text else "")
        error.set_class(bool(text), "-shown")

    def _show_info(self, text: str | None) -> None:
        info = self.query_one("#capture-info", Static)
        info.update(Text(text) if text else "")
        info.set_class(bool(text), "-shown")

    @on(Input.Submitted, "#capture-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._saving:
            return
        app = pipeline_app(self)
        self._show_info(None)
        try:
            posting = parse_posting_line(event.value)
            line = posting.fields if posting is not None else parse_capture(event.value)
            on_day = services.read_date(line.on, app.settings) if line.on else None
        except UserError as error:
            self._show_error(writes.safe_message(error))
            return
        # The input keeps focus (disabling it would drop focus mid-capture); a flag stops a
        # second enter from saving the same line twice.
        self._saving = True
        if posting is not None:
            self._read_posting(posting, on_day)
            return
        new = services.NewApplication(line.company, line.role, **self._fields(line, on_day))
        self._add(new)

    def _fields(self, line: CaptureLine, on_day: date | None) -> dict[str, Any]:
        """The application's fields a capture line gives, company and role aside."""
        return {
            "department": line.department,
            "location": line.location,
            "url": line.url,
            "source": line.source,
            "program": line.program,
            "campaign": line.campaign or self.campaign,
            "note": line.note,
            "on": on_day,
            "saved": line.saved,
            "cv": line.cv,
            "letter": line.letter,
        }

    def _add(self, new: services.NewApplication, posting: Posting | None = None) -> None:
        run_write(
            self,
            partial(writes.add, new=new),
            written=partial(self._saved, posting=posting),
            refused=self._refused,
            declined=self._refused,
        )

    def _read_posting(self, line: PostingLine, on_day: date | None) -> None:
        """Read the posting in a thread worker (a fetch may take seconds), then add it."""
        self._show_error(None)
        self._show_info(f"reading {printable(line.source)} … (escape stops waiting)")

        def work() -> None:
            from pipeline_tui.services.postings import read_posting_from

            worker = get_current_worker()
            outcome: Posting | UserError
            try:
                outcome = read_posting_from(line.source)
            except UserError as error:
                outcome = error
            except Exception as error:  # a page no reader foresaw must not end the UI
                why = type(error).__name__
                outcome = UserError(f"reading {printable(line.source)} failed: {why}")
            if not worker.is_cancelled:
                self.call_later(self._posting_read, worker, line, on_day, outcome)

        self._reading = self.run_worker(work, thread=True, group="posting", exclusive=True)

    def _posting_read(
        self,
        worker: Worker[None],
        line: PostingLine,
        on_day: date | None,
        outcome: Posting | UserError,
    ) -> None:
        if self._reading is not worker:
            return  # given up (escape)
        self._reading = None
        if isinstance(outcome, UserError):
            self._show_info(None)
            self._refused(outcome)
            return
        from pipeline_tui.services.postings import application_from

        company = line.fields.company or outcome.company
        role = line.fields.role or outcome.role
        self._show_info(_read_words(outcome))
        if not (company and role):
            missing = "company" if not company else "role"
            self._refused(
                UserError(
                    f"cannot tell the {missing} from the posting: type the company and role after "
                    f"it ({printable(line.source)} Company / Role)"
                )
            )
            return
        fields = self._fields(line.fields, on_day)
        try:
            new = application_from(outcome, company=company, role=role, **fields)
        except UserError as error:
            self._refused(error)
            return
        self._add(new, outcome)

    def _saved(self, written: Written, posting: Posting | None = None) -> None:
        if posting is not None:
            written = replace(written, text=f"{written.text} · {_read_words(posting)}")
        pipeline_app(self).report_written(written)
        self._saving = False
        self.input.value = ""
        self._show_error(None)

    def _refused(self, error: UserError) -> None:
        """Keep the line and say why it was not saved (also after "no" to "Record anyway?")."""
        self._saving = False
        self._show_error(writes.safe_message(error))
        self.input.focus()


def _read_words(posting: Posting) -> str:
    """Say what a posting gave and what was guessed, on one line."""
    found = posting.found()
    text = f"read from the posting ({posting.found_by}): {'; '.join(found) or 'nothing'}"
    if posting.guessed:
        text += f" · guessed: {', '.join(posting.guessed)}"
    return printable(text)
