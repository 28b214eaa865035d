"""The `pipeline` command group, its global options, and the shared per-run context."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline_tui import __version__

if TYPE_CHECKING:
    from pipeline_tui.config import LoadedSettings, Settings
    from pipeline_tui.store.engine import Store


class Runtime:
    """What every command may need, opened only when first asked for."""

    def __init__(self, db: Path | None) -> None:
        self.db_option = db

    @cached_property
    def db_path(self) -> Path:
        """The database chosen by --db, else $PIPELINE_DB, else the user data directory."""
        from pipeline_tui.paths import default_db_path

        return (self.db_option or default_db_path()).expanduser()

    @cached_property
    def loaded_settings(self) -> LoadedSettings:
        """Settings from config.toml, with where each value came from."""
        from pipeline_tui.config import load_settings

        return load_settings()

    @property
    def settings(self) -> Settings:
        """The effective settings."""
        return self.loaded_settings.settings

    @cached_property
    def store(self) -> Store:
        """The open database, upgraded if it was older (a note on stderr says so)."""
        from pipeline_tui.store.engine import open_store

        store = open_store(self.db_path)
        journal_mode = store.journal_mode()
        if journal_mode != "wal":
            click.echo(
                f"warning: {store.path} is in {journal_mode!r} journal mode, not WAL (is it on a "
                "network or read-only filesystem?); other programs may wait on it",
                err=True,
            )
        report = store.migration
        if report is not None and report.from_revision is not None:
            click.echo(
                f"note: upgraded the database from schema {report.from_revision} to "
                f"{report.to_revision}; the previous file was copied to {report.backup}",
                err=True,
            )
        return store

    def close(self) -> None:
        """Release the database if this run opened it."""
        store = self.__dict__.get("store")
        if store is not None:
            store.close()

    def date(self, text: str, option: str) -> date:
        """Parse a date given to option, naming the option in any error."""
        from pipeline_tui.domain.dates import DateError
        from pipeline_tui.services import read_date

        try:
            return read_date(text, self.settings)
        except DateError as error:
            raise DateError(f"{option}: {error}") from None


pass_runtime = click.make_pass_decorator(Runtime)

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(invoke_without_command=True, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database file (default: $PIPELINE_DB, else pipeline.db in the user data folder).",
)
@click.version_option(__version__, "-V", "--version", prog_name="pipeline")
@click.pass_context
def cli(context: click.Context, db: Path | None) -> None:
    """Track job applications from the shell; with no command, open the UI.

    \b
    Quick start:
      pipeline add ByteDance "LLM engineer" --source referral --on yesterday
      pipeline move bytedance interview --on "next tue"
      pipeline list --open
    """
    context.obj = runtime = Runtime(db)
    context.call_on_close(runtime.close)
    # A broken settings file is reported by every command, not only by those that read it.
    runtime.loaded_settings  # noqa: B018
    if context.invoked_subcommand is None:
        from pipeline_tui.cli.interface import open_ui

        open_ui(context.obj)


# Command modules register themselves on `cli` when imported.
from pipeline_tui.cli import browse, capture, demo, interface, reports, settings  # noqa: E402, F401
