"""A write that fails in the UI keeps what the user typed; a retry saves it."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tui"))
from tui_helpers import SIZE, loaded, screen_text, settle, type_text

from pipeline_tui import services
from pipeline_tui.store import applications as queries
from pipeline_tui.tui.screens.form_modal import ApplicationFormModal


async def test_a_failed_save_keeps_the_form_and_its_fields(
    make_app, store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object, **kwargs: object) -> object:
        raise sa.exc.OperationalError(
            "INSERT INTO application", {}, sqlite3.OperationalError("database or disk is full")
        )

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("A")
        await type_text(pilot, "字节跳动 [bold]")
        await pilot.press("tab")
        await type_text(pilot, "LLM engineer")
        monkeypatch.setattr(queries, "insert_application", disk_full)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ApplicationFormModal)
        assert "disk" in screen_text(app) and "full" in screen_text(app)
        assert app.screen.query_one("#company").value == "字节跳动 [bold]"
        assert app.screen.query_one("#role").value == "LLM engineer"
        assert services.list_applications(store, services.ApplicationFilter()) == []
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ApplicationFormModal)
        saved = services.list_applications(store, services.ApplicationFilter())
        assert [(item.company, item.role) for item in saved] == [
            ("字节跳动 [bold]", "LLM engineer")
        ]
