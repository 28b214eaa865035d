"""A yes/no question about one write: "Record anyway?", "Remove GammaCo — Eng?"."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from pipeline_tui.errors import ForceReason
from pipeline_tui.tui.actions import bindings_for

# The question a refusal asks, by why it was refused ("Record anyway?" unless named here).
QUESTIONS = {
    ForceReason.REMOVES_APPLICATION: "Remove it?",
    ForceReason.REMOVES_APPLICATIONS: "Remove them?",
    ForceReason.REMOVES_CONTACT: "Remove them?",
    ForceReason.DUPLICATE: "Record another?",
}


def question_for(reason: ForceReason) -> str:
    """Return the yes/no question for a refusal the user may override."""
    return QUESTIONS.get(reason, "Record anyway?")


class ConfirmModal(ModalScreen[bool]):
    """Shows what would happen; y or the Yes button confirms, n or escape does nothing."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("confirm")

    def __init__(self, what: Text, question: str, *, yes: str = "Yes") -> None:
        super().__init__()
        self.what = what
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(self.what, id="confirm-what")
            yield Label(Text(f"{self.question}  (y/n)", style="bold"), id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, variant="warning", id="yes", compact=True)
                yield Button("No", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)
