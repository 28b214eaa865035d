"""Offers as data: what one revision says, the figures derived from it, and how revisions differ.

All amounts are whole units of the offer's currency (see domain/money.py). The formulas for the
derived figures are written out in docs/offers.md; `figures` is their one implementation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal

from pipeline_tui.domain.money import (
    ZERO,
    Money,
    Span,
    check_currency,
    divide,
    format_money,
    format_percent,
    format_span,
    parse_money,
    parse_percent,
    percent_of,
)
from pipeline_tui.domain.stages import Stage
from pipeline_tui.errors import InvalidValue

Decision = Literal["pending", "accepted", "declined", "rescinded"]
MAX_VESTING_YEARS = 10
MAX_TEXT = 500
# Tiers companies use for campus offers; anything else is kept as typed.
KNOWN_TIERS = {"ssp": "SSP", "sp": "SP", "regular": "regular"}


def decision_of(stage: Stage) -> Decision:
    """Return what became of an application's offer, from the application's current stage.

    The decision is never stored: it follows the event ledger, so `undo` takes it back too.
    """
    if stage.is_open:
        return "pending"
    if stage is Stage.ACCEPTED:
        return "accepted"
    if stage in (Stage.DECLINED, Stage.WITHDRAWN):
        return "declined"
    return "rescinded"  # rejected or ghosted after the offer: the employer withdrew it


@dataclass(frozen=True, slots=True)
class Package:
    """What one revision of an offer says.

    base is paid base_per_year times a year (16 for "26k x 16", 1 for "400k/yr"); bonus is a
    yearly amount or bonus_bp, basis points of the yearly base (1500 is 15%); equity is the
    whole grant, vesting over vesting_years; other is yearly cash besides (allowances).
    """

    currency: str
    base: Span
    base_per_year: int
    bonus: Span | None = None
    bonus_bp: Span | None = None
    signing: Span | None = None
    equity: Span | None = None
    vesting_years: int | None = None
    other: Span | None = None
    tier: str | None = None
    location: str | None = None
    terms: tuple[tuple[str, str], ...] = ()
    deadline: date | None = None
    notes: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the revision's own fields as JSON-ready data (amounts as whole units; signing
        and other cash are in Figures.as_json, 0 when there are none)."""
        return {
            "currency": self.currency,
            "tier": self.tier,
            "base": show_base(self),
            **_span_json("base_amount", self.base),
            "base_per_year": self.base_per_year,
            **_span_json("bonus_amount", self.bonus),
            **_span_json("bonus_bp", self.bonus_bp),
            **_span_json("equity_grant", self.equity),
            "vesting_years": self.vesting_years,
            "location": self.location,
            "terms": dict(self.terms),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "notes": self.notes,
        }


def _span_json(name: str, span: Span | None) -> dict[str, int | None]:
    """Return {name: low, name_high: high}; both None when there is no amount."""
    return {name: span.low if span else None, f"{name}_high": span.high if span else None}


@dataclass(frozen=True, slots=True)
class Figures:
    """The yearly figures derived from a package (each a span: a range keeps both ends)."""

    base_annual: Span
    bonus_annual: Span
    equity_annual: Span
    other_annual: Span
    signing: Span

    @property
    def first_year_total(self) -> Span:
        """Base + bonus + signing + a year of equity + other cash, for the first year."""
        return self.annual_total + self.signing

    @property
    def annual_total(self) -> Span:
        """Base + bonus + a year of equity + other cash, in a year without signing money."""
        return self.base_annual + self.bonus_annual + self.equity_annual + self.other_annual

    def as_json(self) -> dict[str, int | None]:
        """Return every figure as {name: low end, name_high: high end}."""
        return {
            **_span_json("base_annual", self.base_annual),
            **_span_json("bonus_annual", self.bonus_annual),
            **_span_json("equity_annual", self.equity_annual),
            **_span_json("other_annual", self.other_annual),
            **_span_json("signing", self.signing),
            **_span_json("first_year_total", self.first_year_total),
            **_span_json("annual_total", self.annual_total),
        }


def figures(package: Package) -> Figures:
    """Derive the yearly figures of a package (docs/offers.md has the formulas)."""
    base_annual = package.base.times(package.base_per_year)
    if package.bonus_bp is not None:
        bonus = percent_of(base_annual, package.bonus_bp)
    else:
        bonus = package.bonus or ZERO
    equity = (
        divide(package.equity, package.vesting_years)
        if package.equity is not None and package.vesting_years
        else ZERO
    )
    return Figures(
        base_annual=base_annual,
        bonus_annual=bonus,
        equity_annual=equity,
        other_annual=package.other or ZERO,
        signing=package.signing or ZERO,
    )


# Showing each field the way a user would type it.


def show_base(package: Package) -> str:
    """Return "26k x 16", "400k/yr" or "26-28k x 16"."""
    return format_money(Money(package.base, None, package.base_per_year))


def show_bonus(package: Package) -> str | None:
    """Return "20%" or "60k", or None without a bonus."""
    if package.bonus_bp is not None:
        return format_percent(package.bonus_bp)
    return format_span(package.bonus) if package.bonus is not None else None


def show_equity(package: Package) -> str | None:
    """Return "400k over 4 years", or None without equity."""
    if package.equity is None:
        return None
    years = package.vesting_years or 0
    return f"{format_span(package.equity)} over {years} year{'s' if years != 1 else ''}"


def show_terms(package: Package) -> list[str]:
    """Return the terms as "key=value" strings, in the order they were given."""
    return [f"{key}={value}" for key, value in package.terms]


_FIELDS: tuple[tuple[str, Callable[[Package], str | None]], ...] = (
    ("base", show_base),
    ("bonus", show_bonus),
    ("signing", lambda p: format_span(p.signing) if p.signing is not None else None),
    ("equity", show_equity),
    ("other cash", lambda p: f"{format_span(p.other)}/yr" if p.other is not None else None),
    ("currency", lambda p: p.currency),
    ("tier", lambda p: p.tier),
    ("location", lambda p: p.location),
    ("deadline", lambda p: p.deadline.isoformat() if p.deadline else None),
    ("notes", lambda p: p.notes),
)


def describe_changes(old: Package, new: Package) -> list[str]:
    """Return one phrase per change ("base revised from 26k x 16 to 28k x 16", "tier added: SP")."""
    phrases = []
    for label, show in _FIELDS:
        before, after = show(old), show(new)
        if before == after:
            continue
        if before is None:
            phrases.append(f"{label} added: {after}")
        elif after is None:
            phrases.append(f"{label} removed (was {before})")
        else:
            phrases.append(f"{label} revised from {before} to {after}")
    old_terms, new_terms = dict(old.terms), dict(new.terms)
    for key in [*old_terms, *(key for key in new_terms if key not in old_terms)]:
        before_term, after_term = old_terms.get(key), new_terms.get(key)
        if before_term == after_term:
            continue
        if before_term is None:
            phrases.append(f"term {key}={after_term} added")
        elif after_term is None:
            phrases.append(f"term {key}={before_term} removed")
        else:
            phrases.append(f"term {key} revised from {before_term} to {after_term}")
    return phrases


def summary(package: Package) -> str:
    """Return "26k x 16, bonus 20%, SSP": the short line a timeline note shows."""
    parts = [show_base(package)]
    bonus = show_bonus(package)
    if bonus:
        parts.append(f"bonus {bonus}")
    if package.signing is not None:
        parts.append(f"signing {format_span(package.signing)}")
    equity = show_equity(package)
    if equity:
        parts.append(f"equity {equity}")
    if package.tier:
        parts.append(package.tier)
    return ", ".join(parts)


def totals_line(package: Package) -> str:
    """Return "first year 516k · steady state 456k (CNY)"."""
    derived = figures(package)
    return (
        f"first year {format_span(derived.first_year_total)} · steady state "
        f"{format_span(derived.annual_total)} ({package.currency})"
    )


# Reading what a user typed into a new revision.


@dataclass(frozen=True, slots=True)
class OfferInput:
    """What a user typed to record or revise an offer; None leaves a field as it was."""

    base: str | None = None
    bonus: str | None = None
    signing: str | None = None
    equity: str | None = None
    vesting_years: int | None = None
    other: str | None = None
    tier: str | None = None
    currency: str | None = None
    location: str | None = None
    terms: Sequence[str] = field(default_factory=tuple)
    deadline: date | None = None
    note: str | None = None


def _text(value: str, label: str) -> str | None:
    """Return value stripped (None when blank), refusing text too long to be a field."""
    stripped = " ".join(value.split())
    if len(stripped) > MAX_TEXT:
        raise InvalidValue(label, f"{label} is longer than {MAX_TEXT} characters")
    return stripped or None


def _tier(value: str) -> str | None:
    text = _text(value, "tier")
    return KNOWN_TIERS.get(text.casefold(), text) if text else None


def _lump_sum(text: str, label: str) -> Money:
    """Read a one-off amount (signing money, an equity grant): no period allowed."""
    money = parse_money(text, label)
    if money.per_year is not None:
        raise InvalidValue(
            label, f'{label}: give the whole amount ("{format_span(money.span)}"), not a rate'
        )
    return money


def _terms(
    current: tuple[tuple[str, str], ...], given: Sequence[str]
) -> tuple[tuple[str, str], ...]:
    """Apply "key=value" settings to the terms; "key=" removes key. Keys match ignoring case."""
    terms = dict(current)
    for item in given:
        key, equals, value = item.partition("=")
        key = " ".join(key.split())
        if not equals or not key:
            raise InvalidValue("term", f'term: "{item}" is not KEY=VALUE (hukou=yes, remote=2d)')
        if len(key) + len(value) > MAX_TEXT:
            raise InvalidValue("term", f"term: {key} is longer than {MAX_TEXT} characters")
        existing = next((name for name in terms if name.casefold() == key.casefold()), None)
        value = " ".join(value.split())
        if not value:
            terms.pop(existing or key, None)
        elif existing is not None:
            terms[existing] = value
        else:
            terms[key] = value
    return tuple(terms.items())


def revise(current: Package | None, change: OfferInput, *, default_currency: str) -> Package:
    """Return the package after change: a first offer (current None) or a revision of current.

    Fields change leaves as None keep their current value; an amount of 0 removes it.
    """
    base = parse_money(change.base, "base") if change.base is not None else None
    if base is not None and base.per_year is None:
        shown = format_span(base.span)
        raise InvalidValue(
            "base",
            f'base: say how often {shown} is paid: "{shown} x 16" (16 months a year), '
            f'"{shown}/mo" (12) or "{shown}/yr"',
        )
    if base is None and current is None:
        raise InvalidValue("base", "base: a first offer needs its base salary (26k x 16, 400k/yr)")
    bonus_money = bonus_bp = None
    if change.bonus is not None:
        if change.bonus.strip().endswith("%"):
            bonus_bp = parse_percent(change.bonus, "bonus")
        else:
            bonus_money = parse_money(change.bonus, "bonus")
    signing = _lump_sum(change.signing, "signing") if change.signing is not None else None
    equity = _lump_sum(change.equity, "equity") if change.equity is not None else None
    other = parse_money(change.other, "other") if change.other is not None else None
    typed = [money for money in (base, bonus_money, signing, equity, other) if money is not None]
    symbols = {money.currency for money in typed if money.currency}
    explicit = check_currency(change.currency) if change.currency is not None else None
    if len(symbols) > 1 or (explicit and symbols and symbols != {explicit}):
        named = ", ".join(sorted(symbols | ({explicit} if explicit else set())))
        raise InvalidValue("currency", f"one offer is in one currency, not {named}")
    currency = explicit or next(iter(symbols), None)
    currency = currency or (current.currency if current else default_currency)

    previous = current or Package(currency=currency, base=ZERO, base_per_year=1)
    package = previous
    if base is not None:
        assert base.per_year is not None
        package = replace(package, base=base.span, base_per_year=base.per_year)
    if bonus_bp is not None:
        package = replace(package, bonus=None, bonus_bp=None if bonus_bp == ZERO else bonus_bp)
    elif bonus_money is not None:
        yearly = bonus_money.yearly
        package = replace(package, bonus=None if yearly == ZERO else yearly, bonus_bp=None)
    if signing is not None:
        package = replace(package, signing=None if signing.span == ZERO else signing.span)
    if equity is not None:
        package = replace(package, equity=None if equity.span == ZERO else equity.span)
    if other is not None:
        package = replace(package, other=None if other.yearly == ZERO else other.yearly)
    if change.vesting_years is not None:
        if not 1 <= change.vesting_years <= MAX_VESTING_YEARS:
            raise InvalidValue(
                "vesting",
                f"vesting: give 1 to {MAX_VESTING_YEARS} years, not {change.vesting_years}",
            )
        package = replace(package, vesting_years=change.vesting_years)
    if package.equity is None:
        if change.vesting_years is not None:
            raise InvalidValue("vesting", "vesting: years of vesting need an equity grant")
        package = replace(package, vesting_years=None)
    elif package.vesting_years is None:
        raise InvalidValue("vesting", "equity: give the years it vests over (4 for four years)")

    if current is not None and currency != current.currency:
        carried = [
            label
            for label, before, given in (
                ("base", current.base, base is not None),
                ("bonus", current.bonus, change.bonus is not None),
                ("signing", current.signing, signing is not None),
                ("equity", current.equity, equity is not None),
                ("other cash", current.other, other is not None),
            )
            if before is not None and not given
        ]
        if carried:
            raise InvalidValue(
                "currency",
                f"the offer's {', '.join(carried)} {'is' if len(carried) == 1 else 'are'} in "
                f"{current.currency}; give {'it' if len(carried) == 1 else 'them'} again in "
                f"{currency} to change the offer's currency",
            )
    package = replace(package, currency=currency)
    if change.tier is not None:
        package = replace(package, tier=_tier(change.tier))
    if change.location is not None:
        package = replace(package, location=_text(change.location, "location"))
    if change.note is not None:
        package = replace(package, notes=_text(change.note, "note"))
    if change.deadline is not None:
        package = replace(package, deadline=change.deadline)
    if change.terms:
        package = replace(package, terms=_terms(package.terms, change.terms))
    return package


# Recorded revisions.


@dataclass(frozen=True, slots=True)
class Offer:
    """One recorded revision of an application's offer; the newest one is the current offer."""

    id: int
    application_id: int
    event_id: int
    recorded_on: date
    created_at: datetime
    package: Package

    @property
    def figures(self) -> Figures:
        """The yearly figures of this revision."""
        return figures(self.package)

    def as_json(self) -> dict[str, Any]:
        """Return the revision with its derived figures."""
        return {
            "offer_id": self.id,
            "application_id": self.application_id,
            "recorded_on": self.recorded_on.isoformat(),
            **self.package.as_json(),
            **self.figures.as_json(),
        }
