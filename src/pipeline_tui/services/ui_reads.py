"""Lean reads for the terminal UI: all applications in memory, a first-screen preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline_tui.store.engine import Store
from pipeline_tui.store.watch import Watcher as Watcher

if TYPE_CHECKING:
    from pipeline_tui.domain.summary import ApplicationSummary, BoardPreview


def ui_summaries(store: Store, *, archived: bool = False) -> list[ApplicationSummary]:
    """Return every unarchived (or archived) application as a lean summary, for big views."""
    from pipeline_tui.store import ui_queries

    with store.read() as session:
        return ui_queries.summaries(session, archived=archived)


def ui_summary(store: Store, application_id: int) -> ApplicationSummary | None:
    """Return one unarchived application as a summary (None once archived or removed)."""
    from pipeline_tui.store import ui_queries

    with store.read() as session:
        return ui_queries.summary(session, application_id)


def ui_board_preview(store: Store, per_stage: int) -> BoardPreview:
    """Return counts per stage and the most recently active cards of each open stage."""
    from pipeline_tui.store import ui_queries

    with store.read() as session:
        return ui_queries.board_preview(session, per_stage)


def ui_watch_changes(store: Store) -> Watcher:
    """Return a watcher that notices commits made by other connections or processes."""
    from pipeline_tui.store.watch import watch_changes

    return watch_changes(store)
