"""Adding applications through the quick-capture bar and the add form, key by key."""

from __future__ import annotations

from tui_helpers import add, screen_text, settle, type_text

from pipeline_tui import services
from pipeline_tui.domain.models import ApplicationFilter
from pipeline_tui.tui.screens.main_screen import MainScreen
from pipeline_tui.tui.widgets.board import Board, BoardColumn
from pipeline_tui.tui.widgets.capture_bar import CaptureBar


def _all(store):
    return services.list_applications(store, ApplicationFilter())


async def test_capture_bar_adds_many_in_a_row(running_app, store) -> None:
    async with running_app() as (app, pilot):
        await pilot.press("a")
        assert isinstance(app.focused.parent, CaptureBar)
        await type_text(pilot, "字节跳动 / 大模型算法工程师 via:内推 on:yesterday")
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "A/B Labs / R/D engineer via: job board c:2024 autumn")
        await pilot.press("enter")
        await settle(pilot)
        applications = _all(store)
        assert [(a.company, a.role, a.source) for a in applications] == [
            ("字节跳动", "大模型算法工程师", "内推"),
            ("A/B Labs", "R/D engineer", "job board"),
        ]
        assert applications[0].applied_on.isoformat() == "2024-09-15"
        assert applications[1].campaign == "2024 autumn"
        # The bar stays open and empty for the next line; the cards are on the board.
        assert app.focused.value == ""
        column = app.screen.query_one("#column-submitted", BoardColumn)
        assert {card.company for card in column.cards} == {"字节跳动", "A/B Labs"}
        await pilot.press("escape")
        assert isinstance(app.focused, Board)


async def test_capture_bar_records_the_cv_and_letter_versions(running_app, store) -> None:
    async with running_app() as (_app, pilot):
        await pilot.press("a")
        await type_text(pilot, "Baidu / ERNIE cv:v3 letter:L2 via:referral")
        await pilot.press("enter")
        await settle(pilot)
        [application] = _all(store)
        assert (application.cv, application.letter, application.source) == ("v3", "L2", "referral")


async def test_the_edit_form_changes_the_cv_and_letter_versions(running_app, store) -> None:
    application_id = services.add_application(
        store, services.NewApplication("Baidu", "ERNIE", cv="v2", letter="L1")
    ).application.id
    async with running_app() as (app, pilot):
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#cv").value == "v2"
        app.screen.query_one("#cv").value = "v3"
        app.screen.query_one("#letter").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        application = services.detail(store, application_id).application
        assert (application.cv, application.letter) == ("v3", None)


async def test_capture_bar_errors_keep_the_line_and_save_nothing(running_app, store) -> None:
    async with running_app() as (app, pilot):
        await pilot.press("a")
        await type_text(pilot, "ByteDance LLM engineer")
        await pilot.press("enter")
        await settle(pilot)
        assert "no role" in screen_text(app)
        assert app.focused.value == "ByteDance LLM engineer"
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "ByteDance / LLM on:2018-10")
        await pilot.press("enter")
        await settle(pilot)
        assert "2018-10" in screen_text(app)
        assert _all(store) == []


async def test_add_form_validates_beside_each_field(running_app, store) -> None:
    add(store, "Baidu", "Search")
    async with running_app() as (app, pilot):
        await pilot.press("A")
        assert app.focused.id == "company"
        await type_text(pilot, "Baidu")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "role is required" in screen_text(app)
        assert app.focused.id == "role"
        await type_text(pilot, "Search")
        # department, source, campaign, programme, cv, letter, location, url, on
        for _ in range(9):
            await pilot.press("tab")
        assert app.focused.id == "on"
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "someday")
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused.id == "on"
        assert "someday" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "3d ago")
        await pilot.press("enter")
        await settle(pilot)
        # Baidu / Search is still open: refused, with the way round it.
        text = screen_text(app)
        assert "already open" in text and "Force is now ticked" in text
        assert "--force" not in text
        assert app.screen.query_one("#force").value is True
        assert len(_all(store)) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        applications = _all(store)
        assert len(applications) == 2
        added = next(application for application in applications if application.id == 2)
        assert added.applied_on.isoformat() == "2024-09-13"
        assert isinstance(app.screen, MainScreen)
