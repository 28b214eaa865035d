"""Offers and their revisions, why applications ended (reasons on closing events), and the
closing dates of saved postings.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("reason", sa.String))
        batch.add_column(sa.Column("reason_text", sa.String))
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("closes_on", sa.Date))
        batch.add_column(sa.Column("close_reason", sa.String))
    # No event carries a reason yet, so close_reason starts empty everywhere.
    op.create_index("ix_application_closes_on", "application", ["closes_on"])
    op.create_index("ix_application_close_reason", "application", ["close_reason"])
    op.create_table(
        "offer",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "application_id",
            sa.Integer,
            sa.ForeignKey("application.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "event_id", sa.Integer, sa.ForeignKey("event.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("currency", sa.String, nullable=False),
        sa.Column("base_low", sa.Integer, nullable=False),
        sa.Column("base_high", sa.Integer, nullable=False),
        sa.Column("base_per_year", sa.Integer, nullable=False),
        sa.Column("bonus_low", sa.Integer),
        sa.Column("bonus_high", sa.Integer),
        sa.Column("bonus_bp_low", sa.Integer),
        sa.Column("bonus_bp_high", sa.Integer),
        sa.Column("signing_low", sa.Integer),
        sa.Column("signing_high", sa.Integer),
        sa.Column("equity_low", sa.Integer),
        sa.Column("equity_high", sa.Integer),
        sa.Column("vesting_years", sa.Integer),
        sa.Column("other_low", sa.Integer),
        sa.Column("other_high", sa.Integer),
        sa.Column("tier", sa.String),
        sa.Column("location", sa.String),
        sa.Column("terms", sa.String, nullable=False, server_default="{}"),
        sa.Column("deadline", sa.Date),
        sa.Column("notes", sa.String),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_offer_application", "offer", ["application_id", "id"])
    op.create_index("ix_offer_event_id", "offer", ["event_id"])
    op.create_index("ix_offer_deadline", "offer", ["deadline"])


def downgrade() -> None:
    op.drop_table("offer")
    op.drop_index("ix_application_close_reason", "application")
    op.drop_index("ix_application_closes_on", "application")
    with op.batch_alter_table("application") as batch:
        batch.drop_column("close_reason")
        batch.drop_column("closes_on")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("reason_text")
        batch.drop_column("reason")
