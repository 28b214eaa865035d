"""What every command shares: the per-run context (database, settings) and click settings."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pipeline_tui.config import LoadedSettings, Settings
    from pipeline_tui.domain.times import When
    from pipeline_tui.paths import ServerUrl
    from pipeline_tui.services.database import Database

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Runtime:
    """What every command may need, opened only when first asked for."""

    def __init__(self, db: str | None) -> None:
        self.db_option = db

    @cached_property
    def database(self) -> Path | ServerUrl:
        """The database chosen by --db, else $PIPELINE_DB, else the user data directory: a
        SQLite file, or a PostgreSQL server's URL."""
        from pipeline_tui.paths import database_location, default_database

        return database_location(self.db_option) if self.db_option else default_database()

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
    def store(self) -> Database:
        """The open database, upgraded if it was older (a note on stderr says so)."""
        from pipeline_tui.services.database import open_database

        store = open_database(self.database)
        journal_mode = store.journal_mode()
        if journal_mode != "wal":
            click.echo(
                f"warning: {store.name} is in {journal_mode!r} journal mode, not WAL (is it on a "
                "network or read-only filesystem?); other programs may wait on it",
                err=True,
            )
        report = store.migration
        if report is not None and report.from_revision is not None:
            copied = (
                f"; the previous file was copied to {report.backup}"
                if report.backup is not None
                else ""
            )
            click.echo(
                f"note: upgraded the database from schema {report.from_revision} to "
                f"{report.to_revision}{copied}",
                err=True,
            )
        return store

    def close(self) -> None:
        """Release the database if this run opened it."""
        store = self.__dict__.get("store")
        if store is not None:
            store.close()

    def date(self, text: str, option: str, *, ahead: bool = False) -> date:
        """Parse a date given to option, naming the option in any error; ahead for a day to
        come ("fri" is the coming Friday)."""
        from pipeline_tui.errors import DateError
        from pipeline_tui.services import read_date

        try:
            return read_date(text, self.settings, ahead=ahead)
        except DateError as error:
            raise DateError(f"{option}: {error}") from None

    def date_time(self, text: str, option: str) -> When:
        """Parse a date with an optional time of day given to option, naming it in any error."""
        from pipeline_tui import clock
        from pipeline_tui.domain.times import parse_date_time
        from pipeline_tui.errors import DateError

        try:
            return parse_date_time(text, today=clock.today(), dayfirst=self.settings.dayfirst)
        except DateError as error:
            raise DateError(f"{option}: {error}") from None


pass_runtime = click.make_pass_decorator(Runtime)
