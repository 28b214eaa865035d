"""Recording a stage change: stage, date, interview round, note, and force for corrections.

With interview highlighted the dialog also asks for the round's details (time, duration,
format, place, interviewers), recorded through services.interviews as `move --on ... --with`.
"""

from __future__ import annotations

import re
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, OptionList
from textual.widgets.option_list import Option

from pipeline_tui import clock
from pipeline_tui.domain.interviews import InterviewFormat, parse_format
from pipeline_tui.domain.reasons import STAGES_WITH_REASON
from pipeline_tui.domain.stages import Stage, stage_label
from pipeline_tui.domain.times import parse_date_time, parse_duration
from pipeline_tui.errors import DateError, UserError
from pipeline_tui.tui import writes
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.cells import safe
from pipeline_tui.tui.screens.dialog_modal import FieldError, dialog_box, field_row
from pipeline_tui.tui.screens.reason_modal import ReasonChoice, ReasonModal
from pipeline_tui.tui.screens.write_modal import WriteModal
from pipeline_tui.tui.writes import Write

if TYPE_CHECKING:
    from pipeline_tui.services.interviews import InterviewPlan

FORMATS = ", ".join(item.value for item in InterviewFormat)
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
        row = pipeline_app(self).dataset.get(self.application_id)
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
            with Vertical(id="interview-fields"):
                yield from self.interview_rows()
            yield from field_row("Note", Input(id="note", compact=True), "note")
            yield Checkbox(
                "Force (a correction: backwards, reopen, repeat)", id="force", compact=True
            )
            yield from self.buttons()
        self._default = NEXT_STAGE.get(current, Stage.SUBMITTED)

    def interview_rows(self) -> ComposeResult:
        """The details of an interview round, shown while interview is highlighted."""
        for field, label, placeholder in (
            ("at", "Time", "14:00, 2pm; blank: the whole day"),
            ("duration", "Duration", "60m, 1h30"),
            ("format", "Format", FORMATS),
            ("place", "Place", "an address or a link"),
            ("with", "With", "names, comma-separated; new ones become contacts"),
        ):
            box = Input(placeholder=placeholder, id=field, compact=True)
            yield from field_row(label, box, field)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = list(Stage).index(self._default)
        self._show_interview_fields(self._default is Stage.INTERVIEW)
        options.focus()

    @on(OptionList.OptionHighlighted)
    def _stage_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_interview_fields(event.option.id == Stage.INTERVIEW.value)

    def _show_interview_fields(self, shown: bool) -> None:
        fields = self.query_one("#interview-fields")
        if fields.display != shown:
            fields.display = shown

    @on(OptionList.OptionSelected)
    def _stage_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.submit()

    def _title(self) -> str:
        row = pipeline_app(self).dataset.get(self.application_id)
        return f"#{self.application_id} {row.title}" if row else f"#{self.application_id}"

    def submit(self) -> None:
        """Save; rejected, withdrawn and declined first ask why, accepted whether to close the
        other applications (once the other fields read)."""
        try:
            self.prepare()
        except (FieldError, UserError):
            super().submit()  # shows the error
            return
        stage = list(Stage)[self.query_one(OptionList).highlighted or 0]
        if stage in STAGES_WITH_REASON and (self._reason is None or self._reason[0] != stage):

            def reason_given(choice: ReasonChoice | None) -> None:
                if choice is not None:
                    self._reason = (stage, choice)
                    super(MoveModal, self).submit()

            reasons = pipeline_app(self).settings.close_reasons
            self.app.push_screen(ReasonModal(stage, self._title(), reasons), reason_given)
            return
        if stage is Stage.ACCEPTED and self._close_others is None:
            # Imported when first used: the offer modules stay off the start-up path.
            from pipeline_tui.tui.screens.accept_modal import AcceptModal

            def answered(answer: str | None) -> None:
                if answer is not None:
                    self._close_others = answer == "close"
                    super(MoveModal, self).submit()

            row = pipeline_app(self).dataset.get(self.application_id)
            title = row.title if row else ""
            self.app.push_screen(AcceptModal(self.application_id, title), answered)
            return
        super().submit()

    def prepare(self) -> Write:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            raise FieldError("stage", "choose a stage")
        stage = list(Stage)[options.highlighted]
        if stage is Stage.INTERVIEW:
            day, plan = self._interview_plan()
            on = day
        else:
            plan = None
            on = self.read_day("on")
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
        if plan:
            from pipeline_tui.tui import followup_writes

            return partial(
                followup_writes.schedule,
                application_id=self.application_id,
                plan=plan,
                on=on,
                round=round_number,
                note=note or None,
            )
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

    def _text(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def _interview_plan(self) -> tuple[date, InterviewPlan]:
        """Read the day (it may carry a time, as `--on "tomorrow 2pm"`) and the details."""
        from pipeline_tui.services.interviews import InterviewPlan

        dayfirst = pipeline_app(self).settings.dayfirst
        try:
            when = parse_date_time(self._text("on"), today=clock.today(), dayfirst=dayfirst)
        except DateError as error:
            raise FieldError("on", str(error)) from None
        at = when.at
        if self._text("at").strip():
            try:
                clock_time = parse_date_time(self._text("at"), today=when.day, dayfirst=dayfirst)
            except DateError as error:
                raise FieldError("at", str(error)) from None
            if clock_time.at is None or clock_time.day != when.day:
                raise FieldError("at", "a time of day (14:00, 2pm); the day goes under Date")
            if at is not None and at != clock_time.at:
                raise FieldError("at", "the date already gives another time")
            at = clock_time.at
        duration = self._text("duration").strip()
        kind = self._text("format").strip()
        names = [name.strip() for name in re.split("[,，;；、]", self._text("with"))]
        return when.day, InterviewPlan(
            at=at,
            duration_minutes=parse_duration(duration) if duration else None,
            format=parse_format(kind) if kind else None,
            place=self._text("place").strip() or None,
            interviewers=tuple(name for name in names if name),
        )
