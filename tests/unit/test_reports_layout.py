"""ISO weeks and terminal layout for reports."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline_tui.domain.text import cell_width as cells
from pipeline_tui.domain.text import fit
from pipeline_tui.domain.weekly import iso_week, week_start
from pipeline_tui.reports.layout import bar, percent, wrap_items


@pytest.mark.parametrize(
    ("day", "week", "monday"),
    [
        (date(2024, 12, 30), "2025-W01", date(2024, 12, 30)),
        (date(2025, 1, 5), "2025-W01", date(2024, 12, 30)),
        (date(2024, 12, 29), "2024-W52", date(2024, 12, 23)),
        (date(2021, 1, 3), "2020-W53", date(2020, 12, 28)),
        (date(2021, 1, 4), "2021-W01", date(2021, 1, 4)),
        (date(2024, 9, 16), "2024-W38", date(2024, 9, 16)),
    ],
)
def test_iso_weeks_cross_the_year_boundary(day: date, week: str, monday: date) -> None:
    assert iso_week(day) == week
    assert week_start(day) == monday


def test_wide_characters_take_two_cells() -> None:
    assert cells("字节跳动") == 8
    assert cells("ByteDance") == 9
    assert fit("字节跳动 Seed", 7) == "字节跳…"
    assert cells(fit("字节跳动 Seed", 7)) == 7
    assert fit("Baidu", 8) == "Baidu   "


def test_bars_and_percentages() -> None:
    assert bar(1.0, 10) == "█" * 10
    assert bar(0.0, 10) == ""
    assert bar(0.001, 10) == "▏"  # a non-zero share never disappears
    assert bar(0.55, 10) == "█████▌"
    assert percent(None) == "–"
    assert percent(0.0726) == "7.3%"


def test_wrapped_items_stay_within_the_width() -> None:
    text = wrap_items("outcomes  ", [f"item{n} {n * 1000:,}" for n in range(30)], width=40)
    lines = text.splitlines()
    assert len(lines) > 3
    assert all(cells(line) <= 40 for line in lines)
    assert all(line.startswith(" " * 10) for line in lines[1:])
