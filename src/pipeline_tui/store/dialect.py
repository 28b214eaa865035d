"""SQL that differs between SQLite and PostgreSQL; every other store module is written once.

Here and only here: date arithmetic and ISO weeks, substring tests, the write lock and change
notices, inserts that skip duplicates, fast bulk inserts (and the id sequences after them),
reading through the driver's cursor, and the few statements about the database itself. Other
modules build SQLAlchemy expressions with the helpers below, which compile per engine.

Nothing PostgreSQL-only is imported unless a PostgreSQL connection asks for it: the SQLite
quick-add path must not pay for psycopg or SQLAlchemy's PostgreSQL dialect.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

SQLITE = "sqlite"
POSTGRESQL = "postgresql"

# One key for the whole database: every write transaction of every client takes this lock
# first, so writes run one after another as they do on SQLite (BEGIN IMMEDIATE).
WRITE_LOCK_KEY = 0x70697065  # "pipe"
# Write transactions announce themselves here; the payload names the store that wrote.
CHANGES_CHANNEL = "pipeline_tui_changes"


def kind_of(bind: sa.Connection | sa.Engine | Any) -> str:
    """Return "sqlite" or "postgresql" for a connection, engine or session."""
    if hasattr(bind, "get_bind"):  # a Session
        bind = bind.get_bind()
    return str(bind.dialect.name)


# Expressions. Each compiles to the engine's own spelling of the same value; the class names
# are lower case, like the SQL functions they stand for.


class week_monday(FunctionElement[date]):
    """The Monday that starts the ISO week of a date."""

    type = sa.Date()
    inherit_cache = True


@compiles(week_monday, SQLITE)
def _week_monday_sqlite(element: week_monday, compiler: SQLCompiler, **kw: Any) -> str:
    # 'weekday 0' moves on to Sunday (or stays there), then six days back is the Monday.
    return f"date({compiler.process(element.clauses, **kw)}, 'weekday 0', '-6 days')"


@compiles(week_monday, POSTGRESQL)
def _week_monday_postgresql(element: week_monday, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(date_trunc('week', {compiler.process(element.clauses, **kw)}) AS DATE)"


class month_start(FunctionElement[date]):
    """The first day of a date's month."""

    type = sa.Date()
    inherit_cache = True


@compiles(month_start, SQLITE)
def _month_start_sqlite(element: month_start, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, 'start of month')"


@compiles(month_start, POSTGRESQL)
def _month_start_postgresql(element: month_start, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(date_trunc('month', {compiler.process(element.clauses, **kw)}) AS DATE)"


class weekday_number(FunctionElement[int]):
    """The day of the week of a date: 0 for Sunday, 1 for Monday ... 6 for Saturday."""

    type = sa.Integer()
    inherit_cache = True


@compiles(weekday_number, SQLITE)
def _weekday_number_sqlite(element: weekday_number, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(strftime('%w', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(weekday_number, POSTGRESQL)
def _weekday_number_postgresql(element: weekday_number, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(EXTRACT(DOW FROM {compiler.process(element.clauses, **kw)}) AS INTEGER)"


class days_between(FunctionElement[int]):
    """Whole days from the second date to the first (later, earlier)."""

    type = sa.Integer()
    inherit_cache = True


def _two(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> tuple[str, str]:
    first, second = list(element.clauses)
    return compiler.process(first, **kw), compiler.process(second, **kw)


@compiles(days_between, SQLITE)
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = _two(element, compiler, **kw)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


@compiles(days_between, POSTGRESQL)
def _days_between_postgresql(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = _two(element, compiler, **kw)
    return f"({later} - {earlier})"


class day_of(FunctionElement[date]):
    """The date part of a stored instant (naive UTC)."""

    type = sa.Date()
    inherit_cache = True


@compiles(day_of, SQLITE)
def _day_of_sqlite(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(day_of, POSTGRESQL)
def _day_of_postgresql(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


class contains_text(FunctionElement[bool]):
    """Whether the first text holds the second exactly (no LIKE wildcards, no case folding)."""

    type = sa.Boolean()
    inherit_cache = True


@compiles(contains_text, SQLITE)
def _contains_sqlite(element: contains_text, compiler: SQLCompiler, **kw: Any) -> str:
    haystack, needle = _two(element, compiler, **kw)
    return f"(instr({haystack}, {needle}) > 0)"


@compiles(contains_text, POSTGRESQL)
def _contains_postgresql(element: contains_text, compiler: SQLCompiler, **kw: Any) -> str:
    haystack, needle = _two(element, compiler, **kw)
    return f"(strpos({haystack}, {needle}) > 0)"


# Writing.


def begin_write(connection: sa.Connection, writer: str) -> None:
    """Start a write transaction: wait for the database's write lock, and (on PostgreSQL)
    announce a change that other clients hear once it commits.

    SQLite: the engine's begin hook (connection.py) already issued BEGIN IMMEDIATE, which takes
    the file's write lock. PostgreSQL: a transaction-scoped advisory lock on one key does the
    same for every client of the database; it is released by COMMIT or ROLLBACK. The notice is
    sent only if the transaction commits; `writer` lets its own store ignore it.
    """
    if connection.dialect.name == POSTGRESQL:
        connection.exec_driver_sql(
            "SELECT pg_advisory_xact_lock(%(key)s), pg_notify(%(channel)s, %(writer)s)",
            {"key": WRITE_LOCK_KEY, "channel": CHANGES_CHANNEL, "writer": writer},
        )


def insert_unless_present(session: Any, table: sa.Table, values: dict[str, Any]) -> bool:
    """Insert one row unless a unique constraint already holds it; return whether it did.

    One statement (INSERT ... ON CONFLICT DO NOTHING), so two clients adding the same row at
    once get one row and no error.
    """
    if kind_of(session) == POSTGRESQL:
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        # psycopg reports no row count next to RETURNING: ask for the new row's id instead.
        statement = postgresql_insert(table).values(**values).on_conflict_do_nothing()
        return session.execute(statement.returning(sa.literal(1))).first() is not None
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    result = session.execute(sqlite_insert(table).values(**values).on_conflict_do_nothing())
    return bool(result.rowcount)


def insert_rows(connection: sa.Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows fast, converting values as Core would; rows share one set of keys.

    SQLite: one executemany on the driver (Core's own spends most of its ~10 us a row in
    bookkeeping). PostgreSQL: COPY, then, when the rows carried their own ids, the table's id
    sequence moves past them so the next plain INSERT does not collide.
    """
    if not rows:
        return
    dialect = connection.dialect
    names = list(rows[0])
    converters: list[Callable[[Any], Any] | None] = []
    for name in names:
        processor = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        converters.append(_remembering(processor) if processor is not None else None)
    values = [
        tuple(
            value if convert is None or value is None else convert(value)
            for convert, value in zip(converters, row.values(), strict=True)
        )
        for row in rows
    ]
    columns = ", ".join(names)
    if dialect.name == POSTGRESQL:
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
            for row_values in values:
                copy.write_row(row_values)
        if "id" in names:
            reset_id_sequence(connection, table)
        return
    marks = ", ".join("?" * len(names))
    connection.exec_driver_sql(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", values)


def _remembering(processor: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Return processor with its answers kept for values seen before (bulk rows repeat the
    same days and instants)."""
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = converted = processor(value)
            return converted
        except TypeError:  # an unhashable value
            return processor(value)

    return convert


def reset_id_sequence(connection: sa.Connection, table: sa.Table) -> None:
    """After rows were inserted with explicit ids: make the next generated id follow them.

    SQLite needs nothing (an AUTOINCREMENT table keeps the highest id it ever held in
    sqlite_sequence, explicit ids included). PostgreSQL's SERIAL sequence does not see explicit
    ids; it moves past them, and never back: an id handed out before and deleted since (undo)
    must not be handed out again.
    """
    if connection.dialect.name == POSTGRESQL:
        sequence, following = _serial(connection, table)
        connection.exec_driver_sql(
            "SELECT setval(%(sequence)s, %(next)s, false)",
            {"sequence": sequence, "next": max(_highest(connection, table) + 1, following)},
        )


def next_id(connection: sa.Connection, table: sa.Table) -> int:
    """The id the table hands out next: past every id it holds and every id it ever held
    (rows deleted since included), for inserts that carry their own ids."""
    if connection.dialect.name == POSTGRESQL:
        return max(_highest(connection, table) + 1, _serial(connection, table)[1])
    statement = (
        f"SELECT max((SELECT coalesce(max(id), 0) FROM {table.name}), coalesce((SELECT seq "
        "FROM sqlite_sequence WHERE name = ?), 0)) + 1"
    )
    return int(connection.exec_driver_sql(statement, (table.name,)).scalar_one())


def _highest(connection: sa.Connection, table: sa.Table) -> int:
    return int(
        connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table.name}").scalar_one()
    )


def _serial(connection: sa.Connection, table: sa.Table) -> tuple[str, int]:
    """Return the name of a table's id sequence (PostgreSQL) and the value it gives next."""
    sequence = connection.exec_driver_sql(
        "SELECT pg_get_serial_sequence(%(table)s, 'id')", {"table": table.name}
    ).scalar_one()
    # The name comes from the catalog, quoted where it needs to be.
    last, called = connection.exec_driver_sql(f"SELECT last_value, is_called FROM {sequence}").one()
    return str(sequence), int(last) + 1 if called else int(last)


def analyze(connection: sa.Connection) -> None:
    """Refresh the planner's statistics after a large load (SQLite plans from its indexes)."""
    if connection.dialect.name == POSTGRESQL:
        connection.exec_driver_sql("ANALYZE")


# Reading through the driver's cursor (the UI's lean reads).


def driver_cursor(session: Any) -> Any:
    """Return a driver cursor inside the session's transaction (no per-row SQLAlchemy cost)."""
    return session.connection().connection.dbapi_connection.cursor()


def placeholder(session: Any) -> str:
    """The driver's positional parameter mark: ? for sqlite3, %s for psycopg."""
    return "%s" if kind_of(session) == POSTGRESQL else "?"


# About the database itself.


def has_table(connection: sa.Connection, name: str) -> bool:
    """Whether the database (PostgreSQL: the connection's current schema) has this table."""
    if connection.dialect.name == POSTGRESQL:
        found = connection.exec_driver_sql("SELECT to_regclass(%(name)s)", {"name": name})
        return found.scalar() is not None
    found = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    )
    return found.first() is not None


def table_count(connection: sa.Connection) -> int:
    """How many tables the database (PostgreSQL: the current schema) holds."""
    if connection.dialect.name == POSTGRESQL:
        statement = "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
    else:
        statement = "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
    return int(connection.exec_driver_sql(statement).scalar_one())


def server_version(connection: sa.Connection) -> str:
    """The server's version (PostgreSQL), e.g. "15.18"; SQLite's library version otherwise."""
    if connection.dialect.name == POSTGRESQL:
        return str(connection.exec_driver_sql("SHOW server_version").scalar_one()).split()[0]
    return str(connection.exec_driver_sql("SELECT sqlite_version()").scalar_one())


def round_trip(connection: sa.Connection) -> None:
    """The cheapest statement there is, to time a round trip to the server."""
    connection.exec_driver_sql("SELECT 1").scalar_one()


def listen(driver_connection: Any) -> None:
    """Subscribe a PostgreSQL driver connection (autocommit) to the change notices."""
    driver_connection.execute(f"LISTEN {CHANGES_CHANNEL}")
