"""Import and export from the UI: a file path, the dry-run summary first, then the write."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from pipeline_tui import clock
from pipeline_tui.domain.import_report import ImportReport, problem_lines
from pipeline_tui.domain.importing import ImportOptions
from pipeline_tui.errors import BadRows, UserError
from pipeline_tui.tui.messages import ApplicationWritten
from pipeline_tui.tui.screens.write_modal import WriteModal, dialog_box, field_row
from pipeline_tui.tui.writes import import_file, import_written, safe_message

_PROBLEMS_SHOWN = 8


def _read(text: str) -> tuple[bytes, str]:
    """Return the bytes of the file typed and its name; UserError when it cannot be read."""
    if not text.strip():
        raise UserError("type the path of a CSV or JSON file")
    from pipeline_tui.services.transfer import read_import_file

    return read_import_file(Path(text.strip()).expanduser())


def summary_text(report: ImportReport, *, skip_bad: bool) -> Text:
    """Return the dry run's summary as the dialog shows it (user text escaped)."""
    text = Text("\n".join(report.lines()))
    if report.problems:
        word = "skipped" if skip_bad else "refused: nothing is imported while a row is bad"
        text.append(f"\n{report.bad:,} bad row{'s' if report.bad != 1 else ''} ({word}):", "bold")
        for line in problem_lines(report.problems, limit=_PROBLEMS_SHOWN):
            text.append(f"\n  {safe_message(Exception(line))}")
    return text


class ImportModal(WriteModal):
    """Path, then Check (a dry run shows what would happen), then Import (one transaction)."""

    class _Checked(Message):
        def __init__(self, report: ImportReport, data: bytes, name: str) -> None:
            super().__init__()
            self.report = report
            self.data = data
            self.name = name

    class _Progress(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class _Imported(Message):
        def __init__(self, report: ImportReport) -> None:
            super().__init__()
            self.report = report

    class _Refused(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.checked: tuple[str, bool, bytes, str] | None = None  # path, skip_bad, data, name

    def compose(self) -> ComposeResult:
        with dialog_box("import-dialog"):
            yield Label("Import applications (CSV or JSON)", classes="dialog-title")
            yield from field_row("File", Input(id="path", compact=True), "path")
            yield Checkbox("Skip bad rows (import the others)", id="skip_bad", compact=True)
            yield Static(
                "Check shows what would be imported; nothing is written until Import.",
                id="import-summary",
                classes="field-note",
            )
            yield ProgressBar(id="import-progress", show_eta=False)
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#save", Button).label = "Check"
        self.query_one("#import-progress", ProgressBar).display = False
        self.query_one("#path", Input).focus()

    def _wanted(self) -> tuple[str, bool]:
        return self.query_one("#path", Input).value, self.query_one("#skip_bad", Checkbox).value

    @on(Input.Changed, "#path")
    @on(Checkbox.Changed, "#skip_bad")
    def _changed(self) -> None:
        if self.checked is not None:
            self.checked = None
            self.query_one("#save", Button).label = "Check"

    def action_save(self) -> None:
        self._clear_errors()
        path, skip_bad = self._wanted()
        self.query_one("#save", Button).disabled = True
        if self.checked is not None and self.checked[:2] == (path, skip_bad):
            _, _, data, name = self.checked
            bar = self.query_one("#import-progress", ProgressBar)
            bar.display = True
            bar.update(total=None, progress=0)
            self._import(data, name, skip_bad)
        else:
            self._check(path, skip_bad)

    def _options(self) -> ImportOptions:
        return ImportOptions(dayfirst=self.pipeline.settings.dayfirst)

    @work(thread=True, exclusive=True)
    def _check(self, path: str, skip_bad: bool) -> None:
        from pipeline_tui.services.transfer import import_data

        try:
            data, name = _read(path)
            report = import_data(
                self.pipeline.store, data, name, options=self._options(), dry_run=True
            )
        except UserError as error:
            self.post_message(self._Failed(safe_message(error), "path"))
            return
        self.post_message(self._Checked(report, data, name))

    @on(_Checked)
    def _show_check(self, message: _Checked) -> None:
        path, skip_bad = self._wanted()
        report = message.report
        self.query_one("#import-summary", Static).update(summary_text(report, skip_bad=skip_bad))
        save = self.query_one("#save", Button)
        save.disabled = False
        if report.problems and not skip_bad:
            self.show_error(None, "Tick 'Skip bad rows' to import the others, or fix the file.")
            return
        if not (report.new or report.updated):
            self.show_error(None, "Nothing to import: every row is already recorded.")
            return
        self.checked = (path, skip_bad, message.data, message.name)
        save.label = "Import"
        save.focus()

    @work(thread=True, exclusive=True)
    def _import(self, data: bytes, name: str, skip_bad: bool) -> None:
        from pipeline_tui.services.transfer import import_data

        def progress(done: int, total: int) -> None:
            self.post_message(self._Progress(done, total))

        try:
            report = import_data(
                self.pipeline.store,
                data,
                name,
                options=self._options(),
                skip_bad=skip_bad,
                on_progress=progress,
            )
        except BadRows as error:
            self.post_message(self._Refused(safe_message(error)))
            return
        except UserError as error:
            self.post_message(self._Failed(safe_message(error), None))
            return
        self.post_message(self._Imported(report))

    @on(_Progress)
    def _progress(self, message: _Progress) -> None:
        self.query_one("#import-progress", ProgressBar).update(
            total=max(message.total, 1), progress=message.done
        )

    @on(_Refused)
    def _refused(self, message: _Refused) -> None:
        self.checked = None
        self.query_one("#import-progress", ProgressBar).display = False
        self.query_one("#save", Button).label = "Check"
        self.query_one("#save", Button).disabled = False
        self.show_error(None, message.text)

    @on(_Imported)
    def _imported(self, message: _Imported) -> None:
        path, skip_bad = self._wanted()
        again = partial(
            import_file,
            path=Path(path.strip()).expanduser(),
            options=self._options(),
            skip_bad=skip_bad,
        )
        # Recorded as this session's change (u takes it back); the board reloads once.
        self.pipeline.report_written(import_written(message.report, again), ApplicationWritten)
        self.dismiss(None)


EXPORT_FORMATS = (
    ("CSV: one row per application", "csv"),
    ("CSV for Excel (UTF-8 with BOM)", "excel"),
    ("CSV: one row per event", "events"),
    ("JSON: everything, re-importable", "json"),
)


class ExportModal(WriteModal):
    """A format and a file path; the file is written readable by you only."""

    class _Exported(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

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
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#save", Button).label = "Export"
        self.query_one("#path", Input).focus()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        box = self.query_one("#path", Input)
        suffix = ".json" if event.value == "json" else ".csv"
        path = Path(box.value)
        if path.suffix in (".csv", ".json"):
            box.value = str(path.with_suffix(suffix))

    def action_save(self) -> None:
        self._clear_errors()
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self.show_error("path", "type where to write the file")
            return
        self.query_one("#save", Button).disabled = True
        self._export(str(self.query_one("#format", Select).value), path)

    @work(thread=True, exclusive=True)
    def _export(self, kind: str, path_text: str) -> None:
        from pipeline_tui.paths import write_private
        from pipeline_tui.services.transfer import export_csv, export_json

        path = Path(path_text).expanduser()
        try:
            if kind == "json":
                data = export_json(self.pipeline.store).encode("utf-8")
            else:
                text = export_csv(
                    self.pipeline.store, events=kind == "events", excel=kind == "excel"
                )
                data = text.encode("utf-8-sig" if kind == "excel" else "utf-8")
            write_private(path, data)
        except UserError as error:
            self.post_message(self._Failed(safe_message(error), None))
            return
        except OSError as error:
            message = f"cannot write {path}: {error.strerror or error}"
            self.post_message(self._Failed(safe_message(Exception(message)), "path"))
            return
        self.post_message(self._Exported(f"Exported to {path} ({len(data):,} bytes)"))

    @on(_Exported)
    def _exported(self, message: _Exported) -> None:
        self.pipeline.notify(safe_message(Exception(message.text)), markup=False)
        self.dismiss(None)
