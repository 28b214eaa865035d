"""The dialog that saves: it validates its fields, then writes in a thread (tui/runner.py);
errors stay next to the fields."""

from __future__ import annotations

from datetime import date
from functools import partial

from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Checkbox, Input

from pipeline_tui import services
from pipeline_tui.errors import DateError, NeedsForce, UserError
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.reads import run_read
from pipeline_tui.tui.runner import run_write
from pipeline_tui.tui.screens.dialog_modal import DialogModal, FieldError
from pipeline_tui.tui.writes import Write, Written, safe_message

FORCE_TICKED = "Force is now ticked: save again to record it anyway."


class WriteModal(DialogModal[Written]):
    """A dialog that saves: subclasses compose fields with field_row, end with buttons("Save")
    and implement prepare(); Save runs its write (tui/runner.py, the Force box ticked when the
    rules refuse) and the dialog returns what was written."""

    class DetailLoaded(Message):
        """The application the form starts from was read (see load_detail)."""

        def __init__(self, detail: services.Detail) -> None:
            super().__init__()
            self.detail = detail

    def prepare(self) -> Write:
        """Validate the fields (raise FieldError) and return the write to run."""
        raise NotImplementedError

    def load_detail(self, application_id: int) -> None:
        """Read an application for the form (DetailLoaded); a refusal shows under the form."""
        run_read(
            self,
            partial(services.detail, ref=application_id),
            lambda detail: self.post_message(self.DetailLoaded(detail)),
            refused=self.read_refused,
            unreadable=self.read_refused,
        )

    def read_day(self, field: str, *, ahead: bool = False, text: str | None = None) -> date:
        """Read a date field (or text typed for it) as the CLI reads dates; FieldError if not.

        ahead: a day to come (a reminder, a deadline), where "fri" means the next one.
        """
        if text is None:
            text = self.query_one(f"#{field}", Input).value
        try:
            return services.read_date(text, pipeline_app(self).settings, ahead=ahead)
        except DateError as error:
            raise FieldError(field, str(error)) from None

    def _force_box(self) -> Checkbox | None:
        boxes = self.query("#force").results(Checkbox)
        return next(boxes, None)

    def submit(self) -> None:
        """Validate the fields, then run the write prepare() returns."""
        self.clear_errors()
        try:
            write = self.prepare()
        except FieldError as error:
            self.show_error(error.field, safe_message(error))
            return
        except UserError as error:
            self.show_error(self.failure_field(error), self.failure_text(error))
            return
        self.submit_button.disabled = True
        box = self._force_box()
        force = box is not None and box.value
        # A refusal --force would override ticks the Force box (Save again records it).
        run_write(self, write, written=self.dismiss, refused=self._refused, policy="tick",
                  force=force)  # fmt: skip

    def buttons(self, label: str = "Save") -> ComposeResult:
        """Yield the form's error line, Save and Cancel."""
        return super().buttons(label)

    def _refused(self, error: UserError) -> None:
        if isinstance(error, NeedsForce):
            self.submit_button.disabled = False
            box = self._force_box()
            ticked = box is not None and box.value
            text = safe_message(error)
            self.show_error(None, f"{text}. {FORCE_TICKED}" if ticked else text)
            return
        self.show_refusal(error)
