"""The UI's `z` on an event this session did not record (another terminal's, an earlier
session's): remove it, keeping what it was, so that `U` puts it back (store/restoring.py)."""

from __future__ import annotations

from pipeline_tui import clock
from pipeline_tui.domain.identity import EventIdentity
from pipeline_tui.domain.kept import KeptEvent
from pipeline_tui.domain.models import Application, Event
from pipeline_tui.errors import ChangedElsewhere
from pipeline_tui.services.applications import Undone, undo_event
from pipeline_tui.services.undoing import checked_event, other_events
from pipeline_tui.store import applications as queries
from pipeline_tui.store import restoring
from pipeline_tui.store.engine import Store


def remove_keeping(
    store: Store, expect: EventIdentity, *, force: bool = False
) -> tuple[Undone, KeptEvent | None]:
    """Remove the event expect names (refused with ChangedElsewhere when it is gone or is
    another write) and return it kept for put_back.

    When it is the application's only stage event the application goes too: that needs force,
    and cannot be put back (kept is None).
    """
    now = clock.now()
    with store.write() as session:
        event = checked_event(session, expect)
        others = other_events(
            session,
            event,
            force=force,
            refusal="removing its only event removes {what}; U cannot bring it back",
        )
        kept = None
        if any(other.kind == "stage" for other in others):
            kept = restoring.keep(session, event)
        return undo_event(session, event, now, others=others), kept


def put_back(store: Store, kept: KeptEvent) -> tuple[Application, Event]:
    """Record a kept event again, as it was (a new id); refused with ChangedElsewhere when its
    application was removed meanwhile."""
    now = clock.now()
    application_id = kept.event.application_id
    with store.write() as session:
        if queries.get_application(session, application_id) is None:
            raise ChangedElsewhere(
                f"#{application_id} was removed from another terminal; nothing changed"
            )
        event_id = restoring.put_back(session, kept)
        application = queries.sync_derived(session, application_id, now)
        event = queries.get_event(session, event_id)
    assert event is not None
    return application, event
