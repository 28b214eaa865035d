"""What an import brings: applications read from a file, the events a status implies, and the
choices a user makes (--map, --status, date order).

Pure. The pieces that read a file build on this module: import_sources.py (CSV text, JSON
records) and workbook.py (.xlsx) make a `Table`; import_columns.py decides what each column
is; import_rows.py reads the rows into `IncomingApplication`s and line-numbered problems and
merges the rows of one application; import_report.py says what happened. The store writes
the applications (store/transfer.py); services/transfer.py ties it together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from pipeline_tui.domain.funnel import STAGE_LEVEL
from pipeline_tui.domain.import_meaning import StatusMeaning, status_key, words_of
from pipeline_tui.domain.import_words import PLACEHOLDERS
from pipeline_tui.domain.models import EventKind, application_title, company_key
from pipeline_tui.domain.stages import ALIASES, Stage, stage_label
from pipeline_tui.domain.text import fold, printable
from pipeline_tui.errors import UserError

MAX_FIELD = 100_000
MAX_COLUMNS = 1_000
_LONGEST_PLACEHOLDER = max(map(len, PLACEHOLDERS))
# A cell our own export prefixed so spreadsheets show it as text ("'=SUM(A1)").
_NEUTRALISED = re.compile(r"'[=+\-@\t\r]")

# Import fields a column can feed, with what each means (for --map and the docs).
FIELDS: dict[str, str] = {
    "company": "the employer",
    "role": "the job title (optional)",
    "department": "team or department",
    "location": "city or place",
    "url": "link to the posting (a different link makes a different application)",
    "source": "how you found or applied for it",
    "campaign": "the campaign (e.g. 2024 autumn campus)",
    "program": "talent programme",
    "cv": "the CV version sent (v3)",
    "letter": "the cover-letter version sent (L2)",
    "notes": "notes on the application",
    "status": "current status (a stage, an alias or a common word, in several languages)",
    "round": "interview round number",
    "applied_on": "date applied",
    "applied": "yes/no: was it sent (no: saved)",
    "saved_on": "date saved or created",
    "status_on": "date of the current status",
    "screened_on": "date of the first screening",
    "interviewed_on": "date of the first interview",
    "offer_on": "date of the offer",
    "accepted_on": "date accepted",
    "closes_on": "posting closes on",
    "archived": "yes/no: archived",
    "id": "the tracker's own id (a different id makes a different application)",
    "ignore": "not imported",
}
DATE_FIELDS: tuple[str, ...] = (
    "applied_on", "saved_on", "status_on", "screened_on", "interviewed_on", "offer_on",
    "accepted_on", "closes_on",
)  # fmt: skip
# Fields that several columns may feed: every status column is read, the furthest wins.
MANY_COLUMNS = frozenset({"status", "ignore"})


# What makes two applications the same: company, role, department and applied date.
Key = tuple[str, str, str, date | None]


@dataclass(frozen=True, slots=True)
class IncomingEvent:
    """One event an imported application brings."""

    kind: EventKind
    stage: Stage
    round: int | None
    occurred_on: date
    note: str | None = None
    reason: str | None = None
    reason_text: str | None = None


@dataclass(frozen=True, slots=True)
class IncomingApplication:
    """An application read from a file, with the events its status implies, oldest first."""

    line: int
    company: str
    role: str  # "" when the file gives none
    events: tuple[IncomingEvent, ...]
    department: str | None = None
    location: str | None = None
    url: str | None = None
    source: str | None = None
    program: str | None = None
    campaign: str | None = None
    notes: str | None = None
    closes_on: date | None = None
    archived: bool = False
    cv: str | None = None
    letter: str | None = None

    @property
    def applied_on(self) -> date | None:
        """The submission date, as derive() computes it from the events: None when the file
        gave none (a closed application imported without its applied date)."""
        for event in self.events:
            if event.kind == "stage" and event.stage not in (Stage.SAVED, Stage.WITHDRAWN):
                return event.occurred_on if event.stage is Stage.SUBMITTED else None
        return None

    @property
    def stage(self) -> Stage:
        """The stage the application ends at."""
        return self.events[-1].stage

    @property
    def key(self) -> Key:
        """What makes two applications the same: company, role, department, applied date."""
        return application_key(self.company, self.role, self.department, self.applied_on)

    @property
    def title(self) -> str:
        """Company and role, as messages name the row."""
        return application_title(self.company, self.role, self.department)


def application_key(
    company: str, role: str, department: str | None, applied_on: date | None
) -> Key:
    """Return the key duplicate matching compares (case, width and spacing ignored)."""
    return (
        company_key(company),
        " ".join(fold(role).split()),
        " ".join(fold(department or "").split()),
        applied_on,
    )


@dataclass(frozen=True, slots=True)
class Problem:
    """A row that cannot be imported, and why; problems with the same group are reported as
    one line naming every row ("unknown status 'Pending review': 35 rows")."""

    line: int
    message: str
    group: str | None = None
    unit: str = "line"

    def __str__(self) -> str:
        return f"{self.unit} {self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """What the user asked for besides the file."""

    mapping: Mapping[str, str] = field(default_factory=dict)  # header -> field (--map)
    # status_key(value) -> what it means (--status); None: skip those rows
    statuses: Mapping[str, StatusMeaning | None] = field(default_factory=dict)
    default_source: str | None = None
    campaign: str | None = None
    dayfirst: bool = False  # the `dayfirst` setting: the last word on an ambiguous column
    order: bool | None = None  # --dayfirst (True) / --monthfirst (False): every column
    year: int | None = None  # --year: for dates written without one
    default_date: date | None = None  # --default-date: applied date of sent rows without one
    sheet: str | None = None  # --sheet: a workbook's sheet (default the first)


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """Return {column: field} from --map COLUMN=FIELD items; UserError for a bad one, for a
    column given twice, or for one field given two columns."""
    mapping: dict[str, str] = {}
    shown: dict[str, str] = {}  # folded column -> as typed
    by_field: dict[str, str] = {}
    for item in items:
        column, equals, target = item.rpartition("=")
        if not equals or not column.strip():
            raise UserError(f"--map: {item!r} is not COLUMN=FIELD")
        name = target.strip().casefold().replace("-", "_")
        name = {"stage": "status", "skip": "ignore", "date": "applied_on"}.get(name, name)
        if name not in FIELDS:
            raise UserError(f"--map: unknown field {target!r}; fields: {', '.join(FIELDS)}")
        column = column.strip()
        folded = column.casefold()
        if folded in shown and mapping[shown[folded]] != name:
            raise UserError(
                f"--map: column {column!r} is given twice ({mapping[shown[folded]]} and {name});"
                " give each column once"
            )
        if name not in MANY_COLUMNS and by_field.get(name, folded) != folded:
            raise UserError(
                f"--map: {name} is given two columns ({by_field[name]!r} and {column!r}); "
                "give each field once"
            )
        shown[folded] = column
        by_field.setdefault(name, column)
        mapping[column] = name
    return mapping


_STAGE_ROUND = re.compile(r"(?a)interview\s*(\d{1,2})")


def parse_statuses(items: Iterable[str]) -> dict[str, StatusMeaning | None]:
    """Return {status key: meaning} from --status VALUE=STAGE items (STAGE `skip` leaves those
    rows out); UserError for a bad one or a value given two stages."""
    stages = ", ".join(stage.value for stage in Stage)
    chosen: dict[str, StatusMeaning | None] = {}
    for item in items:
        value, equals, target = item.rpartition("=")
        key = status_key(value)
        if not equals or not key:
            raise UserError(f"--status: {item!r} is not VALUE=STAGE")
        name = words_of(target)
        meaning: StatusMeaning | None
        if name in ("skip", "ignore"):
            meaning = None
        elif name in {stage.value for stage in Stage}:
            meaning = StatusMeaning(Stage(name))
        elif name in ALIASES:
            meaning = StatusMeaning(ALIASES[name])
        elif match := _STAGE_ROUND.fullmatch(name):
            meaning = StatusMeaning(Stage.INTERVIEW, int(match[1]) or None)
        elif target.strip() in ("?", "STAGE", ""):
            raise UserError(
                f"--status {printable(value)!r}: replace {target.strip() or 'the blank'!r} with "
                f"a stage ({stages}, or skip)"
            )
        else:
            raise UserError(
                f"--status: {target.strip()!r} is not a stage; use one of {stages}, "
                "interview N, or skip"
            )
        if key in chosen and chosen[key] != meaning:
            raise UserError(f"--status: {value.strip()!r} is given two stages")
        chosen[key] = meaning
    return chosen


def clean_cell(cell: str) -> str:
    """Return a cell as read: trimmed, a placeholder (N/A, null, -) empty, our export's
    formula guard (') taken off."""
    text = cell.strip()
    if not text:
        return text
    if text[0] == "'" and _NEUTRALISED.match(text):
        text = text[1:]
    if len(text) <= _LONGEST_PLACEHOLDER and text.casefold() in PLACEHOLDERS:
        return ""
    return text


# Stages recorded on the way to a status, each dated by its own column when the file has one
# (pipeline's own export gives the day each funnel level was first reached).
_STEPS = (
    (Stage.SCREENING, "screened_on"),
    (Stage.INTERVIEW, "interviewed_on"),
    (Stage.OFFER, "offer_on"),
)
_ORDER = {stage: rank for rank, stage in enumerate(Stage)}
NEEDS_APPLIED = "the status says it was sent, but the row gives no date applied"


def implied_events(
    stage: Stage, round: int | None, dates: Mapping[str, date], *, today: date
) -> tuple[IncomingEvent, ...]:
    """Return the events a status implies: saved and/or submitted, the stages the file dates,
    then the status itself (accepted and declined after an offer), oldest first.

    A step dated the same day as the next one, which reaches its level too, is that next
    one (an export dates "screened" by the first interview when there was no screening).
    A closed status without an applied date gets no `submitted` event: the application
    counts in the funnel's outcomes but not in its days to reply (docs/funnel.md).
    """
    applied_on = dates.get("applied_on")
    saved_on = dates.get("saved_on")
    if stage is Stage.SAVED:
        day = saved_on or applied_on or today
        _past(Stage.SAVED, day, today)
        return (IncomingEvent("stage", Stage.SAVED, None, day),)
    events: list[IncomingEvent] = []
    if applied_on is None:
        if stage.is_open:
            raise UserError(NEEDS_APPLIED)
        if saved_on is not None:
            _past(Stage.SAVED, saved_on, today)
            events.append(IncomingEvent("stage", Stage.SAVED, None, saved_on))
        start = saved_on
    else:
        _past(Stage.SUBMITTED, applied_on, today)
        if saved_on is not None and saved_on < applied_on:
            events.append(IncomingEvent("stage", Stage.SAVED, None, saved_on))
        events.append(IncomingEvent("stage", Stage.SUBMITTED, None, applied_on))
        if stage is Stage.SUBMITTED:
            return tuple(events)
        start = applied_on
    steps = [
        (step, dates[column])
        for step, column in _STEPS
        if column in dates and (stage.is_closed or _ORDER[step] <= _ORDER[stage])
    ]
    latest = start
    for step, day in steps:
        if latest is not None and day < latest:
            raise UserError(f"{step} on {day.isoformat()} is before {latest.isoformat()}")
        latest = day
    final_day = dates.get("accepted_on") if stage is Stage.ACCEPTED else None
    final_day = final_day or dates.get("status_on") or latest
    if final_day is None:  # the caller dates an undated closed row; this is a safety net
        raise UserError(f"status {stage} has no date")
    if latest is not None and final_day < latest and stage is not Stage.WITHDRAWN:
        raise UserError(f"{stage} on {final_day.isoformat()} is before {latest.isoformat()}")
    following = [*steps[1:], (stage, final_day)][: len(steps)]
    for (step, day), (after, after_day) in zip(steps, following, strict=True):
        if day == after_day and STAGE_LEVEL[after] >= STAGE_LEVEL[step]:
            continue
        _past(step, day, today)
        events.append(IncomingEvent("stage", step, 1 if step is Stage.INTERVIEW else None, day))
    _past(stage, final_day, today)
    last = events[-1] if events else None
    if stage in (Stage.ACCEPTED, Stage.DECLINED) and (
        last is None or last.stage is not Stage.OFFER
    ):
        events.append(IncomingEvent("stage", Stage.OFFER, None, final_day))
        last = events[-1]
    if stage is Stage.INTERVIEW:
        round = round or 1
        if last is not None and last.stage is Stage.INTERVIEW and (last.round or 0) >= round:
            return tuple(events)
    elif last is not None and last.stage is stage:
        return tuple(events)
    events.append(IncomingEvent("stage", stage, round, final_day))
    return tuple(events)


def _past(stage: Stage, day: date, today: date) -> None:
    """Refuse a date after today for a stage that reports the past (as the CLI does)."""
    if day > today and stage not in (Stage.SCREENING, Stage.INTERVIEW):
        label = stage_label(stage, None)
        raise UserError(f"{label} on {day.isoformat()} is after today ({today.isoformat()})")
