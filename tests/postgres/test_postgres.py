"""What only a server has: URLs, connection errors, the missing driver, doctor's server checks,
change notices between clients, and the real command against a server."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline_tui import services
from pipeline_tui.errors import StoreError
from pipeline_tui.paths import ServerUrl, database_location
from pipeline_tui.store.engine import open_store
from pipeline_tui.store.revisions import HEAD_REVISION
from pipeline_tui.store.watch import watch_changes

PIPELINE = shutil.which("pipeline", path=os.path.dirname(sys.executable)) or "pipeline"


@pytest.fixture
def server_db(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> ServerUrl:
    """A fresh, migrated database on the session's server, which the CLI uses in this test."""
    url = _fresh(request, "database")
    monkeypatch.setenv("PIPELINE_DB", str(url))
    return url


def _fresh(request: pytest.FixtureRequest, kind: str) -> ServerUrl:
    server = request.getfixturevalue("pg_server")
    name = f"pg_{kind}_{os.getpid()}_{time.monotonic_ns()}"
    template = "pipeline_template" if kind == "database" else "template0"
    server.admin(f"CREATE DATABASE {name} TEMPLATE {template}")
    request.addfinalizer(lambda: server.admin(f"DROP DATABASE {name} WITH (FORCE)"))
    return ServerUrl(server.url(name))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("search.db", Path("search.db")),
        ("postgresql://me@db.example/pipeline", ServerUrl("postgresql+psycopg://me@db.example/pipeline")),
        ("postgres://me@h/p", ServerUrl("postgresql+psycopg://me@h/p")),
        ("postgresql+psycopg://me:pw@h:5433/p", ServerUrl("postgresql+psycopg://me:pw@h:5433/p")),
        ("sqlite:///relative.db", Path("relative.db")),
        ("sqlite:////abs/olute.db", Path("/abs/olute.db")),
    ],
)  # fmt: skip
def test_a_path_means_sqlite_and_a_url_means_a_server(text: str, expected: object) -> None:
    assert database_location(text) == expected


def test_passwords_never_show() -> None:
    url = ServerUrl("postgresql+psycopg://me:s3cret@h:5433/p")
    assert str(url) == "postgresql+psycopg://me:***@h:5433/p"
    assert "s3cret" not in str(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://me@h/p", "unsupported database URL mysql://"),
        ("postgresql+psycopg2://me@h/p", "'psycopg2' driver is not supported"),
    ],
)
def test_other_urls_are_refused_in_one_line(pipeline, url: str, message: str) -> None:
    outcome = pipeline("--db", url, "list")
    assert outcome.code == 1
    assert message in outcome.err and outcome.err.count("\n") == 1


def test_a_server_url_without_the_driver_names_the_extra(
    pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "psycopg" else real(name, *a)
    )
    outcome = pipeline("--db", "postgresql://me@localhost/pipeline", "add", "A", "B")
    assert outcome.code == 1
    assert outcome.err == (
        "error: a PostgreSQL database needs the psycopg driver, which is not installed: "
        "pip install 'pipeline-tui[postgres]'\n"
    )


def test_connection_problems_are_one_clear_line_without_the_password(
    pipeline, request: pytest.FixtureRequest
) -> None:
    server = request.getfixturevalue("pg_server")
    closed_port = "postgresql://me:hunter2@127.0.0.1:1/pipeline"
    missing = server.url("no_such_database").replace("postgres@", "postgres:hunter2@")
    nobody = server.url("postgres").replace("postgres@", "nobody@")
    for url, meaning in (
        (closed_port, "cannot be reached: is the server running"),
        (missing, 'database "no_such_database" does not exist: create it'),
        (nobody, 'role "nobody" does not exist: the server has no such user'),
    ):
        outcome = pipeline("--db", url, "list")
        assert outcome.code == 1, url
        assert outcome.err.startswith("error: postgresql+psycopg://"), outcome.err
        assert meaning in outcome.err
        assert outcome.err.count("\n") == 1 and "Traceback" not in outcome.err
        assert "hunter2" not in outcome.err


def test_a_database_of_another_program_is_refused(pipeline, request) -> None:
    url = _fresh(request, "empty")
    import dbtools

    dbtools.rows(url, "CREATE TABLE invoices (id integer)")
    outcome = pipeline("--db", str(url), "list")
    assert outcome.err == f"error: {url} is a PostgreSQL database, but not a pipeline-tui one\n"


def test_a_newer_revision_on_the_server_is_refused_and_left_alone(server_db, pipeline) -> None:
    import dbtools

    dbtools.rows(server_db, "UPDATE alembic_version SET version_num = '9999_future'")
    outcome = pipeline("add", "Baidu", "Search")
    assert outcome.code == 1 and "upgrade pipeline-tui" in outcome.err
    assert dbtools.count(server_db, "application") == 0
    assert dbtools.scalar(server_db, "SELECT version_num FROM alembic_version") == "9999_future"


def test_an_empty_database_gets_every_table_once(pipeline, request) -> None:
    url = _fresh(request, "empty")
    added = pipeline("--db", str(url), "add", "ByteDance", "LLM engineer")
    assert added.code == 0, added.err
    assert "upgraded" not in added.err  # a new database is created, not upgraded
    again = open_store(url)
    assert again.migration is None
    again.close()


def test_doctor_reports_the_server_latency_and_schema(server_db, pipeline) -> None:
    outcome = pipeline("doctor", "--format", "json")
    assert outcome.code == 0, outcome.out
    report = json.loads(outcome.out)
    checks = {check["name"]: check for check in report["checks"]}
    assert report["database"] == str(server_db)
    assert checks["server"]["detail"].startswith("PostgreSQL 15")
    assert checks["latency"]["status"] == "ok"
    assert checks["latency"]["detail"].startswith("round trip ")
    assert checks["schema"]["detail"] == f"schema revision {HEAD_REVISION} (current)"
    down = pipeline("--db", "postgresql://me:pw@127.0.0.1:1/x", "doctor")
    assert down.code == 1
    assert "cannot be reached" in down.out and "pw@" not in down.out


def test_the_watcher_hears_other_clients_and_not_its_own_writes(server_db) -> None:
    mine, theirs = open_store(server_db), open_store(server_db)
    watcher = watch_changes(mine)
    try:
        assert not watcher.changed()
        services.add_application(mine, services.NewApplication("Mine", "Role"))
        time.sleep(0.3)  # a notice of our own would have arrived by now
        assert not watcher.changed()
        services.add_application(theirs, services.NewApplication("Theirs", "Role"))
        deadline = time.monotonic() + 2
        while not watcher.changed():
            assert time.monotonic() < deadline, "the other client's commit was never heard"
            time.sleep(0.05)
        assert not watcher.changed()  # once per batch of outside commits
        # A write that is refused rolls back, and its notice is never sent.
        with pytest.raises(Exception, match="already"):
            services.add_application(theirs, services.NewApplication("Mine", "Role"))
        time.sleep(0.3)
        assert not watcher.changed()
    finally:
        watcher.close()
        mine.close()
        theirs.close()


def test_a_lost_connection_is_a_store_error_then_a_reload(server_db, request) -> None:
    store = open_store(server_db)
    watcher = watch_changes(store)
    try:
        server = request.getfixturevalue("pg_server")
        server.admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{server_db.url.rsplit('/', 1)[1]}'"
        )
        with pytest.raises(StoreError, match="connection"):
            for _ in range(40):
                watcher.changed()
                time.sleep(0.05)
        assert watcher.changed()  # connected again: whatever was missed means a reload
    finally:
        watcher.close()
        store.close()


@pytest.mark.slow
def test_the_installed_command_against_a_server(server_db) -> None:
    env = {**os.environ, "PIPELINE_DB": str(server_db)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PIPELINE, *args], capture_output=True, text=True, env=env, timeout=60
        )

    assert run("add", "字节跳动", "大模型算法工程师").returncode == 0
    assert run("move", "字节跳动", "interview").returncode == 0
    listed = json.loads(run("list", "--format", "json").stdout)
    assert [(item["company"], item["stage"]) for item in listed] == [("字节跳动", "interview")]
    script = (
        "import sys\n"
        "from pipeline_tui.cli import run\n"
        "status = run(['add', 'ByteDance', 'LLM engineer'])\n"
        "heavy = {'textual', 'alembic'}\n"
        "print(status, sorted({name.split('.')[0] for name in sys.modules} & heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.splitlines()[-1] == "0 []"
