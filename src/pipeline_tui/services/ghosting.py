"""`ghost`: mark every application that has heard nothing for long enough as ghosted, at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from pipeline_tui import clock
from pipeline_tui.domain.models import Application
from pipeline_tui.domain.stages import Stage
from pipeline_tui.errors import InvalidValue
from pipeline_tui.store import applications as queries
from pipeline_tui.store.engine import Store
from pipeline_tui.store.reminders import covered_applications


@dataclass(frozen=True, slots=True)
class Silent:
    """An application ghost marks (or would mark), as it was before, and the day it last heard
    anything."""

    application: Application
    silent_since: date


@dataclass(frozen=True, slots=True)
class Ghosting:
    """What ghost changed (or, on a dry run, would change); batch is the undo batch."""

    applications: tuple[Silent, ...]
    older_than: int
    dry_run: bool
    batch: int | None = None


def _candidates(session: Session, cutoff: date) -> list[Application]:
    # A reminder you set, or an interaction about it since, means you are still on it.
    covered = covered_applications(session, cutoff)
    return [
        application
        for application in queries.silent_applications(session, cutoff)
        if application.id not in covered
    ]


def ghost(store: Store, *, older_than: int, dry_run: bool = False) -> Ghosting:
    """Mark open applications at submitted, screening or interview with nothing recorded for
    older_than days as ghosted today, in one transaction and one undo batch."""
    if older_than < 1:
        raise InvalidValue("older-than", "the age must be at least 1 day")
    today = clock.today()
    cutoff = today - timedelta(days=older_than)
    if dry_run:
        with store.read() as session:
            found = _candidates(session, cutoff)
        return Ghosting(tuple(_silent(item) for item in found), older_than, True)
    now = clock.now()
    changed = []
    with store.write() as session:
        found = _candidates(session, cutoff)
        batch = queries.next_batch(session) if found else None
        for application in found:
            queries.insert_event(
                session,
                application.id,
                kind="stage",
                stage=Stage.GHOSTED,
                round=None,
                occurred_on=today,
                note=None,
                now=now,
                batch=batch,
            )
            queries.sync_derived(session, application.id, now)
            changed.append(_silent(application))
    return Ghosting(tuple(changed), older_than, False, batch)


def _silent(application: Application) -> Silent:
    assert application.last_event_on is not None
    return Silent(application, application.last_event_on)
