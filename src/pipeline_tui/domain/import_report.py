"""What an import did, or would do: counts, the preview (columns, statuses, sample rows,
warnings), the funnel the file's applications make, and problems grouped so that a value
wrong on 35 rows is one line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline_tui.domain.funnel import STAGE_LEVEL, Level
from pipeline_tui.domain.import_columns import BY_MAP, BY_VALUES, ColumnReading
from pipeline_tui.domain.import_plan import StatusReading
from pipeline_tui.domain.import_sources import DELIMITER_NAMES
from pipeline_tui.domain.importing import IncomingApplication, Problem
from pipeline_tui.domain.models import role_text
from pipeline_tui.domain.stages import Stage, stage_label
from pipeline_tui.domain.text import printable
from pipeline_tui.errors import BadRows

_LINES_SHOWN = 10
SAMPLES = 3
_OUTCOMES = ("open", "rejected", "withdrawn", "ghosted", "declined", "accepted")


@dataclass(frozen=True, slots=True)
class FileFunnel:
    """The funnel the file's applications make (levels as docs/funnel.md counts them)."""

    applications: int = 0
    submitted: int = 0
    replied: int = 0
    screened: int = 0
    interviewed: int = 0
    offer: int = 0
    accepted: int = 0
    outcomes: tuple[tuple[str, int], ...] = ()  # (outcome, count) of the submitted ones
    undated: int = 0  # submitted ones without an applied date (closed, date unknown)

    def line(self) -> str:
        """Return "sent 40 · replied 12 (30%) · screened 6 (15%) · ..." with outcomes."""
        if not self.submitted:
            return f"none of the {self.applications:,} was sent (all saved)"
        parts = [f"sent {self.submitted:,}"]
        for label, count in (
            ("replied", self.replied),
            ("screened", self.screened),
            ("interviewed", self.interviewed),
            ("offer", self.offer),
            ("accepted", self.accepted),
        ):
            parts.append(f"{label} {count:,} ({100 * count / self.submitted:.0f}%)")
        outcomes = " · ".join(f"{name} {count:,}" for name, count in self.outcomes if count)
        return " · ".join(parts) + (f"; now: {outcomes}" if outcomes else "")


def file_funnel(applications: Sequence[IncomingApplication]) -> FileFunnel:
    """Count how far the file's applications got, from the events each implies."""
    levels = {level: 0 for level in Level}
    outcomes = dict.fromkeys(_OUTCOMES, 0)
    undated = 0
    for application in applications:
        reached = max(STAGE_LEVEL[event.stage] for event in application.events)
        if reached < Level.SUBMITTED:
            continue
        for level in Level:
            if level <= reached:
                levels[level] += 1
        stage = application.stage
        outcomes["open" if stage.is_open else stage.value] += 1
        undated += application.applied_on is None
    return FileFunnel(
        applications=len(applications),
        submitted=levels[Level.SUBMITTED],
        replied=levels[Level.REPLIED],
        screened=levels[Level.SCREENED],
        interviewed=levels[Level.INTERVIEWED],
        offer=levels[Level.OFFER],
        accepted=levels[Level.ACCEPTED],
        outcomes=tuple(outcomes.items()),
        undated=undated,
    )


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What the import dialog shows before anything is written: each column and how it is
    read, each distinct status with its count and stage, the first rows as they will be
    stored, warnings, and what stops the import as it is."""

    columns: tuple[ColumnReading, ...] = ()
    statuses: tuple[StatusReading, ...] = ()
    samples: tuple[IncomingApplication, ...] = ()
    warnings: tuple[str, ...] = ()
    blocking: tuple[str, ...] = ()
    funnel: FileFunnel = field(default_factory=FileFunnel)

    @property
    def unknown_statuses(self) -> tuple[StatusReading, ...]:
        """The statuses no word maps, most rows first."""
        return tuple(item for item in self.statuses if item.how == "unknown")


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did, or with dry_run what it would do."""

    name: str
    format: str  # "csv", "xlsx" or "json"
    encoding: str  # how the bytes were read: "UTF-8", "GB18030 (detected)"
    rows: int
    new: int
    updated: int
    unchanged: int
    merged: int = 0  # rows folded into another row of the same application
    problems: tuple[Problem, ...] = ()
    merged_lines: tuple[tuple[int, ...], ...] = ()
    skipped_lines: tuple[int, ...] = ()  # left out by --status VALUE=skip
    columns: tuple[tuple[str, str], ...] = ()  # (header, field) used
    ignored: tuple[str, ...] = ()  # headers not imported
    delimiter: str | None = None
    events: int = 0  # events added
    others: tuple[tuple[str, int], ...] = ()  # ("contacts", 3): other rows a JSON file added
    dry_run: bool = False
    batch: int | None = None  # the undo batch of the events written (None: none written, or
    # they kept the batches of the pipeline export they came from)
    unit: str = "line"
    sheet: str | None = None
    preview: ImportPreview | None = None  # None for pipeline's own JSON export

    @property
    def bad(self) -> int:
        """How many rows cannot be imported."""
        return len(self.problems)

    @property
    def skipped(self) -> int:
        """Rows not imported: bad ones and those --status skips."""
        return self.bad + len(self.skipped_lines)

    def counts(self) -> str:
        """Return "12 new, 3 updated, 40 unchanged, 2 merged, 1 skipped"."""
        return (
            f"{self.new:,} new, {self.updated:,} updated, {self.unchanged:,} unchanged, "
            f"{self.merged:,} merged, {self.skipped:,} skipped"
        )

    def lines(self, *, columns: bool = True) -> list[str]:
        """Return the summary an import prints, one sentence a line (user text escaped);
        without columns, leave out the columns used and not imported (the preview has them)."""
        verb = "Would import" if self.dry_run else "Imported"
        read = [self.format.upper()]
        if self.sheet:
            read.append(f"sheet {printable(self.sheet)!r}")
        if self.format != "xlsx":
            read.append(self.encoding)
        if self.delimiter in DELIMITER_NAMES:
            read.append(f"{DELIMITER_NAMES[self.delimiter]}s")
        found = f"{self.rows:,} {self.unit}{'s' if self.rows != 1 else ''}"
        if self.unit == "line":
            found = f"{self.rows:,} row{'s' if self.rows != 1 else ''}"
        out = [f"{verb} {printable(self.name)} ({', '.join(read)}): {found}: {self.counts()}"]
        if self.events:
            added = "to add" if self.dry_run else "added"
            marked = ", marked as imported" if self.preview else ""
            out.append(f"Events {added}: {self.events:,}{marked}")
        if self.others:
            others = ", ".join(
                f"{count:,} {what if count != 1 else what.removesuffix('s')}"
                for what, count in self.others
            )
            out.append(f"Also {'new' if self.dry_run else 'added'}: {others}")
        if self.columns and columns:
            used = ", ".join(f"{printable(header)} → {target}" for header, target in self.columns)
            out.append(f"Columns: {used}")
        if self.ignored and columns:
            out.append(f"Not imported: {', '.join(printable(header) for header in self.ignored)}")
        if self.merged_lines:
            out.append(f"Merged, one application each: {merged_text(self.merged_lines, self.unit)}")
        if self.skipped_lines:
            out.append(f"Skipped by --status: {lines_text(self.skipped_lines, self.unit)}")
        if self.preview is not None and self.preview.funnel.applications:
            funnel = self.preview.funnel
            count = funnel.applications
            out.append(
                f"Funnel of the file's {count:,} application{'s' if count != 1 else ''}: "
                f"{funnel.line()}"
            )
            if funnel.undated:
                out.append(
                    f"  {funnel.undated:,} closed without an applied date: counted in outcomes, "
                    "not in days to reply"
                )
        if self.preview is not None:
            out.extend(f"Note: {printable(warning)}" for warning in self.preview.warnings)
        return out

    def preview_lines(self) -> list[str]:
        """Return the preview --dry-run prints before the summary: columns, statuses, the
        first rows as they will be stored, warnings."""
        preview = self.preview
        if preview is None:
            return []
        out = ["Columns:"]
        width = min(max((len(column.header) for column in preview.columns), default=0), 30)
        for column in preview.columns:
            target = column.field or "not imported"
            how = {BY_MAP: " (--map)", BY_VALUES: " (a guess from its values)"}.get(column.how, "")
            note = f"  ({column.note})" if column.note and column.how != BY_MAP else ""
            out.append(f"  {printable(column.header):<{width}}  → {target}{how}{note}")
        if preview.statuses:
            out.append("Statuses:")
            width = min(max(len(item.value) for item in preview.statuses), 30)
            for item in preview.statuses:
                out.append(
                    f"  {printable(item.value):<{width}}  {item.count:>6,}  {status_text(item)}"
                )
        if preview.samples:
            out.append(f"First {len(preview.samples)} as they will be stored:")
            out.extend(f"  {sample_text(sample, self.unit)}" for sample in preview.samples)
        return out


def status_text(item: StatusReading) -> str:
    """Return what a status becomes, as the preview says it."""
    if item.how == "unknown":
        maybe = f" (maybe {item.suggestion}?)" if item.suggestion else ""
        return f"→ ? unknown: --status VALUE=STAGE{maybe}"
    if item.how == "skip":
        return "→ skipped (--status)"
    if item.how == "archived":
        return "→ archived, at the stage the applied column gives"
    if item.how == "expired":
        return "→ ghosted when it was sent, else saved and archived"
    label = stage_label(item.stage, item.round) if item.stage else "?"
    if item.via is not None:
        label += f", after {item.via}"
    return f"→ {label}" + (" (--status)" if item.how == "--status" else "")


def sample_text(application: IncomingApplication, unit: str) -> str:
    """Return one application as it will be stored, on one line."""
    head = f"{unit} {application.line}: {printable(application.company)} — "
    head += printable(role_text(application.role))
    if application.department:
        head += f" ({printable(application.department)})"
    history = ", ".join(
        f"{stage_label(event.stage, event.round)} {event.occurred_on.isoformat()}"
        for event in application.events
    )
    extra = [
        f"{name} {printable(value)}"
        for name, value in (
            ("source", application.source),
            ("location", application.location),
            ("url", application.url),
        )
        if value
    ]
    if application.applied_on is None and application.stage not in (Stage.SAVED,):
        extra.append("applied date unknown")
    if application.archived:
        extra.append("archived")
    return " · ".join([head, history, *extra])


def lines_text(lines: Sequence[int], unit: str, shown: int = _LINES_SHOWN) -> str:
    """Return "lines 3, 7, 9 and 12 more"."""
    listed = ", ".join(str(line) for line in lines[:shown])
    more = len(lines) - shown
    word = f"{unit}s" if len(lines) != 1 else unit
    return f"{word} {listed}" + (f" and {more:,} more" if more > 0 else "")


def merged_text(groups: Sequence[tuple[int, ...]], unit: str, shown: int = 20) -> str:
    """Return "lines 3+7, 10+11+15" for the rows merged into one application each."""
    listed = ", ".join("+".join(str(line) for line in group) for group in groups[:shown])
    more = len(groups) - shown
    return f"{unit}s {listed}" + (f" and {more:,} more" if more > 0 else "")


def problem_lines(problems: Sequence[Problem], limit: int = 50) -> list[str]:
    """Return one line per problem, or per group of problems with the same cause (an unknown
    status on 35 rows is one line naming them), first line first, at most limit lines."""
    groups: dict[object, list[Problem]] = {}
    for problem in problems:
        key: object = problem.group or (problem.line, problem.message)
        groups.setdefault(key, []).append(problem)
    out: list[str] = []
    for members in sorted(groups.values(), key=lambda items: items[0].line):
        first = members[0]
        if len(members) == 1:
            out.append(str(first))
            continue
        like = "" if all(p.message == first.message for p in members) else ", and the like"
        where = lines_text([p.line for p in members], first.unit)
        out.append(f"{where} ({len(members):,} rows): {first.message}{like}")
    if len(out) > limit:
        rest = len(out) - limit
        out = [*out[:limit], f"... and {rest:,} more"]
    return out


class ImportRefused(BadRows):
    """A file with rows that cannot be imported; report says what was read (for the way out
    a front end suggests: --status for unknown statuses, --map for columns)."""

    def __init__(self, message: str, problems: Sequence[str], report: ImportReport) -> None:
        super().__init__(message, problems)
        self.report = report


def refusal(report: ImportReport) -> ImportRefused:
    """The error for a file with bad rows: how many, then each problem or group of them."""
    bad = report.bad
    return ImportRefused(
        f"{bad:,} row{'s' if bad != 1 else ''} of {report.name} cannot be imported, so nothing "
        "was imported (--skip-bad imports the others)",
        problem_lines(report.problems),
        report,
    )
