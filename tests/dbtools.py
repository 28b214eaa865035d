"""Reading and writing a test database behind the store's back, on either engine.

Tests check what was stored with their own connection (as another program would see it):
sqlite3 for a file, psycopg for a server URL. SQL uses named parameters (:name).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline_tui.paths import ServerUrl

Database = Path | ServerUrl


def _psycopg_sql(sql: str) -> str:
    return re.sub(r"(?<![:\w]):([A-Za-z_]\w*)", r"%(\1)s", sql.replace("%", "%%"))


def rows(database: Database, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
    """Run one statement and return its rows (committing, if it wrote)."""
    if isinstance(database, ServerUrl):
        import psycopg

        conninfo = database.url.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(conninfo, autocommit=True) as connection:
            cursor = connection.execute(_psycopg_sql(sql), params or {})  # type: ignore[arg-type]
            return list(cursor.fetchall()) if cursor.description else []
    with sqlite3.connect(database) as connection:
        return connection.execute(sql, params or {}).fetchall()


def scalar(database: Database, sql: str, params: dict[str, Any] | None = None) -> Any:
    """Run one statement and return the first column of its first row."""
    return rows(database, sql, params)[0][0]


def count(database: Database, table: str) -> int:
    """How many rows a table holds."""
    return int(scalar(database, f"SELECT count(*) FROM {table}"))


def execute_many(database: Database, sql: str, params: Sequence[dict[str, Any]]) -> None:
    """Run one statement once per set of parameters, in one transaction."""
    if isinstance(database, ServerUrl):
        import psycopg

        conninfo = database.url.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(conninfo) as connection:
            connection.cursor().executemany(_psycopg_sql(sql), params)  # type: ignore[arg-type]
        return
    with sqlite3.connect(database) as connection:
        connection.executemany(sql, params)


def is_server(database: Database) -> bool:
    """Whether the test runs on PostgreSQL."""
    return isinstance(database, ServerUrl)


def location(store: Any) -> str:
    """What `--db` takes to name an open store's database (a server URL with its password)."""
    return str(store.path) if store.path is not None else store.url.url
