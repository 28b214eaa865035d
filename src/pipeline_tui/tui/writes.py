"""What the UI can write, as plain functions over the services (run them in thread workers).

Each is called as `write(store, force)` (the other arguments bound with functools.partial)
and returns a `Written`: the application it touched, that application's fresh summary (None
once it is archived or gone), a sentence for the notification, and the `Change` that lets the
session undo it. User errors propagate as `UserError` subclasses; `NeedsForce` means the same
write with force=True would go through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline_tui import services
from pipeline_tui.domain.identity import BatchIdentity, EventIdentity
from pipeline_tui.domain.import_report import ImportReport
from pipeline_tui.domain.importing import ImportOptions
from pipeline_tui.domain.models import Application, Event
from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.summary import ApplicationSummary
from pipeline_tui.domain.text import printable
from pipeline_tui.errors import InvalidValue
from pipeline_tui.services import undoing
from pipeline_tui.services.database import Database

if TYPE_CHECKING:
    from pipeline_tui.services.transfer import ImportSource


@dataclass(frozen=True, slots=True)
class Change:
    """One change made in this session: what it was, and the writes that revert and repeat it."""

    description: str  # "reject of #2 BetaCo — Eng"; the UI says "undo reject of ..."
    undo: Write
    redo: Write
    # The event or batch undo takes back, if any: `z` on the detail screen finds the change
    # that recorded an application's newest event by it.
    removes: EventIdentity | BatchIdentity | None = None


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
    due_ref: str | None = None  # the due line (r3, f12) it brought back, for the due screen


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
        what or f"{event_words(event)} of {services.describe(application)}",
        partial(remove_event, expect=EventIdentity.of(event)),
        partial(_forced, redo),
        removes=EventIdentity.of(event),
    )


def back_to(application: Application) -> str:
    """Return "#2 字节跳动 — Eng is back to interview round 2"."""
    stage = str(application.stage)
    if application.stage is Stage.INTERVIEW and application.round:
        stage += f" round {application.round}"
    return f"{services.describe(application)} is back to {stage}"


def relabelled(store: Database, force: bool = False, *, write: Write, text: str) -> Written:
    """Run an undo made of an ordinary write (an edit's old fields, an archive's restore) and
    say text, what the undo did, instead of what that write would say."""
    return replace(write(store, force), text=text, change=None)


def add(store: Database, force: bool = False, *, new: services.NewApplication) -> Written:
    """Record a new application."""
    change = services.add_application(store, new, force=force)
    application = change.application
    text = f"Added {services.describe(application)}: {event_words(change.event)}"
    undo = Change(
        f"add of {services.describe(application)}",
        partial(remove_added, expect=EventIdentity.of(change.event)),
        partial(_forced, partial(add, new=new)),
        removes=EventIdentity.of(change.event),
    )
    return _written(store, application.id, text, undo)


def remove_added(store: Database, force: bool = False, *, expect: EventIdentity) -> Written:
    """Take back an application added in this session, whole; one that had more recorded on
    it since needs force (the question names what else goes)."""
    undone = undoing.remove_added_application(store, expect, force=force)
    text = f"Undid the add of {undone.title}: it is removed"
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


def remove_event(
    store: Database, force: bool = False, *, expect: EventIdentity, change: str | None = None
) -> Written:
    """Take back one event this session recorded; removing an application's only event needs
    force, and one removed or replaced from another terminal is refused.

    change: what the event recorded, for the notice ("revision of the offer of #3 ...").
    """
    undone = undoing.remove_event(store, expect, force=force)
    return _written(store, undone.event.application_id, undid_text(undone, change))


def undid_text(undone: services.Undone, change: str | None = None) -> str:
    """Return what taking back one event did: "Undid rejected on 2024-09-16: #2 字节跳动 —
    Eng is back to interview round 1" (change: what the event recorded, if not the event)."""
    what = f"the {change}" if change is not None else event_words(undone.event)
    if undone.application is None:
        return f"Undid {what}: {undone.title} is removed (that was its only event)"
    if undone.event.kind == "note" and change is None:
        return f"Undid the {what}: removed from {undone.title}"
    return f"Undid {what}: {back_to(undone.application)}"


def archive(
    store: Database, force: bool = False, *, application_id: int, archived: bool = True
) -> Written:
    """Hide the application from the board and table (or bring it back)."""
    application = services.set_archived(store, application_id, archived)
    verb = "Archived" if archived else "Restored"
    what = f"{'archive' if archived else 'restore'} of {services.describe(application)}"
    back = "back on the board and table" if archived else "archived again"
    change = Change(
        what,
        partial(
            relabelled,
            write=partial(archive, application_id=application_id, archived=not archived),
            text=f"Undid the {what}: it is {back}",
        ),
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
    fields = [*changes, *(["company"] if company is not None else [])]
    what = f"edit of {services.describe(application)}"
    change = Change(
        what,
        partial(
            relabelled,
            write=partial(
                edit,
                application_id=application_id,
                changes=earlier,
                company=before.company if company is not None else None,
            ),
            text=f"Undid the {what}: {', '.join(fields)} as before",
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
    ghosting, an import); application_id: the application whose card to refresh, if any.

    One that would remove whole applications (an import's) needs force: the question says
    how many.
    """
    undone = undoing.remove_batch(store, expect, force=force, what=f"the {change}")
    every = (undone, *undone.others)
    count = len(every)
    removed = sum(item.application is None for item in every)
    text = f"Undid the {change} ({count:,} event{'s' if count != 1 else ''}"
    text += f"; {removed:,} application{'s' if removed != 1 else ''} removed)" if removed else ")"
    back = next(
        (item.application for item in every if item.application is not None
         and item.application.id == application_id),
        None,
    )  # fmt: skip
    if back is not None:
        text += f": {back_to(back)}"
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
    change = Change(what, partial(remove_batch, expect=expect, change=what), again, removes=expect)
    return Written(None, None, text, change, select=False, reload=True)


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
    source: ImportSource | None = None,
) -> Written:
    """Import data read from the file at path (checked first by a dry run); source: the
    file as the preview read it, reused."""
    from pipeline_tui.services import transfer

    report = transfer.import_data(
        store,
        data,
        name,
        options=options,
        skip_bad=skip_bad,
        on_progress=on_progress,
        source=source,
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
