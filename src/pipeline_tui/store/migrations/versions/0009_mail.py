"""Mail: the messages already read and the review queue of what they propose; and the text of
the job posting an application came from.

New tables and one new nullable column: existing rows keep every value.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("posting", sa.String))
    op.create_table(
        "mail_seen",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("message_key", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("seen_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("message_key", name="uq_mail_seen_message_key"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "mail_proposal",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "seen_id",
            sa.Integer,
            sa.ForeignKey("mail_seen.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("message_id", sa.String),
        sa.Column("sender", sa.String, nullable=False, server_default=""),
        sa.Column("subject", sa.String, nullable=False, server_default=""),
        sa.Column("sent_on", sa.Date),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("rule", sa.String),
        sa.Column("confidence", sa.Integer, nullable=False),
        sa.Column("evidence", sa.String, nullable=False, server_default=""),
        sa.Column("company", sa.String),
        sa.Column("role", sa.String),
        sa.Column("requisition", sa.String),
        sa.Column("link", sa.String, nullable=False),
        sa.Column(
            "application_id", sa.Integer, sa.ForeignKey("application.id", ondelete="SET NULL")
        ),
        sa.Column("after_id", sa.Integer, sa.ForeignKey("mail_proposal.id", ondelete="SET NULL")),
        sa.Column("stage", sa.String),
        sa.Column("round", sa.Integer),
        sa.Column("interview_on", sa.Date),
        sa.Column("interview_at", sa.Time),
        sa.Column("interview_format", sa.String),
        sa.Column("decision", sa.String),
        sa.Column("decided_at", sa.DateTime),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("event.id", ondelete="SET NULL")),
        sa.Column("batch", sa.Integer),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_mail_proposal_decision", "mail_proposal", ["decision", "id"])
    op.create_index("ix_mail_proposal_seen_id", "mail_proposal", ["seen_id"])
    op.create_index("ix_mail_proposal_application_id", "mail_proposal", ["application_id"])
    op.create_index("ix_mail_proposal_after_id", "mail_proposal", ["after_id"])
    op.create_index("ix_mail_proposal_event_id", "mail_proposal", ["event_id"])
    op.create_index("ix_mail_proposal_message_id", "mail_proposal", ["message_id"])


def downgrade() -> None:
    op.drop_table("mail_proposal")
    op.drop_table("mail_seen")
    # Rebuilding the table keeps AUTOINCREMENT, so ids stay never reused (0007).
    with op.batch_alter_table("application", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("posting")
