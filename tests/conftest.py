"""Every test gets its own database and settings file under tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline_tui.cli import run
from pipeline_tui.store.engine import Store, open_store


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak",
        action="store_true",
        default=False,
        help="run the reliability suite's long variants (more rounds, more writes)",
    )


@pytest.fixture(autouse=True)
def isolated_user_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the database and config at tmp_path and pin today's date."""
    monkeypatch.setenv("PIPELINE_DB", str(tmp_path / "data" / "pipeline.db"))
    monkeypatch.setenv("PIPELINE_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("PIPELINE_TODAY", "2024-09-16")
    return tmp_path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The database file the CLI uses in this test."""
    return tmp_path / "data" / "pipeline.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """An open, empty, migrated store at the test's database path."""
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
