"""The Textual application: data loading, live refresh, writes and themes; screens do the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.content import Content
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen

from pipeline_tui.config import LoadedSettings, save_setting
from pipeline_tui.domain.summary import ApplicationSummary, BoardPreview
from pipeline_tui.errors import NeedsForce, StoreError, UserError
from pipeline_tui.services import ui_reads
from pipeline_tui.services.database import Database
from pipeline_tui.services.ui_reads import Watcher
from pipeline_tui.tui import undo_flow
from pipeline_tui.tui.actions import ScopedScreen, actions_for, bindings_for
from pipeline_tui.tui.dataset import Dataset
from pipeline_tui.tui.history import CameBack, History
from pipeline_tui.tui.keymap import keymap
from pipeline_tui.tui.message_log import MessageLog
from pipeline_tui.tui.messages import ApplicationWritten, NoticePosted, ReadFailed
from pipeline_tui.tui.reads import run_read
from pipeline_tui.tui.runner import run_write
from pipeline_tui.tui.screens.confirm_modal import ConfirmModal, question_for
from pipeline_tui.tui.screens.help_screen import HelpScreen
from pipeline_tui.tui.screens.main_screen import MainScreen
from pipeline_tui.tui.widgets.status_line import StatusLine
from pipeline_tui.tui.writes import Change, Write, Written, safe_message

# Cards per open stage read for the first screen, before every application is loaded: at least
# a screenful (4 lines a card). Fewer rows cross threads while the screen is being composed.
PREVIEW_CARDS = 12
POLL_SECONDS = 1.0
# Terminal size classes (see apply_size_classes).
NARROW_BELOW = 100
SHORT_BELOW = 36
WIDE_FROM = 160


class PipelineApp(App[None]):
    """A job-search tracker: board, table, detail and insights over one database."""

    TITLE = "pipeline"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("app")

    data_generation: reactive[int] = reactive(0, init=False)
    """Goes up each time the in-memory applications change; screens watch it to redraw."""
    campaign: reactive[str | None] = reactive(None, init=False)
    """The campaign every view is scoped to; None means all campaigns."""
    read_problem: reactive[str | None] = reactive(None, init=False)
    """Why the last read of the database failed; None while reads work."""

    def __init__(self, store: Database, settings: LoadedSettings, *, poll: bool = True) -> None:
        super().__init__()
        self.store = store
        self.loaded_settings = settings
        self.settings = settings.settings
        # The keys config.toml's [keys] changed (action name -> keys); ConfigError if wrong.
        self.keymap = keymap(settings.settings.keys, str(settings.path))
        self.dataset = Dataset()
        self.watcher: Watcher | None = None
        self._poll = poll
        self._saved_theme = settings.settings.theme
        # Set by a failed read (from a worker thread); the next poll then reloads everything.
        self._reload_wanted = False
        self.history = History()
        self.came_back: CameBack | None = None
        # Archived applications, read only when a filter asks for them (is:archived).
        self.archived = Dataset()
        # Loads are numbered; _loading is the one still on its way (None: none is).
        self._load_seq = 0
        self._loading: int | None = None
        # The application the next redraw should select (one this session just wrote).
        self.follow_id: int | None = None
        # Every notice shown, oldest first: (severity, message).
        self.notices: list[tuple[str, str]] = []
        # The same notices with their time and title, for the messages screen.
        self.message_log = MessageLog()

    # Start-up

    def on_resize(self, event: events.Resize) -> None:
        self.apply_size_classes(event.size.width, event.size.height)

    def apply_size_classes(self, width: int, height: int) -> None:
        """Tag the app with the terminal's size class; app.tcss lays views out by them.

        -narrow: under 100 columns (80x24 included); -short: under 36 lines; -wide: 160
        columns or more.
        """
        self.set_class(width < NARROW_BELOW, "-narrow")
        self.set_class(height < SHORT_BELOW, "-short")
        self.set_class(width >= WIDE_FROM, "-wide")

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        self.apply_size_classes(self.size.width, self.size.height)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.push_screen(MainScreen())
        self.load_preview()
        if self._poll:
            self.set_interval(POLL_SECONDS, self.poll_changes)

    # Loading (thread workers; they post messages and never touch widgets)

    def _ensure_watcher(self) -> Watcher:
        if self.watcher is None:
            self.watcher = ui_reads.ui_watch_changes(self.store)
        return self.watcher

    def read_failed(self, error: StoreError) -> None:
        """Say the database cannot be read (once), keep what is shown, and read everything
        again on the next poll. Callable from any thread (tui/reads.py calls it)."""
        self._reload_wanted = True
        self.post_message(ReadFailed(safe_message(error)))

    def load_preview(self) -> None:
        """Ask for the first screen's cards and counts (fast even at 100,000 applications)."""
        seq = self._next_load()
        per_stage = max(PREVIEW_CARDS, self.size.height // 4 + 1)
        self._reload_wanted = False
        read = partial(self._read_first, per_stage)
        run_read(self, read, partial(self._preview_loaded, seq), group="load")

    def load_applications(self) -> None:
        """Ask for every unarchived application; a newer request makes older results stale."""
        seq = self._next_load()
        self._reload_wanted = False
        run_read(self, self._read_all, partial(self._applications_loaded, seq), group="load")

    def _next_load(self) -> int:
        # Called on the UI thread: each load is numbered, and only the newest one asked for
        # may replace the data (an older one finishing late would bring back a past snapshot).
        self._load_seq += 1
        self._loading = self._load_seq
        return self._load_seq

    def _read_first(self, per_stage: int, store: Database) -> tuple[BoardPreview, str]:
        # The watcher starts before the read, so a commit landing during it is seen later.
        self._ensure_watcher()
        return ui_reads.ui_board_preview(store, per_stage), store.journal_mode()

    def _read_all(self, store: Database) -> list[ApplicationSummary]:
        self._ensure_watcher()
        return ui_reads.ui_summaries(store)

    def load_archived(self) -> None:
        """Read the archived applications (only when a view asks for them)."""
        read = partial(ui_reads.ui_summaries, archived=True)
        run_read(self, read, self._archived_loaded, group="archived")

    def _archived_loaded(self, rows: list[ApplicationSummary]) -> None:
        self.archived.load(rows)
        self.data_generation += 1

    def poll_changes(self) -> None:
        """Ask the database whether another connection committed since the last look."""
        run_read(self, self._changed, self._poll_answered, group="watch")

    def _changed(self, store: Database) -> bool:
        return self._ensure_watcher().changed()

    def _poll_answered(self, changed: bool) -> None:
        if changed or self._reload_wanted:
            self._database_changed()

    def _preview_loaded(self, seq: int, loaded: tuple[BoardPreview, str]) -> None:
        preview, journal = loaded
        if journal != "wal" and seq == 1:
            self.notify(
                f"{self.store.name} is in {journal!r} journal mode, not WAL (this filesystem "
                "refuses it): it works, but other programs wait while one writes",
                severity="warning",
                timeout=10,
                markup=False,
            )
        if seq != self._load_seq:
            return  # a newer load was asked for meanwhile
        self._read_ok()
        if not any(preview.counts.values()):
            self.dataset.load([])
        else:
            self.dataset.load_preview(preview.cards, preview.counts)
            # The rest loads once the first screen is painted, so it never delays it.
            self.call_after_refresh(self.load_applications)
        self.data_generation += 1

    def _applications_loaded(self, seq: int, rows: list[ApplicationSummary]) -> None:
        if seq != self._load_seq:
            return  # a newer load was asked for meanwhile
        self._loading = None
        self._read_ok()
        self.dataset.load(rows)
        self.data_generation += 1

    def _database_changed(self) -> None:
        if self.dataset.loaded:
            self.load_applications()
        else:
            self.load_preview()
        if self.archived.loaded:
            self.load_archived()

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

    def run_write(self, write: Write) -> None:
        """Run one write (tui/runner.py): "Record anyway?" before one the rules refuse, "Not
        saved" when it fails, and what it did reported to the views."""
        run_write(self, write, written=self.report_written, refused=self.write_refused)

    def confirm_force(self, refusal: NeedsForce, answered: Callable[[bool | None], None]) -> None:
        """Ask "Record anyway?" (worded per the refusal's reason); answered gets the reply."""
        what = Text(safe_message(refusal))
        self.push_screen(ConfirmModal(what, question_for(refusal.reason)), answered)

    def report_written(
        self, written: Written, *, undoing: Change | None = None, redoing: Change | None = None
    ) -> None:
        """Report one write of this UI to the views (callable from any thread)."""
        self.post_message(ApplicationWritten(written, undoing=undoing, redoing=redoing))

    @on(ApplicationWritten)
    def _written(self, message: ApplicationWritten) -> None:
        written = message.written
        if message.undoing is not None:
            self.history.undone(message.undoing)
        elif message.redoing is not None:
            self.history.redone(message.redoing, written.change)
        elif written.change is not None:
            self.history.record(written.change)
        if message.undoing is None and message.redoing is None:
            self.apply_written(written)
            return
        redoing = message.redoing is not None
        self.apply_written(undo_flow.came_back(self, written, redoing=redoing), hint=False)

    def apply_written(self, written: Written, *, hint: bool = True) -> None:
        """Patch the in-memory applications with one write's result and say what happened."""
        if written.application_id is None:
            pass  # a contact or a free-standing reminder: no application changed
        elif written.summary is None:
            self.dataset.remove(written.application_id)
        else:
            self.dataset.upsert(written.summary)
            if written.select:
                self.follow_id = written.application_id
        if written.reload:
            # The write changed other applications too (an acceptance that closed them).
            self.load_applications()
        if self.archived.loaded:
            self.load_archived()
        if self._loading is not None:
            # A load that started before this write would bring back the state before it.
            self.load_applications()
        self.data_generation += 1
        # hint: an ordinary write; the next u takes it back (never said of an undo or redo).
        hint_text = " (u undoes it)" if hint and written.change else ""
        self.notify(written.text + hint_text, markup=False)

    def write_refused(self, error: UserError) -> None:
        """Say a write was not saved, and read the database again."""
        self.notify(safe_message(error), title="Not saved", severity="error", markup=False)
        # Whatever happened, show what the database holds now.
        self.load_applications()

    def undo_change(self) -> None:
        """Take back the last change made in this session (tui/undo_flow.py)."""
        undo_flow.undo(self)

    def redo_change(self) -> None:
        """Make the last undone change again."""
        undo_flow.redo(self)

    def undo_newest(self, application_id: int) -> None:
        """Take back the application's newest event through the session's history (z)."""
        undo_flow.undo_newest(self, application_id)

    def take_came_back(self, node: DOMNode) -> CameBack | None:
        """What the last undo or redo brought back, once, if node's screen is shown."""
        return undo_flow.take_came_back(node)

    def take_follow(self) -> int | None:
        """The application a write of this session asks the views to select, once."""
        follow, self.follow_id = self.follow_id, None
        return follow

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

    # Notices

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notice on the screen's status line (a toast where there is none).

        Every notice is kept in `notices` (severity, message). Thread-safe, as Textual's is.
        """
        self.notices.append((severity, message))
        self.message_log.add(
            severity, title, Content.from_markup(message).plain if markup else message
        )
        self.post_message(NoticePosted(message, title, severity, timeout, markup))

    @on(NoticePosted)
    def _notice_posted(self, message: NoticePosted) -> None:
        lines = self.screen.query("StatusLine.notices").results(StatusLine)
        line = next(lines, None)
        if line is None:
            super().notify(
                message.text,
                title=message.title,
                severity=message.severity,
                timeout=message.timeout,
                markup=message.markup,
            )
            return
        text = message.text
        if message.markup:
            text = Content.from_markup(text).plain
        line.notice(text, title=message.title, severity=message.severity, timeout=message.timeout)

    # Help and commands

    def action_import_file(self) -> None:
        from pipeline_tui.tui.screens.transfer_modal import ImportModal

        self.push_screen(ImportModal())

    def action_export_file(self) -> None:
        from pipeline_tui.tui.screens.transfer_modal import ExportModal

        self.push_screen(ExportModal())

    def action_messages(self) -> None:
        from pipeline_tui.tui.screens.messages_modal import MessagesModal

        self.push_screen(MessagesModal(self.message_log.newest_first()))

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
                        discover=action.listed,
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


if TYPE_CHECKING:
    from pipeline_tui.tui.app_access import Pipeline

    def _is_a_pipeline(app: PipelineApp) -> Pipeline:
        """mypy checks here that the app is what tui/app_access.py promises the screens."""
        return app


def run_app(store: Database, settings: LoadedSettings) -> int:
    """Run the UI on an open store; return its exit status (non-zero after a crash)."""
    app = PipelineApp(store, settings)
    app.run()
    return app.return_code or 0
