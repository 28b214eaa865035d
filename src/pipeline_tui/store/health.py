"""Reading a database's health without changing it: integrity, pragmas, revision, files."""

from __future__ import annotations

import sqlite3
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipeline_tui.store.connection import configure_connection, connect


@dataclass(frozen=True, slots=True)
class FileFacts:
    """One file or folder the database consists of, with its permission bits."""

    path: Path
    mode: int  # permission bits, e.g. 0o600
    size: int
    is_dir: bool = False


@dataclass(frozen=True, slots=True)
class HealthFacts:
    """What `pipeline doctor` found, before judging it (services/doctor.py judges)."""

    path: Path
    exists: bool
    revision: str | None = None
    pipeline_database: bool = True
    integrity: list[str] = field(default_factory=list)
    foreign_key_problems: int = 0
    journal_mode: str = ""
    foreign_keys: bool = False
    busy_timeout_ms: int = 0
    synchronous: int = -1
    wal_bytes: int = 0
    files: list[FileFacts] = field(default_factory=list)
    backups: list[tuple[Path, datetime]] = field(default_factory=list)
    error: str | None = None


def _file(path: Path) -> FileFacts | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return FileFacts(path, stat.S_IMODE(info.st_mode), info.st_size, stat.S_ISDIR(info.st_mode))


def backups_of(path: Path) -> list[tuple[Path, datetime]]:
    """Return the copies of the database beside it (`pipeline backup`s, pre-upgrade copies),
    newest first."""
    found = []
    try:
        candidates = list(path.parent.iterdir())
    except OSError:
        return []
    ours = f"{path.stem}-backup-"  # what `pipeline backup` names them
    for candidate in candidates:
        name = candidate.name
        if candidate == path or name.endswith(("-wal", "-shm", "-journal")):
            continue
        upgrade_copy = name.startswith(path.name) and (name.endswith(".bak") or ".backup" in name)
        if upgrade_copy or name.startswith(ours):
            try:
                modified = datetime.fromtimestamp(candidate.stat().st_mtime, UTC)
            except OSError:
                continue
            found.append((candidate, modified))
    return sorted(found, key=lambda item: item[1], reverse=True)


def inspect(path: Path) -> HealthFacts:
    """Look at the database at path: nothing is written, nothing is upgraded."""
    path = path.expanduser().absolute()
    if not path.exists():
        return HealthFacts(path, exists=False)
    files = [item for item in map(_file, (path, path.parent)) if item is not None]
    for suffix in ("-wal", "-shm"):
        extra = _file(Path(f"{path}{suffix}"))
        if extra is not None:
            files.append(extra)
    wal = next((item.size for item in files if item.path.name.endswith("-wal")), 0)
    try:
        connection = connect(path)
    except sqlite3.Error as error:
        return HealthFacts(path, exists=True, files=files, error=str(error))
    try:
        # The same settings every connection of the app applies, read back: a filesystem
        # that refuses WAL shows here.
        configure_connection(connection)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        pipeline_database = "alembic_version" in tables or not tables
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row else None
        integrity = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
        problems = len(connection.execute("PRAGMA foreign_key_check").fetchall())
        facts = HealthFacts(
            path,
            exists=True,
            revision=revision,
            pipeline_database=pipeline_database,
            integrity=integrity,
            foreign_key_problems=problems,
            journal_mode=str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower(),
            foreign_keys=bool(connection.execute("PRAGMA foreign_keys").fetchone()[0]),
            busy_timeout_ms=int(connection.execute("PRAGMA busy_timeout").fetchone()[0]),
            synchronous=int(connection.execute("PRAGMA synchronous").fetchone()[0]),
            wal_bytes=wal,
            files=files,
            backups=backups_of(path),
        )
    except sqlite3.DatabaseError as error:
        return HealthFacts(path, exists=True, files=files, error=str(error))
    finally:
        connection.close()
    return facts


def private_mode_problems(facts: HealthFacts) -> list[FileFacts]:
    """Files readable or writable by others than the owner (folders: 0700, files: 0600)."""
    wanted = {True: 0o700, False: 0o600}
    return [item for item in facts.files if item.mode & ~wanted[item.is_dir] & 0o077]
