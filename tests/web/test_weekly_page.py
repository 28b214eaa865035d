"""The weekly report as a page, measured in Chromium at a laptop's and a phone's width."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
from web_helpers import artifact

from pipeline_tui import services
from pipeline_tui.config import load_settings
from pipeline_tui.domain.weekly import Activity
from pipeline_tui.reports.html import weekly_html

pytestmark = pytest.mark.slow

# Measured through the DOM: anything past the viewport's right edge, every week label's line
# count, and each bar's drawn width beside the number it stands for.
_LAYOUT = """
() => {
  const width = document.documentElement.clientWidth;
  const outside = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && (box.right > width + 0.5 || box.left < -0.5)) {
      outside.push(`${element.tagName}.${element.className} ${box.left}..${box.right}`);
    }
  }
  // Tables are found by their first heading, not by class, so any markup is measured.
  const table = (heading) => [...document.querySelectorAll("table")].find(
    (candidate) => candidate.querySelector("th")?.textContent === heading);
  const rows = (heading) => [...table(heading).rows].filter((row) => row.cells[0].tagName === "TD");
  const drawn = (cell) => {
    const bar = cell.querySelector("div");
    return bar ? bar.getBoundingClientRect().width : 0;
  };
  const labels = rows("Week").map((row) => {
    const range = document.createRange();
    range.selectNodeContents(row.cells[0]);
    return [row.cells[0].textContent, range.getClientRects().length];
  });
  const bars = rows("Week").flatMap((row) => [1, 3, 5].map(
    (index) => [row.cells[index].textContent, drawn(row.cells[index + 1])]));
  for (const row of rows("Level")) bars.push([row.cells[1].textContent, drawn(row.cells[4])]);
  const offers = rows("Week").map((row) => row.cells[7].getBoundingClientRect().width);
  return {width, scrollWidth: document.documentElement.scrollWidth, outside, labels, bars,
          offers};
}
"""


@pytest.fixture
def weekly_page(store: Any, pipeline: Any) -> str:
    """The weekly page of a demo search, with one 472-application week, so the other weeks'
    bars are tiny, and names long enough to break a narrow layout."""
    assert pipeline("demo", "--size", "1500").code == 0
    for company in ("字节跳动" * 12, "X" * 120, "[bold]<b>Acme</b>"):
        assert pipeline("add", company, "大模型算法工程师 " * 6, "--on", "2023-12-01").code == 0
    settings = load_settings().settings
    report = services.weekly(
        store,
        date(2024, 9, 16),
        today=date(2024, 9, 16),
        ghost_after_days=settings.ghost_after_days,
        follow_up_days=settings.follow_up_days,
    )
    history = list(report.history)
    history[-3] = dataclasses.replace(
        history[-3], activity=Activity(submitted=472, replies=35, interviews=7, offers=2)
    )
    return weekly_html(dataclasses.replace(report, history=tuple(history)))


async def _measure(browser: Any, html: str, width: int, **media: str) -> tuple[Any, Any]:
    page = await browser.new_page()
    await page.set_viewport_size({"width": width, "height": 900})
    if media:
        await page.emulate_media(**media)
    await page.set_content(html)
    return page, await page.evaluate(_LAYOUT)


@pytest.mark.parametrize("width", [1000, 390])
async def test_the_weekly_page_fits_the_screen_without_wrapping_weeks_or_losing_bars(
    browser: Any, weekly_page: str, width: int
) -> None:
    page, layout = await _measure(browser, weekly_page, width)
    path = artifact(f"weekly-{width}px.png")
    await page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    assert layout["width"] == width
    assert layout["outside"] == [], "elements reach past the right edge"
    assert layout["scrollWidth"] <= width
    assert len(layout["labels"]) == 12
    wrapped = [label for label, lines in layout["labels"] if lines != 1]
    assert not wrapped, f"week labels wrap at {width} px: {wrapped}"
    assert len(layout["bars"]) == 12 * 3 + 6
    for value, drawn in layout["bars"]:
        if value.strip() in ("0", "0.0%", ""):
            assert drawn == 0
        else:
            assert drawn >= 2, f"a bar for {value} is {drawn} px wide at {width} px"
    assert len(layout["offers"]) == 12 and min(layout["offers"]) > 0  # the Offers column stays


async def test_on_a_phone_each_week_is_a_block_with_labelled_numbers(
    browser: Any, weekly_page: str
) -> None:
    page, _ = await _measure(browser, weekly_page, 390)
    header_shown = await page.evaluate(
        "getComputedStyle(document.querySelector('.weeks thead')).display"
    )
    assert header_shown == "none"
    label = await page.evaluate(
        "getComputedStyle(document.querySelector('.weeks td.num'), '::before').content"
    )
    assert label == '"Submitted"'


async def test_dark_scheme_print_stylesheet_and_cjk_fonts(browser: Any, weekly_page: str) -> None:
    page, layout = await _measure(browser, weekly_page, 390, color_scheme="dark")
    assert layout["outside"] == []
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(13, 17, 23)"
    await page.screenshot(path=str(artifact("weekly-390px-dark.png")), full_page=True)
    fonts = await page.evaluate("getComputedStyle(document.body).fontFamily")
    for family in ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Hiragino Sans"):
        assert family in fonts
    await page.emulate_media(media="print", color_scheme="dark")
    printed = await page.evaluate(
        """() => ({
          rows: [...document.querySelectorAll("tr, li")].map(
            (row) => getComputedStyle(row).breakInside),
          background: getComputedStyle(document.body).backgroundColor,
        })"""
    )
    assert set(printed["rows"]) == {"avoid"}
    assert printed["background"] == "rgb(255, 255, 255)"  # ink on paper, even in dark mode
    await page.pdf(path=str(artifact("weekly-print.pdf")))
