"""Which field each column of a file feeds: --map first, then the header's words, then, for a
column whose header says nothing, its values (dates, links, a few status words): a guess the
preview shows as one."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline_tui.domain.import_dates import read_date
from pipeline_tui.domain.import_meaning import (
    StatusMeaning,
    read_header,
    read_status_words,
    words_of,
)
from pipeline_tui.domain.import_sources import Table
from pipeline_tui.domain.import_words import NO, YES
from pipeline_tui.domain.importing import DATE_FIELDS, MANY_COLUMNS, clean_cell
from pipeline_tui.domain.text import printable
from pipeline_tui.errors import DateError, UserError

# How a column came to its field.
BY_MAP = "--map"
BY_HEADER = "header"
BY_VALUES = "guessed from its values"
NOT_IMPORTED = "not imported"

_URL = re.compile(r"(?i)(?:https?://|www\.)\S+")
_COLUMN_NUMBER = re.compile(r"(?i)(?:column|col|#)\s*(\d{1,4})")
# Share of a column's values that must agree before its values decide what it is.
_GUESS_SHARE = 0.8
_STATUS_VALUES_AT_MOST = 20


@dataclass(frozen=True, slots=True)
class ColumnReading:
    """How one column of the file is read: its field (None: not imported), how that was
    decided, and a note for the preview (the words found, the values seen, the date order)."""

    index: int
    header: str
    field: str | None
    how: str
    note: str = ""


def plan_columns(
    table: Table,
    mapping: Mapping[str, str],
    statuses: Mapping[str, StatusMeaning | None],
    sample: Sequence[list[str]],
) -> list[ColumnReading]:
    """Decide every column's field; UserError for a --map column the file does not have."""
    width = len(table.headers)
    readings: dict[int, ColumnReading] = {}
    for column, target in mapping.items():
        index = _find_column(table, column)
        field = None if target == "ignore" else target
        readings[index] = ColumnReading(index, table.header_name(index), field, BY_MAP)
    taken = {reading.field for reading in readings.values()} - MANY_COLUMNS
    # field -> [(score, index, words)] from the headers' words
    offers: dict[str, list[tuple[int, int, str]]] = {}
    for index in range(width):
        if index in readings:
            continue
        meaning = read_header(table.headers[index])
        if meaning is None:
            continue
        target = meaning.field
        if target == "applied":
            target = _applied_kind(_values(sample, index))
        elif target == "status" and _mostly_dates(_values(sample, index)):
            target = "status_on"  # "Status Update" holding dates is the status's date
        offers.setdefault(target, []).append((meaning.score, index, meaning.word))
    for target, offered in sorted(
        offers.items(), key=lambda item: -max(score for score, _, _ in item[1])
    ):
        offered.sort(key=lambda item: (-item[0], item[1]))
        for rank, (_, index, word) in enumerate(offered):
            header = table.header_name(index)
            if index in readings:
                continue
            found = "" if word == words_of(header) else f"from {word!r}"
            if target == "ignore":
                readings[index] = ColumnReading(index, header, None, NOT_IMPORTED, found)
            elif target in MANY_COLUMNS or (target not in taken and rank == 0):
                readings[index] = ColumnReading(index, header, target, BY_HEADER, found)
                taken.add(target)
            else:
                note = f"also reads as the {target}; --map {header}={target} to use it instead"
                readings[index] = ColumnReading(index, header, None, NOT_IMPORTED, note)
    for index in range(width):
        if index in readings:
            continue
        guess = _guess(_values(sample, index), taken, statuses, readings)
        header = table.header_name(index)
        if guess is None:
            readings[index] = ColumnReading(index, header, None, NOT_IMPORTED)
        else:
            target, note = guess
            readings[index] = ColumnReading(index, header, target, BY_VALUES, note)
            taken.add(target)
    return [readings[index] for index in range(width)]


def _find_column(table: Table, column: str) -> int:
    """Return the index of the column --map names: its header (case ignored), its words, or
    "column N"."""
    wanted = column.strip().casefold()
    for index, header in enumerate(table.headers):
        if header.strip().casefold() == wanted:
            return index
    normal = words_of(column)
    same = [index for index, header in enumerate(table.headers) if words_of(header) == normal]
    if len(same) == 1:
        return same[0]
    if (match := _COLUMN_NUMBER.fullmatch(column.strip())) and 0 < int(match[1]) <= len(
        table.headers
    ):
        return int(match[1]) - 1
    names = ", ".join(printable(table.header_name(index)) for index in range(len(table.headers)))
    raise UserError(f"--map: the file has no column {column!r} (columns: {names})")


def _values(sample: Sequence[list[str]], index: int) -> list[str]:
    return [value for row in sample if index < len(row) and (value := clean_cell(row[index]))]


def _applied_kind(values: list[str]) -> str:
    """An "Applied" column is yes/no (sent or saved) or a date: its values decide."""
    if not values:
        return "applied_on"
    yes_no = sum(1 for value in values if value.casefold() in YES | NO)
    return "applied" if yes_no >= len(values) * _GUESS_SHARE else "applied_on"


def _guess(
    values: list[str],
    taken: set[str | None],
    statuses: Mapping[str, StatusMeaning | None],
    readings: Mapping[int, ColumnReading],
) -> tuple[str, str] | None:
    """Return (field, note) for a column whose header says nothing, from its values."""
    if not values:
        return None
    enough = max(1, int(len(values) * _GUESS_SHARE + 0.5))
    links = sum(1 for value in values if _URL.fullmatch(value))
    if links >= enough and "url" not in taken:
        return "url", f"{links} of {len(values)} values are links"
    dates = sum(1 for value in values if _is_date(value))
    if dates >= enough:
        return _date_guess(dates, values, taken)
    distinct = {words_of(value): value for value in values}
    if (
        "status" not in {reading.field for reading in readings.values()}
        and len(distinct) <= _STATUS_VALUES_AT_MOST
        and (len(values) < 10 or len(distinct) * 2 <= len(values))
    ):
        known = [
            value
            for key, value in distinct.items()
            if key in statuses or read_status_words(value) is not None
        ]
        if len(known) >= max(1, int(len(distinct) * _GUESS_SHARE + 0.5)):
            shown = ", ".join(repr(value) for value in known[:3])
            return "status", f"{len(known)} of its {len(distinct)} values are statuses ({shown})"
    return None


def _date_guess(dates: int, values: list[str], taken: set[str | None]) -> tuple[str, str] | None:
    for target in ("applied_on", "status_on"):
        if target not in taken:
            return target, f"{dates} of {len(values)} values are dates"
    return None


def _mostly_dates(values: list[str]) -> bool:
    if not values:
        return False
    return sum(1 for value in values if _is_date(value)) >= len(values) * _GUESS_SHARE


def _is_date(value: str) -> bool:
    if not any(char.isdigit() for char in value):
        return False
    try:
        read_date(value, dayfirst=False)
    except (DateError, UserError, ValueError, OverflowError):
        try:
            read_date(value, dayfirst=True)
        except (DateError, UserError, ValueError, OverflowError):
            return False
    return True


def date_columns(readings: Sequence[ColumnReading]) -> list[ColumnReading]:
    """Return the columns read as dates."""
    return [reading for reading in readings if reading.field in DATE_FIELDS]
