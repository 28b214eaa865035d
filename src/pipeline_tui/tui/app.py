"""The Textual application: data loading, live refresh, writes and themes; screens do the rest."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import get_current_worker

from pipeline_tui import services
from pipeline_tui.config import LoadedSettings, save_setting
from pipeline_tui.errors import NeedsForce, StoreError, UserError
from pipeline_tui.store.engine import Store
from pipeline_tui.store.watch import ChangeWatcher
from pipeline_tui.tui.actions import ScopedScreen, actions_for, bindings_for
from pipeline_tui.tui.dataset import SORT_KEYS, SORT_LABELS, Dataset
from pipeline_tui.tui.messages import (
    ApplicationsLoaded,
    ApplicationWritten,
    DatabaseChanged,
    PreviewLoaded,
    ReadFailed,
    WriteFailed,
    WriteNeedsForce,
)
from pipeline_tui.tui.screens.confirm_modal import ConfirmModal
from pipeline_tui.tui.screens.help_screen import HelpScreen
from pipeline_tui.tui.screens.main_screen import MainScreen
from pipeline_tui.tui.writes import Write, Written, safe_message

# Cards per open stage read for the first screen, before every application is loaded: at least
# a screenful (4 lines a card). Fewer rows cross threads while the screen is being composed.
PREVIEW_CARDS = 12
POLL_SECONDS = 1.0


class PipelineApp(App[None]):
    """A job-search tracker: board, table, detail and insights over one SQLite file."""

    TITLE = "pipeline"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("app")  # type: ignore[assignment]

    data_generation: reactive[int] = reactive(0, init=False)
    """Goes up each time the in-memory applications change; screens watch it to redraw."""
    campaign: reactive[str | None] = reactive(None, init=False)
    """The campaign every view is scoped to; None means all campaigns."""
    read_problem: reactive[str | None] = reactive(None, init=False)
    """Why the last read of the database failed; None while reads work."""

    def __init__(self, store: Store, settings: LoadedSettings, *, poll: bool = True) -> None:
        super().__init__()
        self.store = store
        self.loaded_settings = settings
        self.settings = settings.settings
        self.dataset = Dataset()
        self.watcher: ChangeWatcher | None = None
        self._poll = poll
        self._saved_theme = settings.settings.theme
        # Set by a failed read (from a worker thread); the next poll then reloads everything.
        self._reload_wanted = False

    # Start-up

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.push_screen(MainScreen())
        self.load_preview()
        if self._poll:
            self.set_interval(POLL_SECONDS, self.poll_changes)

    # Loading (thread workers; they post messages and never touch widgets)

    def _ensure_watcher(self) -> ChangeWatcher:
        if self.watcher is None:
            self.watcher = services.ui_watch_changes(self.store)
        return self.watcher

    def _read_failed(self, error: StoreError) -> None:
        """Remember to reload on the next poll and say what went wrong (from a worker)."""
        self._reload_wanted = True
        self.post_message(ReadFailed(safe_message(error)))

    @work(thread=True, exclusive=True, group="load")
    def load_preview(self) -> None:
        """Read the first screen's cards and counts (fast even at 100,000 applications)."""
        self._reload_wanted = False
        per_stage = max(PREVIEW_CARDS, self.size.height // 4 + 1)
        try:
            # The watcher starts before the read, so a commit landing during it is seen later.
            self._ensure_watcher()
            preview = services.ui_board_preview(self.store, per_stage)
        except StoreError as error:
            self._read_failed(error)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(PreviewLoaded(preview))

    @work(thread=True, exclusive=True, group="load")
    def load_applications(self) -> None:
        """Read every unarchived application into memory."""
        self._reload_wanted = False
        try:
            self._ensure_watcher()
            rows = services.ui_summaries(self.store)
        except StoreError as error:
            self._read_failed(error)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(ApplicationsLoaded(rows))

    @work(thread=True, exclusive=True, group="watch")
    def poll_changes(self) -> None:
        """Ask SQLite whether another connection committed since the last look."""
        try:
            changed = self._ensure_watcher().changed()
        except StoreError as error:
            self._read_failed(error)
            return
        if changed or self._reload_wanted:
            self.post_message(DatabaseChanged())

    @on(PreviewLoaded)
    def _preview_loaded(self, message: PreviewLoaded) -> None:
        self._read_ok()
        preview = message.preview
        if not any(preview.counts.values()):
            self.dataset.load([])
        else:
            self.dataset.load_preview(preview.cards, preview.counts)
            # The rest loads once the first screen is painted, so it never delays it.
            self.call_after_refresh(self.load_applications)
        self.data_generation += 1

    @on(ApplicationsLoaded)
    def _applications_loaded(self, message: ApplicationsLoaded) -> None:
        self._read_ok()
        self.dataset.load(message.rows)
        self.data_generation += 1

    @on(DatabaseChanged)
    def _database_changed(self) -> None:
        if self.dataset.loaded:
            self.load_applications()
        else:
            self.load_preview()

    @on(ReadFailed)
    def _read_problem(self, message: ReadFailed) -> None:
        if self.read_problem is None:
            self.notify(
                f"{message.text}. Showing what was read before; trying again every second.",
                title="Cannot read the database",
                severity="error",
                timeout=10,
                markup=False,
            )
        self.read_problem = message.text

    def _read_ok(self) -> None:
        if self.read_problem is not None:
            self.read_problem = None
            self.notify("The database can be read again; everything shown is current.")

    # Writes

    @work(thread=True, group="write")
    def run_write(self, kind: type[ApplicationWritten], write: Write, force: bool = False) -> None:
        """Run one write; a later write must not cancel the report of this one, so not exclusive."""
        try:
            written = write(self.store, force)
        except NeedsForce as error:
            self.post_message(WriteNeedsForce(safe_message(error), kind, write))
            return
        except UserError as error:
            self.post_message(WriteFailed(safe_message(error)))
            return
        self.report_written(written, kind)

    def report_written(self, written: Written, kind: type[ApplicationWritten]) -> None:
        """Report one write of this UI to the screens (callable from any thread)."""
        self.post_message(kind(written))

    @on(ApplicationWritten)
    def _written(self, message: ApplicationWritten) -> None:
        self.apply_written(message.written)

    def apply_written(self, written: Written) -> None:
        """Patch the in-memory applications with one write's result and say what happened."""
        if written.summary is None:
            self.dataset.remove(written.application_id)
        else:
            self.dataset.upsert(written.summary)
        self.data_generation += 1
        self.notify(written.text, markup=False)

    @on(WriteNeedsForce)
    def _write_needs_force(self, message: WriteNeedsForce) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.run_write(message.kind, message.write, True)

        self.push_screen(ConfirmModal(Text(message.text), "Record anyway?"), answered)

    @on(WriteFailed)
    def _write_failed(self, message: WriteFailed) -> None:
        self.notify(message.text, title="Not saved", severity="error", markup=False)
        # Whatever happened, show what the database holds now.
        self.load_applications()

    # Themes

    def _theme_changed(self, theme: object) -> None:
        name = self.theme
        if name != self._saved_theme:
            self._saved_theme = name
            self.save_theme(name)

    @work(thread=True, exclusive=True, group="config")
    def save_theme(self, name: str) -> None:
        """Remember the chosen theme in the settings file."""
        try:
            save_setting("theme", name, self.loaded_settings.path)
        except (OSError, UserError) as error:
            self.call_from_thread(
                self.notify, f"could not save the theme: {error}", severity="warning", markup=False
            )

    # Help and commands

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if isinstance(screen, ScopedScreen):
            for action in actions_for(screen.SCOPE):
                if action.command:
                    yield SystemCommand(
                        action.command,
                        action.description,
                        partial(screen.perform, action.action),
                    )
            if isinstance(screen, MainScreen):
                for key in SORT_KEYS:
                    yield SystemCommand(
                        f"table: sort by {SORT_LABELS[key]}",
                        "Sort the table",
                        partial(screen.perform, f"sort_by('{key}')"),
                        discover=False,
                    )
        yield SystemCommand("theme: change", "Pick a theme", self.action_change_theme)
        for theme in sorted(self.available_themes):
            yield SystemCommand(
                f"theme: {theme}",
                "Switch theme (remembered)",
                partial(setattr, self, "theme", theme),
                discover=False,
            )
        for action in actions_for("app"):
            if action.command:
                yield SystemCommand(
                    action.command, action.description, partial(self.run_action, action.action)
                )
        yield SystemCommand("app: keys", "Show the keys panel", self.action_show_help_panel)


def run_app(store: Store, settings: LoadedSettings) -> int:
    """Run the UI on an open store; return its exit status (non-zero after a crash)."""
    app = PipelineApp(store, settings)
    app.run()
    return app.return_code or 0
