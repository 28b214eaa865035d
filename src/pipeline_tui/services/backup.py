"""Backups while the database is in use, and restoring one (keeping what it replaces)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline_tui import clock
from pipeline_tui.errors import StoreError, UserError

if TYPE_CHECKING:
    from pipeline_tui.store.engine import Store


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
    return _unused_name(folder or database.parent, stem, database.suffix or ".db")


def _unused_name(place: Path, stem: str, suffix: str) -> Path:
    """Return place/stem+suffix, or stem-2, stem-3... when that name is taken."""
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


# A server database (PostgreSQL) has no file to copy: its backup is the lossless JSON export,
# and restoring replaces every row with a backup's, in one transaction.


def server_backup(store: Store, target: Path | None = None) -> BackupResult:
    """Write the JSON export of a server database to target (default: a timestamped file in
    the current folder; a folder gets that name inside it), read it back as a check."""
    from pipeline_tui.paths import write_private
    from pipeline_tui.services.transfer import export_json
    from pipeline_tui.store.dump import read_dump

    text = export_json(store)
    dump = read_dump(text)  # the check: the file it writes can be imported again
    place = Path.cwd() if target is None else target.expanduser()
    if target is None or place.is_dir():
        stem = f"{store.name.rsplit('/', 1)[-1]}-backup-{_stamp()}"
        place = _unused_name(place, stem, ".json")
    data = text.encode("utf-8")
    try:
        write_private(place, data)
    except OSError as error:
        raise UserError(f"cannot write {place}: {error.strerror or error}") from None
    return BackupResult(place.absolute(), len(data), dump.count("application"))


def server_restore(store: Store, source: Path) -> RestoreResult:
    """Check source (a JSON export, or a SQLite backup), keep the current contents as a JSON
    export in the current folder, then replace every row with source's in one transaction."""
    from pipeline_tui.store.dump import read_dump
    from pipeline_tui.store.merge import replace_all

    source = source.expanduser().absolute()
    dump = read_dump(_backup_text(source))
    kept = server_backup(store, Path.cwd() / f"before-restore-{_stamp()}.json").path
    with store.write() as session:
        replace_all(session, dump, now=clock.now())
    return RestoreResult(source, kept, dump.schema, dump.count("application"))


def _backup_text(source: Path) -> str:
    """Return the JSON of a backup file: a JSON export as it is, a SQLite backup exported."""
    import shutil
    import tempfile

    if not source.exists():
        raise UserError(f"there is no file at {source}")
    if not source.is_file():
        raise UserError(f"{source} is not a file")
    with source.open("rb") as file:
        head = file.read(16)
    if head != b"SQLite format 3\x00":
        try:
            return source.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise UserError(
                f"{source} is neither a JSON export nor a SQLite backup: {error}"
            ) from None
    from pipeline_tui.services.transfer import export_json
    from pipeline_tui.store.engine import open_store

    # Opened as a copy: an older backup is upgraded on open, and the original stays as it is.
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "backup.db"
        shutil.copyfile(source, copy)
        opened = open_store(copy)
        try:
            return export_json(opened)
        finally:
            opened.close()
