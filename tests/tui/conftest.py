"""UI tests share the root conftest's fixtures (make_app); helpers live in tui_helpers.py."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import SIZE, loaded

from pipeline_tui.tui.app import PipelineApp

RunningApp = Callable[..., AbstractAsyncContextManager[tuple[PipelineApp, Pilot[Any]]]]


@pytest.fixture
def running_app(make_app) -> RunningApp:
    """Open the UI on the test's store and wait for its first full load:

        async with running_app() as (app, pilot):
            await press(pilot, "t")

    size, notifications and poll as for make_app and App.run_test (SIZE, off, off).
    """

    @asynccontextmanager
    async def run(
        *, size: tuple[int, int] = SIZE, notifications: bool = False, poll: bool = False
    ) -> AsyncIterator[tuple[PipelineApp, Pilot[Any]]]:
        app = make_app(poll=poll)
        async with app.run_test(size=size, notifications=notifications) as pilot:
            await loaded(pilot)
            yield app, pilot

    return run
