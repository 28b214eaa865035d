"""How many statements the weekly summary runs: each costs SQLAlchemy about as much as a small
statement's SQL, so the count is held here (docs/performance.md, Reports). Runs on SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from pipeline_tui import services
from pipeline_tui.services import reminders
from pipeline_tui.store.engine import Store

TODAY = date(2024, 9, 16)  # PIPELINE_TODAY in tests/conftest.py

# history 1, cohort 5 and whole funnel 5 (store/reports.py _FunnelStatements), follow-ups 1,
# interview rounds 1 and their interviewers 1, offer deadlines 1.
STATEMENTS = 15


def _statements(store: Store, job: Callable[[], object]) -> list[str]:
    seen: list[str] = []

    def record(connection: Any, cursor: Any, sql: str, *rest: Any) -> None:
        if not sql.startswith("BEGIN"):
            seen.append(sql)

    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        job()
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)
    return seen


def _search(store: Store, pipeline: Any) -> None:
    """A little of everything the summary lists: a round ahead with an interviewer, a round
    held, a pending offer, a reminder, silent applications, two campaigns."""
    for number in range(6):
        new = services.NewApplication(
            f"Company {number}",
            "LLM engineer",
            on=TODAY - timedelta(days=5 * number + 1),
            campaign="2024 autumn" if number % 2 else "2024 spring",
        )
        services.add_application(store, new)
    assert pipeline("move", "1", "interview", "--on", "in 2 days", "--with", "Li Lei").code == 0
    assert pipeline("move", "2", "interview", "--on", "2024-09-16").code == 0
    assert pipeline("offer", "3", "--base", "26k x 16", "--deadline", "in 3 days").code == 0
    assert pipeline("move", "4", "screening", "--on", "2024-09-02").code == 0
    reminders.remind(store, "send the slides", ref=5, on=TODAY + timedelta(days=1))


def _weekly(store: Store, campaign: str | None = None) -> Callable[[], object]:
    return lambda: services.weekly(
        store, TODAY, today=TODAY, ghost_after_days=30, follow_up_days=7, campaign=campaign
    )


def test_weekly_runs_a_fixed_number_of_statements(store, pipeline) -> None:
    _search(store, pipeline)
    _weekly(store)()  # connections opened, first-connect queries out of the count
    report = _weekly(store)()
    assert [item.application_id for item in report.upcoming] == [2, 1]  # today's round first
    assert [item.application_id for item in report.interviews] == [2, 1]
    assert report.upcoming[1].interviewers  # the interviewers' read runs too
    assert [item.application_id for item in report.offer_deadlines] == [3]
    assert report.follow_ups.total > 0
    assert len(_statements(store, _weekly(store))) <= STATEMENTS


def test_a_campaign_is_resolved_once_for_every_part(store, pipeline) -> None:
    _search(store, pipeline)
    _weekly(store, "autumn")()
    report = _weekly(store, "autumn")()
    assert report.funnel.submitted == 3
    statements = _statements(store, _weekly(store, "autumn"))
    assert len(statements) <= STATEMENTS + 1
    assert sum("SELECT DISTINCT application.campaign" in sql for sql in statements) == 1
