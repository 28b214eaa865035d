"""Contacts, their links to applications and their interaction log, as domain objects."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.contacts import Channel, Contact, ContactKind, Interaction, Link
from pipeline_tui.domain.models import application_title
from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.text import fold, search_words
from pipeline_tui.store.applications import named
from pipeline_tui.store.dialect import insert_unless_present
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import company_table as _company
from pipeline_tui.store.tables import contact_link_table as _link
from pipeline_tui.store.tables import contact_table as _contact
from pipeline_tui.store.tables import event_interviewer_table as _interviewer
from pipeline_tui.store.tables import interaction_table as _interaction
from pipeline_tui.store.tables import reminder_table as _reminder

EDITABLE_FIELDS = frozenset(
    {"name", "name_key", "company_id", "kind", "email", "phone", "handles", "notes", "every_days"}
)

_LAST_CONTACTED = (
    sa.select(sa.func.max(_interaction.c.occurred_on))
    .where(_interaction.c.contact_id == _contact.c.id)
    .scalar_subquery()
    .label("last_contacted")
)


def _select_contacts() -> sa.Select[Any]:
    return sa.select(_contact, _company.c.name.label("company"), _LAST_CONTACTED).join_from(
        _contact, _company, _company.c.id == _contact.c.company_id, isouter=True
    )


def _to_contact(row: sa.Row[Any]) -> Contact:
    values = row._mapping
    last = values["last_contacted"]
    return Contact(
        id=values["id"],
        name=values["name"],
        company_id=values["company_id"],
        company=values["company"],
        kind=ContactKind(values["kind"]),
        email=values["email"],
        phone=values["phone"],
        handles=values["handles"],
        notes=values["notes"],
        every_days=values["every_days"],
        created_at=values["created_at"],
        updated_at=values["updated_at"],
        # A scalar subquery comes back as text: SQLite has no date type to tell the driver.
        last_contacted=date.fromisoformat(last) if isinstance(last, str) else last,
    )


def get_contact(session: Session, contact_id: int) -> Contact | None:
    """Return the contact with that id, or None."""
    row = session.execute(_select_contacts().where(_contact.c.id == contact_id)).first()
    return _to_contact(row) if row else None


def get_contacts(session: Session, ids: Sequence[int]) -> list[Contact]:
    """Return the contacts with these ids, in id order."""
    query = _select_contacts().where(_contact.c.id.in_(list(ids))).order_by(_contact.c.id)
    return [_to_contact(row) for row in session.execute(query)]


def list_contacts(
    session: Session, *, kind: ContactKind | None = None, company: str | None = None
) -> list[Contact]:
    """Return contacts by name; company takes a name as `list --campaign` does (exact, any
    case, else every company containing the text)."""
    query = _select_contacts()
    if kind is not None:
        query = query.where(_contact.c.kind == kind.value)
    if company is not None:
        query = query.where(named(session, _company.c.name, company))
    contacts = [_to_contact(row) for row in session.execute(query)]
    return sorted(contacts, key=lambda contact: (fold(contact.name), contact.id))


def match_text(session: Session, text: str) -> tuple[list[int], list[int]]:
    """Return ids of contacts matching text as (exact, partial).

    Exact: the name equals text. Partial: every word of text appears in the name, the
    company or the email address. Both ignore case in every script (domain.text.fold).
    """
    words = search_words(text)
    whole = " ".join(words)
    query = (
        sa.select(_contact.c.id, _contact.c.name, _company.c.name, _contact.c.email)
        .join_from(_contact, _company, _company.c.id == _contact.c.company_id, isouter=True)
        .order_by(_contact.c.id)
    )
    exact: list[int] = []
    partial: list[int] = []
    for contact_id, name, company, email in session.execute(query):
        folded = " ".join(fold(name).split())
        if folded == whole:
            exact.append(contact_id)
        haystack = f"{folded}\n{fold(company or '')}\n{fold(email or '')}"
        if all(word in haystack for word in words):
            partial.append(contact_id)
    return exact, partial


def same_name(session: Session, name_key: str, company_id: int | None) -> list[int]:
    """Return ids of contacts with this folded name at the same company (or none)."""
    query = sa.select(_contact.c.id).where(_contact.c.name_key == name_key)
    if company_id is None:
        query = query.where(_contact.c.company_id.is_(None))
    else:
        query = query.where(_contact.c.company_id == company_id)
    return [row[0] for row in session.execute(query.order_by(_contact.c.id))]


def insert_contact(session: Session, values: dict[str, Any], now: datetime) -> int:
    """Insert a contact and return its id."""
    result = session.execute(sa.insert(_contact).values(**values, created_at=now, updated_at=now))
    return int(result.inserted_primary_key[0])  # type: ignore[attr-defined]


def update_contact(
    session: Session, contact_id: int, changes: dict[str, Any], now: datetime
) -> None:
    """Change fields of one contact."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    session.execute(
        sa.update(_contact).where(_contact.c.id == contact_id).values(**changes, updated_at=now)
    )


def insert_link(
    session: Session, contact_id: int, application_id: int, role: str, now: datetime
) -> bool:
    """Link a contact to an application in a role; False if exactly that link exists."""
    values = {
        "contact_id": contact_id,
        "application_id": application_id,
        "role": role,
        "created_at": now,
    }
    return insert_unless_present(session, _link, values)


def delete_link(session: Session, contact_id: int, application_id: int, role: str) -> bool:
    """Remove one link (the UI's undo of linking); False if it was not there."""
    result = session.execute(
        sa.delete(_link).where(
            _link.c.contact_id == contact_id,
            _link.c.application_id == application_id,
            _link.c.role == role,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def delete_contact(session: Session, contact_id: int) -> None:
    """Remove a contact with its links, log, reminders and places on interview rounds."""
    # The foreign keys cascade too; saying it here keeps undo right on any connection.
    for table in (_link, _interaction, _reminder, _interviewer):
        session.execute(sa.delete(table).where(table.c.contact_id == contact_id))
    session.execute(sa.delete(_contact).where(_contact.c.id == contact_id))


def _select_links() -> sa.Select[Any]:
    return (
        sa.select(
            _link.c.contact_id,
            _contact.c.name,
            _contact.c.kind,
            _link.c.application_id,
            _company.c.name.label("company"),
            _application.c.role.label("application_role"),
            _application.c.department,
            _application.c.stage,
            _link.c.role,
            _link.c.created_at,
        )
        .join_from(_link, _contact, _contact.c.id == _link.c.contact_id)
        .join(_application, _application.c.id == _link.c.application_id)
        .join(_company, _company.c.id == _application.c.company_id)
        .order_by(_link.c.id)
    )


def _to_link(row: sa.Row[Any]) -> Link:
    return Link(
        contact_id=row.contact_id,
        contact_name=row.name,
        contact_kind=ContactKind(row.kind),
        application_id=row.application_id,
        application_title=application_title(row.company, row.application_role, row.department),
        stage=Stage(row.stage),
        role=row.role or None,
        created_at=row.created_at,
    )


def links_of_contact(session: Session, contact_id: int) -> list[Link]:
    """Return the applications a contact is linked to, in the order they were linked."""
    query = _select_links().where(_link.c.contact_id == contact_id)
    return [_to_link(row) for row in session.execute(query)]


def links_of_application(session: Session, application_id: int) -> list[Link]:
    """Return the contacts linked to an application, in the order they were linked."""
    query = _select_links().where(_link.c.application_id == application_id)
    return [_to_link(row) for row in session.execute(query)]


def insert_interaction(
    session: Session,
    contact_id: int,
    *,
    occurred_on: date,
    channel: Channel | None,
    note: str | None,
    application_id: int | None,
    now: datetime,
) -> int:
    """Add an entry to a contact's log and return its id."""
    result = session.execute(
        sa.insert(_interaction).values(
            contact_id=contact_id,
            occurred_on=occurred_on,
            channel=channel.value if channel else None,
            note=note,
            application_id=application_id,
            created_at=now,
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[attr-defined]


def interaction_written(session: Session, interaction_id: int) -> tuple[int, datetime] | None:
    """Return (contact id, when it was logged) of a log entry, or None once it is gone."""
    row = session.execute(
        sa.select(_interaction.c.contact_id, _interaction.c.created_at).where(
            _interaction.c.id == interaction_id
        )
    ).first()
    return (row.contact_id, row.created_at) if row else None


def link_written(
    session: Session, contact_id: int, application_id: int, role: str
) -> datetime | None:
    """Return when a link was made, or None when there is no such link."""
    return session.execute(
        sa.select(_link.c.created_at).where(
            _link.c.contact_id == contact_id,
            _link.c.application_id == application_id,
            _link.c.role == role,
        )
    ).scalar()


def delete_interaction(session: Session, interaction_id: int) -> bool:
    """Remove one entry of a contact's log; False if it was not there."""
    result = session.execute(sa.delete(_interaction).where(_interaction.c.id == interaction_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def interactions(session: Session, contact_id: int) -> list[Interaction]:
    """Return a contact's log, newest first."""
    query = (
        sa.select(
            _interaction,
            _company.c.name.label("company"),
            _application.c.role.label("application_role"),
            _application.c.department,
        )
        .join_from(
            _interaction,
            _application,
            _application.c.id == _interaction.c.application_id,
            isouter=True,
        )
        .join(_company, _company.c.id == _application.c.company_id, isouter=True)
        .where(_interaction.c.contact_id == contact_id)
        .order_by(_interaction.c.occurred_on.desc(), _interaction.c.id.desc())
    )
    return [
        Interaction(
            id=row.id,
            contact_id=row.contact_id,
            occurred_on=row.occurred_on,
            channel=Channel(row.channel) if row.channel else None,
            note=row.note,
            application_id=row.application_id,
            application_title=(
                application_title(row.company, row.application_role, row.department)
                if row.application_id is not None
                else None
            ),
            created_at=row.created_at,
        )
        for row in session.execute(query)
    ]


def to_get_back_to(session: Session, today: date) -> list[Contact]:
    """Return contacts whose stay-in-touch interval has run out by today and who have no
    open reminder (a snoozed one stands in for them until it is due)."""
    open_reminder = (
        sa.select(_reminder.c.id)
        .where(_reminder.c.contact_id == _contact.c.id, _reminder.c.done_at.is_(None))
        .exists()
    )
    query = _select_contacts().where(_contact.c.every_days.is_not(None), ~open_reminder)
    contacts = [_to_contact(row) for row in session.execute(query)]
    return [
        contact
        for contact in contacts
        if (due := contact.stay_in_touch_on()) is not None and due <= today
    ]
