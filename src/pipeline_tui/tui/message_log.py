"""The notices of this session, kept whole for the messages screen (no Textual)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from pipeline_tui import clock


@dataclass(frozen=True, slots=True)
class LoggedNotice:
    """One notice as it was given: when, how severe, its title and its whole text."""

    at: datetime
    severity: str
    title: str
    text: str


class MessageLog:
    """Every notice shown in this session, oldest first; safe to add to from any thread."""

    def __init__(self) -> None:
        self._notices: list[LoggedNotice] = []
        self._lock = threading.Lock()

    def add(self, severity: str, title: str, text: str) -> None:
        """Keep one notice, stamped with the local time."""
        notice = LoggedNotice(clock.now().astimezone(), severity, title, text)
        with self._lock:
            self._notices.append(notice)

    def newest_first(self) -> list[LoggedNotice]:
        """The notices, newest first."""
        with self._lock:
            return self._notices[::-1]

    def __len__(self) -> int:
        return len(self._notices)
