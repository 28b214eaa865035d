"""The one place that reads the clock, so tests and demos can freeze it."""

import os
from datetime import UTC, date, datetime

# PIPELINE_TODAY=YYYY-MM-DD pins "today" for reproducible demos, screenshots and subprocess tests.
_TODAY_VARIABLE = "PIPELINE_TODAY"


def today() -> date:
    """Return the local date, or the date pinned by PIPELINE_TODAY."""
    pinned = os.environ.get(_TODAY_VARIABLE)
    if pinned:
        return date.fromisoformat(pinned)
    return date.today()


def now() -> datetime:
    """Return the current instant in UTC, timezone-aware."""
    return datetime.now(UTC)
