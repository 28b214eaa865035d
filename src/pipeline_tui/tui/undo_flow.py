"""How `u`, `U` and the detail screen's `z` run, all through the session's history
(tui/history.py).

- `u` takes back the newest change of this session, `U` makes the last one undone again.
- `z` takes back an application's newest event. When this session recorded it, that is `u`
  for the change that did (the whole change: an acceptance with what it closed, asking first
  when that is more than one event). Otherwise (another terminal's event) it removes that
  event, keeping what it was, and `U` puts it back.
- An undo or redo refused because another terminal removed or changed what it would touch
  (ChangedElsewhere, or anything else not found) says so in one notice, changes nothing and
  drops that change, so the next `u` reaches the one before it.
- What an undo or redo brought back is remembered (`CameBack`) for the screen the user is on,
  so its cursor lands there and the next key acts on it.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.dom import DOMNode

from pipeline_tui import services
from pipeline_tui.domain.identity import BatchIdentity, EventIdentity
from pipeline_tui.domain.kept import KeptEvent
from pipeline_tui.domain.models import Event
from pipeline_tui.errors import NotFound, UserError
from pipeline_tui.services import restoring
from pipeline_tui.services.database import Database
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.history import CameBack
from pipeline_tui.tui.reads import run_read
from pipeline_tui.tui.runner import run_write
from pipeline_tui.tui.screens.confirm_modal import ConfirmModal
from pipeline_tui.tui.writes import (
    Change,
    Write,
    Written,
    back_to,
    event_words,
    remove_event,
    safe_message,
)

if TYPE_CHECKING:
    from pipeline_tui.tui.app_access import Pipeline


def undo(node: DOMNode) -> None:
    """Take back the newest change of this session (asking first where the change says so)."""
    app = pipeline_app(node)
    change = app.history.next_undo()
    if change is None:
        app.notify("nothing to undo: no change was made in this session", markup=False)
        return
    _run(node, change, change.undo)


def redo(node: DOMNode) -> None:
    """Make the last undone change again."""
    app = pipeline_app(node)
    change = app.history.next_redo()
    if change is None:
        app.notify("nothing to redo", markup=False)
        return
    _run(node, change, change.redo, redoing=True)


def _run(
    node: DOMNode, change: Change, write: Write, *, redoing: bool = False, force: bool = False
) -> None:
    """Run change's undo (or redo) write on the app; report it to the history and the views."""
    app = pipeline_app(node)
    report = (
        partial(app.report_written, redoing=change)
        if redoing
        else partial(app.report_written, undoing=change)
    )
    run_write(
        node.app,
        write,
        written=report,
        refused=partial(_refused, node, change, redoing),
        force=force,
    )


def _refused(node: DOMNode, change: Change, redoing: bool, error: UserError) -> None:
    """An undo or redo did not go through: say why in one notice; when what it would touch is
    gone or was changed elsewhere, drop the change so the next key reaches the one before."""
    app = pipeline_app(node)
    text = safe_message(error)
    if isinstance(error, NotFound):
        app.history.drop(change)
        if redoing:
            left = app.history.next_redo() is not None
            text += "; U now redoes the change before it" if left else "; nothing left to redo"
        else:
            left = app.history.next_undo() is not None
            text += "; u now undoes the change before it" if left else "; nothing left to undo"
        app.notify(text, severity="warning", markup=False)
    else:
        title = "Not redone" if redoing else "Not undone"
        app.notify(text, title=title, severity="error", markup=False)
    # Show what the database holds now (and what u and U would take next).
    app.load_applications()


def came_back(app: Pipeline, written: Written, *, redoing: bool) -> Written:
    """Remember what an undo or redo brought back, for the screen the user is on; return the
    write as the views should report it: the application it kept selected, its notice."""
    app.came_back = CameBack(written.application_id, written.contact_id, written.due_ref)
    text = f"Redid: {written.text}" if redoing else written.text
    return replace(written, text=text, select=written.summary is not None)


def take_came_back(node: DOMNode) -> CameBack | None:
    """What the last undo or redo brought back, once, if node's screen is the one shown (on
    top: Textual's is_current also counts the screen under it)."""
    if node.screen is not node.app.screen:
        return None
    app = pipeline_app(node)
    back: CameBack | None = app.came_back
    app.came_back = None
    return back


# z: the detail screen's "remove its newest event"


def undo_newest(node: DOMNode, application_id: int) -> None:
    """Take back the application's newest event, through the session's history."""
    read = partial(_newest_event, application_id=application_id)
    run_read(node, read, partial(_newest_read, node), group="undo-newest")


def _newest_event(store: Database, application_id: int) -> Event:
    return services.detail(store, application_id).events[-1]


def _newest_read(node: DOMNode, event: Event) -> None:
    app = pipeline_app(node)
    change = app.history.recorded(event)
    if change is None:
        # Not this session's: remove it, keeping it so that U puts it back.
        write = partial(remove_newest, expect=EventIdentity.of(event))
        run_write(
            node.app, write, written=partial(_newest_removed, node), refused=app.write_refused
        )
        return
    removes = change.removes
    if isinstance(removes, BatchIdentity) and removes.events > 1:
        what = Text(
            f"z takes back the whole {change.description}: "
            f"{removes.events} events recorded together"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                _run(node, change, change.undo, force=True)

        node.app.push_screen(ConfirmModal(what, "Undo them all?"), answered)
        return
    _run(node, change, change.undo)


def _newest_removed(node: DOMNode, written: Written) -> None:
    """z removed an event this session did not record: U puts it back (when it can)."""
    app = pipeline_app(node)
    if written.change is None:
        app.report_written(written)  # the whole application went: nothing to put back
    else:
        app.report_written(replace(written, change=None), undoing=written.change)


def remove_newest(store: Database, force: bool = False, *, expect: EventIdentity) -> Written:
    """Remove an event another terminal (or an earlier session) recorded; its Change puts it
    back. Its application's only stage event takes the application too: that asks first, and
    cannot be put back (no Change)."""
    undone, kept = restoring.remove_keeping(store, expect, force=force)
    what = event_words(undone.event)
    summary = services.ui_summary(store, expect.application_id) if kept else None
    if kept is None or undone.application is None:
        text = f"Removed {undone.title} (its only event was {what})"
        return Written(expect.application_id, summary, text)
    text = f"Removed {what}: {back_to(undone.application)}; U puts it back"
    change = Change(
        f"{undone.title}: removed {what}",
        partial(remove_event, expect=expect),
        partial(put_back, kept=kept),
        removes=expect,
    )
    return Written(expect.application_id, summary, text, change)


def put_back(store: Database, force: bool = False, *, kept: KeptEvent) -> Written:
    """Record again an event `z` removed, as it was (under a new id)."""
    application, event = restoring.put_back(store, kept)
    what = event_words(event)
    again = EventIdentity.of(event)
    change = Change(
        f"{services.describe(application)}: {what}",
        partial(remove_event, expect=again),
        partial(put_back, kept=kept),
        removes=again,
    )
    text = f"Put back {what}: {back_to(application)}"
    return Written(application.id, services.ui_summary(store, application.id), text, change)
