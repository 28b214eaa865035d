"""Offers side by side and what they make due: the comparison (one group per currency),
deadlines to answer, and postings about to close."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline_tui.domain.models import application_title
from pipeline_tui.domain.offers import Decision, Figures, Offer, decision_of
from pipeline_tui.domain.stages import Stage


def days_left(deadline: date | None, today: date) -> int | None:
    """Return days from today to the deadline (negative once passed), or None."""
    return (deadline - today).days if deadline else None


def answer_phrase(days: int) -> str:
    """Return "answer in 2 days", "answer today", "deadline passed 3 days ago"."""
    if days > 1:
        return f"answer in {days} days"
    if days == 1:
        return "answer tomorrow"
    if days == 0:
        return "answer today"
    if days == -1:
        return "deadline passed yesterday"
    return f"deadline passed {-days} days ago"


@dataclass(frozen=True, slots=True)
class ComparedOffer:
    """An application's current offer with what a comparison shows next to it."""

    application_id: int
    company: str
    role: str
    department: str | None
    stage: Stage
    offer: Offer
    revisions: int
    today: date

    @property
    def title(self) -> str:
        """Company and role (and department) as one line of user text."""
        return application_title(self.company, self.role, self.department)

    @property
    def decision(self) -> Decision:
        """pending, accepted, declined or rescinded (from the application's stage)."""
        return decision_of(self.stage)

    @property
    def days_left(self) -> int | None:
        """Days until the deadline (negative once passed), or None without one."""
        return days_left(self.offer.package.deadline, self.today)

    @property
    def figures(self) -> Figures:
        """The yearly figures of the current revision."""
        return self.offer.figures

    def as_json(self) -> dict[str, Any]:
        """Return the documented comparison object."""
        return {
            "application_id": self.application_id,
            "company": self.company,
            "department": self.department,
            "role": self.role,
            **self.offer.as_json(),
            "days_left": self.days_left,
            "decision": self.decision,
            "revisions": self.revisions,
        }


def _order(item: ComparedOffer) -> tuple[int, int, int]:
    total = item.figures.annual_total
    # A range sorts by what is promised (its low end), then by its high end.
    return (-total.low, -total.high, item.application_id)


@dataclass(frozen=True, slots=True)
class CurrencyGroup:
    """The offers in one currency, highest steady-state total first."""

    currency: str
    offers: tuple[ComparedOffer, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Offers side by side: one group per currency, since amounts are never converted."""

    groups: tuple[CurrencyGroup, ...]
    today: date
    include_decided: bool

    @property
    def offers(self) -> list[ComparedOffer]:
        """Every offer, group after group."""
        return [item for group in self.groups for item in group.offers]

    @property
    def currency_note(self) -> str | None:
        """A sentence saying currencies differ and are compared apart, or None for one currency."""
        if len(self.groups) < 2:
            return None
        counts = ", ".join(f"{group.currency} {len(group.offers)}" for group in self.groups)
        return (
            f"These offers are in {len(self.groups)} currencies ({counts}): each currency is "
            "compared on its own, and no amount is converted."
        )

    def as_json(self) -> list[dict[str, Any]]:
        """Return the documented list of comparison objects."""
        return [item.as_json() for item in self.offers]


def compare(
    offers: Sequence[ComparedOffer],
    *,
    today: date,
    preferred_currency: str,
    include_decided: bool = False,
) -> Comparison:
    """Group offers by currency (the preferred one first, then the largest groups) and sort each
    by steady-state total, highest first."""
    by_currency: dict[str, list[ComparedOffer]] = {}
    for item in offers:
        by_currency.setdefault(item.offer.package.currency, []).append(item)
    order = sorted(
        by_currency,
        key=lambda code: (code != preferred_currency, -len(by_currency[code]), code),
    )
    groups = tuple(
        CurrencyGroup(code, tuple(sorted(by_currency[code], key=_order))) for code in order
    )
    return Comparison(groups, today, include_decided)


@dataclass(frozen=True, slots=True)
class OfferDeadline:
    """A pending offer whose answer is due soon (or overdue)."""

    application_id: int
    company: str
    role: str
    department: str | None
    deadline: date
    days_left: int

    @property
    def title(self) -> str:
        """Company and role (and department) as one line of user text."""
        return application_title(self.company, self.role, self.department)

    @property
    def position(self) -> str:
        """Role and department: "Search ranking (Beidou)"."""
        return f"{self.role} ({self.department})" if self.department else self.role

    @property
    def headline(self) -> str:
        """Return "Meituan offer: answer in 2 days" (user text, not yet made printable)."""
        return f"{self.company} offer: {answer_phrase(self.days_left)}"

    def as_json(self) -> dict[str, Any]:
        """Return the deadline as JSON-ready data."""
        return {
            "id": self.application_id,
            "company": self.company,
            "role": self.role,
            "department": self.department,
            "deadline": self.deadline.isoformat(),
            "days_left": self.days_left,
        }


def closing_phrase(days: int) -> str:
    """Return "closes in 3 days", "closes today", "closes tomorrow"."""
    if days > 1:
        return f"closes in {days} days"
    return "closes tomorrow" if days == 1 else "closes today"
