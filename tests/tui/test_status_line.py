"""The status line on a narrow terminal: a notice that does not fit takes a second line, and a
status that does not fit ends in an ellipsis, so neither is cut off without a sign."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from pipeline_tui.tui.widgets.status_line import StatusLine

LONG = "Moved #108 ByteDance — LLM algorithm engineer (TikTok): interview round 2 (u undoes it)"


class _Bar(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusLine(id="bar")
        yield Static("below", id="below")


def _lines(app: _Bar) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_a_long_notice_takes_two_lines_and_gives_them_back() -> None:
    app = _Bar()
    async with app.run_test(size=(60, 6)) as pilot:
        bar = app.query_one(StatusLine)
        bar.notice(LONG)
        await pilot.pause()
        assert bar.size.height == 2
        shown = " ".join(line.strip() for line in _lines(app)[:2])
        assert shown.endswith("(u undoes it)")
        bar.clear_notice()
        await pilot.pause()
        assert bar.size.height == 1
        bar.notice("Saved")
        await pilot.pause()
        assert bar.size.height == 1


async def test_a_status_too_wide_ends_in_an_ellipsis() -> None:
    app = _Bar()
    async with app.run_test(size=(40, 6)) as pilot:
        bar = app.query_one(StatusLine)
        bar.show(Text("300 applications   u undoes: #108 ByteDance — LLM algorithm engineer"))
        await pilot.pause()
        first = _lines(app)[0].rstrip()
        assert first.endswith("…") and len(first) <= 40
        assert bar.status_text.endswith("LLM algorithm engineer")  # the whole text is kept
