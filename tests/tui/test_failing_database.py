"""A UI that meets a failing database keeps running, says so once, and catches up when it heals.

Faults come from a SQLite connection that fails every statement while a flag is set: the same
"disk I/O error" a dying disk or a file swapped by a sync tool produces.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tui_helpers import (
    SIZE,
    add,
    loaded,
    notifications,
    screen_text,
    settle,
    stage_of,
    status_text,
    until,
)

from pipeline_tui import services
from pipeline_tui.domain.stages import Stage
from pipeline_tui.services import reports as report_services
from pipeline_tui.services import ui_reads
from pipeline_tui.store.engine import open_store
from pipeline_tui.tui.screens.reason_modal import ReasonModal
from pipeline_tui.tui.widgets.board import Board
from pipeline_tui.tui.widgets.insights import InsightsView

PIPELINE = shutil.which("pipeline", path=os.path.dirname(sys.executable)) or "pipeline"
FAILING = threading.Event()


def _check() -> None:
    if FAILING.is_set():
        raise sqlite3.OperationalError("disk I/O error")


class FlakyCursor(sqlite3.Cursor):
    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        _check()
        return super().execute(*args, **kwargs)

    def executemany(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        _check()
        return super().executemany(*args, **kwargs)


class FlakyConnection(sqlite3.Connection):
    def cursor(self, factory: Any = FlakyCursor) -> Any:
        return super().cursor(factory)

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        _check()
        return super().execute(*args, **kwargs)


@pytest.fixture
def flaky_sqlite(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Every SQLite connection this process opens from now on fails while the flag is set."""
    original = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs.setdefault("factory", FlakyConnection)
        return original(*args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", connect)
    FAILING.clear()
    yield FAILING
    FAILING.clear()


def _cards(app: Any, stage: Stage) -> list[str]:
    board = app.screen.query_one(Board)
    column = next(column for column in board.columns if column.stage is stage)
    return [card.company for card in column.cards]


def _errors(app: Any) -> list[str]:
    return [text for severity, text in notifications(app) if severity == "error"]


@pytest.mark.slow
async def test_reads_that_fail_are_reported_once_and_the_ui_catches_up(
    flaky_sqlite: threading.Event, db_path: Path
) -> None:
    from pipeline_tui.config import load_settings
    from pipeline_tui.tui.app import PipelineApp

    store = open_store(db_path)
    add(store, "Baidu", "Search")
    app = PipelineApp(store, load_settings(), poll=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        flaky_sqlite.set()
        added = subprocess.run(
            [PIPELINE, "--db", str(db_path), "add", "字节跳动", "LLM engineer"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert added.returncode == 0, added.stderr
        await until(pilot, lambda: app.read_problem is not None, timeout=10)
        # Several polls fail while the disk is bad; the user is told once, data stays.
        await pilot.pause(2.5)
        assert app.is_running
        assert len(_errors(app)) == 1
        assert "disk I/O error" in _errors(app)[0]
        assert "cannot read the database" in status_text(app)
        assert "cannot read the database" in screen_text(app).casefold()
        assert _cards(app, Stage.SUBMITTED) == ["Baidu"]
        flaky_sqlite.clear()
        await until(pilot, lambda: "字节跳动" in _cards(app, Stage.SUBMITTED), timeout=10)
        assert app.read_problem is None
        assert "cannot read the database" not in status_text(app)
    store.close()


async def test_a_first_screen_that_cannot_be_read_is_retried(
    flaky_sqlite: threading.Event, db_path: Path
) -> None:
    from pipeline_tui.config import load_settings
    from pipeline_tui.tui.app import PipelineApp

    store = open_store(db_path)
    add(store, "Baidu", "Search")
    store.close()
    store = open_store(db_path)
    flaky_sqlite.set()
    app = PipelineApp(store, load_settings(), poll=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: app.read_problem is not None)
        assert app.is_running and not app.dataset.loaded
        flaky_sqlite.clear()
        await until(pilot, lambda: _cards(app, Stage.SUBMITTED) == ["Baidu"], timeout=10)
    store.close()


async def test_detail_and_insights_keep_what_they_show_when_reads_fail(
    flaky_sqlite: threading.Event, running_app, store
) -> None:
    add(store, "Baidu", "Search")
    async with running_app(notifications=True) as (app, pilot):
        await pilot.press("i")
        await settle(pilot)
        assert "1 still waiting" in screen_text(app)
        flaky_sqlite.set()
        app.screen.query_one(InsightsView).reload()
        await settle(pilot)
        assert app.is_running
        assert "1 still waiting" in screen_text(app)
        assert app.read_problem is not None
        await pilot.press("b", "enter")
        await settle(pilot)
        assert app.is_running
        assert len(_errors(app)) == 1
        flaky_sqlite.clear()


async def test_insights_for_an_old_campaign_never_overwrite_a_newer_one(
    running_app, store, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(store, "Baidu", "Search", campaign="autumn")
    add(store, "Tencent", "NLP", campaign="spring")
    release, started = threading.Event(), threading.Event()
    weekly = report_services.weekly

    def slow_for_autumn(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("campaign") == "autumn":
            started.set()
            release.wait(10)
        return weekly(*args, **kwargs)

    monkeypatch.setattr(report_services, "weekly", slow_for_autumn)
    async with running_app() as (app, pilot):
        app.campaign = "autumn"
        await pilot.press("i")
        await until(pilot, started.is_set)  # the autumn read is on its way
        app.campaign = "spring"
        await until(pilot, lambda: "spring" in screen_text(app) and "Funnel" in screen_text(app))
        release.set()
        await settle(pilot)
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "· spring" in text
        assert "· autumn" not in text


@pytest.mark.slow
async def test_an_outside_commit_next_to_our_own_write_is_never_missed(
    make_app, store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interleaved writers: another connection commits right after each write of the UI."""
    for number in range(5):
        add(store, f"Ours {number}", "Eng")
    other = open_store(db_path)  # another connection, as another process would be
    summary = services.ui_summary
    theirs: list[str] = []

    def commit_elsewhere_then_read(store_: Any, application_id: int) -> Any:
        name = f"Theirs {len(theirs)}"
        theirs.append(name)
        services.add_application(other, services.NewApplication(name, "Ops"))
        return summary(store_, application_id)

    monkeypatch.setattr(services, "ui_summary", commit_elsewhere_then_read)
    app = make_app(poll=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        for _ in range(5):
            # Reject the selected card (no reason); another commit lands meanwhile.
            await pilot.press("x", "enter")
            await settle(pilot)
            await pilot.press("k")  # choose the next card (a write disarms its neighbour)
        assert len(theirs) == 5
        await until(
            pilot, lambda: {row.company for row in app.dataset.ordered("id", False)} >= set(theirs)
        )
        assert len(app.dataset) == 10
        stages = [stage_of(store, number)[0] for number in range(1, 11)]
        assert stages.count(Stage.REJECTED) == 5  # every write of ours landed too
    other.close()


def test_a_crash_that_escapes_exits_non_zero(pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.app import App

    from pipeline_tui.tui.screens.main_screen import MainScreen

    def crash(self: Any) -> None:
        raise RuntimeError("a bug in a screen")

    run = App.run

    def headless(self: Any, *args: Any, **kwargs: Any) -> Any:
        return run(self, *args, headless=True, **kwargs)

    monkeypatch.setattr(App, "run", headless)
    monkeypatch.setattr(MainScreen, "on_mount", crash)
    assert pipeline("tui").code == 1
    assert pipeline().code == 1


async def test_a_reload_that_started_before_my_write_never_undoes_it_on_screen(
    running_app, store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full reload reads a snapshot from before the user's write and lands after it."""
    add(store, "Baidu", "Search")
    add(store, "Tencent", "NLP")
    release, held = threading.Event(), threading.Event()
    summaries = ui_reads.ui_summaries
    stale_once = {"left": 1}

    def slow_stale_read(*args: Any, **kwargs: Any) -> Any:
        rows = summaries(*args, **kwargs)
        if stale_once["left"]:
            stale_once["left"] -= 1
            held.set()
            release.wait(10)  # the write happens while this read is on its way
        return rows

    async with running_app() as (app, pilot):
        monkeypatch.setattr(ui_reads, "ui_summaries", slow_stale_read)
        app.load_applications()  # as a poll would, after another terminal's change
        await until(pilot, held.is_set)  # its snapshot is read, from before the write
        board = app.screen.query_one(Board)
        target = board.current.id
        await pilot.press("x")
        # Not settle(): that would wait for the held-up reload too.
        await until(pilot, lambda: isinstance(app.screen, ReasonModal))
        await pilot.press("enter")  # no reason given
        await until(pilot, lambda: stage_of(store, target)[0] is Stage.REJECTED)
        release.set()
        await settle(pilot)
        await pilot.pause(0.2)
        assert app.dataset.get(target).stage is Stage.REJECTED


async def test_contacts_and_due_keep_what_they_show_when_reads_fail(
    flaky_sqlite: threading.Event, running_app, store
) -> None:
    from pipeline_tui.services import contacts, reminders

    li = contacts.add_contact(store, contacts.NewContact("Li Lei"))
    reminders.remind(store, "call Li Lei", contact=li.id)
    async with running_app(notifications=True) as (app, pilot):
        await pilot.press("p")
        await settle(pilot)
        assert "call Li Lei" in screen_text(app)
        flaky_sqlite.set()
        app.screen.load()
        await settle(pilot)
        assert app.is_running and app.read_problem is not None
        assert "Li Lei" in screen_text(app) and "call Li Lei" in screen_text(app)
        assert "cannot read the database" in screen_text(app).casefold()
        await pilot.press("escape", "d")
        await settle(pilot)
        assert app.is_running
        assert len(_errors(app)) == 1
        flaky_sqlite.clear()
        app.screen.load()
        await settle(pilot)
        assert "call Li Lei" in screen_text(app)
