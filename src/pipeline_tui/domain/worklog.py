"""The proof-of-search log: one line per application sent or employer contacted in a range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pipeline_tui.domain.stages import Stage, stage_label

EntryKind = Literal["application", "contact"]
COLUMNS: tuple[str, ...] = ("date", "employer", "position", "how", "contact", "result")
HEADINGS: tuple[str, ...] = (
    "Date", "Employer", "Position", "How applied / contacted", "Person contacted", "Result so far",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class WorklogEntry:
    """One line of the log; the texts are user text, shown escaped."""

    on: date
    kind: EntryKind
    employer: str
    position: str
    how: str
    contact: str
    result: str

    def cells(self) -> tuple[str, ...]:
        """Return the line's cells in COLUMNS order (the date as ISO)."""
        return (
            self.on.isoformat(), self.employer, self.position, self.how, self.contact, self.result,
        )  # fmt: skip


def result_so_far(stage: Stage, round: int | None, last_event_on: date | None) -> str:
    """Return "waiting for an answer", "interview round 2" or "rejected on 2024-09-10"."""
    if stage is Stage.SUBMITTED:
        return "waiting for an answer"
    if stage is Stage.SAVED:
        return "not sent yet"
    label = stage_label(stage, round).replace("interview ", "interview round ")
    if stage.is_closed and last_event_on is not None:
        return f"{label} on {last_event_on.isoformat()}"
    return label


def month_key(day: date) -> tuple[int, int]:
    """Return (year, month): the HTML log prints one page per month."""
    return day.year, day.month


def in_order(entries: list[WorklogEntry]) -> list[WorklogEntry]:
    """Return entries by date, applications before contacts on a day, then by employer."""
    return sorted(entries, key=lambda entry: (entry.on, entry.kind, entry.employer.casefold()))
