"""Every key of widgets and dialogs is a row of the action table too; what is usable when is
decided in one place; config.toml's [keys] changes a screen's keys, and refuses mistakes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.actions import parse
from textual.binding import Binding
from textual.widgets import Static
from tui_helpers import add, screen_text, settle

from pipeline_tui.errors import ConfigError
from pipeline_tui.tui.actions import ACTIONS, SCREENS, Action, Scope, availability
from pipeline_tui.tui.keymap import keymap, names
from pipeline_tui.tui.screens.accept_modal import AcceptModal
from pipeline_tui.tui.screens.campaign_modal import CampaignModal
from pipeline_tui.tui.screens.confirm_modal import ConfirmModal
from pipeline_tui.tui.screens.contacts_screen import VimOptionList
from pipeline_tui.tui.screens.dialog_modal import DialogModal
from pipeline_tui.tui.screens.help_screen import HelpScreen, keys_table
from pipeline_tui.tui.screens.main_screen import MainScreen
from pipeline_tui.tui.screens.move_modal import MoveModal
from pipeline_tui.tui.screens.reason_modal import ReasonModal
from pipeline_tui.tui.screens.transfer_modal import ExportModal, ImportModal
from pipeline_tui.tui.widgets.application_table import ApplicationTable
from pipeline_tui.tui.widgets.board import Board
from pipeline_tui.tui.widgets.capture_bar import CaptureBar
from pipeline_tui.tui.widgets.offers_table import OffersTable

DOCS = Path(__file__).resolve().parents[2] / "docs"

OWNERS: list[tuple[type[Any], Scope]] = [
    (Board, "board"),
    (ApplicationTable, "table"),
    (OffersTable, "offer_table"),
    (VimOptionList, "list"),
    (CaptureBar, "capture"),
    (DialogModal, "dialog"),
    (MoveModal, "dialog"),
    (ReasonModal, "dialog"),
    (ImportModal, "dialog"),
    (ExportModal, "dialog"),
    (ConfirmModal, "confirm"),
    (AcceptModal, "accept"),
    (CampaignModal, "campaign"),
    (HelpScreen, "help"),
]


def _help_text(keymap_: dict[str, str] | None = None) -> str:
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(keys_table(keymap_))
    return console.file.getvalue()  # type: ignore[attr-defined]


def _row_of(binding: Binding, scope: Scope) -> Action | None:
    """The table row a binding comes from: the row itself, or a navigation row's step."""
    for action in ACTIONS:
        if scope not in action.scopes:
            continue
        if (action.key, action.action) == (binding.key, binding.action):
            return action
        if any((keys, step) == (binding.key, binding.action) for keys, step, _ in action.steps):
            return action
    return None


@pytest.mark.parametrize(("owner", "scope"), OWNERS, ids=lambda value: str(value))
def test_widget_and_dialog_keys_are_rows_of_the_table_with_a_help_line(
    owner: type[Any], scope: Scope
) -> None:
    help_lines = _help_text().splitlines()
    bindings = [binding for binding in owner.BINDINGS if isinstance(binding, Binding)]
    assert bindings, f"{owner.__name__} has no keys"
    for binding in bindings:
        row = _row_of(binding, scope)
        assert row is not None, (
            f"{owner.__name__}: {binding.key} -> {binding.action} not in ACTIONS"
        )
        assert any(
            line.strip().startswith(row.shown_key) and row.description in line
            for line in help_lines
        ), f"help has no line for {row.shown_key} ({row.description})"


def test_g_and_G_jump_to_the_first_and_last_and_are_documented() -> None:
    for owner in (Board, ApplicationTable, OffersTable):
        keys = {binding.key for binding in owner.BINDINGS if isinstance(binding, Binding)}
        assert {"home,g", "end,G"} <= keys, owner.__name__
    help_text = _help_text()
    assert help_text.count("(g G: first, last)") >= 3  # board, table, offers
    docs = (DOCS / "tui.md").read_text(encoding="utf-8")
    assert docs.count("(`g` `G`: first, last)") >= 3


class _Screen:
    """What availability asks a screen."""

    def __init__(self, *, table: bool, data: bool, select: bool, selected: bool) -> None:
        self._table, self._data, self._select, self._selected = table, data, select, selected

    def showing_table(self) -> bool:
        return self._table

    def has_data(self) -> bool:
        return self._data

    def can_select(self) -> bool:
        return self._select

    def selected_id(self) -> int | None:
        return 1 if self._selected else None


def _row(name: str) -> Action:
    return next(action for action in ACTIONS if action.remap_name == name)


def test_availability_is_one_rule_over_what_a_screen_shows() -> None:
    board = _Screen(table=False, data=True, select=True, selected=True)
    table_nothing_selected = _Screen(table=True, data=True, select=True, selected=False)
    insights = _Screen(table=False, data=True, select=False, selected=False)
    empty = _Screen(table=False, data=False, select=False, selected=False)
    assert availability(_row("sort"), board) is False
    assert availability(_row("sort"), table_nothing_selected) is True
    assert availability(_row("move"), board) is True
    assert availability(_row("move"), table_nothing_selected) is None  # dimmed
    assert availability(_row("move"), insights) is False  # hidden
    assert availability(_row("filter"), empty) is False
    assert availability(_row("add"), empty) is True


async def test_sort_keys_work_on_the_table_only(running_app, store) -> None:
    add(store, "Baidu", "Search")
    async with running_app() as (app, pilot):
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.check_action("sort", ()) is False
        await pilot.press("s")  # nothing on the board
        await settle(pilot)
        assert (screen.view, screen.sort) == ("board", "last")
        await pilot.press("t", "s")
        await settle(pilot)
        assert screen.check_action("sort", ()) is True
        assert screen.sort != "last"


def test_each_name_means_one_action_wherever_it_works() -> None:
    for screen in SCREENS:
        seen: dict[str, str] = {}
        for action in ACTIONS:
            name = action.remap_name
            if name is None or not action.scopes & {screen, "app"}:
                continue
            assert seen.setdefault(name, parse(action.action)[1]) == parse(action.action)[1], name
    assert {"move", "reject", "back", "help", "quit", "board", "done", "accept_offer"} <= set(
        names()
    )


def _config(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


async def test_a_remapped_key_moves_and_the_footer_and_help_say_so(
    running_app, store, tmp_path: Path
) -> None:
    _config(tmp_path, '[keys]\nmove = "M"\nreject = "ctrl+x"\n')
    add(store, "Baidu", "Search")
    async with running_app() as (app, pilot):
        await pilot.press("m")  # the old key does nothing now
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "M Move" in footer and "m Move" not in footer
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, MoveModal)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        console = Console(file=io.StringIO(), width=120, color_system=None)
        console.print(app.screen.query_one("#help-keys", Static).content)
        lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
        assert any(line.startswith("M ") and "move: stage" in line for line in lines)
        assert any(line.startswith("ctrl+x ") and "mark rejected today" in line for line in lines)
        assert not any(line.startswith("m ") and "move: stage" in line for line in lines)


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ('[keys]\nmvoe = "M"\n', "names no action 'mvoe' (did you mean \"move\"?)"),
        ('[keys]\nmove = "r"\n', "r already does: log the next interview round today (round)"),
        ('[keys]\nmove = "j"\n', "j already does: card"),
        ('[keys]\nback = "x"\n', "on the detail screen, x already does: mark rejected today"),
        ('[keys]\nmove = "no such key"\n', "not a key"),
        ('[keys]\nmove = "enter"\n', "enter is kept for moving around"),
        ("[keys]\nmove = 3\n", "[keys] must map action names to keys"),
    ],
)
def test_a_wrong_keys_table_stops_the_ui_with_one_line(
    pipeline, tmp_path: Path, table: str, said: str
) -> None:
    _config(tmp_path, table)
    outcome = pipeline("tui")
    assert outcome.code == 1
    lines = outcome.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert said in lines[0]
    assert "config.toml" in lines[0]


def test_restating_a_default_is_no_clash() -> None:
    assert keymap([("clear", "escape"), ("help", "?")]) == {
        "clear": "escape",
        "help": "question_mark",
    }


def test_config_shows_the_keys(pipeline, tmp_path: Path) -> None:
    _config(tmp_path, '[keys]\nmove = "M"\n')
    outcome = pipeline("config", "--format", "json")
    assert outcome.code == 0
    assert '"move": "M"' in outcome.out


def test_keymap_refuses_the_same_key_for_two_actions() -> None:
    with pytest.raises(ConfigError, match="M already does"):
        keymap([("move", "M"), ("round", "M")])
