"""Reminders (remind, done, snooze) and `due`: the one place due items are put together."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from pipeline_tui import clock
from pipeline_tui.config import Settings
from pipeline_tui.domain import reminders as due_items
from pipeline_tui.domain.identity import (
    EventIdentity,
    InteractionIdentity,
    ReminderIdentity,
    gone_message,
    replaced_message,
)
from pipeline_tui.domain.reminders import (
    REF_KINDS,
    DueItem,
    Reminder,
    ReminderKind,
    parse_due_ref,
)
from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.text import printable
from pipeline_tui.errors import ChangedElsewhere, InvalidValue, NotFound, UserError
from pipeline_tui.services.applications import record_note, undo_event
from pipeline_tui.services.contacts import check_interaction, describe_contact, resolve_contact
from pipeline_tui.services.refs import describe, optional, resolve
from pipeline_tui.services.undoing import checked_event
from pipeline_tui.store import contacts as store_contacts
from pipeline_tui.store import interviews as store_interviews
from pipeline_tui.store import reminders as store_reminders
from pipeline_tui.store import reports as store_reports
from pipeline_tui.store.engine import Store

MAX_TEXT_LENGTH = 1000
INTERVIEWS_AHEAD_DAYS = 7

# What `done` writes down for a cadence item, so the count starts again from today: a note on
# the application's timeline, or an entry in the contact's log.
_DONE_NOTES = {
    ReminderKind.FOLLOW_UP: "Followed up",
    ReminderKind.THANK_YOU: "Sent a thank-you note",
    ReminderKind.STAY_IN_TOUCH: "Kept in touch",
}
# The text of the reminder a snoozed cadence item becomes (its application or contact is
# shown next to it).
_SNOOZED_TEXT = {
    ReminderKind.FOLLOW_UP: "Follow up",
    ReminderKind.THANK_YOU: "Send a thank-you note",
    ReminderKind.STAY_IN_TOUCH: "Get in touch",
}
_LETTER = {kind: letter for letter, kind in REF_KINDS.items()}
_KIND_OF_REF = {
    "follow-up": ReminderKind.FOLLOW_UP,
    "thank-you": ReminderKind.THANK_YOU,
    "stay-in-touch": ReminderKind.STAY_IN_TOUCH,
}


def _text(text: str) -> str:
    cleaned = optional(text)
    if cleaned is None:
        raise InvalidValue("text", "the reminder text is empty")
    if len(cleaned) > MAX_TEXT_LENGTH:
        raise InvalidValue("text", f"the reminder is longer than {MAX_TEXT_LENGTH} characters")
    return cleaned


def remind(
    store: Store,
    text: str,
    *,
    ref: str | int | None = None,
    contact: str | int | None = None,
    on: date | None = None,
) -> Reminder:
    """Add a reminder due on a day (default today), about an application, a contact, or both."""
    cleaned = _text(text)
    now = clock.now()
    with store.write() as session:
        application = resolve(session, ref, open_only=False) if ref is not None else None
        person = resolve_contact(session, contact) if contact is not None else None
        reminder_id = store_reminders.insert_reminder(
            session,
            kind=ReminderKind.MANUAL,
            text=cleaned,
            due_on=on or clock.today(),
            application_id=application.id if application else None,
            contact_id=person.id if person else None,
            now=now,
        )
        reminder = store_reminders.get_reminder(session, reminder_id)
    assert reminder is not None
    return reminder


@dataclass(frozen=True, slots=True)
class Done:
    """What `done` did: said in one line (user text made printable), the reminder it closed
    (as done left it), if the item was one, and what it wrote down (the timeline note or the
    log entry), so the UI can take exactly that back."""

    text: str
    reminder: Reminder | None = None
    event: EventIdentity | None = None
    interaction: InteractionIdentity | None = None
    application_id: int | None = None


@dataclass(frozen=True, slots=True)
class _Recorded:
    said: str = ""
    event: EventIdentity | None = None
    interaction: InteractionIdentity | None = None
    application_id: int | None = None


def _open_reminder(session: Session, reminder_id: int) -> Reminder:
    reminder = store_reminders.get_reminder(session, reminder_id)
    if reminder is None:
        raise NotFound(f"no reminder r{reminder_id}")
    return reminder


def done(store: Store, ref: str) -> Done:
    """Close a due item: mark a reminder done; for a follow-up, thank-you or stay-in-touch item
    also write down that it was done (a timeline note, or an entry in the contact's log), which
    starts its count again."""
    kind, number = parse_due_ref(ref)
    now = clock.now()
    with store.write() as session:
        reminder = None
        if kind == "reminder":
            reminder = _open_reminder(session, number)
            if reminder.done_at is not None:
                raise UserError(f"reminder r{number} is already done")
            store_reminders.set_done(session, reminder.id, now, now)
            reminder = _open_reminder(session, reminder.id)
            cadence = reminder.kind
            target = reminder.contact_id if cadence is ReminderKind.STAY_IN_TOUCH else None
            target = target if target is not None else reminder.application_id
        else:
            cadence, target = _KIND_OF_REF[kind], number
        recorded = _record_done(session, cadence, target, now, checked=reminder is None)
    said = recorded.said
    if reminder is None:
        text = f"Done {_LETTER[kind]}{number}: {said}"
    else:
        text = f"Done r{reminder.id}: {printable(reminder.text)}" + (f"; {said}" if said else "")
    return Done(
        text,
        reminder,
        event=recorded.event,
        interaction=recorded.interaction,
        application_id=recorded.application_id,
    )


def _record_done(
    session: Session, kind: ReminderKind, target: int | None, now: datetime, *, checked: bool
) -> _Recorded:
    """Write down a done cadence item and say what was written ("" for a manual reminder)."""
    if kind is ReminderKind.MANUAL or target is None:
        return _Recorded()
    note = _DONE_NOTES[kind]
    if kind is ReminderKind.STAY_IN_TOUCH:
        contact = resolve_contact(session, target)
        if checked and contact.every_days is None:
            raise UserError(f"{describe_contact(contact)} has no stay-in-touch interval")
        today = clock.today()
        interaction_id = store_contacts.insert_interaction(
            session,
            contact.id,
            occurred_on=today,
            channel=None,
            note=note,
            application_id=None,
            now=now,
        )
        entry = InteractionIdentity(interaction_id, contact.id, now, today)
        return _Recorded(f"logged for {describe_contact(contact)}: {note}", interaction=entry)
    application = resolve(session, target, open_only=False)
    if checked and application.stage.is_closed:
        raise UserError(f"{describe(application)} is closed ({application.stage})")
    if checked and kind is ReminderKind.THANK_YOU and application.stage is not Stage.INTERVIEW:
        raise UserError(f"{describe(application)} is not at an interview")
    application, event = record_note(session, application.id, note, on=None, now=now)
    return _Recorded(
        f"noted on {describe(application)}: {note}",
        event=EventIdentity.of(event),
        application_id=application.id,
    )


def undo_done(store: Store, done: Done) -> None:
    """Take back what `done` did (the UI's undo): open the reminder again and remove the note
    or log entry it wrote, in one transaction; if any of them was removed or changed from
    another terminal since, nothing is changed (ChangedElsewhere)."""
    now = clock.now()
    with store.write() as session:
        if done.reminder is not None:
            _check_reminder(session, done.reminder)
        event = checked_event(session, done.event) if done.event is not None else None
        if done.interaction is not None:
            check_interaction(session, done.interaction)
        if done.reminder is not None:
            store_reminders.set_done(session, done.reminder.id, None, now)
        if event is not None:
            undo_event(session, event, now)
        if done.interaction is not None:
            store_contacts.delete_interaction(session, done.interaction.id)


def _check_reminder(session: Session, left: Reminder) -> None:
    """Raise ChangedElsewhere unless the reminder is as this session left it (the same row,
    due the same day, done or open the same way)."""
    words = ReminderIdentity.of(left).words
    found = store_reminders.get_reminder(session, left.id)
    if found is None:
        raise ChangedElsewhere(gone_message(words))
    now_state = (found.created_at, found.due_on, found.done_at)
    if now_state != (left.created_at, left.due_on, left.done_at):
        raise ChangedElsewhere(replaced_message(words))


def reminder(store: Store, ref: str | int) -> Reminder:
    """Return one reminder ("r3", "3" or 3), done or not."""
    if isinstance(ref, int):
        number = ref
    else:
        kind, number = parse_due_ref(ref)
        if kind != "reminder":
            raise UserError(f"{ref.strip()!r} is not a reminder (r3)")
    with store.read() as session:
        return _open_reminder(session, number)


def remove_reminder(store: Store, expect: ReminderIdentity) -> Reminder:
    """Take back a reminder this session added (the UI's undo); one removed or replaced
    elsewhere is refused (ChangedElsewhere)."""
    with store.write() as session:
        found = store_reminders.get_reminder(session, expect.id)
        if found is None:
            raise ChangedElsewhere(gone_message(expect.words))
        if found.created_at != expect.created_at:
            raise ChangedElsewhere(replaced_message(expect.words))
        store_reminders.delete_reminder(session, expect.id)
    return found


def restore_reminder(store: Store, before: Reminder, *, snoozed: Reminder) -> Reminder:
    """Put a reminder back as before was (its day, done or not): the UI's undo of a snooze.
    snoozed: the reminder as the snooze left it; if it changed since (moved, done, removed
    from another terminal), nothing is changed (ChangedElsewhere)."""
    now = clock.now()
    with store.write() as session:
        _check_reminder(session, snoozed)
        store_reminders.restore(session, before.id, before.due_on, before.done_at, now)
        restored = store_reminders.get_reminder(session, before.id)
    assert restored is not None
    return restored


def snooze(store: Store, ref: str, to: date) -> Reminder:
    """Move a due item to a later day: a reminder moves (and opens again if it was done); a
    follow-up, thank-you or stay-in-touch item becomes a reminder due that day, and until then
    it is not due."""
    today = clock.today()
    if to <= today:
        raise InvalidValue("to", f"snooze to a day after today ({today.isoformat()})")
    kind, number = parse_due_ref(ref)
    now = clock.now()
    with store.write() as session:
        if kind == "reminder":
            reminder_id = _open_reminder(session, number).id
            store_reminders.set_due(session, reminder_id, to, now)
        else:
            cadence = _KIND_OF_REF[kind]
            application_id = contact_id = None
            if cadence is ReminderKind.STAY_IN_TOUCH:
                contact_id = resolve_contact(session, number).id
            else:
                application_id = resolve(session, number, open_only=False).id
            reminder_id = store_reminders.insert_reminder(
                session,
                kind=cadence,
                text=_SNOOZED_TEXT[cadence],
                due_on=to,
                application_id=application_id,
                contact_id=contact_id,
                now=now,
            )
        reminder = store_reminders.get_reminder(session, reminder_id)
    assert reminder is not None
    return reminder


# `due`: each source turns one kind of fact into due items.
DueSource = Callable[[Session, date, Settings], Iterable[DueItem]]


def _reminders_due(session: Session, today: date, settings: Settings) -> Iterable[DueItem]:
    return map(due_items.from_reminder, store_reminders.due_reminders(session, today))


def _follow_ups(session: Session, today: date, settings: Settings) -> Iterable[DueItem]:
    if not settings.follow_up_cadence:
        return []
    found = store_reports.follow_ups(
        session,
        today=today,
        follow_up_days=settings.follow_up_days,
        ghost_cutoff=today - timedelta(days=settings.ghost_after_days),
        limit=None,
    )
    return [due_items.from_follow_up(item, settings.follow_up_days) for item in found.items]


def _thank_yous(session: Session, today: date, settings: Settings) -> Iterable[DueItem]:
    if not settings.follow_up_cadence:
        return []
    # From the day after the round until the follow-up takes over.
    first = today - timedelta(days=settings.follow_up_days - 1)
    return map(
        due_items.from_thank_you,
        store_interviews.awaiting_thanks(session, first, today - timedelta(days=1)),
    )


def _stay_in_touch(session: Session, today: date, settings: Settings) -> Iterable[DueItem]:
    return map(due_items.from_contact, store_contacts.to_get_back_to(session, today))


def _interviews_ahead(session: Session, today: date, settings: Settings) -> Iterable[DueItem]:
    last = today + timedelta(days=INTERVIEWS_AHEAD_DAYS)
    return map(
        due_items.from_interview,
        store_interviews.interviews_between(session, today, last, open_only=True),
    )


def _offers_due(session: Session, today: date, settings: Settings) -> Iterable[DueItem]:
    from pipeline_tui.services.offers import due_in_session

    return due_in_session(session, today)


DUE_SOURCES: tuple[DueSource, ...] = (
    _offers_due,
    _reminders_due,
    _follow_ups,
    _thank_yous,
    _stay_in_touch,
    _interviews_ahead,
)


def due(store: Store, settings: Settings, *, today: date | None = None) -> list[DueItem]:
    """Return what is due as of today: things to do (oldest first), then interviews ahead."""
    day = today or clock.today()
    if settings.ghost_after == "auto":
        from dataclasses import replace

        from pipeline_tui.services.insights import ghost_age

        # Follow-ups stop where ghosting starts: at the age the reply curve gives.
        settings = replace(settings, ghost_after_days=ghost_age(store, settings, today=day).days)
    with store.read() as session:
        items = [item for source in DUE_SOURCES for item in source(session, day, settings)]
    return sorted(items, key=due_items.due_order)
