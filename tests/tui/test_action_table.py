"""Keys, palette commands and help come from one table; none can exist without the others."""

from __future__ import annotations

import io
from functools import partial
from typing import Any

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.command import CommandList
from tui_helpers import add, notifications, run_command, settle, until

from pipeline_tui.domain.stages import Stage
from pipeline_tui.tui.actions import ACTIONS
from pipeline_tui.tui.app import PipelineApp
from pipeline_tui.tui.screens.contacts_screen import ContactsScreen
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.due_screen import DueScreen
from pipeline_tui.tui.screens.help_screen import keys_table
from pipeline_tui.tui.screens.inbox_screen import InboxScreen
from pipeline_tui.tui.screens.main_screen import MainScreen
from pipeline_tui.tui.screens.offers_screen import OffersScreen


def _help_text() -> str:
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(keys_table())
    return console.file.getvalue()  # type: ignore[attr-defined]


def _bindings(owner: type[Any]) -> list[Binding]:
    return [binding for binding in owner.BINDINGS if isinstance(binding, Binding)]


def _palette_actions(app: PipelineApp) -> set[str]:
    """The action each palette command of the current screen runs."""
    actions = set()
    for command in app.get_system_commands(app.screen):
        callback = command.callback
        if isinstance(callback, partial) and callback.args:
            actions.add(str(callback.args[0]))
        else:
            actions.add(getattr(callback, "__name__", "").removeprefix("action_"))
    return actions


@pytest.mark.parametrize(
    "owner",
    [PipelineApp, MainScreen, DetailScreen, ContactsScreen, DueScreen, OffersScreen, InboxScreen],
)
def test_every_binding_has_a_help_line(owner: type[Any]) -> None:
    help_lines = _help_text().splitlines()
    for binding in _bindings(owner):
        action = next(
            (a for a in ACTIONS if a.key == binding.key and a.action == binding.action), None
        )
        assert action is not None, f"{binding.key} -> {binding.action} is not in ACTIONS"
        assert any(
            line.strip().startswith(action.shown_key) and action.description in line
            for line in help_lines
        ), f"help has no line for {action.shown_key}"


async def test_every_binding_of_a_screen_has_a_palette_command(running_app, store) -> None:
    add(store, "Baidu", "Search")
    async with running_app() as (app, pilot):
        main_actions = _palette_actions(app)
        for binding in [*_bindings(MainScreen), *_bindings(PipelineApp)]:
            assert binding.action in main_actions, f"no palette command runs {binding.action}"
        await pilot.press("enter")  # the board starts on the newest card
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        detail_actions = _palette_actions(app)
        for binding in [*_bindings(DetailScreen), *_bindings(PipelineApp)]:
            assert binding.action in detail_actions, f"no palette command runs {binding.action}"
        await pilot.press("escape", "o")
        await settle(pilot)
        assert isinstance(app.screen, OffersScreen)
        offers_actions = _palette_actions(app)
        for binding in [*_bindings(OffersScreen), *_bindings(PipelineApp)]:
            assert binding.action in offers_actions, f"no palette command runs {binding.action}"


async def test_the_offers_palette_command_opens_the_screen(running_app, store) -> None:
    add(store, "Baidu", "Search")
    async with running_app() as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"offers: show")

        def listed() -> bool:
            commands = app.screen.query(CommandList)
            option = commands.first().highlighted_option if commands else None
            return option is not None and "offers: show" in str(option.prompt)

        await until(pilot, listed)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OffersScreen)


async def test_palette_application_actions_say_why_on_insights(running_app, store) -> None:
    application_id = add(store, "Baidu", "Search")
    async with running_app(notifications=True) as (app, pilot):
        await pilot.press("i")
        await settle(pilot)
        await run_command(pilot, "application: reject")
        assert ("warning", "select an application first") in notifications(app)
        from tui_helpers import stage_of

        assert stage_of(store, application_id) == (Stage.SUBMITTED, None)


@pytest.mark.parametrize(
    ("key", "screen"), [("p", ContactsScreen), ("d", DueScreen), ("I", InboxScreen)]
)
async def test_every_binding_of_the_people_screens_has_a_palette_command(
    running_app, store, key: str, screen: type[Any]
) -> None:
    add(store, "Baidu", "Search")
    async with running_app() as (app, pilot):
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, screen)
        actions = _palette_actions(app)
        for binding in [*_bindings(screen), *_bindings(PipelineApp)]:
            assert binding.action in actions, f"no palette command runs {binding.action}"


async def test_palette_contact_actions_say_why_without_a_contact(running_app, store) -> None:
    async with running_app(notifications=True) as (app, pilot):
        await run_command(pilot, "contacts: show")
        assert isinstance(app.screen, ContactsScreen)
        await run_command(pilot, "contacts: edit")
        assert ("warning", "select a contact first") in notifications(app)
