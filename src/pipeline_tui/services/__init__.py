"""Use cases both front ends call; each area has a module of its own.

applications.py (add, move, note, undo, archive, edit, list, show), refs.py (references,
dates, descriptions), ui_reads.py (the UI's lean reads), reports.py (funnel, weekly), demo.py,
and contacts, interviews, reminders, ghosting, offers, transfer, records, backup, doctor.
This face re-exports what most callers of the applications need.
"""

from pipeline_tui.domain.models import ApplicationFilter, NewApplication
from pipeline_tui.services.applications import (
    Change,
    Detail,
    Undone,
    add_application,
    add_note,
    check_move_values,
    detail,
    edit_application,
    list_applications,
    move,
    set_archived,
    undo,
)
from pipeline_tui.services.demo import fill_demo
from pipeline_tui.services.refs import describe, describe_event, read_date
from pipeline_tui.services.reports import funnel, funnel_by, weekly
from pipeline_tui.services.ui_reads import (
    ui_board_preview,
    ui_summaries,
    ui_summary,
    ui_watch_changes,
)

__all__ = [
    "ApplicationFilter", "Change", "Detail", "NewApplication", "Undone", "add_application",
    "add_note", "check_move_values", "describe", "describe_event", "detail", "edit_application",
    "fill_demo", "funnel", "funnel_by", "list_applications", "move", "read_date",
    "set_archived", "ui_board_preview", "ui_summaries", "ui_summary", "ui_watch_changes", "undo",
    "weekly",
]  # fmt: skip
