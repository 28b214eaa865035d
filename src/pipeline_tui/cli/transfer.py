"""`pipeline import` and `pipeline export`: applications in and out, as CSV or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime

# Below this many applications an import takes well under a second: no progress bar.
PROGRESS_FROM = 2_000


def _read_input(file: str) -> tuple[bytes, str]:
    """Return the bytes of FILE (or standard input for "-") and the name to show."""
    import sys

    from pipeline_tui.services.transfer import read_import_file, read_import_stream

    if file == "-":
        return read_import_stream(sys.stdin.buffer), "standard input"
    return read_import_file(Path(file).expanduser())


@click.command("import", context_settings=CONTEXT_SETTINGS)
@click.argument("file", metavar="FILE|-")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "json"]),
    help="The file's format (default: from its name, else from its content).",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read COLUMN as FIELD (company, role, status, applied_on, ...; ignore). Repeatable.",
)
@click.option("--default-source", metavar="S", help="Source for rows that name none.")
@click.option("--campaign", metavar="C", help="Campaign for rows that name none.")
@click.option("--dry-run", is_flag=True, help="Only report what would be imported.")
@click.option("--skip-bad", is_flag=True, help="Import the good rows and list the bad ones.")
@pass_runtime
def import_command(
    runtime: Runtime,
    file: str,
    file_format: str | None,
    mapping: tuple[str, ...],
    default_source: str | None,
    campaign: str | None,
    dry_run: bool,
    skip_bad: bool,
) -> int:
    """Import applications from a CSV file (any tracker's export) or a JSON export.

    Headers are matched ignoring case and punctuation (Company, Employer, 公司; Title, Job
    Title, 岗位; Status; Date Applied, 投递时间; Source; Notes ...). Rows already recorded
    (same company, role and applied date) are not added again. All or nothing: with a bad
    row, nothing is imported unless --skip-bad. One `pipeline undo` takes an import back.

    \b
    Examples:
      pipeline import applications.csv --dry-run
      pipeline import jobsync.csv --default-source "job board"
      pipeline import tracker.csv --map "Firma=company" --map "Stelle=role"
      pipeline export --format json | pipeline --db other.db import -
    """
    import sys

    from pipeline_tui.domain.importing import ImportOptions, parse_mapping
    from pipeline_tui.domain.text import printable
    from pipeline_tui.services.transfer import import_data, refusal

    data, name = _read_input(file)
    options = ImportOptions(
        mapping=parse_mapping(mapping),
        default_source=default_source.strip() or None if default_source else None,
        campaign=campaign.strip() or None if campaign else None,
        dayfirst=runtime.settings.dayfirst,
    )
    live = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if total >= PROGRESS_FROM and live:
            width = 30
            filled = width * done // max(total, 1)
            bar = "█" * filled + "·" * (width - filled)
            click.echo(f"\rimport: {bar} {done:,} / {total:,}", err=True, nl=False)
            if done >= total:
                click.echo("", err=True)

    report = import_data(
        runtime.store,
        data,
        name,
        format=file_format,
        options=options,
        dry_run=dry_run,
        skip_bad=skip_bad,
        on_progress=progress,
    )
    for line in report.lines():
        click.echo(line)
    if report.problems:
        if dry_run and not skip_bad:
            error = refusal(report)
            click.echo(f"error: {error}".replace("was imported", "would be imported"), err=True)
            for line in error.problems:
                click.echo(f"  {printable(line)}", err=True)
            return 1
        click.echo(f"Skipped {report.bad:,} bad row{'s' if report.bad != 1 else ''}:", err=True)
        for problem in report.problems:
            click.echo(f"  {printable(str(problem))}", err=True)
    if not dry_run and (report.new or report.updated):
        click.echo("`pipeline undo` takes this import back.", err=True)
    return 0


@click.command("export", context_settings=CONTEXT_SETTINGS)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
)
@click.option(
    "--output", "-o", metavar="FILE", help="Write to FILE (private to you) instead of stdout."
)
@click.option("--excel", is_flag=True, help="CSV for Excel: UTF-8 with a BOM, CRLF line ends.")
@click.option("--events", is_flag=True, help="CSV with one row per event instead.")
@pass_runtime
def export(
    runtime: Runtime, file_format: str, output: str | None, excel: bool, events: bool
) -> None:
    """Export every application: CSV for spreadsheets, JSON as a lossless backup.

    CSV has one row per application with the date each funnel level was reached (or, with
    --events, one row per event); cells starting with = + - @ are prefixed with ' so a
    spreadsheet never runs them. JSON holds every table (contacts, reminders, offers...) and
    imports back exactly.

    \b
    Examples:
      pipeline export > applications.csv
      pipeline export --excel -o applications.csv
      pipeline export --format json -o backup.json
    """
    from pipeline_tui.cli.output import write_output
    from pipeline_tui.errors import UserError
    from pipeline_tui.services.transfer import export_bytes

    if file_format == "json" and (excel or events):
        raise UserError("--excel and --events apply to CSV, not JSON")
    write_output(export_bytes(runtime.store, file_format, events=events, excel=excel), output)
