"""A plain dialog: fields with an error line under each, an error line under the form, and a
row of buttons (the dialog's own first one, then Cancel). Writes, imports and exports build on it.

ctrl+s, enter in a field and the first button submit (`submit()`); escape and Cancel close it
with None. Errors stay next to what they are about: `show_error(field, text)`, or
`show_refusal(error)` for a service's refusal (an InvalidValue goes under its field).
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from pipeline_tui.errors import AmbiguousRef, InvalidValue, UserError
from pipeline_tui.tui.actions import bindings_for
from pipeline_tui.tui.writes import safe_message

# How many of the records an ambiguous reference matched a refusal names.
SHOWN = 3
Result = TypeVar("Result")


class FieldError(Exception):
    """A field's value is invalid; field is the widget id the message goes under."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def dialog_box(id: str) -> VerticalScroll:
    """The dialog's frame: it scrolls on a small terminal, its buttons stay in view."""
    return VerticalScroll(id=id, classes="dialog", can_focus=False)


def field_row(label: str, widget: Widget, field: str) -> ComposeResult:
    """Yield a label beside the field widget, then the field's error line (hidden until used)."""
    with Horizontal(classes="field-row"):
        yield Label(label, classes="field-label")
        yield widget
    yield Static("", id=f"{field}-error", classes="field-error", markup=False)


class DialogModal(ModalScreen[Result | None]):
    """Subclasses compose fields with field_row, end with buttons(label), implement submit().

    Result: what the dialog returns when it did its work; None when it was cancelled.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("dialog")

    def submit(self) -> None:
        """Do what the first button says (validate, then write, check or export)."""
        raise NotImplementedError

    def buttons(self, label: str) -> ComposeResult:
        """Yield the form's error line and the buttons (label, then Cancel), docked at the
        bottom."""
        with Vertical(classes="dialog-footer"):
            yield Static("", id="form-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(label, variant="primary", id="submit", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    @property
    def submit_button(self) -> Button:
        """The first button (disabled while its work runs)."""
        return self.query_one("#submit", Button)

    def clear_errors(self) -> None:
        """Hide every error line."""
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

    def failure_field(self, error: UserError) -> str | None:
        """Which field a service error belongs under (None: under the form)."""
        if isinstance(error, InvalidValue) and self.query(f"#{error.field}"):
            return error.field
        return None

    def failure_text(self, error: UserError) -> str:
        """The line a refusal shows; a reference matching several names some of them."""
        text = safe_message(error)
        if isinstance(error, AmbiguousRef) and error.candidates:
            # The services made each label printable already.
            named = ", ".join(f"#{number} {label}" for number, label in error.candidates[:SHOWN])
            more = " …" if error.total > min(len(error.candidates), SHOWN) else ""
            text = f"{text}: {named}{more}"
        return text

    def show_refusal(self, error: UserError) -> None:
        """Show why the work was refused, where it belongs; the first button works again."""
        self.submit_button.disabled = False
        self.show_error(self.failure_field(error), self.failure_text(error))

    def read_refused(self, error: UserError) -> None:
        """A read the dialog needs failed: say why under the form (the button works again)."""
        self.submit_button.disabled = False
        self.show_error(None, safe_message(error))

    def action_submit(self) -> None:
        self.submit()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()
