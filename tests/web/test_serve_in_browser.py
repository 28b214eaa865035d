"""The UI in a real browser: capture from a tab, see it from the CLI, other tabs and a terminal."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from web_helpers import PIPELINE, WAIT_SECONDS, Served, Tab, artifact, open_tab, ui_processes

pytestmark = pytest.mark.slow


def _listed() -> list[dict[str, Any]]:
    result = subprocess.run(
        [PIPELINE, "list", "--format", "json"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    listed: list[dict[str, Any]] = json.loads(result.stdout)
    return listed


async def _until_listed(company: str) -> dict[str, Any]:
    """Wait until `pipeline list` shows an application of company; return it."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        found = [item for item in _listed() if item["company"] == company]
        if found:
            return found[0]
        await asyncio.sleep(0.2)
    raise AssertionError(f"pipeline list never listed {company}")


async def _capture(tab: Tab, line: str) -> None:
    """Open the capture bar with `a`, type the line and press Enter."""
    mark = tab.mark()
    await tab.keys("a")
    await tab.wait_for("Quick capture", since=mark)
    await tab.type(line)
    await tab.keys("Enter")


async def test_a_capture_typed_in_the_browser_is_listed_by_the_cli(
    served: Served, browser: Any
) -> None:
    tab = await open_tab(browser, served.url)
    mark = tab.mark()
    await _capture(tab, "ByteDance / LLM engineer via:referral")
    application = await _until_listed("ByteDance")
    assert application["role"] == "LLM engineer"
    assert application["source"] == "referral"
    await tab.wait_for("ByteDance", since=mark)  # and the board shows the card
    path = artifact("serve-board-after-capture.png")
    await tab.page.screenshot(path=str(path))
    print(f"screenshot: {path}")
    assert path.stat().st_size > 10_000
    assert tab.errors == []  # nothing refused by the page's CSP, nothing failed to load


async def test_two_tabs_and_a_terminal_ui_on_one_database_stay_consistent(
    served: Served, browser: Any, make_app: Any
) -> None:
    from textual import events

    from pipeline_tui.domain.stages import Stage
    from pipeline_tui.tui.widgets.board import Board

    first = await open_tab(browser, served.url)
    second = await open_tab(browser, served.url)
    assert len(served.wait_for_line(r"\(2 open\)")) > 0  # one UI process per tab
    terminal = make_app(poll=True)
    async with terminal.run_test(size=(120, 40)) as pilot:

        def submitted() -> list[str]:
            board = terminal.screen.query_one(Board)
            column = next(c for c in board.columns if c.stage is Stage.SUBMITTED)
            return [card.company for card in column.cards]

        async def terminal_shows(company: str) -> None:
            deadline = time.monotonic() + WAIT_SECONDS
            while company not in submitted():
                assert time.monotonic() < deadline, f"the terminal UI never showed {company}"
                await pilot.pause(0.05)

        # A capture in the first tab reaches the second tab and the terminal UI.
        mark = second.mark()
        await _capture(first, "ByteDance / LLM engineer via:referral")
        await second.wait_for("ByteDance", since=mark)
        await terminal_shows("ByteDance")

        # A capture in the terminal UI reaches both tabs.
        marks = first.mark(), second.mark()
        await pilot.press("a")
        await pilot.pause()
        for char in "Moonshot / Kimi researcher":
            key = {" ": "space", "/": "slash"}.get(char, char)
            terminal.post_message(events.Key(key, char))
        await pilot.press("enter")
        await first.wait_for("Moonshot", since=marks[0])
        await second.wait_for("Moonshot", since=marks[1])

        # A command from the shell reaches all three.
        marks = first.mark(), second.mark()
        added = subprocess.run(
            [PIPELINE, "add", "Baidu", "Search engineer"], capture_output=True, text=True
        )
        assert added.returncode == 0, added.stderr
        await first.wait_for("Baidu", since=marks[0])
        await second.wait_for("Baidu", since=marks[1])
        await terminal_shows("Baidu")
    assert {item["company"] for item in _listed()} == {"Tencent", "ByteDance", "Moonshot", "Baidu"}
    await second.page.screenshot(path=str(artifact("serve-second-tab.png")))


async def test_bound_to_every_network_the_page_uses_the_address_the_browser_used(
    serve_process: Any, browser: Any
) -> None:
    served = serve_process("--host", "0.0.0.0", "--port", "0")
    assert any("warning: listening on 0.0.0.0" in line for line in served.err)
    requested: list[str] = []
    page = await browser.new_page()
    page.on("request", lambda request: requested.append(request.url))
    tab = Tab(page)
    url = served.url.replace("127.0.0.1", "localhost")
    await page.goto(url)
    await tab.wait_for("Welcome to pipeline")  # the UI of an empty database
    assert requested, "the page made no request"
    assert all(u.startswith(f"http://localhost:{served.port}/") for u in requested), requested
    assert len(tab.frames) > 0  # the websocket reached the same address


async def test_ctrl_c_ends_every_ui_process_without_a_traceback(
    served: Served, browser: Any
) -> None:
    await open_tab(browser, served.url)
    await open_tab(browser, served.url)
    served.wait_for_line(r"\(2 open\)")
    children = ui_processes(served.process.pid)
    assert len(children) == 2
    assert served.stop() == 0
    assert "stopped; 2 browser sessions ended" in "".join(served.out)
    assert "Traceback" not in "".join(served.err) + "".join(served.out)
    for pid in children:
        with pytest.raises(FileNotFoundError):
            (Path("/proc") / str(pid) / "stat").read_text()  # gone, and reaped
