"""Browser tests: `pipeline serve` on a free loopback port, driven by Debian's chromium.

Playwright's Python package drives /usr/bin/chromium (never a browser of its own download);
each test gets a fresh profile. Screenshots land in tests/web/artifacts/ (ignored by git).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from web_helpers import CHROMIUM, CHROMIUM_ARGS, Served, chromium_missing, start_server


def _local_only(route: Any) -> Any:
    """Refuse every request that would leave this machine: the pages must fetch nothing."""
    host = urlsplit(route.request.url).hostname or ""
    if route.request.url.startswith(("data:", "about:")) or host in ("127.0.0.1", "localhost"):
        return route.continue_()
    return route.abort()


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[Any]:
    """A headless chromium with a fresh profile (a Playwright BrowserContext)."""
    reason = chromium_missing()
    if reason is not None:
        pytest.skip(f"browser test skipped: {reason}")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800},
        )
        await context.route("**/*", _local_only)
        try:
            yield context
        finally:
            await context.close()


@pytest.fixture
def serve_process() -> Iterator[Callable[..., Served]]:
    """Start servers with start_server's arguments; each is stopped after the test."""
    started: list[Served] = []

    def start(*args: str, **kwargs: Any) -> Served:
        served = start_server(*args, **kwargs)
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()


@pytest.fixture
def served(serve_process: Callable[..., Served]) -> Served:
    """`pipeline serve` on a free loopback port, on the test's database holding one
    application (an empty database shows a welcome panel instead of the board)."""
    from pipeline_tui.cli import run

    assert run(["add", "Tencent", "Hunyuan researcher", "--on", "2024-09-10"]) == 0
    return serve_process()
