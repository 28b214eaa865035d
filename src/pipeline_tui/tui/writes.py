"""What the UI can write, as plain functions over the services (run them in thread workers).

Each is called as `write(store, force)` (the other arguments bound with functools.partial)
and returns a `Written`: the application it touched, that application's fresh summary (None
once it is archived or gone), a sentence for the notification, and the `Change` that lets the
session undo it. User errors propagate as `UserError` subclasses; `NeedsForce` means the same
write with force=True would go through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from pipeline_tui import services
from pipeline_tui.domain.identity import BatchIdentity, EventIdentity
from pipeline_tui.domain.import_report import ImportReport
from pipeline_tui.domain.importing import ImportOptions
from pipeline_tui.domain.models import Application, Event
from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.summary import ApplicationSummary
from pipeline_tui.domain.text import printable
from pipeline_tui.errors import ForceReason, InvalidValue, NeedsForce
from pipeline_tui.services import undoing
from pipeline_tui.services.database import Database


@dataclass(frozen=True, slots=True)
class Change:
    """One change made in this session: what it was, and the writes that revert and repeat it."""

    description: str  # "reject of #2 BetaCo — Eng"; the UI says "undo reject of ..."
    application_id: int | None  # None for a change to a contact or a free-standing reminder
    undo: Write
    redo: Write


@dataclass(frozen=True, slots=True)
class Written:
    """The outcome of one write, ready to patch the in-memory data and notify the user."""

    application_id: int | None  # None: no application's summary changed (a contact write)
    summary: ApplicationSummary | None
    text: str
    change: Change | None = None  # None for writes that are themselves undos
    select: bool = True  # whether the views should put the selection on this application
    contact_id: int | None = None  # the contact written, for the Contacts screen to select
    reload: bool = False  # other applications changed too: read them all again


Write = Callable[[Database, bool], Written]


def event_words(event: Event) -> str:
    """Return "interview round 2 on 2024-08-21" (a note without its text) for a notification."""
    return services.describe_event(event, with_note=False)


def _written(
    store: Database, application_id: int, text: str, change: Change | None = None
) -> Written:
    return Written(application_id, services.ui_summary(store, application_id), text, change)


def _forced(write: Write, store: Database, force: bool) -> Written:
    """Run write with force: making a change again repeats it exactly, rules included."""
    return write(store, True)


def _event_change(application: Application, event: Event, redo: Write, what: str = "") -> Change:
    """The change of one recorded event: undo removes exactly that event, redo records it
    again."""
    return Change(
        what or f"{services.describe(application)}: {event_words(event)}",
        application.id,
        partial(remove_event, expect=EventIdentity.of(event)),
        partial(_forced, redo),
    )


def add(store: Database, force: bool = False, *, new: services.NewApplication) -> Written:
    """Record a new application."""
    change = services.add_application(store, new, force=force)
    application = change.application
    text = f"Added {services.describe(application)}: {event_words(change.event)}"
    undo = Change(
        f"add of {services.describe(application)}",
        application.id,
        partial(remove_added, expect=EventIdentity.of(change.event)),
        partial(_forced, partial(add, new=new)),
    )
    return _written(store, application.id, text, undo)


def remove_added(store: Database, force: bool = False, *, expect: EventIdentity) -> Written:
    """Take back an application added in this session, whole; one that had more recorded on
    it since needs force (the question names what else goes)."""
    undone = undoing.remove_added_application(store, expect, force=force)
    text = f"Removed {undone.title} (undid its add)"
    return _written(store, expect.application_id, text)


def move(
    store: Database,
    force: bool = False,
    *,
    application_id: int,
    stage: Stage,
    on: date | None = None,
    round: int | None = None,
    note: str | None = None,
    reason: str | None = None,
    reason_text: str | None = None,
) -> Written:
    """Record a stage change (a next interview round when stage is interview and round None).

    reason and reason_text: why a rejected, withdrawn or declined application ended.
    """
    change = services.move(
        store,
        application_id,
        stage,
        on=on,
        round=round,
        note=note,
        force=force,
        reason=reason,
        reason_text=reason_text,
    )
    event = change.event
    text = f"Moved {services.describe(change.application)}: {event_words(event)}"
    again = partial(
        move,
        application_id=application_id,
        stage=stage,
        on=event.occurred_on,
        round=event.round,
        note=note,
        reason=reason,
        reason_text=reason_text,
    )
    undo = _event_change(change.application, event, again)
    return _written(store, application_id, text, undo)


def note(
    store: Database, force: bool = False, *, application_id: int, text: str, on: date | None = None
) -> Written:
    """Add a dated note."""
    change = services.add_note(store, application_id, text, on=on)
    again = partial(note, application_id=application_id, text=text, on=change.event.occurred_on)
    undo = _event_change(change.application, change.event, again)
    message = f"Noted on {services.describe(change.application)}"
    return _written(store, application_id, message, undo)


def undo_newest(store: Database, force: bool = False, *, application_id: int) -> Written:
    """Remove the application's newest event (the detail screen's "remove newest event")."""
    newest = services.detail(store, application_id).events[-1]
    return remove_event(store, force, expect=EventIdentity.of(newest))


def remove_event(
    store: Database, force: bool = False, *, expect: EventIdentity, change: str | None = None
) -> Written:
    """Take back one event this session recorded; removing an application's only event needs
    force, and one removed or replaced from another terminal is refused.

    change: what the event recorded, for the notice ("revision of the offer of #3 ...").
    """
    undone = undoing.remove_event(store, expect, force=force)
    what = event_words(undone.event)
    if undone.application is None:
        text = f"Removed {undone.title} (its only event was {what})"
    elif change is not None:
        text = f"Undid the {change}; now {undone.application.stage}"
    else:
        text = f"Undid {what} of {undone.title}; now {undone.application.stage}"
    return _written(store, undone.event.application_id, text)


def archive(
    store: Database, force: bool = False, *, application_id: int, archived: bool = True
) -> Written:
    """Hide the application from the board and table (or bring it back)."""
    application = services.set_archived(store, application_id, archived)
    verb = "Archived" if archived else "Restored"
    change = Change(
        f"{'archive' if archived else 'restore'} of {services.describe(application)}",
        application_id,
        partial(archive, application_id=application_id, archived=not archived),
        partial(archive, application_id=application_id, archived=archived),
    )
    text = f"{verb} {services.describe(application)}"
    return Written(
        application_id, services.ui_summary(store, application_id), text, change, select=False
    )


def edit(
    store: Database,
    force: bool = False,
    *,
    application_id: int,
    changes: dict[str, str | None],
    company: str | None,
) -> Written:
    """Change descriptive fields and maybe the company."""
    before = services.detail(store, application_id).application
    application = services.edit_application(store, application_id, changes, company=company)
    earlier: dict[str, str | None] = {name: getattr(before, name) for name in changes}
    change = Change(
        f"edit of {services.describe(application)}",
        application_id,
        partial(
            edit,
            application_id=application_id,
            changes=earlier,
            company=before.company if company is not None else None,
        ),
        partial(edit, application_id=application_id, changes=changes, company=company),
    )
    return _written(store, application_id, f"Saved {services.describe(application)}", change)


def safe_message(error: Exception) -> str:
    """Return an error's message on one line, control characters escaped."""
    return printable(str(error))


def remove_batch(
    store: Database,
    force: bool = False,
    *,
    expect: BatchIdentity,
    change: str,
    application_id: int | None = None,
) -> Written:
    """Take back every event one write recorded together (an acceptance and what it closed, a
    ghosting, an import); application_id: the application whose card to refresh, if any."""
    undone = undoing.remove_batch(store, expect)
    count = 1 + len(undone.others)
    text = f"Undid the {change} ({count} event{'s' if count != 1 else ''})"
    if application_id is None:
        return Written(None, None, text, select=False, reload=True)
    return Written(application_id, services.ui_summary(store, application_id), text, reload=True)


def import_written(report: ImportReport, again: Write) -> Written:
    """What an import did, as one change of this session: u removes every event it wrote (and
    the applications they alone held), U imports the file again."""
    text = report.lines()[0]
    if report.batch is None:
        return Written(None, None, text, select=False, reload=True)
    what = f"import of {printable(report.name)}"
    expect = BatchIdentity(report.batch, report.events)
    undo = partial(
        undo_import, expect=expect, change=what, added=report.new, updated=report.updated
    )
    change = Change(what, None, undo, again)
    return Written(None, None, text, change, select=False, reload=True)


def undo_import(
    store: Database,
    force: bool = False,
    *,
    expect: BatchIdentity,
    change: str,
    added: int,
    updated: int,
) -> Written:
    """Take an import back, after asking: the refusal without force names how many
    applications it removes and how many it moves back."""
    if not force:
        parts = []
        if added:
            parts.append(f"the {added:,} application{'s' if added != 1 else ''} it added")
        if updated:
            parts.append(
                f"what it added to {updated:,} application{'s' if updated != 1 else ''} "
                "already recorded"
            )
        count = expect.events
        events = f"{count:,} event{'s' if count != 1 else ''}"
        raise NeedsForce(
            ForceReason.REMOVES_IMPORT,
            f"undoing the {change} removes {' and '.join(parts) or 'what it added'} ({events})",
        )
    return remove_batch(store, force, expect=expect, change=change)


def import_data(
    store: Database,
    force: bool = False,
    *,
    data: bytes,
    name: str,
    path: Path,
    options: ImportOptions,
    skip_bad: bool,
    on_progress: Callable[[int, int], None] | None = None,
) -> Written:
    """Import data read from the file at path (checked first by a dry run)."""
    from pipeline_tui.services import transfer

    report = transfer.import_data(
        store, data, name, options=options, skip_bad=skip_bad, on_progress=on_progress
    )
    again = partial(import_file, path=path, options=options, skip_bad=skip_bad)
    return import_written(report, again)


def import_file(
    store: Database, force: bool = False, *, path: Path, options: ImportOptions, skip_bad: bool
) -> Written:
    """Import the file at path (the redo of an import made in this session)."""
    from pipeline_tui.services.transfer import import_data, read_import_file

    data, name = read_import_file(path)
    report = import_data(store, data, name, options=options, skip_bad=skip_bad)
    again = partial(import_file, path=path, options=options, skip_bad=skip_bad)
    return import_written(report, again)


def export_file(store: Database, force: bool = False, *, kind: str, path: Path) -> Written:
    """Write every application to path (readable by you only) as kind: csv, excel (CSV with
    a BOM), events (one row per event) or json. Nothing in the database changes."""
    from pipeline_tui.paths import write_private
    from pipeline_tui.services.transfer import export_bytes

    file_format = "json" if kind == "json" else "csv"
    data = export_bytes(store, file_format, events=kind == "events", excel=kind == "excel")
    try:
        write_private(path, data)
    except OSError as error:
        raise InvalidValue("path", f"cannot write {path}: {error.strerror or error}") from None
    return Written(None, None, f"Exported to {path} ({len(data):,} bytes)", select=False)
