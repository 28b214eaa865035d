"""`pipeline doctor` on a SQLite file: each check finds what it is for and says what to do."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline_tui.services.doctor import WAL_LIMIT_BYTES, judge
from pipeline_tui.store.health import inspect

pytestmark = pytest.mark.sqlite_only


def _checks(pipeline) -> tuple[int, dict[str, dict]]:
    outcome = pipeline("doctor", "--format", "json")
    report = json.loads(outcome.out)
    return outcome.code, {check["name"]: check for check in report["checks"]}


def test_a_healthy_database_with_a_fresh_backup_has_no_problems(pipeline, db_path: Path) -> None:
    pipeline("add", "Acme", "Eng")
    assert pipeline("backup").code == 0
    outcome = pipeline("doctor")
    assert outcome.code == 0, outcome.out
    assert "no problems found" in outcome.out
    code, checks = _checks(pipeline)
    assert code == 0
    assert set(checks) == {"integrity", "schema", "settings", "permissions", "wal", "backup"}
    assert all(check["status"] == "ok" for check in checks.values()), checks
    assert "pipeline-backup-" in checks["backup"]["detail"]


def test_no_backup_or_an_old_one_is_a_warning_that_says_to_back_up(pipeline, db_path: Path) -> None:
    pipeline("add", "Acme", "Eng")
    code, checks = _checks(pipeline)
    assert code == 0  # warnings alone do not fail
    assert checks["backup"]["status"] == "warning"
    assert checks["backup"]["advice"] == "run pipeline backup"
    pipeline("backup")
    (copy,) = db_path.parent.glob("*-backup-*.db")
    month_ago = time.time() - 30 * 86400
    os.utime(copy, (month_ago, month_ago))
    code, checks = _checks(pipeline)
    assert checks["backup"]["status"] == "warning"
    assert "30 days old" in checks["backup"]["detail"]


def test_a_database_others_can_read_is_a_problem_with_the_chmod_to_run(
    pipeline, db_path: Path
) -> None:
    pipeline("add", "Acme", "Eng")
    pipeline("backup")
    os.chmod(db_path, 0o644)
    outcome = pipeline("doctor")
    assert outcome.code == 1
    assert f"chmod 600 '{db_path}'" in outcome.out
    assert "1 problem" in outcome.out


def test_a_damaged_database_is_a_problem_with_what_to_do(pipeline, db_path: Path) -> None:
    pipeline("add", "Acme", "Eng")
    for number in range(300):
        pipeline("note", "1", f"note {number} " + "x" * 200)
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'event'"
        ).fetchone()
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    with db_path.open("r+b") as file:  # scribble over the event table's root page
        file.seek((root - 1) * page_size + 8)
        file.write(b"\xff" * 64)
    outcome = pipeline("doctor")
    assert outcome.code == 1
    assert "Traceback" not in outcome.out + outcome.err
    assert "restore the newest backup" in outcome.out


def test_a_newer_schema_and_a_stranger_database_are_problems(pipeline, db_path: Path) -> None:
    pipeline("add", "Acme", "Eng")
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    code, checks = _checks(pipeline)
    assert code == 1
    assert checks["schema"]["status"] == "problem"
    assert "upgrade pipeline-tui" in checks["schema"]["advice"]

    other = db_path.parent / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE songs (title TEXT)")
    outcome = pipeline("--db", str(other), "doctor")
    assert outcome.code == 1
    assert "not a pipeline-tui one" in outcome.out


def test_no_database_at_all_is_a_problem(pipeline, tmp_path: Path) -> None:
    outcome = pipeline("--db", str(tmp_path / "nowhere.db"), "doctor")
    assert outcome.code == 1
    assert "there is no database" in outcome.out
    assert not (tmp_path / "nowhere.db").exists()  # doctor creates nothing


def test_a_large_write_ahead_log_is_a_warning(pipeline, db_path: Path) -> None:
    pipeline("add", "Acme", "Eng")
    facts = replace(inspect(db_path), wal_bytes=WAL_LIMIT_BYTES + 1)
    (wal,) = [check for check in judge(facts, now=datetime.now(UTC)) if check.name == "wal"]
    assert wal.status == "warning"
    assert "close it" in wal.advice
