"""The review queue: list proposals, accept them into events (one undo batch), reject them.

`accept` records each proposal as an event dated by its mail (origin "mail"), all in one batch:
`pipeline undo`, or `undoing.remove_batch` in the UI, takes them back and they wait again.
`reject` drops proposals for good; `restore` puts rejected ones back (the UI's undo).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pipeline_tui import clock
from pipeline_tui.domain.mail.linking import Tracked, proposed_stage
from pipeline_tui.domain.mail.review import ACCEPTED, FROM_MAIL, PENDING, REJECTED, Proposal
from pipeline_tui.domain.mail.rules import MailKind
from pipeline_tui.domain.models import (
    MAX_NAME_LENGTH,
    Application,
    Event,
    clean_name,
    company_key,
)
from pipeline_tui.domain.stages import Stage
from pipeline_tui.errors import NeedsForce, NotFound, UserError
from pipeline_tui.services.applications import company_id_of, record_move
from pipeline_tui.services.refs import describe, resolve
from pipeline_tui.store import applications as queries
from pipeline_tui.store import inbox as store_inbox
from pipeline_tui.store.engine import Store


@dataclass(frozen=True, slots=True)
class Recorded:
    """One accepted proposal: the event it recorded on which application."""

    proposal_id: int
    application: Application
    event: Event
    new_application: bool = False


@dataclass(frozen=True, slots=True)
class Accepted:
    """What accept recorded (all in one batch: `undo`, or `undoing.remove_batch` in the UI,
    takes it back and the proposals wait again), and what it left, with why."""

    batch: int | None
    recorded: tuple[Recorded, ...] = ()
    left: tuple[tuple[int, str], ...] = field(default_factory=tuple)


def inbox(store: Store, *, everything: bool = False) -> list[Proposal]:
    """Return the proposals waiting for a decision (or every proposal), oldest mail first."""
    with store.read() as session:
        return store_inbox.list_proposals(session, pending_only=not everything)


def proposals(store: Store, ids: Sequence[int]) -> list[Proposal]:
    """Return the proposals with these ids; NotFound names one that does not exist."""
    with store.read() as session:
        found = store_inbox.get_proposals(session, ids)
    _check_found(ids, found)
    return found


def _check_found(ids: Sequence[int], found: Sequence[Proposal]) -> None:
    missing = sorted(set(ids) - {item.id for item in found})
    if missing:
        raise NotFound(f"no proposal #{missing[0]} in the inbox")


def _chosen(session: Any, ids: Sequence[int] | None) -> list[Proposal]:
    """The proposals with these ids (NotFound names a missing one), or every waiting one."""
    if ids is None:
        return store_inbox.list_proposals(session, pending_only=True)
    found = store_inbox.get_proposals(session, ids)
    _check_found(ids, found)
    return found


def accept(
    store: Store,
    ids: Sequence[int] | None = None,
    *,
    to: str | int | None = None,
    force: bool = False,
    quiet: bool = False,
    strict: bool = False,
) -> Accepted:
    """Record the proposals with these ids (None: every waiting one) as events dated by their
    mail, in one transaction and one undo batch.

    to: record the one proposal given on this application instead of the one it links to.
    force: record moves the stage rules refuse (backwards, reopening a closed application).
    Proposals that cannot be recorded are left waiting, each with why; strict: raise why
    instead (NeedsForce for a rule force overrides, UserError otherwise), recording nothing,
    so the UI can ask "Record anyway?".
    """
    if to is not None and (ids is None or len(ids) != 1):
        raise UserError("--to takes exactly one proposal")
    now = clock.now()
    recorded: list[Recorded] = []
    left: list[tuple[int, str]] = []
    batch: int | None = None
    with store.write() as session:
        chosen = sorted(_chosen(session, ids), key=lambda item: (item.sent_on or date.max, item.id))
        accepted_now: dict[int, int] = {}
        for proposal in chosen:
            if proposal.status != PENDING:
                if strict:
                    raise UserError(f"proposal #{proposal.id} is already {proposal.status}")
                if not quiet:
                    left.append((proposal.id, f"already {proposal.status}"))
                continue
            target = resolve(session, to, open_only=False) if to is not None else None
            try:
                application, new = _target(session, proposal, target, accepted_now, now)
            except _Leave as reason:
                if strict:
                    raise UserError(str(reason)) from None
                left.append((proposal.id, str(reason)))
                continue
            if batch is None:
                batch = queries.next_batch(session)
            try:
                change = _record(session, proposal, application, new, force, now, batch)
            except NeedsForce as error:
                if strict:
                    raise
                left.append((proposal.id, f"{error}; --force records it"))
                continue
            except _Leave as reason:
                if strict:
                    raise UserError(str(reason)) from None
                left.append((proposal.id, str(reason)))
                continue
            store_inbox.mark_accepted(
                session, proposal.id, event_id=change[1].id, batch=batch, now=now
            )
            accepted_now[proposal.id] = change[0].id
            recorded.append(Recorded(proposal.id, change[0], change[1], new))
    return Accepted(batch if recorded else None, tuple(recorded), tuple(left))


class _Leave(Exception):
    """A proposal that cannot be recorded now; the message says why."""


def _target(
    session: Any,
    proposal: Proposal,
    chosen: Application | None,
    accepted_now: dict[int, int],
    now: datetime,
) -> tuple[Application, bool]:
    """Return the application a proposal records on, creating it for a new confirmation."""
    if chosen is not None:
        return chosen, False
    if proposal.application_id is not None:
        found = queries.get_application(session, proposal.application_id)
        if found is not None:
            return found, False
    if proposal.after_id is not None:
        application_id = accepted_now.get(proposal.after_id)
        if application_id is None:
            earlier = store_inbox.get_proposals(session, [proposal.after_id])
            if earlier and earlier[0].event_id is not None:
                application_id = store_inbox.event_application(session, earlier[0].event_id)
            if earlier and earlier[0].status == REJECTED:
                raise _Leave(
                    f"the confirmation #{proposal.after_id} that records its application was "
                    "rejected; give --to REF"
                )
        if application_id is None:
            raise _Leave(
                f"accept #{proposal.after_id} first (the confirmation that records the "
                "application), or give --to REF"
            )
        found = queries.get_application(session, application_id)
        if found is not None:
            return found, False
    if proposal.link == "new" and proposal.company and proposal.kind == MailKind.CONFIRMATION:
        return _new_application(session, proposal, now), True
    raise _Leave("no application matches it; accept it with --to REF")


def _new_application(session: Any, proposal: Proposal, now: datetime) -> Application:
    company = clean_name(proposal.company or "")[:MAX_NAME_LENGTH]
    role = clean_name(proposal.role or "")[:MAX_NAME_LENGTH] or "(role not given)"
    company_id = queries.find_company_id(session, company_key(company))
    if company_id is not None:
        siblings, _ = queries.company_history(session, company_id)
        for sibling in siblings:
            if (
                sibling.stage.is_open
                and not sibling.archived
                and sibling.role.casefold() == role.casefold()
            ):
                existing = queries.get_application(session, sibling.id)
                assert existing is not None
                raise _Leave(f"{describe(existing)} is already recorded; give --to {existing.id}")
    company_id = company_id_of(session, company, now)
    application_id = queries.insert_application(
        session, {"company_id": company_id, "role": role}, now
    )
    application = queries.get_application(session, application_id)
    assert application is not None
    return application


def _record(
    session: Any,
    proposal: Proposal,
    application: Application,
    new: bool,
    force: bool,
    now: datetime,
    batch: int,
) -> tuple[Application, Event]:
    """Record one proposal's event (and an interview's details) in the caller's session."""
    from pipeline_tui.store import interviews as store_interviews

    # A Date header ahead of the clock (a wrong zone) still records the news as of today.
    day = min(proposal.sent_on or clock.today(), clock.today())
    note = f"mail: {proposal.subject}" if proposal.subject else "mail"
    if new:
        event = queries.insert_event(
            session,
            application.id,
            kind="stage",
            stage=Stage.SUBMITTED,
            round=None,
            occurred_on=day,
            note=note,
            now=now,
            batch=batch,
            origin=FROM_MAIL,
        )
        return queries.sync_derived(session, application.id, now), event
    events = queries.get_events(session, application.id)
    state = _tracked(application, events)
    stage, round_number, reason = proposed_stage(MailKind(proposal.kind), state, proposal.round)
    if stage is None:
        raise _Leave(f"nothing to record on #{application.id}: {reason}")
    if stage is Stage.INTERVIEW and proposal.interview_on is not None:
        day = proposal.interview_on
    change = record_move(
        session,
        application,
        stage,
        occurred_on=day,
        round=round_number,
        note=note,
        force=force,
        now=now,
        batch=batch,
        origin=FROM_MAIL,
    )
    if stage is Stage.INTERVIEW and (proposal.interview_at or proposal.interview_format):
        from pipeline_tui.domain.interviews import InterviewFormat

        store_interviews.insert_detail(
            session,
            change.event.id,
            starts_at=proposal.interview_at,
            duration_minutes=None,
            format=InterviewFormat(proposal.interview_format)
            if proposal.interview_format
            else None,
            place=None,
            interviewer_ids=(),
        )
    return change.application, change.event


def _tracked(application: Application, events: Sequence[Event]) -> Tracked:
    from pipeline_tui.domain.models import derive, recorded_rounds

    derived = derive(events)
    rounds = recorded_rounds(events)
    return Tracked(
        company=application.company,
        role=application.role,
        stage=derived.stage,
        application_id=application.id,
        rounds=max(rounds, default=0),
        had_offer=derived.had_offer,
    )


def reject(store: Store, ids: Sequence[int] | None = None) -> list[int]:
    """Drop the waiting proposals with these ids (None: every waiting one); return their ids.

    A rejected proposal stays out of the queue; its message is never proposed again.
    """
    now = clock.now()
    with store.write() as session:
        chosen = _chosen(session, ids)
        decided = [item for item in chosen if item.status != PENDING]
        if decided:
            raise UserError(f"proposal #{decided[0].id} is already {decided[0].status}")
        rejected = [item.id for item in chosen]
        store_inbox.mark_rejected(session, rejected, now)
    return rejected


def restore(store: Store, ids: Sequence[int]) -> None:
    """Put rejected proposals back in the queue (the UI's undo of a rejection)."""
    with store.write() as session:
        found = store_inbox.get_proposals(session, ids)
        _check_found(ids, found)
        store_inbox.mark_pending(session, [item.id for item in found if item.status != ACCEPTED])


def inbox_counts(store: Store) -> dict[str, int]:
    """How many messages were read so far, and how many proposals wait."""
    with store.read() as session:
        return store_inbox.counts(session)
