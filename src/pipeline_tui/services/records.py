"""Records to take elsewhere: the calendar file and the work-search log."""

from __future__ import annotations

from datetime import date

from pipeline_tui import clock
from pipeline_tui.domain.worklog import WorklogEntry
from pipeline_tui.errors import UserError
from pipeline_tui.store.engine import Store


def calendar(store: Store, *, since: date | None = None) -> bytes:
    """Return an iCalendar file of interviews, pending offers' deadlines and reminders (to-dos)
    dated since (default: everything recorded)."""
    from pipeline_tui.reports.calendar import calendar_bytes
    from pipeline_tui.store import interviews, offers, records, reminders

    first_day = since or date.min
    with store.read() as session:
        rounds = interviews.interviews_between(
            session, first_day, date.max, open_only=False, cancelled=True
        )
        stamps = records.recorded_at(session, [item.event_id for item in rounds])
        pending = [
            offer
            for offer in offers.current_offers(session, include_decided=False, today=clock.today())
            if offer.offer.package.deadline is not None
            and offer.offer.package.deadline >= first_day
        ]
        todo = reminders.reminders_from(session, first_day)
    return calendar_bytes(rounds, pending, todo, stamps=stamps)


def worklog(store: Store, first_day: date, last_day: date) -> list[WorklogEntry]:
    """Return the applications sent and employers contacted first_day..last_day."""
    from pipeline_tui.domain.worklog import in_order
    from pipeline_tui.store import records

    if last_day < first_day:
        raise UserError(
            f"the range ends ({last_day.isoformat()}) before it starts ({first_day.isoformat()})"
        )
    with store.read() as session:
        return in_order(records.worklog_entries(session, first_day, last_day))
