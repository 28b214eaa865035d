"""A database on a PostgreSQL server: opening it, upgrading its schema, plain error sentences,
and what `pipeline doctor` reads about it. Imported only when a URL asks for a server."""

from __future__ import annotations

import importlib.util
import statistics
import time
from dataclasses import dataclass

import sqlalchemy as sa

from pipeline_tui.errors import StoreError
from pipeline_tui.paths import ServerUrl
from pipeline_tui.store import dialect
from pipeline_tui.store.connection import BUSY_TIMEOUT_MS, MigrationReport, make_server_engine
from pipeline_tui.store.revisions import HEAD_REVISION, KNOWN_REVISIONS

INSTALL_HINT = "pip install 'pipeline-tui[postgres]'"


def require_driver() -> None:
    """Raise StoreError naming the extra to install when psycopg is missing."""
    if importlib.util.find_spec("psycopg") is None:
        raise StoreError(
            "a PostgreSQL database needs the psycopg driver, which is not installed: "
            + INSTALL_HINT
        )


# What the driver's messages mean for the user, checked in order; the store names the URL.
_PLAIN_ERRORS = (
    ("password authentication failed", "the server refused the login: wrong user name or "
     "password"),
    ("no password supplied", "the server asks for a password: put it in the URL "
     "(user:password@host) or in ~/.pgpass"),
    ("role ", "{detail}: the server has no such user; check the user name in the URL"),
    ("does not exist", "{detail}: create it on the server first (createdb NAME), or check "
     "the URL"),
    ("permission denied", "{detail}: ask the database's owner for access"),
    ("lock timeout", f"is busy: another program held its write lock for over "
     f"{BUSY_TIMEOUT_MS // 1000} s; try again"),
    ("timeout expired", "cannot be reached: the server did not answer (check the host, the "
     "port and the network)"),
    ("connection refused", "cannot be reached: is the server running, and are the host and "
     "port right?"),
    ("could not translate host name", "cannot be reached: the host name is unknown"),
    ("no such file or directory", "cannot be reached: is the server running on this machine?"),
    ("server closed the connection", "cannot be used: the connection to the server was lost; "
     "try again"),
    ("terminating connection", "cannot be used: the server ended the connection; try again"),
    ("consuming input failed", "cannot be used: the connection to the server was lost; try "
     "again"),
    ("the connection is closed", "cannot be used: the connection to the server was lost; try "
     "again"),
)  # fmt: skip


def _one_line(error: BaseException | None) -> str:
    text = " ".join(str(error).split()).removeprefix("connection failed: ")
    # The driver repeats "connection to server at ... failed:" before the reason.
    if " failed: " in text and text.startswith("connection to server"):
        text = text.split(" failed: ", 1)[1]
    for prefix in ("FATAL: ", "ERROR: "):
        text = text.removeprefix(prefix)
    return text


def store_error(name: str, error: BaseException | None) -> StoreError:
    """Turn a driver error into StoreError with one plain sentence that names the database."""
    detail = _one_line(error)
    lowered = detail.lower()
    for found, meaning in _PLAIN_ERRORS:
        if found == "role " and not (lowered.startswith("role ") and "does not exist" in lowered):
            continue
        if found in lowered:
            return StoreError(f"{name} {meaning.format(detail=detail)}")
    return StoreError(f"database error on {name}: {detail}")


def _revision(connection: sa.Connection, name: str) -> str | None:
    """Return the stamped schema revision, None for an empty database."""
    if not dialect.has_table(connection, "alembic_version"):
        if dialect.table_count(connection):
            raise StoreError(f"{name} is a PostgreSQL database, but not a pipeline-tui one")
        return None
    value = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return str(value) if value is not None else None


def open_server(
    url: ServerUrl, engine: sa.Engine | None = None
) -> tuple[sa.Engine, MigrationReport | None]:
    """Connect to the database at url and bring its schema up to date.

    Returns the engine (engine if given: one of a closed store of the same url) and what the
    upgrade did. A database of a newer schema is refused and left untouched; an empty one gets
    every table.
    """
    require_driver()
    name = str(url)
    engine = engine or make_server_engine(url.url)
    try:
        with engine.connect() as connection:
            revision = _revision(connection, name)
            connection.rollback()
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise StoreError(
                f"{name} uses schema revision {revision!r}, which this version of pipeline-tui "
                f"does not know (it knows up to {HEAD_REVISION!r}); upgrade pipeline-tui to "
                "open it. The database was not changed."
            )
        migration = None
        if revision != HEAD_REVISION:
            from pipeline_tui.store.migrate import upgrade_server  # imports alembic: ~120 ms

            migration = upgrade_server(engine, name)
    except sa.exc.DBAPIError as error:
        engine.dispose()
        raise store_error(name, error.orig) from None
    except BaseException:
        engine.dispose()
        raise
    return engine, migration


@dataclass(frozen=True, slots=True)
class ServerFacts:
    """What `pipeline doctor` found on a server, before judging it."""

    name: str
    version: str = ""
    latency_ms: float = 0.0
    revision: str | None = None
    pipeline_database: bool = True
    error: str | None = None


def inspect_server(url: ServerUrl, *, samples: int = 5) -> ServerFacts:
    """Read the server's version, the round-trip time (median of samples) and the schema
    revision, without changing anything."""
    name = str(url)
    require_driver()
    engine = make_server_engine(url.url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            version = dialect.server_version(connection)
            times = []
            for _ in range(samples):
                started = time.perf_counter()
                dialect.round_trip(connection)
                times.append((time.perf_counter() - started) * 1000)
            try:
                revision = _revision(connection, name)
            except StoreError:
                return ServerFacts(name, version, statistics.median(times), None, False)
            return ServerFacts(name, version, statistics.median(times), revision)
    except sa.exc.DBAPIError as error:
        return ServerFacts(name, error=str(store_error(name, error.orig)))
    finally:
        engine.dispose()
