"""Copies of the database made by SQLite itself: online backups, checks, restores.

Every copy goes through SQLite's backup API on connections of its own, never through a file
copy: a reader sees one consistent snapshot however busy the writers are, and the live file is
only ever changed inside a SQLite write transaction (other processes see the old data or the
new, never a mix). See docs/architecture.md on never opening the file outside SQLite.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from pipeline_tui.errors import StoreError
from pipeline_tui.store.connection import connect
from pipeline_tui.store.revisions import HEAD_REVISION, KNOWN_REVISIONS


def _create_private(path: Path) -> None:
    """Create an empty file readable by the owner only; refuse to replace one."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise StoreError(f"{path} already exists; choose another name") from None
    except OSError as error:
        raise StoreError(f"cannot create {path}: {error.strerror}") from None
    os.close(descriptor)


def copy_database(source: Path, target: Path) -> None:
    """Copy source into a new file target (0600) in one consistent read, as one plain file.

    The copy is switched to a rollback journal, so it is complete without -wal and -shm files.
    """
    _create_private(target)
    try:
        reader = connect(source)
        try:
            destination = sqlite3.connect(target)
            try:
                reader.backup(destination)
                destination.execute("PRAGMA journal_mode = DELETE")
            finally:
                destination.close()
        finally:
            reader.close()
    except sqlite3.Error as error:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise StoreError(f"cannot copy {source} to {target}: {error}") from None


def integrity(path: Path) -> str:
    """Return PRAGMA integrity_check's answer for the file ("ok" when it is sound)."""
    try:
        connection = connect(path)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    return "; ".join(str(row[0]) for row in rows[:5])


def check_database(path: Path) -> tuple[str, int]:
    """Return the schema revision and the number of applications of a file to restore.

    StoreError when it is not a sound pipeline-tui database this version can open.
    """
    if not path.exists():
        raise StoreError(f"there is no file at {path}")
    if not path.is_file():
        raise StoreError(f"{path} is not a file")
    answer = integrity(path)
    if answer != "ok":
        raise StoreError(f"{path} is not a sound SQLite database ({answer})")
    connection = connect(path)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if not {"alembic_version", "application"} <= tables:
            raise StoreError(f"{path} is a SQLite database, but not a pipeline-tui one")
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        count = int(connection.execute("SELECT count(*) FROM application").fetchone()[0])
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} cannot be read: {error}") from None
    finally:
        connection.close()
    revision = str(row[0]) if row else ""
    if revision not in KNOWN_REVISIONS:
        raise StoreError(
            f"{path} uses schema revision {revision!r}, which this version of pipeline-tui does "
            f"not know (it knows up to {HEAD_REVISION!r}); upgrade pipeline-tui to restore it"
        )
    return revision, count


def copy_into(source: Path, live: Path) -> None:
    """Replace the contents of the live database with source's, in one write transaction."""
    reader = connect(source)
    try:
        destination = connect(live)  # waits on the live file's locks as the app does
        try:
            reader.backup(destination)
        finally:
            destination.close()
    except sqlite3.Error as error:
        raise StoreError(f"cannot restore {source} into {live}: {error}") from None
    finally:
        reader.close()
