"""Picking one of a few choices: the field an import column is read as, a status's stage."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from pipeline_tui.tui.screens.dialog_modal import DialogModal, dialog_box


class ChoiceModal(DialogModal[str]):
    """A title and a list; enter (or ctrl+s) dismisses with the highlighted choice's id,
    escape with None."""

    def __init__(
        self, title: Text, choices: Sequence[tuple[str, Text]], current: str | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with dialog_box("choice-dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield OptionList(*(Option(label, id=key) for key, label in self.choices), id="choices")
            yield Label(
                "↑↓ choose · enter picks · escape leaves it as it is", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        options = self.query_one("#choices", OptionList)
        options.highlighted = 0
        if self.current is not None:
            with contextlib.suppress(LookupError):
                options.highlighted = options.get_option_index(self.current)
        options.focus()

    def submit(self) -> None:
        options = self.query_one("#choices", OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
