"""Reminders, and which applications a reminder or an interaction already covers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.models import application_title
from pipeline_tui.domain.reminders import Reminder, ReminderKind
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import company_table as _company
from pipeline_tui.store.tables import contact_table as _contact
from pipeline_tui.store.tables import interaction_table as _interaction
from pipeline_tui.store.tables import reminder_table as _reminder


def insert_reminder(
    session: Session,
    *,
    kind: ReminderKind,
    text: str,
    due_on: date,
    application_id: int | None,
    contact_id: int | None,
    now: datetime,
) -> int:
    """Add a reminder and return its id."""
    result = session.execute(
        sa.insert(_reminder).values(
            kind=kind.value,
            text=text,
            due_on=due_on,
            application_id=application_id,
            contact_id=contact_id,
            created_at=now,
            updated_at=now,
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[attr-defined]


def _select_reminders() -> sa.Select[Any]:
    from pipeline_tui.store.closing import cancelled_reminder

    return (
        sa.select(
            _reminder,
            _company.c.name.label("company"),
            _application.c.role,
            _application.c.department,
            _contact.c.name.label("contact_name"),
            cancelled_reminder().label("cancelled"),
        )
        .join_from(
            _reminder, _application, _application.c.id == _reminder.c.application_id, isouter=True
        )
        .join(_company, _company.c.id == _application.c.company_id, isouter=True)
        .join(_contact, _contact.c.id == _reminder.c.contact_id, isouter=True)
    )


def _to_reminder(row: sa.Row[Any]) -> Reminder:
    return Reminder(
        id=row.id,
        kind=ReminderKind(row.kind),
        text=row.text,
        due_on=row.due_on,
        done_at=row.done_at,
        application_id=row.application_id,
        application_title=(
            application_title(row.company, row.role, row.department)
            if row.application_id is not None
            else None
        ),
        contact_id=row.contact_id,
        contact_name=row.contact_name,
        created_at=row.created_at,
        cancelled=bool(row.cancelled),
    )


def get_reminder(session: Session, reminder_id: int) -> Reminder | None:
    """Return the reminder with that id, or None."""
    row = session.execute(_select_reminders().where(_reminder.c.id == reminder_id)).first()
    return _to_reminder(row) if row else None


def _in_order(query: sa.Select[Any]) -> sa.Select[Any]:
    return query.order_by(_reminder.c.due_on, _reminder.c.id)


def _open() -> sa.ColumnElement[bool]:
    """Not done, and not cancelled by its application closing (store/closing.py)."""
    from pipeline_tui.store.closing import cancelled_reminder

    return sa.and_(_reminder.c.done_at.is_(None), sa.not_(cancelled_reminder()))


def due_reminders(session: Session, today: date) -> list[Reminder]:
    """Return open reminders due today or earlier, oldest first (none about an application
    that closed after they were set)."""
    query = _select_reminders().where(_open(), _reminder.c.due_on <= today)
    return [_to_reminder(row) for row in session.execute(_in_order(query))]


def open_reminders(
    session: Session, *, application_id: int | None = None, contact_id: int | None = None
) -> list[Reminder]:
    """Return the open reminders about an application or a contact, soonest first."""
    query = _select_reminders().where(_open())
    if application_id is not None:
        query = query.where(_reminder.c.application_id == application_id)
    if contact_id is not None:
        query = query.where(_reminder.c.contact_id == contact_id)
    return [_to_reminder(row) for row in session.execute(_in_order(query))]


def set_done(session: Session, reminder_id: int, done_at: datetime | None, now: datetime) -> None:
    """Mark a reminder done (or open again with None)."""
    session.execute(
        sa.update(_reminder)
        .where(_reminder.c.id == reminder_id)
        .values(done_at=done_at, updated_at=now)
    )


def set_due(session: Session, reminder_id: int, due_on: date, now: datetime) -> None:
    """Move a reminder to another day and open it again."""
    restore(session, reminder_id, due_on, None, now)


def delete_reminder(session: Session, reminder_id: int) -> bool:
    """Remove a reminder (the UI's undo of adding one); False if it was not there."""
    result = session.execute(sa.delete(_reminder).where(_reminder.c.id == reminder_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def restore(
    session: Session, reminder_id: int, due_on: date, done_at: datetime | None, now: datetime
) -> None:
    """Put a reminder back as it was: due on that day, done (or not) at that time."""
    session.execute(
        sa.update(_reminder)
        .where(_reminder.c.id == reminder_id)
        .values(due_on=due_on, done_at=done_at, updated_at=now)
    )


def covered_query(after: sa.ColumnElement[Any]) -> sa.CompoundSelect[Any]:
    """The ids of applications that need no follow-up whatever their events say: one with an
    open reminder (it stands in until it is due), or an interaction about it after `after`
    (a day, or a bound parameter). No NULL among them, so NOT IN works."""
    reminded = sa.select(_reminder.c.application_id).where(
        _reminder.c.done_at.is_(None), _reminder.c.application_id.is_not(None)
    )
    talked = sa.select(_interaction.c.application_id).where(
        _interaction.c.application_id.is_not(None), _interaction.c.occurred_on > after
    )
    return sa.union(reminded, talked)


def covered_applications(session: Session, after: date) -> set[int]:
    """Return ids of applications that need no follow-up whatever their events say (see
    covered_query)."""
    return {row[0] for row in session.execute(covered_query(sa.literal(after, sa.Date)))}


def reminders_from(session: Session, first_day: date) -> list[Reminder]:
    """Return every reminder, open or done, due on first_day or later, soonest first."""
    query = _select_reminders().where(_reminder.c.due_on >= first_day)
    return [_to_reminder(row) for row in session.execute(_in_order(query))]
