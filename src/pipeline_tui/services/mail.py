"""Reading mail into the review queue, and deciding what is in it.

`read_mail` reads a source, classifies and links every message, and (unless a dry run) queues
a proposal for each one that would record something; `accept` turns proposals into events in
one batch (one `undo` takes them back); `reject` drops them; `inbox` lists them. Nothing is
recorded without a decision, except with `apply_confident`, which accepts the proposals at or
above the configured confidence (`mail_confidence`) in that same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pipeline_tui import clock
from pipeline_tui.domain.mail.classify import Reading
from pipeline_tui.domain.mail.classify import read_mail as classify_mail
from pipeline_tui.domain.mail.companies import Aliases
from pipeline_tui.domain.mail.linking import Link, Linker, Tracked, by_date, proposed_stage
from pipeline_tui.domain.mail.message import MailMessage, Skipped, parse_message
from pipeline_tui.domain.mail.review import FROM_MAIL, PENDING, Proposal
from pipeline_tui.domain.mail.rules import MailKind
from pipeline_tui.domain.models import Application, Event, company_key
from pipeline_tui.domain.stages import Stage
from pipeline_tui.errors import NeedsForce, NotFound, UserError
from pipeline_tui.services.mailboxes import Source
from pipeline_tui.store import inbox as store_inbox
from pipeline_tui.store import queries
from pipeline_tui.store.engine import Store

Progress = Callable[[int, int | None], None]  # (messages read, total when known)
_SUBJECT_KEPT = 300
_SENDER_KEPT = 300


@dataclass(frozen=True, slots=True)
class MailItem:
    """One message read: what it is, where it links, and what happened to it.

    proposal_id: its queued proposal (None on a dry run, or when it records nothing).
    seen_before: read in an earlier run, so not proposed again.
    """

    where: str
    reading: Reading | None = None
    link: Link | None = None
    skipped: Skipped | None = None
    seen_before: bool = False
    proposal_id: int | None = None

    @property
    def confidence(self) -> float:
        """The rule's confidence weighed by how sure the link is."""
        if self.reading is None:
            return 0.0
        weight = (
            self.link.weight
            if self.link is not None and self.reading.kind is not MailKind.OTHER
            else 1.0
        )
        return round(self.reading.verdict.confidence * weight, 2)

    @property
    def proposes(self) -> bool:
        """True when accepting it would record something."""
        return (
            self.reading is not None
            and not self.seen_before
            and self.link is not None
            and self.link.stage is not None
        )

    def as_json(self) -> dict[str, Any]:
        """Return the message as JSON-ready data (what `mail --dry-run --format json` prints)."""
        if self.reading is None:
            return {
                "where": self.where,
                "message_id": None,
                "date": None,
                "kind": MailKind.OTHER.value,
                "company": None,
                "role": None,
                "application_id": None,
                "stage": None,
                "rule": None,
                "confidence": 0.0,
                "skipped": self.skipped.reason if self.skipped else None,
            }
        reading, link = self.reading, self.link
        message = reading.message
        interview = reading.interview
        return {
            "where": self.where,
            "message_id": message.message_id,
            "key": message.key,
            "date": message.sent_on.isoformat() if message.sent_on else None,
            "sender": message.sender,
            "subject": message.subject,
            "kind": reading.kind.value,
            "company": _company(reading, link),
            "company_from": "linked application"
            if link is not None and link.company
            else (reading.company.source if reading.company else None),
            "role": _role(reading, link),
            "requisition": reading.requisition,
            "application_id": link.application_id if link else None,
            "link": link.how if link else None,
            "stage": link.stage.value if link and link.stage else None,
            "round": link.round if link else None,
            "interview": {
                "date": interview.day.isoformat() if interview.day else None,
                "time": interview.at.strftime("%H:%M") if interview.at else None,
                "format": interview.format,
                "round": interview.round,
            }
            if interview
            else None,
            "rule": reading.verdict.rule,
            "confidence": self.confidence,
            "evidence": reading.verdict.evidence,
            "reason": link.reason if link else None,
            "seen_before": self.seen_before,
            "proposal_id": self.proposal_id,
            "notes": list(message.notes),
            "skipped": None,
        }


@dataclass(frozen=True, slots=True)
class MailRun:
    """What one `pipeline mail` read, proposed and (with apply_confident) recorded."""

    source: str
    items: tuple[MailItem, ...]
    dry_run: bool
    notes: tuple[str, ...] = ()
    applied: Accepted | None = None

    def count(self, what: str) -> int:
        """How many messages were: read, skipped, seen (before), proposed, other, nothing."""
        items = self.items
        if what == "read":
            return len(items)
        if what == "skipped":
            return sum(item.skipped is not None for item in items)
        if what == "seen":
            return sum(item.seen_before for item in items)
        if what == "proposed":
            return sum(item.proposes for item in items)
        if what == "other":
            return sum(
                item.reading is not None
                and not item.seen_before
                and item.reading.kind is MailKind.OTHER
                for item in items
            )
        if what == "nothing":
            return sum(
                item.reading is not None
                and not item.seen_before
                and item.reading.kind is not MailKind.OTHER
                and not item.proposes
                for item in items
            )
        raise ValueError(what)


@dataclass(frozen=True, slots=True)
class Recorded:
    """One accepted proposal: the event it recorded on which application."""

    proposal_id: int
    application: Application
    event: Event
    new_application: bool = False


@dataclass(frozen=True, slots=True)
class Accepted:
    """What accept recorded (all in one batch: `undo`, or `remove_batch(batch)` in the UI,
    takes it back and the proposals wait again), and what it left, with why."""

    batch: int | None
    recorded: tuple[Recorded, ...] = ()
    left: tuple[tuple[int, str], ...] = field(default_factory=tuple)


def mail_aliases(groups: Iterable[tuple[str, Iterable[str]]] = ()) -> Aliases:
    """The company aliases linking uses: the built-in ones plus the configured ones."""
    return Aliases(dict(groups))


def read_mail(
    store: Store,
    source: Source,
    *,
    since: date | None = None,
    dry_run: bool = False,
    aliases: Aliases | None = None,
    apply_confident: float | None = None,
    on_progress: Progress | None = None,
    local_zone: datetime | None = None,
) -> MailRun:
    """Read every message of source, classify and link it, and queue what it proposes.

    A message read before (by Message-ID, else a hash) is never proposed again; on a dry run
    nothing is written. apply_confident: accept, in one batch, the new proposals whose
    confidence is at least this.
    """
    aliases = aliases or Aliases()
    with store.read() as session:
        seen = store_inbox.seen_keys(session)
        tracked = store_inbox.tracked_applications(session)
    linker = Linker(tracked, aliases)
    known = linker.known_companies()
    items: list[MailItem] = []
    readings: list[Reading] = []
    positions: list[int] = []
    in_run: set[str] = set()
    for number, raw in enumerate(source.messages(since=since, seen=seen), 1):
        if on_progress is not None:
            on_progress(number, source.total)
        if raw.data is None:
            items.append(MailItem(raw.where, skipped=raw.skipped))
            continue
        parsed = parse_message(raw.data, raw.where, local_zone=local_zone)
        if isinstance(parsed, Skipped):
            items.append(MailItem(raw.where, skipped=parsed))
            continue
        if since is not None and parsed.sent_on is not None and parsed.sent_on < since:
            continue
        reading = classify_mail(parsed, known=known)
        if parsed.key in seen or parsed.key in in_run:
            items.append(MailItem(raw.where, reading=reading, seen_before=True))
            continue
        in_run.add(parsed.key)
        positions.append(len(items))
        items.append(MailItem(raw.where, reading=reading))
        readings.append(reading)
    for index in by_date(readings):
        position = positions[index]
        link = linker.link(readings[index], index)
        items[position] = MailItem(items[position].where, reading=readings[index], link=link)
    if dry_run:
        return MailRun(source.name, tuple(items), True, tuple(source.notes))
    items = _queue(store, items, positions)
    run = MailRun(source.name, tuple(items), False, tuple(source.notes))
    if apply_confident is not None:
        confident = [
            item.proposal_id
            for item in items
            if item.proposal_id is not None and item.confidence >= apply_confident
        ]
        if confident:
            applied = accept(store, confident, quiet=True)
            run = MailRun(source.name, tuple(items), False, tuple(source.notes), applied)
    return run


def _queue(store: Store, items: list[MailItem], positions: list[int]) -> list[MailItem]:
    """Record every new message as read and queue a proposal for each that records
    something, in one transaction, oldest first (so a confirmation precedes its replies)."""
    now = clock.now()
    by_message: dict[int, int] = {}
    ordered = sorted(
        positions,
        key=lambda position: (_day(items[position]), position),
    )
    index_of = {position: index for index, position in enumerate(positions)}
    with store.write() as session:
        seen_id, proposal_id = store_inbox.next_ids(session)
        seen_rows: list[dict[str, Any]] = []
        proposal_rows: list[dict[str, Any]] = []
        for position in ordered:
            item = items[position]
            assert item.reading is not None
            message = item.reading.message
            seen_rows.append(
                {"id": seen_id, "message_key": message.key, "kind": item.reading.kind.value,
                 "seen_at": now}
            )  # fmt: skip
            seen_id += 1
            if not item.proposes:
                continue
            assert item.link is not None
            values = _proposal_values(item, seen_id - 1, now)
            values["id"] = proposal_id
            if item.link.after_message is not None:
                values["after_id"] = by_message.get(item.link.after_message)
            proposal_rows.append(values)
            by_message[index_of[position]] = proposal_id
            items[position] = MailItem(
                item.where, reading=item.reading, link=item.link, proposal_id=proposal_id
            )
            proposal_id += 1
        store_inbox.insert_read(session, seen_rows, proposal_rows)
    return items


def _day(item: MailItem) -> date:
    assert item.reading is not None
    return item.reading.message.sent_on or date.max


def _proposal_values(item: MailItem, seen_id: int, now: datetime) -> dict[str, Any]:
    reading, link = item.reading, item.link
    assert reading is not None and link is not None
    message: MailMessage = reading.message
    interview = reading.interview
    return {
        "seen_id": seen_id,
        "message_id": message.message_id,
        "sender": message.sender[:_SENDER_KEPT],
        "subject": message.subject[:_SUBJECT_KEPT],
        "sent_on": message.sent_on,
        "kind": reading.kind.value,
        "rule": reading.verdict.rule,
        "confidence": round(item.confidence * 100),
        "evidence": reading.verdict.evidence,
        "company": _company(reading, link),
        "role": _role(reading, link),
        "requisition": reading.requisition,
        "link": link.how,
        "application_id": link.application_id,
        "after_id": link.after_proposal,
        "stage": link.stage.value if link.stage else None,
        "round": link.round,
        "interview_on": interview.day if interview else None,
        "interview_at": interview.at if interview else None,
        "interview_format": interview.format if interview else None,
        "created_at": now,
    }


def _company(reading: Reading, link: Link | None) -> str | None:
    """The linked application's company, else the one the message names."""
    if link is not None and link.company:
        return link.company
    return reading.company.name if reading.company else None


def _role(reading: Reading, link: Link | None) -> str | None:
    if link is not None and link.role:
        return link.role
    return reading.role


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


def accept(
    store: Store,
    ids: Sequence[int] | None = None,
    *,
    to: str | int | None = None,
    force: bool = False,
    quiet: bool = False,
) -> Accepted:
    """Record the proposals with these ids (None: every waiting one) as events dated by their
    mail, in one transaction and one undo batch.

    to: record the one proposal given on this application instead of the one it links to.
    force: record moves the stage rules refuse (backwards, reopening a closed application).
    Proposals that cannot be recorded are left waiting, each with why.
    """
    from pipeline_tui.services import resolve

    if to is not None and (ids is None or len(ids) != 1):
        raise UserError("--to takes exactly one proposal")
    now = clock.now()
    recorded: list[Recorded] = []
    left: list[tuple[int, str]] = []
    batch: int | None = None
    with store.write() as session:
        if ids is None:
            chosen = store_inbox.list_proposals(session, pending_only=True)
        else:
            chosen = store_inbox.get_proposals(session, ids)
            _check_found(ids, chosen)
        chosen = sorted(chosen, key=lambda item: (item.sent_on or date.max, item.id))
        accepted_now: dict[int, int] = {}
        for proposal in chosen:
            if proposal.status != PENDING:
                if not quiet:
                    left.append((proposal.id, f"already {proposal.status}"))
                continue
            target = resolve(session, to, open_only=False) if to is not None else None
            try:
                application, new = _target(session, proposal, target, accepted_now, now)
            except _Leave as reason:
                left.append((proposal.id, str(reason)))
                continue
            if batch is None:
                batch = queries.next_batch(session)
            try:
                change = _record(session, proposal, application, new, force, now, batch)
            except NeedsForce as error:
                left.append((proposal.id, f"{error}; --force records it"))
                continue
            except _Leave as reason:
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
    from pipeline_tui.services import MAX_NAME_LENGTH, company_id_of, describe

    company = " ".join((proposal.company or "").split())[:MAX_NAME_LENGTH]
    role = " ".join((proposal.role or "").split())[:MAX_NAME_LENGTH] or "(role not given)"
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
    from pipeline_tui.services import record_move
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
        if ids is None:
            chosen = store_inbox.list_proposals(session, pending_only=True)
        else:
            chosen = store_inbox.get_proposals(session, ids)
            _check_found(ids, chosen)
            decided = [item for item in chosen if item.status != PENDING]
            if decided:
                raise UserError(f"proposal #{decided[0].id} is already {decided[0].status}")
        rejected = [item.id for item in chosen if item.status == PENDING]
        store_inbox.mark_rejected(session, rejected, now)
    return rejected


def restore(store: Store, ids: Sequence[int]) -> None:
    """Put rejected proposals back in the queue (the UI's undo of a rejection)."""
    with store.write() as session:
        found = store_inbox.get_proposals(session, ids)
        _check_found(ids, found)
        store_inbox.mark_pending(session, [item.id for item in found if item.status != "accepted"])


def inbox_counts(store: Store) -> dict[str, int]:
    """How many messages were read so far, and how many proposals wait."""
    with store.read() as session:
        return store_inbox.counts(session)
