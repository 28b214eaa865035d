"""Import and export: CSV from any tracker or spreadsheet, and the lossless JSON dump.

An import reads the whole file first (nothing is written while a row is bad, unless skip_bad),
then writes everything in one transaction: a killed import leaves nothing behind. Every event
it adds shares one batch, so one `pipeline undo` takes the import back.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any, BinaryIO, NoReturn

from sqlmodel import Session

from pipeline_tui import clock
from pipeline_tui.domain.decoding import decode
from pipeline_tui.domain.importing import (
    ImportOptions,
    ImportReport,
    IncomingApplication,
    IncomingEvent,
    ParsedRows,
    read_csv,
)
from pipeline_tui.domain.models import IMPORTED
from pipeline_tui.domain.stages import OPEN_STAGES, Stage, check_move
from pipeline_tui.domain.text import escape_controls
from pipeline_tui.errors import BadRows, NeedsForce, UserError
from pipeline_tui.store import applications as queries
from pipeline_tui.store.engine import Store

# Bigger files are refused before they are read into memory.
MAX_IMPORT_BYTES = 256 * 1024 * 1024
Progress = Callable[[int, int], None]  # (done, total) applications written
_RANK = {stage: rank for rank, stage in enumerate(OPEN_STAGES)}
_PROBLEMS_SHOWN = 50


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
    """Return "json" for a .json name or text starting with {, else "csv"."""
    suffix = PurePath(name).suffix.casefold()
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    return "json" if text.lstrip().startswith("{") else "csv"


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
) -> ImportReport:
    """Import a CSV or JSON file's bytes; with dry_run, only report what would happen.

    Raises BadRows when rows cannot be imported and skip_bad is off (nothing is written).
    """
    if len(data) > MAX_IMPORT_BYTES:
        _too_big(name)
    decoded = decode(data, name)
    chosen = format or guess_format(name, decoded.text)
    if chosen == "json":
        return _import_json(store, decoded.text, name, decoded.how, dry_run, on_progress)
    parsed = read_csv(decoded.text, options or ImportOptions(), today=clock.today())
    report = ImportReport(
        name=name,
        format="csv",
        encoding=decoded.how,
        rows=parsed.rows,
        new=0,
        updated=0,
        unchanged=0,
        duplicates=len(parsed.duplicates),
        problems=tuple(parsed.problems),
        duplicate_lines=tuple(parsed.duplicates),
        columns=tuple(parsed.columns.items()),
        ignored=tuple(parsed.ignored),
        delimiter=parsed.delimiter,
        dry_run=dry_run,
    )
    if dry_run:
        with store.read() as session:
            return _write_csv(session, parsed, report, write=False)
    if parsed.problems and not skip_bad:
        raise refusal(report)
    with store.write() as session:
        return _write_csv(session, parsed, report, write=True, on_progress=on_progress)


def refusal(report: ImportReport) -> BadRows:
    """The error for a file with bad rows: how many, then each with its line."""
    bad = report.bad
    lines = [str(problem) for problem in report.problems[:_PROBLEMS_SHOWN]]
    if bad > _PROBLEMS_SHOWN:
        lines.append(f"... and {bad - _PROBLEMS_SHOWN:,} more")
    return BadRows(
        f"{bad:,} row{'s' if bad != 1 else ''} of {report.name} cannot be imported, so nothing "
        "was imported (--skip-bad imports the others)",
        lines,
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
    for application, key in zip(parsed.applications, parsed.keys, strict=True):
        matches = existing.get(key)
        if not matches:
            new.append(application)
            continue
        extra = extension(matches[0], application.events)
        if extra:
            updates.append((matches[0].id, extra))
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
            duplicates=0,
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
        return replace(report(plan), batch=batch if plan.new_events else None)


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
