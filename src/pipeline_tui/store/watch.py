"""Noticing commits made by other connections (another terminal's `pipeline add`) cheaply."""

from __future__ import annotations

from pipeline_tui.store.engine import Store


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
