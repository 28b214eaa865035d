"""Ids are never handed out twice: an undo that names a row by its id can never find another
row in its place. Interview rounds dated after their application closed never happened.

SQLite gives a new row max(id) + 1 unless the table is AUTOINCREMENT, so deleting the newest
event and recording another reused its id. SQLite can only add AUTOINCREMENT by rebuilding a
table: each table with an id is copied in batch mode (every row, index, unique constraint and
foreign key kept; migrate.py checks the foreign keys before commit), and sqlite_sequence starts
at the highest id present. PostgreSQL's sequences never go back by themselves (see
dialect.reset_id_sequence), so there only the data fix below runs.

Data fix: the funnel columns of applications with interview rounds are recomputed with the
rules of this revision (a frozen copy below): a round dated after the day its application
closed (withdrawn, rejected, ...) never happened, so it proves a positive answer but not an
interview, and does not count as a round; a round recorded ahead of its day was an answer on
the day it was recorded.

Revision ID: 0007
Revises: 0006
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_TABLES = (
    "company",
    "application",
    "event",
    "offer",
    "contact",
    "contact_link",
    "interaction",
    "reminder",
)

# A frozen copy of domain.funnel's rules as they were when this revision was written.
_LEVEL = {
    "submitted": 1, "ghosted": 1, "rejected": 2, "screening": 3, "interview": 4,
    "offer": 5, "declined": 5, "accepted": 6,
}  # fmt: skip
_SCREENED = 3
_REPLY_FROM = 2
_CLOSED = frozenset({"accepted", "declined", "rejected", "withdrawn", "ghosted"})
_CHUNK = 5_000


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        for table in _TABLES:
            if not _rebuild(connection, table):
                with op.batch_alter_table(
                    table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
                ):
                    pass
    _recompute_interviewed(connection)


def _rebuild(connection: sa.Connection, table: str) -> bool:
    """Copy table into one whose id is AUTOINCREMENT, SQLite's way (create the new table,
    copy, drop, rename, create the indexes again), from its own CREATE TABLE text; False when
    that text is not the one SQLAlchemy wrote, and batch mode (slower: it reflects the table
    first) does it instead. Foreign keys are off during migrations and checked before commit.
    """
    found = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar()
    column = "\n\tid INTEGER NOT NULL, \n"
    key = "\n\tPRIMARY KEY (id), \n"
    if not found or found.count(column) != 1 or found.count(key) != 1:
        return False
    created = found.replace(column, "\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n")
    created = created.replace(key, "\n", 1).replace(f"CREATE TABLE {table} (", "", 1)
    if created == found:
        return False
    indexes = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,),
    ).fetchall()
    draft = f"_autoincrement_{table}"
    connection.exec_driver_sql(f"CREATE TABLE {draft} ({created}")
    connection.exec_driver_sql(f"INSERT INTO {draft} SELECT * FROM {table}")
    connection.exec_driver_sql(f"DROP TABLE {table}")
    connection.exec_driver_sql(f"ALTER TABLE {draft} RENAME TO {table}")
    for (statement,) in indexes:
        connection.exec_driver_sql(statement)
    return True


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _recorded_day(value: object) -> date:
    """The local day an event was typed in (created_at is naive UTC)."""
    instant = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return instant.replace(tzinfo=UTC).astimezone().date()


def _recompute_interviewed(connection: sa.Connection) -> None:
    histories: dict[int, list[tuple[str, int | None, date, object]]] = {}
    rows = connection.execute(
        sa.text(
            "SELECT application_id, stage, round, occurred_on, created_at FROM event "
            "WHERE kind = 'stage' AND application_id IN "
            "(SELECT application_id FROM event WHERE kind = 'stage' AND stage = 'interview') "
            "ORDER BY application_id, id"
        )
    )
    for application_id, stage, round_, occurred_on, created_at in rows:
        histories.setdefault(application_id, []).append(
            (stage, round_, _day(occurred_on), created_at)
        )
    updates = []
    for application_id, events in histories.items():
        newest_stage, _, newest_day, _ = events[-1]
        closed_on = newest_day if newest_stage in _CLOSED else None
        reached, rounds, replies = 0, [], []
        for stage, round_, day, created_at in events:
            level = _LEVEL.get(stage, 0)
            cancelled = stage == "interview" and closed_on is not None and day > closed_on
            if cancelled:
                level = _SCREENED  # invited, but the round never happened
            elif round_ is not None:
                rounds.append(round_)
            if stage == "interview":
                day = min(day, _recorded_day(created_at))
            reached = max(reached, level)
            if level >= _REPLY_FROM:
                replies.append(day)
        updates.append(
            {
                "id": application_id,
                "reached": reached,
                "round": max(rounds, default=None),
                "replied_on": min(replies, default=None),
            }
        )
    statement = sa.text(
        "UPDATE application SET reached = :reached, round = :round, replied_on = :replied_on "
        "WHERE id = :id"
    )
    for start in range(0, len(updates), _CHUNK):
        connection.execute(statement, updates[start : start + _CHUNK])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in _TABLES:
            with op.batch_alter_table(table, recreate="always"):
                pass
