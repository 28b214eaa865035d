"""The board: welcome panel, columns with counts, keyboard and mouse navigation, detail."""

from __future__ import annotations

from textual.widgets import ContentSwitcher
from tui_helpers import add, loaded, screen_text

from pipeline_tui import services
from pipeline_tui.domain.stages import CLOSED_STAGES, Stage
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.main_screen import MainScreen
from pipeline_tui.tui.widgets.application_table import ApplicationTable
from pipeline_tui.tui.widgets.board import Board


def _seed(store) -> dict[str, int]:
    ids = {
        "bytedance": add(store, "ByteDance", "LLM engineer", department="Seed", source="referral"),
        "baidu": add(store, "Baidu", "Search ranking", source="campus"),
        "alibaba": add(store, "阿里巴巴", "算法工程师", department="通义实验室"),
        "meituan": add(store, "Meituan", "Recsys", saved=True),
        "tencent": add(store, "Tencent", "NLP"),
    }
    services.move(store, ids["baidu"], "interview")
    services.move(store, ids["baidu"], "interview")
    services.move(store, ids["tencent"], "rejected")
    return ids


async def test_empty_database_shows_the_welcome_panel(running_app) -> None:
    async with running_app() as (app, _pilot):
        assert app.screen.query_one(ContentSwitcher).current == "welcome"
        text = screen_text(app)
        assert "No applications yet" in text
        assert "pipeline demo" in text
        assert "Company / Role" in text or "ByteDance / LLM engineer" in text


async def test_columns_show_counts_cards_and_closed_outcomes(running_app, store) -> None:
    _seed(store)
    async with running_app() as (app, _pilot):
        text = screen_text(app)
        for heading in ("saved", "submitted", "screening", "interview", "offer", "closed"):
            assert heading in text
        board = app.screen.query_one(Board)
        counts = {column.stage.value: column.count for column in board.columns}
        assert counts == {"saved": 1, "submitted": 2, "screening": 0, "interview": 1, "offer": 0}
        assert {stage: board.closed.counts.get(stage, 0) for stage in CLOSED_STAGES} == {
            Stage.ACCEPTED: 0,
            Stage.DECLINED: 0,
            Stage.REJECTED: 1,
            Stage.WITHDRAWN: 0,
            Stage.GHOSTED: 0,
        }
        assert "round 2" in text  # Baidu's card
        assert "阿里巴巴" in text and "通义实验室" in text


async def test_keys_move_between_cards_and_columns_and_open_detail(running_app, store) -> None:
    ids = _seed(store)
    async with running_app() as (app, pilot):
        board = app.screen.query_one(Board)
        assert board.current.id == ids["meituan"]  # saved column first
        await pilot.press("l")
        first = board.current
        await pilot.press("j")
        second = board.current
        assert {first.id, second.id} == {ids["bytedance"], ids["alibaba"]}
        await pilot.press("k", "right", "right")
        assert board.current.id == ids["baidu"]
        await pilot.press("left", "h", "down", "up")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        await loaded(pilot)
        assert "Timeline" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_clicking_a_card_selects_then_opens_it(running_app, store) -> None:
    ids = _seed(store)
    async with running_app() as (app, pilot):
        board = app.screen.query_one(Board)
        column = board.columns[3]  # interview
        await pilot.click(column, offset=(4, 3))
        assert board.current.id == ids["baidu"]
        await pilot.click(column, offset=(4, 3))
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)


async def test_closed_column_lists_one_outcome_in_the_table(running_app, store) -> None:
    ids = _seed(store)
    async with running_app() as (app, pilot):
        await pilot.press(
            *"lllll", "j", "j", "enter"
        )  # closed column: accepted, declined, rejected
        table = app.screen.query_one(ApplicationTable)
        assert [row.id for row in table.rows] == [ids["tencent"]]
        assert "stage: rejected" in screen_text(app)


async def test_enter_on_a_follow_up_in_insights_opens_that_application(running_app, store) -> None:
    from datetime import date

    add(store, "Quiet Co", "Eng", on=date(2024, 9, 2))  # two weeks silent: a follow-up
    add(store, "Fresh Co", "Eng")
    async with running_app() as (app, pilot):
        await pilot.press("i")
        from tui_helpers import settle

        await settle(pilot)
        assert "Quiet Co" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.application_id == 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
