"""Follow-ups: remind, done, snooze, due and ghost."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime

if TYPE_CHECKING:
    from datetime import date

    from pipeline_tui.cli.runtime import Runtime
    from pipeline_tui.domain.reminders import DueItem, Reminder


def _reminder_line(reminder: Reminder) -> str:
    from pipeline_tui.domain.text import printable

    about = f" ({printable(reminder.about)})" if reminder.about else ""
    return f"{reminder.ref} due {reminder.due_on.isoformat()}: {printable(reminder.text)}{about}"


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("words", nargs=-1, required=True, metavar="[REF] TEXT")
@click.option("--on", "on_text", metavar="DATE", help="When it is due (default today).")
@click.option("--contact", "contact_ref", metavar="CONTACT", help="The contact it is about.")
@pass_runtime
def remind(
    runtime: Runtime, words: tuple[str, ...], on_text: str | None, contact_ref: str | None
) -> None:
    """Add a reminder: TEXT alone, or about application REF (and/or --contact).

    \b
    Examples:
      pipeline remind 12 "send the portfolio" --on friday
      pipeline remind "ask about the team" --contact "li lei" --on "in 2w"
      pipeline remind "update the CV"
    """
    from pipeline_tui.services.reminders import remind as add_reminder

    if len(words) > 2:
        raise click.UsageError("give REF and TEXT, or TEXT alone (quote text with spaces)")
    ref, text = (None, words[0]) if len(words) == 1 else words
    on = runtime.date(on_text, "--on", ahead=True) if on_text is not None else None
    reminder = add_reminder(runtime.store, text, ref=ref, contact=contact_ref, on=on)
    click.echo(f"Added reminder {_reminder_line(reminder)}")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("ref", metavar="REMINDER")
@pass_runtime
def done(runtime: Runtime, ref: str) -> None:
    """Mark REMINDER (r3 or 3; or f12, t12, c5 as `pipeline due` lists them) done.

    Done on a follow-up or thank-you note adds a note to the application's timeline; on a
    contact to get back to, an entry in their log. Either starts the count again.
    """
    from pipeline_tui.services.reminders import done as mark_done

    click.echo(mark_done(runtime.store, ref).text)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("ref", metavar="REMINDER")
@click.option("--to", "to_text", metavar="DATE", required=True, help="The day it is due again.")
@pass_runtime
def snooze(runtime: Runtime, ref: str, to_text: str) -> None:
    """Move REMINDER (r3, f12, t12, c5) to a later day; a done reminder opens again."""
    from pipeline_tui.services.reminders import snooze as move_reminder

    reminder = move_reminder(runtime.store, ref, runtime.date(to_text, "--to", ahead=True))
    click.echo(f"Snoozed: {_reminder_line(reminder)}")


def _age(day: date, today: date) -> str:
    days = (today - day).days
    if days == 0:
        return "today"
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} ago"
    return "tomorrow" if days == -1 else f"in {-days} days"


def _due_line(item: DueItem, today: date) -> str:
    from pipeline_tui.domain.text import printable

    if item.kind == "interview" or item.due_on > today:  # an interview, a deadline ahead
        return f"  {item.ref or '':<5} {_age(item.due_on, today):<16} {printable(item.text)}"
    since = "today" if item.due_on == today else f"since {item.due_on.isoformat()}"
    return f"  {item.ref or '':<5} {since:<16} {printable(item.text)}"


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@pass_runtime
def due(runtime: Runtime, output: str) -> None:
    """What to do now: offers to answer, postings about to close, reminders, follow-ups,
    thank-you notes, people to get back to, and interviews in the next 7 days. See
    docs/contacts.md for why each line appears.

    Act on a line with `pipeline done REF` or `pipeline snooze REF --to DATE`.
    """
    from pipeline_tui import clock
    from pipeline_tui.services.ghosting import ghost
    from pipeline_tui.services.insights import ghost_age
    from pipeline_tui.services.reminders import due as due_items

    today = clock.today()
    settings = runtime.settings
    items = due_items(runtime.store, settings, today=today)
    if output == "json":
        from pipeline_tui.cli.output import echo_json

        echo_json([item.as_json() for item in items], indent=2)
        return
    todo = [item for item in items if item.kind != "interview"]
    ahead = [item for item in items if item.kind == "interview"]
    click.echo(f"Due as of {today:%a} {today.isoformat()}: {len(todo)}")
    for item in todo:
        click.echo(_due_line(item, today))
    if not todo:
        click.echo("  nothing")
    click.echo(f"Interviews in the next 7 days: {len(ahead)}")
    for item in ahead:
        click.echo(_due_line(item, today))
    if not ahead:
        click.echo("  none")
    days = ghost_age(runtime.store, settings, today=today).days
    silent = ghost(runtime.store, older_than=days, dry_run=True)
    if silent.applications:
        count = len(silent.applications)
        click.echo(
            f"{count} open application{'s have' if count != 1 else ' has'} heard nothing for "
            f"{days}+ days; `pipeline ghost --dry-run` lists "
            f"{'them' if count != 1 else 'it'}."
        )


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--older-than",
    "older_than",
    type=click.IntRange(min=1),
    metavar="DAYS",
    help="Silent for at least DAYS days (default: ghost_after_days in config, or the reply "
    "curve's day with ghost_after = auto).",
)
@click.option("--dry-run", is_flag=True, help="Only list what would be marked.")
@pass_runtime
def ghost(runtime: Runtime, older_than: int | None, dry_run: bool) -> None:
    """Mark open applications that have heard nothing for DAYS days as ghosted, all at once.

    One `pipeline undo` takes the whole batch back.
    """
    from pipeline_tui import clock
    from pipeline_tui.domain.stages import stage_label
    from pipeline_tui.services import describe
    from pipeline_tui.services.ghosting import ghost as mark_ghosted

    if older_than is not None:
        days = older_than
    else:
        from pipeline_tui.services.insights import ghost_age

        age = ghost_age(runtime.store, runtime.settings, today=clock.today())
        days = age.days
        if age.source != "fixed":
            click.echo(f"({age.why})")
    result = mark_ghosted(runtime.store, older_than=days, dry_run=dry_run)
    count = len(result.applications)
    noun = f"application{'s' if count != 1 else ''}"
    if not count:
        click.echo(f"No open application has been silent for {days}+ days; nothing to mark.")
        return
    if dry_run:
        click.echo(f"Would mark {count} {noun} silent for {days}+ days as ghosted:")
    else:
        click.echo(f"Marked {count} {noun} silent for {days}+ days as ghosted:")
    today = clock.today()
    for item in result.applications:
        before = item.application
        stage = stage_label(before.stage, before.round)
        moved = stage if dry_run else f"{stage} to ghosted"
        click.echo(
            f"  {describe(before)}: {moved}, nothing since {item.silent_since.isoformat()} "
            f"({(today - item.silent_since).days} days)"
        )
    if count and not dry_run:
        click.echo("One `pipeline undo` takes them all back.")
