"""Interview rounds in detail: the time, how long, in what form, where, and with whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from typing import Any

from pipeline_tui.domain.models import application_title
from pipeline_tui.domain.text import choice_named
from pipeline_tui.domain.times import format_duration, format_time
from pipeline_tui.errors import InvalidValue


class InterviewFormat(StrEnum):
    """How an interview round is held."""

    PHONE = "phone"
    VIDEO = "video"
    ONSITE = "onsite"
    TAKE_HOME = "take-home"


_FORMAT_ALIASES = {
    "call": InterviewFormat.PHONE,
    "phone call": InterviewFormat.PHONE,
    "online": InterviewFormat.VIDEO,
    "remote": InterviewFormat.VIDEO,
    "zoom": InterviewFormat.VIDEO,
    "teams": InterviewFormat.VIDEO,
    "meet": InterviewFormat.VIDEO,
    "on site": InterviewFormat.ONSITE,
    "in person": InterviewFormat.ONSITE,
    "office": InterviewFormat.ONSITE,
    "take home": InterviewFormat.TAKE_HOME,
    "takehome": InterviewFormat.TAKE_HOME,
    "assignment": InterviewFormat.TAKE_HOME,
    "homework": InterviewFormat.TAKE_HOME,
}


def parse_format(text: str) -> InterviewFormat:
    """Return the format text names ("on-site", "Zoom", "take home"), or raise InvalidValue."""
    found = choice_named(text, InterviewFormat, _FORMAT_ALIASES)
    if found is None:
        valid = ", ".join(item.value for item in InterviewFormat)
        raise InvalidValue("format", f"unknown interview format {text!r}; formats: {valid}")
    return found


@dataclass(frozen=True, slots=True)
class Interviewer:
    """A contact named on an interview round."""

    contact_id: int
    name: str


@dataclass(frozen=True, slots=True)
class Interview:
    """One interview round of an application, with whatever details were recorded.

    starts_at is a local wall-clock time on occurred_on (None: the whole day).
    """

    event_id: int
    application_id: int
    company: str
    role: str
    department: str | None
    round: int | None
    occurred_on: date
    starts_at: time | None = None
    duration_minutes: int | None = None
    format: InterviewFormat | None = None
    place: str | None = None
    interviewers: tuple[Interviewer, ...] = ()
    # Dated after its application closed: it never happened (undoing the close brings it back).
    cancelled: bool = False

    @property
    def title(self) -> str:
        """Company and role (and department) as one line of user text."""
        return application_title(self.company, self.role, self.department)

    @property
    def when(self) -> str:
        """Return "Tue 2024-09-17 14:00", or the day alone."""
        day = f"{self.occurred_on:%a} {self.occurred_on.isoformat()}"
        return day + (f" {format_time(self.starts_at)}" if self.starts_at else "")

    def details(self) -> str:
        """Return "60 min, video, Building 3, with Li Lei" (empty when nothing was recorded)."""
        return details_text(
            self.duration_minutes,
            self.format,
            self.place,
            [person.name for person in self.interviewers],
        )

    def as_json(self) -> dict[str, Any]:
        """Return the round as JSON-ready data (id is the application's, as elsewhere)."""
        return {
            "id": self.application_id,
            "company": self.company,
            "role": self.role,
            "department": self.department,
            "round": self.round,
            "on": self.occurred_on.isoformat(),
            "at": format_time(self.starts_at) if self.starts_at else None,
            "duration_minutes": self.duration_minutes,
            "format": self.format.value if self.format else None,
            "place": self.place,
            "interviewers": [
                {"contact_id": person.contact_id, "name": person.name}
                for person in self.interviewers
            ],
            "cancelled": self.cancelled,
        }


def details_text(
    duration_minutes: int | None,
    format: InterviewFormat | None,
    place: str | None,
    interviewers: list[str],
) -> str:
    """Return the recorded details of a round as one line of user text."""
    parts = []
    if duration_minutes:
        parts.append(format_duration(duration_minutes))
    if format:
        parts.append(format.value)
    if place:
        parts.append(place)
    if interviewers:
        parts.append("with " + ", ".join(interviewers))
    return ", ".join(parts)
