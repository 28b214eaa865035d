"""Recording a stage change: stage, date, interview round, note, and force for corrections."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, OptionList
from textual.widgets.option_list import Option

from pipeline_tui import services
from pipeline_tui.domain.reasons import STAGES_WITH_REASON
from pipeline_tui.domain.stages import Stage, stage_label
from pipeline_tui.errors import DateError, UserError
from pipeline_tui.tui import writes
from pipeline_tui.tui.cells import safe
from pipeline_tui.tui.screens.reason_modal import ReasonChoice, ReasonModal
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
        # Answers to the questions some stages ask before saving, kept for a second Save.
        self._reason: tuple[Stage, ReasonChoice] | None = None
        self._close_others: bool | None = None

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

    def _title(self) -> str:
        row = self.pipeline.dataset.get(self.application_id)
        return f"#{self.application_id} {row.title}" if row else f"#{self.application_id}"

    def action_save(self) -> None:
        """Save; rejected, withdrawn and declined first ask why, accepted whether to close the
        other applications (once the other fields read)."""
        try:
            self.prepare()
        except (FieldError, UserError):
            super().action_save()  # shows the error
            return
        stage = list(Stage)[self.query_one(OptionList).highlighted or 0]
        if stage in STAGES_WITH_REASON and (self._reason is None or self._reason[0] != stage):

            def reason_given(choice: ReasonChoice | None) -> None:
                if choice is not None:
                    self._reason = (stage, choice)
                    super(MoveModal, self).action_save()

            reasons = self.pipeline.settings.close_reasons
            self.app.push_screen(ReasonModal(stage, self._title(), reasons), reason_given)
            return
        if stage is Stage.ACCEPTED and self._close_others is None:
            # Imported when first used: the offer modules stay off the start-up path.
            from pipeline_tui.tui.screens.accept_modal import AcceptModal

            def answered(answer: str | None) -> None:
                if answer is not None:
                    self._close_others = answer == "close"
                    super(MoveModal, self).action_save()

            row = self.pipeline.dataset.get(self.application_id)
            title = row.title if row else ""
            self.app.push_screen(AcceptModal(self.application_id, title), answered)
            return
        super().action_save()

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
        if stage is Stage.ACCEPTED and self._close_others:
            from pipeline_tui.tui import offer_writes

            return partial(
                offer_writes.accept,
                application_id=self.application_id,
                close_others=True,
                on=on,
                note=note or None,
            )
        reason = self._reason[1] if self._reason and self._reason[0] == stage else None
        return partial(
            writes.move,
            application_id=self.application_id,
            stage=stage,
            on=on,
            round=round_number,
            note=note or None,
            reason=reason.reason if reason else None,
            reason_text=reason.text if reason else None,
        )
