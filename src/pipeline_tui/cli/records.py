"""`pipeline calendar` and `pipeline worklog`: the search as a calendar and as a log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--output", "-o", metavar="FILE", help="Write to FILE (private to you) instead of stdout."
)
@click.option("--since", metavar="DATE", help="Only items dated on or after DATE.")
@pass_runtime
def calendar(runtime: Runtime, output: str | None, since: str | None) -> None:
    """Write an iCalendar (.ics) file: interviews, offer deadlines, reminders as to-dos.

    Interviews carry their time, duration, format, place and interviewers (all-day when no
    time was recorded). UIDs are stable, so importing a newer file updates your calendar
    instead of adding everything twice.

    \b
    Examples:
      pipeline calendar -o search.ics
      pipeline calendar --since today > upcoming.ics
    """
    from pipeline_tui.cli.output import write_output
    from pipeline_tui.services.records import calendar as build

    first_day = runtime.date(since, "--since") if since is not None else None
    write_output(build(runtime.store, since=first_day), output)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--week", metavar="DATE", help="The ISO week (Monday to Sunday) containing DATE.")
@click.option("--since", metavar="DATE", help="From DATE (with --until; default: this week).")
@click.option("--until", metavar="DATE", help="To DATE, included (default: today).")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "csv", "html"]),
    default="text",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    "file",
    metavar="FILE",
    help="Write to FILE (private to you) instead of stdout.",
)
@pass_runtime
def worklog(
    runtime: Runtime,
    week: str | None,
    since: str | None,
    until: str | None,
    output: str,
    file: str | None,
) -> None:
    """Print the work-search log an unemployment office asks for.

    One line per application sent or employer contacted: date, employer, position, how you
    applied, the person contacted and the result so far. The HTML form prints one page per
    month.

    \b
    Examples:
      pipeline worklog                                  # this week
      pipeline worklog --since 2024-09-01 --until 2024-09-30 --format html -o september.html
    """
    from datetime import timedelta

    from pipeline_tui import clock
    from pipeline_tui.cli.output import write_output
    from pipeline_tui.domain.weekly import week_start
    from pipeline_tui.errors import UserError
    from pipeline_tui.reports.worklog import worklog_csv, worklog_html, worklog_text
    from pipeline_tui.services.records import worklog as entries_of

    if week is not None and (since is not None or until is not None):
        raise UserError("give --week, or --since and --until, not both")
    if since is not None:
        first_day = runtime.date(since, "--since")
        last_day = runtime.date(until, "--until") if until is not None else clock.today()
    elif until is not None:
        raise UserError("--until needs --since")
    else:
        monday = week_start(runtime.date(week, "--week") if week else clock.today())
        first_day, last_day = monday, monday + timedelta(days=6)
    entries = entries_of(runtime.store, first_day, last_day)
    if output == "csv":
        text = worklog_csv(entries)
    elif output == "html":
        text = worklog_html(entries, first_day, last_day)
    else:
        text = worklog_text(entries, first_day, last_day)
    write_output(text.encode("utf-8"), file)
