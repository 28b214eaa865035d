"""The one way screens, dialogs and widgets reach the running app, typed.

tui/app.py imports the screens, so no screen imports it (not even for type checking: that
would close an import circle). They call `pipeline_app(self)` and get the `Pipeline` protocol
below: what the UI uses of the app. app.py has mypy check that `PipelineApp` is one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import App
    from textual.dom import DOMNode
    from textual.notifications import SeverityLevel

    from pipeline_tui.config import LoadedSettings, Settings
    from pipeline_tui.errors import NeedsForce, StoreError, UserError
    from pipeline_tui.services.database import Database
    from pipeline_tui.tui.dataset import Dataset
    from pipeline_tui.tui.history import CameBack, History
    from pipeline_tui.tui.writes import Change, Write, Written


class Pipeline(Protocol):
    """What screens, dialogs and widgets use of the running PipelineApp."""

    store: Database
    settings: Settings
    loaded_settings: LoadedSettings
    dataset: Dataset
    """Every unarchived application, in memory."""
    archived: Dataset
    """The archived applications, read when a view asks for them."""
    history: History
    """What this session changed, for u and U."""
    came_back: CameBack | None
    """What the last undo or redo brought back, until the screen shown selects it."""
    campaign: str | None
    """The campaign every view is scoped to; None: all."""
    read_problem: str | None
    """Why the last read failed; None while reads work."""
    keymap: dict[str, str]
    """The keys config.toml's [keys] changed: action name -> keys."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notice on the screen's status line (from any thread)."""
        ...

    def load_archived(self) -> None:
        """Read the archived applications (in a worker)."""
        ...

    def read_failed(self, error: StoreError) -> None:
        """Say the database cannot be read, keep what is shown, read again on the next poll."""
        ...

    def load_applications(self) -> None:
        """Read every application again (in a worker)."""
        ...

    def take_follow(self) -> int | None:
        """The application a write of this session asks the views to select, once."""
        ...

    def undo_change(self) -> None:
        """Take back the last change made in this session."""
        ...

    def undo_newest(self, application_id: int) -> None:
        """Take back the application's newest event through the session's history (z)."""
        ...

    def take_came_back(self, node: DOMNode) -> CameBack | None:
        """What the last undo or redo brought back, once, if node's screen is shown."""
        ...

    def redo_change(self) -> None:
        """Make the last undone change again."""
        ...

    def run_write(self, write: Write) -> None:
        """Run a write in a worker (tui/runner.py): ask before one the rules refuse, say when
        it fails, report what it did to the views and the undo stack."""
        ...

    def write_refused(self, error: UserError) -> None:
        """Say a write was not saved ("Not saved"), and read the database again."""
        ...

    def confirm_force(self, refusal: NeedsForce, answered: Callable[[bool | None], None]) -> None:
        """Ask "Record anyway?" (worded per the refusal's reason); answered gets the reply."""
        ...

    def report_written(
        self, written: Written, *, undoing: Change | None = None, redoing: Change | None = None
    ) -> None:
        """Report one write of this UI (one a dialog made) to the views and the undo stack."""
        ...


class InApp(Protocol):
    """Anything that belongs to the running app: a screen, a widget, a mixin of them."""

    @property
    def app(self) -> App[Any]: ...


def pipeline_app(node: InApp) -> Pipeline:
    """The running PipelineApp, as the UI uses it."""
    return cast("Pipeline", node.app)
