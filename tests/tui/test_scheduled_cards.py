"""An interview round booked ahead shows when it is ("R1 in 5d") on its card and table row; on
its day it shows as a round reached."""

from __future__ import annotations

from datetime import date

import pytest
from tui_helpers import add, loaded, screen_text, settle

from pipeline_tui import services
from pipeline_tui.tui.widgets.application_table import ApplicationTable
from pipeline_tui.tui.widgets.board import card_lines


def _scheduled(store) -> int:
    application_id = add(store, "米哈游", "AI算法", on=date(2024, 9, 2), source="内推")
    services.move(store, application_id, "interview", on=date(2024, 9, 21))  # in 5 days
    return application_id


def _row_cells(app, application_id: int) -> list[str]:
    from pipeline_tui.tui.widgets.application_table import cell_values

    table = app.screen.query_one(ApplicationTable)
    row = next(row for row in table.rows if row.id == application_id)
    return cell_values(row, table.today)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_a_round_ahead_shows_when_it_is_until_its_day(
    make_app, store, monkeypatch, size
) -> None:
    application_id = _scheduled(store)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        text = screen_text(app)
        assert "R1 in 5d" in text
        assert "0d" not in text  # no days of silence for a round still to come
        await pilot.press("enter")
        await settle(pilot)
        assert "interview 1 · in 5d" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        cells = _row_cells(app, application_id)
        assert cells[4] == "R1 in 5d" and cells[7] == ""
        assert "R1 in 5d" in screen_text(app)
        # Its day comes: from then on it is a round reached, silent since that day.
        monkeypatch.setenv("PIPELINE_TODAY", "2024-09-21")
        await pilot.press("b")
        await settle(pilot)
        text = screen_text(app)
        assert "in 5d" not in text and "in 0d" not in text
        assert ("round 1" in text or "R1" in text) and "0d" in text
        await pilot.press("t")
        await settle(pilot)
        cells = _row_cells(app, application_id)
        assert cells[4] == "interview 1" and cells[7] == "0d"


def test_cards_say_in_how_many_days_at_every_width() -> None:
    from pipeline_tui.domain.stages import Stage
    from pipeline_tui.domain.summary import ApplicationSummary

    card = ApplicationSummary(
        7, "字节跳动", "算法", "Seed", Stage.INTERVIEW, 2, date(2024, 9, 2), date(2024, 9, 18),
        "内推", None, "",
    )  # fmt: skip
    for width in (11, 20, 30):
        lines = [text for text, _ in card_lines(card, width, date(2024, 9, 16))]
        assert "字节跳动" in lines[0] and "d" not in lines[0].replace("字节跳动", "")
        assert lines[2].strip().startswith("R2 in 2d"), lines
    day_of = [text for text, _ in card_lines(card, 30, date(2024, 9, 18))]
    assert day_of[0].rstrip().endswith("0d") and "round 2" in day_of[2]
