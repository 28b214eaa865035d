"""Moving, logging rounds, rejecting, undoing, notes, edits and archiving, key by key."""

from __future__ import annotations

from tui_helpers import (
    add,
    notifications,
    screen_text,
    settle,
    stage_of,
    status_text,
    type_text,
    until,
)

from pipeline_tui import services
from pipeline_tui.domain.stages import Stage
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.move_modal import MoveModal
from pipeline_tui.tui.widgets.board import Board


async def test_move_through_the_modal(running_app, store) -> None:
    application_id = add(store, "ByteDance", "LLM engineer")
    async with running_app() as (app, pilot):
        await pilot.press("m")  # the board starts on the newest card
        assert isinstance(app.screen, MoveModal)
        await pilot.press("enter")  # the suggested next stage: screening
        await settle(pilot)
        assert stage_of(store, application_id) == (Stage.SCREENING, None)
        board = app.screen.query_one(Board)
        screening = next(c for c in board.columns if c.stage is Stage.SCREENING)
        assert [card.id for card in screening.cards] == [application_id]
        assert any("Moved #1 ByteDance" in message for _, message in notifications(app))


async def test_move_modal_keeps_refused_moves_open_with_the_reason(running_app, store) -> None:
    application_id = add(store, "Baidu", "Search")
    services.move(store, application_id, "interview")
    async with running_app() as (app, pilot):
        await pilot.press("m")
        await pilot.press("home", "down", "enter")  # submitted: backwards
        await settle(pilot)
        assert isinstance(app.screen, MoveModal)
        assert "moves backwards" in screen_text(app)
        assert stage_of(store, application_id) == (Stage.INTERVIEW, 1)
        await pilot.press("tab", "ctrl+a", "ctrl+k")  # the date field: a date it refuses
        assert app.focused.id == "on"
        await type_text(pilot, "2018-10")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MoveModal)
        assert "2018-10" in screen_text(app)
        await pilot.press("escape")
        assert stage_of(store, application_id) == (Stage.INTERVIEW, 1)


async def test_rounds_reject_and_undo_from_the_board(running_app, store) -> None:
    application_id = add(store, "腾讯", "NLP")
    async with running_app() as (app, pilot):
        await pilot.press("r")
        await settle(pilot)
        assert stage_of(store, application_id) == (Stage.INTERVIEW, 1)
        await pilot.press("r")  # the selection followed the card to the interview column
        await settle(pilot)
        assert stage_of(store, application_id) == (Stage.INTERVIEW, 2)
        assert "round 2" in screen_text(app)
        await pilot.press("x", "enter")  # no reason given
        await settle(pilot)
        assert stage_of(store, application_id) == (Stage.REJECTED, 2)
        board = app.screen.query_one(Board)
        assert board.closed.counts[Stage.REJECTED] == 1
        # u takes back the last change made here, wherever the selection is.
        await pilot.press("t", "u")
        await settle(pilot)
        assert stage_of(store, application_id) == (Stage.INTERVIEW, 2)
        assert any("Undid rejected" in message for _, message in notifications(app))


async def test_detail_actions_note_edit_withdraw_archive(running_app, store) -> None:
    application_id = add(store, "Meituan", "Recsys", source="campus")
    async with running_app() as (app, pilot):
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("n")
        await type_text(pilot, "HR called [bold]back[/]")
        await pilot.press("enter")
        await settle(pilot)
        await until(pilot, lambda: "HR called [bold]back[/]" in screen_text(app))
        await pilot.press("e")
        await settle(pilot)
        assert app.focused.id == "company"  # the first field, nothing selected
        await pilot.press("tab")
        assert app.focused.id == "role"
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "Search ranking")
        await pilot.press("ctrl+s")
        await settle(pilot)
        detail = services.detail(store, application_id)
        assert detail.application.role == "Search ranking"
        assert detail.events[-1].note == "HR called [bold]back[/]"
        await until(pilot, lambda: "Search ranking" in screen_text(app))
        await pilot.press("w", "enter")  # no reason given
        await settle(pilot)
        assert stage_of(store, application_id)[0] is Stage.WITHDRAWN
        await pilot.press("delete")
        await settle(pilot)
        assert services.detail(store, application_id).application.archived
        await pilot.press("escape")
        await settle(pilot)
        assert app.dataset.get(application_id) is None
        board = app.screen.query_one(Board)
        assert all(card.id != application_id for column in board.columns for card in column.cards)
        assert "u undoes: archive of #1 Meituan" in status_text(app)
        await pilot.press("u")  # undo right after archiving restores it
        await settle(pilot)
        assert not services.detail(store, application_id).application.archived
        assert app.dataset.get(application_id) is not None


async def test_a_refused_quick_move_asks_record_anyway(running_app, store) -> None:
    from pipeline_tui.tui.screens.confirm_modal import ConfirmModal

    application_id = add(store, "Tencent", "NLP")
    services.move(store, application_id, "rejected")
    async with running_app() as (app, pilot):
        await pilot.press("t", "enter")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        text = screen_text(app)
        assert "it is closed (rejected)" in text and "Record anyway?" in text
        assert "--force" not in text
        await pilot.press("n")
        await settle(pilot)
        assert stage_of(store, application_id) == (Stage.REJECTED, None)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert stage_of(store, application_id) == (Stage.INTERVIEW, 1)
