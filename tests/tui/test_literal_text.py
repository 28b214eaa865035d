"""User text is data: markup-like strings, emoji and CJK show exactly as typed, aligned."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from tui_helpers import add, notifications, screen_text, settle, type_text

from pipeline_tui import services
from pipeline_tui.tui.screens.campaign_modal import CampaignModal
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.form_modal import ApplicationFormModal
from pipeline_tui.tui.screens.move_modal import MoveModal

MARKUP_COMPANY = "[bold]Acme[/]"
MARKUP_ROLE = "[/]role [0]"


def _seed(store) -> None:
    add(
        store,
        MARKUP_COMPANY,
        MARKUP_ROLE,
        department="[red]R&D",
        source="[link=x]ref[/]",
        campaign="秋招 [i]2024",
        on=date(2024, 9, 2),  # two weeks silent: a follow-up due on the insights view
    )
    services.edit_application(store, 1, {"notes": "🚀 [b]notes[/b]"})
    add(store, "字节跳动", "大模型算法工程师", department="通义实验室", source="BOSS直聘")
    add(store, "Esc\x1b[31mape", "bell\x07role")


async def test_markup_and_cjk_render_literally_in_every_view(running_app, store) -> None:
    _seed(store)
    async with running_app(notifications=True) as (app, pilot):
        board = screen_text(app)
        assert "[bold]Acme" in board and MARKUP_ROLE in board  # the card cuts the name
        assert "字节跳动" in board and "大模型算法工程师" in board
        assert "Esc\\x1b[31ma" in board and "bell\\x07role" in board  # control characters

        await pilot.press("t")
        table = screen_text(app)
        rows = [line for line in table.splitlines() if "submitted" in line]
        assert len(rows) == 3
        # Columns stay aligned: "submitted" starts at the same cell in every row.
        starts = {cell_len(line[: line.index("submitted")]) for line in rows}
        assert len(starts) == 1
        assert MARKUP_COMPANY in table and "[red]R&D" in table and "秋招 [i]2024" in table

        await pilot.press("slash")
        await type_text(pilot, "[bold]")
        assert "showing 1" in screen_text(app)
        await pilot.press("escape", "escape")

        await pilot.press("end")  # the markup application is the oldest: sorted last
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        detail = screen_text(app)
        for text in (MARKUP_COMPANY, MARKUP_ROLE, "[red]R&D", "[link=x]ref[/]"):
            assert text in detail
        assert "🚀 [b]notes[/b]" in detail

        await pilot.press("m")
        assert isinstance(app.screen, MoveModal)
        assert MARKUP_COMPANY in screen_text(app)
        await pilot.press("escape", "e")
        await settle(pilot)
        assert isinstance(app.screen, ApplicationFormModal)
        assert app.screen.query_one("#company").value == MARKUP_COMPANY
        await pilot.press("escape", "r")  # a notification naming the application
        await settle(pilot)
        message = f"Moved #1 {MARKUP_COMPANY} — {MARKUP_ROLE}"
        assert any(text.startswith(message) for _, text in notifications(app))
        assert f"Moved #1 {MARKUP_COMPANY}" in screen_text(app)  # the toast, as typed
        await pilot.press("escape", "c")
        assert isinstance(app.screen, CampaignModal)
        assert "秋招 [i]2024" in screen_text(app)
        await pilot.press("escape", "escape", "i")
        await settle(pilot)
        insights = screen_text(app)
        assert "[link=x]ref[/]" in insights  # conversion by source
        assert f"{MARKUP_COMPANY} — [/]role" in insights  # follow-ups due
        assert "字节跳动" in insights or "BOSS直聘" in insights


async def test_capture_bar_keeps_brackets_and_cjk(running_app, store) -> None:
    async with running_app() as (app, pilot):
        await pilot.press("a")
        await type_text(pilot, "[b]阿里巴巴[/b] / [0] 算法 via:[red]内推")
        await pilot.press("enter")
        await settle(pilot)
        application = services.detail(store, 1).application
        assert (application.company, application.role, application.source) == (
            "[b]阿里巴巴[/b]",
            "[0] 算法",
            "[red]内推",
        )
        assert "[b]阿里巴巴[/b]" in screen_text(app)  # on its card
