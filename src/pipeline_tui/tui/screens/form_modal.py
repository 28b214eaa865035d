"""The add / edit form: the CLI's fields and date grammar, errors beside the fields."""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label
from textual.widgets.input import Selection

from pipeline_tui import services
from pipeline_tui.domain.models import EDITABLE_FIELDS
from pipeline_tui.tui import writes
from pipeline_tui.tui.screens.dialog_modal import FieldError, dialog_box, field_row
from pipeline_tui.tui.screens.write_modal import WriteModal
from pipeline_tui.tui.writes import Write

# (field id, label, placeholder); the same names as `pipeline add` options and Application fields.
TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("company", "Company *", "ByteDance, 字节跳动 ..."),
    ("role", "Role *", "LLM engineer"),
    ("department", "Department", "Seed, 通义实验室 ..."),
    ("source", "Source", "referral, campus, BOSS直聘, headhunter ..."),
    ("campaign", "Campaign", "2024 autumn campus"),
    ("program", "Programme", "Top Seed, AIDU, 青云 ..."),
    ("cv", "CV", "the version sent: v3"),
    ("letter", "Letter", "the cover-letter version: L2"),
    ("location", "Location", "Beijing, remote ..."),
    ("url", "URL", "https://..."),
)


class ApplicationFormModal(WriteModal):
    """Add a new application (no id) or edit one (with its id)."""

    def __init__(self, application_id: int | None = None, *, campaign: str | None = None) -> None:
        super().__init__()
        self.application_id = application_id
        self.campaign = campaign

    @property
    def editing(self) -> bool:
        return self.application_id is not None

    def compose(self) -> ComposeResult:
        title = f"Edit #{self.application_id}" if self.editing else "Add an application"
        with dialog_box("form-dialog"):
            yield Label(title, classes="dialog-title")
            for field, label, placeholder in TEXT_FIELDS:
                value = (self.campaign or "") if field == "campaign" else ""
                box = Input(
                    value, placeholder=placeholder, id=field, compact=True, select_on_focus=False
                )
                yield from field_row(label, box, field)
            if self.editing:
                yield from field_row("Notes", Input(id="notes", compact=True), "notes")
            else:
                yield from field_row(
                    "Sent on",
                    Input("today", placeholder="today, 3d ago, Aug 21", id="on", compact=True),
                    "on",
                )
                yield from field_row("Note", Input(id="note", compact=True), "note")
                yield Checkbox("Saved only (wishlist, not sent yet)", id="saved", compact=True)
                yield Checkbox(
                    "Force (record it although the same one is open)", id="force", compact=True
                )
            yield Label(
                "* required · ctrl+s or enter saves · escape cancels", classes="dialog-hint"
            )
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#company", Input).focus()
        if self.application_id is not None:
            self.query_one("#form-dialog").disabled = True
            self.load_detail(self.application_id)

    @on(WriteModal.DetailLoaded)
    def _loaded(self, message: WriteModal.DetailLoaded) -> None:
        application = message.detail.application
        values = {
            "company": application.company,
            "role": application.role,
            "department": application.department,
            "source": application.source,
            "campaign": application.campaign,
            "program": application.program,
            "cv": application.cv,
            "letter": application.letter,
            "location": application.location,
            "url": application.url,
            "notes": application.notes,
        }
        self.original = values
        for field, value in values.items():
            self.query_one(f"#{field}", Input).value = value or ""
        self.query_one("#form-dialog").disabled = False
        # Typing goes where the eye starts: the first field, cursor at its end, nothing selected.
        company = self.query_one("#company", Input)
        company.focus()
        company.selection = Selection.cursor(len(company.value))

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def prepare(self) -> Write:
        for field in ("company", "role"):
            if not self._value(field).strip():
                raise FieldError(field, f"{field} is required")
        if self.application_id is not None:
            original: dict[str, str | None] = getattr(self, "original", {})
            changes: dict[str, str | None] = {
                field: self._value(field)
                for field in sorted(EDITABLE_FIELDS)
                if (self._value(field) or None) != (original.get(field) or None)
            }
            company = self._value("company")
            return partial(
                writes.edit,
                application_id=self.application_id,
                changes=changes,
                company=None if company == original.get("company") else company,
            )
        on_day = self.read_day("on")
        new = services.NewApplication(
            company=self._value("company"),
            role=self._value("role"),
            department=self._value("department"),
            source=self._value("source"),
            campaign=self._value("campaign"),
            program=self._value("program"),
            cv=self._value("cv"),
            letter=self._value("letter"),
            location=self._value("location"),
            url=self._value("url"),
            note=self._value("note"),
            on=on_day,
            saved=self.query_one("#saved", Checkbox).value,
        )
        return partial(writes.add, new=new)
