"""Actions on the selected application that involve people and follow-ups: add a reminder about
it, link a contact to it. Shared by the main screen and the detail screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from pipeline_tui.tui.actions import NO_SELECTION
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.cells import safe

if TYPE_CHECKING:
    from textual.app import App

    from pipeline_tui.tui.writes import Written


class FollowUpActions:
    """Mixin for screens with a selected application; they implement selected_id()."""

    app: App[Any]

    def selected_id(self) -> int | None:
        """The application the actions apply to, if any."""
        raise NotImplementedError

    def _application_words(self, application_id: int) -> Text:
        """Return "#12 ByteDance — LLM engineer" as literal text (the id alone if unknown)."""
        words = Text(f"#{application_id}")
        row = pipeline_app(self).dataset.get(application_id)
        if row is not None:
            words.append(f" {safe(row.title)}", style="bold")
        return words

    def _followed_up(self, written: Written | None) -> None:
        if written is not None:
            pipeline_app(self).report_written(written)

    def action_remind(self) -> None:
        # The dialogs (and the services behind them) load when first used, not at start-up.
        from pipeline_tui.tui.screens.reminder_modal import ReminderModal

        application_id = self.selected_id()
        if application_id is None:
            self.app.notify(NO_SELECTION, severity="warning", markup=False)
            return
        about = self._application_words(application_id)
        modal = ReminderModal(application_id=application_id, about=about)
        self.app.push_screen(modal, self._followed_up)

    def action_link(self) -> None:
        from pipeline_tui.tui.screens.link_modal import LinkModal

        application_id = self.selected_id()
        if application_id is None:
            self.app.notify(NO_SELECTION, severity="warning", markup=False)
            return
        title = Text("Link a contact to ")
        title.append_text(self._application_words(application_id))
        modal = LinkModal(application_id=application_id, title=title)
        self.app.push_screen(modal, self._followed_up)
