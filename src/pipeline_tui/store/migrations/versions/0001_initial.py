"""Companies, applications and their append-only event history.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "company",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("name_key", sa.String, nullable=False, unique=True),
        sa.Column("website", sa.String),
        sa.Column("notes", sa.String),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "application",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("company_id", sa.Integer, sa.ForeignKey("company.id"), nullable=False),
        sa.Column("role", sa.String, nullable=False),
        sa.Column("department", sa.String),
        sa.Column("location", sa.String),
        sa.Column("url", sa.String),
        sa.Column("source", sa.String),
        sa.Column("program", sa.String),
        sa.Column("campaign", sa.String),
        sa.Column("applied_on", sa.Date),
        sa.Column("stage", sa.String, nullable=False),
        sa.Column("round", sa.Integer),
        sa.Column("last_event_on", sa.Date),
        sa.Column("notes", sa.String),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_application_company_id", "application", ["company_id"])
    op.create_index("ix_application_applied_on", "application", ["applied_on"])
    op.create_index("ix_application_stage", "application", ["stage"])
    op.create_table(
        "event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "application_id",
            sa.Integer,
            sa.ForeignKey("application.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String, nullable=False, server_default="stage"),
        sa.Column("stage", sa.String, nullable=False),
        sa.Column("round", sa.Integer),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("note", sa.String),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_event_application_stage", "event", ["application_id", "stage"])
    op.create_index("ix_event_occurred_on", "event", ["occurred_on"])


def downgrade() -> None:
    op.drop_table("event")
    op.drop_table("application")
    op.drop_table("company")
