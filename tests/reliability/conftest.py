"""The reliability suite's option: `pytest --soak` runs the long variants."""

from __future__ import annotations

import pytest


@pytest.fixture
def soak(request: pytest.FixtureRequest) -> bool:
    """Whether the long variants were asked for (pytest --soak)."""
    return bool(request.config.getoption("--soak"))
