"""`pipeline mail` reads a mailbox into the review queue; `pipeline inbox` decides what is in it."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, Runtime, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.domain.mail.review import Proposal
    from pipeline_tui.services.inbox import Accepted
    from pipeline_tui.services.mail import MailItem, MailRun
    from pipeline_tui.services.mailboxes import ImapAddress

_FORMAT = click.Choice(["table", "json"])


def _ask_password(address: ImapAddress) -> str:
    """The password from $PIPELINE_MAIL_PASSWORD, the keyring, or typed at a prompt."""
    from pipeline_tui.errors import UserError
    from pipeline_tui.services.mailboxes import PASSWORD_VARIABLE, stored_password

    secret, note = stored_password(address)
    if secret:
        return secret
    if not sys.stdin.isatty():
        why = f" ({note})" if note else ""
        raise UserError(
            f"no password for {address.account}: set {PASSWORD_VARIABLE}, or store it with "
            f"`keyring set pipeline-tui {address.account}`{why}"
        )
    if note:
        click.echo(f"note: {note}; asking instead", err=True)
    return str(click.prompt(f"Password for {address.account}", hide_input=True, err=True))


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("source", metavar="SOURCE")
@click.option("--since", metavar="DATE", help="Only messages sent on or after DATE.")
@click.option(
    "--dry-run", is_flag=True, help="Show what each message is; queue and record nothing."
)
@click.option("--format", "output", type=_FORMAT, default="table", show_default=True)
@click.option(
    "--apply-confident",
    is_flag=True,
    help="Record the proposals at least as sure as mail_confidence in config (0.9) at once.",
)
@pass_runtime
def mail(
    runtime: Runtime,
    source: str,
    since: str | None,
    dry_run: bool,
    output: str,
    apply_confident: bool,
) -> None:
    """Read job mail from SOURCE into the review queue (`pipeline inbox`).

    SOURCE is an mbox file, a Maildir folder, a folder of .eml files, or an IMAP mailbox:
    imaps://user@host[:port]/INBOX. The password comes from $PIPELINE_MAIL_PASSWORD, the
    system keyring (service "pipeline-tui", user "user@host"), or a prompt; it is never
    stored. Mail is read, never changed or marked as read.

    Each message gets a kind (confirmation, screening, assessment, interview, offer,
    rejection, other), the employer and role, and the application it belongs to. Messages
    that would record something wait in the queue; a message read before is never proposed
    again. Only the sender, subject, date, Message-ID and a short excerpt are kept.

    \b
    Examples:
      pipeline mail ~/Mail/jobs.mbox --dry-run
      pipeline mail ~/Maildir/.Jobs --since 2024-09-01
      pipeline mail imaps://me@example.com@imap.example.com/INBOX --format json
      pipeline mail exported/ --apply-confident
    """
    import gc

    from pipeline_tui.services.mail import mail_aliases, read_mail
    from pipeline_tui.services.mailboxes import open_source

    # Thousands of parsed messages make reference cycles; the CLI starts with collection off.
    gc.enable()
    settings = runtime.settings
    day = runtime.date(since, "--since") if since is not None else None
    opened = open_source(source, password=_ask_password)
    live = sys.stderr.isatty()

    def progress(done: int, total: int | None) -> None:
        if live and (done % 200 == 0 or done == total):
            of = f" / {total:,}" if total else ""
            click.echo(f"\rmail: {done:,}{of} messages", err=True, nl=False)

    run = read_mail(
        runtime.store,
        opened,
        since=day,
        dry_run=dry_run,
        aliases=mail_aliases(settings.company_aliases),
        apply_confident=settings.mail_confidence if apply_confident else None,
        on_progress=progress,
    )
    if live:
        click.echo("\r" + " " * 40 + "\r", err=True, nl=False)
    if output == "json":
        _print_json(run)
    else:
        _print_table(run)
    _print_summary(run, apply_confident, settings.mail_confidence)


def _print_json(run: MailRun) -> None:
    """Print one JSON array with one message per line (thousands of messages print fast and
    stay readable with grep)."""
    import json

    from pipeline_tui.domain.text import escape_controls

    recorded = {item.proposal_id for item in run.applied.recorded} if run.applied else set()
    rows = []
    for item in run.items:
        data = item.as_json()
        if not run.dry_run:
            data["applied"] = item.proposal_id in recorded
        rows.append(json.dumps(data, ensure_ascii=False))
    text = "[\n" + ",\n".join(rows) + "\n]" if rows else "[]"
    click.echo(escape_controls(text, keep="\n"))


# A run of thousands of messages lists this many proposals; `pipeline inbox` has them all.
_TABLE_ROWS = 200


def _print_table(run: MailRun) -> None:
    from pipeline_tui.cli.output import echo_table

    proposing = [(number, item) for number, item in enumerate(run.items, 1) if item.proposes]
    proposing.sort(key=lambda pair: (_day_text(pair[1]), pair[0]))
    shown = [(item.proposal_id or number, _cells(item)) for number, item in proposing]
    headers = ("#" if not run.dry_run else "msg", "date", "kind", "company", "role", "to")
    echo_table((*headers, "records", "conf", "rule"), shown[:_TABLE_ROWS], "proposal")
    if len(shown) > _TABLE_ROWS:
        where = "--format json" if run.dry_run else "`pipeline inbox`"
        click.echo(f"... and {len(shown) - _TABLE_ROWS:,} more ({where} lists them all)", err=True)


def _day_text(item: MailItem) -> str:
    assert item.reading is not None
    day = item.reading.message.sent_on
    return day.isoformat() if day else "9999"


def _cells(item: MailItem) -> list[str]:
    from pipeline_tui.domain.mail.review import stage_label

    assert item.reading is not None and item.link is not None
    reading, link = item.reading, item.link
    target = {
        "new": "new",
        "none": "none",
        "ambiguous": "several",
    }.get(link.how, f"#{link.application_id}" if link.application_id else "after a new one")
    day = reading.message.sent_on.isoformat() if reading.message.sent_on else "?"
    return [
        day,
        reading.kind.value,
        link.company or (reading.company.name if reading.company else "?"),
        link.role or reading.role or "",
        target,
        stage_label(link.stage, link.round),
        f"{item.confidence:.2f}",
        reading.verdict.rule or "",
    ]


def _print_summary(run: MailRun, apply_confident: bool, threshold: float) -> None:
    from pipeline_tui.domain.text import printable

    for item in run.items:
        if item.skipped is not None:
            click.echo(
                f"skipped {printable(item.skipped.where)}: {printable(item.skipped.reason)}",
                err=True,
            )
    read = run.count("read")
    parts = [
        f"{run.count('proposed'):,} {'would be proposed' if run.dry_run else 'queued'}",
        f"{run.count('other'):,} other",
    ]
    for what, label in (("nothing", "nothing new to record"), ("seen", "read before"),
                        ("skipped", "skipped")):  # fmt: skip
        if run.count(what):
            parts.append(f"{run.count(what):,} {label}")
    noun = "message" if read == 1 else "messages"
    click.echo(f"Read {read:,} {noun} from {printable(run.source)}: {', '.join(parts)}", err=True)
    for note in run.notes:
        click.echo(f"note: {printable(note)}", err=True)
    if run.dry_run:
        click.echo("Nothing was queued or recorded (--dry-run).", err=True)
        return
    if run.applied is not None:
        _print_accepted(run.applied, err=True)
    elif apply_confident:
        click.echo(f"No proposal was at least {threshold:.2f} sure; nothing recorded.", err=True)
    if run.count("proposed"):
        click.echo(
            "`pipeline inbox` lists what waits; `pipeline inbox accept ID` records it.", err=True
        )


@click.group(invoke_without_command=True, context_settings=CONTEXT_SETTINGS)
@click.option("--history", is_flag=True, help="Also list accepted and rejected proposals.")
@click.option("--format", "output", type=_FORMAT, default="table", show_default=True)
@click.pass_context
def inbox(context: click.Context, history: bool, output: str) -> None:
    """The review queue of what mail proposes: list it, accept or reject proposals.

    Each proposal shows the mail's date and kind, the application it goes to (#id, "new"
    for a confirmation that starts one, "none" when nothing matched), what accepting
    records, the rule that fired, its confidence and the words that fired it.

    \b
    Examples:
      pipeline inbox
      pipeline inbox accept 3 4 7
      pipeline inbox accept 9 --to 12      # record it on application #12 instead
      pipeline inbox accept --all          # one `pipeline undo` takes them back
      pipeline inbox reject 5
    """
    if context.invoked_subcommand is not None:
        return
    from pipeline_tui.services.inbox import inbox as waiting

    runtime = context.find_object(Runtime)
    assert runtime is not None
    listed = waiting(runtime.store, everything=history)
    if output == "json":
        from pipeline_tui.cli.output import echo_json

        echo_json([item.as_json() for item in listed], indent=1)
        return
    _print_proposals(listed, history)


def _print_proposals(listed: Sequence[Proposal], history: bool) -> None:
    from pipeline_tui.cli.output import echo_table

    headers = ["#", "date", "kind", "company", "role", "to", "records", "conf", "rule"]
    if history:
        headers.append("status")
    rows = []
    for item in listed:
        cells = [
            item.sent_on.isoformat() if item.sent_on else "?",
            item.kind,
            item.company or "?",
            item.role or "",
            _target(item),
            item.stage_label,
            f"{item.confidence:.2f}",
            item.rule or "",
        ]
        if history:
            cells.append(item.status)
        rows.append((item.id, cells))
    echo_table(headers, rows, "proposal")
    if rows and not history:
        click.echo("`pipeline inbox show ID` shows the evidence.", err=True)


def _target(item: Proposal) -> str:
    """Where accepting records a proposal, with the linked application's title when known."""
    if item.application_title:
        return f"#{item.application_id} {item.application_title}"
    return item.target


def _ids(ids: tuple[int, ...], every: bool, verb: str) -> list[int] | None:
    if every and ids:
        raise click.UsageError("give proposal ids or --all, not both")
    if not every and not ids:
        raise click.UsageError(f"say which proposals to {verb}: their ids, or --all")
    return None if every else list(ids)


@inbox.command("accept", context_settings=CONTEXT_SETTINGS)
@click.argument("ids", nargs=-1, type=click.IntRange(min=1), metavar="ID...")
@click.option("--all", "every", is_flag=True, help="Accept every waiting proposal.")
@click.option("--to", "to", metavar="REF", help="Record the one proposal on this application.")
@click.option("--force", is_flag=True, help="Record it even against the stage rules.")
@pass_runtime
def accept_command(
    runtime: Runtime, ids: tuple[int, ...], every: bool, to: str | None, force: bool
) -> int:
    """Record proposals as events dated by their mail, in one batch (`pipeline undo`)."""
    from pipeline_tui.services.inbox import accept

    result = accept(runtime.store, _ids(ids, every, "accept"), to=to, force=force)
    _print_accepted(result, err=False)
    return 0 if result.recorded or not result.left else 1


def _print_accepted(result: Accepted, *, err: bool) -> None:
    from pipeline_tui.domain.text import printable
    from pipeline_tui.services import describe, describe_event

    for item in result.recorded:
        what = describe_event(item.event, with_note=False)
        verb = "Added" if item.new_application else "Recorded"
        click.echo(
            f"{verb} {describe(item.application)}: {what} (proposal #{item.proposal_id})", err=err
        )
    for proposal_id, why in result.left:
        click.echo(f"Left #{proposal_id} waiting: {printable(why)}", err=True)
    if result.recorded:
        count = len(result.recorded)
        them = "it" if count == 1 else f"all {count}"
        click.echo(f"One `pipeline undo` takes {them} back.", err=err)


@inbox.command("reject", context_settings=CONTEXT_SETTINGS)
@click.argument("ids", nargs=-1, type=click.IntRange(min=1), metavar="ID...")
@click.option("--all", "every", is_flag=True, help="Reject every waiting proposal.")
@pass_runtime
def reject_command(runtime: Runtime, ids: tuple[int, ...], every: bool) -> None:
    """Drop proposals: nothing is recorded, and their mail is not proposed again."""
    from pipeline_tui.services.inbox import reject

    rejected = reject(runtime.store, _ids(ids, every, "reject"))
    count = len(rejected)
    if not count:
        click.echo("Nothing waits in the inbox.")
        return
    shown = ", ".join(f"#{item}" for item in rejected[:20]) + (" ..." if count > 20 else "")
    click.echo(f"Rejected {count} proposal{'s' if count != 1 else ''}: {shown}")


@inbox.command("show", context_settings=CONTEXT_SETTINGS)
@click.argument("ids", nargs=-1, required=True, type=click.IntRange(min=1), metavar="ID...")
@pass_runtime
def show_command(runtime: Runtime, ids: tuple[int, ...]) -> None:
    """Show proposals in full: the mail's sender and subject, the rule and its evidence."""
    from pipeline_tui.domain.text import printable
    from pipeline_tui.services.inbox import proposals

    for number, item in enumerate(proposals(runtime.store, list(ids))):
        if number:
            click.echo("")
        lines = [
            f"proposal #{item.id} ({item.status})",
            f"from      {item.sender}",
            f"subject   {item.subject}",
            f"date      {item.sent_on.isoformat() if item.sent_on else 'unknown'}",
            f"kind      {item.kind} ({item.rule or 'no rule'}, confidence {item.confidence:.2f})",
            f"evidence  {item.evidence}",
            f"company   {item.company or '?'}" + (f", role {item.role}" if item.role else ""),
            f"links to  {_target(item)} (by {item.link})",
            f"records   {item.stage_label}",
        ]
        if item.requisition:
            lines.append(f"req. id   {item.requisition}")
        if item.interview_when:
            lines.append(f"interview {item.interview_when}")
        if item.message_id:
            lines.append(f"message   {item.message_id}")
        for line in lines:
            click.echo(printable(line))
