"""Every table as JSON-ready rows, and a checked dump read back into Python values.

The format is generic over the tables' columns (store/tables.py), so a column added by a later
migration is exported without a change here; a dump from an older schema lacks some columns and
they read as NULL. Values: dates "2024-09-16", instants ISO 8601 with "+00:00", times
"14:00:00", flags true/false.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.contacts import Channel, ContactKind
from pipeline_tui.domain.interviews import InterviewFormat
from pipeline_tui.domain.reminders import ReminderKind
from pipeline_tui.domain.stages import Stage
from pipeline_tui.errors import UserError
from pipeline_tui.store import tables
from pipeline_tui.store.revisions import HEAD_REVISION, KNOWN_REVISIONS

FORMAT = "pipeline-tui export"
VERSION = 1
# Parents before the rows that point at them: the order rows are checked and inserted in.
TABLES: dict[str, sa.Table] = {
    "company": tables.company_table,
    "application": tables.application_table,
    "event": tables.event_table,
    "offer": tables.offer_table,
    "contact": tables.contact_table,
    "contact_link": tables.contact_link_table,
    "interaction": tables.interaction_table,
    "reminder": tables.reminder_table,
    "interview": tables.interview_table,
    "event_interviewer": tables.event_interviewer_table,
}
MAX_TEXT = 1_000_000
_MAX_INT = 2**63 - 1
# Values a column may hold, where the reads turn them into enums.
_CHOICES: dict[tuple[str, str], frozenset[str]] = {
    ("application", "stage"): frozenset(stage.value for stage in Stage),
    ("event", "stage"): frozenset(stage.value for stage in Stage),
    ("event", "kind"): frozenset({"stage", "note"}),
    ("contact", "kind"): frozenset(kind.value for kind in ContactKind),
    ("interaction", "channel"): frozenset(channel.value for channel in Channel),
    ("reminder", "kind"): frozenset(kind.value for kind in ReminderKind),
    ("interview", "format"): frozenset(item.value for item in InterviewFormat),
}
# Columns an import computes from the events whatever the file says (queries.sync_derived).
DERIVED: tuple[str, ...] = (
    "stage", "round", "applied_on", "last_event_on", "reached", "replied_on", "close_reason",
    "search_key",
)  # fmt: skip
_RECOMPUTED = frozenset(("application", name) for name in DERIVED)
# (table, column) -> the table its value must be an id of.
REFERENCES: dict[tuple[str, str], str] = {
    ("application", "company_id"): "company",
    ("event", "application_id"): "application",
    ("offer", "application_id"): "application",
    ("offer", "event_id"): "event",
    ("contact", "company_id"): "company",
    ("contact_link", "contact_id"): "contact",
    ("contact_link", "application_id"): "application",
    ("interaction", "contact_id"): "contact",
    ("interaction", "application_id"): "application",
    ("reminder", "application_id"): "application",
    ("reminder", "contact_id"): "contact",
    ("interview", "event_id"): "event",
    ("event_interviewer", "event_id"): "event",
    ("event_interviewer", "contact_id"): "contact",
}


def _kind(column: sa.Column[Any]) -> str:
    kind = column.type
    if isinstance(kind, tables.UTCDateTime | sa.DateTime):
        return "instant"
    if isinstance(kind, sa.Date):
        return "date"
    if isinstance(kind, sa.Time):
        return "time"
    if isinstance(kind, sa.Boolean):
        return "flag"
    if isinstance(kind, sa.Integer):
        return "integer"
    return "text"


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def table_rows(session: Session, name: str) -> Iterator[dict[str, Any]]:
    """Yield every row of one table as JSON-ready data, by primary key."""
    table = TABLES[name]
    query = sa.select(table).order_by(*table.primary_key.columns)
    names = [column.name for column in table.columns]
    for row in session.execute(query):
        yield {name: _to_json(value) for name, value in zip(names, row, strict=True)}


def header(exported_at: datetime) -> dict[str, Any]:
    """Return the fields a dump starts with."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": HEAD_REVISION,
        "exported_at": exported_at.isoformat(timespec="seconds"),
    }


@dataclass(frozen=True, slots=True)
class Dump:
    """A checked dump: each table's rows as Python values, ids consistent."""

    schema: str
    tables: dict[str, list[dict[str, Any]]]

    def count(self, name: str) -> int:
        """How many rows of a table the dump holds."""
        return len(self.tables[name])


# How an export starts (export_json writes these three fields first, in this order).
_HEAD = re.compile(
    r'\A\s*\{\s*"format":\s*"pipeline-tui export",\s*"version":\s*(?P<version>\d{1,9}),'
    r'\s*"schema":\s*"(?P<schema>[^"\\]{0,100})"'
)


def _check_version(version: Any, schema: Any) -> None:
    if not isinstance(version, int) or version > VERSION or schema not in KNOWN_REVISIONS:
        raise UserError(
            f"written by a newer pipeline-tui (export version {version!r}, schema {schema!r}; "
            f"this one reads version {VERSION} up to schema {HEAD_REVISION}); upgrade to read it"
        )


def read_dump(text: str) -> Dump:
    """Parse and check a dump; UserError names the first thing wrong (nothing is written)."""
    head = _HEAD.match(text[:4096])
    if head:  # a newer file is refused before its bulk is parsed
        _check_version(int(head["version"]), head["schema"])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(f"not valid JSON: {error.msg} at line {error.lineno}") from None
    except RecursionError:
        raise UserError("not a pipeline-tui export: the JSON nests too deeply") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError(f'not a pipeline-tui export (no "format": "{FORMAT}")')
    _check_version(data.get("version"), data.get("schema"))
    found = data.get("tables")
    if not isinstance(found, dict):
        raise UserError('not a pipeline-tui export: "tables" is missing')
    unknown = sorted(set(found) - set(TABLES))
    if unknown:
        raise UserError(f"unknown tables {', '.join(map(repr, unknown))}")
    rows = {name: _read_table(name, found.get(name, [])) for name in TABLES}
    _check_references(rows)
    return Dump(str(data["schema"]), rows)


def _read_table(name: str, rows: Any) -> list[dict[str, Any]]:
    if not isinstance(rows, list):
        raise UserError(f"{name}: expected a list of rows")
    table = TABLES[name]
    columns = {column.name: column for column in table.columns}
    keys = [column.name for column in table.primary_key.columns]
    seen: set[tuple[Any, ...]] = set()
    read: list[dict[str, Any]] = []
    for number, row in enumerate(rows, 1):
        where = f"{name} row {number}"
        if not isinstance(row, dict):
            raise UserError(f"{where}: expected an object")
        extra = sorted(set(row) - set(columns))
        if extra:
            raise UserError(f"{where}: unknown column {extra[0]!r}")
        values = {
            column_name: _value(where, name, column, row.get(column_name))
            for column_name, column in columns.items()
        }
        identity = tuple(values[key] for key in keys)
        if identity in seen:
            raise UserError(f"{where}: {name} {identity} appears twice")
        seen.add(identity)
        read.append(values)
    return read


def _value(where: str, table: str, column: sa.Column[Any], value: Any) -> Any:
    label = f"{where}: {column.name}"
    if value is None:
        if (table, column.name) in _RECOMPUTED:
            return None
        if column.primary_key or not column.nullable:
            default = column.server_default
            if isinstance(default, sa.DefaultClause) and not column.primary_key:
                return str(default.arg)
            raise UserError(f"{label} is missing")
        return None
    kind = _kind(column)
    try:
        if kind == "integer" and type(value) is int and -_MAX_INT <= value <= _MAX_INT:
            if (column.primary_key or column.foreign_keys) and value < 1:
                raise ValueError
            return value
        if kind == "flag" and isinstance(value, bool):
            return value
        if kind == "text" and isinstance(value, str) and len(value) <= MAX_TEXT:
            choices = _CHOICES.get((table, column.name))
            if choices is not None and value not in choices:
                raise UserError(f"{label}: {value!r} is not one of {', '.join(sorted(choices))}")
            return value
        if kind == "date" and isinstance(value, str):
            return date.fromisoformat(value)
        if kind == "time" and isinstance(value, str):
            return time.fromisoformat(value)
        if kind == "instant" and isinstance(value, str):
            instant = datetime.fromisoformat(value)
            if instant.tzinfo is None:
                raise ValueError
            return instant
    except ValueError:
        pass
    raise UserError(f"{label}: {str(value)[:40]!r} is not a valid {kind}")


def _check_references(rows: dict[str, list[dict[str, Any]]]) -> None:
    ids = {name: {row["id"] for row in rows[name]} for name in TABLES if "id" in TABLES[name].c}
    for (table, column), target in REFERENCES.items():
        for number, row in enumerate(rows[table], 1):
            value = row[column]
            if value is not None and value not in ids[target]:
                raise UserError(
                    f"{table} row {number}: {column} {value} is not the id of any {target} "
                    "in the file"
                )
    event_owner = {row["id"]: row["application_id"] for row in rows["event"]}
    for number, row in enumerate(rows["offer"], 1):
        if event_owner[row["event_id"]] != row["application_id"]:
            raise UserError(f"offer row {number}: its event belongs to another application")
        try:
            terms = json.loads(row["terms"])
        except json.JSONDecodeError:
            terms = None
        if not isinstance(terms, dict):
            raise UserError(f"offer row {number}: terms is not a JSON object")
    with_stage = {row["application_id"] for row in rows["event"] if row["kind"] == "stage"}
    for number, row in enumerate(rows["application"], 1):
        if row["id"] not in with_stage:
            raise UserError(f"application row {number}: id {row['id']} has no stage event")
    links = [
        (row["contact_id"], row["application_id"], row["role"]) for row in rows["contact_link"]
    ]
    if len(set(links)) != len(links):
        raise UserError("contact_link: the same link appears twice")
    keys = [row["name_key"] for row in rows["company"]]
    if len(set(keys)) != len(keys):
        raise UserError("company: two companies have the same name_key")
