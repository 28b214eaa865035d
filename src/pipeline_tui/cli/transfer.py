"""`pipeline import` and `pipeline export`: applications in and out, as CSV or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime
    from pipeline_tui.domain.import_report import ImportReport

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
    type=click.Choice(["csv", "json", "xlsx"]),
    help="The file's format (default: from its name, else from its content).",
)
@click.option(
    "--sheet", metavar="NAME", help="The sheet of an .xlsx workbook (default: the first)."
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read COLUMN as FIELD (company, role, status, applied_on, ...; ignore). Repeatable.",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    metavar="VALUE=STAGE",
    help="Read the status VALUE as STAGE (a stage, interview N, or skip). Repeatable.",
)
@click.option(
    "--dayfirst/--monthfirst",
    "order",
    default=None,
    help="Read 03/04/2024 as 3 April / as March 4 in every column (default: each column's "
    "own dates decide).",
)
@click.option("--year", type=click.IntRange(1970, 2100), help="Year of dates written without one.")
@click.option(
    "--default-date",
    metavar="DATE",
    help="Date applied of rows whose status says sent but give no date.",
)
@click.option("--default-source", metavar="S", help="Source for rows that name none.")
@click.option("--campaign", metavar="C", help="Campaign for rows that name none.")
@click.option("--dry-run", is_flag=True, help="Show how the file is read; import nothing.")
@click.option("--skip-bad", is_flag=True, help="Import the good rows and list the bad ones.")
@pass_runtime
def import_command(
    runtime: Runtime,
    file: str,
    file_format: str | None,
    sheet: str | None,
    mapping: tuple[str, ...],
    statuses: tuple[str, ...],
    order: bool | None,
    year: int | None,
    default_date: str | None,
    default_source: str | None,
    campaign: str | None,
    dry_run: bool,
    skip_bad: bool,
) -> int:
    """Import applications from a CSV or .xlsx file (any tracker's export, a hand-kept
    sheet), another tracker's JSON, or pipeline's own JSON export.

    Columns are found by the words in their headers, in English, Chinese, German, French,
    Spanish, Turkish and Slovak (Company, 公司, Firma, Şirket; Status, 当前状态, Durum / Sonuç;
    Date Applied, 投递时间, Bewerbungsdatum ...), else by their values. Statuses are read by
    meaning (Pending, Ghosted (no reply), Absage, 池子, Olumsuz (Red) ...). Each date column's
    day-month order comes from its own dates. Rows of one application (same company and role)
    are merged: the furthest status wins. All or nothing: with a bad row, nothing is imported
    unless --skip-bad. One `pipeline undo` takes an import back.

    \b
    Examples:
      pipeline import applications.csv --dry-run
      pipeline import tracker.xlsx --sheet 2024
      pipeline import tracker.csv --map "Firma=company" --status "Warte=submitted"
      pipeline import us-dates.csv --monthfirst --year 2019
      pipeline export --format json | pipeline --db other.db import -
    """
    import sys

    from pipeline_tui import clock
    from pipeline_tui.domain.dates import parse_date
    from pipeline_tui.domain.import_report import ImportRefused
    from pipeline_tui.domain.importing import ImportOptions, parse_mapping, parse_statuses
    from pipeline_tui.domain.text import printable
    from pipeline_tui.services.transfer import import_data, refusal

    data, name = _read_input(file)
    options = ImportOptions(
        mapping=parse_mapping(mapping),
        statuses=parse_statuses(statuses),
        default_source=default_source.strip() or None if default_source else None,
        campaign=campaign.strip() or None if campaign else None,
        dayfirst=runtime.settings.dayfirst,
        order=order,
        year=year,
        default_date=(
            parse_date(default_date, today=clock.today(), dayfirst=runtime.settings.dayfirst)
            if default_date
            else None
        ),
        sheet=sheet,
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

    def again() -> list[str]:
        """The command as typed, to extend with what the refusal suggests."""
        words = ["pipeline"] + (["--db", runtime.db_option] if runtime.db_option else [])
        words += ["import", file]
        for flag, value in (("--format", file_format), ("--sheet", sheet)):
            if value:
                words += [flag, value]
        for flag, values in (("--map", mapping), ("--status", statuses)):
            for value in values:
                words += [flag, value]
        if order is not None:
            words.append("--dayfirst" if order else "--monthfirst")
        for flag, value in (
            ("--year", str(year) if year else None),
            ("--default-date", default_date),
            ("--default-source", default_source),
            ("--campaign", campaign),
        ):
            if value:
                words += [flag, value]
        return words + [
            flag for flag, on in (("--dry-run", dry_run), ("--skip-bad", skip_bad)) if on
        ]

    try:
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
    except ImportRefused as error:
        _say_refusal(str(error), error.problems)
        _suggest_statuses(error.report, again())
        return 1
    if dry_run:
        for line in report.preview_lines():
            click.echo(line)
    for line in report.lines(columns=not dry_run):
        click.echo(line)
    if report.problems:
        if dry_run and not skip_bad:
            refused = refusal(report)
            _say_refusal(
                str(refused).replace("was imported", "would be imported"), refused.problems
            )
            _suggest_statuses(report, again())
            return 1
        click.echo(f"Skipped {report.bad:,} bad row{'s' if report.bad != 1 else ''}:", err=True)
        from pipeline_tui.domain.import_report import problem_lines

        for line in problem_lines(report.problems, limit=10_000):
            click.echo(f"  {printable(line)}", err=True)
    if not dry_run and (report.new or report.updated):
        click.echo("`pipeline undo` takes this import back.", err=True)
    return 0


def _say_refusal(message: str, problems: list[str]) -> None:
    from pipeline_tui.domain.text import printable

    click.echo(f"error: {message}", err=True)
    for line in problems:
        click.echo(f"  {printable(line)}", err=True)


def _suggest_statuses(report: ImportReport, command: list[str]) -> None:
    """For statuses no word maps: each once with its rows, then the command to paste."""
    import shlex

    from pipeline_tui.domain.stages import Stage
    from pipeline_tui.domain.text import printable

    unknown = report.preview.unknown_statuses if report.preview else ()
    if not unknown:
        return
    stages = ", ".join(stage.value for stage in Stage)
    count = len(unknown)
    click.echo(
        f"{count} status{'es' if count != 1 else ''} not known; give each a stage ({stages}, "
        "interview N, or skip):",
        err=True,
    )
    width = min(max(len(item.value) for item in unknown), 30)
    for item in unknown:
        rows = f"{item.count:,} row{'s' if item.count != 1 else ''}"
        maybe = f"  maybe {item.suggestion}?" if item.suggestion else ""
        click.echo(f"  {printable(item.value):<{width}}  {rows}{maybe}", err=True)
    for item in unknown:
        command += ["--status", f"{item.value}={item.suggestion or 'STAGE'}"]
    fill = " (replace each STAGE)" if any(item.suggestion is None for item in unknown) else ""
    click.echo(f"Then run{fill}:", err=True)
    click.echo(f"  {printable(shlex.join(command))}", err=True)


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
