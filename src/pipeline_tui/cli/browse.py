"""Commands that read: list and show."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.output import echo_csv, echo_json, echo_table
from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime
    from pipeline_tui.domain.models import Application
    from pipeline_tui.services import Detail

_CSV_FIELDS = (
    "id",
    "company",
    "role",
    "department",
    "stage",
    "round",
    "applied_on",
    "last_event_on",
    "source",
    "campaign",
    "program",
    "location",
    "url",
    "notes",
    "archived",
    "cv",
    "letter",
)


def _print_table(applications: list[Application]) -> None:
    from pipeline_tui.domain.models import role_text
    from pipeline_tui.domain.stages import stage_label

    headers = ("#", "Company", "Role", "Dept", "Stage", "Applied", "Last", "Source", "Campaign")
    rows = [
        (
            app.id,
            (
                app.company,
                role_text(app.role),
                app.department or "",
                stage_label(app.stage, app.round),
                app.applied_on.isoformat() if app.applied_on else "",
                app.last_event_on.isoformat() if app.last_event_on else "",
                app.source or "",
                app.campaign or "",
            ),
        )
        for app in applications
    ]
    echo_table(headers, rows, "application")


@click.command("list", context_settings=CONTEXT_SETTINGS)
@click.option("--stage", "stages", multiple=True, help="Only this stage (repeatable).")
@click.option("--campaign", "-c", help="Only this campaign.")
@click.option("--source", "-s", help="Only this source.")
@click.option("--open", "open_only", is_flag=True, help="Only applications not yet closed.")
@click.option("--since", metavar="DATE", help="Submitted on or after DATE.")
@click.option("--search", metavar="TEXT", help="Words in company, role, department, notes...")
@click.option("--archived", is_flag=True, help="List archived applications instead.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@pass_runtime
def list_command(
    runtime: Runtime,
    stages: tuple[str, ...],
    campaign: str | None,
    source: str | None,
    open_only: bool,
    since: str | None,
    search: str | None,
    archived: bool,
    output: str,
) -> None:
    """List applications, oldest first."""
    from pipeline_tui.domain.models import ApplicationFilter
    from pipeline_tui.domain.stages import parse_stage
    from pipeline_tui.services import list_applications

    spec = ApplicationFilter(
        stages=tuple(parse_stage(stage) for stage in stages),
        campaign=campaign,
        source=source,
        open_only=open_only,
        since=runtime.date(since, "--since") if since is not None else None,
        search=search,
        archived=archived,
    )
    applications = list_applications(runtime.store, spec)
    if output == "json":
        echo_json([app.as_json() for app in applications])
    elif output == "csv":
        echo_csv((app.as_json() for app in applications), _CSV_FIELDS)
    else:
        _print_table(applications)


def _applied_text(app: Application) -> str:
    """Return the applied date, or why there is none."""
    if app.applied_on:
        return app.applied_on.isoformat()
    if app.stage.value == "withdrawn":
        return "never sent"
    return "not recorded (imported without it)" if app.stage.is_closed else "not yet"


def _print_detail(detail: Detail) -> None:
    from pipeline_tui.domain.reasons import describe_reason
    from pipeline_tui.domain.stages import stage_label
    from pipeline_tui.domain.text import printable

    app = detail.application
    click.echo(f"#{app.id} {printable(app.title)}")
    fields = (
        ("stage", stage_label(app.stage, app.round) + (" (archived)" if app.archived else "")),
        ("applied", _applied_text(app)),
        ("source", app.source),
        ("campaign", app.campaign),
        ("program", app.program),
        ("cv", app.cv),
        ("letter", app.letter),
        ("location", app.location),
        ("url", app.url),
        ("notes", app.notes),
        ("closes", app.closes_on.isoformat() if app.closes_on else None),
    )
    for label, value in fields:
        if value:
            click.echo(f"  {label:<9} {printable(value)}")
    click.echo("  timeline")
    events = sorted(detail.events, key=lambda item: (item.occurred_on, item.id))
    for event in events:
        if event.kind == "note":
            what = "note"
        else:
            what = f"{event.stage}" + (f" round {event.round}" if event.round else "")
        why = describe_reason(event.reason, event.reason_text)
        texts = [printable(text) for text in (why, event.note) if text]
        if event.origin:
            texts.append("(imported)" if event.imported else f"(from {printable(event.origin)})")
        note = f"  {' · '.join(texts)}" if texts else ""
        click.echo(f"    {event.occurred_on.isoformat()}  {what:<18}{note}".rstrip())
    _print_people(detail)
    if detail.offers:
        _print_offers(detail)


def _print_people(detail: Detail) -> None:
    """The interview rounds (past and upcoming), linked contacts and open reminders."""
    from pipeline_tui import clock
    from pipeline_tui.domain.text import printable

    today = clock.today()
    if detail.interviews:
        click.echo("  interviews")
    for interview in detail.interviews:
        if interview.cancelled:
            when = "cancelled"
        else:
            when = "upcoming" if interview.occurred_on >= today else "past"
        round_text = f"round {interview.round}" if interview.round else "interview"
        details = f"  {printable(interview.details())}" if interview.details() else ""
        click.echo(f"    {when:<9} {interview.when:<21} {round_text}{details}".rstrip())
    if detail.contacts:
        click.echo("  contacts")
    for link in detail.contacts:
        role = f"  {printable(link.role)}" if link.role else ""
        name = printable(f"{link.contact_name} ({link.contact_kind})")
        click.echo(f"    #{link.contact_id} {name}{role}")
    if detail.reminders:
        click.echo("  reminders")
    for reminder in detail.reminders:
        click.echo(f"    {reminder.ref:<5} due {reminder.due_on}  {printable(reminder.text)}")


def _print_offers(detail: Detail) -> None:
    from pipeline_tui import clock
    from pipeline_tui.domain.comparison import answer_phrase, days_left
    from pipeline_tui.domain.offers import decision_of, show_terms, totals_line
    from pipeline_tui.domain.offers import summary as offer_summary
    from pipeline_tui.domain.text import printable

    current = detail.offers[-1]
    package = current.package
    click.echo(f"  offer     {printable(offer_summary(package))}")
    click.echo(f"            {totals_line(current.package)}")
    decision = decision_of(detail.application.stage)
    left = days_left(package.deadline, clock.today())
    answer = ""
    if package.deadline and left is not None:
        answer = f" · deadline {package.deadline.isoformat()}"
        if decision == "pending":
            answer += f" ({answer_phrase(left)})"
    click.echo(f"            {decision}{answer}")
    for label, value in (
        ("terms", ", ".join(show_terms(package))),
        ("location", package.location),
        ("notes", package.notes),
    ):
        if value:
            click.echo(f"            {label}: {printable(value)}")
    if len(detail.offers) > 1:
        click.echo("  revisions")
        for revision in detail.offers:
            click.echo(
                f"    {revision.recorded_on.isoformat()}  "
                f"{printable(offer_summary(revision.package))}"
            )


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("ref")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
@pass_runtime
def show(runtime: Runtime, ref: str, output: str) -> None:
    """Show application REF: its fields and its timeline."""
    from pipeline_tui.services import detail

    found = detail(runtime.store, ref)
    if output == "json":
        data = found.application.as_json()
        data["events"] = [event.as_json() for event in found.events]
        data["interviews"] = [interview.as_json() for interview in found.interviews]
        data["contacts"] = [link.as_json() for link in found.contacts]
        data["reminders"] = [reminder.as_json() for reminder in found.reminders]
        data["offers"] = [offer.as_json() for offer in found.offers]
        echo_json(data)
    else:
        _print_detail(found)
