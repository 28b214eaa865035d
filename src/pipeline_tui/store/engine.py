"""Opening the database: file modes, connection pragmas, write locking and schema checks."""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from pipeline_tui.errors import StoreError
from pipeline_tui.paths import ServerUrl, make_private_dir
from pipeline_tui.store.connection import (
    BUSY_TIMEOUT_MS,
    MigrationReport,
    connect,
    make_engine,
    write_engine,
)
from pipeline_tui.store.dialect import POSTGRESQL, SQLITE, begin_write
from pipeline_tui.store.revisions import HEAD_REVISION, KNOWN_REVISIONS


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
        connection = connect(path)
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
    """An open database: short read sessions, and write sessions one at a time.

    SQLite: writes go through a single dedicated connection (SQLite allows one writer anyway).
    That connection is also the one `ChangeWatcher` asks for `PRAGMA data_version`, which
    changes only when *another* connection commits: this process's own writes never look like
    outside changes, and an outside commit is never mistaken for one of ours.

    PostgreSQL: reads see one snapshot (REPEATABLE READ); every write transaction first takes
    the database-wide write lock and announces itself under `writer_id` (dialect.begin_write),
    so writes of all clients run one after another and the watcher can tell ours apart.
    """

    def __init__(
        self,
        location: Path | ServerUrl,
        *,
        engine: sa.Engine,
        writer: sa.Engine,
        migration: MigrationReport | None,
    ) -> None:
        self.name = str(location)
        self.path = location if isinstance(location, Path) else None
        self.url = location if isinstance(location, ServerUrl) else None
        self.kind = SQLITE if self.path is not None else POSTGRESQL
        self.engine = engine
        self.migration = migration
        self._writer = writer
        self._write_lock = threading.RLock()
        self.writer_id = secrets.token_hex(8)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; it sees one consistent snapshot."""
        with self.translate_errors(), Session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work commits as one transaction, or not at all."""
        with (
            self._write_lock,
            self.translate_errors(),
            Session(self._writer, expire_on_commit=False) as session,
            session.begin(),
        ):
            begin_write(session.connection(), self.writer_id)
            yield session

    def data_version(self, *, wait: bool = True) -> int | None:
        """Return the write connection's `PRAGMA data_version` (None if a write holds it)."""
        if not self._write_lock.acquire(blocking=wait):
            return None
        try:
            with self.translate_errors(), self._writer.connect() as connection:
                driver = connection.connection.driver_connection
                assert isinstance(driver, sqlite3.Connection)
                return int(driver.execute("PRAGMA data_version").fetchone()[0])
        finally:
            self._write_lock.release()

    def journal_mode(self) -> str:
        """Return the journal mode of a pooled connection ("wal" unless the filesystem refused;
        a PostgreSQL server always logs ahead)."""
        if self.kind != SQLITE:
            return "wal"
        with self.translate_errors(), self.engine.connect() as connection:
            return str(connection.exec_driver_sql("PRAGMA journal_mode").scalar()).lower()

    def translate_errors(self) -> AbstractContextManager[None]:
        """Turn driver errors met inside the block into StoreError with one plain sentence."""
        if self.path is not None:
            return _translate_errors(self.path)
        return _translate_server_errors(self.name)

    def close(self) -> None:
        """Close every pooled connection (the engines are kept for the next open, see
        _IdleEngines)."""
        self.engine.dispose()
        with self._write_lock:
            self._writer.dispose()
        _idle_engines.keep(_engine_key(self.path or self.url), (self.engine, self._writer))


class _IdleEngines:
    """The engines of closed stores, kept for the next open of the same database in this process.

    A disposed engine holds no connection: the next store opens its own, as with a new engine.
    What it keeps is its dialect and its compiled statements, which cost more to build again
    than most commands take when one process opens the database over and over (a command line
    run in-process in a loop, as the tests do). An open store never shares its engines: opening
    takes them out, and a second store open at the same time gets new ones.
    """

    LIMIT = 4

    def __init__(self) -> None:
        self._engines: dict[str, tuple[sa.Engine, sa.Engine]] = {}
        self._lock = threading.Lock()

    def take(self, name: str) -> tuple[sa.Engine, sa.Engine] | None:
        with self._lock:
            return self._engines.pop(name, None)

    def keep(self, name: str, engines: tuple[sa.Engine, sa.Engine]) -> None:
        with self._lock:
            self._engines.pop(name, None)
            self._engines[name] = engines
            while len(self._engines) > self.LIMIT:
                del self._engines[next(iter(self._engines))]  # the longest idle


_idle_engines = _IdleEngines()


def _engine_key(location: Path | ServerUrl | None) -> str:
    """Which database engines were made for: the file, or the whole URL (password included;
    str(url) hides it)."""
    assert location is not None
    return location.url if isinstance(location, ServerUrl) else str(location)


@contextmanager
def _translate_errors(path: Path) -> Iterator[None]:
    """Turn driver errors into StoreError with one plain sentence."""
    try:
        yield
    except sa.exc.OperationalError as error:
        raise _store_error(path, error.orig) from None
    except sa.exc.DatabaseError as error:
        raise StoreError(f"{path} cannot be used: {error.orig}") from None
    except sqlite3.Error as error:  # raw driver cursors (the UI's lean reads) raise these
        raise _store_error(path, error) from None


@contextmanager
def _translate_server_errors(name: str) -> Iterator[None]:
    """Turn a PostgreSQL driver's errors into StoreError with one plain sentence."""
    from pipeline_tui.store.server import store_error

    try:
        yield
    except sa.exc.DBAPIError as error:
        raise store_error(name, error.orig) from None
    except Exception as error:
        # Raw driver cursors (the UI's lean reads, the watcher) raise psycopg's own errors.
        if type(error).__module__.startswith("psycopg"):
            raise store_error(name, error) from None
        raise


# What SQLite's messages mean for the user, checked in order; the store names the file.
_PLAIN_ERRORS = (
    ("disk is full", "the disk (or the file size limit) is full; nothing was changed"),
    ("readonly database", "is read-only (check the permissions of the file and its folder); "
     "nothing was changed"),
    ("unable to open database file", "cannot be opened: its folder is missing or not writable "
     "(SQLite keeps -wal and -shm files beside it)"),
    ("disk I/O error", "could not be read or written (a failing disk, or the file was replaced "
     "while open); nothing was changed"),
    ("database disk image is malformed", "is damaged; run pipeline doctor"),
)  # fmt: skip


def _store_error(path: Path, error: BaseException | None) -> StoreError:
    message = str(error)
    if "locked" in message or "busy" in message:
        return StoreError(
            f"{path} is busy: another program held its write lock for over "
            f"{BUSY_TIMEOUT_MS // 1000} s; try again"
        )
    for found, meaning in _PLAIN_ERRORS:
        if found in message:
            return StoreError(f"{path} {meaning} ({message})")
    return StoreError(f"database error on {path}: {message}")


def open_store(location: Path | ServerUrl) -> Store:
    """Open the database at location, upgrading its schema (after a backup, for a file).

    A path is a SQLite file, created if needed; a ServerUrl is a database on a PostgreSQL
    server, which must exist (its tables are created if it is empty).
    """
    if isinstance(location, ServerUrl):
        return _open_server_store(location)
    path = location.expanduser().absolute()
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
    idle = _idle_engines.take(_engine_key(path))
    if idle is not None:
        return Store(path, engine=idle[0], writer=idle[1], migration=migration)
    writer = write_engine(make_engine(path, poolclass=StaticPool))
    return Store(path, engine=make_engine(path), writer=writer, migration=migration)


def _open_server_store(url: ServerUrl) -> Store:
    from pipeline_tui.store.server import open_server  # psycopg and the dialect: ~60 ms

    idle = _idle_engines.take(_engine_key(url))
    engine, migration = open_server(url, idle[1] if idle is not None else None)
    return Store(
        url,
        # Reads see one snapshot, as a SQLite read transaction does; writes see every commit
        # made before they took the write lock (READ COMMITTED, the engine's default).
        engine=(
            idle[0]
            if idle is not None
            else engine.execution_options(isolation_level="REPEATABLE READ")
        ),
        writer=engine,
        migration=migration,
    )
