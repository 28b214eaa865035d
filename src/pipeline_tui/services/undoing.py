"""The UI's undo of the events it recorded: each takes the identity of what this session wrote
(domain/identity.py) and removes exactly that, or refuses with ChangedElsewhere and changes
nothing when another terminal removed or replaced it in the meantime.

`pipeline undo` needs none of this: it takes back whatever is newest when it runs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pipeline_tui import clock
from pipeline_tui.domain.identity import (
    BatchIdentity,
    EventIdentity,
    gone_message,
    replaced_message,
)
from pipeline_tui.domain.models import Event
from pipeline_tui.errors import ChangedElsewhere, ForceReason, NeedsForce
from pipeline_tui.services.applications import Undone, _newest_first, undo_event
from pipeline_tui.services.refs import describe, describe_event
from pipeline_tui.store import applications as queries
from pipeline_tui.store.engine import Store


def checked_event(session: Any, expect: EventIdentity) -> Event:
    """Return the event expect names, as this session wrote it; raise ChangedElsewhere when it
    is gone or another write holds its id."""
    event = queries.get_event(session, expect.id)
    if event is None:
        raise ChangedElsewhere(gone_message(expect.words))
    if not expect.matches(event):
        raise ChangedElsewhere(replaced_message(expect.words))
    return event


def remove_event(store: Store, expect: EventIdentity, *, force: bool = False) -> Undone:
    """Take back one event this session recorded (a move, a note, an offer revision).

    When it is the application's only stage event the application goes too; that needs force
    (the UI asks first, naming what would be removed).
    """
    now = clock.now()
    with store.write() as session:
        event = checked_event(session, expect)
        others = other_events(session, event, force=force, refusal="undoing this removes {what}")
        return undo_event(session, event, now, others=others)


def other_events(session: Any, event: Event, *, force: bool, refusal: str) -> list[Event]:
    """Return the other events of event's application, oldest first.

    When none of them is a stage event, removing event removes the application: unless force,
    NeedsForce is raised with refusal, its {what} naming the application and its notes.
    """
    others = [
        item for item in queries.get_events(session, event.application_id) if item.id != event.id
    ]
    if force or any(other.kind == "stage" for other in others):
        return others
    application = queries.get_application(session, event.application_id)
    assert application is not None
    notes = len(others)
    also = "" if not notes else " and its note" if notes == 1 else f" and its {notes} notes"
    what = f"{describe(application)}{also}"
    raise NeedsForce(ForceReason.REMOVES_APPLICATION, refusal.format(what=what))


def remove_added_application(store: Store, expect: EventIdentity, *, force: bool = False) -> Undone:
    """Take back an application this session added (expect: the event the add recorded),
    whole: never half of it. It needs force, and the refusal names what goes: the application,
    and whatever was recorded on it since (here or from another terminal)."""
    with store.write() as session:
        added = checked_event(session, expect)
        application = queries.get_application(session, expect.application_id)
        assert application is not None
        since = [event for event in queries.get_events(session, application.id) if event != added]
        if not force:
            what = ""
            if since:
                shown = "; ".join(describe_event(event, with_note=False) for event in since[:3])
                more = f" and {len(since) - 3} more" if len(since) > 3 else ""
                what = f" and what was recorded on it since: {shown}{more}"
            raise NeedsForce(
                ForceReason.REMOVES_APPLICATION,
                f"undoing this removes {describe(application)}{what}",
            )
        title = describe(application)
        queries.delete_application(session, application.id)
        queries.delete_company_if_unused(session, application.company_id)
    return Undone(added, title, None)


def remove_batch(
    store: Store, expect: BatchIdentity, *, force: bool = False, what: str = "this"
) -> Undone:
    """Take back every event of one batch this session recorded, in one transaction (an
    acceptance that closed the others, a ghosting, an import); the newest event comes first,
    the rest in others. A batch some of whose events were undone elsewhere is refused.

    A batch that would remove whole applications (an import's new ones) needs force; the
    refusal ("undoing {what} removes ...") says how many, and names the first few.
    """
    now = clock.now()
    with store.write() as session:
        events = queries.batch_events(session, expect.batch)
        noun = f"{expect.events} change{'s' if expect.events != 1 else ''} made together"
        if not events:
            raise ChangedElsewhere(
                f"Those {noun} were already undone from another terminal; nothing changed"
            )
        if len(events) != expect.events:
            raise ChangedElsewhere(
                f"Those {noun} were changed from another terminal ({len(events)} of them "
                "left); nothing changed"
            )
        if not force:
            _ask_before_removing(session, expect.batch, events, what)
        undone = [undo_event(session, item, now) for item in sorted(events, key=_newest_first)]
    return replace(undone[0], others=tuple(undone[1:]))


def _ask_before_removing(session: Any, batch: int, events: list[Event], what: str) -> None:
    """Raise NeedsForce when taking back the batch would remove whole applications."""
    from pipeline_tui.store.batches import applications_only_in

    removed = applications_only_in(session, batch)
    if not removed:
        return
    gone = set(removed)
    named = [
        describe(application) for application in queries.get_applications(session, removed[:3])
    ]
    more = f" and {len(removed) - 3:,} more" if len(removed) > 3 else ""
    count = len(removed)
    noun = "the application" if count == 1 else f"the {count:,} applications"
    text = f"undoing {what} removes {noun} it added ({', '.join(named)}{more})"
    elsewhere = sum(event.application_id not in gone for event in events)
    if elsewhere:
        text += f" and {elsewhere:,} event{'s' if elsewhere != 1 else ''} it added to others"
    reason = ForceReason.REMOVES_APPLICATION if count == 1 else ForceReason.REMOVES_APPLICATIONS
    raise NeedsForce(reason, text)
