"""A table's rows read into applications: statuses by meaning, dates per column, the events
each status implies, and the rows of one application merged into it.

Pure: a `Table` in, `ParsedRows` out (applications, line-numbered problems, the merged lines,
and how every column and status was read, for the preview). Nothing here raises for a bad
row; a file that cannot be imported as it is says why in `ParsedRows.blocking`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from pipeline_tui.domain import import_dates as dates_of
from pipeline_tui.domain.import_columns import ColumnReading, plan_columns
from pipeline_tui.domain.import_meaning import STATUS_RANK, StatusMeaning, status_key
from pipeline_tui.domain.import_plan import (
    LINES_KEPT,
    Cached,
    StatusReading,
    date_reason,
    plan_dates,
    plan_statuses,
)
from pipeline_tui.domain.import_report import lines_text
from pipeline_tui.domain.import_sources import NUL, Table, csv_table
from pipeline_tui.domain.import_words import NO, YES
from pipeline_tui.domain.importing import (
    DATE_FIELDS,
    MAX_FIELD,
    NEEDS_APPLIED,
    ImportOptions,
    IncomingApplication,
    IncomingEvent,
    Key,
    Problem,
    application_key,
    clean_cell,
    implied_events,
)
from pipeline_tui.domain.models import MAX_NAME_LENGTH, clean_name
from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.text import printable
from pipeline_tui.domain.versions import clean_version
from pipeline_tui.errors import DateError, UserError

_SAMPLE_ROWS = 200
__all__ = ["ParsedRows", "StatusReading", "read_csv", "read_table"]


@dataclass(slots=True)
class ParsedRows:
    """What reading a table gave: applications, bad rows, merged rows, and how it was read."""

    applications: list[IncomingApplication] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)  # each application's key, in order
    problems: list[Problem] = field(default_factory=list)
    merged: list[tuple[int, ...]] = field(default_factory=list)  # lines made one application
    skipped: list[int] = field(default_factory=list)  # lines left out by --status VALUE=skip
    columns: list[ColumnReading] = field(default_factory=list)
    statuses: list[StatusReading] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blocking: list[str] = field(default_factory=list)  # why nothing can be imported as it is
    rows: int = 0
    unit: str = "line"
    delimiter: str | None = None
    sheet: str | None = None


@dataclass(slots=True)
class _Row:
    """One good row, before rows of the same application are merged."""

    line: int
    values: dict[str, str]
    dates: dict[str, date]
    stage: Stage
    round: int | None
    archived: bool
    via: Stage | None = None  # the step a closing status says it came after


def read_csv(text: str, options: ImportOptions, *, today: date) -> ParsedRows:
    """Read CSV text into applications (see read_table)."""
    return read_table(csv_table(text), options, today=today)


def read_table(table: Table, options: ImportOptions, *, today: date) -> ParsedRows:
    """Read a table's rows into applications; every bad row becomes a Problem with its line."""
    parsed = ParsedRows(
        rows=len(table.rows), unit=table.unit, delimiter=table.delimiter, sheet=table.sheet
    )
    sample = [row for _, row in table.rows[:_SAMPLE_ROWS]]
    parsed.columns = plan_columns(table, options.mapping, options.statuses, sample)
    chosen = [(reading.index, reading.field) for reading in parsed.columns if reading.field]
    fields = {name for _, name in chosen}
    if "company" not in fields:
        parsed.blocking.append(_no_company(table))
    if not {"applied_on", "applied", "status"} & fields:
        parsed.blocking.append(
            "no column gives the date applied or a status; name one with --map "
            "COLUMN=applied_on (or COLUMN=status)"
        )
    if parsed.blocking:
        return parsed
    statuses, parsed.statuses = plan_statuses(table, parsed.columns, options)
    try:
        dates = plan_dates(table, parsed.columns, options)
    except dates_of.ContradictoryDates as error:
        parsed.blocking.append(str(error))
        return parsed
    parsed.columns, parsed.warnings = dates.columns, dates.warnings
    reader = _RowReader(table, chosen, statuses, dates.cached, dates.window, options)
    good: list[_Row] = []
    for line, cells in table.rows:
        try:
            row = reader.read(line, cells)
        except _Bad as bad:
            parsed.problems.append(Problem(line, bad.message, bad.group, table.unit))
            continue
        if row is None:
            parsed.skipped.append(line)
            continue
        good.append(row)
    _build(parsed, good, options, today)
    reader.add_warnings(parsed)
    return parsed


def _no_company(table: Table) -> str:
    names = ", ".join(printable(table.header_name(i)) for i in range(len(table.headers)))
    looks_like_data = any(_looks_like_a_value(header) for header in table.headers)
    hint = (
        "; the first line looks like data, not a header: add a header line"
        if looks_like_data
        else ""
    )
    return f"no column gives the company (found: {names}); name it with --map COLUMN=company{hint}"


def _looks_like_a_value(header: str) -> bool:
    """True for a header cell that reads as a date or a link: data, not a name."""
    text = header.strip()
    if text.startswith(("http://", "https://", "www.")):
        return True
    if not any(char.isdigit() for char in text):
        return False
    try:
        dates_of.read_date(text, dayfirst=False)
    except (DateError, ValueError, OverflowError):
        return False
    return True


class _Bad(Exception):
    def __init__(self, message: str, group: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.group = group


class _RowReader:
    """Reads one row's cells with the plans made for the whole table."""

    def __init__(
        self,
        table: Table,
        chosen: Sequence[tuple[int, str]],
        statuses: Mapping[str, StatusMeaning | str | None],
        cached: Cached,
        window: dates_of.YearWindow,
        options: ImportOptions,
    ) -> None:
        self.width = len(table.headers)
        self.check_width = table.unit == "line"
        self.chosen = chosen
        self.status_columns = [index for index, name in chosen if name == "status"]
        self.other_columns = [(index, name) for index, name in chosen if name != "status"]
        self.statuses = statuses
        self.by_cell: dict[str, StatusMeaning | str | None] = {}  # raw status cell -> meaning
        self.cached = cached
        self.date_columns: list[tuple[str, int]] = []
        for name in DATE_FIELDS:
            index = next((index for index, field in self.other_columns if field == name), None)
            if index is not None:
                self.date_columns.append((name, index))
        self.window = window
        self.options = options
        self.placed: dict[int, list[int]] = {}  # year given from the file's dates -> lines

    def read(self, line: int, cells: list[str]) -> _Row | None:
        """Return the row read, None when --status skips it; _Bad with the reason otherwise."""
        if self.check_width and len(cells) != self.width:
            message = f"{len(cells)} cells where the header has {self.width}"
            raise _Bad(message, message)
        values: dict[str, str] = {}
        size = len(cells)
        for index, name in self.other_columns:
            cell = cells[index] if index < size else ""
            if not cell or name in values:
                continue
            if len(cell) > MAX_FIELD or NUL in cell:
                _bad_cell(cell, name)
            if text := clean_cell(cell):
                values[name] = text
        meaning = self._status(cells)
        if meaning is None:
            return None
        for name in ("company", "role"):
            if name in values:
                values[name] = text = clean_name(values[name])
                if len(text) > MAX_NAME_LENGTH:
                    raise _Bad(f"the {name} is longer than {MAX_NAME_LENGTH} characters")
        if not values.get("company"):
            raise _Bad("no company", "no company")
        dates = self._dates(line, cells)
        if "applied" in values and values["applied"].casefold() not in YES | NO:
            message = f"applied: {values['applied']!r} is not yes or no"
            raise _Bad(message, message)
        applied_flag = values["applied"].casefold() in YES if "applied" in values else None
        applied = applied_flag if applied_flag is not None else "applied_on" in dates
        stage, round_number, archived = _stage_of(meaning, applied)
        if "round" in values:
            text = values["round"]
            if not text.isdigit() or not 0 < int(text) < 100:
                message = f"round: {text!r} is not a round number"
                raise _Bad(message, message)
            round_number = int(text) if stage is Stage.INTERVIEW else None
        if "archived" in values:
            flag = values["archived"].casefold()
            if flag not in YES | NO:
                message = f"archived: {values['archived']!r} is not yes or no"
                raise _Bad(message, message)
            archived = archived or flag in YES
        via = meaning.via if isinstance(meaning, StatusMeaning) else None
        return _Row(line, values, dates, stage, round_number, archived, via)

    def _status(self, cells: list[str]) -> StatusMeaning | str | None:
        """Return the furthest status of the row's status columns, "" when they are empty."""
        found: list[StatusMeaning] = []
        for index in self.status_columns:
            cell = cells[index] if index < len(cells) else ""
            if cell in self.by_cell:
                meaning = self.by_cell[cell]
            else:
                if len(cell) > MAX_FIELD or NUL in cell:
                    _bad_cell(cell, "status")
                text = clean_cell(cell)
                meaning = self.statuses.get(status_key(text), "?") if text else ""
                self.by_cell[cell] = meaning
            if meaning == "":
                continue
            if meaning == "?":
                text = clean_cell(cell)
                raise _Bad(f"unknown status {printable(text)!r}", f"status:{status_key(text)}")
            if meaning is None:
                return None
            assert isinstance(meaning, StatusMeaning)
            found.append(meaning)
        if len(found) < 2:
            return found[0] if found else ""
        return max(found, key=lambda item: STATUS_RANK.get(item.stage, -1) if item.stage else -1)

    def _dates(self, line: int, cells: list[str]) -> dict[str, date]:
        read: dict[str, date | dates_of.YearLess] = {}
        size = len(cells)
        for name, index in self.date_columns:
            cell = cells[index] if index < size else ""
            if not cell:
                continue
            value = self.cached[index].get(cell)
            if value is None:
                text = clean_cell(cell)
                if not text:
                    continue
                value = _read_one(text)
            if isinstance(value, str):
                raise _Bad(f"{name}: {value}", f"{name}: {value}")
            read[name] = value
        known = dates_of.row_dates(read)
        out: dict[str, date] = {}
        for name, value in read.items():
            if isinstance(value, date):
                out[name] = value
                continue
            try:
                out[name] = dates_of.place_year(value, known, self.window, self.options.year)
            except DateError as error:
                raise _Bad(f"{name}: {error}", "year") from None
            if not known and self.options.year is None:
                self.placed.setdefault(out[name].year, []).append(line)
        return out

    def add_warnings(self, parsed: ParsedRows) -> None:
        """Say which year dates written without one were given."""
        for year, lines in sorted(self.placed.items()):
            parsed.warnings.append(
                f"{len(lines):,} date{'s' if len(lines) != 1 else ''} without a year read as "
                f"{year}, from the file's other dates ({_lines(lines, parsed.unit)}); "
                "--year YEAR to choose"
            )


def _bad_cell(cell: str, name: str) -> None:
    if NUL in cell:
        raise _Bad(f"the {name} cell contains a NUL byte")
    raise _Bad(f"the {name} cell is {len(cell):,} characters long (at most {MAX_FIELD:,})")


def _read_one(text: str) -> date | dates_of.YearLess | str:
    try:
        return dates_of.read_date(text, dayfirst=False)
    except (DateError, ValueError, OverflowError) as error:
        return date_reason(text, error)


def _stage_of(meaning: StatusMeaning | str, applied: bool) -> tuple[Stage, int | None, bool]:
    """Return (stage, round, archived) for a row's status; "" is an empty status."""
    sent = Stage.SUBMITTED if applied else Stage.SAVED
    if not isinstance(meaning, StatusMeaning):
        return sent, None, False
    if meaning.keeps_stage:
        return sent, None, True
    if meaning.expired:
        return (Stage.GHOSTED, None, False) if applied else (Stage.SAVED, None, True)
    assert meaning.stage is not None
    return meaning.stage, meaning.round, False


def _lines(lines: Sequence[int], unit: str) -> str:
    return lines_text(lines, unit, LINES_KEPT)


# Merging and building


def _base_key(row: _Row) -> Key:
    """The application key without the applied date (rows of one application differ in it)."""
    values = row.values
    return application_key(
        values["company"], values.get("role", ""), values.get("department"), None
    )


def _apart(row: _Row) -> str | None:
    """What makes a row a different application from another of the same company and role:
    its own id, else its posting link."""
    if "id" in row.values:
        return "id:" + row.values["id"].strip()
    if "url" in row.values:
        return "url:" + row.values["url"].strip().rstrip("/").casefold()
    return None


def _groups(rows: list[_Row]) -> list[list[_Row]]:
    """Group the rows of one application, in the order of their first row."""
    by_base: dict[Key, list[_Row]] = {}
    for row in rows:
        by_base.setdefault(_base_key(row), []).append(row)
    groups: list[list[_Row]] = []
    for members in by_base.values():
        if len(members) == 1:
            groups.append(members)
            continue
        apart: dict[str | None, list[_Row]] = {}
        for row in members:
            apart.setdefault(_apart(row), []).append(row)
        loose = apart.pop(None, [])
        if loose and len(apart) == 1:
            only = next(iter(apart.values()))
            only.extend(loose)
            only.sort(key=lambda row: row.line)
        elif loose:
            apart[None] = loose
        groups.extend(apart.values())
    groups.sort(key=lambda group: group[0].line)
    return groups


def _merge(group: list[_Row]) -> _Row:
    """One row from the rows of one application: the furthest status wins with its date; the
    earliest applied date stays; steps on the way keep their own dates."""
    winner = max(group, key=lambda row: (STATUS_RANK[row.stage], row.line))
    values: dict[str, str] = {}
    for row in group:
        for name, value in row.values.items():
            if name == "notes" and name in values and value not in values[name]:
                values[name] = f"{values[name]}\n{value}"
            values.setdefault(name, value)
    dates: dict[str, date] = {}
    for name in ("applied_on", "saved_on", "screened_on", "interviewed_on", "offer_on"):
        found = [row.dates[name] for row in group if name in row.dates]
        if found:
            dates[name] = min(found)
    applied_on = dates.get("applied_on")
    steps = _STEP_DATES
    for row in group:
        if row is winner or row.stage not in steps:
            continue
        day = row.dates.get("status_on") or row.dates.get("applied_on")
        if day is not None and (applied_on is None or day > applied_on):
            name = steps[row.stage]
            dates[name] = min(day, dates.get(name, day))
    for name in ("accepted_on", "closes_on"):
        if name in winner.dates:
            dates[name] = winner.dates[name]
    own = winner.dates.get("status_on") or winner.dates.get("applied_on")
    if own is not None and (applied_on is None or own > applied_on):
        dates["status_on"] = own
    rounds = [row.round for row in group if row.stage is Stage.INTERVIEW and row.round]
    round_number = max(rounds) if winner.stage is Stage.INTERVIEW and rounds else winner.round
    return _Row(
        group[0].line, values, dates, winner.stage, round_number, winner.archived, winner.via
    )


_STEP_DATES = {
    Stage.SCREENING: "screened_on",
    Stage.INTERVIEW: "interviewed_on",
    Stage.OFFER: "offer_on",
}


def _build(parsed: ParsedRows, rows: list[_Row], options: ImportOptions, today: date) -> None:
    undated: list[int] = []
    need_applied: list[int] = []
    for group in _groups(rows):
        row = group[0] if len(group) == 1 else _merge(group)
        dates = dict(row.dates)
        if row.stage not in (Stage.SAVED, Stage.WITHDRAWN) and "applied_on" not in dates:
            if row.stage.is_open:
                if options.default_date is None:
                    for member in group:
                        need_applied.append(member.line)
                        parsed.problems.append(
                            Problem(member.line, NEEDS_APPLIED, "applied", parsed.unit)
                        )
                    continue
                dates["applied_on"] = options.default_date
            elif not dates.keys() - {"saved_on", "closes_on"}:
                dates["status_on"] = today
                undated.append(row.line)
        if row.via is not None and _STEP_DATES[row.via] not in dates:
            # The step the status names, dated as the status (the file gives no other date).
            day = dates.get("status_on") or dates.get("applied_on")
            if day is not None:
                dates[_STEP_DATES[row.via]] = day
        try:
            events = implied_events(row.stage, row.round, dates, today=today)
            application = _application(row, events, options)
        except UserError as error:
            parsed.problems.append(Problem(row.line, str(error), None, parsed.unit))
            continue
        parsed.applications.append(application)
        parsed.keys.append(application.key)
        if len(group) > 1:
            parsed.merged.append(tuple(member.line for member in group))
    parsed.problems.sort(key=lambda problem: problem.line)
    if undated:
        parsed.warnings.append(
            f"{len(undated):,} closed application{'s' if len(undated) != 1 else ''} with no "
            f"date at all ({_lines(undated, parsed.unit)}): the outcome is dated today, "
            f"{today.isoformat()}; they count in the funnel's outcomes, not in its days to reply"
        )
    if need_applied and options.default_date is None:
        parsed.warnings.append(
            f"{len(need_applied):,} row{'s' if len(need_applied) != 1 else ''} say the "
            "application was sent but give no date applied: fill the dates in, or add "
            "--default-date DATE to date them all"
        )


def _application(
    row: _Row, events: tuple[IncomingEvent, ...], options: ImportOptions
) -> IncomingApplication:
    values = row.values
    return IncomingApplication(
        line=row.line,
        company=values["company"],
        role=values.get("role", ""),
        events=events,
        department=values.get("department"),
        location=values.get("location"),
        url=values.get("url"),
        source=values.get("source") or options.default_source,
        program=values.get("program"),
        campaign=values.get("campaign") or options.campaign,
        notes=values.get("notes"),
        closes_on=row.dates.get("closes_on") if row.stage is Stage.SAVED else None,
        archived=row.archived,
        cv=clean_version("cv", values.get("cv")),
        letter=clean_version("letter", values.get("letter")),
    )
