"""The plans made once per file before its rows are read: what each distinct status means,
and how each date column reads (its order, each distinct date read once)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from pipeline_tui.domain import import_dates as dates_of
from pipeline_tui.domain.import_columns import ColumnReading, date_columns
from pipeline_tui.domain.import_meaning import (
    StatusMeaning,
    close_status,
    read_status_words,
    status_key,
)
from pipeline_tui.domain.import_sources import Table
from pipeline_tui.domain.importing import ImportOptions, clean_cell
from pipeline_tui.domain.stages import Stage
from pipeline_tui.errors import DateError

LINES_KEPT = 20  # lines kept per status value and per warning


@dataclass(frozen=True, slots=True)
class StatusReading:
    """One distinct status of the file: as first written, how many rows hold it, and the
    stage it becomes (None: unknown, or skipped with --status VALUE=skip)."""

    value: str
    count: int
    stage: Stage | None
    round: int | None
    how: str  # "word", "--status", "skip", "unknown", "archived", "expired"
    lines: tuple[int, ...]
    suggestion: Stage | None = None  # for an unknown value: the stage of the nearest word
    via: Stage | None = None  # a closing status's step on the way ("rejected after the OA")

    @property
    def key(self) -> str:
        """The value as --status compares it."""
        return status_key(self.value)


def plan_statuses(
    table: Table, columns: Sequence[ColumnReading], options: ImportOptions
) -> tuple[dict[str, StatusMeaning | str | None], list[StatusReading]]:
    """Read every distinct status once; return {key: meaning, None for skip, "?" unknown}
    and what the preview shows of each, most rows first."""
    indexes = [reading.index for reading in columns if reading.field == "status"]
    readings: list[StatusReading] = []
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    lines: dict[str, list[int]] = {}
    keys: dict[str, str] = {}  # raw cell -> its key ("" for an empty one)
    for line, cells in table.rows:
        for index in indexes:
            cell = cells[index] if index < len(cells) else ""
            key = keys.get(cell)
            if key is None:
                text = clean_cell(cell)
                keys[cell] = key = status_key(text) if text else ""
                if key and key not in first:
                    first[key] = text
                    lines[key] = []
            if not key:
                continue
            counts[key] += 1
            if len(lines[key]) < LINES_KEPT:
                lines[key].append(line)
    meanings: dict[str, StatusMeaning | str | None] = {}
    for key, count in counts.most_common():
        text = first[key]
        suggestion = None
        meaning: StatusMeaning | str | None
        if key in options.statuses:
            meaning = options.statuses[key]
            how = "--status" if meaning is not None else "skip"
        elif (found := read_status_words(text)) is not None:
            meaning = found
            how = "archived" if found.keeps_stage else "expired" if found.expired else "word"
        else:
            meaning, how, suggestion = "?", "unknown", close_status(text)
        meanings[key] = meaning
        known = meaning if isinstance(meaning, StatusMeaning) else None
        readings.append(
            StatusReading(
                text,
                count,
                known.stage if known else None,
                known.round if known else None,
                how,
                tuple(lines[key]),
                suggestion,
                known.via if known else None,
            )
        )
    return meanings, readings


# column index -> {text: its date, a YearLess, or the reason it is no date}
Cached = dict[int, dict[str, "date | dates_of.YearLess | str"]]


@dataclass(slots=True)
class DatePlan:
    """Each date column's cells read once, the span of the file's full dates, the columns with
    their date order noted, and what had to be assumed."""

    cached: Cached
    window: dates_of.YearWindow
    columns: list[ColumnReading]
    warnings: list[str]


def plan_dates(table: Table, columns: Sequence[ColumnReading], options: ImportOptions) -> DatePlan:
    """Decide each date column's order and read each distinct date once; ContradictoryDates
    for a column that holds both orders."""
    columns = list(columns)
    warnings: list[str] = []
    readings = date_columns(columns)
    raw: dict[int, dict[str, int]] = {reading.index: {} for reading in readings}
    for line, cells in table.rows:
        for index, first in raw.items():
            if index < len(cells) and (cell := cells[index]) and cell not in first:
                first[cell] = line
    # column -> {cleaned text: first line}; cells that clean to the same text share it
    distinct: dict[int, dict[str, int]] = {}
    for index, first in raw.items():
        seen: dict[str, int] = {}
        for cell, line in first.items():
            if (text := clean_cell(cell)) and (text not in seen or line < seen[text]):
                seen[text] = line
        distinct[index] = seen
    telling: dict[int, tuple[dates_of.Evidence | None, dates_of.Evidence | None, bool]] = {
        index: dates_of.evidence_of((line, text) for text, line in seen.items())
        for index, seen in distinct.items()
    }
    shown = {bool(day) for day, month, _ in telling.values() if bool(day) != bool(month)}
    others = shown.pop() if len(shown) == 1 else None
    cached: Cached = {}
    window = dates_of.YearWindow()
    for reading in readings:
        seen = distinct[reading.index]
        order = dates_of.column_order(
            reading.header,
            ((line, text) for text, line in seen.items()),
            forced=options.order,
            others=others,
            setting=options.dayfirst,
            unit=table.unit,
        )
        values: dict[str, date | dates_of.YearLess | str] = {}
        numeric = False
        for text in seen:
            numeric = numeric or dates_of.numeric_parts(text) is not None
            try:
                value = dates_of.read_date(text, dayfirst=order.dayfirst)
            except (DateError, ValueError, OverflowError) as error:
                values[text] = date_reason(text, error)
                continue
            values[text] = value
            if isinstance(value, date):
                window = window.widen(value)
        cached[reading.index] = {
            cell: values[text] for cell in raw[reading.index] if (text := clean_cell(cell))
        }
        note = "dates, " + order.why if numeric else "dates"
        if numeric and not order.telling and options.order is None:
            example = next(text for text in seen if dates_of.numeric_parts(text))
            warnings.append(
                f"{reading.header}: every date reads either way ({example!r}); read "
                f"{order.why}: --dayfirst or --monthfirst to choose"
            )
        position = columns.index(reading)
        joined = f"{reading.note}; {note}" if reading.note else note
        columns[position] = replace(reading, note=joined)
    return DatePlan(cached, window, columns, warnings)


def date_reason(text: str, error: Exception) -> str:
    if isinstance(error, DateError):
        return str(error).split("; use e.g.")[0]  # the CLI's list of forms means little here
    return f"{text!r} is not a real date"
