"""People and follow-ups: contacts, their links to applications, the interaction log,
reminders, and interview details (time, duration, format, place, interviewers).

Only new tables: no existing table is rebuilt, so existing rows are untouched.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("name_key", sa.String, nullable=False),
        sa.Column("company_id", sa.Integer, sa.ForeignKey("company.id")),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("email", sa.String),
        sa.Column("phone", sa.String),
        sa.Column("handles", sa.String),
        sa.Column("notes", sa.String),
        sa.Column("every_days", sa.Integer),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_contact_company_id", "contact", ["company_id"])
    op.create_index("ix_contact_name_key", "contact", ["name_key"])
    op.create_table(
        "contact_link",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "contact_id",
            sa.Integer,
            sa.ForeignKey("contact.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "application_id",
            sa.Integer,
            sa.ForeignKey("application.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("role", sa.String, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("contact_id", "application_id", "role"),
    )
    op.create_index("ix_contact_link_application_id", "contact_link", ["application_id"])
    op.create_table(
        "interaction",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "contact_id",
            sa.Integer,
            sa.ForeignKey("contact.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("channel", sa.String),
        sa.Column("note", sa.String),
        sa.Column(
            "application_id", sa.Integer, sa.ForeignKey("application.id", ondelete="SET NULL")
        ),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_interaction_contact_day", "interaction", ["contact_id", "occurred_on"])
    op.create_index(
        "ix_interaction_application_day", "interaction", ["application_id", "occurred_on"]
    )
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "application_id", sa.Integer, sa.ForeignKey("application.id", ondelete="CASCADE")
        ),
        sa.Column("contact_id", sa.Integer, sa.ForeignKey("contact.id", ondelete="CASCADE")),
        sa.Column("kind", sa.String, nullable=False, server_default="manual"),
        sa.Column("text", sa.String, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("done_at", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_reminder_open", "reminder", ["done_at", "due_on"])
    op.create_index("ix_reminder_application_id", "reminder", ["application_id"])
    op.create_index("ix_reminder_contact_id", "reminder", ["contact_id"])
    op.create_table(
        "interview",
        sa.Column(
            "event_id",
            sa.Integer,
            sa.ForeignKey("event.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("starts_at", sa.Time),
        sa.Column("duration_minutes", sa.Integer),
        sa.Column("format", sa.String),
        sa.Column("place", sa.String),
    )
    op.create_table(
        "event_interviewer",
        sa.Column(
            "event_id",
            sa.Integer,
            sa.ForeignKey("event.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "contact_id",
            sa.Integer,
            sa.ForeignKey("contact.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_event_interviewer_contact_id", "event_interviewer", ["contact_id"])


def downgrade() -> None:
    op.drop_table("event_interviewer")
    op.drop_table("interview")
    op.drop_table("reminder")
    op.drop_table("interaction")
    op.drop_table("contact_link")
    op.drop_table("contact")
