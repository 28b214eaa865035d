"""The CV and cover-letter version each application was sent with (free text: "v3", "L2").

Two new nullable columns: existing applications keep every value and have no version yet.
Each, and the talent programme, gets an index leading with it and covering what the funnel and
the reply curve read, so `funnel --by cv` (letter, program) never visits the table.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# A frozen copy of store.tables.GROUP_INDEX_COLUMNS as this revision builds them.
_COVERED = ("reached", "stage", "applied_on", "round", "replied_on", "last_event_on")


def upgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("cv", sa.String))
        batch.add_column(sa.Column("letter", sa.String))
    for column in ("cv", "letter", "program"):
        op.create_index(f"ix_application_{column}", "application", [column, *_COVERED])


def downgrade() -> None:
    for column in ("cv", "letter", "program"):
        op.drop_index(f"ix_application_{column}", "application")
    # Rebuilding the table keeps AUTOINCREMENT, so ids stay never reused (0007).
    with op.batch_alter_table("application", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("letter")
        batch.drop_column("cv")
