"""Search text per application (folded in Python, so every script matches case-insensitively),
and event batches (one command's events across applications, undone together).

Revision ID: 0003
Revises: 0002
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_CHUNK = 5_000


def _fold(text: str) -> str:
    # A frozen copy of domain.text.fold as it was when this revision was written.
    return unicodedata.normalize("NFKC", text).casefold()


def upgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("search_key", sa.Text, nullable=False, server_default=""))
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("batch", sa.Integer))
    op.create_index("ix_event_batch", "event", ["batch"])
    connection = op.get_bind()
    notes: dict[int, list[str]] = {}
    for application_id, note in connection.exec_driver_sql(
        "SELECT application_id, note FROM event WHERE note IS NOT NULL ORDER BY id"
    ):
        notes.setdefault(application_id, []).append(note)
    rows = connection.exec_driver_sql(
        "SELECT a.id, c.name, a.role, a.department, a.source, a.campaign, a.notes "
        "FROM application AS a JOIN company AS c ON c.id = a.company_id ORDER BY a.id"
    ).fetchall()
    updates = []
    for application_id, *fields in rows:
        parts = [*fields, *notes.get(application_id, [])]
        updates.append(
            {"key": "\n".join(_fold(part) for part in parts if part), "id": application_id}
        )
    # Named parameters through sa.text: the same statement runs on SQLite and PostgreSQL.
    statement = sa.text("UPDATE application SET search_key = :key WHERE id = :id")
    for start in range(0, len(updates), _CHUNK):
        connection.execute(statement, updates[start : start + _CHUNK])


def downgrade() -> None:
    op.drop_index("ix_event_batch", "event")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("batch")
    with op.batch_alter_table("application") as batch:
        batch.drop_column("search_key")
