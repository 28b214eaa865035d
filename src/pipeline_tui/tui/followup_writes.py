"""What the UI writes about follow-ups: reminders, done and snooze on due lines, and interview
rounds with details. Plain functions over the services, shaped like tui/writes.py.

Undo: a new reminder is removed; done opens the reminder again and removes the note or log
entry it wrote; snooze puts a reminder back on its day, or removes the reminder a snoozed
follow-up became; an interview round is removed with its details (contacts it added stay).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

from pipeline_tui import services
from pipeline_tui.domain.identity import BatchIdentity, ReminderIdentity
from pipeline_tui.domain.reminders import Reminder, parse_due_ref
from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.text import printable
from pipeline_tui.services import interviews, reminders
from pipeline_tui.services.contacts import describe_contact
from pipeline_tui.services.database import Database
from pipeline_tui.tui.writes import Change, Written, _event_change, event_words, remove_batch


def reminder_words(reminder: Reminder) -> str:
    """Return "r3 due 2024-09-20: send the portfolio (#12 ByteDance — Eng)", made printable."""
    about = f" ({printable(reminder.about)})" if reminder.about else ""
    return f"{reminder.ref} due {reminder.due_on.isoformat()}: {printable(reminder.text)}{about}"


def _summary_written(
    store: Database, application_id: int | None, text: str, change: Change | None = None
) -> Written:
    """A write that may have changed an application's timeline (a note): refresh its card."""
    if application_id is None:
        return Written(None, None, text, change, select=False)
    summary = services.ui_summary(store, application_id)
    return Written(application_id, summary, text, change, select=False)


def remind(
    store: Database,
    force: bool = False,
    *,
    text: str,
    on: date | None = None,
    application: str | int | None = None,
    contact: str | int | None = None,
) -> Written:
    """Add a reminder due on a day, about an application, a contact, both or neither."""
    added = reminders.remind(store, text, ref=application, contact=contact, on=on)
    again = partial(
        remind,
        text=added.text,
        on=added.due_on,
        application=added.application_id,
        contact=added.contact_id,
    )
    change = Change(
        f"reminder {reminder_words(added)}",
        partial(remove_reminder, expect=ReminderIdentity.of(added)),
        again,
    )
    text = f"Added reminder {reminder_words(added)}"
    return Written(
        None, None, text, change, select=False, contact_id=added.contact_id, due_ref=added.ref
    )


def ghost_silent(store: Database, force: bool = False, *, older_than: int) -> Written:
    """Mark every open application silent for older_than days ghosted, in one undo batch."""
    from pipeline_tui.services.ghosting import ghost

    done = ghost(store, older_than=older_than)
    count = len(done.applications)
    noun = f"{count} application{'s' if count != 1 else ''}"
    if done.batch is None:
        return Written(
            None, None, f"No open application has heard nothing for {older_than}+ days",
            select=False,
        )  # fmt: skip
    what = f"ghosting of {noun} silent for {older_than}+ days"
    expect = BatchIdentity(done.batch, count)
    change = Change(
        what,
        partial(remove_batch, expect=expect, change=what),
        partial(ghost_silent, older_than=older_than),
        removes=expect,
    )
    text = f"Marked {noun} ghosted (silent for {older_than}+ days)"
    return Written(None, None, text, change, select=False, reload=True)


def remove_reminder(
    store: Database, force: bool = False, *, expect: ReminderIdentity, back: str | None = None
) -> Written:
    """Take back a reminder added in this session (back: the follow-up line a snooze turned
    into it, due again once it is gone)."""
    removed = reminders.remove_reminder(store, expect)
    if back is not None:
        text = f"Undid the snooze of {back}: due again"
        return Written(None, None, text, select=False, due_ref=back)
    text = f"Undid the reminder {reminder_words(removed)}: removed"
    return Written(None, None, text, select=False)


def done(store: Database, force: bool = False, *, ref: str) -> Written:
    """Close a due item (r3, f12, t12, c5), writing down what a cadence item's done means."""
    closed = reminders.done(store, ref)
    change = Change(
        f"done of {ref}",
        partial(undo_done, closed=closed, ref=ref),
        partial(done, ref=ref),
    )
    return _summary_written(store, closed.application_id, closed.text, change)


def undo_done(store: Database, force: bool = False, *, closed: reminders.Done, ref: str) -> Written:
    """Open a closed item again and remove the note or log entry its done wrote."""
    reminders.undo_done(store, closed)
    written = _summary_written(store, closed.application_id, f"Undid done of {ref}: due again")
    return replace(written, due_ref=ref)


def snooze(store: Database, force: bool = False, *, ref: str, to: date) -> Written:
    """Move a due item to a later day (a cadence item becomes a reminder due then)."""
    kind, _ = parse_due_ref(ref)
    before = reminders.reminder(store, ref) if kind == "reminder" else None
    moved = reminders.snooze(store, ref, to)
    undo = (
        partial(restore_reminder, before=before, snoozed=moved)
        if before is not None
        else partial(remove_reminder, expect=ReminderIdentity.of(moved), back=ref)
    )
    change = Change(
        f"snooze of {ref} to {to.isoformat()}",
        undo,
        partial(snooze, ref=ref, to=to),
    )
    return Written(None, None, f"Snoozed {ref}: {reminder_words(moved)}", change, select=False)


def restore_reminder(
    store: Database, force: bool = False, *, before: Reminder, snoozed: Reminder
) -> Written:
    """Put a snoozed reminder back on its day (snoozed: as the snooze left it)."""
    restored = reminders.restore_reminder(store, before, snoozed=snoozed)
    text = f"Undid the snooze of {restored.ref}: back on its day: {reminder_words(restored)}"
    return Written(None, None, text, select=False, due_ref=restored.ref)


def schedule(
    store: Database,
    force: bool = False,
    *,
    application_id: int,
    plan: interviews.InterviewPlan,
    on: date | None = None,
    round: int | None = None,
    note: str | None = None,
) -> Written:
    """Record an interview round with its time, duration, format, place and interviewers."""
    scheduled = interviews.move(
        store, application_id, Stage.INTERVIEW, plan, on=on, round=round, note=note, force=force
    )
    event, interview = scheduled.event, scheduled.interview
    what = event_words(event)
    if interview.starts_at is not None:
        what += f" at {interview.starts_at:%H:%M}"
    details = interview.details()
    text = f"Moved {services.describe(scheduled.application)}: {what}"
    text += f" ({printable(details)})" if details else ""
    for contact in scheduled.added:
        text += f"; new contact {describe_contact(contact)}"
    again = partial(
        schedule,
        application_id=application_id,
        plan=plan,
        on=event.occurred_on,
        round=event.round,
        note=note,
    )
    change = _event_change(scheduled.application, event, again)
    summary = services.ui_summary(store, application_id)
    return Written(application_id, summary, text, change)
