"""Keys act where the user looks: undo takes back the user's own last change, selection follows."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input
from tui_helpers import (
    add,
    loaded,
    notifications,
    screen_text,
    settle,
    stage_of,
    status_text,
    type_text,
)

from pipeline_tui import services
from pipeline_tui.domain.stages import Stage
from pipeline_tui.tui.screens.confirm_modal import ConfirmModal
from pipeline_tui.tui.screens.form_modal import ApplicationFormModal
from pipeline_tui.tui.screens.move_modal import MoveModal
from pipeline_tui.tui.widgets.application_table import ApplicationTable
from pipeline_tui.tui.widgets.board import Board


def _interviewing(store, *names: str) -> list[int]:
    ids = []
    for name in names:
        application_id = add(store, name, "Eng", on=date(2024, 9, 2))
        services.move(store, application_id, "interview", on=date(2024, 9, 9))
        ids.append(application_id)
    return ids


def _warnings(app) -> list[str]:
    return [text for severity, text in notifications(app) if severity == "warning"]


async def test_undo_takes_back_my_last_change_not_the_card_under_the_cursor(
    running_app, store
) -> None:
    alpha, beta = _interviewing(store, "AlphaCo", "BetaCo")
    async with running_app(notifications=True) as (app, pilot):
        board = app.screen.query_one(Board)
        while board.current.id != beta:
            await pilot.press("j")
        await pilot.press("x", "enter")  # no reason given
        await settle(pilot)
        assert stage_of(store, beta) == (Stage.REJECTED, 1)
        assert "u undoes: rejected on 2024-09-16 of #2 BetaCo — Eng" in status_text(app)
        # The neighbour (AlphaCo) is under the cursor, but a reflex key does not touch it.
        await pilot.press("r")
        await settle(pilot)
        assert stage_of(store, alpha) == (Stage.INTERVIEW, 1)
        assert "select an application first" in _warnings(app)
        await pilot.press("u")
        await settle(pilot)
        assert stage_of(store, beta) == (Stage.INTERVIEW, 1)
        assert stage_of(store, alpha) == (Stage.INTERVIEW, 1)
        assert any("Undid rejected" in text and "BetaCo" in text for _, text in notifications(app))
        # Redo makes the undone change again.
        await pilot.press("U")
        await settle(pilot)
        assert stage_of(store, beta) == (Stage.REJECTED, 1)


async def test_a_move_keeps_the_selection_on_the_moved_application(running_app, store) -> None:
    (alpha,) = _interviewing(store, "AlphaCo")
    add(store, "Quiet", "Eng", on=date(2024, 9, 1))
    async with running_app() as (app, pilot):
        board = app.screen.query_one(Board)
        assert board.current.id == alpha  # the most recently active card
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert stage_of(store, alpha) == (Stage.INTERVIEW, 3)
        assert board.current.id == alpha and board.armed


async def test_undo_that_removes_an_application_asks_first(running_app, store) -> None:
    async with running_app(notifications=True) as (app, pilot):
        await pilot.press("a")
        await type_text(pilot, "GammaCo / Eng note:met at the fair")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert len(services.list_applications(store, services.ApplicationFilter())) == 1
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "removes #1 GammaCo — Eng" in screen_text(app)
        assert "Remove it?" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert len(services.list_applications(store, services.ApplicationFilter())) == 1
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert services.list_applications(store, services.ApplicationFilter()) == []


async def test_undo_leaves_changes_made_elsewhere_alone(running_app, store) -> None:
    application_id = add(store, "GammaCo", "Eng")
    async with running_app() as (_app, pilot):
        await pilot.press("n")
        await type_text(pilot, "call back friday")
        await pilot.press("enter")
        await settle(pilot)
        services.move(store, application_id, "screening")  # elsewhere: not mine to undo
        await pilot.press("u")
        await settle(pilot)
        events = services.detail(store, application_id).events
        assert [event.kind for event in events] == ["stage", "stage"]
        assert events[-1].stage is Stage.SCREENING


async def test_new_applications_become_the_selection(running_app, store) -> None:
    add(store, "Older", "Eng", on=date(2024, 9, 1))
    async with running_app() as (app, pilot):
        await pilot.press("A")
        await type_text(pilot, "Newco")
        await pilot.press("tab")
        await type_text(pilot, "Researcher")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MoveModal)
        assert "Newco" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("a")
        await type_text(pilot, "Captured / Eng")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one(ApplicationTable)
        assert table.current.company == "Captured"
        assert app.focused is table


async def test_focus_starts_on_a_card_and_comes_back_after_filter_and_views(
    running_app, store
) -> None:
    application_id = add(store, "Baidu", "Search")
    async with running_app() as (app, pilot):
        await pilot.press("slash")
        await type_text(pilot, "baidu")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, Board)
        await pilot.press("t", "b", "i", "b")
        await settle(pilot)
        await pilot.press("x", "enter")  # no reason given
        await settle(pilot)
        assert stage_of(store, application_id)[0] is Stage.REJECTED


async def test_first_capture_on_an_empty_database_leaves_a_usable_board(running_app, store) -> None:
    async with running_app() as (app, pilot):
        await pilot.press("a")
        await type_text(pilot, "First / Eng")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, Board)
        await pilot.press("x", "enter")  # no reason given
        await settle(pilot)
        assert stage_of(store, 1)[0] is Stage.REJECTED


async def test_keys_without_a_selection_are_dimmed_and_say_why(running_app, store) -> None:
    add(store, "Baidu", "Search")
    async with running_app(notifications=True) as (app, pilot):
        await pilot.press("h")  # the saved column is empty
        screen = app.screen
        assert screen.check_action("reject", ()) is None  # the footer dims it
        assert screen.check_action("move", ()) is None
        await pilot.press("x", "m")
        await settle(pilot)
        assert _warnings(app).count("select an application first") == 2
        assert stage_of(store, 1)[0] is Stage.SUBMITTED
        await pilot.press("l")
        assert screen.check_action("reject", ()) is True


async def test_a_future_date_in_a_capture_asks_before_recording(running_app, store) -> None:
    async with running_app() as (app, pilot):
        await pilot.press("a")
        await type_text(pilot, "Later / Eng on:tomorrow")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "after today" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert services.list_applications(store, services.ApplicationFilter()) == []
        assert isinstance(app.focused, Input)


async def test_the_edit_form_starts_on_the_first_field_with_nothing_selected(
    running_app, store
) -> None:
    application_id = add(store, "Baidu", "Search")
    async with running_app() as (app, pilot):
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ApplicationFormModal)
        assert app.focused.id == "company"
        assert app.focused.selection.is_empty
        await type_text(pilot, " Inc")
        await pilot.press("ctrl+s")
        await settle(pilot)
        application = services.detail(store, application_id).application
        assert (application.company, application.role) == ("Baidu Inc", "Search")


async def test_sorting_selects_the_first_row_of_the_new_order(running_app, store) -> None:
    for number in range(60):
        add(store, f"Company {number:02}", "Eng", on=date(2024, 9, 1 + number % 15))
    async with running_app() as (app, pilot):
        await pilot.press("t")
        await settle(pilot)
        for _ in range(30):
            await pilot.press("j")
        await pilot.press("s")  # applied
        await pilot.press("s")  # days silent
        await pilot.press("s")  # company
        await settle(pilot)
        table = app.screen.query_one(ApplicationTable)
        assert table.cursor_row == 0 and table.scroll_y == 0
        assert table.current.company == "Company 00"


async def test_archived_applications_show_with_is_archived_and_restore(running_app, store) -> None:
    application_id = add(store, "Hidden", "Eng")
    services.set_archived(store, application_id)
    add(store, "Shown", "Eng")
    async with running_app() as (app, pilot):
        assert "Hidden" not in screen_text(app)
        await pilot.press("t", "slash")
        await type_text(pilot, "is:archived")
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one(ApplicationTable)
        assert [row.company for row in table.rows] == ["Hidden"]
        await pilot.press("delete")  # restore
        await settle(pilot)
        assert not services.detail(store, application_id).application.archived
        await pilot.press("slash", "ctrl+a", "ctrl+k", "escape")
        await settle(pilot)
        assert "Hidden" in {row.company for row in table.rows}


async def test_a_notice_with_wide_characters_keeps_every_glyph(make_app, store) -> None:
    """Toasts lost a CJK glyph where they crossed a column edge; notices use the status line."""
    application_id = add(store, "腾讯", "平台开发工程师")
    app = make_app()
    async with app.run_test(size=(61, 24)) as pilot:
        await loaded(pilot)
        for width in range(58, 64):  # edges of the board columns move with the width
            await pilot.resize_terminal(width, 24)
            await settle(pilot)
            app.notify(f"Moved #{application_id} 腾讯 — 平台开发工程师: interview round 1")
            await settle(pilot)
            assert "腾讯 — 平台开发工程师" in screen_text(app), width
