"""The table: filter as you type, sort by any column, stage quick filter, campaign scope."""

from __future__ import annotations

from tui_helpers import add, loaded, screen_text, settle, type_text

from pipeline_tui import services
from pipeline_tui.tui.screens.campaign_modal import CampaignModal
from pipeline_tui.tui.widgets.application_table import ApplicationTable
from pipeline_tui.tui.widgets.board import Board


def _seed(store) -> None:
    add(store, "ByteDance", "LLM engineer", source="referral", campaign="2024 autumn campus")
    add(store, "Baidu", "Search ranking", source="campus", campaign="2024 autumn campus")
    add(store, "阿里巴巴", "算法工程师", source="BOSS直聘", campaign="2024 spring campus")
    add(store, "Meituan", "Recsys", source="referral", campaign="social")
    services.move(store, 2, "interview")
    services.edit_application(store, 4, {"notes": "met the team lead"})


def _companies(app) -> list[str]:
    return [row.company for row in app.screen.query_one(ApplicationTable).rows]


async def test_filter_narrows_as_you_type_and_escape_clears(running_app, store) -> None:
    _seed(store)
    async with running_app() as (app, pilot):
        await pilot.press("t", "slash")
        assert app.focused.id == "filter"
        await pilot.press("s", "p")  # "spring" and nothing else yet has "sp"
        assert _companies(app) == ["阿里巴巴"]
        await pilot.press("backspace", "backspace", "r", "e", "f")
        assert sorted(_companies(app)) == ["ByteDance", "Meituan"]
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "lead")  # notes are searched too
        assert _companies(app) == ["Meituan"]
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "阿里 stage:submitted")
        assert _companies(app) == ["阿里巴巴"]
        assert "showing 1" in screen_text(app)
        await pilot.press("escape")  # leave the box; the filter stays
        assert isinstance(app.focused, ApplicationTable)
        assert _companies(app) == ["阿里巴巴"]
        await pilot.press("escape")  # and clear it
        assert len(_companies(app)) == 4


async def test_sort_by_key_and_by_clicking_a_heading(running_app, store) -> None:
    _seed(store)
    async with running_app() as (app, pilot):
        await pilot.press("t")
        table = app.screen.query_one(ApplicationTable)
        assert table.sort == "last"
        while table.sort != "company":
            await pilot.press("s")
        assert _companies(app) == ["Baidu", "ByteDance", "Meituan", "阿里巴巴"]
        await pilot.press("S")
        assert _companies(app) == ["阿里巴巴", "Meituan", "ByteDance", "Baidu"]
        assert "Company ▼" in screen_text(app)
        # The "Stage" heading: click it to sort by stage (interview last when ascending).
        stage_x = screen_text(app).splitlines()[4].index("Stage")
        await pilot.click(table, offset=(stage_x, 0))
        assert table.sort == "stage"
        assert _companies(app)[-1] == "Baidu"


async def test_stage_quick_filter(running_app, store) -> None:
    _seed(store)
    async with running_app() as (app, pilot):
        await pilot.press("t", "f")
        await pilot.pause()
        await type_text(pilot, "interview", into_input=False)  # the select's type-to-search
        await pilot.press("enter")
        await pilot.pause()
        assert _companies(app) == ["Baidu"]


async def test_campaign_selector_scopes_board_and_table(running_app, store) -> None:
    _seed(store)
    async with running_app() as (app, pilot):
        await pilot.press("c")
        assert isinstance(app.screen, CampaignModal)
        await pilot.press("down", "enter")  # the biggest campaign, after "All campaigns"
        await pilot.pause()
        assert app.campaign == "2024 autumn campus"
        board = app.screen.query_one(Board)
        assert sum(column.count for column in board.columns) == 2
        assert "campaign: 2024 autumn campus" in screen_text(app)
        await pilot.press("t")
        assert sorted(_companies(app)) == ["Baidu", "ByteDance"]
        # New captures default to the scoped campaign.
        await pilot.press("a")
        await type_text(pilot, "Kuaishou / Kling")
        await pilot.press("enter")
        await loaded(pilot)
        assert services.detail(store, 5).application.campaign == "2024 autumn campus"
        await pilot.press("escape", "c", "home", "enter")
        await pilot.pause()
        assert app.campaign is None
        assert len(_companies(app)) == 5


async def test_palette_commands_read_area_action(running_app, store) -> None:
    _seed(store)
    async with running_app() as (app, pilot):
        await pilot.press("ctrl+p")
        await type_text(pilot, "table: sort by company")
        await settle(pilot)  # the palette's search has listed its results
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one(ApplicationTable)
        assert table.sort == "company"
        assert _companies(app) == ["Baidu", "ByteDance", "Meituan", "阿里巴巴"]
        await pilot.press("question_mark")
        assert app.screen.__class__.__name__ == "HelpScreen"
        assert "Quick capture (a)" in screen_text(app)
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "MainScreen"
