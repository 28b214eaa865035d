"""The add / edit contact form: the fields of `pipeline contact add`, errors beside the fields."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label
from textual.widgets.input import Selection

from pipeline_tui.domain.contacts import Contact, ContactKind, parse_kind
from pipeline_tui.services import contacts
from pipeline_tui.tui import contact_writes
from pipeline_tui.tui.reads import run_read
from pipeline_tui.tui.screens.dialog_modal import FieldError, dialog_box, field_row
from pipeline_tui.tui.screens.write_modal import WriteModal
from pipeline_tui.tui.writes import Write

KINDS = ", ".join(kind.value for kind in ContactKind)
# (field id, label, placeholder); the ids are the names services.contacts reports errors by.
TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("name", "Name *", "Li Lei, 韩梅梅 ..."),
    ("kind", "Kind", KINDS),
    ("company", "Company", "where they work; blank: unknown (a headhunter's client)"),
    ("email", "Email", "name@example.com"),
    ("phone", "Phone", "+86 138 ..."),
    ("handles", "Handles", "LinkedIn, WeChat ... (free text)"),
    ("notes", "Notes", ""),
    ("every", "Every (days)", "stay in touch every N days; blank: no reminder"),
)


def _values(contact: Contact) -> dict[str, str]:
    """The contact's fields as the form shows them."""
    return {
        "name": contact.name,
        "kind": contact.kind.value,
        "company": contact.company or "",
        "email": contact.email or "",
        "phone": contact.phone or "",
        "handles": contact.handles or "",
        "notes": contact.notes or "",
        "every": "" if contact.every_days is None else str(contact.every_days),
    }


class ContactFormModal(WriteModal):
    """Add a contact (no id) or edit one (with its id)."""

    def __init__(self, contact_id: int | None = None, *, company: str | None = None) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.company = company
        self.original: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        title = f"Edit contact #{self.contact_id}" if self.contact_id else "Add a contact"
        with dialog_box("contact-dialog"):
            yield Label(title, classes="dialog-title")
            for field, label, placeholder in TEXT_FIELDS:
                value = (self.company or "") if field == "company" else ""
                box = Input(
                    value,
                    placeholder=placeholder,
                    id=field,
                    compact=True,
                    select_on_focus=False,
                    type="integer" if field == "every" else "text",
                )
                yield from field_row(label, box, field)
            if self.contact_id is None:
                yield Checkbox(
                    "Force (add although the same name is there)", id="force", compact=True
                )
            yield Label(
                "* required · ctrl+s or enter saves · escape cancels", classes="dialog-hint"
            )
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        if self.contact_id is not None:
            self.query_one("#contact-dialog").disabled = True
            self._load(self.contact_id)

    def _load(self, contact_id: int) -> None:
        read = partial(contacts.contact_detail, ref=contact_id)
        run_read(self, read, self._loaded, refused=self.read_refused, unreadable=self.read_refused)

    def _loaded(self, detail: contacts.ContactDetail) -> None:
        self.original = _values(detail.contact)
        for field, value in self.original.items():
            self.query_one(f"#{field}", Input).value = value
        self.query_one("#contact-dialog").disabled = False
        name = self.query_one("#name", Input)
        name.focus()
        name.selection = Selection.cursor(len(name.value))

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def _every(self) -> int | None:
        text = self._value("every").strip()
        return int(text) if text else None

    def prepare(self) -> Write:
        if not self._value("name").strip():
            raise FieldError("name", "the name is required")
        kind = parse_kind(self._value("kind")) if self._value("kind").strip() else None
        if self.contact_id is None:
            new = contacts.NewContact(
                name=self._value("name"),
                company=self._value("company"),
                kind=kind or ContactKind.OTHER,
                email=self._value("email"),
                phone=self._value("phone"),
                handles=self._value("handles"),
                notes=self._value("notes"),
                every_days=self._every(),
            )
            return partial(contact_writes.add_contact, new=new)
        changes: dict[str, Any] = {}
        for field in ("name", "email", "phone", "handles", "notes"):
            if self._value(field).strip() != self.original.get(field, "").strip():
                changes[field] = self._value(field)
        if (kind or ContactKind.OTHER).value != self.original.get("kind"):
            changes["kind"] = kind or ContactKind.OTHER
        if self._value("every").strip() != self.original.get("every", ""):
            changes["every_days"] = self._every()
        company = self._value("company")
        same_company = company.strip() == self.original.get("company", "").strip()
        return partial(
            contact_writes.edit_contact,
            contact_id=self.contact_id,
            changes=changes,
            company=None if same_company else company,
        )
