"""Import and export from the command palette: a preview first, one reload after the import."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, Static
from tui_helpers import add, notifications, run_command, settle

from pipeline_tui import services
from pipeline_tui.domain.models import ApplicationFilter
from pipeline_tui.tui.screens.confirm_modal import ConfirmModal
from pipeline_tui.tui.screens.transfer_modal import ExportModal, ImportModal


async def _palette(pilot, command: str) -> None:
    await run_command(pilot, command)


def _all(store) -> list[str]:
    found = services.list_applications(store, ApplicationFilter(archived=None))
    return sorted(application.company for application in found)


async def test_import_shows_the_dry_run_then_imports_and_reloads_the_board(
    running_app, store, tmp_path: Path
) -> None:
    add(store, "Baidu", "Search")
    source = tmp_path / "tracker.csv"
    source.write_text(
        "Company,Job Title,Status,Date Applied\n"
        "ByteDance,LLM engineer,Interviewing,2024-09-01\n"
        "Acme,Engineer,Applied,2024-09-02\n",
        encoding="utf-8",
    )
    async with running_app(notifications=True) as (app, pilot):
        await _palette(pilot, "data: import")
        assert isinstance(app.screen, ImportModal)
        app.screen.query_one("#path", Input).value = str(source)
        await pilot.press("enter")  # Preview: nothing is written
        await settle(pilot)
        summary = str(app.screen.query_one("#import-summary", Static).render())
        assert "Would import" in summary and "2 new" in summary
        assert _all(store) == ["Baidu"]  # nothing written yet
        await pilot.press("ctrl+s")  # Import
        await settle(pilot)
        assert not isinstance(app.screen, ImportModal)
        assert _all(store) == ["Acme", "Baidu", "ByteDance"]
        shown = {app.dataset.get(number).company for number in (1, 2, 3)}  # type: ignore[union-attr]
        assert shown == {"Acme", "Baidu", "ByteDance"}
        assert any("Imported" in text and "2 new" in text for _, text in notifications(app))


async def test_u_takes_an_import_back_and_shift_u_imports_it_again(
    running_app, store, tmp_path: Path
) -> None:
    add(store, "Baidu", "Search")
    source = tmp_path / "tracker.csv"
    source.write_text(
        "Company,Job Title,Status,Date Applied\n"
        "ByteDance,LLM engineer,Interviewing,2024-09-01\n"
        "Acme,Engineer,Applied,2024-09-02\n",
        encoding="utf-8",
    )
    async with running_app(notifications=True) as (app, pilot):
        await _palette(pilot, "data: import")
        app.screen.query_one("#path", Input).value = str(source)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _all(store) == ["Acme", "Baidu", "ByteDance"]
        assert any("(u undoes it)" in text for _, text in notifications(app))
        await pilot.press("u")  # asks first: it removes the applications the import added
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)  # it asks, naming what goes
        asked = str(app.screen.query_one("#confirm-what", Static).render())
        assert "removes the 2 applications it added" in asked
        await pilot.press("y")
        await settle(pilot)
        assert _all(store) == ["Baidu"]  # what the import added, and nothing else
        assert len(app.dataset) == 1  # the board shows what is left
        assert any(f"Undid the import of {source}" in text for _, text in notifications(app))
        await pilot.press("U")
        await settle(pilot)
        assert _all(store) == ["Acme", "Baidu", "ByteDance"]


async def test_an_import_with_bad_rows_is_refused_in_the_dialog(
    running_app, store, tmp_path: Path
) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("Company,Role,Status,Date\nAcme,Eng,Sleeping,2024-09-02\n", encoding="utf-8")
    async with running_app() as (app, pilot):
        app.action_import_file()
        await settle(pilot)
        app.screen.query_one("#path", Input).value = str(source)
        await pilot.press("enter")
        await settle(pilot)
        problems = str(app.screen.query_one("#import-problems", Static).render())
        assert "line 2: unknown status 'Sleeping'" in problems
        await pilot.press("ctrl+s")  # Import is disabled: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, ImportModal)
        assert _all(store) == []


async def test_export_writes_a_private_json_file(running_app, store, tmp_path: Path) -> None:
    add(store, "Baidu", "Search")
    target = tmp_path / "out.json"
    async with running_app(notifications=True) as (app, pilot):
        await _palette(pilot, "data: export")
        assert isinstance(app.screen, ExportModal)
        app.screen.query_one("#format").value = "json"
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportModal)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [row["role"] for row in data["tables"]["application"]] == ["Search"]
    assert oct(target.stat().st_mode & 0o777) == "0o600"


async def test_import_and_export_name_their_own_buttons(running_app, store, tmp_path: Path) -> None:
    """They are plain dialogs, not forms with a Save button relabelled; escape cancels."""
    from textual.widgets import Button

    async with running_app() as (app, pilot):
        await _palette(pilot, "data: import")
        assert isinstance(app.screen, ImportModal)
        labels = [str(button.label) for button in app.screen.query(Button)]
        assert labels == ["Preview", "Cancel"]
        await pilot.press("escape")
        await settle(pilot)
        await _palette(pilot, "data: export")
        assert isinstance(app.screen, ExportModal)
        labels = [str(button.label) for button in app.screen.query(Button)]
        assert labels == ["Export", "Cancel"]
        target = tmp_path / "out" / "none.csv"  # a folder that does not exist
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportModal)  # refused under the path
        error = str(app.screen.query_one("#path-error", Static).render())
        assert "cannot write" in error
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ExportModal)
