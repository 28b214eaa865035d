"""An event taken out of a timeline with what hung off it, kept so it can be put back as it
was (the UI's `z`, then `U`): plain values, read and written by store/restoring.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline_tui.domain.models import Event


@dataclass(frozen=True, slots=True)
class KeptEvent:
    """The event as it was recorded, its offer revisions and its interview details.

    Rows are column -> value, without the ids and event ids a put-back gives afresh.
    """

    event: Event
    offers: tuple[dict[str, Any], ...] = ()
    interview: dict[str, Any] | None = None
    interviewers: tuple[int, ...] = ()  # contact ids
