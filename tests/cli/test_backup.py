"""`pipeline backup` and `pipeline restore`: online copies that pass integrity_check."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

# File copies through SQLite's backup API; a server's backup is its JSON export
# (tests/postgres/test_server_backup.py).
pytestmark = pytest.mark.sqlite_only("backups here are SQLite files")


def _count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM application").fetchone()[0])


def test_backup_beside_the_database_is_private_and_checked(pipeline, db_path: Path) -> None:
    pipeline("add", "Acme", "Eng")
    pipeline("add", "Baidu", "Search")
    outcome = pipeline("backup")
    assert outcome.code == 0, outcome.err
    (copy,) = db_path.parent.glob("pipeline-backup-*.db")
    assert outcome.out.startswith(f"Backed up 2 applications to {copy}: ")
    assert f"({copy.stat().st_size:,} bytes), integrity check ok" in outcome.out
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    assert not Path(f"{copy}-wal").exists()  # one self-contained file
    assert _count(copy) == 2
    again = pipeline("backup", str(copy))
    assert again.code == 1 and "already exists" in again.err


def test_backup_into_a_folder_and_errors(pipeline, tmp_path: Path) -> None:
    pipeline("add", "Acme", "Eng")
    folder = tmp_path / "backups"
    folder.mkdir()
    assert pipeline("backup", str(folder)).code == 0
    assert len(list(folder.glob("pipeline-backup-*.db"))) == 1
    missing = pipeline("--db", str(tmp_path / "none.db"), "backup")
    assert missing.code == 1 and "there is no database" in missing.err


@pytest.mark.slow
def test_a_backup_taken_while_another_process_writes_passes_integrity_check(
    pipeline, db_path: Path, tmp_path: Path
) -> None:
    pipeline("demo", "--size", "2000")
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from pathlib import Path\n"
            "from pipeline_tui import services\n"
            "from pipeline_tui.store.engine import open_store\n"
            "store = open_store(Path(sys.argv[1]))\n"
            "print('ready', flush=True)\n"
            "for n in range(100000):\n"
            "    services.add_application(store, services.NewApplication(f'W{n}', 'Eng'))\n",
            str(db_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        copies = []
        for number in range(5):
            target = tmp_path / f"copy{number}.db"
            outcome = pipeline("backup", str(target))
            assert outcome.code == 0, outcome.err
            assert "integrity check ok" in outcome.out
            copies.append(target)
        assert writer.poll() is None, "the writer stopped before the backups were taken"
    finally:
        writer.kill()
        writer.wait()
    counts = []
    for copy in copies:
        with sqlite3.connect(copy) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        counts.append(_count(copy))
    assert counts == sorted(counts) and counts[-1] > 2000  # taken while rows were added


def test_restore_keeps_the_previous_database(pipeline, db_path: Path, tmp_path: Path) -> None:
    pipeline("add", "Acme", "Eng")
    backup = tmp_path / "saved.db"
    assert pipeline("backup", str(backup)).code == 0
    pipeline("add", "Baidu", "Search")
    pipeline("add", "Zhipu", "GLM")
    outcome = pipeline("restore", str(backup))
    assert outcome.code == 0, outcome.err
    (kept,) = db_path.parent.glob("pipeline.db.before-restore-*")
    assert outcome.out == (
        f"Restored 1 application from {backup}; the previous database was kept as {kept}\n"
    )
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    assert oct(db_path.stat().st_mode & 0o777) == "0o600"
    assert _count(kept) == 3
    listed = json.loads(pipeline("list", "--format", "json").out)
    assert [item["company"] for item in listed] == ["Acme"]
    assert pipeline("add", "After", "Restore").code == 0  # the database works as before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Company,Role\n", "is not a sound SQLite database"),
        (None, "there is no file at"),
        ("folder", "is not a file"),
    ],
)
def test_restore_refuses_what_is_not_a_backup(
    pipeline, db_path: Path, tmp_path: Path, content: bytes | str | None, message: str
) -> None:
    pipeline("add", "Acme", "Eng")
    source = tmp_path / "not-a-backup.db"
    if content == "folder":
        source.mkdir()
    elif content is not None:
        source.write_bytes(content)
    outcome = pipeline("restore", str(source))
    assert outcome.code == 1 and message in outcome.err
    assert list(db_path.parent.glob("*.before-restore-*")) == []
    assert _count(db_path) == 1


def test_restore_refuses_a_database_from_a_newer_version(pipeline, tmp_path: Path) -> None:
    pipeline("add", "Acme", "Eng")
    backup = tmp_path / "future.db"
    pipeline("backup", str(backup))
    with sqlite3.connect(backup) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    outcome = pipeline("restore", str(backup))
    assert outcome.code == 1 and "upgrade pipeline-tui to restore it" in outcome.err
