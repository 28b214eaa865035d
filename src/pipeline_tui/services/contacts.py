"""Contacts: add, edit, resolve, link to applications, log interactions, list, show."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from pipeline_tui import clock
from pipeline_tui.domain.contacts import (
    Channel,
    Contact,
    ContactKind,
    Interaction,
    Link,
    check_email,
    check_phone,
)
from pipeline_tui.domain.identity import (
    ContactIdentity,
    InteractionIdentity,
    LinkIdentity,
    gone_message,
    replaced_message,
)
from pipeline_tui.domain.interviews import Interview
from pipeline_tui.domain.models import MAX_NAME_LENGTH, clean_name
from pipeline_tui.domain.reminders import Reminder
from pipeline_tui.domain.text import fold, printable
from pipeline_tui.errors import (
    AmbiguousRef,
    ChangedElsewhere,
    ForceReason,
    InvalidValue,
    NeedsForce,
    NotFound,
    UserError,
)
from pipeline_tui.services.applications import company_id_of
from pipeline_tui.services.refs import optional, resolve
from pipeline_tui.store import applications as queries
from pipeline_tui.store import contacts as store_contacts
from pipeline_tui.store.engine import Store

_ID_REF = re.compile(r"(?a)#?(\d{1,18})")
_CANDIDATES_SHOWN = 10
MAX_EVERY_DAYS = 3650


@dataclass(frozen=True, slots=True)
class NewContact:
    """What a user types to record a contact."""

    name: str
    company: str | None = None
    kind: ContactKind = ContactKind.OTHER
    email: str | None = None
    phone: str | None = None
    handles: str | None = None
    notes: str | None = None
    every_days: int | None = None


@dataclass(frozen=True, slots=True)
class ContactDetail:
    """A contact with the applications they are part of, their log and what is open."""

    contact: Contact
    links: list[Link] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Linked:
    """The link a `link` call made (or found already there)."""

    contact: Contact
    link: Link
    created: bool


def describe_contact(contact: Contact) -> str:
    """Return "#3 Li Lei (headhunter, ByteDance)" with user text made safe to print."""
    return f"#{contact.id} {printable(contact.label)}"


def resolve_contact(session: Session, ref: str | int) -> Contact:
    """Find the one contact ref names: an id, "#id", or text matching one contact."""
    if isinstance(ref, int) or _ID_REF.fullmatch(ref.strip()):
        contact_id = ref if isinstance(ref, int) else int(ref.strip().lstrip("#"))
        contact = store_contacts.get_contact(session, contact_id)
        if contact is None:
            raise NotFound(f"no contact #{contact_id}")
        return contact
    text = ref.strip()
    if not text:
        raise UserError("no contact given")
    exact, partial = store_contacts.match_text(session, text)
    ids = exact or partial
    shown = printable(text)
    if not ids:
        raise NotFound(f'no contact matches "{shown}"')
    if len(ids) > 1:
        candidates = store_contacts.get_contacts(session, ids[:_CANDIDATES_SHOWN])
        raise AmbiguousRef(
            f'"{shown}" matches {len(ids)} contacts; give the #id',
            [(item.id, printable(item.label)) for item in candidates],
            len(ids),
        )
    contact = store_contacts.get_contact(session, ids[0])
    assert contact is not None
    return contact


def _name(text: str) -> str:
    cleaned = clean_name(text)
    if not cleaned:
        raise InvalidValue("name", "the name is empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidValue("name", f"the name is longer than {MAX_NAME_LENGTH} characters")
    return cleaned


def _every(days: int | None) -> int | None:
    if days is not None and not 1 <= days <= MAX_EVERY_DAYS:
        raise InvalidValue("every", f"stay in touch every 1 to {MAX_EVERY_DAYS} days")
    return days


def _company_id(session: Session, company: str | None, now: datetime) -> int | None:
    """Return the id of the company named (created if new), None for a blank name."""
    name = clean_name(company or "")
    if not name:
        return None
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidValue("company", f"company is longer than {MAX_NAME_LENGTH} characters")
    return company_id_of(session, name, now)


def add_contact(store: Store, new: NewContact, *, force: bool = False) -> Contact:
    """Record a contact; the same name at the same company again needs force."""
    name = _name(new.name)
    every_days = _every(new.every_days)
    now = clock.now()
    with store.write() as session:
        return _insert(session, new, name, every_days, now, force=force)


def _insert(
    session: Session,
    new: NewContact,
    name: str,
    every_days: int | None,
    now: datetime,
    *,
    force: bool,
) -> Contact:
    company_id = _company_id(session, new.company, now)
    if not force:
        same = store_contacts.same_name(session, fold(name), company_id)
        if same:
            existing = store_contacts.get_contact(session, same[0])
            assert existing is not None
            raise NeedsForce(
                ForceReason.DUPLICATE, f"{describe_contact(existing)} is already a contact"
            )
    contact_id = store_contacts.insert_contact(
        session,
        {
            "name": name,
            "name_key": fold(name),
            "company_id": company_id,
            "kind": new.kind.value,
            "email": check_email(new.email),
            "phone": check_phone(new.phone),
            "handles": optional(new.handles),
            "notes": optional(new.notes),
            "every_days": every_days,
        },
        now,
    )
    contact = store_contacts.get_contact(session, contact_id)
    assert contact is not None
    return contact


def interviewer(session: Session, ref: str, company: str) -> tuple[Contact, bool]:
    """Return the contact an interview's `with` names, adding an interviewer at the
    application's company when the text matches nobody; the flag says it was added."""
    try:
        return resolve_contact(session, ref), False
    except NotFound:
        if _ID_REF.fullmatch(ref.strip()):
            raise
    new = NewContact(name=ref, company=company, kind=ContactKind.INTERVIEWER)
    return _insert(session, new, _name(ref), None, clock.now(), force=True), True


def edit_contact(
    store: Store, ref: str | int, changes: dict[str, Any], *, company: str | None = None
) -> Contact:
    """Change a contact's fields; blank text clears a field, company "" clears the company."""
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "name":
            cleaned["name"] = _name(value)
            cleaned["name_key"] = fold(cleaned["name"])
        elif name == "kind":
            cleaned["kind"] = ContactKind(value).value
        elif name == "every_days":
            cleaned["every_days"] = _every(value)
        elif name == "email":
            cleaned[name] = check_email(value)
        elif name == "phone":
            cleaned[name] = check_phone(value)
        elif name in ("handles", "notes"):
            cleaned[name] = optional(value)
        else:
            raise UserError(f"cannot edit {name}")
    now = clock.now()
    with store.write() as session:
        contact = resolve_contact(session, ref)
        if company is not None:
            cleaned["company_id"] = _company_id(session, company, now)
        if cleaned:
            store_contacts.update_contact(session, contact.id, cleaned, now)
        if "company_id" in cleaned and contact.company_id not in (None, cleaned["company_id"]):
            queries.delete_company_if_unused(session, contact.company_id)
        updated = store_contacts.get_contact(session, contact.id)
    assert updated is not None
    return updated


def link(store: Store, contact_ref: str | int, ref: str | int, role: str | None = None) -> Linked:
    """Link a contact to an application, in a role such as "referred me"."""
    role_text = clean_name(role or "")
    if len(role_text) > MAX_NAME_LENGTH:
        raise InvalidValue("as", f"the role is longer than {MAX_NAME_LENGTH} characters")
    now = clock.now()
    with store.write() as session:
        contact = resolve_contact(session, contact_ref)
        application = resolve(session, ref, open_only=False)
        created = store_contacts.insert_link(session, contact.id, application.id, role_text, now)
        found = [
            item
            for item in store_contacts.links_of_contact(session, contact.id)
            if item.application_id == application.id and (item.role or "") == role_text
        ]
    return Linked(contact, found[0], created)


def unlink(store: Store, expect: LinkIdentity) -> None:
    """Remove a link this session made (the UI's undo of linking); ChangedElsewhere when it is
    gone, or was removed and made again elsewhere since."""
    with store.write() as session:
        made = store_contacts.link_written(
            session, expect.contact_id, expect.application_id, expect.role
        )
        if made is None:
            raise ChangedElsewhere(gone_message(expect.words))
        if made != expect.created_at:
            raise ChangedElsewhere(replaced_message(expect.words))
        store_contacts.delete_link(session, expect.contact_id, expect.application_id, expect.role)


def _counted(count: int, one: str, many: str) -> list[str]:
    return [] if not count else [f"1 {one}" if count == 1 else f"{count} {many}"]


def remove_contact(store: Store, expect: ContactIdentity, *, force: bool = False) -> Contact:
    """Take back a contact this session added (the UI's undo). One with links, log entries,
    open reminders or interview rounds needs force (the UI asks first, saying what would go
    with them); one removed or replaced elsewhere is refused (ChangedElsewhere)."""
    from pipeline_tui.store import interviews, reminders

    with store.write() as session:
        contact = store_contacts.get_contact(session, expect.id)
        if contact is None:
            raise ChangedElsewhere(gone_message(expect.words))
        if contact.created_at != expect.created_at:
            raise ChangedElsewhere(replaced_message(expect.words))
        if not force:
            held = [
                *_counted(len(store_contacts.links_of_contact(session, contact.id)),
                          "link", "links"),
                *_counted(len(store_contacts.interactions(session, contact.id)),
                          "log entry", "log entries"),
                *_counted(len(reminders.open_reminders(session, contact_id=contact.id)),
                          "reminder", "reminders"),
                *_counted(len(interviews.interviews_of_contact(session, contact.id)),
                          "interview round", "interview rounds"),
            ]  # fmt: skip
            if held:
                raise NeedsForce(
                    ForceReason.REMOVES_CONTACT,
                    f"undoing this removes {describe_contact(contact)} and their "
                    + ", ".join(held),
                )
        store_contacts.delete_contact(session, contact.id)
        if contact.company_id is not None:
            queries.delete_company_if_unused(session, contact.company_id)
    return contact


def remove_interaction(store: Store, expect: InteractionIdentity) -> Contact:
    """Take back one entry this session logged (the UI's undo); return the contact as it is
    now. One removed or replaced elsewhere is refused (ChangedElsewhere)."""
    with store.write() as session:
        check_interaction(session, expect)
        store_contacts.delete_interaction(session, expect.id)
        contact = store_contacts.get_contact(session, expect.contact_id)
    assert contact is not None
    return contact


def check_interaction(session: Any, expect: InteractionIdentity) -> None:
    """Raise ChangedElsewhere unless the log entry is there as this session wrote it."""
    written = store_contacts.interaction_written(session, expect.id)
    if written is None:
        raise ChangedElsewhere(gone_message(expect.words))
    if written != (expect.contact_id, expect.created_at):
        raise ChangedElsewhere(replaced_message(expect.words))


def log_interaction(
    store: Store,
    contact_ref: str | int,
    *,
    on: date | None = None,
    channel: Channel | None = None,
    note: str | None = None,
    about: str | int | None = None,
    force: bool = False,
) -> tuple[Contact, Interaction]:
    """Add an entry to a contact's log (what happened, so not after today unless force)."""
    today = clock.today()
    occurred_on = on or today
    if occurred_on > today and not force:
        raise NeedsForce(
            ForceReason.FUTURE,
            f"an interaction on {occurred_on.isoformat()} is after today ({today.isoformat()})",
        )
    now = clock.now()
    with store.write() as session:
        contact = resolve_contact(session, contact_ref)
        application = resolve(session, about, open_only=False) if about is not None else None
        interaction_id = store_contacts.insert_interaction(
            session,
            contact.id,
            occurred_on=occurred_on,
            channel=channel,
            note=optional(note),
            application_id=application.id if application else None,
            now=now,
        )
        entry = next(
            item
            for item in store_contacts.interactions(session, contact.id)
            if item.id == interaction_id
        )
        updated = store_contacts.get_contact(session, contact.id)
    assert updated is not None
    return updated, entry


def list_contacts(
    store: Store, *, kind: ContactKind | None = None, company: str | None = None
) -> list[Contact]:
    """Return contacts by name, of one kind or at one company ("who do I know here")."""
    with store.read() as session:
        return store_contacts.list_contacts(session, kind=kind, company=company)


def contact_detail(store: Store, ref: str | int) -> ContactDetail:
    """Return one contact with linked applications, log, interviews and open reminders."""
    from pipeline_tui.store import interviews, reminders

    with store.read() as session:
        contact = resolve_contact(session, ref)
        return ContactDetail(
            contact,
            store_contacts.links_of_contact(session, contact.id),
            store_contacts.interactions(session, contact.id),
            interviews.interviews_of_contact(session, contact.id),
            reminders.open_reminders(session, contact_id=contact.id),
        )


def describe_link(linked: Linked) -> str:
    """Return "#3 Li Lei (headhunter) on #12 ByteDance — LLM engineer as referred me"."""
    link_ = linked.link
    role = f" as {printable(link_.role)}" if link_.role else ""
    return (
        f"{describe_contact(linked.contact)} on #{link_.application_id} "
        f"{printable(link_.application_title)}{role}"
    )
