"""The mail tables: messages already read, and the review queue of proposals."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.funnel import Level
from pipeline_tui.domain.mail.extract import normal_requisition
from pipeline_tui.domain.mail.linking import Tracked
from pipeline_tui.domain.mail.review import ACCEPTED, REJECTED, Proposal
from pipeline_tui.domain.models import application_title
from pipeline_tui.domain.stages import Stage
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import company_table as _company
from pipeline_tui.store.tables import event_table as _event
from pipeline_tui.store.tables import mail_proposal_table as _proposal
from pipeline_tui.store.tables import mail_seen_table as _seen

_CHUNK = 500
# Requisition ids in a posting's address: Greenhouse's gh_jid, Workday's JR/R numbers.
_URL_REQUISITION = re.compile(
    r"gh_jid=(\d+)|[/_-](JR[-_]?\d{4,10}|R[-_]?\d{5,8}|REQ[-_]?\d{4,10})(?![\d])", re.IGNORECASE
)


def pending_clause() -> sa.ColumnElement[bool]:
    """Proposals waiting for a decision (an accepted one whose event was undone waits again)."""
    return sa.or_(
        _proposal.c.decision.is_(None),
        sa.and_(_proposal.c.decision == ACCEPTED, _proposal.c.event_id.is_(None)),
    )


def seen_keys(session: Session) -> set[str]:
    """Return the key of every message read before."""
    return {key for (key,) in session.execute(sa.select(_seen.c.message_key))}


def next_ids(session: Session) -> tuple[int, int]:
    """Return the first free id of the seen list and of the queue, for insert_read."""
    from pipeline_tui.store.bulk import next_id

    return next_id(session, _seen), next_id(session, _proposal)


def insert_read(
    session: Session, seen: list[dict[str, Any]], proposals: list[dict[str, Any]]
) -> None:
    """Insert rows of the seen list and of the queue that carry their ids (from next_ids),
    with one statement per table and chunk."""
    from pipeline_tui.store.bulk import insert_rows

    for start in range(0, len(seen), _CHUNK * 10):
        insert_rows(session, _seen, seen[start : start + _CHUNK * 10])
    for start in range(0, len(proposals), _CHUNK * 10):
        insert_rows(session, _proposal, proposals[start : start + _CHUNK * 10])


def tracked_applications(session: Session) -> list[Tracked]:
    """Return every application, and every queued confirmation that would record one, with
    the message ids and requisition ids already linked to each, for linking new mail."""
    by_id: dict[int, Tracked] = {}
    query = sa.select(
        _application.c.id,
        _company.c.name,
        _application.c.role,
        _application.c.stage,
        _application.c.round,
        _application.c.reached,
        _application.c.archived,
        _application.c.url,
    ).join_from(_application, _company, _company.c.id == _application.c.company_id)
    for row in session.execute(query.order_by(_application.c.id)):
        item = Tracked(
            company=row.name,
            role=row.role,
            stage=Stage(row.stage),
            application_id=row.id,
            rounds=row.round or 0,
            had_offer=row.reached >= Level.OFFER,
            archived=bool(row.archived),
        )
        if row.url:
            item.requisitions.update(_url_requisitions(row.url))
        by_id[row.id] = item
    queued: dict[int, Tracked] = {}
    rows = session.execute(
        sa.select(
            _proposal.c.id,
            _proposal.c.message_id,
            _proposal.c.requisition,
            _proposal.c.company,
            _proposal.c.role,
            _proposal.c.link,
            _proposal.c.application_id,
            _proposal.c.after_id,
            _proposal.c.decision,
            _event.c.application_id.label("recorded_on"),
        )
        .join_from(_proposal, _event, _event.c.id == _proposal.c.event_id, isouter=True)
        .where(sa.or_(_proposal.c.decision.is_(None), _proposal.c.decision == ACCEPTED))
        .order_by(_proposal.c.id)
    ).all()
    for row in rows:
        if row.recorded_on is None and row.link == "new" and row.company:
            queued[row.id] = Tracked(
                company=row.company, role=row.role, stage=Stage.SUBMITTED, proposal=row.id
            )
    for row in rows:
        owner = (
            by_id.get(row.recorded_on)
            or by_id.get(row.application_id)
            or queued.get(row.id)
            or queued.get(row.after_id)
        )
        if owner is None:
            continue
        if row.message_id:
            owner.message_ids.add(row.message_id)
        if row.requisition:
            owner.requisitions.add(row.requisition)
    return [*by_id.values(), *queued.values()]


def _url_requisitions(url: str) -> set[str]:
    found = set()
    for match in _URL_REQUISITION.finditer(url):
        if match[1]:
            found.add(f"GH{match[1]}")
        else:
            found.add(normal_requisition(match[2]))
    return found


def _select() -> sa.Select[Any]:
    return (
        sa.select(
            _proposal,
            _company.c.name.label("app_company"),
            _application.c.role.label("app_role"),
            _application.c.department.label("app_department"),
        )
        .join_from(
            _proposal,
            _application,
            _application.c.id == _proposal.c.application_id,
            isouter=True,
        )
        .join(_company, _company.c.id == _application.c.company_id, isouter=True)
    )


def _to_proposal(row: sa.Row[Any]) -> Proposal:
    values = row._mapping
    title = None
    if values["app_company"] is not None:
        title = application_title(
            values["app_company"], values["app_role"], values["app_department"]
        )
    return Proposal(
        id=values["id"],
        message_id=values["message_id"],
        sender=values["sender"],
        subject=values["subject"],
        sent_on=values["sent_on"],
        kind=values["kind"],
        rule=values["rule"],
        confidence=values["confidence"] / 100,
        evidence=values["evidence"],
        company=values["company"],
        role=values["role"],
        requisition=values["requisition"],
        link=values["link"],
        application_id=values["application_id"],
        after_id=values["after_id"],
        stage=Stage(values["stage"]) if values["stage"] else None,
        round=values["round"],
        interview_on=values["interview_on"],
        interview_at=values["interview_at"],
        interview_format=values["interview_format"],
        decision=values["decision"],
        decided_at=values["decided_at"],
        event_id=values["event_id"],
        batch=values["batch"],
        created_at=values["created_at"],
        application_title=title,
    )


def list_proposals(session: Session, *, pending_only: bool = True) -> list[Proposal]:
    """Return the queued proposals, oldest message first (pending ones only, or all)."""
    query = _select()
    if pending_only:
        query = query.where(pending_clause())
    query = query.order_by(_proposal.c.sent_on.is_(None), _proposal.c.sent_on, _proposal.c.id)
    return [_to_proposal(row) for row in session.execute(query)]


def get_proposals(session: Session, ids: Iterable[int]) -> list[Proposal]:
    """Return the proposals with these ids (any status), in id order."""
    wanted = sorted(set(ids))
    found: list[Proposal] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        query = _select().where(_proposal.c.id.in_(chunk)).order_by(_proposal.c.id)
        found.extend(_to_proposal(row) for row in session.execute(query))
    return found


def mark_accepted(
    session: Session, proposal_id: int, *, event_id: int, batch: int, now: datetime
) -> None:
    """Record that a proposal was accepted as event_id, in batch."""
    session.execute(
        sa.update(_proposal)
        .where(_proposal.c.id == proposal_id)
        .values(decision=ACCEPTED, event_id=event_id, batch=batch, decided_at=now)
    )


def mark_rejected(session: Session, ids: Sequence[int], now: datetime) -> None:
    """Record that proposals were rejected."""
    for start in range(0, len(ids), _CHUNK):
        session.execute(
            sa.update(_proposal)
            .where(_proposal.c.id.in_(list(ids[start : start + _CHUNK])))
            .values(decision=REJECTED, event_id=None, batch=None, decided_at=now)
        )


def mark_pending(session: Session, ids: Sequence[int]) -> None:
    """Put decided proposals back in the queue (the UI's undo of a rejection)."""
    for start in range(0, len(ids), _CHUNK):
        session.execute(
            sa.update(_proposal)
            .where(_proposal.c.id.in_(list(ids[start : start + _CHUNK])))
            .values(decision=None, event_id=None, batch=None, decided_at=None)
        )


def event_application(session: Session, event_id: int) -> int | None:
    """Return the application an event belongs to (None once it was undone)."""
    value = session.execute(
        sa.select(_event.c.application_id).where(_event.c.id == event_id)
    ).scalar()
    return int(value) if value is not None else None


def counts(session: Session) -> dict[str, int]:
    """Return how many messages were read and how many proposals wait."""
    seen = session.execute(sa.select(sa.func.count()).select_from(_seen)).scalar() or 0
    waiting = (
        session.execute(
            sa.select(sa.func.count()).select_from(_proposal).where(pending_clause())
        ).scalar()
        or 0
    )
    return {"seen": int(seen), "pending": int(waiting)}
