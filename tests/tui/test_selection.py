"""What is highlighted is what the keys act on: a card or row drawn selected is the selection."""

from __future__ import annotations

from datetime import date

import pytest
from rich.segment import Segment
from tui_helpers import add, loaded, notifications, settle, stage_of, type_text

from pipeline_tui.domain.stages import Stage
from pipeline_tui.tui.app import PipelineApp
from pipeline_tui.tui.screens.move_modal import MoveModal
from pipeline_tui.tui.widgets.application_table import ApplicationTable
from pipeline_tui.tui.widgets.board import Board, BoardColumn

NARROW = (80, 24)


def highlighted(app: PipelineApp) -> str:
    """The text the screen draws in the focused view's cursor colour (empty: nothing is)."""
    focused = app.focused
    if isinstance(focused, Board):
        cursor = (
            focused.query(BoardColumn)
            .filter(".-active")
            .first()
            .get_component_rich_style("board-column--selected")
        )
    else:
        assert isinstance(focused, ApplicationTable)
        cursor = focused.get_component_rich_style("application-table--cursor")
    lines = []
    for strip in app.screen._compositor.render_strips():
        text = "".join(
            segment.text
            for segment in strip
            if isinstance(segment, Segment)
            and segment.style
            and segment.style.bgcolor == cursor.bgcolor
        )
        if text.strip():
            lines.append(text.strip())
    return "\n".join(lines)


def highlighted_by(app: PipelineApp, bgcolor: object) -> str:
    """The text the screen draws on the background bgcolor (empty: none)."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        text = "".join(
            segment.text
            for segment in strip
            if isinstance(segment, Segment) and segment.style and segment.style.bgcolor == bgcolor
        )
        if text.strip():
            lines.append(text.strip())
    return "\n".join(lines)


def _warnings(app: PipelineApp) -> list[str]:
    return [text for severity, text in notifications(app) if severity == "warning"]


@pytest.mark.parametrize("view", ["b", "t"])
async def test_a_card_or_row_shown_after_a_filter_is_the_selection(make_app, store, view) -> None:
    for name in ("字节跳动", "vivo", "米哈游", "Acme"):
        add(store, name, "Eng", on=date(2024, 9, 2))
    app = make_app()
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press(view, "/")
        await type_text(pilot, "米哈 stage:open")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("x", "enter")  # rejected: the selection left the view
        await settle(pilot)
        assert stage_of(store, 3)[0] is Stage.REJECTED
        assert highlighted(app) == ""  # nothing drawn selected, so m refuses honestly
        await pilot.press("/", "ctrl+u")
        await type_text(pilot, "vivo")
        await pilot.press("enter")
        await settle(pilot)
        assert "vivo" in highlighted(app)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MoveModal)
        assert app.screen.application_id == 2
        assert "select an application first" not in _warnings(app)


@pytest.mark.parametrize("view", ["b", "t"])
async def test_after_a_write_nothing_is_highlighted_until_a_key_picks_a_card(
    make_app, store, view
) -> None:
    for name in ("AlphaCo", "BetaCo", "GammaCo"):
        add(store, name, "Eng", on=date(2024, 9, 2))
    app = make_app()
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press(view, "/")
        await type_text(pilot, "stage:open")
        await pilot.press("enter")
        await settle(pilot)
        selected = highlighted(app)
        assert "GammaCo" in selected
        await pilot.press("w", "enter")  # withdrawn
        await settle(pilot)
        assert highlighted(app) == ""
        await pilot.press("r")
        await settle(pilot)
        assert _warnings(app) == ["select an application first"]
        # The first arrow highlights the card the cursor rests on; keys then act on it.
        await pilot.press("j")
        await settle(pilot)
        now = highlighted(app)
        assert now and "GammaCo" not in now
        await pilot.press("r")
        await settle(pilot)
        chosen = 2 if "BetaCo" in now else 1
        assert stage_of(store, chosen) == (Stage.INTERVIEW, 1)


TEXTS = ("发作品集", "call 米哈游 HR", "thank-you note")


def _named(line: str) -> str:
    (text,) = [text for text in TEXTS if text in line]
    return text


async def test_a_due_line_shown_highlighted_is_the_one_x_closes(make_app, store) -> None:
    from pipeline_tui.services import reminders
    from pipeline_tui.tui.screens.due_screen import DueScreen

    quiet = add(store, "字节跳动", "Eng", on=date(2024, 9, 2))
    for text in TEXTS:
        reminders.remind(store, text, ref=quiet, on=date(2024, 9, 10))
    app = make_app()
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DueScreen)
        options = app.screen.query_one("#due-list")
        cursor = options.get_visual_style(
            "option-list--option", "option-list--option-highlighted"
        ).rich_style

        def shown() -> str:
            return highlighted_by(app, cursor.bgcolor)

        first = shown()
        assert first
        await pilot.press("x")
        await settle(pilot)
        assert shown() == ""
        await pilot.press("x")
        await settle(pilot)
        assert _warnings(app) == ["select a line first"]
        await pilot.press("j")
        await settle(pilot)
        picked = shown()
        assert picked and picked != first
        await pilot.press("x")
        await settle(pilot)
        done = [reminders.reminder(store, number) for number in (1, 2, 3)]
        closed = {item.text for item in done if item.done_at is not None}
        assert closed == {_named(first), _named(picked)}
