"""Why an application ended: the optional reason asked for on rejected, withdrawn and declined.

The configured list (`close_reasons`) plus free text; "no reason" is first and highlighted, so
`x` then `enter` still rejects in two keys. Escape records nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.domain.reasons import MAX_REASON_TEXT
from pipeline_tui.domain.stages import Stage
from pipeline_tui.tui import writes
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.cells import safe
from pipeline_tui.tui.screens.dialog_modal import DialogModal, dialog_box, field_row

if TYPE_CHECKING:
    from pipeline_tui.tui.app_access import InApp

VERBS = {Stage.REJECTED: "Reject", Stage.WITHDRAWN: "Withdraw", Stage.DECLINED: "Decline"}
NO_REASON = "no reason"


@dataclass(frozen=True, slots=True)
class ReasonChoice:
    """The reason picked (None: no reason given) and the free text typed with it."""

    reason: str | None
    text: str | None


class ReasonModal(DialogModal[ReasonChoice]):
    """Pick a reason (a digit or enter), optionally type details; escape cancels the move."""

    def __init__(self, stage: Stage, title: str, reasons: Sequence[str]) -> None:
        super().__init__()
        self.stage = stage
        self.title_text = title
        self.reasons = tuple(reasons)

    def compose(self) -> ComposeResult:
        title = Text(f"{VERBS.get(self.stage, 'Close')} ")
        title.append(safe(self.title_text), style="bold")
        options = [Option(Text(f"0  {NO_REASON}", style="italic"), id="none")]
        options += [
            Option(Text(f"{index}  {safe(reason)}" if index < 10 else f"   {safe(reason)}"))
            for index, reason in enumerate(self.reasons, start=1)
        ]
        with dialog_box("reason-dialog"):
            yield Label(title, classes="dialog-title", markup=False)
            yield Label(
                "Why did it end? Optional: enter records it, escape cancels.",
                classes="field-note",
            )
            yield OptionList(*options, id="reason")
            yield Static("", id="reason-error", classes="field-error", markup=False)
            yield from field_row(
                "Details",
                Input(placeholder="free text: CUDA questions in round 2", id="details",
                      compact=True, max_length=MAX_REASON_TEXT),
                "details",
            )  # fmt: skip
            yield from self.buttons("Record")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_key(self, event: events.Key) -> None:
        """A digit picks that reason and records it (while the reasons list has focus)."""
        if not isinstance(self.focused, OptionList) or not event.character:
            return
        if event.character.isdigit() and int(event.character) <= len(self.reasons):
            event.stop()
            self.query_one(OptionList).highlighted = int(event.character)
            self.submit()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        index = self.query_one(OptionList).highlighted or 0
        reason = self.reasons[index - 1] if index else None
        text = " ".join(self.query_one("#details", Input).value.split()) or None
        if text is not None and reason is None:
            self.show_error("reason", "free text needs a reason from the list (other, say)")
            return
        self.dismiss(ReasonChoice(reason, text))


def move_with_reason(node: InApp, application_id: int, stage: Stage, title: str) -> None:
    """Ask why, then record the move to stage (rejected, withdrawn, declined) in a worker.

    Nothing is recorded when the question is cancelled.
    """
    app = pipeline_app(node)

    def answered(choice: ReasonChoice | None) -> None:
        if choice is None:
            return
        write = partial(
            writes.move,
            application_id=application_id,
            stage=stage,
            reason=choice.reason,
            reason_text=choice.text,
        )
        app.run_write(write)

    node.app.push_screen(ReasonModal(stage, title, app.settings.close_reasons), answered)
