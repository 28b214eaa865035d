"""Lean reads for the terminal UI: every application as a small tuple, and a first-screen preview.

The UI holds all unarchived applications in memory so filtering and sorting never go back to
SQL. At 100,000 applications ORM objects would cost seconds and hundreds of MB, so these queries
read through the driver's cursor and build `ApplicationSummary` tuples, sharing one string
object for each repeated company, role, department, source and campaign (the filter box then
matches each distinct value once, not each row).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sqlmodel import Session

from pipeline_tui.domain.stages import OPEN_STAGES, Stage
from pipeline_tui.domain.summary import ApplicationSummary, BoardPreview
from pipeline_tui.store.dialect import driver_cursor, placeholder

_COLUMNS = (
    "a.id, a.company_id, a.role, a.department, a.stage, a.round, a.applied_on, "
    "a.last_event_on, a.source, a.campaign, a.search_key"
)
# NOT a.archived reads the same on SQLite (0 or 1) and PostgreSQL (a boolean).
_FROM = "FROM application AS a WHERE NOT a.archived"
_FROM_ARCHIVED = "FROM application AS a WHERE a.archived"
_BATCH = 4096
_STAGES = {stage.value: stage for stage in Stage}


class _Builder:
    """Turns driver rows into summaries, sharing strings and dates between rows."""

    def __init__(self, companies: dict[int, str]) -> None:
        self.companies = companies
        self._strings: dict[str, str] = {}
        self._dates: dict[str | date, date] = {}

    def _text(self, value: str | None) -> str | None:
        if value is None:
            return None
        return self._strings.setdefault(value, value)

    def _date(self, value: str | date | None) -> date | None:
        # sqlite3 hands back text, psycopg a date: either way one object per distinct day.
        if value is None:
            return None
        day = self._dates.get(value)
        if day is None:
            day = self._dates[value] = (
                date.fromisoformat(value[:10]) if isinstance(value, str) else value
            )
        return day

    def build(self, rows: Iterable[tuple[Any, ...]]) -> Iterator[ApplicationSummary]:
        text, day, companies = self._text, self._date, self.companies
        for row in rows:
            (id_, company_id, role, department, stage, round_, applied, last, source, campaign,
             key) = row  # fmt: skip
            company = companies[company_id]
            yield ApplicationSummary(
                id_,
                company,
                text(role) or "",
                text(department),
                _STAGES[stage],
                round_,
                day(applied),
                day(last),
                text(source),
                text(campaign),
                key,
            )


def _companies(cursor: Any) -> dict[int, str]:
    cursor.execute("SELECT id, name FROM company")
    return dict(cursor.fetchall())


def _batches(cursor: Any) -> Iterator[tuple[Any, ...]]:
    while batch := cursor.fetchmany(_BATCH):
        yield from batch


def summaries(session: Session, *, archived: bool = False) -> list[ApplicationSummary]:
    """Return every unarchived (or every archived) application as a summary, in id order."""
    cursor = driver_cursor(session)
    builder = _Builder(_companies(cursor))
    cursor.execute(f"SELECT {_COLUMNS} {_FROM_ARCHIVED if archived else _FROM} ORDER BY a.id")
    return list(builder.build(_batches(cursor)))


def summary(session: Session, application_id: int) -> ApplicationSummary | None:
    """Return one unarchived application as a summary, or None."""
    cursor, mark = driver_cursor(session), placeholder(session)
    cursor.execute(
        "SELECT c.id, c.name FROM company AS c JOIN application AS a ON a.company_id = c.id "
        f"WHERE a.id = {mark}",
        (application_id,),
    )
    builder = _Builder(dict(cursor.fetchall()))
    cursor.execute(f"SELECT {_COLUMNS} {_FROM} AND a.id = {mark}", (application_id,))
    return next(builder.build(cursor.fetchall()), None)


def board_preview(session: Session, per_stage: int) -> BoardPreview:
    """Return counts per stage and up to per_stage most recently active cards per open stage."""
    cursor, mark = driver_cursor(session), placeholder(session)
    builder = _Builder(_companies(cursor))
    cursor.execute("SELECT stage, count(*) FROM application WHERE NOT archived GROUP BY stage")
    counts = {_STAGES[stage]: count for stage, count in cursor.fetchall()}
    cards: list[ApplicationSummary] = []
    for stage in OPEN_STAGES:
        if not counts.get(stage):
            continue
        cursor.execute(
            f"SELECT {_COLUMNS} {_FROM} AND a.stage = {mark} "
            f"ORDER BY a.last_event_on DESC, a.id DESC LIMIT {mark}",
            (stage.value, per_stage),
        )
        cards.extend(builder.build(cursor.fetchall()))
    return BoardPreview(counts, cards)
