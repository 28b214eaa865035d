"""Noticing commits made by other connections (another terminal's `pipeline add`) cheaply."""

from __future__ import annotations

from typing import Any, Protocol

from pipeline_tui.store.dialect import SQLITE, listen
from pipeline_tui.store.engine import Store


class Watcher(Protocol):
    """Tells whether someone else committed since the last question."""

    def changed(self) -> bool:
        """Return True once for each batch of outside commits made since the last call."""
        ...

    def close(self) -> None:
        """Release what the watcher holds."""
        ...


def watch_changes(store: Store) -> Watcher:
    """Return the watcher for the store's engine: data_version on SQLite, LISTEN on a server."""
    if store.kind == SQLITE:
        return ChangeWatcher(store)
    return NotifyWatcher(store)


class ChangeWatcher:
    """Polls `PRAGMA data_version` on the store's write connection.

    SQLite changes that number on a connection only when another connection commits. The store
    makes every write of this process on that same connection, so the number moves exactly
    when someone else (another process, another store) committed: no commit of ours is taken
    for theirs, and none of theirs is lost because it landed next to one of ours. One poll
    is a few microseconds and reads no table.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._seen = store.data_version()

    def changed(self) -> bool:
        """Return True once for each batch of outside commits made since the last call.

        Raises StoreError when the database cannot be read; the next call tries again.
        """
        version = self._store.data_version(wait=False)
        if version is None or version == self._seen:  # None: our own write holds the connection
            return False
        self._seen = version
        return True

    def close(self) -> None:
        """Nothing to release: the connection belongs to the store."""


class NotifyWatcher:
    """Listens on a connection of its own for the notices every write transaction sends.

    Each write transaction on the server sends a notice naming the store that made it
    (dialect.begin_write), delivered only when it commits. Notices carrying this store's own
    `writer_id` are ours and ignored; any other is someone else's commit. A poll reads what
    the server already pushed to the socket, without a round trip. If the connection drops,
    the next poll connects again and reports a change, since notices sent meanwhile are lost.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._connection: Any = None
        self._connect()

    def _connect(self) -> None:
        import psycopg

        engine = self._store.engine
        args, options = engine.dialect.create_connect_args(engine.url)
        with self._store.translate_errors():
            connection = psycopg.connect(*args, **{**options, "autocommit": True})
            listen(connection)
        self._connection = connection

    def changed(self) -> bool:
        """Return True once for each batch of outside commits made since the last call.

        Raises StoreError when the server cannot be reached; the next call tries again.
        """
        if self._connection is None or self._connection.closed:
            self._connect()
            return True
        own = self._store.writer_id
        seen = False
        try:
            with self._store.translate_errors():
                for notice in self._connection.notifies(timeout=0):
                    seen = seen or notice.payload != own
        except BaseException:
            self.close()
            raise
        return seen

    def close(self) -> None:
        """Close the listening connection."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
