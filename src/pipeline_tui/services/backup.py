"""Backups while the database is in use, and restoring one (keeping what it replaces)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline_tui import clock
from pipeline_tui.errors import StoreError, UserError


@dataclass(frozen=True, slots=True)
class BackupResult:
    """A backup written and checked."""

    path: Path
    size: int
    applications: int


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """A database restored: what it holds now, and where the one it replaced was kept."""

    source: Path
    kept: Path | None
    revision: str
    applications: int


def _stamp() -> str:
    return clock.now().strftime("%Y%m%dT%H%M%SZ")


def default_backup_path(database: Path, folder: Path | None = None) -> Path:
    """Return pipeline-backup-20240916T101500Z.db beside the database (or in folder); a
    second backup in the same second gets -2, -3..."""
    stem = f"{database.stem}-backup-{_stamp()}"
    suffix = database.suffix or ".db"
    place = folder or database.parent
    candidate = place / f"{stem}{suffix}"
    number = 1
    while candidate.exists():
        number += 1
        candidate = place / f"{stem}-{number}{suffix}"
    return candidate


def backup(database: Path, target: Path | None = None) -> BackupResult:
    """Copy the database to target (default: a timestamped name beside it), check the copy
    with integrity_check, and return where it is and how big. Safe while others write."""
    from pipeline_tui.store.backup import check_database, copy_database

    database = database.expanduser().absolute()
    if not database.exists():
        raise UserError(f"there is no database at {database} to back up")
    if target is None:
        target = default_backup_path(database)
    elif target.is_dir():
        target = default_backup_path(database, target)
    target = target.expanduser().absolute()
    if target == database:
        raise UserError("the backup cannot replace the database itself")
    copy_database(database, target)
    try:
        _, applications = check_database(target)
    except StoreError as error:
        target.unlink(missing_ok=True)
        raise StoreError(f"the backup failed its check, so it was removed: {error}") from None
    return BackupResult(target, target.stat().st_size, applications)


def restore(database: Path, source: Path) -> RestoreResult:
    """Check source, keep the current database as a dated copy beside it, then put source's
    contents in its place (through SQLite, so programs that have it open see it whole)."""
    from pipeline_tui.store.backup import check_database, copy_database, copy_into, integrity

    database = database.expanduser().absolute()
    source = source.expanduser().absolute()
    if source == database:
        raise UserError("that is the database itself; name a backup to restore")
    revision, applications = check_database(source)
    kept = None
    if database.exists():
        kept = database.with_name(f"{database.name}.before-restore-{_stamp()}")
        copy_database(database, kept)
        copy_into(source, database)
    else:
        from pipeline_tui.paths import make_private_dir

        make_private_dir(database.parent)
        copy_database(source, database)
    answer = integrity(database)
    if answer != "ok":
        raise StoreError(
            f"{database} failed its check after the restore ({answer}); "
            f"the previous database is at {kept}"
        )
    return RestoreResult(source, kept, revision, applications)


def describe_size(size: int) -> str:
    """Return "1.2 MB (1,234,567 bytes)"."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("kB", 2**10)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit} ({size:,} bytes)"
    return f"{size:,} bytes"
