"""Interview rounds with details: a time, a duration, a format, a place and interviewers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from pipeline_tui import clock
from pipeline_tui.domain.contacts import Contact
from pipeline_tui.domain.interviews import Interview, InterviewFormat
from pipeline_tui.domain.models import MAX_NAME_LENGTH, Application, Event
from pipeline_tui.domain.stages import Stage, parse_stage
from pipeline_tui.errors import InvalidValue
from pipeline_tui.services.applications import check_move_values, record_move
from pipeline_tui.services.contacts import interviewer
from pipeline_tui.services.refs import optional, resolve
from pipeline_tui.store import interviews as store_interviews
from pipeline_tui.store.engine import Store


@dataclass(frozen=True, slots=True)
class InterviewPlan:
    """The details of an interview round; all optional (no time: the whole day)."""

    at: time | None = None
    duration_minutes: int | None = None
    format: InterviewFormat | None = None
    place: str | None = None
    interviewers: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any((self.at, self.duration_minutes, self.format, self.place, self.interviewers))


@dataclass(frozen=True, slots=True)
class Scheduled:
    """An application after an interview round was recorded with details.

    added: contacts created for interviewer names that matched nobody.
    """

    application: Application
    event: Event
    interview: Interview
    added: tuple[Contact, ...] = ()


def move(
    store: Store,
    ref: str | int,
    stage: Stage | str,
    plan: InterviewPlan,
    *,
    on: date | None = None,
    round: int | None = None,
    note: str | None = None,
    force: bool = False,
) -> Scheduled:
    """Record a move to interview with its details, in one transaction.

    Interviewers are contacts: a name that matches no contact adds one (an interviewer at the
    application's company); a name matching several is refused.
    """
    target = stage if isinstance(stage, Stage) else parse_stage(stage)
    if target is not Stage.INTERVIEW:
        raise InvalidValue(
            "format", "a time, duration, format, place or interviewer applies only to interviews"
        )
    place = optional(plan.place)
    if place is not None and len(place) > 1000:
        raise InvalidValue("place", "the place is longer than 1000 characters")
    names = [name for name in (optional(text) for text in plan.interviewers) if name]
    if any(len(name) > MAX_NAME_LENGTH for name in names):
        raise InvalidValue("with", f"a name is longer than {MAX_NAME_LENGTH} characters")
    check_move_values(target, round=round, reason=None, reason_text=None)
    now = clock.now()
    with store.write() as session:
        change = record_move(
            session,
            resolve(session, ref, open_only=True),
            target,
            occurred_on=on or clock.today(),
            round=round,
            note=note,
            force=force,
            now=now,
        )
        application, event = change.application, change.event
        people = [interviewer(session, name, application.company) for name in names]
        store_interviews.insert_detail(
            session,
            event.id,
            starts_at=plan.at,
            duration_minutes=plan.duration_minutes,
            format=plan.format,
            place=place,
            interviewer_ids=[contact.id for contact, _ in people],
        )
        recorded = next(
            item
            for item in store_interviews.interviews_of_application(session, application.id)
            if item.event_id == event.id
        )
    added = tuple(dict((contact.id, contact) for contact, new in people if new).values())
    return Scheduled(application, event, recorded, added)
