"""`pipeline doctor`: is the database healthy, and what to do if not."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime

_MARKS = {"ok": "ok", "warning": "!!", "problem": "XX"}


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@pass_runtime
def doctor(runtime: Runtime, output: str) -> int:
    """Check the database: integrity, settings, schema, file permissions, log size, backups
    (on a PostgreSQL server: the server's version, round-trip time and schema).

    Nothing is changed. Each problem comes with what to do about it; the exit status is 1
    when there is a problem (warnings alone exit 0).
    """
    from pipeline_tui import clock
    from pipeline_tui.domain.text import printable
    from pipeline_tui.paths import data_dir
    from pipeline_tui.services.doctor import examine

    database = runtime.database
    own_folder = isinstance(database, Path) and database.absolute().parent == data_dir()
    report = examine(database, now=clock.now(), own_folder=own_folder)
    if output == "json":
        from pipeline_tui.cli.output import echo_json

        echo_json(report.as_json(), indent=2)
    else:
        click.echo(f"database  {printable(str(report.path))}")
        for check in report.checks:
            click.echo(f"{_MARKS[check.status]:>3} {check.name:<12} {printable(check.detail)}")
            if check.advice:
                click.echo(f"{'':16}→ {printable(check.advice)}")
        problems = report.problems
        click.echo(
            "no problems found" if not problems else f"{problems} problem{'s' * (problems > 1)}"
        )
    return 1 if report.problems else 0
