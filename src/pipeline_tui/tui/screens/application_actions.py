"""Actions on the selected application, shared by the main screen and the detail screen."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from pipeline_tui.domain.reasons import STAGES_WITH_REASON
from pipeline_tui.domain.stages import Stage
from pipeline_tui.tui import writes
from pipeline_tui.tui.actions import NO_SELECTION
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.screens.form_modal import ApplicationFormModal
from pipeline_tui.tui.screens.move_modal import MoveModal
from pipeline_tui.tui.screens.note_modal import NoteModal
from pipeline_tui.tui.screens.reason_modal import move_with_reason

if TYPE_CHECKING:
    from textual.app import App


class ApplicationActions:
    """Mixin for screens with a selected application; they implement selected_id()."""

    app: App[Any]

    def selected_id(self) -> int | None:
        """The application the actions apply to, if any."""
        raise NotImplementedError

    def _selected(self) -> int | None:
        """The selected application's id, or None after saying that one is needed."""
        application_id = self.selected_id()
        if application_id is None:
            self.app.notify(NO_SELECTION, severity="warning", markup=False)
        return application_id

    def action_move(self) -> None:
        application_id = self._selected()
        if application_id is not None:
            self.app.push_screen(MoveModal(application_id), self._modal_written)

    def _modal_written(self, written: writes.Written | None) -> None:
        """A dialog closed: report what it saved, if anything."""
        if written is not None:
            pipeline_app(self).report_written(written)

    def _quick_move(self, stage: Stage) -> None:
        application_id = self._selected()
        if application_id is None:
            return
        if stage in STAGES_WITH_REASON:
            # Rejected and withdrawn ask why first (optional; escape records nothing).
            row = pipeline_app(self).dataset.get(application_id)
            title = f"#{application_id} {row.title}" if row else f"#{application_id}"
            move_with_reason(self, application_id, stage, title)
            return
        pipeline_app(self).run_write(
            partial(writes.move, application_id=application_id, stage=stage)
        )

    def action_round(self) -> None:
        self._quick_move(Stage.INTERVIEW)

    def action_reject(self) -> None:
        self._quick_move(Stage.REJECTED)

    def action_withdraw(self) -> None:
        self._quick_move(Stage.WITHDRAWN)

    def action_note(self) -> None:
        application_id = self._selected()
        if application_id is not None:
            self.app.push_screen(NoteModal(application_id), self._modal_written)

    def action_edit(self) -> None:
        application_id = self._selected()
        if application_id is not None:
            self.app.push_screen(ApplicationFormModal(application_id), self._modal_written)

    def action_offer(self) -> None:
        # Imported when first used: the offer modules stay off the start-up path.
        from pipeline_tui.tui.screens.offer_form import OfferFormModal

        application_id = self._selected()
        if application_id is not None:
            self.app.push_screen(OfferFormModal(application_id), self._modal_written)

    def action_undo_newest(self) -> None:
        application_id = self._selected()
        if application_id is not None:
            # Through the session's history: U puts the event back (tui/undo_flow.py).
            pipeline_app(self).undo_newest(application_id)

    def selected_archived(self) -> bool:
        """Whether the selected application is archived (delete then restores it)."""
        return False

    def action_archive(self) -> None:
        application_id = self._selected()
        if application_id is not None:
            write = partial(
                writes.archive, application_id=application_id, archived=not self.selected_archived()
            )
            pipeline_app(self).run_write(write)
