"""Opening the database: file modes, connection pragmas, write locking and schema checks."""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlmodel import Session

from pipeline_tui.errors import StoreError
from pipeline_tui.paths import make_private_dir
from pipeline_tui.store.revisions import HEAD_REVISION, KNOWN_REVISIONS

BUSY_TIMEOUT_MS = 15_000
_BEGIN_OPTION = "pipeline_begin"


@dataclass(frozen=True, slots=True)
class MigrationReport:
    """What opening the database upgraded, and where the copy made before it lies."""

    from_revision: str | None
    to_revision: str
    backup: Path | None


def configure_connection(dbapi_connection: sqlite3.Connection) -> None:
    """Apply the pragmas every connection needs (front ends warn when WAL is refused)."""
    # The driver's own transaction handling is off: the "begin" hook below issues BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


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


def _create_database(path: Path) -> MigrationReport:
    """Build a new database beside path and move it into place in one step.

    Another process opening the same new path at the same moment then sees either no file or a
    complete one, never a half-initialised file (which SQLite can report as locked or damaged).
    """
    from pipeline_tui.store.migrate import upgrade  # imports alembic: ~120 ms, new files only

    make_private_dir(path.parent)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.new")
    try:
        descriptor = os.open(draft, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(descriptor)
        # SQLite gives -wal and -shm files the database file's mode, so they stay private too.
        os.chmod(draft, 0o600)
        upgrade(draft)
        with contextlib.suppress(FileExistsError):  # another process was first: use theirs
            os.link(draft, path)
    except OSError as error:
        raise StoreError(f"cannot create {path}: {error.strerror}") from None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{draft}{suffix}").unlink(missing_ok=True)
    return MigrationReport(None, HEAD_REVISION, None)


def read_revision(path: Path) -> str | None:
    """Return the schema revision stamped in the file, None for an empty database."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    # The file is only ever opened through SQLite: closing a descriptor opened any other way
    # would drop the POSIX locks this process's SQLite connections hold on it.
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {path}: {error}") from None
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            if tables:
                raise StoreError(f"{path} is a SQLite database, but not a pipeline-tui one")
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        if "file is not a database" in str(error):
            raise StoreError(f"{path} is not a SQLite database") from None
        raise StoreError(f"{path} cannot be read: {error}") from None
    finally:
        connection.close()
    return str(row[0]) if row else None


class Store:
    """An open database: short read sessions and write sessions that lock immediately."""

    def __init__(self, path: Path, engine: sa.Engine, migration: MigrationReport | None) -> None:
        self.path = path
        self.engine = engine
        self.migration = migration
        self._writer = write_engine(engine)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; it sees one consistent snapshot."""
        with _translate_errors(self.path), Session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work commits as one transaction, or not at all."""
        with (
            _translate_errors(self.path),
            Session(self._writer, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    def journal_mode(self) -> str:
        """Return the journal mode of a pooled connection ("wal" unless the filesystem refused)."""
        with self.engine.connect() as connection:
            return str(connection.exec_driver_sql("PRAGMA journal_mode").scalar()).lower()

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


@contextmanager
def _translate_errors(path: Path) -> Iterator[None]:
    """Turn driver errors into StoreError with one plain sentence."""
    try:
        yield
    except sa.exc.OperationalError as error:
        message = str(error.orig)
        if "locked" in message or "busy" in message:
            raise StoreError(
                f"{path} is busy: another program held its write lock for over "
                f"{BUSY_TIMEOUT_MS // 1000} s; try again"
            ) from None
        raise StoreError(f"database error on {path}: {message}") from None
    except sa.exc.DatabaseError as error:
        raise StoreError(f"{path} cannot be used: {error.orig}") from None


def open_store(path: Path) -> Store:
    """Open (creating if needed) the database at path, upgrading its schema after a backup."""
    path = path.expanduser().absolute()
    created = None if path.exists() else _create_database(path)
    revision = read_revision(path)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise StoreError(
            f"{path} uses schema revision {revision!r}, which this version of pipeline-tui "
            f"does not know (it knows up to {HEAD_REVISION!r}); upgrade pipeline-tui to open "
            "it. The file was not changed."
        )
    migration = created
    if revision != HEAD_REVISION:
        from pipeline_tui.store.migrate import upgrade  # imports alembic: ~120 ms, only here

        migration = upgrade(path)
    return Store(path, make_engine(path), migration)
