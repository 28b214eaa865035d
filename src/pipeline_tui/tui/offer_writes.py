"""Writes about offers, in the style of tui/writes.py: record or revise an offer, accept one.

Each is called as `write(store, force)` and returns a `Written` whose `Change` lets `u` take
it back: an offer or revision by removing the event that recorded it (its revision goes
with it), an acceptance that closed the other applications by removing the whole batch in
one transaction.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from pipeline_tui import clock, services
from pipeline_tui.domain.identity import BatchIdentity, EventIdentity
from pipeline_tui.domain.offers import OfferInput, summary, totals_line
from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.text import printable
from pipeline_tui.services import offers
from pipeline_tui.services.database import Database
from pipeline_tui.tui.writes import Change, Write, Written, _forced, remove_batch, remove_event


def record_offer(
    store: Database,
    force: bool = False,
    *,
    ref: str | int,
    change: OfferInput,
    default_currency: str,
    on: date | None = None,
) -> Written:
    """Record the offer of the application ref names, or revise its current one."""
    recorded = offers.record_offer(
        store, ref, change, default_currency=default_currency, on=on, force=force
    )
    application = recorded.application
    title = services.describe(application)
    package = recorded.offer.package
    totals = totals_line(package)
    if recorded.previous is None:
        what = f"offer of {title}"
        moved = "; moved to offer" if recorded.moved else ""
        text = f"Recorded the offer of {title}: {printable(summary(package))} · {totals}{moved}"
    else:
        what = f"revision of the offer of {title}"
        changes = "; ".join(printable(phrase) for phrase in recorded.changes)
        text = f"Revised the offer of {title}: {changes} · {totals}"
    again = partial(
        record_offer,
        ref=application.id,
        change=change,
        default_currency=default_currency,
        on=recorded.event.occurred_on,
    )
    undo = Change(
        what,
        partial(remove_event, expect=EventIdentity.of(recorded.event), change=what),
        partial(_forced, again),
        removes=EventIdentity.of(recorded.event),
    )
    return Written(application.id, services.ui_summary(store, application.id), text, undo)


def accept(
    store: Database,
    force: bool = False,
    *,
    application_id: int,
    close_others: bool,
    on: date | None = None,
    note: str | None = None,
) -> Written:
    """Accept an application's offer; with close_others decline the other pending offers and
    withdraw the other open applications in the same transaction (one batch)."""
    done = offers.accept(
        store, application_id, on=on, note=note, close_others=close_others, force=force
    )
    title = services.describe(done.application)
    declined = sum(change.event.stage is Stage.DECLINED for change in done.closed)
    withdrawn = len(done.closed) - declined
    closed = _closed_words(declined, withdrawn)
    if done.accepted is None and not done.closed:
        text = f"{title} was already accepted, and no other application was open"
        summary_row = services.ui_summary(store, application_id)
        return Written(application_id, summary_row, text)
    accepted = f"Accepted {title}" if done.accepted is not None else f"{title} was accepted"
    if done.closed:
        text = f"{accepted}; {closed} (accepted elsewhere)"
    else:
        still = len(done.still_open)
        text = accepted + (
            f"; {still} other application{'s' if still != 1 else ''} still open" if still else ""
        )
    count = len(done.closed)
    others = f"{count} application{'s' if count != 1 else ''}"
    if done.accepted is None:
        what = f"closing of {others} (accepted {title})"
    elif done.closed:
        what = f"acceptance of {title} and the {others} it closed"
    else:
        what = f"acceptance of {title}"
    if done.closed:
        batch = done.closed[0].event.batch
        assert batch is not None
        expect = BatchIdentity(batch, len(done.closed) + (done.accepted is not None))
        undo_write: Write = partial(
            remove_batch, expect=expect, application_id=application_id, change=what
        )
        removes: EventIdentity | BatchIdentity = expect
    else:
        assert done.accepted is not None
        removes = EventIdentity.of(done.accepted.event)
        undo_write = partial(remove_event, expect=removes, change=what)
    again = partial(
        accept,
        application_id=application_id,
        close_others=close_others,
        on=on or clock.today(),
        note=note,
    )
    change = Change(what, undo_write, partial(_forced, again), removes=removes)
    return Written(
        application_id,
        services.ui_summary(store, application_id),
        text,
        change,
        reload=bool(done.closed),
    )


def _closed_words(declined: int, withdrawn: int) -> str:
    """Return "declined 1 offer and withdrew 5 applications"."""
    parts = []
    if declined:
        parts.append(f"declined {declined} offer{'s' if declined != 1 else ''}")
    if withdrawn:
        parts.append(f"withdrew {withdrawn} application{'s' if withdrawn != 1 else ''}")
    return " and ".join(parts)
