"""u, U and z through one history: an undo never touches another terminal's change, asks
before removing more than it names, says what came back, and the cursor lands on it.

The shell here is another process (a real `pipeline` subprocess) or the command line run in
this process on its own connection to the same database file; either way the UI's history
knows nothing of what it wrote. Today is pinned to 2024-09-16 (tests/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import (
    SIZE,
    add,
    loaded,
    notifications,
    settle,
    stage_of,
    status_text,
    type_text,
    until,
)

from pipeline_tui import services
from pipeline_tui.cli import run
from pipeline_tui.domain.models import ApplicationFilter
from pipeline_tui.domain.offers import OfferInput
from pipeline_tui.domain.stages import Stage
from pipeline_tui.services import contacts, reminders
from pipeline_tui.services.offers import offer_history, record_offer
from pipeline_tui.tui.screens.confirm_modal import ConfirmModal
from pipeline_tui.tui.screens.contacts_screen import ContactsScreen
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.due_screen import DueScreen
from pipeline_tui.tui.screens.offers_screen import OffersScreen
from pipeline_tui.tui.widgets.application_table import ApplicationTable
from pipeline_tui.tui.widgets.board import Board
from pipeline_tui.tui.widgets.offers_table import OffersTable

PIPELINE = shutil.which("pipeline", path=os.path.dirname(sys.executable)) or "pipeline"


def _shell(db_path: Path, *args: str) -> None:
    """Run one command as another terminal would: in this process, on its own connection."""
    assert run(["--db", str(db_path), *args]) == 0


def _subprocess(db_path: Path, *args: str) -> None:
    """Run one command in a real `pipeline` process."""
    done = subprocess.run(
        [PIPELINE, "--db", str(db_path), *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def _interviewing(store, *names: tuple[str, str]) -> list[int]:
    ids = []
    for company, role in names:
        application_id = add(store, company, role, on=date(2024, 9, 2))
        services.move(store, application_id, "interview", on=date(2024, 9, 9))
        ids.append(application_id)
    return ids


def _kinds(store, application_id: int) -> list[tuple[str, Stage]]:
    return [(event.kind, event.stage) for event in services.detail(store, application_id).events]


def _since(app, count: int) -> list[tuple[str, str]]:
    """The notices shown after the first count."""
    return notifications(app)[count:]


async def _card(pilot, application_id: int) -> Board:
    """Put the board's cursor on one application's card."""
    board = pilot.app.screen.query_one(Board)
    target = next(
        index
        for index, column in enumerate(board.columns)
        if any(card.id == application_id for card in column.cards)
    )
    for _ in range(10):
        if board.column_index == target:
            break
        await pilot.press("h" if board.column_index > target else "l")
    await pilot.press("g")
    for _ in range(len(board.columns[target].cards)):
        if board.current is not None and board.current.id == application_id:
            return board
        await pilot.press("j")
    raise AssertionError(f"no card #{application_id}")


async def _contact(pilot, screen: ContactsScreen, contact_id: int) -> None:
    await _press(pilot, "home")
    for _ in range(5):
        if screen.selected_id() == contact_id:
            return
        await _press(pilot, "j")
    raise AssertionError(f"no contact #{contact_id}")


def _question(app) -> str:
    """What the yes/no question on top says, and asks."""
    screen = app.screen
    assert isinstance(screen, ConfirmModal)
    return f"{screen.what.plain} {screen.question}"


async def _press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


# Item 1: another terminal's change is never undone


@pytest.mark.slow
async def test_u_refuses_when_the_shell_undid_my_note_and_wrote_again(
    make_app, store, db_path: Path
) -> None:
    first = add(store, "字节跳动", "大模型算法", on=date(2024, 9, 2))
    second = add(store, "腾讯", "混元", on=date(2024, 9, 3))
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        await _card(pilot, first)
        await _press(pilot, "r")  # an earlier change of mine: round 1
        await pilot.press("n")
        await type_text(pilot, "HR 说下周联系")
        await _press(pilot, "enter")
        note = services.detail(store, first).events[-1]
        assert note.kind == "note"
        # Another terminal takes the note back, then records a move with a note.
        _subprocess(db_path, "undo")
        _subprocess(db_path, "move", str(second), "screening", "--note", "HR called")
        moved = services.detail(store, second).events[-1]
        assert moved.stage is Stage.SCREENING and moved.id != note.id  # ids are never reused
        shown = len(notifications(app))
        await _press(pilot, "u")
        # Refused in one notice; nothing changed; #2's screening stays.
        assert _since(app, shown) == [
            (
                "warning",
                "That note on #1 (2024-09-16) was already removed from another terminal; "
                "nothing changed; u now undoes the change before it",
            )
        ]
        assert services.detail(store, second).events[-1] == moved
        assert stage_of(store, first) == (Stage.INTERVIEW, 1)
        # The refused change is dropped: the next u reaches the one before it.
        assert (
            "u undoes: interview round 1 on 2024-09-16 of #1 字节跳动 — 大模型算法"
            in status_text(app)
        )
        await _press(pilot, "u")
        assert stage_of(store, first) == (Stage.SUBMITTED, None)
        assert stage_of(store, second) == (Stage.SCREENING, None)
        await _press(pilot, "u")
        assert notifications(app)[-1][1].startswith("nothing to undo")
        assert stage_of(store, second) == (Stage.SCREENING, None)


async def test_z_then_a_shell_move_then_u_leaves_the_move_alone(
    make_app, store, db_path: Path
) -> None:
    first = add(store, "字节跳动", "大模型算法", on=date(2024, 9, 2))
    second = add(store, "腾讯", "混元", on=date(2024, 9, 3))
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        await _card(pilot, first)
        await pilot.press("n")
        await type_text(pilot, "HR 说下周联系")
        await _press(pilot, "enter")
        await _press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        await _press(pilot, "z")  # my own note: the same as u, no question
        assert isinstance(app.screen, DetailScreen)
        assert _kinds(store, first) == [("stage", Stage.SUBMITTED)]
        _shell(db_path, "move", str(second), "screening", "--note", "HR called")
        await _press(pilot, "u")
        assert notifications(app)[-1][1].startswith("nothing to undo")
        assert stage_of(store, second) == (Stage.SCREENING, None)
        assert services.detail(store, second).events[-1].note == "HR called"
        await _press(pilot, "U")  # z went through the history: U writes the note again
        assert services.detail(store, first).events[-1].note == "HR 说下周联系"
        assert stage_of(store, second) == (Stage.SCREENING, None)


# Item 2: never half an application


async def test_undoing_an_add_moved_elsewhere_names_what_else_goes(
    make_app, store, db_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        await type_text(pilot, "米哈游 / AI算法 on:Sep 6")
        await _press(pilot, "enter")
        await _press(pilot, "escape")
        _shell(db_path, "move", "1", "screening")
        await _press(pilot, "u")
        assert isinstance(app.screen, ConfirmModal)
        text = _question(app)
        assert (
            "undoing this removes #1 米哈游 — AI算法 and what was recorded on it since: "
            "screening on 2024-09-16" in text
        )
        assert "Remove it?" in text
        await _press(pilot, "n")
        assert _kinds(store, 1) == [("stage", Stage.SUBMITTED), ("stage", Stage.SCREENING)]
        assert services.detail(store, 1).application.applied_on == date(2024, 9, 6)
        await _press(pilot, "u")
        await _press(pilot, "y")
        assert services.list_applications(store, ApplicationFilter(archived=None)) == []
        assert notifications(app)[-1][1] == "Undid the add of #1 米哈游 — AI算法: it is removed"


# Item 3: z on the detail screen is one more way into the same history


async def test_z_on_my_own_round_is_u_and_U_brings_it_back(make_app, store) -> None:
    (alpha,) = _interviewing(store, ("字节跳动", "大模型算法"))
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        await _card(pilot, alpha)
        await _press(pilot, "r")
        assert stage_of(store, alpha) == (Stage.INTERVIEW, 2)
        await _press(pilot, "enter")
        await _press(pilot, "z")
        assert stage_of(store, alpha) == (Stage.INTERVIEW, 1)
        assert app.history.next_undo() is None  # taken off the undo stack, onto the redo one
        assert notifications(app)[-1][1] == (
            "Undid interview round 2 on 2024-09-16: #1 字节跳动 — 大模型算法 is back to "
            "interview round 1"
        )
        await _press(pilot, "U")
        assert stage_of(store, alpha) == (Stage.INTERVIEW, 2)
        await _press(pilot, "u")
        assert stage_of(store, alpha) == (Stage.INTERVIEW, 1)


async def test_z_on_another_terminals_offer_and_U_puts_it_back_whole(make_app, store) -> None:
    (alpha,) = _interviewing(store, ("字节跳动", "大模型算法"))
    record_offer(
        store, alpha, OfferInput(base="26k x 16", bonus="20%"), default_currency="CNY"
    )  # another terminal
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        await _card(pilot, alpha)
        await _press(pilot, "enter")
        await _press(pilot, "z")
        assert stage_of(store, alpha) == (Stage.INTERVIEW, 1)
        assert offer_history(store, alpha) == []
        assert notifications(app)[-1][1] == (
            "Removed offer on 2024-09-16: #1 字节跳动 — 大模型算法 is back to interview round 1; "
            "U puts it back"
        )
        await _press(pilot, "U")
        assert stage_of(store, alpha)[0] is Stage.OFFER
        (offer,) = offer_history(store, alpha)
        assert (offer.package.base.low, offer.package.base_per_year) == (26_000, 16)
        assert notifications(app)[-1][1].startswith("Redid: Put back offer on 2024-09-16")
        await _press(pilot, "u")  # the put-back is a change of this session
        assert stage_of(store, alpha) == (Stage.INTERVIEW, 1)
        assert offer_history(store, alpha) == []


async def test_U_refuses_in_one_line_when_the_application_went_meanwhile(
    make_app, store, db_path: Path
) -> None:
    alpha = add(store, "字节跳动", "大模型算法", on=date(2024, 9, 2))
    services.move(store, alpha, "screening")  # another terminal
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        await _card(pilot, alpha)
        await _press(pilot, "enter")
        await _press(pilot, "z")
        assert stage_of(store, alpha) == (Stage.SUBMITTED, None)
        _shell(db_path, "undo", str(alpha))  # its only event: the application goes
        shown = len(notifications(app))
        await _press(pilot, "U")
        assert _since(app, shown)[0] == (
            "warning",
            "#1 was removed from another terminal; nothing changed; nothing left to redo",
        )
        assert app.history.next_redo() is None
        assert services.list_applications(store, ApplicationFilter(archived=None)) == []


async def test_z_asks_before_taking_back_more_than_one_event(make_app, store) -> None:
    meituan, baidu = _interviewing(store, ("美团", "搜索"), ("百度", "文心"))
    record_offer(store, meituan, OfferInput(base="30k x 15"), default_currency="CNY")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        await _press(pilot, "o")
        assert isinstance(app.screen, OffersScreen)
        await _press(pilot, "a")
        await _press(pilot, "y")  # accept, and withdraw 百度
        assert stage_of(store, baidu)[0] is Stage.WITHDRAWN
        await _press(pilot, "D")  # decided offers too, to open the accepted one
        await until(pilot, lambda: bool(app.screen.query_one(OffersTable).offers))
        await _press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        await _press(pilot, "z")
        assert isinstance(app.screen, ConfirmModal)
        text = _question(app)
        assert "z takes back the whole acceptance of #1 美团 — 搜索" in text
        assert "2 events recorded together" in text and "Undo them all?" in text
        await _press(pilot, "n")
        assert stage_of(store, baidu)[0] is Stage.WITHDRAWN
        await _press(pilot, "z")
        await _press(pilot, "y")
        assert stage_of(store, meituan)[0] is Stage.OFFER
        assert stage_of(store, baidu) == (Stage.INTERVIEW, 1)
        await _press(pilot, "U")
        assert stage_of(store, meituan)[0] is Stage.ACCEPTED
        assert stage_of(store, baidu)[0] is Stage.WITHDRAWN


# Item 4: undoing an import asks first


async def test_undoing_an_import_asks_naming_how_many_it_removes(
    make_app, store, tmp_path: Path
) -> None:
    baidu = add(store, "百度", "文心")
    source = tmp_path / "tracker.csv"
    source.write_text(
        "Company,Job Title,Status,Date Applied\n"
        "字节跳动,大模型算法,Interviewing,2024-09-01\n"
        "Acme,Engineer,Applied,2024-09-02\n",
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        app.action_import_file()
        await settle(pilot)
        app.screen.query_one("#path", Input).value = str(source)
        await _press(pilot, "enter")  # check
        await _press(pilot, "ctrl+s")  # import
        assert len(services.list_applications(store, ApplicationFilter())) == 3
        await _press(pilot, "u")
        assert isinstance(app.screen, ConfirmModal)
        text = _question(app)
        assert f"undoing the import of {source} removes the 2 applications it added" in text
        assert "Remove them?" in text
        await _press(pilot, "n")
        assert len(services.list_applications(store, ApplicationFilter())) == 3
        await _press(pilot, "u")
        await _press(pilot, "y")
        left = services.list_applications(store, ApplicationFilter())
        assert [application.id for application in left] == [baidu]
        assert notifications(app)[-1][1] == (
            f"Undid the import of {source} (3 events; 2 applications removed)"
        )


# Items 10 and 11: the cursor lands on what came back; what an undo says


async def test_u_and_U_put_the_board_cursor_on_what_came_back(make_app, store) -> None:
    alpha, beta = _interviewing(store, ("百度", "文心"), ("字节跳动", "大模型算法"))
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        board = await _card(pilot, beta)
        await _press(pilot, "x", "enter")  # rejected, no reason
        assert board.current is None or board.current.id != beta or not board.armed
        await _press(pilot, "u")
        assert board.current is not None and board.current.id == beta and board.armed
        assert notifications(app)[-1] == (
            "information",
            "Undid rejected on 2024-09-16: #2 字节跳动 — 大模型算法 is back to interview round 1",
        )
        await _press(pilot, "r")  # the next key acts on what came back
        assert stage_of(store, beta) == (Stage.INTERVIEW, 2)
        assert stage_of(store, alpha) == (Stage.INTERVIEW, 1)
        await _press(pilot, "u")
        assert stage_of(store, beta) == (Stage.INTERVIEW, 1)
        assert board.current is not None and board.current.id == beta and board.armed
        await _press(pilot, "U")
        assert notifications(app)[-1][1] == (
            "Redid: Moved #2 字节跳动 — 大模型算法: interview round 2 on 2024-09-16"
        )
        assert board.current is not None and board.current.id == beta and board.armed
        # Never "(u undoes it)" on an undo or a redo: the next u takes back an earlier change.
        undoing = [text for _, text in notifications(app) if text.startswith(("Undid", "Redid"))]
        assert len(undoing) == 3 and not any("(u undoes it)" in text for text in undoing)


async def test_u_puts_the_table_cursor_on_what_came_back(make_app, store) -> None:
    _interviewing(store, ("百度", "文心"), ("字节跳动", "大模型算法"), ("阿里", "通义"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await _press(pilot, "t")
        table = app.screen.query_one(ApplicationTable)
        await _press(pilot, "home")
        target = table.current
        assert target is not None
        await pilot.press("e")
        await type_text(pilot, " (北京)")  # edit the company, then go elsewhere
        await _press(pilot, "ctrl+s")
        await _press(pilot, "end")
        assert table.current is not None and table.current.id != target.id
        await _press(pilot, "u")
        assert table.current is not None and table.current.id == target.id and table.armed
        assert services.detail(store, target.id).application.company == target.company
        assert app.notices[-1][1].startswith(f"Undid the edit of #{target.id} ")


async def test_u_puts_the_contacts_cursor_on_what_came_back(make_app, store) -> None:
    li = contacts.add_contact(store, contacts.NewContact("Li Lei", company="字节跳动"))
    han = contacts.add_contact(store, contacts.NewContact("韩梅梅", company="腾讯"))
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        await _press(pilot, "p")
        screen = app.screen
        assert isinstance(screen, ContactsScreen)
        await _contact(pilot, screen, li.id)
        await pilot.press("n")
        await type_text(pilot, "wechat")
        await pilot.press("tab")
        await type_text(pilot, "聊了团队")
        await _press(pilot, "enter")
        assert len(contacts.contact_detail(store, li.id).interactions) == 1
        await _contact(pilot, screen, han.id)
        await _press(pilot, "u")
        assert contacts.contact_detail(store, li.id).interactions == []
        assert screen.selected_id() == li.id


async def test_u_puts_the_due_cursor_on_the_line_that_came_back(make_app, store) -> None:
    tencent = add(store, "腾讯", "混元", on=date(2024, 9, 10))
    reminders.remind(store, "寄作品集", ref=tencent, on=date(2024, 9, 14))
    reminders.remind(store, "问进度", ref=tencent, on=date(2024, 9, 15))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await _press(pilot, "d")
        screen = app.screen
        assert isinstance(screen, DueScreen)
        await _press(pilot, "home")
        while (item := screen.selected_item()) is None or item.ref != "r1":
            await _press(pilot, "j")
        await _press(pilot, "x")  # done: the cursor goes to the next line, disarmed
        assert reminders.reminder(store, "r1").done_at is not None
        await _press(pilot, "u")
        item = screen.selected_item()
        assert item is not None and item.ref == "r1"
        await _press(pilot, "x")  # acts on the line that came back
        assert reminders.reminder(store, "r1").done_at is not None
        assert reminders.reminder(store, "r2").done_at is None


async def test_u_puts_the_offers_cursor_on_the_offer_that_came_back(make_app, store) -> None:
    meituan, bytedance = _interviewing(store, ("美团", "搜索"), ("字节跳动", "大模型算法"))
    record_offer(store, meituan, OfferInput(base="30k x 15"), default_currency="CNY")
    record_offer(store, bytedance, OfferInput(base="40k x 16"), default_currency="CNY")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await _press(pilot, "o")
        table = app.screen.query_one(OffersTable)
        await _press(pilot, "home")
        while table.current is not None and table.current.application_id != meituan:
            await _press(pilot, "j")
        await _press(pilot, "d")
        await _press(pilot, "enter")  # declined, no reason
        await until(pilot, lambda: [o.application_id for o in table.offers] == [bytedance])
        await _press(pilot, "u")
        await until(pilot, lambda: len(table.offers) == 2)
        assert table.current is not None and table.current.application_id == meituan
