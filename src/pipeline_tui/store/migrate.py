"""Schema upgrades with Alembic, run under the write lock after a backup copy."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.pool import NullPool

from pipeline_tui.errors import StoreError
from pipeline_tui.store import dialect
from pipeline_tui.store.connection import (
    MigrationReport,
    connect,
    make_engine,
    write_engine,
)
from pipeline_tui.store.revisions import HEAD_REVISION, KNOWN_REVISIONS

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """Return an Alembic configuration pointing at the packaged migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def backup_path(path: Path, revision: str) -> Path:
    """Return where the copy made before upgrading from revision goes (a name not yet used)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.before-{revision}-{stamp}.bak")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.before-{revision}-{stamp}-{number}.bak")
    return candidate


def _backup(source: Path, target: Path) -> None:
    """Copy the database with SQLite's backup API into a new file readable by the owner only.

    The copy is read through a connection of its own: the backup API loops forever on
    SQLITE_BUSY when asked to read through the connection that holds the write transaction.
    Our write lock is already held, so this reader sees the last committed state and nobody
    can change it before the upgrade starts.
    """
    descriptor = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)
    reader = connect(source)
    destination = sqlite3.connect(target)
    try:
        reader.backup(destination)
    finally:
        destination.close()
        reader.close()


def _stamped_revision(connection: sa.Connection) -> str | None:
    if not dialect.has_table(connection, "alembic_version"):
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _upgrade(path: Path, target: str) -> MigrationReport | None:
    engine = write_engine(make_engine(path, poolclass=NullPool))
    backup: Path | None = None
    try:
        with engine.connect() as connection:
            # Rebuilding a table in batch mode drops it; with foreign keys on, that would delete
            # or reject the rows pointing at it. The check is off here and verified before commit.
            driver = connection.connection.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            driver.execute("PRAGMA foreign_keys = OFF")
            with connection.begin():
                current = _stamped_revision(connection)
                if current == HEAD_REVISION and target == "head":
                    return None
                if current is not None and current not in KNOWN_REVISIONS:
                    raise StoreError(f"{path} uses unknown schema revision {current!r}")
                if current is not None:
                    backup = backup_path(path, current)
                    _backup(path, backup)
                command.upgrade(alembic_config(connection), target)
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StoreError(
                        f"upgrading {path} would break {len(problems)} references; "
                        "nothing was changed"
                    )
                reached = _stamped_revision(connection) or HEAD_REVISION
    except BaseException:
        # The upgrade rolled back: the file is as it was, so its copy is not needed.
        if backup is not None:
            backup.unlink(missing_ok=True)
        raise
    finally:
        engine.dispose()
    return MigrationReport(current, reached, backup)


def upgrade(path: Path, target: str = "head") -> MigrationReport | None:
    """Bring the database at path to target in one transaction; None if nothing was needed.

    Any failure leaves the file at its old revision and raises StoreError with one sentence.
    """
    try:
        return _upgrade(path, target)
    except StoreError:
        raise
    except sa.exc.OperationalError as error:
        raise StoreError(f"cannot upgrade {path}: {error.orig}; the file was not changed") from None
    except Exception as error:  # a migration that fails half-way: its transaction rolled back
        raise StoreError(
            f"upgrading {path} failed ({type(error).__name__}: {error}); the file was not "
            "changed, and the next command tries again"
        ) from None


def upgrade_server(engine: sa.Engine, name: str, target: str = "head") -> MigrationReport | None:
    """Bring a PostgreSQL database to target in one transaction; None if nothing was needed.

    PostgreSQL changes tables in place and rolls DDL back with everything else, so a failure
    leaves the old schema and no copy is made first. The write lock serialises clients that
    open a new database at the same moment: the second finds it already upgraded.
    """
    try:
        with engine.connect() as connection, connection.begin():
            dialect.begin_write(connection, "migration")
            current = _stamped_revision(connection)
            if current == HEAD_REVISION and target == "head":
                return None
            if current is not None and current not in KNOWN_REVISIONS:
                raise StoreError(f"{name} uses unknown schema revision {current!r}")
            command.upgrade(alembic_config(connection), target)
            reached = _stamped_revision(connection) or HEAD_REVISION
    except (StoreError, sa.exc.DBAPIError):
        raise
    except Exception as error:  # a migration that fails half-way: its transaction rolled back
        raise StoreError(
            f"upgrading {name} failed ({type(error).__name__}: {error}); the database was not "
            "changed, and the next command tries again"
        ) from None
    return MigrationReport(current, reached, None)
