"""Schema migrations: fresh databases, older ones with data, and newer ones we must not touch."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import dbtools
from pipeline_tui.errors import StoreError
from pipeline_tui.paths import ServerUrl
from pipeline_tui.services import detail
from pipeline_tui.store.engine import open_store, read_revision
from pipeline_tui.store.migrate import alembic_config, upgrade
from pipeline_tui.store.revisions import HEAD_REVISION, KNOWN_REVISIONS


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.sqlite_only(reason="no database involved")
def test_known_revisions_match_the_migration_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    assert scripts.get_heads() == [HEAD_REVISION]
    walked = [script.revision for script in scripts.walk_revisions()]
    assert list(reversed(walked)) == list(KNOWN_REVISIONS)


@pytest.mark.sqlite_only(reason="reads sqlite_master; test_postgres.py has the server's")
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


@pytest.mark.sqlite_only(reason="looks for backup files")
def test_reopening_an_up_to_date_database_does_not_migrate(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    open_store(path).close()
    again = open_store(path)
    assert again.migration is None
    again.close()
    assert list(tmp_path.glob("*.bak")) == []


@pytest.mark.sqlite_only(reason="a process on a file of its own")
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


@pytest.mark.sqlite_only(
    reason="compares the file byte for byte; test_postgres.py has the server's"
)
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


def _upgrade_to(database: Path | ServerUrl, revision: str) -> None:
    """Give an empty database the schema of an older revision."""
    if isinstance(database, ServerUrl):
        from pipeline_tui.store.connection import make_server_engine
        from pipeline_tui.store.migrate import upgrade_server

        engine = make_server_engine(database.url)
        try:
            upgrade_server(engine, str(database), target=revision)
        finally:
            engine.dispose()
        return
    database.parent.mkdir(parents=True, exist_ok=True)
    database.touch(mode=0o600)
    upgrade(database, target=revision)


def _populate(database: Path | ServerUrl, revision: str) -> None:
    """Write rows as the pipeline-tui of that schema revision would have."""
    write = dbtools.rows
    write(
        database,
        "INSERT INTO company (id, name, name_key, created_at) "
        "VALUES (1, 'ByteDance', 'bytedance', '2024-09-01 08:00:00')",
    )
    write(
        database,
        "INSERT INTO application (id, company_id, role, source, applied_on, stage, round,"
        " last_event_on, created_at, updated_at, archived) VALUES (1, 1, 'LLM engineer',"
        " 'referral', '2024-09-01', 'interview', 2, '2024-09-12', '2024-09-01 08:00:00',"
        " '2024-09-12 08:00:00', FALSE)",
    )
    dbtools.execute_many(
        database,
        "INSERT INTO event (id, application_id, kind, stage, round, occurred_on, note,"
        " created_at) VALUES (:id, 1, 'stage', :stage, :round, :day, :note,"
        " '2024-09-12 08:00:00')",
        [
            {"id": 1, "stage": "submitted", "round": None, "day": "2024-09-01", "note": None},
            {"id": 2, "stage": "screening", "round": None, "day": "2024-09-04",
             "note": "HR call with Ärzte-Team"},
            {"id": 3, "stage": "interview", "round": 1, "day": "2024-09-09", "note": None},
            {"id": 4, "stage": "interview", "round": 2, "day": "2024-09-12", "note": None},
        ],
    )  # fmt: skip
    if dbtools.is_server(database):  # the rows above carry their ids; the sequences follow
        for table in ("company", "application", "event"):
            write(database, f"SELECT setval('{table}_id_seq', max(id)) FROM {table}")
    if revision >= "0002":
        write(database, "UPDATE application SET reached = 4, replied_on = '2024-09-04'")
    if revision >= "0003":
        write(
            database,
            "UPDATE application SET search_key = :key",
            {"key": "bytedance\nllm engineer\nreferral\nhr call with ärzte-team"},
        )
        # Two events recorded by one command (say, a batch of moves) share a batch.
        write(database, "UPDATE event SET batch = 7 WHERE round IS NOT NULL")
    if revision >= "0006":
        # The first event came from an import.
        write(database, "UPDATE event SET origin = 'import' WHERE id = 1")


@pytest.mark.parametrize("start", _OLDER)
def test_a_populated_older_database_is_upgraded_after_a_backup(
    empty_database: Path | ServerUrl, start: str
) -> None:
    path = empty_database
    _upgrade_to(path, start)
    _populate(path, start)
    store = open_store(path)
    assert store.migration is not None
    assert store.migration.from_revision == start
    assert store.migration.to_revision == HEAD_REVISION
    backup = store.migration.backup
    if isinstance(path, Path):
        assert backup is not None and backup.exists()
        assert read_revision(backup) == start
        assert oct(backup.stat().st_mode & 0o777) == "0o600"
    else:  # the server rolls a failed upgrade back whole; there is no file to copy
        assert backup is None
    found = detail(store, 1)
    assert found.application.company == "ByteDance"
    assert found.application.stage == "interview"
    assert [event.round for event in found.events] == [None, None, 1, 2]
    store.close()
    assert dbtools.scalar(path, "SELECT version_num FROM alembic_version") == HEAD_REVISION
    # 0002 fills the funnel columns from the events: interviewed, first answer on the 4th.
    filled = dbtools.rows(path, "SELECT reached, replied_on FROM application")
    # 0003 folds the names and every note into the search text.
    key = dbtools.scalar(path, "SELECT search_key FROM application")
    if not dbtools.is_server(path):
        assert dbtools.rows(path, "PRAGMA foreign_key_check") == []
    # 0005: no reasons, closing dates or offers yet; the new table is there and empty.
    reasons = dbtools.rows(path, "SELECT reason, reason_text FROM event")
    closing = dbtools.rows(path, "SELECT closes_on, close_reason FROM application")
    offers = dbtools.rows(path, "SELECT count(*) FROM offer")[0]
    batches = dbtools.rows(path, "SELECT batch FROM event ORDER BY id")
    # 0006: events recorded before imports existed read as recorded here.
    origins = dbtools.rows(path, "SELECT origin FROM event ORDER BY id")
    imported = start >= "0006"  # _populate marked the first event as imported
    assert origins == [("import" if imported else None,)] + [(None,)] * 3
    assert [event.imported for event in found.events] == [imported] + [False] * 3
    # 0009: no posting kept yet, and the mail tables are there and empty.
    assert dbtools.rows(path, "SELECT posting FROM application") == [(None,)]
    assert dbtools.rows(path, "SELECT count(*) FROM mail_seen")[0] == (0,)
    assert dbtools.rows(path, "SELECT count(*) FROM mail_proposal")[0] == (0,)
    # 0008: no CV or letter version recorded yet.
    assert dbtools.rows(path, "SELECT cv, letter FROM application") == [(None, None)]
    assert (found.application.cv, found.application.letter) == (None, None)
    assert [(reached, str(day)) for reached, day in filled] == [(4, "2024-09-04")]
    assert key == "bytedance\nllm engineer\nreferral\nhr call with ärzte-team"
    assert reasons == [(None, None)] * 4
    assert closing == [(None, None)]
    assert offers == (0,)
    if start >= "0003":
        assert batches == [(None,), (None,), (7,), (7,)]


@pytest.mark.parametrize("start", _OLDER)
def test_an_upgraded_database_takes_offers_and_reasons(
    empty_database: Path | ServerUrl, start: str, pipeline
) -> None:
    """The kept rows work with the new tables: an offer, a revision, a rejection with a reason."""
    import json

    path = empty_database
    _upgrade_to(path, start)
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
    if not dbtools.is_server(path):
        assert dbtools.rows(path, "PRAGMA foreign_key_check") == []
    assert (
        dbtools.count(path, "event") == 4 + 2 + 2
    )  # the kept history, the offer and its revision, Baidu's two


def test_a_failed_upgrade_changes_nothing(
    empty_database: Path | ServerUrl, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = empty_database
    from pipeline_tui.store import migrate

    def broken_upgrade(config: object, target: str) -> None:
        connection = config.attributes["connection"]  # type: ignore[attr-defined]
        connection.exec_driver_sql("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(migrate.command, "upgrade", broken_upgrade)
    with pytest.raises(StoreError, match="disk on fire"):
        open_store(path)
    if isinstance(path, Path):
        assert not path.exists()
        tables = dbtools.rows(path, "SELECT name FROM sqlite_master")
    else:
        tables = dbtools.rows(path, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
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


@pytest.mark.sqlite_only(
    reason="random histories through sqlite3; the populated upgrades above run on both"
)
def test_0002_fills_funnel_columns_as_the_domain_computes_them(tmp_path: Path) -> None:
    """Random histories (notes, corrections, any order) written at 0001, then upgraded: 0002
    and 0007 (rounds after a close, rounds recorded ahead) agree with domain.funnel."""
    import random
    from datetime import UTC, date, datetime

    from pipeline_tui.domain.funnel import progress
    from pipeline_tui.domain.models import Event, derive
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
                round_ = rng.choice([None, 1, 2])
                cursor = connection.execute(
                    "INSERT INTO event (application_id, kind, stage, round, occurred_on,"
                    " created_at) VALUES (?, ?, ?, ?, ?, '2024-09-01 08:00:00')",
                    (application_id, kind, stage.value, round_, day.isoformat()),
                )
                assert cursor.lastrowid is not None
                event = Event(
                    id=cursor.lastrowid,
                    application_id=application_id,
                    kind=kind,
                    stage=stage,
                    round=round_,
                    occurred_on=day,
                    note=None,
                    created_at=datetime(2024, 9, 1, 8, tzinfo=UTC),
                )
                events.append(event)
            histories[application_id] = events
    open_store(path).close()
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT id, reached, replied_on, round FROM application"
        ).fetchall()
    for application_id, reached, replied_on, round_ in rows:
        events = histories[application_id]
        expected = progress(events)
        replied = expected.replied_on.isoformat() if expected.replied_on else None
        assert (reached, replied_on) == (int(expected.reached), replied), application_id
        if any(e.kind == "stage" and e.stage is Stage.INTERVIEW for e in events):  # 0007: round
            assert round_ == derive(events).round, application_id


def test_migrations_build_the_schema_the_tables_describe(store) -> None:
    """Queries are written against tables.py; the database must have those columns and indexes."""
    import sqlalchemy as sa
    from sqlmodel import SQLModel

    import pipeline_tui.store.tables  # noqa: F401  (registers the tables)

    inspector = sa.inspect(store.engine)
    for table in SQLModel.metadata.sorted_tables:
        columns = {column["name"] for column in inspector.get_columns(table.name)}
        assert columns == {column.name for column in table.columns}, table.name
        indexes = {
            index["name"]: list(index["column_names"])
            for index in inspector.get_indexes(table.name)
            if not index.get("duplicates_constraint")  # a UNIQUE constraint's own index
        }
        described = {
            index.name: [column.name for column in index.columns] for index in table.indexes
        }
        assert indexes == described, table.name


def test_0004_people_and_follow_ups_on_an_upgraded_database(
    empty_database: Path | ServerUrl, pipeline
) -> None:
    path = empty_database
    _upgrade_to(path, "0003")
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
    counts = {
        table: dbtools.count(path, table)
        for table in ("interview", "event_interviewer", "contact", "contact_link")
    }
    if not dbtools.is_server(path):
        assert dbtools.rows(path, "PRAGMA foreign_key_check") == []
    assert counts == {"interview": 0, "event_interviewer": 0, "contact": 1, "contact_link": 1}


def test_a_company_a_contact_works_at_outlives_its_last_application(pipeline, db_path) -> None:
    pipeline("add", "Zhipu", "GLM")
    pipeline("contact", "add", "Li Lei", "--company", "zhipu")
    assert pipeline("undo").out.startswith("Removed #1 Zhipu — GLM")
    shown = json.loads(pipeline("contact", "show", "1", "--format", "json").out)
    assert shown["company"] == "Zhipu"
    if not dbtools.is_server(db_path):  # a server checks every reference as it is written
        assert dbtools.rows(db_path, "PRAGMA foreign_key_check") == []


_ID_TABLES = (
    "company",
    "application",
    "event",
    "offer",
    "contact",
    "contact_link",
    "interaction",
    "reminder",
)


def _people_and_offers(database: Path | ServerUrl) -> None:
    """Rows in every other table with an id, as 0004 to 0006 wrote them."""
    write = dbtools.rows
    now = "'2024-09-12 08:00:00'"
    for contact_id, name in ((1, "Li Lei"), (2, "韩梅梅"), (3, "Wang Fang")):
        write(
            database,
            "INSERT INTO contact (id, name, name_key, company_id, kind, created_at, updated_at)"
            f" VALUES ({contact_id}, '{name}', '{name.lower()}', 1, 'recruiter', {now}, {now})",
        )
    write(
        database,
        "INSERT INTO contact_link (id, contact_id, application_id, role, created_at)"
        f" VALUES (1, 1, 1, 'referred me', {now})",
    )
    write(
        database,
        "INSERT INTO interaction (id, contact_id, occurred_on, channel, note, application_id,"
        f" created_at) VALUES (1, 1, '2024-09-03', 'call', 'intro', 1, {now})",
    )
    write(
        database,
        "INSERT INTO reminder (id, application_id, contact_id, kind, text, due_on, created_at,"
        f" updated_at) VALUES (1, 1, 1, 'manual', 'send the CV', '2024-09-20', {now}, {now})",
    )
    write(
        database,
        "INSERT INTO interview (event_id, starts_at, duration_minutes, format, place)"
        " VALUES (4, '14:00:00', 60, 'video', 'Zoom')",
    )
    write(database, "INSERT INTO event_interviewer (event_id, contact_id) VALUES (4, 1)")
    write(
        database,
        "INSERT INTO offer (id, application_id, event_id, currency, base_low, base_high,"
        f" base_per_year, terms, created_at) VALUES (1, 1, 4, 'CNY', 26000, 26000, 16, '{{}}',"
        f" {now})",
    )
    # The newest contact was removed (an undo) before the upgrade.
    write(database, "DELETE FROM contact WHERE id = 3")
    if dbtools.is_server(database):
        for table in ("contact", "contact_link", "interaction", "reminder", "offer"):
            write(database, f"SELECT setval('{table}_id_seq', 3) FROM {table} LIMIT 1")


def _every_row(database: Path | ServerUrl) -> dict[str, list[tuple]]:
    tables = (*_ID_TABLES, "interview", "event_interviewer")
    return {
        table: dbtools.rows(database, f"SELECT * FROM {table} ORDER BY 1, 2") for table in tables
    }


def _structure(path: Path) -> dict[str, object]:
    """Each table's foreign keys (with their actions) and indexes (with their columns)."""
    found: dict[str, object] = {}
    with sqlite3.connect(path) as connection:
        for table in (*_ID_TABLES, "interview", "event_interviewer"):
            keys = sorted(
                (row[2], row[3], row[4], row[5], row[6])
                for row in connection.execute(f"PRAGMA foreign_key_list({table})")
            )
            indexes = {
                row[1]: (
                    row[2],
                    [col[2] for col in connection.execute(f"PRAGMA index_info('{row[1]}')")],
                )
                for row in connection.execute(f"PRAGMA index_list({table})")
            }
            found[table] = (keys, indexes)
    return found


def test_0007_keeps_every_row_and_ids_go_on_past_the_highest(
    empty_database: Path | ServerUrl, pipeline
) -> None:
    path = empty_database
    _upgrade_to(path, "0006")
    _populate(path, "0006")
    _people_and_offers(path)
    rows_before = _every_row(path)
    structure_before = _structure(path) if isinstance(path, Path) else None
    _upgrade_to(path, "0007")  # later revisions add columns of their own
    assert _every_row(path) == rows_before
    if isinstance(path, Path):
        assert _structure(path) == structure_before
        assert dbtools.rows(path, "PRAGMA foreign_key_check") == []
        for table in _ID_TABLES:
            sql = dbtools.scalar(path, f"SELECT sql FROM sqlite_master WHERE name = '{table}'")
            assert "AUTOINCREMENT" in sql, table
        sequences = dict(dbtools.rows(path, "SELECT name, seq FROM sqlite_sequence"))
        assert sequences == {
            "company": 1, "application": 1, "event": 4, "offer": 1,
            "contact": 2, "contact_link": 1, "interaction": 1, "reminder": 1,
        }  # fmt: skip
    db = ("--db", str(path))
    # New rows follow the highest id present; one removed since is never given out again.
    assert pipeline(*db, "note", "1", "HR called").code == 0
    assert pipeline(*db, "undo").code == 0
    assert pipeline(*db, "note", "1", "HR called again").code == 0
    assert dbtools.rows(path, "SELECT id FROM event WHERE kind = 'note'") == [(6,)]
    added = pipeline(*db, "contact", "add", "Zhao Lei", "--format", "json")
    assert added.code == 0, added.err
    # SQLite cannot know that #3 existed before its sequence did (it starts at the highest id
    # present); a server's sequence remembers it.
    assert json.loads(added.out)["id"] == (3 if isinstance(path, Path) else 4)


def test_0008_versions_on_an_upgraded_database(empty_database: Path | ServerUrl, pipeline) -> None:
    """A populated database from before versions: the kept application gets one, new ones too,
    and the funnel and reply curve group by them."""
    path = empty_database
    _upgrade_to(path, "0006")
    _populate(path, "0006")
    db = ("--db", str(path))
    edited = pipeline(*db, "edit", "1", "--cv", "v3")
    assert edited.code == 0, edited.err
    assert f"upgraded the database from schema 0006 to {HEAD_REVISION}" in edited.err
    assert pipeline(*db, "add", "Baidu", "NLP", "--on", "2024-09-02", "--cv", "v2").code == 0
    funnel = json.loads(pipeline(*db, "funnel", "--by", "cv", "--format", "json").out)
    assert [(group["key"], group["levels"][3]["count"]) for group in funnel["groups"]] == [
        ("v2", 0),
        ("v3", 1),
    ]
    curves = json.loads(pipeline(*db, "replies", "--by", "cv", "--format", "json").out)
    assert [(group["key"], group["replied"]) for group in curves["groups"]] == [
        ("v2", 0),
        ("v3", 1),
    ]
    assert dbtools.rows(path, "SELECT cv, letter FROM application ORDER BY id") == [
        ("v3", None),
        ("v2", None),
    ]
