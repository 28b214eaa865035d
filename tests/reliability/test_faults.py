"""Faults a user's machine produces: a full disk, read-only files, a folder that cannot be
written, a filesystem that refuses WAL, a migration that fails half-way. Each gives one clear
line, no traceback, and leaves the data as it was."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from reliability_tools import (
    AS_ROOT,
    SETPRIV,
    count_rows,
    integrity,
    one_error_line,
    pipeline_process,
)

from pipeline_tui.store.migrate import upgrade

pytestmark = pytest.mark.slow


def _seed(db: Path) -> None:
    for name in ("Alpha", "Beta"):
        ran = pipeline_process("add", name, "Eng", db=db)
        assert ran.code == 0, ran.err


def test_a_full_disk_refuses_the_write_and_keeps_the_data(tmp_path: Path) -> None:
    db = tmp_path / "full.db"
    _seed(db)
    # The log of a write that needs more room than the file size limit allows cannot grow
    # (the process gets EFBIG, which SQLite reports as a full disk).
    ran = pipeline_process(
        "add", "Gamma", "Eng", "--note", "x" * 60_000, db=db, file_size_limit=40_000
    )
    assert ran.code == 1
    assert one_error_line(ran.err), ran.err
    assert "full" in ran.err
    assert count_rows(db) == 2
    assert integrity(db) == "ok"
    again = pipeline_process("add", "Gamma", "Eng", db=db)
    assert again.code == 0, again.err


needs_setpriv = pytest.mark.skipif(
    AS_ROOT and SETPRIV is None, reason="root ignores file modes without setpriv"
)


@needs_setpriv
def test_a_read_only_database_file_is_read_but_not_written(tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    _seed(db)
    os.chmod(db, 0o400)
    listed = pipeline_process("list", "--format", "json", db=db, modes_enforced=True)
    assert listed.code == 0, listed.err
    refused = pipeline_process("add", "Gamma", "Eng", db=db, modes_enforced=True)
    assert refused.code == 1
    assert one_error_line(refused.err), refused.err
    assert "read-only" in refused.err
    assert count_rows(db) == 2 and integrity(db) == "ok"


@needs_setpriv
def test_a_folder_that_cannot_be_written_gives_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o500)
    ran = pipeline_process("add", "Alpha", "Eng", db=locked / "new.db", modes_enforced=True)
    assert ran.code == 1
    assert one_error_line(ran.err), ran.err
    assert "cannot create" in ran.err or "cannot be opened" in ran.err
    assert not (locked / "new.db").exists()


class _NoWalConnection(sqlite3.Connection):
    """A connection on a filesystem where WAL cannot work: the journal mode stays "delete"."""

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or _NoWalCursor)


class _NoWalCursor(sqlite3.Cursor):
    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql.replace(" ", "").upper() == "PRAGMAJOURNAL_MODE=WAL":
            sql = "PRAGMA journal_mode"
        return super().execute(sql, *args)


def test_where_wal_is_refused_a_rollback_journal_works_and_it_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pipeline
) -> None:
    db = tmp_path / "nowal.db"
    with sqlite3.connect(db) as made:
        made.execute("PRAGMA journal_mode = DELETE")
    db.unlink()
    original = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs.setdefault("factory", _NoWalConnection)
        return original(*args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", connect)
    added = pipeline("--db", str(db), "add", "Alpha", "Eng")
    assert added.code == 0, added.err
    warnings = [line for line in added.err.splitlines() if "journal mode" in line]
    assert len(warnings) == 1 and "not WAL" in warnings[0]
    monkeypatch.undo()
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not Path(f"{db}-wal").exists()
    assert count_rows(db) == 1 and integrity(db) == "ok"


def test_a_migration_failing_half_way_leaves_the_old_revision_and_a_retry_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pipeline
) -> None:
    from alembic.operations import Operations

    db = tmp_path / "old.db"
    db.touch(mode=0o600)
    upgrade(db, target="0002")
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT INTO company (id, name, name_key, created_at) "
            "VALUES (1, 'Acme', 'acme', '2024-09-01 08:00:00')"
        )
        connection.execute(
            "INSERT INTO application (id, company_id, role, applied_on, stage, last_event_on, "
            "created_at, updated_at, archived, reached) VALUES (1, 1, 'Eng', '2024-09-01', "
            "'submitted', '2024-09-01', '2024-09-01 08:00:00', '2024-09-01 08:00:00', 0, 1)"
        )
        connection.execute(
            "INSERT INTO event (application_id, kind, stage, occurred_on, created_at) "
            "VALUES (1, 'stage', 'submitted', '2024-09-01', '2024-09-01 08:00:00')"
        )
    calls = {"n": 0}
    create_index = Operations.create_index

    def fail_on_the_second_index(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("the disk went away half-way")
        return create_index(self, *args, **kwargs)

    monkeypatch.setattr(Operations, "create_index", fail_on_the_second_index)
    failed = pipeline("--db", str(db), "list")
    assert failed.code == 1
    assert one_error_line(failed.err), failed.err
    assert "the file was not changed" in failed.err
    monkeypatch.undo()
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert count_rows(db) == 1 and integrity(db) == "ok"
    assert list(tmp_path.glob("*.bak")) == []  # the copy of a file left unchanged is not kept
    retried = pipeline("--db", str(db), "list", "--format", "json")
    assert retried.code == 0, retried.err
    assert "Acme" in retried.out
    assert len(list(tmp_path.glob("*.bak"))) == 1
