"""Accepting an offer from the command line (`pipeline move REF accepted [--close-others]`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime
    from pipeline_tui.services.offers import OpenElsewhere

_SHOWN = 20


def _open_line(item: OpenElsewhere) -> str:
    from pipeline_tui.domain.stages import stage_label
    from pipeline_tui.services import describe

    application = item.application
    what = stage_label(application.stage, application.round)
    deadline = item.offer.package.deadline if item.offer else None
    if item.pending_offer:
        what = f"pending offer (answer by {deadline.isoformat()})" if deadline else "pending offer"
    archived = " (archived)" if application.archived else ""
    return f"  {describe(application)}{archived}: {what}"


def accept(
    runtime: Runtime,
    ref: str,
    *,
    on: date | None,
    note: str | None,
    close_others: bool,
    force: bool,
    output: str,
) -> None:
    """Accept REF's offer and list, or with close_others close, the other open applications."""
    from pipeline_tui.services import describe, describe_event
    from pipeline_tui.services.offers import accept as record_acceptance

    done = record_acceptance(
        runtime.store, ref, on=on, note=note, close_others=close_others, force=force
    )
    if output == "json":
        data = done.application.as_json()
        data["closed"] = [
            {"id": change.application.id, "stage": change.application.stage.value}
            for change in done.closed
        ]
        data["still_open"] = [
            {
                "id": item.application.id,
                "stage": item.application.stage.value,
                "pending_offer": item.pending_offer,
            }
            for item in done.still_open
        ]
        from pipeline_tui.cli.output import echo_json

        echo_json(data)
        return
    title = describe(done.application)
    if done.accepted is not None:
        click.echo(f"Moved {title}: {describe_event(done.accepted.event)}")
    else:
        click.echo(f"{title} was already accepted")
    if close_others:
        for change in done.closed:
            verb = "Declined the offer of" if change.event.stage == "declined" else "Withdrew"
            click.echo(f"{verb} {describe(change.application)} (accepted elsewhere)")
        changed = len(done.closed) + (done.accepted is not None)
        if not done.closed:
            click.echo("No other application was open.")
        elif changed > 1:
            click.echo(f"One `pipeline undo` takes all {changed} back.")
        return
    if not done.still_open:
        return
    offers = sum(item.pending_offer for item in done.still_open)
    count = len(done.still_open)
    click.echo(
        f"Still open: {count} other application{'s' if count != 1 else ''}"
        + (f", {offers} with a pending offer" if offers else "")
        + ":"
    )
    for item in done.still_open[:_SHOWN]:
        click.echo(_open_line(item))
    if count > _SHOWN:
        click.echo(f"  … and {count - _SHOWN} more")
    click.echo(
        "To withdraw them and decline their offers in one step: "
        f"pipeline move {done.application.id} accepted --close-others"
    )
