"""The app fixture for UI tests; helpers live in tui_helpers.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline_tui.config import load_settings
from pipeline_tui.store.engine import Store
from pipeline_tui.tui.app import PipelineApp


@pytest.fixture
def make_app(store: Store) -> Callable[..., PipelineApp]:
    """Build the app on the test's store (live polling off unless asked for)."""

    def build(*, poll: bool = False) -> PipelineApp:
        return PipelineApp(store, load_settings(), poll=poll)

    return build
