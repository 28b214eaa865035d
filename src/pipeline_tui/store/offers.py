"""Offer revisions and the reads around them: current offers, deadlines, postings closing."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.comparison import ComparedOffer, OfferDeadline
from pipeline_tui.domain.models import Application
from pipeline_tui.domain.money import Span
from pipeline_tui.domain.offers import Offer, Package
from pipeline_tui.domain.stages import CLOSED_STAGES, Stage
from pipeline_tui.store.applications import CAMPAIGNS, get_applications
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import company_table as _company
from pipeline_tui.store.tables import event_table as _event
from pipeline_tui.store.tables import offer_table as _offer

_CLOSED = [stage.value for stage in CLOSED_STAGES]
_SPANS = ("bonus", "bonus_bp", "signing", "equity", "other")


def _span_values(name: str, span: Span | None) -> dict[str, int | None]:
    return {f"{name}_low": span.low if span else None, f"{name}_high": span.high if span else None}


def _span(values: Any, name: str) -> Span | None:
    low = values[f"{name}_low"]
    return Span(low, values[f"{name}_high"]) if low is not None else None


def insert_offer(
    session: Session, application_id: int, event_id: int, package: Package, now: datetime
) -> int:
    """Store a revision recorded by event_id and return its id."""
    values: dict[str, Any] = {
        "application_id": application_id,
        "event_id": event_id,
        "currency": package.currency,
        "base_low": package.base.low,
        "base_high": package.base.high,
        "base_per_year": package.base_per_year,
        "vesting_years": package.vesting_years,
        "tier": package.tier,
        "location": package.location,
        "terms": json.dumps(dict(package.terms), ensure_ascii=False),
        "deadline": package.deadline,
        "notes": package.notes,
        "created_at": now,
    }
    for name in _SPANS:
        values.update(_span_values(name, getattr(package, name)))
    result = session.execute(sa.insert(_offer).values(**values))
    return int(result.inserted_primary_key[0])  # type: ignore[attr-defined]


def _select_offers() -> sa.Select[Any]:
    return sa.select(_offer, _event.c.occurred_on).join_from(
        _offer, _event, _event.c.id == _offer.c.event_id
    )


def _to_offer(row: sa.Row[Any]) -> Offer:
    values = row._mapping
    package = Package(
        currency=values["currency"],
        base=Span(values["base_low"], values["base_high"]),
        base_per_year=values["base_per_year"],
        bonus=_span(values, "bonus"),
        bonus_bp=_span(values, "bonus_bp"),
        signing=_span(values, "signing"),
        equity=_span(values, "equity"),
        vesting_years=values["vesting_years"],
        other=_span(values, "other"),
        tier=values["tier"],
        location=values["location"],
        terms=tuple(json.loads(values["terms"] or "{}").items()),
        deadline=values["deadline"],
        notes=values["notes"],
    )
    return Offer(
        id=values["id"],
        application_id=values["application_id"],
        event_id=values["event_id"],
        recorded_on=values["occurred_on"],
        created_at=values["created_at"],
        package=package,
    )


def offers_of(session: Session, application_id: int) -> list[Offer]:
    """Return every revision of an application's offer, oldest first."""
    rows = session.execute(
        _select_offers().where(_offer.c.application_id == application_id).order_by(_offer.c.id)
    )
    return [_to_offer(row) for row in rows]


def current_offer(session: Session, application_id: int) -> Offer | None:
    """Return the newest revision of an application's offer, or None."""
    row = session.execute(
        _select_offers()
        .where(_offer.c.application_id == application_id)
        .order_by(_offer.c.id.desc())
        .limit(1)
    ).first()
    return _to_offer(row) if row else None


def _newest() -> sa.Subquery:
    """Per application with an offer: the id of its newest revision and how many there are."""
    return (
        sa.select(
            _offer.c.application_id,
            sa.func.max(_offer.c.id).label("current_id"),
            sa.func.count().label("revisions"),
        )
        .group_by(_offer.c.application_id)
        .subquery("newest")
    )


def current_offers(session: Session, *, include_decided: bool, today: date) -> list[ComparedOffer]:
    """Return each application's current offer: pending ones (open, unarchived applications),
    or with include_decided every one."""
    newest = _newest()
    query = (
        _select_offers()
        .add_columns(
            newest.c.revisions,
            _company.c.name.label("company"),
            _application.c.role,
            _application.c.department,
            _application.c.stage,
        )
        .join(newest, newest.c.current_id == _offer.c.id)
        .join(_application, _application.c.id == _offer.c.application_id)
        .join(_company, _company.c.id == _application.c.company_id)
        .order_by(_offer.c.application_id)
    )
    if not include_decided:
        query = query.where(
            _application.c.stage.not_in(_CLOSED), _application.c.archived.is_(False)
        )
    return [
        ComparedOffer(
            application_id=row.application_id,
            company=row.company,
            role=row.role,
            department=row.department,
            stage=Stage(row.stage),
            offer=_to_offer(row),
            revisions=row.revisions,
            today=today,
        )
        for row in session.execute(query)
    ]


def pending_deadlines(
    session: Session, *, today: date, last_day: date, campaigns: Sequence[str] | None = None
) -> list[OfferDeadline]:
    """Return pending offers (open, unarchived applications, of these campaigns unless None)
    whose current revision must be answered by last_day, overdue ones included, soonest
    first."""
    values: dict[str, Any] = {"last_day": last_day}
    if campaigns is not None:
        values["campaigns"] = list(campaigns)
    return [
        OfferDeadline(
            application_id=row.id,
            company=row.name,
            role=row.role,
            department=row.department,
            deadline=row.deadline,
            days_left=(row.deadline - today).days,
        )
        for row in session.execute(_deadlines_statement(campaigns is not None), values)
    ]


@cache
def _deadlines_statement(campaign: bool) -> sa.Select[Any]:
    newest = _newest()
    query = (
        sa.select(
            _application.c.id,
            _company.c.name,
            _application.c.role,
            _application.c.department,
            _offer.c.deadline,
        )
        .join_from(_offer, newest, newest.c.current_id == _offer.c.id)
        .join(_application, _application.c.id == _offer.c.application_id)
        .join(_company, _company.c.id == _application.c.company_id)
        .where(
            _offer.c.deadline <= sa.bindparam("last_day", type_=sa.Date),
            _application.c.stage.not_in(_CLOSED),
            _application.c.archived.is_(False),
        )
        .order_by(_offer.c.deadline, _application.c.id)
    )
    if campaign:
        query = query.where(_application.c.campaign.in_(CAMPAIGNS))
    return query


def closing_saved(session: Session, *, first_day: date, last_day: date) -> list[Application]:
    """Return saved, unarchived applications whose posting closes first_day..last_day, soonest
    first."""
    ids = session.execute(
        sa.select(_application.c.id)
        .where(
            _application.c.closes_on.between(first_day, last_day),
            _application.c.stage == Stage.SAVED.value,
            _application.c.archived.is_(False),
        )
        .order_by(_application.c.closes_on, _application.c.id)
    ).scalars()
    found = {application.id: application for application in get_applications(session, list(ids))}
    return sorted(found.values(), key=lambda item: (item.closes_on or first_day, item.id))
