"""A lean, read-only summary of one application, for views that hold 100,000 of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from pipeline_tui.domain.models import application_title
from pipeline_tui.domain.stages import Stage


class ApplicationSummary(NamedTuple):
    """What a board card or a table row shows; a tuple keeps 100,000 of them small."""

    id: int
    company: str
    role: str
    department: str | None
    stage: Stage
    round: int | None
    applied_on: date | None
    last_event_on: date | None
    source: str | None
    campaign: str | None
    # Folded names, notes and timeline notes (models.search_key), for the filter box.
    search_key: str

    @property
    def title(self) -> str:
        """Company and role (and department) as one line of user text."""
        return application_title(self.company, self.role, self.department)


@dataclass(frozen=True, slots=True)
class BoardPreview:
    """Counts per stage and the most recently active cards of each open stage."""

    counts: dict[Stage, int]
    cards: list[ApplicationSummary]


def days_since(day: date | None, today: date) -> int | None:
    """Return whole days from day to today (never negative), or None without a day."""
    if day is None:
        return None
    return max((today - day).days, 0)
