"""Every test gets its own database and settings file; the store, services, funnel and CLI
suites run once per engine (SQLite, then PostgreSQL) from the one `engine` fixture."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline_tui.cli import run
from pipeline_tui.paths import ServerUrl
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
        yield server
    finally:
        server.stop()


_database_numbers = itertools.count(1)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The engine this test runs on: "sqlite", or "postgresql" for the server variant."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def database(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[object]:
    """The test's database: a file under tmp_path, or a fresh, migrated server database."""
    if engine == "sqlite":
        yield tmp_path / "data" / "pipeline.db"
        return
    server = request.getfixturevalue("pg_server")
    name = f"test_{os.getpid()}_{next(_database_numbers)}"
    server.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DATABASE}")
    try:
        yield ServerUrl(server.url(name))
    finally:
        server.admin(f"DROP DATABASE {name} WITH (FORCE)")


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
