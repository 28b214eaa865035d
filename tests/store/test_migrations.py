"""Schema migrations: fresh databases, older ones with data, and newer ones we must not touch."""

from __future__ import annotations

import hashlib
import json
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


def _populate(path: Path, revision: str) -> None:
    """Write rows as the pipeline-tui of that schema revision would have."""
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
            " VALUES (1, 'stage', ?, ?, ?, ?, '2024-09-12 08:00:00')",
            [
                ("submitted", None, "2024-09-01", None),
                ("screening", None, "2024-09-04", "HR call with Ärzte-Team"),
                ("interview", 1, "2024-09-09", None),
                ("interview", 2, "2024-09-12", None),
            ],
        )
        if revision >= "0002":
            connection.execute("UPDATE application SET reached = 4, replied_on = '2024-09-04'")
        if revision >= "0003":
            connection.execute(
                "UPDATE application SET search_key = ?",
                ("bytedance\nllm engineer\nreferral\nhr call with ärzte-team",),
            )
            # Two events recorded by one command (say, a batch of moves) share a batch.
            connection.execute("UPDATE event SET batch = 7 WHERE round IS NOT NULL")
        if revision >= "0006":
            # The first event came from an import.
            connection.execute("UPDATE event SET origin = 'import' WHERE id = 1")


@pytest.mark.parametrize("start", _OLDER)
def test_a_populated_older_database_is_upgraded_after_a_backup(tmp_path: Path, start: str) -> None:
    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    upgrade(path, target=start)
    _populate(path, start)
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
    with sqlite3.connect(path) as connection:
        # 0002 fills the funnel columns from the events: interviewed, first answer on the 4th.
        filled = connection.execute("SELECT reached, replied_on FROM application").fetchall()
        # 0003 folds the names and every note into the search text.
        (key,) = connection.execute("SELECT search_key FROM application").fetchone()
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        # 0005: no reasons, closing dates or offers yet; the new table is there and empty.
        reasons = connection.execute("SELECT reason, reason_text FROM event").fetchall()
        closing = connection.execute("SELECT closes_on, close_reason FROM application").fetchall()
        offers = connection.execute("SELECT count(*) FROM offer").fetchone()
        batches = connection.execute("SELECT batch FROM event ORDER BY id").fetchall()
        # 0006: events recorded before imports existed read as recorded here.
        origins = connection.execute("SELECT origin FROM event ORDER BY id").fetchall()
    assert origins == [(None,)] * 4
    assert [event.imported for event in found.events] == [False] * 4
    assert filled == [(4, "2024-09-04")]
    assert key == "bytedance\nllm engineer\nreferral\nhr call with ärzte-team"
    assert reasons == [(None, None)] * 4
    assert closing == [(None, None)]
    assert offers == (0,)
    if start >= "0003":
        assert batches == [(None,), (None,), (7,), (7,)]


@pytest.mark.parametrize("start", _OLDER)
def test_an_upgraded_database_takes_offers_and_reasons(
    tmp_path: Path, start: str, pipeline
) -> None:
    """The kept rows work with the new tables: an offer, a revision, a rejection with a reason."""
    import json

    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    upgrade(path, target=start)
    _populate(path, start)
    db = ("--db", str(path))
    assert pipeline(*db, "offer", "1", "--base", "26k x 16", "--on", "2024-09-14").code == 0
    revised = pipeline(*db, "offer", "1", "--base", "28k x 16")
    assert "base revised from 26k x 16 to 28k x 16" in revised.out
    assert pipeline(*db, "add", "Baidu", "NLP", "--on", "2024-09-02").code == 0
    assert pipeline(*db, "move", "2", "rejected", "--reason", "headcount").code == 0
    shown = json.loads(pipeline(*db, "show", "1", "--format", "json").out)
    assert [offer["base"] for offer in shown["offers"]] == ["26k x 16", "28k x 16"]
    assert shown["stage"] == "offer"
    funnel = json.loads(pipeline(*db, "funnel", "--format", "json").out)
    assert funnel["outcome_reasons"]["rejected"] == {"no headcount": 1}
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        (events,) = connection.execute("SELECT count(*) FROM event").fetchone()
    assert events == 4 + 2 + 2  # the kept history, the offer and its revision, Baidu's two


def test_a_failed_upgrade_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.db"
    from pipeline_tui.store import migrate

    def broken_upgrade(config: object, target: str) -> None:
        connection = config.attributes["connection"]  # type: ignore[attr-defined]
        connection.exec_driver_sql("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(migrate.command, "upgrade", broken_upgrade)
    with pytest.raises(StoreError, match="disk on fire"):
        open_store(path)
    assert not path.exists()
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
    assert tables == []


_STAGES = [
    "saved",
    "submitted",
    "screening",
    "interview",
    "offer",
    "accepted",
    "declined",
    "rejected",
    "withdrawn",
    "ghosted",
]


def test_0002_fills_funnel_columns_as_the_domain_computes_them(tmp_path: Path) -> None:
    """Random histories (notes, corrections, any order) written at 0001, then upgraded."""
    import random
    from datetime import UTC, date, datetime

    from pipeline_tui.domain.funnel import progress
    from pipeline_tui.domain.models import Event
    from pipeline_tui.domain.stages import Stage

    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    upgrade(path, target="0001")
    rng = random.Random(2)
    histories: dict[int, list[Event]] = {}
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO company (id, name, name_key, created_at) "
            "VALUES (1, 'Acme', 'acme', '2024-09-01 08:00:00')"
        )
        for application_id in range(1, 301):
            connection.execute(
                "INSERT INTO application (id, company_id, role, stage, created_at, updated_at,"
                " archived) VALUES (?, 1, 'Role', 'saved', '2024-09-01', '2024-09-01', 0)",
                (application_id,),
            )
            events = []
            for _ in range(rng.randint(1, 6)):
                stage = Stage(rng.choice(_STAGES))
                kind = "note" if rng.random() < 0.2 else "stage"
                day = date(2024, rng.randint(1, 9), rng.randint(1, 28))
                cursor = connection.execute(
                    "INSERT INTO event (application_id, kind, stage, round, occurred_on,"
                    " created_at) VALUES (?, ?, ?, ?, ?, '2024-09-01 08:00:00')",
                    (application_id, kind, stage.value, rng.choice([None, 1, 2]), day.isoformat()),
                )
                assert cursor.lastrowid is not None
                event = Event(
                    id=cursor.lastrowid,
                    application_id=application_id,
                    kind=kind,
                    stage=stage,
                    round=None,
                    occurred_on=day,
                    note=None,
                    created_at=datetime.now(UTC),
                )
                events.append(event)
            histories[application_id] = events
    open_store(path).close()
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT id, reached, replied_on FROM application").fetchall()
    for application_id, reached, replied_on in rows:
        expected = progress(histories[application_id])
        replied = expected.replied_on.isoformat() if expected.replied_on else None
        assert (reached, replied_on) == (int(expected.reached), replied), application_id


def test_migrations_build_the_schema_the_tables_describe(tmp_path: Path) -> None:
    """Queries are written against tables.py; the database must have those columns and indexes."""
    from sqlmodel import SQLModel

    import pipeline_tui.store.tables  # noqa: F401  (registers the tables)

    path = tmp_path / "x.db"
    open_store(path).close()
    with sqlite3.connect(path) as connection:
        for table in SQLModel.metadata.sorted_tables:
            columns = {row[1] for row in connection.execute(f"PRAGMA table_info({table.name})")}
            assert columns == {column.name for column in table.columns}, table.name
            indexes = {
                row[1]: [info[2] for info in connection.execute(f"PRAGMA index_info({row[1]})")]
                for row in connection.execute(f"PRAGMA index_list({table.name})")
                if not row[1].startswith("sqlite_autoindex")
            }
            described = {
                index.name: [column.name for column in index.columns] for index in table.indexes
            }
            assert indexes == described, table.name


def test_0004_people_and_follow_ups_on_an_upgraded_database(tmp_path: Path, pipeline) -> None:
    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    upgrade(path, target="0003")
    _populate(path, "0003")
    db = ("--db", str(path))
    added = pipeline(*db, "contact", "add", "Li Lei", "--company", "bytedance", "--every", "30")
    assert added.code == 0, added.err
    assert f"upgraded the database from schema 0003 to {HEAD_REVISION}" in added.err
    # The contact joined the company the old rows already had.
    assert added.out == "Added #1 Li Lei (other, ByteDance)\n"
    assert pipeline(*db, "contact", "link", "li", "1", "--as", "referred me").code == 0
    assert pipeline(*db, "contact", "log", "li", "--about", "1", "--via", "call").code == 0
    moved = pipeline(*db, "move", "1", "interview", "--on", "2024-09-20 10:00", "--with", "li")
    assert moved.code == 0, moved.err
    assert pipeline(*db, "remind", "1", "prepare the system design round").code == 0
    shown = json.loads(pipeline(*db, "show", "1", "--format", "json").out)
    assert [item["round"] for item in shown["interviews"]] == [1, 2, 3]
    assert shown["interviews"][2]["interviewers"] == [{"contact_id": 1, "name": "Li Lei"}]
    assert [item["role"] for item in shown["contacts"]] == ["referred me"]
    assert len(shown["reminders"]) == 1
    assert [event["stage"] for event in shown["events"]][:4] == [
        "submitted",
        "screening",
        "interview",
        "interview",
    ]
    assert pipeline(*db, "undo").code == 0
    with sqlite3.connect(path) as connection:
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("interview", "event_interviewer", "contact", "contact_link")
        }
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert counts == {"interview": 0, "event_interviewer": 0, "contact": 1, "contact_link": 1}


def test_a_company_a_contact_works_at_outlives_its_last_application(pipeline, db_path) -> None:
    pipeline("add", "Zhipu", "GLM")
    pipeline("contact", "add", "Li Lei", "--company", "zhipu")
    assert pipeline("undo").out.startswith("Removed #1 Zhipu — GLM")
    shown = json.loads(pipeline("contact", "show", "1", "--format", "json").out)
    assert shown["company"] == "Zhipu"
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
