"""Commands that write: add, move, note, undo, archive."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime
    from pipeline_tui.domain.models import Application, Event
    from pipeline_tui.domain.postings import Posting
    from pipeline_tui.services import Change
    from pipeline_tui.services.interviews import Scheduled

FORMAT_TEXT_JSON = click.Choice(["text", "json"])


def _print_change(verb: str, application: Application, event: Event, output: str) -> None:
    from pipeline_tui.services import describe, describe_event

    if output == "json":
        from pipeline_tui.cli.output import echo_json

        echo_json(application.as_json())
    else:
        click.echo(f"{verb} {describe(application)}: {describe_event(event)}")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("company", required=False)
@click.argument("role", required=False)
@click.option(
    "--from",
    "posting_source",
    metavar="URL|FILE",
    help="Read company, role, location, closing day and salary from a job posting (a web "
    "address or a saved .html page) and keep its text with the application.",
)
@click.option("--source", "-s", help="How it was found or sent: referral, campus, a job board...")
@click.option("--campaign", "-c", help='Search campaign, e.g. "2024 autumn campus".')
@click.option("--department", "-d", help="Department or team (one company can have several).")
@click.option("--location", "-l", help="City or remote.")
@click.option("--url", help="Link to the posting.")
@click.option("--program", "-p", help='Named talent programme, e.g. "Top Seed".')
@click.option("--cv", metavar="VERSION", help='The CV version sent, e.g. "v3" (funnel --by cv).')
@click.option("--letter", metavar="VERSION", help='The cover-letter version sent, e.g. "L2".')
@click.option("--note", "-n", help="A note on the first event.")
@click.option("--on", "on_text", metavar="DATE", help="When it was sent (default today).")
@click.option("--saved", is_flag=True, help="Only saved to the wishlist, not sent yet.")
@click.option("--closes", metavar="DATE", help="With --saved: when the posting closes (apply by).")
@click.option("--force", is_flag=True, help="Record it even if the same one is still open.")
@click.option("--quiet", "-q", is_flag=True, help="No lines about earlier applications or people.")
@click.option("--format", "output", type=FORMAT_TEXT_JSON, default="text", show_default=True)
@pass_runtime
def add(
    runtime: Runtime,
    company: str | None,
    role: str | None,
    posting_source: str | None,
    source: str | None,
    campaign: str | None,
    department: str | None,
    location: str | None,
    url: str | None,
    program: str | None,
    cv: str | None,
    letter: str | None,
    note: str | None,
    on_text: str | None,
    saved: bool,
    closes: str | None,
    force: bool,
    quiet: bool,
    output: str,
) -> None:
    """Record an application to COMPANY for ROLE (submitted today unless --on or --saved).

    When you applied to the company before (rejected, ghosted, or still open for another
    role), or know someone there, one line each says so; --quiet leaves them out.

    \b
    Examples:
      pipeline add ByteDance "LLM engineer" --source referral --on yesterday
      pipeline add 阿里巴巴 "算法工程师" -d 通义实验室 -c "2024 autumn campus"
      pipeline add Baidu "ERNIE" --cv v3 --letter L2
      pipeline add Meituan "Search ranking" --saved --closes "in 5 days"
      pipeline add --from "https://boards.greenhouse.io/acme/jobs/4012345" --saved
      pipeline add --from saved-posting.html Acme "ML engineer"   # names given win

    With --from, COMPANY and ROLE may be left out: they come from the posting's schema.org
    JobPosting data, else from its title (each guess is named on stderr).
    """
    from pipeline_tui.services import NewApplication, add_application

    on = runtime.date(on_text, "--on") if on_text is not None else None
    closes_on = runtime.date(closes, "--closes", ahead=True) if closes is not None else None
    fields = {
        "department": department,
        "location": location,
        "url": url,
        "source": source,
        "program": program,
        "campaign": campaign,
        "note": note,
        "on": on,
        "saved": saved,
        "closes_on": closes_on,
        "cv": cv,
        "letter": letter,
    }
    posting = None
    if posting_source is not None:
        from pipeline_tui.services.postings import application_from, read_posting_from

        posting = read_posting_from(posting_source)
        new = application_from(posting, company=company, role=role, **fields)
        _print_posting(posting, saved, posting_source)
    elif company is None or role is None:
        missing = "COMPANY" if company is None else "ROLE"
        raise click.UsageError(f"Missing argument '{missing}' (or give --from URL|FILE)")
    else:
        new = NewApplication(company=company, role=role, **fields)  # type: ignore[arg-type]
    change = add_application(runtime.store, new, force=force)
    if output == "json" and posting is not None:
        from pipeline_tui.cli.output import echo_json

        echo_json({**change.application.as_json(), "posting": posting.as_json()})
    else:
        _print_change("Added", change.application, change.event, output)
    if not quiet:
        _print_hints(change, err=output == "json")


def _print_posting(posting: Posting, saved: bool, source: str) -> None:
    """Say on stderr what was read from a posting and what was guessed."""
    from pipeline_tui import clock
    from pipeline_tui.domain.text import printable
    from pipeline_tui.services.postings import closing_note

    found = posting.found()
    where = posting.url or source
    click.echo(
        f"Read {printable(where)} ({posting.found_by}): {printable('; '.join(found) or 'nothing')}",
        err=True,
    )
    for guess in posting.guessed:
        click.echo(f"guessed: {printable(guess)}", err=True)
    note = closing_note(posting, saved, clock.today())
    if note:
        click.echo(f"note: {note}", err=True)


def _print_hints(change: Change, *, err: bool) -> None:
    """Say what else there is at this company: an earlier application, people you know."""
    from pipeline_tui.domain.models import application_title
    from pipeline_tui.domain.text import printable

    if change.earlier:
        first = change.earlier[0]
        title = application_title(change.application.company, first.role, first.department)
        more = f" (and {len(change.earlier) - 1} more)" if len(change.earlier) > 1 else ""
        click.echo(
            f"applied here before: #{first.id} {printable(title)}, {first.outcome()}{more}",
            err=err,
        )
    if change.known:
        names = ", ".join(printable(person.label) for person in change.known[:3])
        more = f" and {len(change.known) - 3} more" if len(change.known) > 3 else ""
        click.echo(f"you know: {names}{more}", err=err)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("ref")
@click.argument("stage")
@click.option(
    "--on",
    "on_text",
    metavar="DATE",
    help='When it happened (default today); an interview may take a time: "2024-09-03 14:00".',
)
@click.option("--round", "-r", "round_number", type=int, help="Interview round (default: next).")
@click.option("--note", "-n", help="A note on this event.")
@click.option("--duration", metavar="TIME", help="How long the interview takes: 60m, 1h30.")
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT",
    help="Interview format (phone, video, onsite, take-home), and/or output (text, json).",
)
@click.option("--place", metavar="TEXT", help="Where the interview is: an address or a link.")
@click.option(
    "--with", "interviewers", multiple=True, metavar="CONTACT", help="An interviewer (repeatable)."
)
@click.option(
    "--reason",
    metavar="REASON[: TEXT]",
    help='Why it ended (rejected, withdrawn, declined): "failed technical", "salary: too low".',
)
@click.option(
    "--close-others",
    is_flag=True,
    help="With accepted: withdraw every other open application and decline their offers.",
)
@click.option("--force", is_flag=True, help="Allow a backwards move, reopening, or a repeat.")
@pass_runtime
def move(
    runtime: Runtime,
    ref: str,
    stage: str,
    on_text: str | None,
    round_number: int | None,
    note: str | None,
    duration: str | None,
    formats: tuple[str, ...],
    place: str | None,
    interviewers: tuple[str, ...],
    reason: str | None,
    close_others: bool,
    force: bool,
) -> None:
    """Move application REF to STAGE.

    REF is an id (12 or #12) or text matching one open application's company or role.

    \b
    Stages: saved, submitted, screening, interview, offer, accepted, declined,
            rejected, withdrawn, ghosted
    Aliases: applied=submitted; replied, screen, hr, oa, test, assessment=screening;
             reject=rejected

    \b
    Examples:
      pipeline move 12 screening
      pipeline move bytedance interview --on "next tue"     # next round
      pipeline move "alibaba 通义" interview --round 3
      pipeline move 12 rejected --reason "failed technical: CUDA questions"
      pipeline move 12 interview --on "2024-09-03 14:00" --duration 60m --format video \\
                                 --with "Li Lei"
      pipeline move meituan accepted --close-others   # one `undo` takes it all back
    """
    from pipeline_tui.domain.interviews import parse_format
    from pipeline_tui.domain.stages import Stage, parse_stage
    from pipeline_tui.domain.times import parse_duration
    from pipeline_tui.services import move as record_move
    from pipeline_tui.services.interviews import InterviewPlan
    from pipeline_tui.services.interviews import move as schedule

    outputs = [item for item in formats if item.strip().casefold() in ("text", "json")]
    kinds = [item for item in formats if item not in outputs]
    if len(outputs) > 1 or len(kinds) > 1:
        raise click.UsageError("give --format once for the output and once for the interview")
    output = outputs[0].strip().casefold() if outputs else "text"
    target = parse_stage(stage)
    if close_others and target is not Stage.ACCEPTED:
        raise click.BadParameter("only accepted closes the others", param_hint="--close-others")
    reason_name = reason_text = None
    if reason is not None:
        from pipeline_tui.domain.reasons import parse_reason

        reason_name, reason_text = parse_reason(reason, runtime.settings.close_reasons)
    when = runtime.date_time(on_text, "--on") if on_text is not None else None
    on = when.day if when else None
    plan = InterviewPlan(
        at=when.at if when else None,
        duration_minutes=parse_duration(duration) if duration is not None else None,
        format=parse_format(kinds[0]) if kinds else None,
        place=place,
        interviewers=interviewers,
    )
    if plan:
        scheduled = schedule(
            runtime.store, ref, target, plan, on=on, round=round_number, note=note, force=force
        )
        _print_scheduled(scheduled, output)
        return
    if when is not None and when.at is not None:
        raise click.BadParameter("only an interview takes a time of day", param_hint="--on")
    if target is Stage.ACCEPTED:
        from pipeline_tui.cli.decisions import accept
        from pipeline_tui.services import check_move_values

        check_move_values(target, round=round_number, reason=reason_name, reason_text=reason_text)
        accept(
            runtime, ref, on=on, note=note, close_others=close_others, force=force, output=output
        )
        return
    change = record_move(
        runtime.store,
        ref,
        target,
        on=on,
        round=round_number,
        note=note,
        force=force,
        reason=reason_name,
        reason_text=reason_text,
    )
    _print_change("Moved", change.application, change.event, output)


def _print_scheduled(scheduled: Scheduled, output: str) -> None:
    from pipeline_tui.domain.text import printable
    from pipeline_tui.services import describe, describe_event
    from pipeline_tui.services.contacts import describe_contact

    if output == "json":
        data = scheduled.application.as_json()
        data["interview"] = scheduled.interview.as_json()
        from pipeline_tui.cli.output import echo_json

        echo_json(data)
        return
    interview = scheduled.interview
    what = describe_event(scheduled.event)
    if interview.starts_at is not None:
        what += f" at {interview.starts_at:%H:%M}"
    details = f" ({printable(interview.details())})" if interview.details() else ""
    click.echo(f"Moved {describe(scheduled.application)}: {what}{details}")
    for contact in scheduled.added:
        click.echo(f"New contact {describe_contact(contact)}")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("ref")
@click.argument("text")
@click.option("--on", "on_text", metavar="DATE", help="Date of the note (default today).")
@pass_runtime
def note(runtime: Runtime, ref: str, text: str, on_text: str | None) -> None:
    """Add TEXT as a dated note on application REF's timeline."""
    from pipeline_tui.services import add_note

    on = runtime.date(on_text, "--on") if on_text is not None else None
    change = add_note(runtime.store, ref, text, on=on)
    _print_change("Noted", change.application, change.event, "text")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("ref", required=False)
@pass_runtime
def undo(runtime: Runtime, ref: str | None) -> None:
    """Remove the newest event of REF, or the newest change recorded at all.

    Without REF, a command that changed several applications at once is undone as a whole.
    Undoing an application's only event removes the application.
    """
    from pipeline_tui.services import describe_event
    from pipeline_tui.services import undo as undo_event

    undone = undo_event(runtime.store, ref)
    for item in (undone, *undone.others):
        what = describe_event(item.event)
        if item.application is None:
            click.echo(f"Removed {item.title} (its only event was {what})")
        else:
            click.echo(f"Undid {what} of {item.title}; now {item.application.stage}")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("ref")
@click.option("--restore", is_flag=True, help="Bring an archived application back.")
@pass_runtime
def archive(runtime: Runtime, ref: str, restore: bool) -> None:
    """Hide application REF from lists and the board; its history still counts in reports."""
    from pipeline_tui.services import describe, set_archived

    application = set_archived(runtime.store, ref, archived=not restore)
    click.echo(f"{'Restored' if restore else 'Archived'} {describe(application)}")
