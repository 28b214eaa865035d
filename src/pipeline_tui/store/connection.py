"""What every connection of this program sets before it is used: SQLite pragmas, and the
options of connections to a PostgreSQL server."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event

BUSY_TIMEOUT_MS = 15_000
WAL_CHECKPOINT_PAGES = 500
JOURNAL_SIZE_LIMIT = 2 * 1024 * 1024


def configure_connection(dbapi_connection: sqlite3.Connection) -> None:
    """Apply the pragmas every connection needs (front ends warn when WAL is refused)."""
    # The driver's own transaction handling is off: the engine's "begin" hook issues BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
    wal = bool(mode) and str(mode[0]).lower() == "wal"
    cursor.execute("PRAGMA foreign_keys = ON")
    # WAL makes a commit durable at the next checkpoint with NORMAL; a rollback journal (where
    # a filesystem refuses WAL) needs FULL for the same promise.
    cursor.execute(f"PRAGMA synchronous = {'NORMAL' if wal else 'FULL'}")
    # Checkpoint every ~2 MB of log and cut the file back to that size afterwards, so the
    # -wal file stays small even while a UI keeps the database open.
    cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
    cursor.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
    cursor.close()


def connect(path: Path | str) -> sqlite3.Connection:
    """Open a plain driver connection that waits on locks as long as the engine's do."""
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)


_BEGIN_OPTION = "pipeline_begin"


@dataclass(frozen=True, slots=True)
class MigrationReport:
    """What opening the database upgraded, and where the copy made before it lies."""

    from_revision: str | None
    to_revision: str
    backup: Path | None


def make_engine(path: Path, **options: Any) -> sa.Engine:
    """Create an engine whose connections use WAL and whose write transactions lock up front."""
    url = sa.engine.URL.create("sqlite", database=str(path))
    engine = sa.create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        **options,
    )

    @sa_event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
        configure_connection(dbapi_connection)

    @sa_event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # IMMEDIATE takes the write lock before reading, so two writers queue on busy_timeout
        # instead of one failing with "database is locked" when it upgrades a read lock.
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def write_engine(engine: sa.Engine) -> sa.Engine:
    """Return a view of engine whose transactions begin IMMEDIATE."""
    return engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})


# A server that does not answer within this is reported as unreachable.
CONNECT_TIMEOUT_S = 10


def make_server_engine(url: str, **options: Any) -> sa.Engine:
    """Create an engine for a PostgreSQL URL (postgresql+psycopg://...).

    Waiting for a lock (the write lock included) gives up after BUSY_TIMEOUT_MS, as SQLite's
    busy_timeout does; the hstore probe SQLAlchemy makes on first connect is skipped (one
    round trip fewer for every command).
    """
    return sa.create_engine(
        url,
        use_native_hstore=False,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": "pipeline-tui",
            "options": f"-c lock_timeout={BUSY_TIMEOUT_MS}",
        },
        **options,
    )
