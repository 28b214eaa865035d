"""The Textual application: data loading, live refresh, writes and themes; screens do the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import get_current_worker

from pipeline_tui import services
from pipeline_tui.config import LoadedSettings, save_setting
from pipeline_tui.domain.dates import DateError
from pipeline_tui.errors import UserError
from pipeline_tui.store.engine import Store
from pipeline_tui.store.watch import ChangeWatcher
from pipeline_tui.tui import writes
from pipeline_tui.tui.dataset import SORT_KEYS, SORT_LABELS, Dataset
from pipeline_tui.tui.messages import (
    ApplicationsLoaded,
    ApplicationWritten,
    DatabaseChanged,
    PreviewLoaded,
    WriteFailed,
)
from pipeline_tui.tui.screens.help_screen import HelpScreen
from pipeline_tui.tui.screens.main_screen import MainScreen

# Cards per open stage read for the first screen, before every application is loaded: at least
# a screenful (4 lines a card). Fewer rows cross threads while the screen is being composed.
PREVIEW_CARDS = 12
POLL_SECONDS = 1.0


class PipelineApp(App[None]):
    """A job-search tracker: board, table, detail and insights over one SQLite file."""

    TITLE = "pipeline"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    data_generation: reactive[int] = reactive(0, init=False)
    """Goes up each time the in-memory applications change; screens watch it to redraw."""
    campaign: reactive[str | None] = reactive(None, init=False)
    """The campaign every view is scoped to; None means all campaigns."""

    def __init__(self, store: Store, settings: LoadedSettings, *, poll: bool = True) -> None:
        super().__init__()
        self.store = store
        self.loaded_settings = settings
        self.settings = settings.settings
        self.dataset = Dataset()
        self.watcher: ChangeWatcher | None = None
        self._poll = poll
        self._saved_theme = settings.settings.theme

    # Start-up

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.push_screen(MainScreen())
        self.load_preview()
        if self._poll:
            self.set_interval(POLL_SECONDS, self.poll_changes)

    def on_unmount(self) -> None:
        if self.watcher is not None:
            self.watcher.close()

    # Loading (thread workers; they post messages and never touch widgets)

    def _ensure_watcher(self) -> ChangeWatcher:
        if self.watcher is None:
            self.watcher = services.ui_watch_changes(self.store)
        return self.watcher

    @work(thread=True, exclusive=True, group="load")
    def load_preview(self) -> None:
        """Read the first screen's cards and counts (fast even at 100,000 applications)."""
        self._ensure_watcher().mark_seen()
        per_stage = max(PREVIEW_CARDS, self.size.height // 4 + 1)
        preview = services.ui_board_preview(self.store, per_stage)
        if not get_current_worker().is_cancelled:
            self.post_message(PreviewLoaded(preview))

    @work(thread=True, exclusive=True, group="load")
    def load_applications(self) -> None:
        """Read every unarchived application into memory."""
        self._ensure_watcher().mark_seen()
        rows = services.ui_summaries(self.store)
        if not get_current_worker().is_cancelled:
            self.post_message(ApplicationsLoaded(rows))

    @work(thread=True, exclusive=True, group="watch")
    def poll_changes(self) -> None:
        """Ask SQLite whether another connection committed since the last look."""
        if self.watcher is not None and self.watcher.changed():
            self.post_message(DatabaseChanged())

    @on(PreviewLoaded)
    def _preview_loaded(self, message: PreviewLoaded) -> None:
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
        self.dataset.load(message.rows)
        self.data_generation += 1

    @on(DatabaseChanged)
    def _database_changed(self) -> None:
        self.load_applications()

    # Writes

    @work(thread=True, group="write")
    def run_write(
        self, kind: type[ApplicationWritten], write: Callable[[Store], writes.Written]
    ) -> None:
        """Run one write; a later write must not cancel the report of this one, so not exclusive."""
        try:
            written = write(self.store)
        except (UserError, DateError) as error:
            self.post_message(WriteFailed(writes.safe_message(error)))
            return
        self.record_written(written, kind)

    def record_written(self, written: writes.Written, kind: type[ApplicationWritten]) -> None:
        """Mark this process's commit as seen and report it (callable from any thread)."""
        if self.watcher is not None:
            self.watcher.mark_seen()
        self.post_message(kind(written))

    @on(ApplicationWritten)
    def _written(self, message: ApplicationWritten) -> None:
        self.apply_written(message.written)

    def apply_written(self, written: writes.Written) -> None:
        """Patch the in-memory applications with one write's result and say what happened."""
        if written.summary is None:
            self.dataset.remove(written.application_id)
        else:
            self.dataset.upsert(written.summary)
        self.data_generation += 1
        self.notify(written.text, markup=False)

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
        run = partial(self.run_action, default_namespace=screen)
        main = isinstance(screen, MainScreen)
        if main:
            yield SystemCommand("board: show", "Show the board", partial(run, "view('board')"))
            yield SystemCommand("table: show", "Show the table", partial(run, "view('table')"))
            yield SystemCommand(
                "insights: show", "Funnel, sources, activity", partial(run, "view('insights')")
            )
            yield SystemCommand("filter: focus", "Type to narrow", partial(run, "filter"))
            yield SystemCommand("filter: clear", "Show everything again", partial(run, "clear"))
            yield SystemCommand(
                "campaign: choose", "Scope every view to one campaign", partial(run, "campaign")
            )
            yield SystemCommand(
                "application: quick capture", "Company / Role via:...", partial(run, "capture")
            )
            yield SystemCommand("application: add", "Open the add form", partial(run, "add"))
            for key in SORT_KEYS:
                yield SystemCommand(
                    f"table: sort by {SORT_LABELS[key]}",
                    "Sort the table",
                    partial(run, f"sort_by('{key}')"),
                    discover=False,
                )
            yield SystemCommand("table: reverse sort", "Flip the order", partial(run, "reverse"))
        if main or screen.__class__.__name__ == "DetailScreen":
            for action, name, help_text in (
                ("move", "move", "Record a stage change"),
                ("round", "next interview round", "Log the next interview round today"),
                ("reject", "reject", "Mark rejected today"),
                ("withdraw", "withdraw", "Mark withdrawn today"),
                ("note", "add note", "Add a dated note"),
                ("edit", "edit", "Change its fields"),
                ("undo", "undo last event", "Remove its newest event"),
                ("archive", "archive", "Hide it from the board and table"),
            ):
                yield SystemCommand(f"application: {name}", help_text, partial(run, action))
        yield SystemCommand("theme: change", "Pick a theme", self.action_change_theme)
        for theme in sorted(self.available_themes):
            yield SystemCommand(
                f"theme: {theme}",
                "Switch theme (remembered)",
                partial(setattr, self, "theme", theme),
                discover=False,
            )
        yield SystemCommand("app: help", "Keys and the capture grammar", self.action_help)
        yield SystemCommand("app: keys", "Show the keys panel", self.action_show_help_panel)
        yield SystemCommand("app: quit", "Quit", self.action_quit)


def run_app(store: Store, settings: LoadedSettings) -> None:
    """Run the UI on an open store."""
    PipelineApp(store, settings).run()
