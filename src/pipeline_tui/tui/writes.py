"""What the UI can write, as plain functions over the services (run them in thread workers).

Each is called as `write(store, force)` (the other arguments bound with functools.partial)
and returns a `Written`: the application it touched, that application's fresh summary (None
once it is archived or gone) and a sentence for the notification. User errors propagate as
`UserError` subclasses; `NeedsForce` means the same write with force=True would go through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pipeline_tui import services
from pipeline_tui.domain.models import Event
from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.summary import ApplicationSummary
from pipeline_tui.domain.text import printable
from pipeline_tui.store.engine import Store


@dataclass(frozen=True, slots=True)
class Written:
    """The outcome of one write, ready to patch the in-memory data and notify the user."""

    application_id: int
    summary: ApplicationSummary | None
    text: str


Write = Callable[[Store, bool], Written]


def event_words(event: Event) -> str:
    """Return "interview round 2 on 2024-08-21" (a note without its text) for a notification."""
    return services.describe_event(event, with_note=False)


def _written(store: Store, application_id: int, text: str) -> Written:
    return Written(application_id, services.ui_summary(store, application_id), text)


def add(store: Store, force: bool = False, *, new: services.NewApplication) -> Written:
    """Record a new application."""
    change = services.add_application(store, new, force=force)
    text = f"Added {services.describe(change.application)}: {event_words(change.event)}"
    return _written(store, change.application.id, text)


def move(
    store: Store,
    force: bool = False,
    *,
    application_id: int,
    stage: Stage,
    on: date | None = None,
    round: int | None = None,
    note: str | None = None,
) -> Written:
    """Record a stage change (a next interview round when stage is interview and round None)."""
    change = services.move(store, application_id, stage, on=on, round=round, note=note, force=force)
    text = f"Moved {services.describe(change.application)}: {event_words(change.event)}"
    return _written(store, application_id, text)


def note(
    store: Store, force: bool = False, *, application_id: int, text: str, on: date | None = None
) -> Written:
    """Add a dated note."""
    change = services.add_note(store, application_id, text, on=on)
    return _written(store, application_id, f"Noted on {services.describe(change.application)}")


def undo(store: Store, force: bool = False, *, application_id: int) -> Written:
    """Remove the application's newest event (the application itself if it was the only one)."""
    undone = services.undo(store, application_id)
    what = event_words(undone.event)
    if undone.application is None:
        text = f"Removed {undone.title} (its only event was {what})"
    else:
        text = f"Undid {what} of {undone.title}; now {undone.application.stage}"
    return _written(store, application_id, text)


def archive(
    store: Store, force: bool = False, *, application_id: int, archived: bool = True
) -> Written:
    """Hide the application from the board and table (or bring it back)."""
    application = services.set_archived(store, application_id, archived)
    verb = "Archived" if archived else "Restored"
    return _written(store, application_id, f"{verb} {services.describe(application)}")


def edit(
    store: Store,
    force: bool = False,
    *,
    application_id: int,
    changes: dict[str, str | None],
    company: str | None,
) -> Written:
    """Change descriptive fields and maybe the company."""
    application = services.edit_application(store, application_id, changes, company=company)
    return _written(store, application_id, f"Saved {services.describe(application)}")


def safe_message(error: Exception) -> str:
    """Return an error's message on one line, control characters escaped."""
    return printable(str(error))
