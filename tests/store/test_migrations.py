"""Schema migrations: fresh databases, older ones with data, and newer ones we must not touch."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline_tui.errors import StoreError
from pipeline_tui.services import detail
from pipeline_tui.store.engine import open_store, read_revision
from pipeline_tui.store.migrate import alembic_config, upgrade
from pipeline_tui.store.revisions import HEAD_REVISION, KNOWN_REVISIONS


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_known_revisions_match_the_migration_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    assert scripts.get_heads() == [HEAD_REVISION]
    walked = [script.revision for script in scripts.walk_revisions()]
    assert list(reversed(walked)) == list(KNOWN_REVISIONS)


def test_a_new_database_is_created_at_head(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    store = open_store(path)
    assert store.migration is not None
    assert store.migration.from_revision is None
    assert store.migration.backup is None
    store.close()
    assert read_revision(path) == HEAD_REVISION
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"company", "application", "event", "alembic_version"} <= tables


def test_reopening_an_up_to_date_database_does_not_migrate(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    open_store(path).close()
    again = open_store(path)
    assert again.migration is None
    again.close()
    assert list(tmp_path.glob("*.bak")) == []


def test_up_to_date_database_opens_without_importing_alembic(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    open_store(path).close()
    script = (
        "import sys; from pathlib import Path\n"
        "from pipeline_tui.store.engine import open_store\n"
        "open_store(Path(sys.argv[1])).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_a_newer_revision_is_refused_and_left_untouched(tmp_path: Path, pipeline) -> None:
    path = tmp_path / "future.db"
    assert pipeline("--db", str(path), "add", "ByteDance", "LLM engineer").code == 0
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = _digest(path)
    with pytest.raises(StoreError, match="9999_from_the_future"):
        open_store(path)
    outcome = pipeline("--db", str(path), "add", "Baidu", "Search")
    assert outcome.code == 1
    assert "upgrade pipeline-tui" in outcome.err
    assert outcome.err.count("\n") == 1
    assert _digest(path) == before
    assert list(tmp_path.glob("*.bak")) == []


_OLDER = [revision for revision in KNOWN_REVISIONS if revision != HEAD_REVISION]


def _populate_at_0001(path: Path) -> None:
    """Write rows with the 0001 schema, as an older pipeline-tui would have."""
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO company (id, name, name_key, created_at) "
            "VALUES (1, 'ByteDance', 'bytedance', '2024-09-01 08:00:00')"
        )
        connection.execute(
            "INSERT INTO application (id, company_id, role, source, applied_on, stage, round,"
            " last_event_on, created_at, updated_at, archived) VALUES (1, 1, 'LLM engineer',"
            " 'referral', '2024-09-01', 'interview', 2, '2024-09-12', '2024-09-01 08:00:00',"
            " '2024-09-12 08:00:00', 0)"
        )
        connection.executemany(
            "INSERT INTO event (application_id, kind, stage, round, occurred_on, note, created_at)"
            " VALUES (1, 'stage', ?, ?, ?, NULL, '2024-09-12 08:00:00')",
            [
                ("submitted", None, "2024-09-01"),
                ("screening", None, "2024-09-04"),
                ("interview", 1, "2024-09-09"),
                ("interview", 2, "2024-09-12"),
            ],
        )


@pytest.mark.parametrize("start", _OLDER)
def test_a_populated_older_database_is_upgraded_after_a_backup(tmp_path: Path, start: str) -> None:
    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    upgrade(path, target=start)
    _populate_at_0001(path)
    store = open_store(path)
    assert store.migration is not None
    assert store.migration.from_revision == start
    assert store.migration.to_revision == HEAD_REVISION
    backup = store.migration.backup
    assert backup is not None and backup.exists()
    assert read_revision(backup) == start
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    found = detail(store, 1)
    assert found.application.company == "ByteDance"
    assert found.application.stage == "interview"
    assert [event.round for event in found.events] == [None, None, 1, 2]
    store.close()
    assert read_revision(path) == HEAD_REVISION


def test_a_failed_upgrade_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.db"
    from pipeline_tui.store import migrate

    def broken_upgrade(config: object, target: str) -> None:
        connection = config.attributes["connection"]  # type: ignore[attr-defined]
        connection.exec_driver_sql("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(migrate.command, "upgrade", broken_upgrade)
    with pytest.raises(RuntimeError):
        open_store(path)
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
    assert tables == []
