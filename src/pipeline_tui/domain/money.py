"""Amounts of money as people type them in offers: 26k, 26,000, 26k x 16, 40-60k, 800k/yr, 1.5m.

Amounts are whole units of a currency (yuan, dollars, euros), held as Python integers; never
floats. A range ("40-60k") keeps both ends. `format_money` writes the shortest form
`parse_money` reads back as the same value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pipeline_tui.errors import InvalidValue

# What the parser accepts, for error messages.
ACCEPTED_FORMS = "26k, 26,000, 26k x 16, 26k/mo, 40-60k, 800k/yr, 1.5m, ¥26k ($ and € too)"
MAX_AMOUNT = 10**12
MAX_TIMES_A_YEAR = 24
# The symbols a user may type in front of an amount, and the currency each means.
SYMBOLS: dict[str, str] = {"¥": "CNY", "$": "USD", "€": "EUR"}
_SYMBOL_OF = {currency: symbol for symbol, currency in SYMBOLS.items()}
_MULTIPLIER = {"": 1, "k": 1_000, "m": 1_000_000}
# Basis points: 1500 is 15%.
MAX_BASIS_POINTS = 100_000

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SYMBOL = "[" + re.escape("".join(SYMBOLS)) + "]"
_MONEY = re.compile(
    rf"(?P<symbol>{_SYMBOL})?\s*(?P<low>{_NUMBER})\s*(?P<low_unit>[km])?"
    rf"(?:\s*[-–~]\s*(?P<symbol2>{_SYMBOL})?\s*(?P<high>{_NUMBER})\s*(?P<high_unit>[km])?)?"
    r"\s*(?:(?P<per>/\s*(?:yr|year|mo|month))|(?:[x×*]\s*(?P<times>\d{1,2})))?"
)
_PERCENT = re.compile(
    r"(?P<low>\d+(?:\.\d+)?)\s*%?(?:\s*[-–~]\s*(?P<high>\d+(?:\.\d+)?))?\s*%",
)


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A whole amount, or a range that keeps both ends (low <= high)."""

    low: int
    high: int

    @classmethod
    def exact(cls, value: int) -> Span:
        """Return a span of one value."""
        return cls(value, value)

    @property
    def is_range(self) -> bool:
        """True when the ends differ."""
        return self.low != self.high

    def __add__(self, other: Span) -> Span:
        return Span(self.low + other.low, self.high + other.high)

    def times(self, factor: int) -> Span:
        """Return both ends multiplied by a whole number."""
        return Span(self.low * factor, self.high * factor)


ZERO = Span(0, 0)


@dataclass(frozen=True, slots=True)
class Money:
    """An amount as typed: a span, maybe a currency, maybe how often a year it is paid.

    per_year: None for a bare amount ("26k"); 1 for "/yr"; 12 for "/mo"; N for "x N".
    """

    span: Span
    currency: str | None = None
    per_year: int | None = None

    @property
    def yearly(self) -> Span:
        """The amount over a year (a bare amount counts once)."""
        return self.span.times(self.per_year or 1)


def _refuse(field: str, text: str, why: str = "") -> InvalidValue:
    shown = " ".join(text.split())
    reason = f" ({why})" if why else ""
    return InvalidValue(
        field,
        f'{field}: cannot read "{shown}" as an amount{reason}; use forms like {ACCEPTED_FORMS}',
    )


def _normalise(text: str) -> str:
    # Full-width digits and ￥ become their plain forms; case and surrounding space do not count.
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _whole(number: str, unit: str, field: str, text: str) -> int:
    try:
        value = Decimal(number.replace(",", "")) * _MULTIPLIER[unit]
    except InvalidOperation:
        raise _refuse(field, text) from None
    if value != value.to_integral_value():
        raise _refuse(field, text, "amounts are whole units")
    if value > MAX_AMOUNT:
        raise _refuse(field, text, "too large")
    return int(value)


def parse_money(text: str, field: str = "amount") -> Money:
    """Read an amount; raise InvalidValue (naming field and the accepted forms) otherwise."""
    normal = _normalise(text)
    found = _MONEY.fullmatch(normal)
    if found is None:
        raise _refuse(field, text)
    symbol, symbol2 = found["symbol"], found["symbol2"]
    if symbol2 and symbol and symbol2 != symbol:
        raise _refuse(field, text, "two currencies")
    currency = SYMBOLS[symbol or symbol2] if (symbol or symbol2) else None
    low_unit, high_unit = found["low_unit"] or "", found["high_unit"] or ""
    if found["high"] is None:
        low = high = _whole(found["low"], low_unit, field, text)
    else:
        # "40-60k": a unit written only after the second number applies to both.
        low = _whole(found["low"], low_unit or high_unit, field, text)
        high = _whole(found["high"], high_unit, field, text)
        if low > high:
            raise _refuse(field, text, "the range goes down")
    per_year: int | None = None
    if found["per"]:
        per_year = 1 if found["per"].lstrip("/ ").startswith("y") else 12
    elif found["times"]:
        per_year = int(found["times"])
        if not 1 <= per_year <= MAX_TIMES_A_YEAR:
            raise _refuse(field, text, f"x takes 1 to {MAX_TIMES_A_YEAR} payments a year")
    return Money(Span(low, high), currency, per_year)


def _decimal_text(value: int, scale: int) -> str:
    text = format(Decimal(value) / scale, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _split(value: int) -> tuple[str, str]:
    """Return (number, unit) for the shortest exact form: 26k, 1.5m, 26,150."""
    if value >= 1_000_000 and value % 10_000 == 0:
        return _decimal_text(value, 1_000_000), "m"
    if value >= 1_000 and value % 100 == 0:
        return _decimal_text(value, 1_000), "k"
    return f"{value:,}", ""


def format_amount(value: int) -> str:
    """Return 26000 as "26k", 1500000 as "1.5m", 26150 as "26,150"."""
    number, unit = _split(value)
    return number + unit


def format_span(span: Span) -> str:
    """Return "26k", or a range as "40-60k" / "800k-1.2m", in a form parse_money reads back."""
    if not span.is_range:
        return format_amount(span.low)
    (low, low_unit), (high, high_unit) = _split(span.low), _split(span.high)
    if low_unit == high_unit:
        return f"{low}-{high}{high_unit}"
    if low_unit and high_unit:
        return f"{low}{low_unit}-{high}{high_unit}"
    # "999-1k" would read as 999k-1k: one end without a unit means both written out.
    return f"{span.low:,}-{span.high:,}"


def format_money(money: Money) -> str:
    """Return the amount as typed in its shortest form: "¥26k x 16", "40-60k", "800k/yr"."""
    symbol = _SYMBOL_OF.get(money.currency or "", "")
    if money.per_year is None:
        period = ""
    elif money.per_year == 1:
        period = "/yr"
    else:
        period = f" x {money.per_year}"
    return f"{symbol}{format_span(money.span)}{period}"


def parse_percent(text: str, field: str = "bonus") -> Span:
    """Read "15%", "12.5%" or "10-20%" as basis points (1500 is 15%)."""
    found = _PERCENT.fullmatch(_normalise(text))
    if found is None:
        raise InvalidValue(field, f'{field}: cannot read "{text.strip()}" as a percentage (15%)')

    def points(number: str) -> int:
        value = Decimal(number) * 100
        if value != value.to_integral_value():
            raise InvalidValue(field, f"{field}: percentages take at most two decimals")
        if value > MAX_BASIS_POINTS:
            raise InvalidValue(field, f"{field}: {number}% is more than 1000%")
        return int(value)

    low = points(found["low"])
    high = points(found["high"]) if found["high"] is not None else low
    if low > high:
        raise InvalidValue(field, f'{field}: the range "{text.strip()}" goes down')
    return Span(low, high)


def format_percent(span: Span) -> str:
    """Return basis points as "15%", "12.5%" or "10-20%"."""
    low, high = _decimal_text(span.low, 100), _decimal_text(span.high, 100)
    return f"{low}%" if not span.is_range else f"{low}-{high}%"


def percent_of(amount: Span, basis_points: Span) -> Span:
    """Return basis_points of amount at each end, rounded half up to a whole unit."""
    return Span(
        (amount.low * basis_points.low + 5_000) // 10_000,
        (amount.high * basis_points.high + 5_000) // 10_000,
    )


def divide(amount: Span, parts: int) -> Span:
    """Return each end divided by parts, rounded half up to a whole unit."""
    return Span((2 * amount.low + parts) // (2 * parts), (2 * amount.high + parts) // (2 * parts))


def check_currency(text: str, field: str = "currency") -> str:
    """Return a currency code in capitals ("cny" is CNY); it must be three letters."""
    code = _normalise(text).upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise InvalidValue(
            field, f'{field}: "{text.strip()}" is not a three-letter code (CNY, USD)'
        )
    return code
