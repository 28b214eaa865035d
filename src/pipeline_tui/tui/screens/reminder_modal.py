"""Adding a reminder: a text and a due day, about an application, a contact, both or neither."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label

from pipeline_tui.errors import AmbiguousRef, NotFound, UserError
from pipeline_tui.tui import followup_writes
from pipeline_tui.tui.screens.dialog_modal import FieldError, dialog_box, field_row
from pipeline_tui.tui.screens.write_modal import WriteModal
from pipeline_tui.tui.writes import Write


class ReminderModal(WriteModal):
    """On a selected application or contact the reminder is about it; from the due screen the
    application and the contact are optional references."""

    def __init__(
        self,
        *,
        application_id: int | None = None,
        contact_id: int | None = None,
        about: Text | None = None,
    ) -> None:
        super().__init__()
        self.application_id = application_id
        self.contact_id = contact_id
        self.about = about

    @property
    def free(self) -> bool:
        """Whether the form asks what the reminder is about (opened from the due screen)."""
        return self.application_id is None and self.contact_id is None

    def compose(self) -> ComposeResult:
        title = Text("Remind me")
        if self.about is not None:
            title.append(" about ")
            title.append_text(self.about)
        with dialog_box("reminder-dialog"):
            yield Label(title, classes="dialog-title", markup=False)
            text = Input(placeholder="send the portfolio, ask about the team ...", id="text",
                         compact=True)  # fmt: skip
            yield from field_row("Text *", text, "text")
            due = Input("today", placeholder="today, friday, in 2w, Sep 30", id="on", compact=True)
            yield from field_row("Due", due, "on")
            if self.free:
                box = Input(placeholder="optional: #12, or words of its company and role",
                            id="application", compact=True)  # fmt: skip
                yield from field_row("Application", box, "application")
                box = Input(placeholder="optional: #3, or words of a name or company",
                            id="contact", compact=True)  # fmt: skip
                yield from field_row("Contact", box, "contact")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def failure_field(self, error: UserError) -> str | None:
        if isinstance(error, NotFound | AmbiguousRef) and self.free:
            # Which reference failed: the error names it ("no contact ...") only in its words,
            # so it goes under the form when both were given.
            given = [name for name in ("application", "contact") if self._ref(name)]
            return given[0] if len(given) == 1 else None
        return super().failure_field(error)

    def _ref(self, field: str) -> str | None:
        if not self.free:
            return None
        return self.query_one(f"#{field}", Input).value.strip() or None

    def prepare(self) -> Write:
        text = self.query_one("#text", Input).value
        if not text.strip():
            raise FieldError("text", "the reminder is empty")
        on = self.read_day("on", ahead=True)
        return partial(
            followup_writes.remind,
            text=text,
            on=on,
            application=self.application_id or self._ref("application"),
            contact=self.contact_id or self._ref("contact"),
        )
