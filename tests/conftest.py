"""Every test gets its own database and settings file; the store, services, funnel and CLI
suites run once per engine (SQLite, then PostgreSQL) from the one `engine` fixture.

Each test's database starts migrated to head: a copy of a template migrated once per session
(per xdist worker), a file for SQLite, a server database for PostgreSQL. `empty_database` is
the one with no tables, for tests of creation and of the migration chain."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline_tui.cli import run
from pipeline_tui.paths import ServerUrl, make_private_dir
from pipeline_tui.store.engine import Store, open_store

ENGINES = ("sqlite", "postgresql")
# Folders (under tests/) whose every test runs on both engines, unless marked sqlite_only.
BOTH_ENGINE_SUITES = frozenset({"store", "cli"})
TEMPLATE_DATABASE = "pipeline_template"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak",
        action="store_true",
        default=False,
        help="run the reliability suite's long variants (more rounds, more writes)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" not in metafunc.fixturenames:
        return
    folder = Path(str(metafunc.definition.path)).parent.name
    both = folder in BOTH_ENGINE_SUITES or metafunc.definition.get_closest_marker("both_engines")
    if both and not metafunc.definition.get_closest_marker("sqlite_only"):
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """One throwaway PostgreSQL server for the whole session (one per xdist worker), started
    the first time a test asks for it; skipped, with the reason, where none can run."""
    import pgserver

    reason = pgserver.why_unavailable()
    if reason is not None:
        pytest.skip(f"PostgreSQL variant skipped: {reason} (.ci/run installs postgresql)")
    server = pgserver.start_server()
    try:
        server.admin(f"CREATE DATABASE {TEMPLATE_DATABASE}")
        open_store(ServerUrl(server.url(TEMPLATE_DATABASE))).close()  # migrated once
        _template_schema.append(_schema(server, TEMPLATE_DATABASE))
        yield server
    finally:
        _spare_databases.clear()
        _template_schema.clear()
        server.stop()


# What a server database holds besides its rows: tables, columns, indexes, constraints,
# triggers, functions, sequences, per-database settings and the stamped revision.
_SCHEMA_QUERY = """
SELECT 'column', table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
       || ' ' || coalesce(column_default, '')
  FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
UNION ALL SELECT 'index', schemaname || ' ' || indexdef FROM pg_indexes
  WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
UNION ALL SELECT 'constraint', conrelid::regclass::text || ' ' || conname || ' '
       || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
UNION ALL SELECT 'trigger', tgrelid::regclass::text || ' ' || tgname FROM pg_trigger
  WHERE NOT tgisinternal
UNION ALL SELECT 'function', proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
UNION ALL SELECT 'sequence', sequencename FROM pg_sequences WHERE schemaname = 'public'
UNION ALL SELECT 'schema', nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%temp%'
UNION ALL SELECT 'setting', array_to_string(setconfig, ',') FROM pg_db_role_setting
  WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
UNION ALL SELECT 'revision', version_num FROM alembic_version
ORDER BY 1, 2
"""

# Server databases of tests that finished, emptied and ready for the next test of this worker:
# creating a database for every test cost the server more than most tests themselves.
_spare_databases: list[str] = []
_template_schema: list[list[tuple[str, str]]] = []


def _connect(server: object, name: str):
    import psycopg

    return psycopg.connect(
        host="127.0.0.1", port=server.port, user="postgres", dbname=name, autocommit=True
    )


def _schema(server: object, name: str) -> list[tuple[str, str]]:
    with _connect(server, name) as connection:
        return list(connection.execute(_SCHEMA_QUERY).fetchall())


def _server_database(server: object) -> str:
    """A database at the template's state: a spare one, or a new copy of the template."""
    if _spare_databases:
        return _spare_databases.pop()
    name = f"test_{os.getpid()}_{next(_database_numbers)}"
    server.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DATABASE}")
    return name


def _give_back(server: object, name: str) -> None:
    """Empty a test's database for the next test, or drop it if its schema is not the
    template's any more (a test changed a table, the revision, a setting...)."""
    try:
        with _connect(server, name) as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if list(connection.execute(_SCHEMA_QUERY).fetchall()) == _template_schema[0]:
                tables = [
                    f'"{table}"'
                    for (table,) in connection.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                        " AND tablename <> 'alembic_version'"
                    )
                ]
                connection.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
                _spare_databases.append(name)
                return
    except Exception:  # a database the test broke or removed: drop whatever is left
        pass
    server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per session (one per xdist worker), copied for
    each test instead of running the Alembic chain in every test (and in every `pipeline`
    process a test starts on its database, where importing Alembic alone takes longer)."""
    path = tmp_path_factory.mktemp("template") / "pipeline.db"
    open_store(path).close()
    # Every connection is closed, so SQLite has checkpointed the log into the file and removed
    # it: the file alone is the whole database, and a plain copy of it is a consistent one.
    leftovers = [f"{path}{suffix}" for suffix in ("-wal", "-shm", "-journal")]
    assert not any(Path(name).exists() for name in leftovers), leftovers
    return path


def copy_template(template: Path, path: Path) -> Path:
    """Put a copy of the migrated template at path, private as the store would make it."""
    make_private_dir(path.parent)
    shutil.copyfile(template, path)
    os.chmod(path, 0o600)
    return path


_database_numbers = itertools.count(1)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The engine this test runs on: "sqlite", or "postgresql" for the server variant."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def database(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[object]:
    """The test's database, migrated to head and empty: a file under tmp_path (a copy of the
    session's template), or a server database made from the server's template (one a test
    before emptied, when its schema was left as the template's)."""
    if engine == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        yield copy_template(template, tmp_path / "data" / "pipeline.db")
        return
    server = request.getfixturevalue("pg_server")
    name = _server_database(server)
    try:
        yield ServerUrl(server.url(name))
    finally:
        _give_back(server, name)


@pytest.fixture
def empty_database(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[object]:
    """A database with no tables yet: a path with no file, or an empty server database."""
    if engine == "sqlite":
        yield tmp_path / "empty" / "pipeline.db"
        return
    server = request.getfixturevalue("pg_server")
    name = f"empty_{os.getpid()}_{next(_database_numbers)}"
    server.admin(f"CREATE DATABASE {name}")
    try:
        yield ServerUrl(server.url(name))
    finally:
        server.admin(f"DROP DATABASE {name} WITH (FORCE)")


_filled_templates: dict[tuple[str, str], object] = {}


@pytest.fixture
def filled_store(
    engine: str, database: object, request: pytest.FixtureRequest
) -> Iterator[Callable[[str, Callable[[Store], object]], Store]]:
    """Open the test's database filled by fill(store), which runs once per session (per xdist
    worker) and engine for each name: later tests get a copy of what it wrote (a file copy, or
    a server database made from it as a template). For data that takes seconds to write (a
    demo of thousands of applications) and that the tests only read or change in their copy.
    It replaces the test's database, so the test must not have opened it before (no `store`).

    `filled_store("demo-3000", lambda store: services.fill_demo(store, 3000, 5, today=...))`
    """
    opened: list[Store] = []

    def open_filled(name: str, fill: Callable[[Store], object]) -> Store:
        key = (engine, name)
        if key not in _filled_templates:
            _filled_templates[key] = _make_filled_template(engine, name, fill, request)
        template = _filled_templates[key]
        if isinstance(database, Path):
            assert isinstance(template, Path)
            copy_template(template, database)
        else:
            server = request.getfixturevalue("pg_server")
            own = str(database).rsplit("/", 1)[1]
            server.admin(
                f"DROP DATABASE {own} WITH (FORCE)", f"CREATE DATABASE {own} TEMPLATE {template}"
            )
        store = open_store(database)  # type: ignore[arg-type]
        opened.append(store)
        return store

    yield open_filled
    for store in opened:
        store.close()


def _make_filled_template(
    engine: str, name: str, fill: Callable[[Store], object], request: pytest.FixtureRequest
) -> object:
    label = "".join(char if char.isalnum() else "_" for char in name)
    if engine == "sqlite":
        folder = request.getfixturevalue("tmp_path_factory").mktemp(f"filled-{label}")
        path = copy_template(request.getfixturevalue("sqlite_template"), folder / "pipeline.db")
        store = open_store(path)
        try:
            fill(store)
        finally:
            store.close()
        assert not Path(f"{path}-wal").exists()  # every connection closed: the file is whole
        return path
    server = request.getfixturevalue("pg_server")
    database = f"filled_{label}_{os.getpid()}"
    server.admin(f"CREATE DATABASE {database} TEMPLATE {TEMPLATE_DATABASE}")
    store = open_store(ServerUrl(server.url(database)))
    try:
        fill(store)
    finally:
        store.close()
    return database


@pytest.fixture(autouse=True)
def isolated_user_state(tmp_path: Path, database: object, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the database and config at the test's own and pin today's date."""
    monkeypatch.setenv("PIPELINE_DB", str(database))
    monkeypatch.setenv("PIPELINE_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("PIPELINE_TODAY", "2024-09-16")
    return tmp_path


@pytest.fixture
def db_path(database: object) -> object:
    """The database the CLI uses in this test (a Path for SQLite, a ServerUrl for a server)."""
    return database


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """An open, empty, migrated store at the test's database."""
    opened = open_store(db_path)
    yield opened
    opened.close()


@dataclass
class Outcome:
    """What one CLI run printed and returned."""

    code: int
    out: str
    err: str


@pytest.fixture
def pipeline(capsys: pytest.CaptureFixture[str]):
    """Run `pipeline ARGS...` in-process and return its exit code and output."""

    def invoke(*args: str) -> Outcome:
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def make_app(store: Store):
    """Build the terminal UI on the test's store (live polling off unless asked for)."""
    from pipeline_tui.config import load_settings
    from pipeline_tui.tui.app import PipelineApp

    def build(*, poll: bool = False) -> PipelineApp:
        return PipelineApp(store, load_settings(), poll=poll)

    return build
