"""What users type to name things, and how services name them back: an application
reference ("#12", "bytedance llm"), a date, and the words for an application or an event."""

from __future__ import annotations

import re
from datetime import date

from sqlmodel import Session

from pipeline_tui import clock
from pipeline_tui.config import Settings
from pipeline_tui.domain.dates import parse_date
from pipeline_tui.domain.models import Application, Event
from pipeline_tui.domain.reasons import describe_reason
from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.text import printable
from pipeline_tui.errors import AmbiguousRef, NotFound, UserError
from pipeline_tui.store import applications as queries

_ID_REF = re.compile(r"(?a)#?(\d+)")
_CANDIDATES_SHOWN = 10
# SQLite integers are 64-bit; a longer number cannot be an id (and would overflow the driver).
_MAX_ID = 2**63 - 1
# A preference between matches is looked for among at most this many of them.
_PREFER_AMONG = 1_000


def read_date(text: str, settings: Settings, *, ahead: bool = False) -> date:
    """Parse a date the user typed, with the configured day order and today's date; ahead for
    a day to come (a reminder, a deadline), where "fri" or "Jan 5" mean the next one."""
    return parse_date(text, today=clock.today(), dayfirst=settings.dayfirst, ahead=ahead)


def optional(text: str | None) -> str | None:
    """Return text stripped, or None when blank."""
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None


def describe(application: Application) -> str:
    """Return "#12 ByteDance — LLM engineer" with user text made safe to print."""
    return f"#{application.id} {printable(application.title)}"


def describe_event(event: Event, *, with_note: bool = True) -> str:
    """Return "interview round 2 on 2024-08-21", or "note on ...: text" for a note."""
    day = event.occurred_on.isoformat()
    if event.kind == "note":
        return f"note on {day}: {printable(event.note or '')}" if with_note else f"note on {day}"
    round_text = f" round {event.round}" if event.round else ""
    reason = describe_reason(event.reason, event.reason_text)
    because = f" ({printable(reason)})" if reason else ""
    return f"{event.stage}{round_text} on {day}{because}"


def resolve(
    session: Session, ref: str | int, *, open_only: bool, prefer: tuple[Stage, ...] = ()
) -> Application:
    """Find the one application ref names: an id, "#id", or text matching one application.

    prefer: when the text matches several, the one application at the first of these stages
    that exactly one of them is at (`pipeline offer huawei` means the Huawei application at
    the offer or interview stage, not the twelve others only submitted).
    """
    if isinstance(ref, int) or _ID_REF.fullmatch(ref.strip()):
        application_id = ref if isinstance(ref, int) else int(ref.strip().lstrip("#"))
        application = (
            queries.get_application(session, application_id)
            if 0 < application_id <= _MAX_ID
            else None
        )
        if application is None:
            raise NotFound(f"no application #{application_id}")
        return application
    text = ref.strip()
    if not text:
        raise UserError("no application given")
    # Open applications first, then (where closed ones may be meant) any, then archived ones.
    searches = [{"open_only": True}]
    if not open_only:
        searches += [{"open_only": False}, {"open_only": False, "archived": True}]
    exact: list[int] = []
    partial: list[int] = []
    for search in searches:
        exact, partial = queries.match_text(session, text, **search)
        if exact or partial:
            break
    ids = exact or partial
    shown = printable(text)
    if not ids:
        which = "open application" if open_only else "application"
        raise NotFound(f'no {which} matches "{shown}"')
    if len(ids) > 1 and prefer and len(ids) <= _PREFER_AMONG:
        found = queries.get_applications(session, ids)
        for stage in prefer:
            at_stage = [item for item in found if item.stage is stage]
            if len(at_stage) == 1:
                return at_stage[0]
            if at_stage:
                break  # several at the stage meant: still ambiguous
    if len(ids) > 1:
        candidates = queries.get_applications(session, ids[:_CANDIDATES_SHOWN])
        raise AmbiguousRef(
            f'"{shown}" matches {len(ids)} applications; give the #id',
            [(item.id, f"{printable(item.title)} [{item.stage}]") for item in candidates],
            len(ids),
        )
    application = queries.get_application(session, ids[0])
    assert application is not None
    return application
