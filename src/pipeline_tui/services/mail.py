"""Reading mail into the review queue (deciding what is in it: services/inbox.py).

`read_mail` reads a source, classifies and links every message, and (unless a dry run) queues
a proposal for each one that would record something. Nothing is recorded without a decision,
except with `apply_confident`, which accepts the proposals at or above the configured
confidence (`mail_confidence`) as `inbox.accept` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pipeline_tui import clock
from pipeline_tui.domain.mail.classify import Reading
from pipeline_tui.domain.mail.classify import read_mail as classify_mail
from pipeline_tui.domain.mail.companies import Aliases
from pipeline_tui.domain.mail.linking import Link, Linker, by_date
from pipeline_tui.domain.mail.message import MailMessage, Skipped, parse_message
from pipeline_tui.domain.mail.rules import MailKind
from pipeline_tui.services.inbox import Accepted, accept
from pipeline_tui.services.mailboxes import Source
from pipeline_tui.store import inbox as store_inbox
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
