"""`pipeline backup` and `pipeline restore`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("path", required=False)
@pass_runtime
def backup(runtime: Runtime, path: str | None) -> None:
    """Copy the database to PATH while it may be in use, and check the copy.

    Without PATH the copy goes beside the database, named with the time
    (pipeline-backup-20240916T101500Z.db); a folder gets that name inside it, and a PATH
    ending in / is a folder, created (private to you) when missing. The copy is
    readable by you only and passes SQLite's integrity_check. On a PostgreSQL server the
    backup is the JSON export (in the current folder by default), read back as a check.
    """
    from pipeline_tui.services.backup import backup as make_backup
    from pipeline_tui.services.backup import describe_size

    target = _backup_target(path)
    database = runtime.database
    if isinstance(database, Path):
        done = make_backup(database, target)
    else:  # a server: the lossless JSON export, read back as the check
        from pipeline_tui.services.backup import server_backup

        done = server_backup(runtime.store, target)
    click.echo(
        f"Backed up {done.applications:,} application{'s' if done.applications != 1 else ''} "
        f"to {done.path}: {describe_size(done.size)}, integrity check ok"
    )


def _backup_target(path: str | None) -> Path | None:
    """The PATH given to backup; one ending in a slash names a folder, made when missing."""
    import os

    from pipeline_tui.errors import UserError
    from pipeline_tui.paths import make_private_dir

    if path is None:
        return None
    if not path.strip():
        raise UserError("the backup path is empty: give a file or folder, or none")
    target = Path(path).expanduser()
    if path.endswith(("/", os.sep)):
        try:
            make_private_dir(target)
        except OSError as error:
            raise UserError(f"cannot create the folder {target}: {error.strerror}") from None
        if not target.is_dir():
            raise UserError(f"{target} is a file, not a folder")
    return target


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("path", type=click.Path(path_type=Path))
@pass_runtime
def restore(runtime: Runtime, path: Path) -> None:
    """Put the backup at PATH in place of the database, keeping the current one.

    PATH must pass SQLite's integrity_check and be a pipeline-tui database this version can
    open (an older one is upgraded when next opened). The current database is first copied
    to NAME.before-restore-TIMESTAMP beside it. On a PostgreSQL server PATH may be a JSON export
    or a SQLite backup; the current contents are first exported to before-restore-*.json in the
    current folder, then every row is replaced in one transaction.
    """
    from pipeline_tui.services.backup import restore as put_back

    database = runtime.database
    if isinstance(database, Path):
        done = put_back(database, path)
    else:  # a server: every row replaced by the backup's (a JSON export or a SQLite backup)
        from pipeline_tui.services.backup import server_restore

        done = server_restore(runtime.store, path)
    kept = f"; the previous database was kept as {done.kept}" if done.kept else ""
    click.echo(
        f"Restored {done.applications:,} application{'s' if done.applications != 1 else ''} "
        f"from {done.source}{kept}"
    )
