"""Where an event came from: NULL for one recorded here, "import" for one an import created
(the events a status in a spreadsheet implies).

Only a new nullable column: existing rows keep every value and read as recorded here.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("origin", sa.String))


def downgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.drop_column("origin")
