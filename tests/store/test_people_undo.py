"""The take-backs the UI's undo runs for people and follow-ups, as services over a real store."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline_tui import services
from pipeline_tui.config import Settings
from pipeline_tui.domain.contacts import Channel
from pipeline_tui.domain.identity import (
    ContactIdentity,
    InteractionIdentity,
    LinkIdentity,
    ReminderIdentity,
)
from pipeline_tui.errors import ChangedElsewhere, ForceReason, NeedsForce, NotFound
from pipeline_tui.services import contacts, reminders


def _application(store, company: str = "ByteDance", on: date = date(2024, 8, 20)) -> int:
    new = services.NewApplication(company, "LLM engineer", on=on)
    return services.add_application(store, new).application.id


def test_removing_a_contact_asks_when_it_holds_anything_and_takes_its_company(store) -> None:
    application_id = _application(store)
    bare = contacts.add_contact(store, contacts.NewContact("Wang Fang", company="Moonshot"))
    contacts.remove_contact(store, ContactIdentity.of(bare))
    assert contacts.list_contacts(store) == []
    assert contacts.list_contacts(store, company="moonshot") == []
    li = contacts.add_contact(store, contacts.NewContact("Li Lei", company="ByteDance"))
    contacts.link(store, li.id, application_id, "referred me")
    contacts.log_interaction(store, li.id, note="sent the CV")
    with pytest.raises(NeedsForce) as refused:
        contacts.remove_contact(store, ContactIdentity.of(li))
    assert refused.value.reason is ForceReason.REMOVES_CONTACT
    assert "and their 1 link, 1 log entry" in str(refused.value)
    contacts.remove_contact(store, ContactIdentity.of(li), force=True)
    assert services.detail(store, application_id).contacts == []
    with pytest.raises(ChangedElsewhere, match=r"^That contact #2 Li Lei was already removed"):
        contacts.remove_contact(store, ContactIdentity.of(li))


def test_unlink_and_remove_interaction(store) -> None:
    application_id = _application(store)
    li = contacts.add_contact(store, contacts.NewContact("Li Lei"))
    linked = contacts.link(store, li.id, application_id, " referred  me ").link
    contacts.unlink(store, LinkIdentity.of(linked))
    assert services.detail(store, application_id).contacts == []
    with pytest.raises(ChangedElsewhere, match="already removed"):
        contacts.unlink(store, LinkIdentity.of(linked))
    _, entry = contacts.log_interaction(store, li.id, channel=Channel.CALL, on=date(2024, 9, 2))
    assert contacts.remove_interaction(store, InteractionIdentity.of(entry)).last_contacted is None
    with pytest.raises(ChangedElsewhere, match="already removed"):
        contacts.remove_interaction(store, InteractionIdentity.of(entry))


def test_undo_done_reopens_and_removes_what_done_wrote(store) -> None:
    application_id = _application(store)
    settings = Settings()
    assert [item.ref for item in reminders.due(store, settings)] == [f"f{application_id}"]
    closed = reminders.done(store, f"f{application_id}")
    assert closed.event is not None and closed.application_id == application_id
    assert reminders.due(store, settings) == []
    reminders.undo_done(store, closed)
    assert [item.ref for item in reminders.due(store, settings)] == [f"f{application_id}"]
    assert [event.note for event in services.detail(store, application_id).events] == [None]
    reminder = reminders.remind(store, "call back", on=date(2024, 9, 10))
    closed = reminders.done(store, reminder.ref)
    assert closed.event is None and closed.interaction is None
    reminders.undo_done(store, closed)
    assert reminders.reminder(store, reminder.ref).done_at is None


def test_a_snoozed_reminder_goes_back_on_its_day_and_a_new_one_is_removed(store) -> None:
    reminder = reminders.remind(store, "call back", on=date(2024, 9, 10))
    snoozed = reminders.snooze(store, reminder.ref, date(2024, 9, 20))
    restored = reminders.restore_reminder(store, reminder, snoozed=snoozed)
    assert (restored.due_on, restored.done_at) == (date(2024, 9, 10), None)
    removed = reminders.remove_reminder(store, ReminderIdentity.of(reminder))
    assert removed.text == "call back"
    with pytest.raises(NotFound):
        reminders.reminder(store, reminder.ref)
