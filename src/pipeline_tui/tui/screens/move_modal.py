"""Recording a stage change: stage, date, interview round, note, and force for corrections."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, OptionList
from textual.widgets.option_list import Option

from pipeline_tui import services
from pipeline_tui.domain.stages import Stage, stage_label
from pipeline_tui.errors import DateError
from pipeline_tui.tui import writes
from pipeline_tui.tui.cells import safe
from pipeline_tui.tui.screens.write_modal import FieldError, WriteModal, dialog_box, field_row
from pipeline_tui.tui.writes import Write

# The stage a move most likely goes to next, from where the application is now.
NEXT_STAGE = {
    Stage.SAVED: Stage.SUBMITTED,
    Stage.SUBMITTED: Stage.SCREENING,
    Stage.SCREENING: Stage.INTERVIEW,
    Stage.INTERVIEW: Stage.INTERVIEW,
    Stage.OFFER: Stage.ACCEPTED,
}


class MoveModal(WriteModal):
    """Pick a stage (enter saves), optionally a date, round and note."""

    def __init__(self, application_id: int) -> None:
        super().__init__()
        self.application_id = application_id

    def compose(self) -> ComposeResult:
        row = self.pipeline.dataset.get(self.application_id)
        title = Text(f"Move #{self.application_id}")
        current = Stage.SUBMITTED
        if row is not None:
            current = row.stage
            title.append(f" {safe(row.title)}", style="bold")
            title.append(f"  (now {stage_label(row.stage, row.round)})", style="dim")
        options = [Option(stage.value, id=stage.value) for stage in Stage]
        with dialog_box("move-dialog"):
            yield Label(title, classes="dialog-title", markup=False)
            yield Label("Stage  (↑↓ choose, enter saves)", classes="field-note")
            yield OptionList(*options, id="stage")
            yield from field_row("Date", Input("today", id="on", compact=True), "on")
            yield from field_row(
                "Round",
                Input(
                    placeholder="interview round; blank: the next one",
                    id="round",
                    compact=True,
                    type="integer",
                ),
                "round",
            )
            yield from field_row("Note", Input(id="note", compact=True), "note")
            yield Checkbox(
                "Force (a correction: backwards, reopen, repeat)", id="force", compact=True
            )
            yield from self.buttons()
        self._default = NEXT_STAGE.get(current, Stage.SUBMITTED)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = list(Stage).index(self._default)
        options.focus()

    @on(OptionList.OptionSelected)
    def _stage_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()

    def prepare(self) -> Write:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            raise FieldError("stage", "choose a stage")
        stage = list(Stage)[options.highlighted]
        try:
            on = services.read_date(self.query_one("#on", Input).value, self.pipeline.settings)
        except DateError as error:
            raise FieldError("on", str(error)) from None
        round_text = self.query_one("#round", Input).value.strip()
        round_number = int(round_text) if round_text else None
        if round_number is not None and stage is not Stage.INTERVIEW:
            raise FieldError("round", "a round applies only to the interview stage")
        note = self.query_one("#note", Input).value
        return partial(
            writes.move,
            application_id=self.application_id,
            stage=stage,
            on=on,
            round=round_number,
            note=note or None,
        )
