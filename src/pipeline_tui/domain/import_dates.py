"""Dates in an imported file, read per column: the day-month order and the missing years.

A column's order (day first or month first) comes from its own unambiguous values (`25/09`
can only be day first, `9/25` only month first); a column holding both is refused, naming a
row of each. `--dayfirst` / `--monthfirst` decide for every column. A column with no telling
value takes the order the file's other date columns show, then dotted dates (`10.03.2026`)
are day first, then the `dayfirst` setting decides (and the preview says so).

A date without its year (`8-Jul`, `31.12`) takes it from the row's other dates, then from the
file's (when their span leaves one year possible), then from `--year`; otherwise the row is
refused. Today's year is never assumed. Month names, Chinese dates (2026年10月8日), weekdays
and the rest come from domain/dates.py, read with fixed reference days so that nothing
depends on today.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from pipeline_tui.domain.dates import parse_date
from pipeline_tui.domain.import_meaning import words_of
from pipeline_tui.domain.import_words import MONTH_WORDS
from pipeline_tui.errors import DateError, UserError

_ISO = re.compile(r"(?a)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:[T ]|\s+)\d{1,2}:\d{2}.*)?")
_NUMERIC = re.compile(
    r"(?a)(\d{1,2})([./-])(\d{1,2})(?:\2(\d{4}|\d{2}))?\.?(?:(?:[T ]|\s+)\d{1,2}:\d{2}.*)?"
)
_EPOCH = re.compile(r"(?a)\d{10}|\d{13}")
# Two reference days for dates.py: a date read the same against both had its year written;
# one whose month and day differ between them ("yesterday", "fri") is relative.
_REFERENCE_A = date(2000, 12, 31)
_REFERENCE_B = date(2004, 11, 30)


@dataclass(frozen=True, slots=True)
class YearLess:
    """A date written without its year."""

    month: int
    day: int
    text: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """A value that shows a column's order, and where it is."""

    line: int
    text: str


@dataclass(frozen=True, slots=True)
class ColumnOrder:
    """How a column's numeric dates are read, and why (for the preview)."""

    dayfirst: bool
    why: str
    telling: bool  # the column's own values decided


class ContradictoryDates(UserError):
    """A date column holds dates that only read day first and others only month first."""


def numeric_parts(text: str) -> tuple[int, int, str] | None:
    """Return (first number, second number, separator) of 25/09[/2019], else None."""
    match = _NUMERIC.fullmatch(text.strip())
    if match is None:
        return None
    return int(match[1]), int(match[3]), match[2]


def evidence_of(values: Iterable[tuple[int, str]]) -> tuple[Evidence | None, Evidence | None, bool]:
    """Return the first day-first value, the first month-first value and whether any numeric
    date is dotted."""
    dayfirst: Evidence | None = None
    monthfirst: Evidence | None = None
    dotted = False
    for line, text in values:
        parts = numeric_parts(text)
        if parts is None:
            continue
        first, second, separator = parts
        dotted = dotted or separator == "."
        if first > 12 and second <= 12 and dayfirst is None:
            dayfirst = Evidence(line, text)
        elif second > 12 and first <= 12 and monthfirst is None:
            monthfirst = Evidence(line, text)
    return dayfirst, monthfirst, dotted


def column_order(
    header: str,
    values: Iterable[tuple[int, str]],
    *,
    forced: bool | None,
    others: bool | None,
    setting: bool,
    unit: str = "line",
) -> ColumnOrder:
    """Decide a column's order; ContradictoryDates when its own values disagree (unless forced).

    forced: --dayfirst (True) / --monthfirst (False); others: what the file's other date
    columns showed (None: nothing); setting: the `dayfirst` setting.
    """
    dayfirst, monthfirst, dotted = evidence_of(values)
    if forced is not None:
        return ColumnOrder(forced, "--dayfirst" if forced else "--monthfirst", False)
    if dayfirst and monthfirst:
        raise ContradictoryDates(
            f"column {header!r} mixes day-first and month-first dates: {unit} {dayfirst.line} "
            f"has {dayfirst.text!r} (day first) and {unit} {monthfirst.line} has "
            f"{monthfirst.text!r} (month first); correct one of them, or choose with "
            "--dayfirst or --monthfirst"
        )
    if dayfirst:
        return ColumnOrder(True, f"day first, as {dayfirst.text!r} ({unit} {dayfirst.line})", True)
    if monthfirst:
        return ColumnOrder(
            False, f"month first, as {monthfirst.text!r} ({unit} {monthfirst.line})", True
        )
    if others is not None:
        return ColumnOrder(others, f"{_order(others)}, as the file's other date columns", False)
    if dotted:
        return ColumnOrder(True, "day first (dotted dates)", False)
    return ColumnOrder(setting, f"{_order(setting)} (the dayfirst setting)", False)


def _order(dayfirst: bool) -> str:
    return "day first" if dayfirst else "month first"


def read_date(text: str, *, dayfirst: bool) -> date | YearLess:
    """Read one date cell in a column's order; DateError with a reason when it is no date."""
    value = text.strip()
    if match := _ISO.fullmatch(value):
        return _real(value, int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC.fullmatch(value):
        first, second, year_text = int(match[1]), int(match[3]), match[4]
        day, month = (first, second) if dayfirst else (second, first)
        try:
            if year_text is None:
                return _year_less(value, month, day)
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
            return _real(value, year, month, day)
        except DateError:
            order = "day first" if dayfirst else "month first"
            raise DateError(f"{value!r} is not a real date read {order}") from None
    if _EPOCH.fullmatch(value):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return datetime.fromtimestamp(seconds, UTC).date()
    return _named(value, dayfirst)


def _real(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"{text!r} is not a real date") from None


def _year_less(text: str, month: int, day: int) -> YearLess:
    _real(text, 2000, month, day)  # 2000 is a leap year: Feb 29 passes
    return YearLess(month, day, text)


def _named(text: str, dayfirst: bool) -> date | YearLess:
    """Month names (English through dates.py, others translated first), weekdays and the rest."""
    words = words_of(text)
    if any(word in MONTH_WORDS for word in words.split()):
        text = " ".join(MONTH_WORDS.get(word, word) for word in words.split())
    one = parse_date(text, today=_REFERENCE_A, dayfirst=dayfirst)
    other = parse_date(text, today=_REFERENCE_B, dayfirst=dayfirst)
    if one == other:
        return one
    if (one.month, one.day) == (other.month, other.day):
        return YearLess(one.month, one.day, text)
    raise DateError(f"{text!r} is relative to the day it was written; give the date itself")


@dataclass(frozen=True, slots=True)
class YearWindow:
    """The span of the file's dates that had their year, for dates that lack one."""

    first: date | None = None
    last: date | None = None

    def widen(self, day: date) -> YearWindow:
        """Return the window grown to include day."""
        first = day if self.first is None or day < self.first else self.first
        last = day if self.last is None or day > self.last else self.last
        return YearWindow(first, last)


def place_year(
    value: YearLess, row_dates: Iterable[date], window: YearWindow, year: int | None
) -> date:
    """Return a year-less date in its year; DateError when nothing says which year.

    The row's own dates first (the year that puts it nearest to them), then --year, then the
    file's span: the year that puts it inside the span, when exactly one does (or the span is
    one year: its year, or the next for a date just after it).
    """
    near = list(row_dates)
    if near:
        anchor = min(near)
        candidates = [_in_year(value, anchor.year + offset) for offset in (-1, 0, 1)]
        real = [day for day in candidates if day is not None]
        if real:
            return min(real, key=lambda day: (abs((day - anchor).days), day))
    if year is not None:
        placed = _in_year(value, year)
        if placed is None:
            raise DateError(f"{value.text!r}: {year} has no such day")
        return placed
    if window.first is not None and window.last is not None:
        first, last = window.first, window.last
        inside = [
            day
            for candidate in range(first.year, last.year + 1)
            if (day := _in_year(value, candidate)) is not None and first <= day <= last
        ]
        if len(inside) == 1:
            return inside[0]
        if not inside and last.year == first.year:
            # One year of dates: a year-less date outside it is nearest in that year or the next.
            options = [d for d in (_in_year(value, first.year), _in_year(value, first.year + 1))
                       if d is not None]  # fmt: skip
            if options:
                return min(options, key=lambda day: _distance(day, first, last))
        span = f"{first.isoformat()} to {last.isoformat()}"
        raise DateError(
            f"{value.text!r} has no year, and the file's dates ({span}) allow several; "
            "add --year YEAR"
        )
    raise DateError(f"{value.text!r} has no year and the file gives none; add --year YEAR")


def _in_year(value: YearLess, year: int) -> date | None:
    try:
        return date(year, value.month, value.day)
    except ValueError:
        return None


def _distance(day: date, first: date, last: date) -> timedelta:
    return first - day if day < first else day - last


def row_dates(values: Mapping[str, date | YearLess]) -> list[date]:
    """Return the dates of a row that have their year."""
    return [value for value in values.values() if isinstance(value, date)]
