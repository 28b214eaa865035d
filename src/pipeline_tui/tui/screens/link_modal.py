"""Linking a contact to an application, with a role ("referred me", "interviewer round 2").

Opened from the contacts screen (the contact is known: type the application) or on a selected
application (the application is known: type the contact). References resolve as on the command
line: an id (12, #12) or words matching exactly one.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label

from pipeline_tui.errors import AmbiguousRef, NotFound, UserError
from pipeline_tui.tui import contact_writes
from pipeline_tui.tui.screens.dialog_modal import FieldError, dialog_box, field_row
from pipeline_tui.tui.screens.write_modal import WriteModal
from pipeline_tui.tui.writes import Write


class LinkModal(WriteModal):
    """Give the side that is not known yet, and the role."""

    def __init__(
        self,
        *,
        contact_id: int | None = None,
        application_id: int | None = None,
        title: Text | None = None,
    ) -> None:
        super().__init__()
        if (contact_id is None) == (application_id is None):
            raise ValueError("give the contact or the application, not both")
        self.contact_id = contact_id
        self.application_id = application_id
        self.heading = title

    @property
    def asks(self) -> str:
        """The field the user types a reference in: "application" or "contact"."""
        return "application" if self.application_id is None else "contact"

    def compose(self) -> ComposeResult:
        title = self.heading or Text("Link")
        with dialog_box("link-dialog"):
            yield Label(title, classes="dialog-title", markup=False)
            if self.asks == "application":
                box = Input(placeholder="#12, or words of its company and role", id="application",
                            compact=True)  # fmt: skip
                yield from field_row("Application *", box, "application")
            else:
                box = Input(placeholder="#3, or words of a name, company or email", id="contact",
                            compact=True)  # fmt: skip
                yield from field_row("Contact *", box, "contact")
            box = Input(placeholder="referred me, hiring manager, interviewer round 2", id="as",
                        compact=True)  # fmt: skip
            yield from field_row("Role", box, "as")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one(f"#{self.asks}", Input).focus()

    def failure_field(self, error: UserError) -> str | None:
        # The one reference typed here is what matched nothing, or too much.
        if isinstance(error, NotFound | AmbiguousRef):
            return self.asks
        return super().failure_field(error)

    def prepare(self) -> Write:
        ref = self.query_one(f"#{self.asks}", Input).value.strip()
        if not ref:
            raise FieldError(self.asks, f"give the {self.asks}: an id or words of its name")
        role = self.query_one("#as", Input).value or None
        if self.contact_id is not None:
            return partial(contact_writes.link, contact=self.contact_id, application=ref, role=role)
        assert self.application_id is not None
        return partial(contact_writes.link, contact=ref, application=self.application_id, role=role)
