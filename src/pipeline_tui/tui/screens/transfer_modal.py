"""Import and export from the UI: a file path, then a preview of how the file is read, with
every column's and status's reading open to change, then the write."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Input, Label, ProgressBar, Select, Static

from pipeline_tui import clock
from pipeline_tui.domain.dates import parse_date
from pipeline_tui.domain.import_meaning import StatusMeaning
from pipeline_tui.domain.import_report import ImportReport
from pipeline_tui.domain.importing import ImportOptions
from pipeline_tui.domain.text import printable
from pipeline_tui.errors import DateError, UserError
from pipeline_tui.services.database import Database
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.import_preview import (
    choose_column,
    choose_status,
    column_key,
    column_rows,
    current_stage_choice,
    disabled_reason,
    field_choices,
    more_statuses,
    problems_text,
    samples_text,
    stage_choices,
    status_rows,
    summary_text,
)
from pipeline_tui.tui.reads import run_read
from pipeline_tui.tui.runner import run_write
from pipeline_tui.tui.screens.choice_modal import ChoiceModal
from pipeline_tui.tui.screens.dialog_modal import DialogModal, dialog_box, field_row
from pipeline_tui.tui.writes import Written, export_file, import_data, safe_message

if TYPE_CHECKING:
    from pipeline_tui.services.transfer import ImportSource

# How the dialog's date-order choice maps to ImportOptions.order (--dayfirst / --monthfirst).
ORDERS = (("each column's dates decide", "auto"), ("day first", "day"), ("month first", "month"))
_ORDER_VALUES: dict[str, bool | None] = {"auto": None, "day": True, "month": False}


def _read(text: str) -> tuple[bytes, str]:
    """Return the bytes of the file typed and its name; UserError when it cannot be read."""
    if not text.strip():
        raise UserError("type the path of a CSV, .xlsx or JSON file")
    from pipeline_tui.services.transfer import read_import_file

    return read_import_file(Path(text.strip()).expanduser())


@dataclass(frozen=True, slots=True)
class Previewed:
    """A file read for the dialog: its path as typed, bytes and name, the choices it was
    previewed with, the report (what importing it would do), and the file as read (its
    table), which the next preview and the import reuse."""

    path: str
    data: bytes
    name: str
    options: ImportOptions
    report: ImportReport
    source: ImportSource


def preview_file(
    store: Database, *, path: str, options: ImportOptions, read: Previewed | None = None
) -> Previewed:
    """Read the file at path (or reuse what read read of it, for the same path: its bytes,
    and its table too for the same sheet) and preview importing it with options; runs in a
    worker."""
    from pipeline_tui.services.transfer import preview_import, read_source

    source = None
    if read is not None and read.path == path:
        data, name = read.data, read.name
        if read.options.sheet == options.sheet:
            source = read.source
    else:
        data, name = _read(path)
    source = source or read_source(data, name, sheet=options.sheet)
    report = preview_import(store, data, name, options=options, source=source)
    return Previewed(path, data, name, options, report, source)


class ImportModal(DialogModal[None]):
    """Path, then Preview: how each column and status is read, sample rows, warnings and the
    funnel, with every reading open to change; Import writes it in one transaction."""

    class _Progress(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    def __init__(self) -> None:
        super().__init__()
        self.previewed: Previewed | None = None  # the last preview shown
        self.mapping: dict[str, str] = {}  # column -> field, as --map
        self.statuses: dict[str, StatusMeaning | None] = {}  # status key -> stage, as --status
        self.busy = False  # a preview or the import is running

    def compose(self) -> ComposeResult:
        with dialog_box("import-dialog"):
            yield Label("Import applications (CSV, .xlsx or JSON)", classes="dialog-title")
            yield from field_row("File", Input(id="path", compact=True), "path")
            with Horizontal(classes="field-row", id="import-options"):
                yield Label("Sheet", classes="field-label")
                yield Input(placeholder="the first", id="sheet", compact=True)
                yield Label("Year", classes="import-option-label")
                yield Input(placeholder="any", id="year", type="integer", compact=True)
                yield Label("Dates", classes="import-option-label")
                yield Select(ORDERS, value="auto", allow_blank=False, id="order", compact=True)
            for field in ("sheet", "year"):
                yield Static("", id=f"{field}-error", classes="field-error", markup=False)
            yield from field_row(
                "Default date",
                Input(placeholder="date applied of sent rows that give none", id="default_date",
                      compact=True),
                "default_date",
            )  # fmt: skip
            yield Checkbox("Skip bad rows (import the others)", id="skip_bad", compact=True)
            yield Static(
                "Preview shows how the file is read; nothing is written until Import.",
                id="import-summary",
                classes="field-note",
            )
            yield Static("", id="import-problems", markup=False)
            yield Label(
                "Columns (enter on one: read it as another field)",
                id="columns-title",
                classes="import-section",
            )
            yield DataTable(id="import-columns", cursor_type="row", zebra_stripes=True)
            yield Label(
                "Statuses (enter on one: give it another stage)",
                id="statuses-title",
                classes="import-section",
            )
            yield DataTable(id="import-statuses", cursor_type="row", zebra_stripes=True)
            yield Static("", id="statuses-more", classes="field-note", markup=False)
            yield Static("", id="import-samples", markup=False)
            yield ProgressBar(id="import-progress", show_eta=False)
            yield from self.buttons("Preview")

    def on_mount(self) -> None:
        self.query_one("#import-columns", DataTable).add_columns("Column", "Read as", "How")
        self.query_one("#import-statuses", DataTable).add_columns("Status", "Rows", "Becomes")
        self.query_one("#import-progress", ProgressBar).display = False
        self._show_sections(False)
        self.query_one("#path", Input).focus()

    def _show_sections(self, shown: bool) -> None:
        sections = ("#columns-title", "#import-columns", "#statuses-title", "#import-statuses")
        for selector in sections:
            self.query_one(selector).display = shown
        if not shown:
            for selector in ("#statuses-more", "#import-samples", "#import-problems"):
                self._show_text(selector, Text())

    def _show_text(self, selector: str, text: Text) -> None:
        """Show text in one of the preview's lines, hidden while it has none."""
        widget = self.query_one(selector, Static)
        widget.update(text)
        widget.display = bool(text)

    # What the user asked for

    def _wanted(self, *, say: bool = False) -> tuple[str, ImportOptions] | None:
        """The path and the choices as the fields hold them now; None when one cannot be
        read (with say, its error shows under it)."""
        year_text = self.query_one("#year", Input).value.strip()
        year = int(year_text) if year_text.lstrip("-").isdigit() else None
        if year_text and (year is None or not 1970 <= year <= 2100):
            if say:
                self.show_error("year", "a year from 1970 to 2100, or nothing")
            return None
        default_date = None
        settings = pipeline_app(self).settings
        if text := self.query_one("#default_date", Input).value.strip():
            try:
                default_date = parse_date(text, today=clock.today(), dayfirst=settings.dayfirst)
            except DateError as error:
                if say:
                    self.show_error("default_date", safe_message(error))
                return None
        order = str(self.query_one("#order", Select).value)
        options = ImportOptions(
            mapping=dict(self.mapping),
            statuses=dict(self.statuses),
            dayfirst=settings.dayfirst,
            order=_ORDER_VALUES.get(order),
            year=year,
            default_date=default_date,
            sheet=self.query_one("#sheet", Input).value.strip() or None,
        )
        return self.query_one("#path", Input).value, options

    def _fresh(self) -> Previewed | None:
        """The preview shown, when it was made from what the fields hold now."""
        wanted = self._wanted()
        previewed = self.previewed
        if previewed is None or wanted is None or (previewed.path, previewed.options) != wanted:
            return None
        return previewed

    @property
    def skip_bad(self) -> bool:
        return self.query_one("#skip_bad", Checkbox).value

    @on(Input.Changed, "#path")
    def _path_changed(self) -> None:
        # Another file: the choices made for this one's columns and statuses go.
        path = self.query_one("#path", Input).value
        if self.previewed is not None and path != self.previewed.path:
            self.mapping, self.statuses = {}, {}
        self._update_button()

    @on(Input.Changed, "#sheet")
    def _sheet_changed(self) -> None:
        self.mapping = {}  # another sheet has other columns
        self._update_button()

    @on(Input.Changed, "#year")
    @on(Input.Changed, "#default_date")
    def _option_changed(self) -> None:
        self._update_button()

    @on(Select.Changed, "#order")
    def _order_changed(self) -> None:
        if self.previewed is not None and not self.busy:
            self._preview()
        else:
            self._update_button()

    @on(Checkbox.Changed, "#skip_bad")
    def _skip_changed(self) -> None:
        if self.previewed is not None:
            problems = problems_text(self.previewed.report, skip_bad=self.skip_bad)
            self._show_text("#import-problems", problems)
        self._update_button()

    def _update_button(self) -> None:
        """Preview while the preview shown is not of what the fields hold; else Import,
        disabled (saying why above it) while the file cannot be imported as previewed."""
        button = self.submit_button
        error = self.query_one("#form-error", Static)
        fresh = self._fresh()
        reason = None
        if fresh is None:
            button.label = "Preview"
            button.disabled = self.busy
        else:
            reason = disabled_reason(fresh.report, skip_bad=self.skip_bad)
            button.label = "Import"
            button.disabled = self.busy or reason is not None
        button.tooltip = Text(reason) if reason else None
        error.update(Text(f"✗ {reason}") if reason else "")
        error.set_class(reason is not None, "-shown")

    def submit(self) -> None:
        if self.busy:
            return
        self.clear_errors()
        fresh = self._fresh()
        if fresh is None:
            self._preview(say=True)
            return
        reason = disabled_reason(fresh.report, skip_bad=self.skip_bad)
        if reason is not None:
            self._update_button()
            return
        self._import(fresh)

    # Preview

    def _preview(self, *, say: bool = False) -> None:
        wanted = self._wanted(say=say)
        if wanted is None:
            self._update_button()
            return
        path, options = wanted
        self.busy = True
        self.submit_button.disabled = True
        shown = path.strip() or "the file"
        self.query_one("#import-summary", Static).update(
            Text(f"Reading {printable(shown)}…", style="italic")
        )
        read = partial(preview_file, path=path, options=options, read=self.previewed)
        run_read(
            self, read, self._show_preview, group="import-preview",
            refused=self._unreadable, unreadable=self._unreadable,
        )  # fmt: skip

    def _unreadable(self, error: UserError) -> None:
        """The file (or the database) could not be read: say why under the path."""
        self.busy = False
        self.previewed = None
        self._show_sections(False)
        self.query_one("#import-summary", Static).update("")
        self._update_button()
        self.show_error("path", safe_message(error))

    def _show_preview(self, previewed: Previewed) -> None:
        first = self.previewed is None or self.previewed.path != previewed.path
        self.busy = False
        self.previewed = previewed
        report = previewed.report
        preview = report.preview
        self.query_one("#import-summary", Static).update(summary_text(report))
        self._show_sections(preview is not None)
        if preview is not None:
            self._fill("#import-columns", column_rows(preview))
            self._fill("#import-statuses", status_rows(preview))
            self.query_one("#statuses-title").display = bool(preview.statuses)
            self.query_one("#import-statuses").display = bool(preview.statuses)
            self._show_text("#statuses-more", Text(more_statuses(preview)))
            self._show_text("#import-samples", samples_text(report))
        self._show_text("#import-problems", problems_text(report, skip_bad=self.skip_bad))
        self._update_button()
        if first:
            self._focus_next_step(previewed)

    def _fill(self, selector: str, rows: list[tuple[str, Text, Text, Text]]) -> None:
        table = self.query_one(selector, DataTable)
        row = table.cursor_row
        table.clear()
        for key, *cells in rows:
            table.add_row(*cells, key=key)
        if rows:
            table.move_cursor(row=min(row, len(rows) - 1), animate=False)

    def _focus_next_step(self, previewed: Previewed) -> None:
        """After the first preview of a file: Import when it can run, else what to change."""
        preview = previewed.report.preview
        target: Widget | None = None
        if not self.submit_button.disabled:
            target = self.submit_button
        elif preview is not None and preview.blocking:
            target = self.query_one("#import-columns")
        elif preview is not None and preview.unknown_statuses:
            table = self.query_one("#import-statuses", DataTable)
            unknown = preview.statuses.index(preview.unknown_statuses[0])
            if unknown < table.row_count:
                table.move_cursor(row=unknown, animate=False)
            target = table
        if target is not None:
            target.focus()
            # Once the tables are laid out with their rows, bring it into view.
            self.call_after_refresh(target.scroll_visible, animate=False)

    # Changing how a column or status is read

    @on(DataTable.RowSelected, "#import-columns")
    def _column_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        preview = self.previewed.report.preview if self.previewed else None
        if preview is None or self.busy:
            return
        index = int(str(event.row_key.value).removeprefix("column:"))
        reading = next(item for item in preview.columns if item.index == index)
        key = column_key(preview.columns, reading)
        title = Text("Read the column ")
        title.append(printable(reading.header), style="bold")
        title.append(" as")
        choices = field_choices(reading, chosen=key in self.mapping)

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            self.mapping = choose_column(self.mapping, preview.columns, key, choice)
            self._preview()

        self.app.push_screen(ChoiceModal(title, choices, reading.field or "ignore"), chosen)

    @on(DataTable.RowSelected, "#import-statuses")
    def _status_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        preview = self.previewed.report.preview if self.previewed else None
        if preview is None or self.busy:
            return
        item = preview.statuses[int(str(event.row_key.value).removeprefix("status:"))]
        title = Text("Give the status ")
        title.append(printable(item.value), style="bold")
        title.append(f" ({item.count:,} row{'s' if item.count != 1 else ''}) the stage")
        choices = stage_choices(chosen=item.key in self.statuses)

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            self.statuses = choose_status(self.statuses, item, choice)
            self._preview()

        self.app.push_screen(ChoiceModal(title, choices, current_stage_choice(item)), chosen)

    # Import

    def _import(self, previewed: Previewed) -> None:
        self.busy = True
        self.submit_button.disabled = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)

        def progress(done: int, total: int) -> None:
            self.post_message(self._Progress(done, total))

        write = partial(
            import_data,
            data=previewed.data,
            name=previewed.name,
            path=Path(previewed.path.strip()).expanduser(),
            options=previewed.options,
            skip_bad=self.skip_bad,
            on_progress=progress,
            source=previewed.source,
        )
        run_write(self, write, written=self._imported, refused=self._import_refused)

    @on(_Progress)
    def _progress(self, message: _Progress) -> None:
        self.query_one("#import-progress", ProgressBar).update(
            total=max(message.total, 1), progress=message.done
        )

    def _import_refused(self, error: UserError) -> None:
        self.busy = False
        self.previewed = None  # the database changed meanwhile, say: preview again
        self.query_one("#import-progress", ProgressBar).display = False
        self._update_button()
        self.show_error(None, safe_message(error))

    def _imported(self, written: Written) -> None:
        # Recorded as this session's change (u takes it back); the board reloads once.
        pipeline_app(self).report_written(written)
        self.dismiss(None)


EXPORT_FORMATS = (
    ("CSV: one row per application", "csv"),
    ("CSV for Excel (UTF-8 with BOM)", "excel"),
    ("CSV: one row per event", "events"),
    ("JSON: everything, re-importable", "json"),
)


class ExportModal(DialogModal[None]):
    """A format and a file path; the file is written readable by you only."""

    def compose(self) -> ComposeResult:
        default = f"~/pipeline-export-{clock.today().isoformat()}.csv"
        with dialog_box("export-dialog"):
            yield Label("Export applications", classes="dialog-title")
            yield from field_row(
                "Format",
                Select(EXPORT_FORMATS, value="csv", allow_blank=False, id="format", compact=True),
                "format",
            )
            yield from field_row("File", Input(default, id="path", compact=True), "path")
            yield from self.buttons("Export")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        box = self.query_one("#path", Input)
        suffix = ".json" if event.value == "json" else ".csv"
        path = Path(box.value)
        if path.suffix in (".csv", ".json"):
            box.value = str(path.with_suffix(suffix))

    def submit(self) -> None:
        self.clear_errors()
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self.show_error("path", "type where to write the file")
            return
        self.submit_button.disabled = True
        kind = str(self.query_one("#format", Select).value)
        write = partial(export_file, kind=kind, path=Path(path).expanduser())
        run_write(self, write, written=self._exported, refused=self.show_refusal)

    def _exported(self, written: Written) -> None:
        pipeline_app(self).notify(safe_message(Exception(written.text)), markup=False)
        self.dismiss(None)
