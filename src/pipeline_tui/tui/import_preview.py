"""What the import dialog shows of a preview, and the choices it offers: how each column and
status is read, the sample rows, the summary with its funnel, and why Import is disabled.

No Textual: Rich `Text` built from an `ImportReport`, every piece of the file (headers,
values, names) as plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text

from pipeline_tui.domain.import_columns import BY_MAP, BY_VALUES, ColumnReading
from pipeline_tui.domain.import_meaning import StatusMeaning
from pipeline_tui.domain.import_plan import StatusReading
from pipeline_tui.domain.import_report import (
    ImportPreview,
    ImportReport,
    problem_lines,
    sample_text,
)
from pipeline_tui.domain.importing import FIELDS, MANY_COLUMNS
from pipeline_tui.domain.stages import Stage, stage_label
from pipeline_tui.domain.text import printable

# How many distinct statuses the dialog lists (a free-text column read as status has many).
STATUSES_SHOWN = 200
PROBLEMS_SHOWN = 8
# The choice that drops what the dialog chose: the file's own words decide again.
AUTOMATIC = "auto"
SKIP = "skip"
# Interview rounds the status picker offers besides "interview" (the first).
_ROUNDS = (2, 3, 4)


def _stage_choices() -> tuple[tuple[str, str, StatusMeaning | None], ...]:
    """Each choice a status can be given, as (id, label, meaning), in stage order with the
    interview rounds after the first; last, skip (meaning None)."""
    choices: list[tuple[str, str, StatusMeaning | None]] = []
    for stage in Stage:
        if stage is not Stage.INTERVIEW:
            choices.append((f"stage:{stage.value}", stage.value, StatusMeaning(stage)))
            continue
        choices.append(("stage:interview", "interview (round 1)", StatusMeaning(stage)))
        choices += [
            (f"stage:interview:{number}", f"interview {number}", StatusMeaning(stage, number))
            for number in _ROUNDS
        ]
    choices.append((SKIP, "skip: leave these rows out", None))
    return tuple(choices)


_STAGE_CHOICES = _stage_choices()
_MEANINGS: dict[str, StatusMeaning | None] = {key: meaning for key, _, meaning in _STAGE_CHOICES}
Choice = tuple[str, Text]


def column_key(columns: Sequence[ColumnReading], reading: ColumnReading) -> str:
    """Return how the dialog names a column in its choices (what --map COLUMN would say): its
    header when no other column has the same, else "column N"."""
    header = reading.header.strip().casefold()
    same = [item for item in columns if item.header.strip().casefold() == header]
    if len(same) == 1 and reading.header.strip():
        return reading.header
    return f"column {reading.index + 1}"


def column_rows(preview: ImportPreview) -> list[tuple[str, Text, Text, Text]]:
    """Return (row key, column, read as, how) for each column of the file."""
    rows = []
    for reading in preview.columns:
        target = Text(reading.field or "not imported", style="" if reading.field else "dim")
        if reading.how == BY_MAP:
            how = Text("chosen here", style="bold")
        elif reading.how == BY_VALUES:
            how = Text("a guess from its values", style="italic")
        else:
            how = Text("its header" if reading.field else "")
        if reading.note and reading.how != BY_MAP:
            how.append(f"{'; ' if how.plain else ''}{printable(reading.note)}", style="dim")
        rows.append((f"column:{reading.index}", Text(printable(reading.header)), target, how))
    return rows


def status_rows(preview: ImportPreview) -> list[tuple[str, Text, Text, Text]]:
    """Return (row key, status, rows, stage) for each distinct status, most rows first."""
    rows = []
    for number, item in enumerate(preview.statuses[:STATUSES_SHOWN]):
        count = Text(f"{item.count:,}", justify="right")
        rows.append((f"status:{number}", Text(printable(item.value)), count, becomes(item)))
    return rows


def becomes(item: StatusReading) -> Text:
    """Return what a status becomes, as the dialog says it."""
    if item.how == "unknown":
        text = Text("? unknown", style="bold red")
        if item.suggestion:
            text.append(f" (maybe {item.suggestion}?)", style="red")
        return text
    if item.how == "skip":
        return Text("skipped (chosen here)", style="bold")
    if item.how == "archived":
        return Text("archived, at the stage the applied column gives")
    if item.how == "expired":
        return Text("ghosted when it was sent, else saved and archived")
    label = stage_label(item.stage, item.round) if item.stage else "?"
    if item.via is not None:
        label += f", after {item.via}"
    if item.how == "--status":
        return Text(f"{label} (chosen here)", style="bold")
    return Text(label)


def more_statuses(preview: ImportPreview) -> str:
    """Return "and 12 more statuses" when the list is cut, else ""."""
    more = len(preview.statuses) - STATUSES_SHOWN
    return f"… and {more:,} more statuses" if more > 0 else ""


def samples_text(report: ImportReport) -> Text:
    """Return the first rows as they will be stored, one a line."""
    preview = report.preview
    if preview is None or not preview.samples:
        return Text("")
    text = Text(f"First {len(preview.samples)} as they will be stored:", style="bold")
    for sample in preview.samples:
        text.append(f"\n  {sample_text(sample, report.unit)}")
    return text


def summary_text(report: ImportReport) -> Text:
    """Return what importing would do (counts, merged rows, the file's funnel, notes), or for
    a file that cannot be imported as it is, how it was read."""
    preview = report.preview
    if preview is not None and preview.blocking:
        sheet = f", sheet {printable(report.sheet)!r}" if report.sheet else ""
        unit = f"{report.unit}{'s' if report.rows != 1 else ''}"
        if report.unit == "line":
            unit = f"row{'s' if report.rows != 1 else ''}"
        return Text(f"Read {printable(report.name)}{sheet}: {report.rows:,} {unit}")
    return Text("\n".join(report.lines(columns=False)))


def problems_text(report: ImportReport, *, skip_bad: bool) -> Text:
    """Return what stops the import (blocking reasons), then the bad rows, grouped."""
    text = Text()
    preview = report.preview
    for reason in preview.blocking if preview is not None else ():
        if text:
            text.append("\n")
        text.append("Blocking: ", style="bold red")
        text.append(printable(reason), style="red")
    if report.problems:
        if text:
            text.append("\n")
        bad = report.bad
        word = "skipped" if skip_bad else "nothing is imported while a row is bad"
        text.append(f"{bad:,} bad row{'s' if bad != 1 else ''} ({word}):", style="bold")
        for line in problem_lines(report.problems, limit=PROBLEMS_SHOWN):
            text.append(f"\n  {printable(line)}")
    return text


def disabled_reason(report: ImportReport, *, skip_bad: bool) -> str | None:
    """Return why Import cannot run on this preview, or None when it can."""
    preview = report.preview
    if preview is not None and preview.blocking:
        return f"Import is disabled: {blocking_fix(preview)}"
    if report.problems and not skip_bad:
        unknown = preview.unknown_statuses if preview is not None else ()
        bad = report.bad
        rows = f"{bad:,} row{'s' if bad != 1 else ''}"
        if unknown:
            names = ", ".join(repr(printable(item.value)) for item in unknown[:3])
            more = f" and {len(unknown) - 3:,} more" if len(unknown) > 3 else ""
            return (
                f"Import is disabled: {rows} cannot be imported; give {names}{more} a stage "
                "(enter on it in Statuses), or tick Skip bad rows"
            )
        return f"Import is disabled: {rows} cannot be imported; tick Skip bad rows, or fix the file"
    if not (report.new or report.updated):
        return "Nothing to import: every row is already recorded"
    return None


def blocking_fix(preview: ImportPreview) -> str:
    """Return what to do in the dialog about the first thing that blocks the import."""
    fields = {reading.field for reading in preview.columns}
    if "company" not in fields:
        return "no column is read as the company; enter on the one that is and choose company"
    if not {"applied_on", "applied", "status"} & fields:
        return (
            "no column gives the date applied or a status; enter on the one that does and "
            "choose applied_on or status"
        )
    return "a date column reads both day first and month first; choose the order under Dates"


def field_choices(reading: ColumnReading, chosen: bool) -> list[Choice]:
    """Return the fields a column can be read as; first, when the dialog chose one, the way
    back to what its header says."""
    choices: list[Choice] = []
    if chosen:
        choices.append((AUTOMATIC, Text("as its header or values say", style="italic")))
    for name, meaning in FIELDS.items():
        label = Text(name, style="bold" if name == (reading.field or "ignore") else "")
        label.append(f"  {meaning}", style="dim")
        choices.append((name, label))
    return choices


def stage_choices(chosen: bool) -> list[Choice]:
    """Return the stages a status can be given (and skip); first, when the dialog chose one,
    the way back to what its words say."""
    choices: list[Choice] = []
    if chosen:
        choices.append((AUTOMATIC, Text("as its words say", style="italic")))
    choices += [(key, Text(label)) for key, label, _ in _STAGE_CHOICES]
    return choices


def current_stage_choice(item: StatusReading) -> str | None:
    """Return the choice that matches what a status reads as now (None: none does)."""
    if item.how == "skip":
        return SKIP
    if item.stage is Stage.INTERVIEW and item.round and item.round > 1:
        return f"stage:interview:{item.round}"
    return f"stage:{item.stage.value}" if item.stage is not None else None


def choose_column(
    mapping: Mapping[str, str], columns: Sequence[ColumnReading], key: str, choice: str
) -> dict[str, str]:
    """Return the mapping with column key read as choice (a field, ignore, or AUTOMATIC to
    drop the choice); a field most columns cannot share leaves the column that had it."""
    chosen = {column: name for column, name in mapping.items() if column != key}
    if choice == AUTOMATIC:
        return chosen
    if choice not in MANY_COLUMNS:
        chosen = {column: name for column, name in chosen.items() if name != choice}
    chosen[key] = choice
    known = {column_key(columns, reading) for reading in columns}
    return {column: name for column, name in chosen.items() if column in known}


def choose_status(
    statuses: Mapping[str, StatusMeaning | None], item: StatusReading, choice: str
) -> dict[str, StatusMeaning | None]:
    """Return the status choices with item's value given choice (AUTOMATIC drops it)."""
    chosen = {key: meaning for key, meaning in statuses.items() if key != item.key}
    if choice != AUTOMATIC:
        chosen[item.key] = _MEANINGS[choice]
    return chosen
