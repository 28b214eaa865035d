"""A dialog that validates its fields, then writes in a thread; errors stay next to the fields."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Static

from pipeline_tui import services
from pipeline_tui.errors import AmbiguousRef, DateError, InvalidValue, NeedsForce, UserError
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.reads import run_read
from pipeline_tui.tui.runner import run_write
from pipeline_tui.tui.writes import Write, Written, safe_message

FORCE_TICKED = "Force is now ticked: save again to record it anyway."
# How many of the records an ambiguous reference matched a refusal names.
SHOWN = 3


class FieldError(Exception):
    """A field's value is invalid; field is the widget id the message goes under."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def dialog_box(id: str) -> VerticalScroll:
    """The dialog's frame: it scrolls on a small terminal, its Save and Cancel stay in view."""
    return VerticalScroll(id=id, classes="dialog", can_focus=False)


def field_row(label: str, widget: Widget, field: str) -> ComposeResult:
    """Yield a label beside the field widget, then the field's error line (hidden until used)."""
    with Horizontal(classes="field-row"):
        yield Label(label, classes="field-label")
        yield widget
    yield Static("", id=f"{field}-error", classes="field-error", markup=False)


class WriteModal(ModalScreen[Written | None]):
    """Subclasses compose fields with field_row and implement prepare()."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

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

    def read_refused(self, error: UserError) -> None:
        """A read the form needs failed: say why under the form (Save is usable again)."""
        self.query_one("#save", Button).disabled = False
        self.show_error(None, safe_message(error))

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

    def failure_field(self, error: UserError) -> str | None:
        """Which field a service error belongs under (None: under the buttons)."""
        if isinstance(error, InvalidValue) and self.query(f"#{error.field}"):
            return error.field
        return None

    def failure_text(self, error: UserError) -> str:
        """The line a refused write shows; a reference matching several names some of them."""
        text = safe_message(error)
        if isinstance(error, AmbiguousRef) and error.candidates:
            # The services made each label printable already.
            named = ", ".join(f"#{number} {label}" for number, label in error.candidates[:SHOWN])
            more = " …" if error.total > min(len(error.candidates), SHOWN) else ""
            text = f"{text}: {named}{more}"
        return text

    def _force_box(self) -> Checkbox | None:
        boxes = self.query("#force").results(Checkbox)
        return next(boxes, None)

    def buttons(self) -> ComposeResult:
        """Yield the form error line and the Save / Cancel buttons, docked at the bottom."""
        with Vertical(classes="dialog-footer"):
            yield Static("", id="form-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def _clear_errors(self) -> None:
        for error in self.query(".field-error").results(Static):
            error.update("")
            error.remove_class("-shown")

    def show_error(self, field: str | None, text: str) -> None:
        """Show text under a field (or under the form) and focus that field."""
        target = self.query_one(f"#{field or 'form'}-error", Static)
        target.update(Text(f"✗ {text}"))
        target.add_class("-shown")
        if field:
            self.query_one(f"#{field}").focus()

    def action_save(self) -> None:
        self._clear_errors()
        try:
            write = self.prepare()
        except FieldError as error:
            self.show_error(error.field, safe_message(error))
            return
        except UserError as error:
            self.show_error(self.failure_field(error), self.failure_text(error))
            return
        self.query_one("#save", Button).disabled = True
        box = self._force_box()
        force = box is not None and box.value
        # A refusal --force would override ticks the Force box (Save again records it).
        run_write(self, write, written=self.dismiss, refused=self._refused, policy="tick",
                  force=force)  # fmt: skip

    def _refused(self, error: UserError) -> None:
        self.query_one("#save", Button).disabled = False
        box = self._force_box()
        if isinstance(error, NeedsForce):
            ticked = box is not None and box.value
            text = safe_message(error)
            self.show_error(None, f"{text}. {FORCE_TICKED}" if ticked else text)
            return
        self.show_error(self.failure_field(error), self.failure_text(error))

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)
