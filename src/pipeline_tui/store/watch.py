"""Noticing commits made by other connections (another terminal's `pipeline add`) cheaply."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from pipeline_tui.store.engine import BUSY_TIMEOUT_MS


class ChangeWatcher:
    """Polls `PRAGMA data_version` on one dedicated connection.

    SQLite changes that number on a connection only when another connection commits, so the
    watcher's own connection must never write; every other connection (this process's pool
    included) counts as "another". One poll is a few microseconds and reads no table.
    """

    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        self._lock = threading.Lock()
        self._seen = self._version()

    def _version(self) -> int:
        with self._lock:
            return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """Return True once for each batch of commits made since the last call or mark."""
        version = self._version()
        if version == self._seen:
            return False
        self._seen = version
        return True

    def mark_seen(self) -> None:
        """Treat everything committed so far as seen (after this process reloaded or patched)."""
        self._seen = self._version()

    def close(self) -> None:
        """Close the dedicated connection."""
        with self._lock:
            self._connection.close()
