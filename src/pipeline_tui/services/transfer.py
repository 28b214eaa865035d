"""Import and export: CSV from any tracker or spreadsheet, and the lossless JSON dump.

An import reads the whole file first (nothing is written while a row is bad, unless skip_bad),
then writes everything in one transaction: a killed import leaves nothing behind. Every event
it adds shares one batch, so one `pipeline undo` takes the import back.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any, BinaryIO, NoReturn

from sqlmodel import Session

from pipeline_tui import clock
from pipeline_tui.domain.decoding import decode
from pipeline_tui.domain.import_report import (
    SAMPLES,
    ImportPreview,
    ImportReport,
    file_funnel,
    refusal,
)
from pipeline_tui.domain.import_rows import ParsedRows, read_table
from pipeline_tui.domain.import_sources import (
    Table,
    check_conflict_markers,
    csv_table,
    is_pipeline_dump,
    records_table,
)
from pipeline_tui.domain.importing import ImportOptions, IncomingApplication, IncomingEvent, Key
from pipeline_tui.domain.models import IMPORTED
from pipeline_tui.domain.stages import OPEN_STAGES, Stage, check_move
from pipeline_tui.domain.text import escape_controls
from pipeline_tui.errors import BadRows, NeedsForce, UserError
from pipeline_tui.store import applications as queries
from pipeline_tui.store.engine import Store

__all__ = [
    "BadRows",
    "ImportPreview",
    "ImportSource",
    "import_data",
    "preview_import",
    "read_source",
    "refusal",
]

# Bigger files are refused before they are read into memory.
MAX_IMPORT_BYTES = 256 * 1024 * 1024
Progress = Callable[[int, int], None]  # (done, total) applications written
_RANK = {stage: rank for rank, stage in enumerate(OPEN_STAGES)}


def read_import_file(path: Path) -> tuple[bytes, str]:
    """Return a file's bytes and the name to show; UserError when it cannot be read.

    At most one byte past MAX_IMPORT_BYTES is read, so a huge file costs no memory; the
    import then refuses it by its size.
    """
    try:
        with path.open("rb") as stream:
            if os.fstat(stream.fileno()).st_size > MAX_IMPORT_BYTES:
                return _too_big(str(path))
            return stream.read(MAX_IMPORT_BYTES + 1), str(path)
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a file") from None
    except OSError as error:
        raise UserError(f"cannot read {path}: {error.strerror}") from None


def _too_big(name: str) -> NoReturn:
    limit = MAX_IMPORT_BYTES // 2**20
    raise UserError(f"{name} is larger than {limit} MB, the most an import takes")


def read_import_stream(stream: BinaryIO) -> bytes:
    """Return what a stream (standard input) holds, reading at most one byte past the limit."""
    return stream.read(MAX_IMPORT_BYTES + 1)


def guess_format(name: str, text: str) -> str:
    """Return "json" for a .json name or text starting with { or [, else "csv"."""
    suffix = PurePath(name).suffix.casefold()
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    return "json" if text.lstrip()[:1] in ("{", "[") else "csv"


@dataclass(frozen=True, slots=True)
class ImportSource:
    """A file's bytes read once: its table (or the text of pipeline's own JSON export), its
    format and how its bytes were decoded. A preview and the import after it, or previews
    with other choices, share it instead of decoding the file again (an .xlsx workbook takes
    seconds to read); the sheet read is the one asked for when it was made."""

    name: str
    content: Table | str
    format: str
    encoding: str


def import_data(
    store: Store,
    data: bytes,
    name: str,
    *,
    format: str | None = None,
    options: ImportOptions | None = None,
    dry_run: bool = False,
    skip_bad: bool = False,
    on_progress: Progress | None = None,
    source: ImportSource | None = None,
) -> ImportReport:
    """Import a CSV, .xlsx or JSON file's bytes; with dry_run, only report what would happen.
    source: the file as read_source read it already (data, format and the sheet then unused).

    Raises UserError when the file cannot be imported as it is (no company column, a date
    column that contradicts itself), and BadRows (an ImportRefused, carrying the report) when
    rows cannot be imported and skip_bad is off; nothing is written then.
    """
    options = options or ImportOptions()
    source = source or read_source(data, name, format=format, sheet=options.sheet)
    return _import(
        store, source, options, dry_run=dry_run, skip_bad=skip_bad, on_progress=on_progress
    )


def preview_import(
    store: Store,
    data: bytes,
    name: str,
    *,
    format: str | None = None,
    options: ImportOptions | None = None,
    source: ImportSource | None = None,
) -> ImportReport:
    """Return what importing a file would do, for a dialog to show before anything is written.

    Never raises for what a user can fix by choosing (unknown statuses, bad rows, a missing
    company column, a contradicting date column): the report's `.preview` lists columns,
    statuses, sample rows, warnings and `blocking` reasons, its `.problems` the bad rows.
    UserError only for a file that cannot be read at all. Pipeline's own JSON export gives
    a report without a preview (it has nothing to choose). source: as for import_data.
    """
    options = options or ImportOptions()
    source = source or read_source(data, name, format=format, sheet=options.sheet)
    return _import(store, source, options, dry_run=True, preview=True)


def _import(
    store: Store,
    source: ImportSource,
    options: ImportOptions,
    *,
    dry_run: bool,
    skip_bad: bool = False,
    on_progress: Progress | None = None,
    preview: bool = False,
) -> ImportReport:
    """import_data, or with preview preview_import (what blocks the file is reported, not
    raised)."""
    if isinstance(source.content, str):
        return _import_json(
            store, source.content, source.name, source.encoding, dry_run, on_progress
        )
    parsed = read_table(source.content, options, today=clock.today())
    report = _report(parsed, source.name, source.format, source.encoding, dry_run)
    if parsed.blocking:
        if preview:
            return report
        raise _blocked(parsed.blocking)
    if dry_run:
        with store.read() as session:
            return _write_csv(session, parsed, report, write=False)
    if parsed.problems and not skip_bad:
        raise refusal(report)
    with store.write() as session:
        return _write_csv(session, parsed, report, write=True, on_progress=on_progress)


def read_source(
    data: bytes, name: str, *, format: str | None = None, sheet: str | None = None
) -> ImportSource:
    """Read a file's bytes as a table (its sheet of a workbook), or for pipeline's own JSON
    export keep its text; UserError when it cannot be read."""
    if len(data) > MAX_IMPORT_BYTES:
        _too_big(name)
    from pipeline_tui.domain.workbook import read_xlsx, spreadsheet_kind

    kind = format if format == "xlsx" else None
    if format != "json":
        kind = spreadsheet_kind(name, data) or kind
    if kind == "xlsx":
        return ImportSource(name, read_xlsx(data, name, sheet), "xlsx", "Office Open XML")
    decoded = decode(data, name)
    chosen = format or guess_format(name, decoded.text)
    if chosen != "json":
        return ImportSource(name, csv_table(decoded.text), "csv", decoded.how)
    check_conflict_markers(decoded.text)  # csv_table checks CSV text itself
    if _looks_like_dump(decoded.text):
        return ImportSource(name, decoded.text, "json", decoded.how)
    try:
        document = json.loads(decoded.text)
    except json.JSONDecodeError as error:
        raise UserError(
            f"{name} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    if is_pipeline_dump(document):
        return ImportSource(name, decoded.text, "json", decoded.how)
    return ImportSource(name, records_table(document), "json", decoded.how)


def _looks_like_dump(text: str) -> bool:
    """True when text starts as pipeline's own export does (its header, then "tables"), so
    that it is parsed once, by the dump reader."""
    head = text[:2000]
    return head.lstrip().startswith("{") and '"format"' in head and '"tables"' in head


def _blocked(reasons: list[str]) -> UserError:
    if len(reasons) == 1:
        return UserError(reasons[0])
    return BadRows("the file cannot be imported as it is", reasons)


def _report(parsed: ParsedRows, name: str, kind: str, encoding: str, dry_run: bool) -> ImportReport:
    used = tuple(
        (column.header, column.field + (" (guessed)" if column.how != "header" and
                                        column.how != "--map" else ""))
        for column in parsed.columns
        if column.field
    )  # fmt: skip
    preview = ImportPreview(
        columns=tuple(parsed.columns),
        statuses=tuple(parsed.statuses),
        samples=tuple(parsed.applications[:SAMPLES]),
        warnings=tuple(parsed.warnings),
        blocking=tuple(parsed.blocking),
        funnel=file_funnel(parsed.applications),
    )
    return ImportReport(
        name=name,
        format=kind,
        encoding=encoding,
        rows=parsed.rows,
        new=0,
        updated=0,
        unchanged=0,
        merged=sum(len(group) - 1 for group in parsed.merged),
        problems=tuple(parsed.problems),
        merged_lines=tuple(parsed.merged),
        skipped_lines=tuple(parsed.skipped),
        columns=used,
        ignored=tuple(column.header for column in parsed.columns if not column.field),
        delimiter=parsed.delimiter,
        dry_run=dry_run,
        unit=parsed.unit,
        sheet=parsed.sheet,
        preview=preview,
    )


def _write_csv(
    session: Session,
    parsed: ParsedRows,
    report: ImportReport,
    *,
    write: bool,
    on_progress: Progress | None = None,
) -> ImportReport:
    from pipeline_tui.store import transfer

    existing = transfer.existing_by_key(session)
    new: list[IncomingApplication] = []
    updates: list[tuple[int, tuple[IncomingEvent, ...]]] = []
    unchanged = 0
    # Applications of the file that share a key (told apart by their ids or links) each take
    # their own match, in order: re-importing such a file finds every one of them unchanged.
    used: Counter[Key] = Counter()
    for application, key in zip(parsed.applications, parsed.keys, strict=True):
        matches = existing.get(key, ())
        if used[key] >= len(matches):
            new.append(application)
            continue
        match = matches[used[key]]
        used[key] += 1
        extra = extension(match, application.events)
        if extra:
            updates.append((match.id, extra))
        else:
            unchanged += 1
    events = sum(len(item.events) for item in new) + sum(len(extra) for _, extra in updates)
    batch = None
    if write and (new or updates):
        now = clock.now()
        batch = queries.next_batch(session)
        total = len(new)
        progress = (lambda done: on_progress(done, total)) if on_progress else None
        transfer.load_applications(
            session, new, origin=IMPORTED, batch=batch, now=now, on_progress=progress
        )
        for application_id, extra in updates:
            transfer.append_events(
                session, application_id, extra, origin=IMPORTED, batch=batch, now=now
            )
    return replace(
        report, new=len(new), updated=len(updates), unchanged=unchanged, events=events, batch=batch
    )


def extension(existing: Any, events: Sequence[IncomingEvent]) -> tuple[IncomingEvent, ...]:
    """Return the file's events that move an existing application forward (never back, never
    out of a closing stage, no interview round it already has)."""
    current: Stage = existing.stage
    had_offer: bool = existing.had_offer
    rounds: int = existing.round or 0
    extra: list[IncomingEvent] = []
    for event in events:
        if event.stage in (Stage.SAVED, Stage.SUBMITTED) or current.is_closed:
            continue
        if event.stage.is_open:
            if _RANK[event.stage] < _RANK[current]:
                continue
            if event.stage is Stage.INTERVIEW and (event.round or 1) <= rounds:
                continue
            if event.stage is not Stage.INTERVIEW and event.stage is current:
                continue
        try:
            check_move(current, event.stage, had_offer=had_offer, force=False)
        except NeedsForce:
            continue
        extra.append(event)
        current = event.stage
        had_offer = had_offer or event.stage is Stage.OFFER
        rounds = max(rounds, event.round or 0)
    return tuple(extra)


def _import_json(
    store: Store,
    text: str,
    name: str,
    encoding: str,
    dry_run: bool,
    on_progress: Progress | None,
) -> ImportReport:
    from pipeline_tui.store.dump import read_dump
    from pipeline_tui.store.merge import apply_merge, plan_merge

    dump = read_dump(text)

    def report(plan: Any) -> ImportReport:
        others = (
            ("contacts", len(plan.new_contacts)),
            ("contact links", len(plan.links)),
            ("log entries", len(plan.interactions)),
            ("reminders", len(plan.reminders)),
            ("offer revisions", len(plan.new_offers)),
        )
        return ImportReport(
            name=name,
            format="json",
            encoding=encoding,
            rows=dump.count("application"),
            new=len(plan.new_applications),
            updated=len(plan.updated),
            unchanged=len(plan.unchanged),
            events=len(plan.new_events),
            others=tuple(item for item in others if item[1]),
            dry_run=dry_run,
        )

    if dry_run:
        with store.read() as session:
            return report(plan_merge(session, dump))
    with store.write() as session:
        plan = plan_merge(session, dump)
        total = len(plan.new_applications)
        progress = (lambda done: on_progress(done, total)) if on_progress else None
        batch = queries.next_batch(session)
        apply_merge(session, plan, batch=batch, now=clock.now(), on_progress=progress)
        # Into an empty database the events keep the file's own batches: no one batch to undo.
        kept = plan.new_events and not plan.preserve_ids
        return replace(report(plan), batch=batch if kept else None)


# Export


def export_csv(store: Store, *, events: bool = False, excel: bool = False) -> str:
    """Return every application as CSV (one row each, with the date each funnel level was
    reached), or with events one row per event; excel: CRLF line ends (the caller adds a BOM)."""
    import csv
    import io

    from pipeline_tui.domain.exporting import (
        APPLICATION_COLUMNS,
        EVENT_COLUMNS,
        application_row,
        event_row,
    )
    from pipeline_tui.domain.models import derive
    from pipeline_tui.store import transfer

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    writer.writerow(EVENT_COLUMNS if events else APPLICATION_COLUMNS)
    with store.read() as session:
        applications = {item.id: item for item in transfer.all_applications(session)}
        for application_id, history in transfer.events_by_application(session):
            application = applications.get(application_id)
            if application is None:
                continue
            if events:
                writer.writerows(event_row(application, event) for event in history)
            else:
                writer.writerow(application_row(application, history, derive(history).reason))
    return out.getvalue()


def export_json(store: Store, *, now: datetime | None = None) -> str:
    """Return every table as one JSON document that `import` reads back exactly.

    One row a line, rows by id; the only thing that changes between two exports of the same
    database is exported_at.
    """
    from pipeline_tui.store.dump import TABLES, header, table_rows

    lines = ["{"]
    for key, value in header(now or clock.now()).items():
        lines.append(f"{json.dumps(key)}: {json.dumps(value)},")
    lines.append('"tables": {')
    with store.read() as session:
        names = list(TABLES)
        for index, name in enumerate(names):
            rows = [
                escape_controls(json.dumps(row, ensure_ascii=False, separators=(", ", ": ")),
                                keep="")
                for row in table_rows(session, name)
            ]  # fmt: skip
            closing = "]" if index == len(names) - 1 else "],"
            lines.append(f"{json.dumps(name)}: [")
            lines.append(",\n".join(rows))
            lines.append(closing)
    lines.append("}}")
    return "\n".join(line for line in lines if line) + "\n"


def export_bytes(
    store: Store, file_format: str = "csv", *, events: bool = False, excel: bool = False
) -> bytes:
    """Return the bytes of an export file: JSON (UTF-8), or CSV (UTF-8; for Excel, CRLF line
    ends and a BOM so it opens as UTF-8). events and excel apply to CSV only."""
    if file_format == "json":
        return export_json(store).encode("utf-8")
    text = export_csv(store, events=events, excel=excel)
    return text.encode("utf-8-sig" if excel else "utf-8")
