"""Demo data and the report queries against the reference maths in domain/funnel.py."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

import dbtools
from pipeline_tui import services
from pipeline_tui.domain.demo import generate
from pipeline_tui.domain.funnel import (
    FunnelFilter,
    Level,
    counts_from_histories,
    progress,
    summarize,
)
from pipeline_tui.domain.models import Event, derive
from pipeline_tui.domain.stages import Stage
from pipeline_tui.errors import UserError
from pipeline_tui.store import applications as queries
from pipeline_tui.store.engine import Store
from pipeline_tui.store.tables import event_table

TODAY = date(2024, 9, 16)


@pytest.fixture
def demo_store(filled_store) -> Store:
    """The test store filled with 3,000 demo applications (seed 5), written once per session."""
    return filled_store("demo-3000-5", lambda new: services.fill_demo(new, 3000, 5, today=TODAY))


def _histories(store: Store) -> dict[int, list[Event]]:
    """Every application's events as queries.get_events returns them, read in one query (one
    query per application took seconds on a server)."""
    histories: dict[int, list[Event]] = defaultdict(list)
    with store.read() as session:
        ids = list(session.execute(sa.text("SELECT id FROM application ORDER BY id")).scalars())
        rows = session.execute(
            sa.select(event_table).order_by(event_table.c.application_id, event_table.c.id)
        )
        for row in rows:
            histories[row.application_id].append(queries.to_event(row._mapping))
        for application_id in (ids[0], ids[len(ids) // 2], ids[-1]):
            assert histories[application_id] == queries.get_events(session, application_id)
    return histories


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def test_demo_rows_hold_what_sync_derived_would_compute(demo_store: Store) -> None:
    histories = _histories(demo_store)
    with demo_store.read() as session:
        rows = session.execute(
            sa.text(
                "SELECT id, stage, round, applied_on, last_event_on, reached, replied_on "
                "FROM application"
            )
        ).all()
    assert len(rows) == 3000
    for row in rows:
        events = histories[row.id]
        derived, made = derive(events), progress(events)
        # Raw SQL: SQLite hands dates back as text, PostgreSQL as dates.
        day = _text
        stored = (row.stage, row.round, day(row.applied_on), day(row.last_event_on), row.reached)
        expected = (
            derived.stage.value,
            derived.round,
            derived.applied_on and derived.applied_on.isoformat(),
            derived.last_event_on and derived.last_event_on.isoformat(),
            int(made.reached),
        )
        assert stored == expected, row.id
        assert day(row.replied_on) == (made.replied_on and made.replied_on.isoformat()), row.id


def test_event_ids_follow_dates_so_undo_takes_back_the_newest(demo_store: Store) -> None:
    with demo_store.read() as session:
        days = session.execute(sa.text("SELECT occurred_on FROM event ORDER BY id")).scalars()
        listed = list(days)
    assert listed == sorted(listed)


@pytest.mark.parametrize(
    "spec",
    [
        FunnelFilter(),
        FunnelFilter(since=date(2024, 6, 1), until=date(2024, 8, 31)),
        FunnelFilter(campaign="2024 SOCIAL"),
        FunnelFilter(source="referral"),
    ],
)
def test_the_sql_funnel_matches_the_reference_maths(demo_store: Store, spec: FunnelFilter) -> None:
    with demo_store.read() as session:
        rows = session.execute(
            sa.text("SELECT id, applied_on, campaign, source FROM application")
        ).all()
    selected = {
        row.id
        for row in rows
        if row.applied_on is not None
        and (spec.since is None or str(row.applied_on) >= spec.since.isoformat())
        and (spec.until is None or str(row.applied_on) <= spec.until.isoformat())
        and (spec.campaign is None or (row.campaign or "").lower() == spec.campaign.lower())
        and (spec.source is None or (row.source or "").lower() == spec.source.lower())
    }
    histories = _histories(demo_store)
    reference = summarize(
        counts_from_histories(
            [histories[number] for number in sorted(selected)], today=TODAY, ghost_after_days=30
        ),
        filters=spec,
        today=TODAY,
        ghost_after_days=30,
    )
    report = services.funnel(demo_store, spec, today=TODAY, ghost_after_days=30)
    assert report.as_json() == reference.as_json()
    assert report.submitted == len(selected) > 0


def test_grouped_funnels_add_up_to_the_whole(demo_store: Store) -> None:
    whole = services.funnel(demo_store, FunnelFilter(), today=TODAY, ghost_after_days=30)
    for by in ("source", "campaign", "week"):
        grouped = services.funnel_by(
            demo_store, FunnelFilter(), by, today=TODAY, ghost_after_days=30
        )
        assert grouped.total.as_json() == whole.as_json()
        for index in range(len(whole.levels)):
            assert sum(group.report.levels[index].count for group in grouped.groups) == (
                whole.levels[index].count
            )


@pytest.mark.sqlite_only(reason="SQLite's query plans")
@pytest.mark.parametrize("by", ["cv", "letter", "program"])
def test_funnel_by_version_reads_only_its_covering_index(demo_store: Store, by: str) -> None:
    # `--by cv` (letter, program) scans ix_application_<by>; a usable condition on reached
    # once sent the unanswered count through ix_application_funnel, reading each row's
    # version from the table (10x slower at 100,000). Only the few rows with a reason or a
    # round ahead are read from the table, by id.
    statements: list[tuple[str, object]] = []

    def record(connection: object, cursor: object, sql: str, parameters: object, *rest: object):
        statements.append((sql, parameters))

    sa.event.listen(demo_store.engine, "before_cursor_execute", record)
    try:
        services.funnel_by(demo_store, FunnelFilter(), by, today=TODAY, ghost_after_days=30)
    finally:
        sa.event.remove(demo_store.engine, "before_cursor_execute", record)
    scans = 0
    with demo_store.read() as session:
        cursor = session.connection().connection.dbapi_connection.cursor()
        for sql, parameters in statements:
            plan = [row[3] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}", parameters)]
            for step in (step for step in plan if " application " in f"{step} "):
                covered = f"COVERING INDEX ix_application_{by}" in step
                assert covered or "INTEGER PRIMARY KEY" in step, (sql, plan)
                scans += covered
    assert scans >= 3  # the unanswered, the answered and the reply times


def test_the_demo_looks_like_a_real_search(demo_store: Store) -> None:
    report = services.funnel(demo_store, FunnelFilter(), today=TODAY, ghost_after_days=30)
    reply_rate = report.levels[Level.REPLIED - 1].of_submitted
    assert reply_rate is not None and 0.02 <= reply_rate <= 0.13
    rounds = dict(report.interview_rounds)
    assert rounds[1] > rounds[2] > rounds[3] > 0  # interviews thin out round by round
    assert report.count(Level.OFFER) > 0
    assert all(report.outcomes[name] > 0 for name in ("open", "rejected", "withdrawn", "ghosted"))
    rejected_at = report.rejected_at
    assert rejected_at["submitted"] and rejected_at["screened"] and rejected_at["interview_1"]
    with demo_store.read() as session:
        campaigns = set(
            session.execute(sa.text("SELECT DISTINCT campaign FROM application")).scalars()
        )
        sources = set(session.execute(sa.text("SELECT DISTINCT source FROM application")).scalars())
        programmes = set(
            session.execute(sa.text("SELECT DISTINCT program FROM application")).scalars()
        )
        companies = set(session.execute(sa.text("SELECT name FROM company")).scalars())
        first_day = session.execute(sa.text("SELECT min(applied_on) FROM application")).scalar()
    assert {"2024 autumn campus", "2024 spring campus", "2024 social"} <= campaigns
    assert {"referral", "headhunter", "campus", "Boss直聘", "LinkedIn"} <= sources
    assert {"Top Seed", "Genius Youth", "AIDU", "Beidou", "Qingyun"} <= programmes
    assert {
        "ByteDance",
        "字节跳动",
        "Alibaba",
        "Baidu",
        "Tencent",
        "Meituan",
        "Huawei",
    } <= companies
    assert (TODAY - date.fromisoformat(str(first_day))).days > 120  # several months


def test_demo_offers_come_in_tiers() -> None:
    notes = [
        event.note or ""
        for application in generate(20_000, 1, TODAY)
        for event in application.events
        if event.stage is Stage.OFFER
    ]
    tiers = {note.split()[0] for note in notes}
    assert tiers == {"SSP", "SP", "ordinary"}
    assert len(notes) < 20_000 * 0.02  # a few offers, not many


def _dump(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT * FROM application ORDER BY id").fetchall()
        rows += connection.execute("SELECT * FROM event ORDER BY id").fetchall()
        rows += connection.execute("SELECT * FROM company ORDER BY id").fetchall()
    return rows


@pytest.mark.sqlite_only(reason="compares files byte for byte; the data is the engine's input")
def test_the_same_seed_and_day_give_the_same_data(tmp_path: Path, pipeline) -> None:
    for name, seed in (("a", "3"), ("b", "3"), ("c", "4")):
        outcome = pipeline(
            "--db", str(tmp_path / f"{name}.db"), "demo", "--size", "400", "--seed", seed
        )
        assert outcome.code == 0, outcome.err
        assert outcome.out.startswith("Added 400 demo applications")
    assert _dump(tmp_path / "a.db") == _dump(tmp_path / "b.db")
    assert _dump(tmp_path / "a.db") != _dump(tmp_path / "c.db")


def test_demo_refuses_a_database_with_applications_unless_forced(pipeline, db_path: Path) -> None:
    assert pipeline("add", "My", "Real application").code == 0
    refused = pipeline("demo", "--size", "50")
    assert refused.code == 1
    assert "--force" in refused.err and refused.err.count("\n") == 1
    listed = json.loads(pipeline("list", "--format", "json").out)
    assert [item["role"] for item in listed] == ["Real application"]
    forced = pipeline("demo", "--size", "50", "--force")
    assert forced.code == 0, forced.err
    assert dbtools.count(db_path, "application") == 51
    shown = json.loads(pipeline("show", "1", "--format", "json").out)
    assert shown["role"] == "Real application"


def test_fill_demo_needs_at_least_one_application(store: Store) -> None:
    with pytest.raises(UserError):
        services.fill_demo(store, 0, 1, today=TODAY)


def test_sync_derived_keeps_progress_in_step_with_moves_and_undo(store: Store) -> None:
    change = services.add_application(
        store, services.NewApplication("Baidu", "Search", on=date(2024, 9, 2))
    )
    application_id = change.application.id

    def stored() -> tuple[int, str | None]:
        with store.read() as session:
            row = session.execute(
                sa.text("SELECT reached, replied_on FROM application WHERE id = :id"),
                {"id": application_id},
            ).one()
        return row.reached, _text(row.replied_on)

    assert stored() == (Level.SUBMITTED, None)
    services.move(store, application_id, "rejected", on=date(2024, 9, 6))
    assert stored() == (Level.REPLIED, "2024-09-06")
    services.undo(store, application_id)
    assert stored() == (Level.SUBMITTED, None)
    services.move(store, application_id, "interview", on=date(2024, 9, 9))
    assert stored() == (Level.INTERVIEWED, "2024-09-09")
