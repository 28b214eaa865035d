"""Interview rounds with their details (time, duration, format, place, interviewers)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, time
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.interviews import Interview, Interviewer, InterviewFormat
from pipeline_tui.domain.stages import CLOSED_STAGES, Stage
from pipeline_tui.store.applications import CAMPAIGNS, named
from pipeline_tui.store.tables import application_table as _application
from pipeline_tui.store.tables import company_table as _company
from pipeline_tui.store.tables import contact_table as _contact
from pipeline_tui.store.tables import event_interviewer_table as _interviewer
from pipeline_tui.store.tables import event_table as _event
from pipeline_tui.store.tables import interaction_table as _interaction
from pipeline_tui.store.tables import interview_table as _interview
from pipeline_tui.store.tables import reminder_table as _reminder


def insert_detail(
    session: Session,
    event_id: int,
    *,
    starts_at: time | None,
    duration_minutes: int | None,
    format: InterviewFormat | None,
    place: str | None,
    interviewer_ids: Sequence[int],
) -> None:
    """Record the details of the interview round event_id recorded."""
    session.execute(
        sa.insert(_interview).values(
            event_id=event_id,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            format=format.value if format else None,
            place=place,
        )
    )
    for contact_id in dict.fromkeys(interviewer_ids):
        session.execute(sa.insert(_interviewer).values(event_id=event_id, contact_id=contact_id))


def _select_interviews() -> sa.Select[Any]:
    from pipeline_tui.store.closing import cancelled_interview

    return (
        sa.select(
            _event.c.id.label("event_id"),
            _event.c.application_id,
            _company.c.name.label("company"),
            _application.c.role,
            _application.c.department,
            _event.c.round,
            _event.c.occurred_on,
            _interview.c.starts_at,
            _interview.c.duration_minutes,
            _interview.c.format,
            _interview.c.place,
            cancelled_interview().label("cancelled"),
        )
        .join_from(_event, _application, _application.c.id == _event.c.application_id)
        .join(_company, _company.c.id == _application.c.company_id)
        .join(_interview, _interview.c.event_id == _event.c.id, isouter=True)
        .where(_event.c.kind == "stage", _event.c.stage == Stage.INTERVIEW.value)
    )


@cache
def _interviewers() -> sa.Select[Any]:
    """The interviewers named on the rounds whose event ids are bound as "events"."""
    events = sa.bindparam("events", expanding=True, type_=sa.Integer)
    return (
        sa.select(_interviewer.c.event_id, _contact.c.id, _contact.c.name)
        .join_from(_interviewer, _contact, _contact.c.id == _interviewer.c.contact_id)
        .where(_interviewer.c.event_id.in_(events))
        .order_by(_contact.c.name, _contact.c.id)
    )


def _load(session: Session, query: sa.Select[Any]) -> list[Interview]:
    return _interviews(session, session.execute(query).all())


def _interviews(session: Session, rows: Sequence[Any]) -> list[Interview]:
    """The rounds of rows (of _select_interviews, its columns first), with their interviewers
    (one more read)."""
    people: defaultdict[int, list[Interviewer]] = defaultdict(list)
    if rows:
        events = sorted({row[0] for row in rows})
        for event_id, contact_id, name in session.execute(_interviewers(), {"events": events}):
            people[event_id].append(Interviewer(contact_id, name))
    # Positional unpacking: a weekly summary builds hundreds of rounds at 100,000 applications,
    # and a Row's attribute lookups cost more than the rest of building one.
    found = []
    for row in rows:
        event_id, application_id, company, role, department, round_, day = row[:7]
        starts_at, duration, format_, place, cancelled = row[7:12]
        found.append(
            Interview(
                event_id=event_id,
                application_id=application_id,
                company=company,
                role=role,
                department=department,
                round=round_,
                occurred_on=day,
                starts_at=starts_at,
                duration_minutes=duration,
                format=InterviewFormat(format_) if format_ else None,
                place=place,
                interviewers=tuple(people[event_id]),
                cancelled=bool(cancelled),
            )
        )
    return found


def _in_time_order(query: sa.Select[Any]) -> sa.Select[Any]:
    # A round without a time sorts first on its day: it takes the whole day.
    return query.order_by(
        _event.c.occurred_on, _interview.c.starts_at.asc().nulls_first(), _event.c.id
    )


def interviews_between(
    session: Session,
    first_day: date,
    last_day: date,
    *,
    open_only: bool,
    campaign: str | None = None,
    cancelled: bool = False,
) -> list[Interview]:
    """Return interview rounds dated first_day..last_day of unarchived applications (only
    still open ones with open_only), in time order; with cancelled, also the rounds their
    application's closing cancelled (store/closing.py)."""
    from pipeline_tui.store.closing import cancelled_interview

    query = _select_interviews().where(
        _event.c.occurred_on.between(first_day, last_day),
        _application.c.archived.is_(False),
    )
    if open_only:
        query = query.where(_application.c.stage.not_in([stage.value for stage in CLOSED_STAGES]))
    elif not cancelled:
        query = query.where(sa.not_(cancelled_interview()))
    if campaign is not None:
        query = query.where(named(session, _application.c.campaign, campaign))
    return _load(session, _in_time_order(query))


def week_interviews(
    session: Session,
    *,
    ahead: tuple[date, date],
    week: tuple[date, date],
    campaigns: Sequence[str] | None,
) -> tuple[list[Interview], list[Interview]]:
    """Return the interview rounds a weekly summary lists, each in time order, of unarchived
    applications (of these campaigns unless None): those dated in ahead of applications still
    open, and those dated in week but for the ones closing cancelled (interviews_between's
    two reads, in one statement; the interviewers in one more)."""
    values: dict[str, Any] = {
        "ahead_first": ahead[0],
        "ahead_last": ahead[1],
        "week_first": week[0],
        "week_last": week[1],
    }
    if campaigns is not None:
        values["campaigns"] = list(campaigns)
    rows = session.execute(_week_statement(campaigns is not None), values).all()
    # A round in both lists (this week's, still ahead) is built once.
    unique = list({row[0]: row for row in rows}.values())
    built = {interview.event_id: interview for interview in _interviews(session, unique)}
    upcoming: list[Interview] = []
    held: list[Interview] = []
    for row in rows:
        (upcoming if row[-1] == 0 else held).append(built[row[0]])
    return upcoming, held


@cache
def _week_statement(campaign: bool) -> sa.CompoundSelect[Any]:
    from pipeline_tui.store.closing import cancelled_interview

    parts = []
    for part, name in enumerate(("ahead", "week")):
        first = sa.bindparam(f"{name}_first", type_=sa.Date)
        last = sa.bindparam(f"{name}_last", type_=sa.Date)
        query = (
            _select_interviews()
            .add_columns(sa.literal_column(str(part), sa.Integer).label("part"))
            .where(_event.c.occurred_on.between(first, last), _application.c.archived.is_(False))
        )
        if name == "ahead":
            query = query.where(_application.c.stage.not_in([s.value for s in CLOSED_STAGES]))
        else:
            query = query.where(sa.not_(cancelled_interview()))
        if campaign:
            query = query.where(_application.c.campaign.in_(CAMPAIGNS))
        parts.append(query)
    both = sa.union_all(*parts)
    # A round without a time sorts first on its day: it takes the whole day.
    columns = both.selected_columns
    return both.order_by(
        columns.part, columns.occurred_on, columns.starts_at.asc().nulls_first(), columns.event_id
    )


def interviews_of_application(session: Session, application_id: int) -> list[Interview]:
    """Return the interview rounds of one application, in time order."""
    query = _select_interviews().where(_event.c.application_id == application_id)
    return _load(session, _in_time_order(query))


def interviews_of_contact(session: Session, contact_id: int) -> list[Interview]:
    """Return the interview rounds a contact is named on, in time order."""
    events = sa.select(_interviewer.c.event_id).where(_interviewer.c.contact_id == contact_id)
    query = _select_interviews().where(_event.c.id.in_(events))
    return _load(session, _in_time_order(query))


def awaiting_thanks(session: Session, first_day: date, last_day: date) -> list[Interview]:
    """Return the newest interview round of open, unarchived applications at interview whose
    round was held first_day..last_day and nothing was recorded after it: no later event, no
    interaction about it since, no open reminder."""
    since_interview = (
        sa.select(_interaction.c.id)
        .where(
            _interaction.c.application_id == _application.c.id,
            _interaction.c.occurred_on >= _event.c.occurred_on,
        )
        .exists()
    )
    open_reminder = (
        sa.select(_reminder.c.id)
        .where(_reminder.c.application_id == _application.c.id, _reminder.c.done_at.is_(None))
        .exists()
    )
    query = _select_interviews().where(
        _event.c.occurred_on.between(first_day, last_day),
        _application.c.stage == Stage.INTERVIEW.value,
        _application.c.archived.is_(False),
        _application.c.last_event_on == _event.c.occurred_on,
        ~since_interview,
        ~open_reminder,
    )
    newest: dict[int, Interview] = {}
    for interview in _load(session, _in_time_order(query)):
        newest[interview.application_id] = interview
    return sorted(newest.values(), key=lambda item: (item.occurred_on, item.application_id))
