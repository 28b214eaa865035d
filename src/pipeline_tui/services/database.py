"""The database as front ends hold it: opened here, then handed to every service they call.

Front ends name it `Database` and never import the store: what a store is (SQLite or a
server, its pool and write connection) stays behind the services.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from pipeline_tui.store.engine import Store

if TYPE_CHECKING:
    from pipeline_tui.paths import ServerUrl

# An open database: `name` for messages, `journal_mode()`, `migration` (what opening it
# upgraded), `close()`; services take it as their first argument.
Database: TypeAlias = Store


def open_database(location: Path | ServerUrl) -> Database:
    """Open (creating or upgrading) the database at location: a SQLite file or a server URL."""
    from pipeline_tui.store.engine import open_store

    return open_store(location)
