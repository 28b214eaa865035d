"""A lean, read-only summary of one application, for views that hold 100,000 of them."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

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
    # The application's notes, casefolded, for the filter box (None without notes).
    notes_folded: str | None

    @property
    def title(self) -> str:
        """Company and role (and department) as one line of user text."""
        department = f" ({self.department})" if self.department else ""
        return f"{self.company} — {self.role}{department}"


def stage_label(stage: Stage, round: int | None) -> str:
    """Return "interview 2" for a second round, else the stage's name."""
    if stage is Stage.INTERVIEW and round:
        return f"interview {round}"
    return stage.value


def days_since(day: date | None, today: date) -> int | None:
    """Return whole days from day to today (never negative), or None without a day."""
    if day is None:
        return None
    return max((today - day).days, 0)
