"""Import and export from the UI: a file path, the dry-run summary first, then the write."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, ProgressBar, Select, Static

from pipeline_tui import clock
from pipeline_tui.domain.import_report import ImportReport, problem_lines
from pipeline_tui.domain.importing import ImportOptions
from pipeline_tui.errors import BadRows, UserError
from pipeline_tui.services.database import Database
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.reads import run_read
from pipeline_tui.tui.runner import run_write
from pipeline_tui.tui.screens.dialog_modal import DialogModal, dialog_box, field_row
from pipeline_tui.tui.writes import Written, export_file, import_data, safe_message

_PROBLEMS_SHOWN = 8


def _read(text: str) -> tuple[bytes, str]:
    """Return the bytes of the file typed and its name; UserError when it cannot be read."""
    if not text.strip():
        raise UserError("type the path of a CSV or JSON file")
    from pipeline_tui.services.transfer import read_import_file

    return read_import_file(Path(text.strip()).expanduser())


def _dry_run(store: Database, path: str, options: ImportOptions) -> tuple[ImportReport, bytes, str]:
    """Read the file typed and report what importing it would do; the bytes and name too."""
    from pipeline_tui.services.transfer import import_data

    data, name = _read(path)
    return import_data(store, data, name, options=options, dry_run=True), data, name


def summary_text(report: ImportReport, *, skip_bad: bool) -> Text:
    """Return the dry run's summary as the dialog shows it (user text escaped)."""
    text = Text("\n".join(report.lines()))
    if report.problems:
        word = "skipped" if skip_bad else "refused: nothing is imported while a row is bad"
        text.append(f"\n{report.bad:,} bad row{'s' if report.bad != 1 else ''} ({word}):", "bold")
        for line in problem_lines(report.problems, limit=_PROBLEMS_SHOWN):
            text.append(f"\n  {safe_message(Exception(line))}")
    return text


class ImportModal(DialogModal[None]):
    """Path, then Check (a dry run shows what would happen), then Import (one transaction)."""

    class _Progress(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

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
            yield from self.buttons("Check")

    def on_mount(self) -> None:
        self.query_one("#import-progress", ProgressBar).display = False
        self.query_one("#path", Input).focus()

    def _wanted(self) -> tuple[str, bool]:
        return self.query_one("#path", Input).value, self.query_one("#skip_bad", Checkbox).value

    @on(Input.Changed, "#path")
    @on(Checkbox.Changed, "#skip_bad")
    def _changed(self) -> None:
        if self.checked is not None:
            self.checked = None
            self.submit_button.label = "Check"

    def submit(self) -> None:
        self.clear_errors()
        path, skip_bad = self._wanted()
        self.submit_button.disabled = True
        if self.checked is not None and self.checked[:2] == (path, skip_bad):
            _, _, data, name = self.checked
            bar = self.query_one("#import-progress", ProgressBar)
            bar.display = True
            bar.update(total=None, progress=0)
            self._import(data, name, skip_bad)
        else:
            self._check(path, skip_bad)

    def _options(self) -> ImportOptions:
        return ImportOptions(dayfirst=pipeline_app(self).settings.dayfirst)

    def _check(self, path: str, skip_bad: bool) -> None:
        read = partial(_dry_run, path=path, options=self._options())
        run_read(
            self, read, self._show_check, refused=self._unreadable, unreadable=self._unreadable
        )

    def _unreadable(self, error: UserError) -> None:
        """The file (or the database) could not be read: say why under the path."""
        self.submit_button.disabled = False
        self.show_error("path", safe_message(error))

    def _show_check(self, checked: tuple[ImportReport, bytes, str]) -> None:
        path, skip_bad = self._wanted()
        report, data, name = checked
        self.query_one("#import-summary", Static).update(summary_text(report, skip_bad=skip_bad))
        save = self.submit_button
        save.disabled = False
        if report.problems and not skip_bad:
            self.show_error(None, "Tick 'Skip bad rows' to import the others, or fix the file.")
            return
        if not (report.new or report.updated):
            self.show_error(None, "Nothing to import: every row is already recorded.")
            return
        self.checked = (path, skip_bad, data, name)
        save.label = "Import"
        save.focus()

    def _import(self, data: bytes, name: str, skip_bad: bool) -> None:
        path, _ = self._wanted()

        def progress(done: int, total: int) -> None:
            self.post_message(self._Progress(done, total))

        write = partial(
            import_data,
            data=data,
            name=name,
            path=Path(path.strip()).expanduser(),
            options=self._options(),
            skip_bad=skip_bad,
            on_progress=progress,
        )
        run_write(self, write, written=self._imported, refused=self._import_refused)

    @on(_Progress)
    def _progress(self, message: _Progress) -> None:
        self.query_one("#import-progress", ProgressBar).update(
            total=max(message.total, 1), progress=message.done
        )

    def _import_refused(self, error: UserError) -> None:
        self.submit_button.disabled = False
        if isinstance(error, BadRows):
            self.checked = None
            self.query_one("#import-progress", ProgressBar).display = False
            self.submit_button.label = "Check"
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
