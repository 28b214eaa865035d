"""Ids are never handed out twice, and the UI's undo takes back exactly what it wrote or
nothing: another terminal's change under a reused id, or a change undone or redone elsewhere,
is refused in one line with everything left as it was. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

import dbtools
from pipeline_tui import services
from pipeline_tui.domain.contacts import Channel
from pipeline_tui.domain.identity import (
    BatchIdentity,
    ContactIdentity,
    EventIdentity,
    InteractionIdentity,
    LinkIdentity,
    ReminderIdentity,
)
from pipeline_tui.domain.offers import OfferInput
from pipeline_tui.errors import ChangedElsewhere, ForceReason, NeedsForce
from pipeline_tui.services import contacts, offers, reminders, undoing
from pipeline_tui.services.ghosting import ghost
from pipeline_tui.services.transfer import import_data

_TABLES = (
    "company",
    "application",
    "event",
    "offer",
    "contact",
    "contact_link",
    "interaction",
    "reminder",
)


def _add(store, company: str, role: str = "LLM engineer", on: date = date(2024, 9, 2)) -> int:
    return services.add_application(
        store, services.NewApplication(company, role, on=on)
    ).application.id


def _snapshot(db) -> dict[str, list[tuple]]:
    """Every row of every table, to show that a refused undo changed nothing."""
    return {table: dbtools.rows(db, f"SELECT * FROM {table} ORDER BY 1") for table in _TABLES}


def test_ids_deleted_by_undo_are_never_handed_out_again(store, db_path) -> None:
    first = _add(store, "ByteDance")
    noted = services.add_note(store, first, "HR called").event
    services.undo(store)  # the note goes
    moved = services.move(store, first, "screening", on=date(2024, 9, 4)).event
    assert moved.id > noted.id
    second = _add(store, "Moonshot")
    services.undo(store)  # the whole application and its company go
    third = _add(store, "Zhipu")
    assert third > second
    assert dbtools.count(db_path, "company") == 2
    person = contacts.add_contact(store, contacts.NewContact("Li Lei"))
    contacts.remove_contact(store, ContactIdentity.of(person))
    assert contacts.add_contact(store, contacts.NewContact("Li Lei")).id > person.id
    reminder = reminders.remind(store, "call back", ref=first)
    reminders.remove_reminder(store, ReminderIdentity.of(reminder))
    assert reminders.remind(store, "call back", ref=first).id > reminder.id
    li = contacts.add_contact(store, contacts.NewContact("Han Meimei"))
    _, entry = contacts.log_interaction(store, li.id, channel=Channel.CALL)
    contacts.remove_interaction(store, InteractionIdentity.of(entry))
    assert contacts.log_interaction(store, li.id)[1].id > entry.id
    package = OfferInput(base="30k x 15")
    recorded = offers.record_offer(store, first, package, default_currency="CNY")
    offer_id = dbtools.scalar(db_path, "SELECT max(id) FROM offer")
    undoing.remove_event(store, EventIdentity.of(recorded.event))
    offers.record_offer(store, first, OfferInput(base="31k x 15"), default_currency="CNY")
    assert dbtools.scalar(db_path, "SELECT max(id) FROM offer") > offer_id


def test_batch_numbers_and_imported_ids_never_repeat_an_undone_one(store, db_path) -> None:
    _add(store, "ByteDance", on=date(2024, 7, 1))
    _add(store, "Baidu", on=date(2024, 7, 1))
    first = ghost(store, older_than=30)
    assert first.batch is not None
    services.undo(store)  # the ghosting, as one batch
    second = ghost(store, older_than=30)
    assert second.batch is not None and second.batch > first.batch
    newest_event = dbtools.scalar(db_path, "SELECT max(id) FROM event")
    services.undo(store)
    # An import writes with ids of its own (the bulk path): past every id ever used.
    csv = "company,role,applied\nTencent,Search,2024-09-01\nMeituan,Ads,2024-09-02\n"
    report = import_data(store, csv.encode(), "jobs.csv")
    assert report.new == 2
    imported = dbtools.rows(db_path, "SELECT id FROM event WHERE origin = 'import' ORDER BY id")
    assert imported[0][0] > newest_event
    assert report.batch is not None and report.batch > second.batch
    # Plain inserts after the import carry on past it too.
    later = services.add_note(store, 1, "still waiting").event
    assert later.id > imported[-1][0]


def test_undo_never_takes_another_terminals_change_under_an_old_id(store, db_path) -> None:
    """The issue's case: the UI notes #1; the shell undoes that note and moves #2; the UI's
    undo of its note must not remove #2's screening."""
    _add(store, "ByteDance")
    second = _add(store, "Moonshot")
    note = services.add_note(store, 1, "sent the portfolio").event  # the UI's write
    services.undo(store)  # the shell: removes that note
    screening = services.move(store, second, "screening", note="HR called").event
    assert screening.id != note.id
    before = _snapshot(db_path)
    with pytest.raises(ChangedElsewhere) as refused:
        undoing.remove_event(store, EventIdentity.of(note))
    assert str(refused.value) == (
        "That note on #1 (2024-09-16) was already removed from another terminal; nothing changed"
    )
    assert "\n" not in str(refused.value)
    assert _snapshot(db_path) == before
    assert services.detail(store, second).application.stage.value == "screening"


def test_an_event_whose_id_holds_another_write_is_refused(store, db_path) -> None:
    """A database from before ids were kept (or restored from elsewhere) may hold another
    event under the id; the instant it was written tells them apart."""
    first = _add(store, "ByteDance")
    move = services.move(store, first, "screening").event
    dbtools.rows(
        db_path,
        "UPDATE event SET created_at = '2024-09-16 10:00:00' WHERE id = :id",
        {"id": move.id},
    )
    before = _snapshot(db_path)
    with pytest.raises(ChangedElsewhere, match=r"^That screening of #1 .* was changed from"):
        undoing.remove_event(store, EventIdentity.of(move))
    assert _snapshot(db_path) == before


def test_undoing_an_add_takes_the_whole_application_or_asks(store, db_path) -> None:
    added = services.add_application(
        store, services.NewApplication("米哈游", "AI算法", on=date(2024, 9, 6))
    )
    services.move(store, added.application.id, "screening", on=date(2024, 9, 9))  # the shell
    before = _snapshot(db_path)
    with pytest.raises(NeedsForce) as asked:
        undoing.remove_added_application(store, EventIdentity.of(added.event))
    assert asked.value.reason is ForceReason.REMOVES_APPLICATION
    assert str(asked.value) == (
        "undoing this removes #1 米哈游 — AI算法 and what was recorded on it since: "
        "screening on 2024-09-09"
    )
    assert _snapshot(db_path) == before  # never half an application
    undone = undoing.remove_added_application(store, EventIdentity.of(added.event), force=True)
    assert undone.application is None
    assert dbtools.count(db_path, "application") == dbtools.count(db_path, "event") == 0
    with pytest.raises(ChangedElsewhere, match="already removed"):
        undoing.remove_added_application(store, EventIdentity.of(added.event), force=True)


def test_a_batch_changed_elsewhere_is_refused_whole(store, db_path) -> None:
    for company in ("Meituan", "Baidu", "Huawei"):
        application = _add(store, company)
        services.move(store, application, "interview", on=date(2024, 9, 5))
    services.move(store, 1, "offer", on=date(2024, 9, 10))
    accepted = offers.accept(store, 1, close_others=True)
    assert accepted.accepted is not None
    batch = accepted.accepted.event.batch
    assert batch is not None
    expect = BatchIdentity(batch, 1 + len(accepted.closed))
    services.undo(store, 3)  # another terminal takes back one withdrawal
    before = _snapshot(db_path)
    with pytest.raises(ChangedElsewhere) as refused:
        undoing.remove_batch(store, expect)
    assert str(refused.value) == (
        "Those 3 changes made together were changed from another terminal (2 of them left); "
        "nothing changed"
    )
    assert _snapshot(db_path) == before
    services.undo(store)  # the rest of the batch, from the shell
    with pytest.raises(ChangedElsewhere, match="already undone from another terminal"):
        undoing.remove_batch(store, expect)


def test_people_and_reminders_changed_elsewhere_are_refused(store, db_path) -> None:
    application = _add(store, "ByteDance")
    li = contacts.add_contact(store, contacts.NewContact("Li Lei"))
    contacts.remove_contact(store, ContactIdentity.of(li), force=True)  # another terminal
    with pytest.raises(ChangedElsewhere, match=r"^That contact #1 Li Lei was already removed"):
        contacts.remove_contact(store, ContactIdentity.of(li), force=True)
    han = contacts.add_contact(store, contacts.NewContact("Han Meimei"))
    linked = contacts.link(store, han.id, application, "referred me").link
    contacts.unlink(store, LinkIdentity.of(linked))  # another terminal...
    contacts.link(store, han.id, application, "referred me")  # ...and links again
    before = _snapshot(db_path)
    with pytest.raises(ChangedElsewhere, match=r"^That link of contact #2 to #1 was changed"):
        contacts.unlink(store, LinkIdentity.of(linked))
    reminder = reminders.remind(store, "call back", ref=application, on=date(2024, 9, 20))
    snoozed = reminders.snooze(store, reminder.ref, date(2024, 9, 25))
    reminders.snooze(store, reminder.ref, date(2024, 9, 30))  # moved again elsewhere
    before = _snapshot(db_path)
    with pytest.raises(ChangedElsewhere, match=r"^That reminder r1 \(call back\) was changed"):
        reminders.restore_reminder(store, reminder, snoozed=snoozed)
    assert _snapshot(db_path) == before
    closed = reminders.done(store, "f1")  # writes a timeline note
    assert closed.event is not None
    services.undo(store)  # the shell takes that note back
    before = _snapshot(db_path)
    with pytest.raises(ChangedElsewhere, match=r"^That note on #1"):
        reminders.undo_done(store, closed)
    assert _snapshot(db_path) == before


def test_moving_an_id_sequence_past_explicit_ids_never_moves_it_back(store) -> None:
    """After a bulk insert that carried its ids, the sequence follows them; it must not go
    back to below an id handed out and deleted since."""
    from pipeline_tui.store import dialect
    from pipeline_tui.store.tables import event_table

    application = _add(store, "ByteDance")
    newest = services.add_note(store, application, "one").event
    services.undo(store)
    with store.write() as session:
        connection = session.connection()
        dialect.reset_id_sequence(connection, event_table)
        assert dialect.next_id(connection, event_table) == newest.id + 1
    assert services.add_note(store, application, "two").event.id == newest.id + 1
