"""The one way the UI reads the database: in a thread worker, never touching widgets there.

`run_read(node, read, loaded)` runs `read(store)` in a worker of node (the app, a screen, a
dialog, a widget); one read per group at a time, a newer one cancelling the report of an older
one. Back on node's loop (never once node is gone) it calls:

- `loaded(result)`, unless a newer read of the group was asked for meanwhile;
- when the database cannot be read (StoreError): the app says so once, keeps what is shown
  and reads everything again on its next poll (`Pipeline.read_failed`); `unreadable(error)`
  too, when given (a dialog shows the error in itself);
- for any other refusal (a record gone meanwhile, a reference that matches nothing):
  `refused(error)`, or a warning notice when none is given. Nothing is swallowed.

`follow_data(node, reload)` calls reload now and each time the app's applications change (a
write of this UI, another terminal's commit): how screens stay current.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual.dom import DOMNode
from textual.worker import get_current_worker

from pipeline_tui.errors import StoreError, UserError
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.writes import safe_message

if TYPE_CHECKING:
    from pipeline_tui.services.database import Database

T = TypeVar("T")


def run_read(
    node: DOMNode,
    read: Callable[[Database], T],
    loaded: Callable[[T], object],
    *,
    group: str = "read",
    refused: Callable[[UserError], object] | None = None,
    unreadable: Callable[[StoreError], object] | None = None,
) -> None:
    """Run read in a thread worker of node; report on node's loop as the module says."""
    app = pipeline_app(node)
    store = app.store

    def work() -> None:
        worker = get_current_worker()
        try:
            result = read(store)
        except StoreError as error:
            app.read_failed(error)
            if unreadable is not None:
                node.call_later(unreadable, error)
            return
        except UserError as error:
            if not worker.is_cancelled:
                node.call_later(refused or _warn, error)
            return
        if not worker.is_cancelled:
            node.call_later(loaded, result)

    def _warn(error: UserError) -> None:
        app.notify(safe_message(error), severity="warning", markup=False)

    node.run_worker(work, thread=True, group=group, exclusive=True)


def follow_data(node: DOMNode, reload: Callable[[], None]) -> None:
    """Call reload now, and again whenever the app's in-memory applications change."""
    node.watch(node.app, "data_generation", reload, init=False)
    reload()
