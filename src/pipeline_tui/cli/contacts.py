"""`pipeline contact ...`: people met during the search, their links and their log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime
    from pipeline_tui.domain.contacts import Contact, ContactKind
    from pipeline_tui.services.contacts import ContactDetail

_KINDS = "recruiter, headhunter, referrer, hiring-manager, interviewer, other"
_CHANNELS = "email, call, message, meeting"
_CSV_FIELDS = (
    "id",
    "name",
    "kind",
    "company",
    "email",
    "phone",
    "handles",
    "notes",
    "every_days",
    "last_contacted",
    "stay_in_touch_on",
)


@click.group(context_settings=CONTEXT_SETTINGS)
def contact() -> None:
    """People: recruiters, headhunters, referrers, interviewers, and when you last talked.

    CONTACT is an id (3 or #3) or text matching one contact's name, company or email.

    \b
    Examples:
      pipeline contact add "Li Lei" --company ByteDance --kind headhunter --every 30
      pipeline contact link "li lei" 12 --as "referred me"
      pipeline contact log "li lei" --via wechat --note "sent CV" --about 12
      pipeline contact list --company bytedance
    """


def _kind(text: str | None) -> ContactKind | None:
    from pipeline_tui.domain.contacts import parse_kind

    return parse_kind(text) if text is not None else None


def _dump(data: object) -> None:
    from pipeline_tui.cli.output import echo_json

    echo_json(data)


@contact.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.option("--company", help="Where they work, or whom they recruit for.")
@click.option("--kind", "kind_text", metavar="KIND", help=f"One of: {_KINDS} (default other).")
@click.option("--email", help="Email address.")
@click.option("--phone", help="Phone number.")
@click.option("--handles", help="Other ways to reach them: LinkedIn, WeChat... (free text).")
@click.option("--note", help="Notes about them.")
@click.option(
    "--every", type=click.IntRange(min=1), metavar="DAYS", help="Stay in touch every DAYS days."
)
@click.option("--force", is_flag=True, help="Add them even if the same name is there already.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
@pass_runtime
def add_command(
    runtime: Runtime,
    name: str,
    company: str | None,
    kind_text: str | None,
    email: str | None,
    phone: str | None,
    handles: str | None,
    note: str | None,
    every: int | None,
    force: bool,
    output: str,
) -> None:
    """Add a contact called NAME."""
    from pipeline_tui.domain.contacts import ContactKind
    from pipeline_tui.services.contacts import NewContact, add_contact, describe_contact

    new = NewContact(
        name=name,
        company=company,
        kind=_kind(kind_text) or ContactKind.OTHER,
        email=email,
        phone=phone,
        handles=handles,
        notes=note,
        every_days=every,
    )
    added = add_contact(runtime.store, new, force=force)
    if output == "json":
        _dump(added.as_json())
    else:
        click.echo(f"Added {describe_contact(added)}")


@contact.command("link", context_settings=CONTEXT_SETTINGS)
@click.argument("contact_ref", metavar="CONTACT")
@click.argument("ref")
@click.option("--as", "role", metavar="ROLE", help='Their part: "referred me", "interviewer".')
@pass_runtime
def link_command(runtime: Runtime, contact_ref: str, ref: str, role: str | None) -> None:
    """Link CONTACT to application REF."""
    from pipeline_tui.services.contacts import describe_link, link

    linked = link(runtime.store, contact_ref, ref, role)
    verb = "Linked" if linked.created else "Already linked:"
    click.echo(f"{verb} {describe_link(linked)}")


@contact.command("log", context_settings=CONTEXT_SETTINGS)
@click.argument("contact_ref", metavar="CONTACT")
@click.option("--on", "on_text", metavar="DATE", help="When (default today).")
@click.option("--via", "channel", metavar="CHANNEL", help=f"How: {_CHANNELS}.")
@click.option("--note", help="What was said.")
@click.option("--about", metavar="REF", help="The application it was about.")
@click.option("--force", is_flag=True, help="Allow a date after today.")
@pass_runtime
def log_command(
    runtime: Runtime,
    contact_ref: str,
    on_text: str | None,
    channel: str | None,
    note: str | None,
    about: str | None,
    force: bool,
) -> None:
    """Log an email, call, message or meeting with CONTACT."""
    from pipeline_tui.domain.contacts import parse_channel
    from pipeline_tui.domain.text import printable
    from pipeline_tui.services.contacts import describe_contact, log_interaction

    on = runtime.date(on_text, "--on") if on_text is not None else None
    person, entry = log_interaction(
        runtime.store,
        contact_ref,
        on=on,
        channel=parse_channel(channel) if channel is not None else None,
        note=note,
        about=about,
        force=force,
    )
    via = f" by {entry.channel}" if entry.channel else ""
    about_text = (
        f" about #{entry.application_id} {printable(entry.application_title or '')}"
        if entry.application_id
        else ""
    )
    click.echo(
        f"Logged {entry.occurred_on.isoformat()}{via} with {describe_contact(person)}{about_text}"
    )


def _print_table(contacts: list[Contact]) -> None:
    from pipeline_tui.cli.output import echo_table

    headers = ("#", "Name", "Kind", "Company", "Email", "Phone", "Last contacted", "Every")
    rows = [
        (
            item.id,
            (
                item.name,
                item.kind.value,
                item.company or "",
                item.email or "",
                item.phone or "",
                item.last_contacted.isoformat() if item.last_contacted else "",
                f"{item.every_days} days" if item.every_days else "",
            ),
        )
        for item in contacts
    ]
    echo_table(headers, rows, "contact")


@contact.command("list", context_settings=CONTEXT_SETTINGS)
@click.option("--kind", "kind_text", metavar="KIND", help="Only this kind.")
@click.option("--company", help="Only people at this company: who do I know here?")
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@pass_runtime
def list_command(runtime: Runtime, kind_text: str | None, company: str | None, output: str) -> None:
    """List contacts by name, with when you last talked."""
    from pipeline_tui.services.contacts import list_contacts

    contacts = list_contacts(runtime.store, kind=_kind(kind_text), company=company)
    if output == "json":
        _dump([item.as_json() for item in contacts])
    elif output == "csv":
        from pipeline_tui.cli.output import echo_csv

        echo_csv((item.as_json() for item in contacts), _CSV_FIELDS)
    else:
        _print_table(contacts)


def _print_detail(detail: ContactDetail) -> None:
    from pipeline_tui.domain.text import printable

    person = detail.contact
    click.echo(f"#{person.id} {printable(person.name)}")
    due = person.stay_in_touch_on()
    fields = (
        ("kind", person.kind.value),
        ("company", person.company or "unknown"),
        ("email", person.email),
        ("phone", person.phone),
        ("handles", person.handles),
        ("notes", person.notes),
        ("last", person.last_contacted.isoformat() if person.last_contacted else "never"),
        ("every", f"{person.every_days} days (next by {due})" if due else None),
    )
    for label, value in fields:
        if value:
            click.echo(f"  {label:<9} {printable(value)}")
    if detail.links:
        click.echo("  applications")
        for item in detail.links:
            role = f"  ({printable(item.role)})" if item.role else ""
            click.echo(
                f"    #{item.application_id} {printable(item.application_title)} "
                f"[{item.stage}]{role}"
            )
    if detail.interviews:
        click.echo("  interviews")
        for interview in detail.interviews:
            round_text = f" round {interview.round}" if interview.round else ""
            cancelled = " (cancelled)" if interview.cancelled else ""
            click.echo(
                f"    {interview.when}  #{interview.application_id} "
                f"{printable(interview.title)}{round_text}{cancelled}"
            )
    if detail.reminders:
        click.echo("  reminders")
        for reminder in detail.reminders:
            click.echo(f"    {reminder.ref:<5} {reminder.due_on}  {printable(reminder.text)}")
    click.echo("  log")
    for entry in detail.interactions:
        via = entry.channel.value if entry.channel else "-"
        about = f"  #{entry.application_id}" if entry.application_id else ""
        note = f"  {printable(entry.note)}" if entry.note else ""
        click.echo(f"    {entry.occurred_on.isoformat()}  {via:<8}{note}{about}".rstrip())
    if not detail.interactions:
        click.echo("    nothing logged yet")


@contact.command("show", context_settings=CONTEXT_SETTINGS)
@click.argument("contact_ref", metavar="CONTACT")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
@pass_runtime
def show_command(runtime: Runtime, contact_ref: str, output: str) -> None:
    """Show CONTACT: details, applications, interviews, reminders and the log."""
    from pipeline_tui.services.contacts import contact_detail

    detail = contact_detail(runtime.store, contact_ref)
    if output == "json":
        data = detail.contact.as_json()
        data["applications"] = [item.as_json() for item in detail.links]
        data["interviews"] = [item.as_json() for item in detail.interviews]
        data["reminders"] = [item.as_json() for item in detail.reminders]
        data["log"] = [item.as_json() for item in detail.interactions]
        _dump(data)
    else:
        _print_detail(detail)


@contact.command("edit", context_settings=CONTEXT_SETTINGS)
@click.argument("contact_ref", metavar="CONTACT")
@click.option("--name", help="New name.")
@click.option("--company", help='New company ("" for unknown).')
@click.option("--kind", "kind_text", metavar="KIND", help=f"One of: {_KINDS}.")
@click.option("--email", help='New email ("" to clear).')
@click.option("--phone", help='New phone ("" to clear).')
@click.option("--handles", help='New handles ("" to clear).')
@click.option("--note", help='New notes ("" to clear).')
@click.option(
    "--every",
    type=click.IntRange(min=0),
    metavar="DAYS",
    help="Stay in touch every DAYS days (0: stop).",
)
@pass_runtime
def edit_command(
    runtime: Runtime,
    contact_ref: str,
    name: str | None,
    company: str | None,
    kind_text: str | None,
    email: str | None,
    phone: str | None,
    handles: str | None,
    note: str | None,
    every: int | None,
) -> None:
    """Change CONTACT's details; options left out stay as they are."""
    from pipeline_tui.services.contacts import describe_contact, edit_contact

    changes: dict[str, object] = {
        key: value
        for key, value in (
            ("name", name),
            ("email", email),
            ("phone", phone),
            ("handles", handles),
            ("notes", note),
        )
        if value is not None
    }
    if kind_text is not None:
        changes["kind"] = _kind(kind_text)
    if every is not None:
        changes["every_days"] = every or None
    edited = edit_contact(runtime.store, contact_ref, changes, company=company)
    click.echo(f"Saved {describe_contact(edited)}")


@contact.command("export", context_settings=CONTEXT_SETTINGS)
@click.option(
    "--format",
    "output",
    type=click.Choice(["vcf"]),
    default="vcf",
    show_default=True,
    help="vCard 3.0, for address books.",
)
@click.option(
    "--output",
    "-o",
    "file",
    metavar="FILE",
    help="Write to FILE (private to you) instead of stdout.",
)
@pass_runtime
def export_command(runtime: Runtime, output: str, file: str | None) -> None:
    """Print every contact as vCards, or write them to a file.

    \b
    Examples:
      pipeline contact export -o contacts.vcf
      pipeline contact export > contacts.vcf
    """
    from pipeline_tui.cli.output import write_output
    from pipeline_tui.reports.vcard import vcards
    from pipeline_tui.services.contacts import list_contacts

    write_output(vcards(list_contacts(runtime.store)).encode("utf-8"), file)
