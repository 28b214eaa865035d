"""Opening the database: pragmas, file modes and files that are not what they should be."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline_tui.errors import StoreError
from pipeline_tui.services import NewApplication, add_application
from pipeline_tui.store.engine import open_store

# Opening SQLite files: pragmas, file modes, files that are not databases (test_postgres.py
# covers opening a server's database).
pytestmark = pytest.mark.sqlite_only(reason="SQLite files, pragmas and file modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_connection_gets_the_pragmas(store) -> None:
    with store.engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert pragma("PRAGMA busy_timeout").scalar() >= 5000


def test_files_are_private_even_under_umask_022(tmp_path: Path) -> None:
    target = tmp_path / "new" / "nested" / "pipeline.db"
    script = (
        "import os, sys; os.umask(0o022)\n"
        "from pathlib import Path\n"
        "from pipeline_tui.store.engine import open_store\n"
        "from pipeline_tui.services import NewApplication, add_application\n"
        "store = open_store(Path(sys.argv[1]))\n"
        "add_application(store, NewApplication('A', 'B'))\n"
        "connection = store.engine.connect()\n"  # keep -wal and -shm present while we look
        "connection.exec_driver_sql('SELECT 1').all()\n"
        "import stat\n"
        "for suffix in ('', '-wal', '-shm'):\n"
        "    print(oct(stat.S_IMODE(os.stat(sys.argv[1] + suffix).st_mode)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(target)], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["0o600", "0o600", "0o600"]
    assert _mode(target.parent) == 0o700
    assert _mode(target.parent.parent) == 0o700


def test_existing_parent_folder_is_left_alone(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    open_store(tmp_path / "x.db").close()
    assert _mode(tmp_path) == 0o755


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path, pipeline) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my job search notes\n" * 100)
    with pytest.raises(StoreError, match="is not a SQLite database"):
        open_store(notes)
    outcome = pipeline("--db", str(notes), "list")
    assert outcome.code == 1
    assert outcome.err == f"error: {notes} is not a SQLite database\n"
    assert notes.read_text() == "my job search notes\n" * 100


def test_a_corrupt_database_gives_one_clear_line(tmp_path: Path, pipeline) -> None:
    path = tmp_path / "broken.db"
    store = open_store(path)
    for number in range(300):
        add_application(store, NewApplication(f"Company {number}", "Engineer " * 20))
    store.close()
    data = bytearray(path.read_bytes())
    # Keep the header, scribble over the pages that hold the schema and the rows.
    data[100:] = b"\xa5" * (len(data) - 100)
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    outcome = pipeline("--db", str(path), "list")
    assert outcome.code == 1
    assert outcome.err.startswith(f"error: {path} ")
    assert "malformed" in outcome.err or "not a database" in outcome.err
    assert outcome.err.count("\n") == 1
    assert "Traceback" not in outcome.err


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER)")
    with pytest.raises(StoreError, match="not a pipeline-tui one"):
        open_store(path)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


def test_reopening_takes_the_engines_of_a_closed_store_never_of_an_open_one(
    tmp_path: Path,
) -> None:
    """Reopening in one process keeps the compiled statements; connections are never shared."""
    path = tmp_path / "x.db"
    first = open_store(path)
    add_application(first, NewApplication("Acme", "Eng"))
    second = open_store(path)  # open at the same time: engines of its own
    assert second.engine is not first.engine
    assert second._writer is not first._writer
    first.close()
    assert first.engine.pool.checkedin() == 0  # disposed: no connection left open
    third = open_store(path)
    assert third.engine is first.engine and third._writer is first._writer
    with third.read() as session:  # a connection of its own, on the file as it is now
        assert session.connection().exec_driver_sql("SELECT count(*) FROM company").scalar() == 1
    assert add_application(third, NewApplication("Beta", "Eng")).application.id == 2
    assert add_application(second, NewApplication("Gamma", "Eng")).application.id == 3
    third.close()
    second.close()
