"""What the Inbox screen writes: accepting a proposal of the mail review queue, or rejecting it.
Plain functions over services/inbox.py, shaped like tui/writes.py.

Undo: an acceptance's batch is removed (the event it recorded, and the application when it
started one) and the proposal waits again; a rejection is taken back and the proposal waits
again. Redo: the same acceptance (forced: it repeats exactly) or rejection.
"""

from __future__ import annotations

import re
from functools import partial

from pipeline_tui import services
from pipeline_tui.domain.identity import BatchIdentity
from pipeline_tui.domain.mail.review import Proposal
from pipeline_tui.domain.text import printable
from pipeline_tui.errors import UserError
from pipeline_tui.services import inbox, undoing
from pipeline_tui.services.database import Database
from pipeline_tui.tui.writes import Change, Written, _forced, event_words

# The command line's way of naming another application, as the Inbox screen says it.
_GIVE_TO = re.compile(r"(?:accept it with|give) --to (?:REF|\d+)")
UI_TO = "t records it on the application you name"


def proposal_words(proposal: Proposal) -> str:
    """Return "interview: Acme — Perception Engineer" for a notice, made printable."""
    who = proposal.company or "company unknown"
    if proposal.role:
        who = f"{who} — {proposal.role}"
    return printable(f"{proposal.kind}: {who}")


def accept(
    store: Database, force: bool = False, *, proposal_id: int, to: str | int | None = None
) -> Written:
    """Record one proposal as the event its mail says (one undo batch).

    to: the application to record it on instead of the one it links to.
    """
    try:
        accepted = inbox.accept(store, [proposal_id], to=to, force=force, strict=True)
    except UserError as error:
        if type(error) is not UserError:
            raise  # NeedsForce (the app asks "Record anyway?"), NotFound, AmbiguousRef
        raise UserError(_GIVE_TO.sub(UI_TO, str(error))) from None
    recorded = accepted.recorded[0]
    assert accepted.batch is not None
    application, event = recorded.application, recorded.event
    title = services.describe(application)
    verb = "Added" if recorded.new_application else "Recorded"
    what = f"acceptance of proposal #{proposal_id} ({title}: {event_words(event)})"
    again = partial(accept, proposal_id=proposal_id, to=application.id if to is not None else None)
    change = Change(
        what,
        partial(
            undo_accept,
            expect=BatchIdentity(accepted.batch, len(accepted.recorded)),
            proposal_id=proposal_id,
            change=what,
        ),
        partial(_forced, again),
    )
    text = f"{verb} {title}: {event_words(event)} (proposal #{proposal_id}, from mail)"
    summary = services.ui_summary(store, application.id)
    return Written(application.id, summary, text, change, select=False)


def undo_accept(
    store: Database,
    force: bool = False,
    *,
    expect: BatchIdentity,
    proposal_id: int,
    change: str,
) -> Written:
    """Take back an acceptance: the event it recorded (and the application it started), only
    if it is still exactly what this session recorded (ChangedElsewhere otherwise)."""
    # The application an acceptance started goes with it: no question (the batch is checked).
    undoing.remove_batch(store, expect, force=True)
    text = f"Undid the {change}; proposal #{proposal_id} waits in the inbox again"
    return Written(None, None, text, select=False, reload=True)


def reject(store: Database, force: bool = False, *, proposal_id: int) -> Written:
    """Drop one proposal: nothing is recorded, and its mail is not proposed again."""
    words = proposal_words(inbox.proposals(store, [proposal_id])[0])
    inbox.reject(store, [proposal_id])
    change = Change(
        f"rejection of proposal #{proposal_id} ({words})",
        partial(restore, proposal_id=proposal_id),
        partial(reject, proposal_id=proposal_id),
    )
    text = f"Rejected proposal #{proposal_id} ({words}): nothing recorded"
    return Written(None, None, text, change, select=False)


def restore(store: Database, force: bool = False, *, proposal_id: int) -> Written:
    """Put a rejected proposal back in the queue."""
    inbox.restore(store, [proposal_id])
    text = f"Proposal #{proposal_id} waits in the inbox again"
    return Written(None, None, text, select=False)
