"""kill -9 at random moments: during adds, moves, imports and a migration. After every kill the file
passes PRAGMA integrity_check, and every write that reported success is there.

The writers are forked from the test process (already warm), so 200 rounds take seconds, not
minutes; `pytest --soak` runs 2,000.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest

from pipeline_tui import services
from pipeline_tui.services.transfer import import_data
from pipeline_tui.store.engine import open_store
from pipeline_tui.store.migrate import upgrade
from pipeline_tui.store.revisions import HEAD_REVISION

pytestmark = pytest.mark.slow


def _writer(db: Path, round_number: int, report: int) -> None:
    """In the child: add and move applications, reporting each one after it committed."""
    store = open_store(db)
    number = 0
    while True:
        name = f"r{round_number} c{number}"
        change = services.add_application(
            store, services.NewApplication(name, "Eng", on=date(2024, 9, 1))
        )
        os.write(report, f"added {change.application.id}\n".encode())
        if number % 2:
            moved = services.move(store, change.application.id, "screening")
            os.write(report, f"moved {moved.application.id}\n".encode())
        number += 1


def _fork_and_kill(target: object, *args: object, delay: float) -> list[str]:
    """Run target(*args, report_fd) in a forked child, kill -9 it after delay, return its lines."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        os.close(read)
        try:
            target(*args, write)  # type: ignore[operator]
        finally:
            os._exit(0)
    os.close(write)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    return b"".join(chunks).decode().splitlines()


def test_kill_9_during_writes_loses_nothing_reported(tmp_path: Path, soak: bool) -> None:
    db = tmp_path / "killed.db"
    open_store(db).close()
    # How long opening the database and one write take here and now: on a loaded machine the
    # kills wait longer, so that they still land mid-work rather than before the first write.
    started = time.perf_counter()
    store = open_store(db)
    services.add_application(store, services.NewApplication("calibration", "Eng"))
    store.close()
    latest = max(0.08, 6 * (time.perf_counter() - started))
    rounds = 2000 if soak else 200
    random.seed(12)
    reported_added: set[int] = set()
    reported_moved: set[int] = set()
    for round_number in range(rounds):
        lines = _fork_and_kill(_writer, db, round_number, delay=random.uniform(0.0, latest))
        for line in lines:
            kind, number = line.split()
            (reported_added if kind == "added" else reported_moved).add(int(number))
        with sqlite3.connect(db) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",), round_number
            stages = dict(connection.execute("SELECT id, stage FROM application"))
        assert reported_added <= set(stages), round_number
        assert all(stages[number] == "screening" for number in reported_moved), round_number
    assert len(reported_added) > rounds  # the kills landed mid-work, not before any write
    print(f"\nkill -9: {rounds} rounds, {len(reported_added)} reported adds, 0 lost")


def _migrator(db: Path, report: int) -> None:
    upgrade(db)
    os.write(report, b"upgraded\n")


def test_kill_9_during_a_migration_leaves_the_old_or_the_new_schema(
    tmp_path: Path, soak: bool
) -> None:
    source = tmp_path / "at-0001.db"
    source.touch(mode=0o600)
    upgrade(source, target="0001")
    with sqlite3.connect(source) as connection:
        connection.execute(
            "INSERT INTO company (id, name, name_key, created_at) "
            "VALUES (1, 'Acme', 'acme', '2024-09-01 08:00:00')"
        )
        connection.executemany(
            "INSERT INTO application (id, company_id, role, applied_on, stage, last_event_on, "
            "created_at, updated_at, archived) VALUES (?, 1, 'Eng', '2024-09-01', 'submitted', "
            "'2024-09-01', '2024-09-01 08:00:00', '2024-09-01 08:00:00', 0)",
            [(number,) for number in range(1, 20_001)],
        )
        connection.executemany(
            "INSERT INTO event (application_id, kind, stage, occurred_on, created_at) "
            "VALUES (?, 'stage', 'submitted', '2024-09-01', '2024-09-01 08:00:00')",
            [(number,) for number in range(1, 20_001)],
        )
    started = time.perf_counter()
    trial = tmp_path / "trial.db"
    trial.write_bytes(source.read_bytes())
    upgrade(trial)
    takes = time.perf_counter() - started
    rounds = 100 if soak else 20
    random.seed(7)
    outcomes = {"0001": 0, HEAD_REVISION: 0}
    for _ in range(rounds):
        db = tmp_path / "migrating.db"
        for stale in tmp_path.glob("migrating.db*"):
            stale.unlink()
        db.write_bytes(source.read_bytes())
        _fork_and_kill(_migrator, db, delay=random.uniform(0.0, takes * 1.6))
        with sqlite3.connect(db) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            assert connection.execute("SELECT count(*) FROM application").fetchone() == (20_000,)
        outcomes[revision] += 1
        store = open_store(db)  # a killed upgrade is simply done again
        assert len(services.list_applications(store, services.ApplicationFilter())) == 20_000
        store.close()
    assert sum(outcomes.values()) == rounds
    print(f"\nkill -9 during migration: {rounds} rounds, ended at {outcomes}, 0 rows lost")


def _importer(db: Path, data: bytes, report: int) -> None:
    store = open_store(db)
    imported = import_data(store, data, "big.csv")
    os.write(report, f"imported {imported.new}\n".encode())


def test_kill_9_during_an_import_leaves_all_of_it_or_none(tmp_path: Path, soak: bool) -> None:
    db = tmp_path / "importing.db"
    open_store(db).close()
    rows = 5_000
    lines = [
        f"Company {n},Role {n},Interviewing,2024-0{n % 8 + 1}-1{n % 9},board,note {n}"
        for n in range(rows)
    ]
    data = ("company,role,status,applied_on,source,notes\n" + "\n".join(lines) + "\n").encode()
    started = time.perf_counter()
    trial = tmp_path / "trial.db"
    import_data(open_store(trial), data, "big.csv")  # how long one import takes
    takes = time.perf_counter() - started
    rounds = 200 if soak else 30
    random.seed(11)
    completed, partial = 0, 0
    delays = [random.uniform(0.0, takes * 1.3) for _ in range(rounds)]
    # A loaded machine can make every child slower (or faster) than the trial: then a few more
    # rounds, waiting longer (or not at all), until kills landed both mid-import and after it.
    extra = [takes * 2.0**step for step in range(1, 7)]
    for round_number in range(rounds + len(extra)):
        if round_number >= rounds:
            if 0 < completed < round_number:
                break
            late = completed == 0
            delays.append(extra[round_number - rounds] if late else 0.0)
        lines_out = _fork_and_kill(_importer, db, data, delay=delays[round_number])
        with sqlite3.connect(db) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            found = connection.execute("SELECT count(*) FROM application").fetchone()[0]
        if lines_out:  # it said it imported: every row is there
            assert lines_out == [f"imported {rows}"], lines_out
            assert found == rows, round_number
            completed += 1
        partial += found not in (0, rows)  # killed before or after its commit, never during
        if found:  # start the next round from an empty database
            for stale in tmp_path.glob("importing.db*"):
                stale.unlink()
            open_store(db).close()
    assert partial == 0
    ran = len(delays)
    assert 0 < completed < ran  # some kills landed mid-import, some after it
    print(f"\nkill -9 during import: {ran} rounds, {completed} finished, {partial} partial")
