"""Changes from another process appear on their own; failed writes say so and change nothing."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from tui_helpers import SIZE, add, loaded, notifications, run_command, settle, stage_of

from pipeline_tui.config import load_settings
from pipeline_tui.domain.stages import Stage
from pipeline_tui.store import applications as queries
from pipeline_tui.tui.widgets.board import Board

PIPELINE = shutil.which("pipeline", path=os.path.dirname(sys.executable)) or "pipeline"


def _cards(app, stage: Stage) -> list[str]:
    board = app.screen.query_one(Board)
    column = next(column for column in board.columns if column.stage is stage)
    return [card.company for card in column.cards]


async def _wait_for(pilot, condition, timeout: float = 10.0) -> float:
    """Poll the app's state (not a blind sleep) until condition holds; return the wait."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError("the change never showed up")
        await pilot.pause(0.05)
    return time.monotonic() - start


@pytest.mark.slow
@pytest.mark.both_engines  # PRAGMA data_version on SQLite, LISTEN/NOTIFY on PostgreSQL
async def test_commands_from_another_process_show_up_without_a_key(
    make_app, store, db_path: Path
) -> None:
    add(store, "Baidu", "Search")
    app = make_app(poll=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert _cards(app, Stage.SUBMITTED) == ["Baidu"]
        added = subprocess.run(
            [PIPELINE, "--db", str(db_path), "add", "字节跳动", "LLM engineer"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert added.returncode == 0, added.stderr
        waited = await _wait_for(pilot, lambda: "字节跳动" in _cards(app, Stage.SUBMITTED))
        assert waited < 5  # the promise is 2 s; a loaded CI machine gets some slack
        moved = subprocess.run(
            [PIPELINE, "--db", str(db_path), "move", "baidu", "interview"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert moved.returncode == 0, moved.stderr
        await _wait_for(pilot, lambda: _cards(app, Stage.INTERVIEW) == ["Baidu"])
        assert _cards(app, Stage.SUBMITTED) == ["字节跳动"]


async def test_a_failed_write_notifies_and_leaves_database_and_screen_alone(
    running_app, store, monkeypatch: pytest.MonkeyPatch
) -> None:
    application_id = add(store, "Baidu", "Search")

    def disk_full(*args: object, **kwargs: object) -> int:
        raise sa.exc.OperationalError(
            "INSERT INTO event", {}, sqlite3.OperationalError("database or disk is full")
        )

    async with running_app(notifications=True) as (app, pilot):
        monkeypatch.setattr(queries, "insert_event", disk_full)
        await pilot.press("x", "enter")  # no reason given
        await settle(pilot)
        errors = [text for severity, text in notifications(app) if severity == "error"]
        assert errors and "database or disk is full" in errors[0]
        monkeypatch.undo()
        assert stage_of(store, application_id) == (Stage.SUBMITTED, None)
        assert _cards(app, Stage.SUBMITTED) == ["Baidu"]
        assert app.screen.query_one(Board).closed.counts.get(Stage.REJECTED, 0) == 0


async def test_the_chosen_theme_is_remembered_in_the_config_file(
    make_app, running_app, store
) -> None:
    async with running_app() as (app, pilot):
        assert app.theme == "textual-dark"
        await run_command(pilot, "theme: nord")
        assert app.theme == "nord"
    loaded_settings = load_settings()
    assert loaded_settings.settings.theme == "nord"
    assert 'theme = "nord"' in loaded_settings.path.read_text()
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert again.theme == "nord"
