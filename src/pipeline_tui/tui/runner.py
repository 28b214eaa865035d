"""The one way the UI writes: in a thread worker, refusals handled by a force policy, the outcome
reported back on the UI thread.

A write is `write(store, force) -> Written` (tui/writes.py). `run_write(node, write, ...)`
runs it in a worker owned by node (the app, a dialog, the capture bar) and then calls, on
node's own message loop (nothing is called once node is gone, a dismissed dialog say):

- `written(Written)` when it went through;
- `refused(UserError)` when it did not: a mistake, a database that cannot be written, or a
  rule `--force` would override (NeedsForce) that the policy hands back.

A NeedsForce is handled by `policy`:

- "ask": "Record anyway?" (worded per reason: the app's confirm_force); yes runs the same
  write again with force, no calls `declined(error)` (when given) and records nothing;
- "refuse": `refused(error)` (a form decides: tick its Force box, or ask about a date).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from textual.dom import DOMNode

from pipeline_tui.errors import NeedsForce, UserError
from pipeline_tui.tui.app_access import pipeline_app

if TYPE_CHECKING:
    from pipeline_tui.tui.writes import Write, Written

ForcePolicy = Literal["ask", "refuse"]


def run_write(
    node: DOMNode,
    write: Write,
    *,
    written: Callable[[Written], object],
    refused: Callable[[UserError], object],
    policy: ForcePolicy = "ask",
    declined: Callable[[NeedsForce], object] | None = None,
    force: bool = False,
) -> None:
    """Run write in a thread worker of node; report its outcome on node's loop (see above).

    Writes are never exclusive: a later one must not cancel the report of an earlier one.
    """
    store = pipeline_app(node).store

    def work() -> None:
        outcome: Written | UserError
        try:
            outcome = write(store, force)
        except UserError as error:
            outcome = error
        node.call_later(finish, outcome)

    def finish(outcome: Written | UserError) -> None:
        if not isinstance(outcome, UserError):
            written(outcome)
        elif isinstance(outcome, NeedsForce) and policy == "ask" and not force:
            ask(outcome)
        else:
            refused(outcome)

    def ask(refusal: NeedsForce) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                run_write(
                    node, write, written=written, refused=refused, policy=policy,
                    declined=declined, force=True,
                )  # fmt: skip
            elif declined is not None:
                declined(refusal)

        pipeline_app(node).confirm_force(refusal, answered)

    node.run_worker(work, thread=True, group="write")
