"""Funnel progress per application: the highest level reached and the first answer's date.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# A frozen copy of domain.funnel.STAGE_LEVEL as it was when this revision was written: a
# migration must keep producing the same schema and data even if the domain changes later.
_LEVEL_OF_STAGE = """
    CASE stage
        WHEN 'submitted' THEN 1
        WHEN 'ghosted' THEN 1
        WHEN 'rejected' THEN 2
        WHEN 'screening' THEN 3
        WHEN 'interview' THEN 4
        WHEN 'offer' THEN 5
        WHEN 'declined' THEN 5
        WHEN 'accepted' THEN 6
        ELSE 0
    END
"""
_REPLY_STAGES = "('rejected', 'screening', 'interview', 'offer', 'declined', 'accepted')"


def upgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("reached", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("replied_on", sa.Date))
    # Correlated subqueries on ix_event_application_stage rather than UPDATE ... FROM, which
    # needs SQLite 3.33 (some Python 3.11 builds ship an older one).
    op.execute(
        f"""
        UPDATE application SET
            reached = coalesce((
                SELECT max({_LEVEL_OF_STAGE}) FROM event
                WHERE event.application_id = application.id AND event.kind = 'stage'
            ), 0),
            replied_on = (
                SELECT min(occurred_on) FROM event
                WHERE event.application_id = application.id AND event.kind = 'stage'
                AND event.stage IN {_REPLY_STAGES}
            )
        """
    )
    op.create_index(
        "ix_application_funnel",
        "application",
        [
            "reached",
            "stage",
            "applied_on",
            "round",
            "replied_on",
            "source",
            "campaign",
            "last_event_on",
            "archived",
        ],
    )
    op.create_index("ix_application_replied_on", "application", ["replied_on"])
    # Same leading column as the index it replaces, so list queries keep their plan.
    op.drop_index("ix_application_applied_on", "application")
    op.create_index(
        "ix_application_applied_on_campaign", "application", ["applied_on", "campaign", "source"]
    )
    op.create_index(
        "ix_event_stage_day",
        "event",
        ["kind", "stage", "occurred_on", "round", "application_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_application_applied_on_campaign", "application")
    op.create_index("ix_application_applied_on", "application", ["applied_on"])
    op.drop_index("ix_event_stage_day", "event")
    op.drop_index("ix_application_replied_on", "application")
    op.drop_index("ix_application_funnel", "application")
    with op.batch_alter_table("application") as batch:
        batch.drop_column("replied_on")
        batch.drop_column("reached")
