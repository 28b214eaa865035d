"""Offers and decisions: record and revise offers, compare them, accept one, and what is due.

An offer revision belongs to the event that recorded it (the `offer` stage event, or a timeline
note for a revision), so `undo` removes it with that event. A decision is never stored: it is
the application's stage (domain.offers.decision_of), so undoing the events of an acceptance
takes the whole decision back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from pipeline_tui import clock
from pipeline_tui.domain.comparison import Comparison, closing_phrase, compare
from pipeline_tui.domain.models import Application, ApplicationFilter, Event, derive
from pipeline_tui.domain.offers import Offer, OfferInput, describe_changes, revise, summary
from pipeline_tui.domain.reasons import ACCEPTED_ELSEWHERE
from pipeline_tui.domain.reminders import DueItem
from pipeline_tui.domain.stages import OPEN_STAGES, Stage, check_date
from pipeline_tui.errors import ForceReason, InvalidValue, NeedsForce
from pipeline_tui.services.applications import Change, record_move
from pipeline_tui.services.refs import describe, resolve
from pipeline_tui.store import applications as queries
from pipeline_tui.store import offers as offer_store
from pipeline_tui.store.engine import Store

CLOSING_DAYS = 7
_OFFER_RANK = OPEN_STAGES.index(Stage.OFFER)
# Where the application an offer is recorded for usually is (see services.refs.resolve).
_OFFER_STAGES = (Stage.OFFER, Stage.INTERVIEW)


@dataclass(frozen=True, slots=True)
class RecordedOffer:
    """An offer revision just recorded, what changed since the previous one, and its event.

    moved: the application was moved to `offer` by this revision (it was at an earlier stage).
    """

    application: Application
    offer: Offer
    previous: Offer | None
    changes: tuple[str, ...]
    event: Event
    moved: bool


def record_offer(
    store: Store,
    ref: str | int,
    change: OfferInput,
    *,
    default_currency: str,
    on: date | None = None,
    force: bool = False,
) -> RecordedOffer:
    """Record an application's offer, or revise its current one with the fields change gives.

    An application before `offer` moves there (an `offer` event dated on, default today); at
    `offer` or after it, the revision is a timeline note. A closed application that never had
    an offer is refused unless force, which records the offer and reopens it.
    """
    occurred_on = on or clock.today()
    now = clock.now()
    with store.write() as session:
        application = resolve(session, ref, open_only=False, prefer=_OFFER_STAGES)
        previous = offer_store.current_offer(session, application.id)
        package = revise(
            previous.package if previous else None, change, default_currency=default_currency
        )
        changes = tuple(describe_changes(previous.package, package)) if previous else ()
        if previous is not None and not changes:
            raise InvalidValue("offer", f"{describe(application)}: the offer already says that")
        current = derive(queries.get_events(session, application.id))
        earlier = current.stage.is_open and OPEN_STAGES.index(current.stage) < _OFFER_RANK
        moved = earlier or (current.stage.is_closed and not current.had_offer)
        if moved:
            if current.stage.is_closed and not force:
                raise NeedsForce(
                    ForceReason.REOPEN,
                    f"{describe(application)} is closed ({current.stage}) and never had an offer",
                )
            change_made = record_move(
                session,
                application,
                Stage.OFFER,
                occurred_on=occurred_on,
                round=None,
                note=summary(package),
                force=force,
                now=now,
            )
            event = change_made.event
        else:
            check_date(Stage.OFFER, occurred_on, today=clock.today(), force=force)
            words = "; ".join(changes) if changes else summary(package)
            event = queries.insert_event(
                session,
                application.id,
                kind="note",
                stage=current.stage,
                round=None,
                occurred_on=occurred_on,
                note=f"offer: {words}" if previous else f"offer recorded: {words}",
                now=now,
            )
        offer_store.insert_offer(session, application.id, event.id, package, now)
        offer = offer_store.current_offer(session, application.id)
        assert offer is not None
        application = queries.sync_derived(session, application.id, now)
    return RecordedOffer(application, offer, previous, changes, event, moved)


def offer_history(store: Store, ref: str | int) -> list[Offer]:
    """Return every revision of the offer of the application ref names, oldest first."""
    with store.read() as session:
        application = resolve(session, ref, open_only=False)
        return offer_store.offers_of(session, application.id)


def comparison(
    store: Store, *, today: date, preferred_currency: str, include_decided: bool = False
) -> Comparison:
    """Return the current offers side by side: pending ones, or every one with include_decided;
    one group per currency, highest steady-state total first."""
    with store.read() as session:
        offers = offer_store.current_offers(session, include_decided=include_decided, today=today)
    return compare(
        offers, today=today, preferred_currency=preferred_currency, include_decided=include_decided
    )


def comparison_with_history(
    store: Store, *, today: date, preferred_currency: str, include_decided: bool = False
) -> tuple[Comparison, dict[int, list[Offer]]]:
    """Return the comparison and every compared offer's revisions (oldest first), by
    application id, read together: an application removed meanwhile cannot be half there."""
    with store.read() as session:
        offers = offer_store.current_offers(session, include_decided=include_decided, today=today)
        history = {offer.application_id: offer_store.offers_of(session, offer.application_id)
                   for offer in offers}  # fmt: skip
    compared = compare(
        offers, today=today, preferred_currency=preferred_currency, include_decided=include_decided
    )
    return compared, history


@dataclass(frozen=True, slots=True)
class OpenElsewhere:
    """Another open application when one is accepted; offer: its current offer when it stands
    at `offer` (the pending offer accepting elsewhere declines), else None."""

    application: Application
    offer: Offer | None

    @property
    def pending_offer(self) -> bool:
        """True when it stands at `offer`: accepting elsewhere declines it."""
        return self.application.stage is Stage.OFFER


@dataclass(frozen=True, slots=True)
class Acceptance:
    """An accepted application, with the others still open or closed by the same command.

    accepted: the acceptance event, None when the application was already accepted and the
    command only closed the others. closed: the others' withdrawals and declines, which share
    one batch with the acceptance, so one `undo` takes the whole decision back.
    """

    application: Application
    accepted: Change | None
    still_open: tuple[OpenElsewhere, ...]
    closed: tuple[Change, ...]


def accept(
    store: Store,
    ref: str | int,
    *,
    on: date | None = None,
    note: str | None = None,
    close_others: bool = False,
    force: bool = False,
) -> Acceptance:
    """Accept the offer of the application ref names; list the other open applications, or
    with close_others decline their pending offers and withdraw the rest in the same
    transaction, each with the reason "accepted elsewhere".

    With close_others, an application already accepted is not accepted again: the command
    only closes the others.
    """
    occurred_on = on or clock.today()
    now = clock.now()
    with store.write() as session:
        application = resolve(session, ref, open_only=not close_others, prefer=(Stage.OFFER,))
        batch = queries.next_batch(session) if close_others else None
        accepted: Change | None = None
        if not (close_others and application.stage is Stage.ACCEPTED):
            accepted = record_move(
                session,
                application,
                Stage.ACCEPTED,
                occurred_on=occurred_on,
                round=None,
                note=note,
                force=force,
                now=now,
                batch=batch,
            )
            application = accepted.application
        others = _open_elsewhere(session, application.id)
        if not close_others:
            return Acceptance(application, accepted, others, ())
        closed = []
        why = application.title
        for item in others:
            other = item.application
            target = Stage.DECLINED if item.pending_offer else Stage.WITHDRAWN
            # An answer cannot come before the application was sent.
            day = max(occurred_on, other.applied_on) if other.applied_on else occurred_on
            closed.append(
                record_move(
                    session,
                    other,
                    target,
                    occurred_on=day,
                    round=None,
                    note=None,
                    force=False,
                    now=now,
                    reason=ACCEPTED_ELSEWHERE,
                    reason_text=why,
                    batch=batch,
                )
            )
    return Acceptance(application, accepted, (), tuple(closed))


def open_elsewhere(store: Store, ref: str | int) -> tuple[Application, tuple[OpenElsewhere, ...]]:
    """Return the application ref names and every other open application (archived ones
    included): what accepting it with close_others would decline or withdraw."""
    with store.read() as session:
        application = resolve(session, ref, open_only=False)
        return application, _open_elsewhere(session, application.id)


def _open_elsewhere(session: Session, application_id: int) -> tuple[OpenElsewhere, ...]:
    """The open applications other than application_id; those standing at `offer` (a pending
    offer) with their current offer, the others without (it would not be shown)."""
    return tuple(
        OpenElsewhere(
            other,
            offer_store.current_offer(session, other.id) if other.stage is Stage.OFFER else None,
        )
        for other in queries.list_applications(
            session, ApplicationFilter(open_only=True, archived=None)
        )
        if other.id != application_id
    )


def due_items(
    store: Store, *, today: date, within_days: int = 7, closing_days: int = CLOSING_DAYS
) -> list[DueItem]:
    """Return what offers and saved postings make due: pending offers to answer within
    within_days (overdue ones too), and saved applications whose posting closes within
    closing_days; by date, then application."""
    with store.read() as session:
        return due_in_session(session, today, within_days=within_days, closing_days=closing_days)


def due_in_session(
    session: Session, today: date, *, within_days: int = 7, closing_days: int = CLOSING_DAYS
) -> list[DueItem]:
    """due_items inside the caller's read session (one of `pipeline due`'s sources)."""
    deadlines = offer_store.pending_deadlines(
        session, today=today, last_day=today + timedelta(days=within_days)
    )
    closing = offer_store.closing_saved(
        session, first_day=today, last_day=today + timedelta(days=closing_days)
    )
    items = [
        DueItem(
            "offer deadline",
            deadline.deadline,
            f"{deadline.headline} · {deadline.position}",
            application_id=deadline.application_id,
        )
        for deadline in deadlines
    ]
    for application in closing:
        assert application.closes_on is not None
        days = (application.closes_on - today).days
        items.append(
            DueItem(
                "closing",
                application.closes_on,
                f"{application.title}: the posting {closing_phrase(days)}; apply or let it go",
                application_id=application.id,
            )
        )
    return sorted(
        items, key=lambda item: (item.due_on, item.kind != "offer deadline", item.application_id)
    )
