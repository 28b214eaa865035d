"""Time the funnel and weekly reports against a raw sqlite3 aggregate over the same file.

Usage: .venv/bin/python benchmarks/reports.py [--size 100000] [--runs 15] [--process-runs 20]

1. Builds a database with `pipeline demo --size N --seed 7` (today pinned to 2024-09-16, so the
   data is the same on every machine) and reports how long that took.
2. In one process, interleaves runs of the raw aggregate (one sqlite3 query counting the six
   funnel levels from the derived columns, the least any funnel can do), `services.funnel`,
   `services.weekly` and `services.funnel_by(source)`, and prints medians and ratios to the raw
   aggregate. Targets: funnel and weekly each within 2x. `services.funnel_by(cv)` runs next to
   a raw `GROUP BY cv` counting the levels per CV version: target within 2x of that; the reply
   curve (`services.insights.replies`) is printed for scale. It also replays the exact SQL each
   report ran through sqlite3 (what the Python layers add is the difference) and, for scale,
   times the approach the derived columns replace: grouping every event by application.
3. Interleaves `pipeline funnel --format json` as a whole process with the floor
   `python -c "import sqlmodel"`. Target: within 1.2x of the floor.
4. Copies the data into a database at schema 0001 and times the upgrade to 0002 (backup copy
   plus filling the new columns from the events).
5. Unless --no-postgres (or no server is installed): starts a throwaway PostgreSQL server
   (tests/pgserver.py), builds the same demo data on it, and times funnel and weekly on both
   engines side by side, interleaved. Target: PostgreSQL within 2x of SQLite for each.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:
    from pipeline_tui.store.engine import Store

BIN = Path(sys.executable).parent
TODAY = "2024-09-16"

RAW_FUNNEL = """
SELECT count(*), sum(reached >= 2), sum(reached >= 3), sum(reached >= 4), sum(reached >= 5),
       sum(reached >= 6)
FROM application WHERE applied_on IS NOT NULL
"""
# The least `funnel --by cv` can do: the six levels counted per CV version in one GROUP BY.
RAW_BY_CV = """
SELECT cv, count(*), sum(reached >= 2), sum(reached >= 3), sum(reached >= 4), sum(reached >= 5),
       sum(reached >= 6)
FROM application WHERE applied_on IS NOT NULL GROUP BY cv
"""
EVENTS_GROUPED = """
SELECT count(*), sum(level >= 2), sum(level >= 3), sum(level >= 4), sum(level >= 5),
       sum(level >= 6)
FROM (
    SELECT max(CASE stage WHEN 'submitted' THEN 1 WHEN 'ghosted' THEN 1 WHEN 'rejected' THEN 2
                          WHEN 'screening' THEN 3 WHEN 'interview' THEN 4 WHEN 'offer' THEN 5
                          WHEN 'declined' THEN 5 WHEN 'accepted' THEN 6 ELSE 0 END) AS level
    FROM event WHERE kind = 'stage' GROUP BY application_id
) WHERE level >= 1
"""


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def _interleaved(jobs: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Run each job once per round, round after round; return each job's median seconds."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for round_number in range(runs + 2):
        for name, job in jobs.items():
            started = time.perf_counter()
            job()
            elapsed = time.perf_counter() - started
            if round_number >= 2:  # two warm-up rounds fill the page cache
                times[name].append(elapsed)
    return {name: statistics.median(values) for name, values in times.items()}


def _statements(store: Store, job: Callable[[], object]) -> list[tuple[str, Any]]:
    """Return the SQL (with parameters, as sqlite3 gets them) that one run of job executes."""
    seen: list[tuple[str, Any]] = []

    def record(connection: Any, cursor: Any, sql: str, parameters: Any, *rest: Any) -> None:
        if not sql.startswith("BEGIN"):
            seen.append((sql, parameters))

    sa.event.listen(store.engine, "before_cursor_execute", record)
    job()
    sa.event.remove(store.engine, "before_cursor_execute", record)
    return seen


def _in_process(path: Path, runs: int) -> None:
    from pipeline_tui import services
    from pipeline_tui.domain.funnel import FunnelFilter
    from pipeline_tui.services import insights
    from pipeline_tui.store.engine import open_store

    today = date.fromisoformat(TODAY)
    store = open_store(path)
    raw = sqlite3.connect(path)
    everything = FunnelFilter()
    jobs: dict[str, Callable[[], object]] = {
        "raw": lambda: raw.execute(RAW_FUNNEL).fetchall(),
        "funnel": lambda: services.funnel(store, everything, today=today, ghost_after_days=30),
        "weekly": lambda: services.weekly(
            store, today, today=today, ghost_after_days=30, follow_up_days=7
        ),
        "by source": lambda: services.funnel_by(
            store, everything, "source", today=today, ghost_after_days=30
        ),
        "raw by cv": lambda: raw.execute(RAW_BY_CV).fetchall(),
        "by cv": lambda: services.funnel_by(
            store, everything, "cv", today=today, ghost_after_days=30
        ),
        "replies": lambda: insights.replies(store, everything, today=today),
    }
    replays = {name: _statements(store, jobs[name]) for name in ("funnel", "weekly", "by cv")}
    for name, statements in replays.items():
        jobs[f"{name} sql"] = lambda statements=statements: [
            raw.execute(sql, parameters).fetchall() for sql, parameters in statements
        ]
    medians = _interleaved(jobs, runs)
    grouped = _interleaved({"events": lambda: raw.execute(EVENTS_GROUPED).fetchall()}, 3)
    floor = medians["raw"]
    print(f"\nin-process, median of {runs} interleaved runs")
    print(f"  raw aggregate (sqlite3, levels only)  {_ms(floor)}")
    for name, label in (
        ("funnel", "services.funnel"),
        ("weekly", "services.weekly"),
        ("by source", "services.funnel_by source"),
    ):
        ratio = medians[name] / floor
        target = "  (target <= 2.00x)" if name in ("funnel", "weekly") else ""
        print(f"  {label:<37}{_ms(medians[name])}  {ratio:5.2f}x raw{target}")
        if f"{name} sql" in medians:
            sql = medians[f"{name} sql"]
            count = len(replays[name])
            print(f"    its {count} SQL statements run raw     {_ms(sql)}  {sql / floor:5.2f}x raw")
    events = grouped["events"]
    print(f"  for scale: levels from grouped events {_ms(events)}  {events / floor:5.2f}x raw")
    by_cv, raw_by_cv = medians["by cv"], medians["raw by cv"]
    print(
        f"  raw GROUP BY cv (sqlite3, levels only) {_ms(raw_by_cv)}  {raw_by_cv / floor:5.2f}x raw"
    )
    print(
        f"  services.funnel_by cv                {_ms(by_cv)}  {by_cv / raw_by_cv:5.2f}x raw "
        "GROUP BY cv  (target <= 2.00x)"
    )
    sql = medians["by cv sql"]
    print(
        f"    its {len(replays['by cv'])} SQL statements run raw     {_ms(sql)}  "
        f"{sql / raw_by_cv:5.2f}x raw GROUP BY cv"
    )
    replies = medians["replies"]
    print(f"  services.insights.replies (curve)     {_ms(replies)}  {replies / floor:5.2f}x raw")
    store.close()
    raw.close()


def _process(env: dict[str, str], runs: int) -> None:
    floor_command = [sys.executable, "-c", "import sqlmodel"]
    funnel_command = [str(BIN / "pipeline"), "funnel", "--format", "json"]

    def run(command: list[str]) -> None:
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)

    medians = _interleaved(
        {"floor": lambda: run(floor_command), "funnel": lambda: run(funnel_command)}, runs
    )
    ratio = medians["funnel"] / medians["floor"]
    print(f"\nwhole process, median of {runs} interleaved runs")
    print(f"  floor  python -c 'import sqlmodel'     {_ms(medians['floor'])}")
    print(f"  pipeline funnel --format json         {_ms(medians['funnel'])}  {ratio:5.2f}x floor"
          "  (target <= 1.20x)")  # fmt: skip


def _migration(source: Path, folder: Path) -> None:
    from pipeline_tui.store.migrate import upgrade

    old = folder / "at-0001.db"
    old.touch(mode=0o600)
    upgrade(old, target="0001")
    columns = (
        "id, company_id, role, department, location, url, source, program, campaign, "
        "applied_on, stage, round, last_event_on, notes, created_at, updated_at, archived"
    )
    with sqlite3.connect(old) as connection:
        connection.execute("ATTACH DATABASE ? AS demo", (str(source),))
        connection.execute("INSERT INTO company SELECT * FROM demo.company")
        connection.execute(
            f"INSERT INTO application ({columns}) SELECT {columns} FROM demo.application"
        )
        event_columns = ", ".join(
            row[1] for row in connection.execute("PRAGMA main.table_info(event)")
        )  # the columns 0001 has; later revisions added more
        connection.execute(
            f"INSERT INTO event ({event_columns}) SELECT {event_columns} FROM demo.event"
        )
    with sqlite3.connect(old) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        applications = connection.execute("SELECT count(*) FROM application").fetchone()[0]
    started = time.perf_counter()
    report = upgrade(old)
    elapsed = time.perf_counter() - started
    assert report is not None
    print(
        f"\nmigration 0001 -> {report.to_revision} on {applications:,} applications, "
        "backup included"
    )
    print(f"  upgrade                                {elapsed:8.2f} s")


def _vacuum(server: Any) -> None:
    """VACUUM ANALYZE the bench database until the visibility map covers the application table.

    What autovacuum does shortly after a large load: the visibility map lets the reports read
    their covering indexes without visiting the table. Right after the load a VACUUM may not
    yet see every new row as visible to all, so it is repeated (at most 30 s).
    """
    import psycopg

    url = server.url("bench").replace("postgresql+psycopg://", "postgresql://", 1)
    deadline = time.monotonic() + 30
    with psycopg.connect(url, autocommit=True) as connection:
        while True:
            connection.execute("VACUUM ANALYZE")
            pages = connection.execute(
                "SELECT relpages, relallvisible FROM pg_class WHERE relname = 'application'"
            ).fetchone()
            if pages is None or pages[1] >= pages[0] or time.monotonic() > deadline:
                return
            time.sleep(0.5)


def _engines(path: Path, env: dict[str, str], size: int, runs: int) -> None:
    """Funnel and weekly on SQLite and PostgreSQL, the same data, side by side."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import pgserver
    from pipeline_tui import services
    from pipeline_tui.domain.funnel import FunnelFilter
    from pipeline_tui.paths import ServerUrl
    from pipeline_tui.store.engine import open_store

    reason = pgserver.why_unavailable()
    if reason is not None:
        print(f"\nPostgreSQL column skipped: {reason}")
        return
    server = pgserver.start_server()
    try:
        server.admin("CREATE DATABASE bench")
        url = server.url("bench")
        started = time.perf_counter()
        subprocess.run(
            [str(BIN / "pipeline"), "demo", "--size", str(size), "--seed", "7"],
            env={**env, "PIPELINE_DB": url},
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        built = time.perf_counter() - started
        _vacuum(server)
        today = date.fromisoformat(TODAY)
        stores = {"sqlite": open_store(path), "postgresql": open_store(ServerUrl(url))}
        everything = FunnelFilter()
        jobs: dict[str, Callable[[], object]] = {}
        for engine, store in stores.items():
            jobs[f"funnel {engine}"] = lambda store=store: services.funnel(
                store, everything, today=today, ghost_after_days=30
            )
            jobs[f"weekly {engine}"] = lambda store=store: services.weekly(
                store, today, today=today, ghost_after_days=30, follow_up_days=7
            )
            jobs[f"by cv {engine}"] = lambda store=store: services.funnel_by(
                store, everything, "cv", today=today, ghost_after_days=30
            )
        medians = _interleaved(jobs, runs)
        for store in stores.values():
            store.close()
    finally:
        server.stop()
    print(f"\nSQLite and PostgreSQL side by side (demo built on the server in {built:.1f} s),")
    print(f"median of {runs} interleaved runs in-process")
    print(f"  {'report':<8}{'SQLite':>12}{'PostgreSQL':>14}{'ratio':>9}")
    for report in ("funnel", "weekly", "by cv"):
        lite, server_time = medians[f"{report} sqlite"], medians[f"{report} postgresql"]
        print(
            f"  {report:<8}{_ms(lite):>12}{_ms(server_time):>14}"
            f"{server_time / lite:8.2f}x  (target <= 2.00x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="applications to generate")
    parser.add_argument("--runs", type=int, default=15, help="timed in-process runs of each")
    parser.add_argument("--process-runs", type=int, default=20, help="timed whole-process runs")
    parser.add_argument(
        "--no-postgres", action="store_true", help="leave out the PostgreSQL column"
    )
    parser.add_argument("--only-engines", action="store_true", help="only the side-by-side part")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "bench.db"
        env = {
            **os.environ,
            "PIPELINE_DB": str(path),
            "PIPELINE_CONFIG": str(folder / "config.toml"),
            "PIPELINE_TODAY": TODAY,
        }
        os.environ["PIPELINE_TODAY"] = TODAY
        started = time.perf_counter()
        subprocess.run(
            [str(BIN / "pipeline"), "demo", "--size", str(args.size), "--seed", "7"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        built = time.perf_counter() - started
        with sqlite3.connect(path) as connection:
            events = connection.execute("SELECT count(*) FROM event").fetchone()[0]
        print(f"pipeline demo --size {args.size}: {events:,} events, built in {built:.1f} s")
        if not args.only_engines:
            _in_process(path, args.runs)
            _process(env, args.process_runs)
            _migration(path, folder)
        if not args.no_postgres:
            _engines(path, env, args.size, args.runs)


if __name__ == "__main__":
    main()
