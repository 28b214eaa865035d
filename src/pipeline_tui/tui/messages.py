"""Messages posted to the app from any thread: a write reported, a read that failed, a notice."""

from __future__ import annotations

from textual.message import Message
from textual.notifications import SeverityLevel

from pipeline_tui.tui.writes import Change, Written


class ApplicationWritten(Message):
    """A write from this UI succeeded; written carries the fresh summary and a sentence.

    undoing / redoing: the session change this write took back or made again, if any.
    """

    def __init__(
        self,
        written: Written,
        *,
        undoing: Change | None = None,
        redoing: Change | None = None,
    ) -> None:
        super().__init__()
        self.written = written
        self.undoing = undoing
        self.redoing = redoing


class ReadFailed(Message):
    """Reading the database failed; the UI keeps what it has and tries again on the next poll."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class NoticePosted(Message):
    """Something to tell the user (App.notify was called, from any thread)."""

    def __init__(
        self, text: str, title: str, severity: SeverityLevel, timeout: float | None, markup: bool
    ) -> None:
        super().__init__()
        self.text = text
        self.title = title
        self.severity = severity
        self.timeout = timeout
        self.markup = markup
