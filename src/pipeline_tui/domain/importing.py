"""Spreadsheet rows to applications: header names, status words, dates, and the events implied.

Pure: text in, `IncomingApplication`s and line-numbered problems out. The store writes them
(store/transfer.py); services/transfer.py ties the two together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from pipeline_tui.domain.dates import parse_date
from pipeline_tui.domain.funnel import STAGE_LEVEL
from pipeline_tui.domain.models import MAX_NAME_LENGTH, EventKind, clean_name, company_key
from pipeline_tui.domain.stages import ALIASES, Stage, stage_label
from pipeline_tui.domain.text import fold, printable
from pipeline_tui.domain.versions import clean_version
from pipeline_tui.errors import DateError, UserError

MAX_NAME = MAX_NAME_LENGTH
MAX_FIELD = 100_000
MAX_COLUMNS = 1_000
# The csv module's own limit, above ours so that a long cell is a bad row, not a broken file.
CSV_FIELD_LIMIT = 1_000_000
# A longer physical line is refused before the csv module reads it (memory stays bounded).
MAX_LINE = 2 * CSV_FIELD_LIMIT
# One physical line and its end, as the csv module's newline="" reading sees lines.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)?")
# Stands in for NUL while the csv module reads (it refuses NUL); a cell holding it is bad.
_NUL = "\uffff"
# Cells that mean "nothing here".
PLACEHOLDERS = frozenset(
    {"n/a", "na", "n.a.", "-", "--", "—", "none", "null", "nil", "(blank)", "无", "暂无", "/"}
)
_LONGEST_PLACEHOLDER = max(map(len, PLACEHOLDERS))
# A cell our own export prefixed so spreadsheets show it as text ("'=SUM(A1)").
_NEUTRALISED = re.compile(r"'[=+\-@\t\r]")

# Import fields a column can feed, with what each means (for --map and the docs).
FIELDS: dict[str, str] = {
    "company": "the employer",
    "role": "the job title",
    "department": "team or department",
    "location": "city or place",
    "url": "link to the posting",
    "source": "how you found or applied for it",
    "campaign": "the campaign (e.g. 2024 autumn campus)",
    "program": "talent programme",
    "cv": "the CV version sent (v3)",
    "letter": "the cover-letter version sent (L2)",
    "notes": "notes on the application",
    "status": "current status (a stage, an alias or a common word)",
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
    "ignore": "not imported",
}

# Header names per field, compared by header_key (ignoring case, spaces and punctuation);
# earlier names win when two columns name the same field.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "company": ("company", "companyname", "employer", "employername", "organization",
                "organisation", "firm", "公司", "公司名称", "企业", "单位", "雇主"),
    "role": ("role", "jobtitle", "title", "position", "positiontitle", "job", "jobname",
             "岗位", "职位", "岗位名称", "职位名称"),
    "department": ("department", "dept", "team", "division", "部门", "团队", "事业群"),
    "location": ("location", "city", "place", "joblocation", "地点", "城市", "工作地点"),
    "url": ("url", "link", "joburl", "joblink", "postingurl", "posting", "链接", "网址"),
    "source": ("source", "jobsource", "via", "channel", "board", "来源", "渠道"),
    "campaign": ("campaign", "season", "招聘季", "批次"),
    "program": ("program", "programme", "talentprogram", "人才计划"),
    "cv": ("cv", "cvversion", "resume", "resumeversion", "résumé", "résuméversion", "简历",
           "简历版本"),
    "letter": ("letter", "coverletter", "letterversion", "coverletterversion", "求职信"),
    "notes": ("notes", "note", "comments", "comment", "remarks", "备注", "说明"),
    "status": ("status", "stage", "state", "applicationstatus", "jobstatus", "状态", "进度",
               "阶段"),
    "round": ("round", "interviewround", "轮次"),
    "applied_on": ("dateapplied", "applieddate", "appliedon", "appliedat", "submittedon",
                   "datesubmitted", "submitted", "applicationdate", "dateofapplication",
                   "投递时间", "投递日期", "申请时间", "申请日期", "date", "日期"),
    "saved_on": ("savedon", "saved", "createdat", "created", "datecreated", "dateadded",
                 "added", "创建时间", "收藏时间"),
    "status_on": ("statuson", "statusdate", "closedon", "lastupdated", "updated", "updatedat",
                  "dateupdated", "更新时间"),
    "screened_on": ("screenedon",),
    "interviewed_on": ("interviewedon",),
    "offer_on": ("offeron",),
    "accepted_on": ("acceptedon",),
    "closes_on": ("closeson", "deadline", "closingdate", "applyby", "截止日期"),
    "archived": ("archived", "归档"),
}  # fmt: skip
# "Applied" is a date in most trackers and yes/no in some (JobSync): its values decide.
_APPLIED = ("applied", "是否投递")
_SYNONYM_RANK = {name: (target, rank) for target, names in _SYNONYMS.items()
                 for rank, name in enumerate(names)}  # fmt: skip

_YES = frozenset({"yes", "y", "true", "t", "1", "x", "✓", "✔", "是", "已投递", "on"})
_NO = frozenset({"no", "n", "false", "f", "0", "否", "未投递", "off"})

# Status words beyond the stages and the CLI's aliases; JobSync's are the reference set.
_STATUS_WORDS: dict[str, Stage] = {
    "draft": Stage.SAVED, "bookmarked": Stage.SAVED, "interested": Stage.SAVED,
    "to apply": Stage.SAVED, "收藏": Stage.SAVED, "待投递": Stage.SAVED, "未投递": Stage.SAVED,
    "applied": Stage.SUBMITTED, "application sent": Stage.SUBMITTED, "已投递": Stage.SUBMITTED,
    "投递": Stage.SUBMITTED, "已申请": Stage.SUBMITTED, "已投": Stage.SUBMITTED,
    "phone screen": Stage.SCREENING, "screen": Stage.SCREENING, "笔试": Stage.SCREENING,
    "测评": Stage.SCREENING, "初筛": Stage.SCREENING, "hr面": Stage.SCREENING,
    "interviewing": Stage.INTERVIEW, "interviewed": Stage.INTERVIEW, "interviews": Stage.INTERVIEW,
    "面试": Stage.INTERVIEW, "面试中": Stage.INTERVIEW,
    "offered": Stage.OFFER, "offer received": Stage.OFFER, "录用": Stage.OFFER,
    "hired": Stage.ACCEPTED, "已接受": Stage.ACCEPTED, "接受": Stage.ACCEPTED,
    "入职": Stage.ACCEPTED, "签约": Stage.ACCEPTED,
    "rejection": Stage.REJECTED, "not selected": Stage.REJECTED, "unsuccessful": Stage.REJECTED,
    "拒绝": Stage.REJECTED, "未通过": Stage.REJECTED, "不合适": Stage.REJECTED,
    "挂": Stage.REJECTED, "淘汰": Stage.REJECTED,
    "withdrew": Stage.WITHDRAWN, "放弃": Stage.WITHDRAWN, "撤回": Stage.WITHDRAWN,
    "no response": Stage.GHOSTED, "no reply": Stage.GHOSTED, "无回复": Stage.GHOSTED,
    "石沉大海": Stage.GHOSTED,
}  # fmt: skip
_STAGE_NAMES = frozenset(stage.value for stage in Stage)
_CHINESE_ROUNDS = {"一面": 1, "二面": 2, "三面": 3, "四面": 4, "五面": 5, "终面": None}
_ROUND = re.compile(r"(?a)(?:interview|round)\s*#?\s*(\d{1,2})|(\d{1,2})(?:st|nd|rd|th)?\s+"
                    r"(?:round|interview)")  # fmt: skip
# JobSync statuses whose stage comes from the "applied" column: Archived keeps the stage and
# archives the application; Expired (the posting went) is ghosted if applied, else archived.
_KEEPS_STAGE = frozenset({"archived", "归档"})
_EXPIRED = frozenset({"expired", "closed", "已过期"})


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
    role: str
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
        """The submission date, as derive() computes it from the events."""
        for event in self.events:
            if event.kind == "stage" and event.stage not in (Stage.SAVED, Stage.WITHDRAWN):
                return event.occurred_on
        return None

    @property
    def key(self) -> Key:
        """What makes two applications the same: company, role, department, applied date."""
        return application_key(self.company, self.role, self.department, self.applied_on)

    @property
    def title(self) -> str:
        """Company and role, as messages name the row."""
        return f"{self.company} — {self.role}"


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
    """A row that cannot be imported, and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(slots=True)
class ParsedRows:
    """What reading a file gave: applications, bad rows, duplicate rows and the columns used."""

    applications: list[IncomingApplication] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)  # each application's key, in order
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)  # line numbers
    columns: dict[str, str] = field(default_factory=dict)  # header -> field
    ignored: list[str] = field(default_factory=list)  # headers not imported
    rows: int = 0
    delimiter: str = ","


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """What the user asked for besides the file."""

    mapping: Mapping[str, str] = field(default_factory=dict)  # header -> field (--map)
    default_source: str | None = None
    campaign: str | None = None
    dayfirst: bool = False


def header_key(text: str) -> str:
    """Return a header as compared: case, spaces, underscores and punctuation ignored."""
    return "".join(char for char in fold(text) if char.isalnum())


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """Return {column: field} from --map COLUMN=FIELD items; UserError for a bad one."""
    mapping: dict[str, str] = {}
    for item in items:
        column, equals, target = item.rpartition("=")
        if not equals or not column.strip():
            raise UserError(f"--map: {item!r} is not COLUMN=FIELD")
        name = target.strip().casefold().replace("-", "_")
        name = {"stage": "status", "skip": "ignore", "date": "applied_on"}.get(name, name)
        if name not in FIELDS:
            raise UserError(f"--map: unknown field {target!r}; fields: {', '.join(FIELDS)}")
        mapping[column.strip()] = name
    return mapping


def map_headers(
    headers: list[str], mapping: Mapping[str, str], sample: list[list[str]]
) -> tuple[dict[int, str], list[str]]:
    """Return {column index: field} and the headers left out; --map wins over the synonyms."""
    folded = {header.strip().casefold(): index for index, header in enumerate(headers)}
    chosen: dict[int, str] = {}
    for column, target in mapping.items():
        index = folded.get(column.casefold())
        if index is None:
            names = ", ".join(printable(header) for header in headers)
            raise UserError(f"--map: the file has no column {column!r} (columns: {names})")
        chosen[index] = target
    best: dict[str, tuple[int, int]] = {}  # field -> (rank, index)
    applied_columns: list[int] = []
    for index, header in enumerate(headers):
        if index in chosen:
            continue
        key = header_key(header)
        if key in _APPLIED:
            applied_columns.append(index)
            continue
        if key in _SYNONYM_RANK:
            target, rank = _SYNONYM_RANK[key]
            if target not in best or rank < best[target][0]:
                best[target] = (rank, index)
    taken = set(chosen.values())
    for target, (_, index) in best.items():
        if target not in taken:
            chosen[index] = target
    for index in applied_columns:
        values = {_clean(row[index]).casefold() for row in sample if index < len(row)}
        values.discard("")
        yes_no = values <= (_YES | _NO)
        target = "applied" if yes_no or "applied_on" in chosen.values() else "applied_on"
        if target not in chosen.values():
            chosen[index] = target
    chosen = {index: target for index, target in chosen.items() if target != "ignore"}
    ignored = [header for index, header in enumerate(headers) if index not in chosen]
    return dict(sorted(chosen.items())), ignored


def _clean(cell: str) -> str:
    text = cell.strip()
    if not text:
        return text
    if text[0] == "'" and _NEUTRALISED.match(text):
        text = text[1:]
    if len(text) <= _LONGEST_PLACEHOLDER and text.casefold() in PLACEHOLDERS:
        return ""
    return text


def detect_delimiter(first_line: str) -> str:
    """Return the delimiter of a header line: comma, semicolon, tab or pipe, most cells wins."""
    import csv

    best, cells = ",", 0
    for candidate in (",", ";", "\t", "|"):
        try:
            count = len(next(csv.reader([first_line], delimiter=candidate), []))
        except csv.Error:  # a cell past the field limit: not this delimiter
            continue
        if count > cells:
            best, cells = candidate, count
    return best


def _lines(text: str, first_number: int) -> Iterator[str]:
    """Yield text's physical lines with their ends; UserError on one longer than MAX_LINE."""
    position, end, number = 0, len(text), first_number
    while position < end:
        match = _LINE.match(text, position)
        assert match is not None  # the pattern matches the empty string
        if match.end() - position > MAX_LINE:
            raise UserError(
                f"line {number} is {match.end() - position:,} characters long (at most "
                f"{MAX_LINE:,}); nothing was imported"
            )
        yield match.group()
        position, number = match.end(), number + 1


def read_csv(text: str, options: ImportOptions, *, today: date) -> ParsedRows:
    """Read CSV text into applications; every bad row becomes a Problem with its line.

    The text is read a line at a time (no copy of it), and a header wider than MAX_COLUMNS or
    a line longer than MAX_LINE stops the read at once: a hostile file costs no more memory
    than its own text.
    """
    import csv

    csv.field_size_limit(CSV_FIELD_LIMIT)
    if "\x00" in text:
        text = text.replace("\x00", _NUL)
    stripped = text.lstrip("\r\n")
    leading_lines = text[: len(text) - len(stripped)].count("\n")
    header_end = _LINE.match(stripped)
    assert header_end is not None
    if header_end.end() > MAX_LINE:
        head = stripped[: header_end.end()]
        cells = 1 + max(head.count(delimiter) for delimiter in ",;\t|")
        if cells > MAX_COLUMNS:
            raise UserError(f"the header has about {cells:,} columns; at most {MAX_COLUMNS:,}")
        raise UserError(
            f"the header row is {header_end.end():,} characters long (at most {MAX_LINE:,}); "
            "nothing was imported"
        )
    parsed = ParsedRows(delimiter=detect_delimiter(header_end.group().rstrip("\r\n")))
    reader = csv.reader(_lines(stripped, 1 + leading_lines), delimiter=parsed.delimiter)
    records: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for row in reader:
            if not records and len(row) > MAX_COLUMNS:
                raise UserError(f"the header has {len(row):,} columns; at most {MAX_COLUMNS:,}")
            records.append((previous + 1 + leading_lines, row))
            previous = reader.line_num
    except csv.Error as error:
        raise UserError(
            f"line {previous + 1 + leading_lines}: {error}; the file cannot be read past it, "
            "so nothing was imported"
        ) from None
    if not records:
        raise UserError("the file is empty: no header row")
    header_line, headers = records[0]
    if any(_NUL in header for header in headers):
        raise UserError(f"line {header_line}: the header contains a NUL byte")
    body = [(line, row) for line, row in records[1:] if any(cell.strip() for cell in row)]
    columns, parsed.ignored = map_headers(headers, options.mapping, [row for _, row in body[:200]])
    parsed.columns = {headers[index]: target for index, target in columns.items()}
    missing = [name for name in ("company", "role") if name not in columns.values()]
    if missing:
        raise UserError(
            f"no column gives the {' or the '.join(missing)} (found: "
            f"{', '.join(printable(h) for h in headers)}); name it with --map COLUMN={missing[0]}"
        )
    if not {"applied_on", "applied", "status"} & set(columns.values()):
        raise UserError(
            "no column gives the date applied or a status; name one with --map "
            "COLUMN=applied_on (or COLUMN=status)"
        )
    seen: set[Key] = set()
    for line, row in body:
        parsed.rows += 1
        if len(row) != len(headers):
            parsed.problems.append(
                Problem(line, f"{len(row)} cells where the header has {len(headers)}")
            )
            continue
        try:
            application = _read_row(line, row, columns, options, today)
        except UserError as error:
            parsed.problems.append(Problem(line, str(error)))
            continue
        key = application.key
        if key in seen:
            parsed.duplicates.append(line)
            continue
        seen.add(key)
        parsed.applications.append(application)
        parsed.keys.append(key)
    return parsed


def _read_row(
    line: int, row: list[str], columns: dict[int, str], options: ImportOptions, today: date
) -> IncomingApplication:
    values: dict[str, str] = {}
    for index, target in columns.items():
        cell = row[index]
        if _NUL in cell:
            raise UserError(f"the {target} cell contains a NUL byte")
        if len(cell) > MAX_FIELD:
            raise UserError(
                f"the {target} cell is {len(cell):,} characters long (at most {MAX_FIELD:,})"
            )
        value = _clean(cell)
        if value:
            values[target] = value
    company = _name(values, "company")
    role = _name(values, "role")
    dates: dict[str, date] = {
        name: _date(values[name], name, options.dayfirst, today)
        for name in (
            "applied_on", "saved_on", "status_on", "screened_on", "interviewed_on", "offer_on",
            "accepted_on", "closes_on",
        )
        if name in values
    }  # fmt: skip
    if "applied" in values and values["applied"].casefold() not in _YES | _NO:
        raise UserError(f"applied: {values['applied']!r} is not yes or no")
    applied_flag = values["applied"].casefold() in _YES if "applied" in values else None
    applied = applied_flag if applied_flag is not None else "applied_on" in dates
    stage, round, archived = read_status(values.get("status"), applied=applied)
    if "round" in values:
        round = _round(values["round"], stage)
    if "archived" in values:
        flag = values["archived"].casefold()
        if flag not in _YES | _NO:
            raise UserError(f"archived: {values['archived']!r} is not yes or no")
        archived = archived or flag in _YES
    events = implied_events(stage, round, dates, today=today)
    source = values.get("source") or options.default_source
    return IncomingApplication(
        line=line,
        company=company,
        role=role,
        events=events,
        department=values.get("department"),
        location=values.get("location"),
        url=values.get("url"),
        source=source,
        program=values.get("program"),
        campaign=values.get("campaign") or options.campaign,
        notes=values.get("notes"),
        closes_on=dates.get("closes_on") if stage is Stage.SAVED else None,
        archived=archived,
        cv=clean_version("cv", values.get("cv")),
        letter=clean_version("letter", values.get("letter")),
    )


def _name(values: dict[str, str], name: str) -> str:
    text = clean_name(values.get(name, ""))
    if not text:
        raise UserError(f"no {name}")
    if len(text) > MAX_NAME:
        raise UserError(f"the {name} is longer than {MAX_NAME} characters")
    return text


_CHINESE_DATE = re.compile(r"(?a)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_ISO_PREFIX = re.compile(r"(?a)(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}.*)?")


def _date(text: str, name: str, dayfirst: bool, today: date) -> date:
    """Read a date cell: ISO (a timestamp's day too), 2024年9月16日, or the CLI's grammar."""
    try:
        if match := _ISO_PREFIX.fullmatch(text) or _CHINESE_DATE.fullmatch(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        return parse_date(text, today=today, dayfirst=dayfirst)
    except (DateError, ValueError) as error:
        reason = str(error) if isinstance(error, DateError) else f"{text!r} is not a real date"
        raise UserError(f"{name}: {reason}") from None


def _round(text: str, stage: Stage) -> int | None:
    if not text.isdigit() or not 0 < int(text) < 100:
        raise UserError(f"round: {text!r} is not a round number")
    return int(text) if stage is Stage.INTERVIEW else None


def read_status(text: str | None, *, applied: bool) -> tuple[Stage, int | None, bool]:
    """Return (stage, interview round, archived) for a status cell; UserError if unknown.

    applied says whether the row was sent (an applied date, or yes in an "applied" column):
    it decides an empty status, JobSync's Archived and Expired.
    """
    sent = Stage.SUBMITTED if applied else Stage.SAVED
    if text is None:
        return sent, None, False
    key = " ".join(fold(text).replace("_", " ").replace("-", " ").split())
    if key in _KEEPS_STAGE:
        return sent, None, True
    if key in _EXPIRED:
        return (Stage.GHOSTED, None, False) if applied else (Stage.SAVED, None, True)
    if key in _CHINESE_ROUNDS:
        return Stage.INTERVIEW, _CHINESE_ROUNDS[key], False
    if match := _ROUND.fullmatch(key):
        return Stage.INTERVIEW, int(match[1] or match[2]), False
    for candidate in (key, key.replace(" ", "")):
        if candidate in _STAGE_NAMES:
            return Stage(candidate), None, False
        if candidate in ALIASES:
            return ALIASES[candidate], None, False
        if candidate in _STATUS_WORDS:
            return _STATUS_WORDS[candidate], None, False
    raise UserError(
        f"unknown status {printable(text)!r}; use a stage ({', '.join(s.value for s in Stage)}) "
        "or a common word (Applied, Interviewing, Offer, Rejected, Ghosted, Withdrawn)"
    )


# Stages recorded on the way to a status, each dated by its own column when the file has one
# (pipeline's own export gives the day each funnel level was first reached).
_STEPS = (
    (Stage.SCREENING, "screened_on"),
    (Stage.INTERVIEW, "interviewed_on"),
    (Stage.OFFER, "offer_on"),
)
_ORDER = {stage: rank for rank, stage in enumerate(Stage)}


def implied_events(
    stage: Stage, round: int | None, dates: Mapping[str, date], *, today: date
) -> tuple[IncomingEvent, ...]:
    """Return the events a status implies: saved and/or submitted, the stages the file dates,
    then the status itself (accepted and declined after an offer), oldest first.

    A step dated the same day as the next one, which reaches its level too, is that next
    one (an export dates "screened" by the first interview when there was no screening).
    """
    applied_on = dates.get("applied_on")
    saved_on = dates.get("saved_on")
    if stage is Stage.SAVED:
        day = saved_on or applied_on or today
        _past(Stage.SAVED, day, today)
        return (IncomingEvent("stage", Stage.SAVED, None, day),)
    if applied_on is None:
        raise UserError(f"status {stage} needs the date applied, and the row has none")
    _past(Stage.SUBMITTED, applied_on, today)
    events: list[IncomingEvent] = []
    if saved_on is not None and saved_on < applied_on:
        events.append(IncomingEvent("stage", Stage.SAVED, None, saved_on))
    events.append(IncomingEvent("stage", Stage.SUBMITTED, None, applied_on))
    if stage is Stage.SUBMITTED:
        return tuple(events)
    steps = [
        (step, dates[column])
        for step, column in _STEPS
        if column in dates and (stage.is_closed or _ORDER[step] <= _ORDER[stage])
    ]
    latest = applied_on
    for step, day in steps:
        if day < latest:
            raise UserError(f"{step} on {day.isoformat()} is before {latest.isoformat()}")
        latest = day
    final_day = dates.get("accepted_on") if stage is Stage.ACCEPTED else None
    final_day = final_day or dates.get("status_on") or latest
    if final_day < latest and stage is not Stage.WITHDRAWN:
        raise UserError(f"{stage} on {final_day.isoformat()} is before {latest.isoformat()}")
    following = [*steps[1:], (stage, final_day)][: len(steps)]
    for (step, day), (after, after_day) in zip(steps, following, strict=True):
        if day == after_day and STAGE_LEVEL[after] >= STAGE_LEVEL[step]:
            continue
        _past(step, day, today)
        events.append(IncomingEvent("stage", step, 1 if step is Stage.INTERVIEW else None, day))
    _past(stage, final_day, today)
    if stage in (Stage.ACCEPTED, Stage.DECLINED) and events[-1].stage is not Stage.OFFER:
        events.append(IncomingEvent("stage", Stage.OFFER, None, final_day))
    last = events[-1]
    if stage is Stage.INTERVIEW:
        round = round or 1
        if last.stage is Stage.INTERVIEW and (last.round or 0) >= round:
            return tuple(events)
    elif last.stage is stage:
        return tuple(events)
    events.append(IncomingEvent("stage", stage, round, final_day))
    return tuple(events)


def _past(stage: Stage, day: date, today: date) -> None:
    """Refuse a date after today for a stage that reports the past (as the CLI does)."""
    if day > today and stage not in (Stage.SCREENING, Stage.INTERVIEW):
        label = stage_label(stage, None)
        raise UserError(f"{label} on {day.isoformat()} is after today ({today.isoformat()})")


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did, or with dry_run what it would do."""

    name: str
    format: str  # "csv" or "json"
    encoding: str  # how the bytes were read: "UTF-8", "GB18030 (detected)"
    rows: int
    new: int
    updated: int
    unchanged: int
    duplicates: int
    problems: tuple[Problem, ...] = ()
    duplicate_lines: tuple[int, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()  # (header, field) used
    ignored: tuple[str, ...] = ()  # headers not imported
    delimiter: str | None = None
    events: int = 0  # events added
    others: tuple[tuple[str, int], ...] = ()  # ("contacts", 3): other rows a JSON file added
    dry_run: bool = False
    batch: int | None = None  # the undo batch of the events written (None: none written)

    @property
    def bad(self) -> int:
        """How many rows cannot be imported."""
        return len(self.problems)

    def counts(self) -> str:
        """Return "12 new, 3 updated, 40 unchanged, 1 duplicate, 2 bad"."""
        parts = [
            f"{self.new:,} new",
            f"{self.updated:,} updated",
            f"{self.unchanged:,} unchanged",
            f"{self.duplicates:,} duplicate{'s' if self.duplicates != 1 else ''}",
            f"{self.bad:,} bad",
        ]
        return ", ".join(parts)

    def lines(self) -> list[str]:
        """Return the summary an import prints, one sentence a line (user text escaped)."""
        verb = "Would import" if self.dry_run else "Imported"
        delimiter = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(
            self.delimiter or "", ""
        )
        read = f"{self.format.upper()}, {self.encoding}" + (f", {delimiter}s" if delimiter else "")
        found = f"{self.rows:,} row{'s' if self.rows != 1 else ''}"
        out = [f"{verb} {printable(self.name)} ({read}): {found}: {self.counts()}"]
        if self.events:
            added = "would add" if self.dry_run else "added"
            marked = ", marked as imported" if self.format == "csv" else ""
            out.append(f"Events {added}: {self.events:,}{marked}")
        if self.others:
            others = ", ".join(
                f"{count:,} {what if count != 1 else what.removesuffix('s')}"
                for what, count in self.others
            )
            out.append(f"Also {'new' if self.dry_run else 'added'}: {others}")
        if self.columns:
            used = ", ".join(f"{printable(header)} → {target}" for header, target in self.columns)
            out.append(f"Columns: {used}")
        if self.ignored:
            out.append(f"Not imported: {', '.join(printable(header) for header in self.ignored)}")
        if self.duplicate_lines:
            shown = ", ".join(str(line) for line in self.duplicate_lines[:20])
            more = len(self.duplicate_lines) - 20
            out.append(
                f"Duplicates of an earlier row (skipped): lines {shown}"
                + (f" and {more:,} more" if more > 0 else "")
            )
        return out
