"""SQLModel tables; migrations create them, this module only describes them for queries."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Store instants as naive UTC text and hand them back timezone-aware."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("instants must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


class CompanyRow(SQLModel, table=True):
    """A company; name_key (casefolded name) keeps one row per company."""

    __tablename__ = "company"
    # Ids are never handed out twice (SQLite: AUTOINCREMENT, migration 0007), so an undo that
    # names a row by id never finds another row in its place.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(unique=True)
    website: str | None = None
    notes: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)


# A group's value first, then what the funnel and the reply curve read (migration 0008).
GROUP_INDEX_COLUMNS = {
    column: (column, "reached", "stage", "applied_on", "round", "replied_on", "last_event_on")
    for column in ("cv", "letter", "program")
}


class ApplicationRow(SQLModel, table=True):
    """An application; its stage, round, dates and funnel progress mirror its events."""

    __tablename__ = "application"
    # Covers every column the funnel and the follow-up list read, so reports scan this index
    # and never the table; the leading (reached, stage) lets SQLite group without sorting.
    __table_args__ = (
        sa.Index(
            "ix_application_funnel",
            "reached",
            "stage",
            "applied_on",
            "round",
            "replied_on",
            "source",
            "campaign",
            "last_event_on",
            "archived",
        ),
        # Submissions by day for one campaign (the weekly chart) without reading the table.
        sa.Index("ix_application_applied_on_campaign", "applied_on", "campaign", "source"),
        # `funnel --by cv` (letter, program) reads only these, already grouped by the value.
        sa.Index("ix_application_cv", *GROUP_INDEX_COLUMNS["cv"]),
        sa.Index("ix_application_letter", *GROUP_INDEX_COLUMNS["letter"]),
        sa.Index("ix_application_program", *GROUP_INDEX_COLUMNS["program"]),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    role: str
    department: str | None = None
    location: str | None = None
    url: str | None = None
    source: str | None = None
    program: str | None = None
    campaign: str | None = None
    applied_on: date | None = None
    stage: str = Field(index=True)
    round: int | None = None
    last_event_on: date | None = None
    notes: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    archived: bool = False
    # Highest funnel level any event proved (domain.funnel.Level) and the first answer's date.
    reached: int = 0
    replied_on: date | None = Field(default=None, index=True)
    # Folded names, notes and timeline notes (domain.models.search_key) for text search.
    search_key: str = ""
    # The posting's closing date, for saved applications ("apply by").
    closes_on: date | None = Field(default=None, index=True)
    # The reason on the closing event while the application is closed (domain.models.derive).
    close_reason: str | None = Field(default=None, index=True)
    # The CV and cover-letter versions it was sent with ("v3", "L2"), for `funnel --by cv`.
    cv: str | None = None
    letter: str | None = None
    # The job posting's text, kept because postings disappear (`add --from`); searchable.
    posting: str | None = None


class EventRow(SQLModel, table=True):
    """One entry of the append-only history of an application."""

    __tablename__ = "event"
    # ix_event_stage_day covers the weekly report's counts of answers and interviews by day
    # without reading the submissions, which are most of the events.
    __table_args__ = (
        sa.Index("ix_event_application_stage", "application_id", "stage"),
        sa.Index("ix_event_stage_day", "kind", "stage", "occurred_on", "round", "application_id"),
        sa.Index("ix_event_batch", "batch"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE")
    kind: str = "stage"
    stage: str
    round: int | None = None
    occurred_on: date = Field(index=True)
    note: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    # Shared by the events one command recorded across applications; undo takes them together.
    batch: int | None = None
    # Why the application ended (rejected, withdrawn, declined): a listed name and free text.
    reason: str | None = None
    reason_text: str | None = None
    # Where the event came from: None when recorded here, "import" when an import created it.
    origin: str | None = None


class OfferRow(SQLModel, table=True):
    """One revision of an application's offer; the newest is the current one.

    Amounts are whole units of currency; a range keeps both ends (_low, _high: equal for an
    exact amount). Each revision belongs to the event that recorded it (the offer stage event,
    or a timeline note for a revision), so undoing that event removes the revision too.
    """

    __tablename__ = "offer"
    __table_args__ = (
        sa.Index("ix_offer_application", "application_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE")
    event_id: int = Field(foreign_key="event.id", ondelete="CASCADE", index=True)
    currency: str
    # The base is paid base_per_year times a year: 16 for "26k x 16", 1 for "400k/yr".
    base_low: int
    base_high: int
    base_per_year: int
    # A yearly bonus amount, or basis points of the yearly base (1500 is 15%).
    bonus_low: int | None = None
    bonus_high: int | None = None
    bonus_bp_low: int | None = None
    bonus_bp_high: int | None = None
    signing_low: int | None = None
    signing_high: int | None = None
    # The whole equity grant, vesting over vesting_years.
    equity_low: int | None = None
    equity_high: int | None = None
    vesting_years: int | None = None
    # Other yearly cash (allowances).
    other_low: int | None = None
    other_high: int | None = None
    tier: str | None = None
    location: str | None = None
    # Free key=value terms as a JSON object, in the order given.
    terms: str = "{}"
    deadline: date | None = Field(default=None, index=True)
    notes: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)


# Core handles on the same tables, for queries that select columns rather than load rows.
application_table: sa.Table = ApplicationRow.__table__  # type: ignore[attr-defined]
company_table: sa.Table = CompanyRow.__table__  # type: ignore[attr-defined]
event_table: sa.Table = EventRow.__table__  # type: ignore[attr-defined]


# People and follow-ups. Plain Core tables on the same metadata: no query loads them as ORM
# rows, and each SQLModel class would add ~1 ms of import to every command, quick-add included.
_metadata = SQLModel.metadata

contact_table = sa.Table(
    "contact",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String, nullable=False),
    # fold(name): text references and duplicate checks compare this.
    sa.Column("name_key", sa.String, nullable=False),
    # Optional: a headhunter's client may be unknown.
    sa.Column("company_id", sa.Integer, sa.ForeignKey("company.id")),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("email", sa.String),
    sa.Column("phone", sa.String),
    sa.Column("handles", sa.String),
    sa.Column("notes", sa.String),
    sa.Column("every_days", sa.Integer),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index("ix_contact_company_id", "company_id"),
    sa.Index("ix_contact_name_key", "name_key"),
    sqlite_autoincrement=True,
)

contact_link_table = sa.Table(
    "contact_link",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "contact_id", sa.Integer, sa.ForeignKey("contact.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column(
        "application_id",
        sa.Integer,
        sa.ForeignKey("application.id", ondelete="CASCADE"),
        nullable=False,
    ),
    # "referred me", "interviewer round 2"; "" when none was given (NULLs would defeat UNIQUE).
    sa.Column("role", sa.String, nullable=False, server_default=""),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("contact_id", "application_id", "role"),
    sa.Index("ix_contact_link_application_id", "application_id"),
    sqlite_autoincrement=True,
)

interaction_table = sa.Table(
    "interaction",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "contact_id", sa.Integer, sa.ForeignKey("contact.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("channel", sa.String),
    sa.Column("note", sa.String),
    # The log belongs to the contact: an application removed by undo leaves the entry in place.
    sa.Column("application_id", sa.Integer, sa.ForeignKey("application.id", ondelete="SET NULL")),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Index("ix_interaction_contact_day", "contact_id", "occurred_on"),
    sa.Index("ix_interaction_application_day", "application_id", "occurred_on"),
    sqlite_autoincrement=True,
)

reminder_table = sa.Table(
    "reminder",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("application_id", sa.Integer, sa.ForeignKey("application.id", ondelete="CASCADE")),
    sa.Column("contact_id", sa.Integer, sa.ForeignKey("contact.id", ondelete="CASCADE")),
    # manual, or follow-up / thank-you / stay-in-touch: a cadence item snoozed to a later day.
    sa.Column("kind", sa.String, nullable=False, server_default="manual"),
    sa.Column("text", sa.String, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("done_at", UTCDateTime),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index("ix_reminder_open", "done_at", "due_on"),
    sa.Index("ix_reminder_application_id", "application_id"),
    sa.Index("ix_reminder_contact_id", "contact_id"),
    sqlite_autoincrement=True,
)

# Details of an interview round, keyed by its stage event: undoing the event removes them.
interview_table = sa.Table(
    "interview",
    _metadata,
    sa.Column(
        "event_id", sa.Integer, sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    ),
    # Local wall-clock time on the event's day; NULL: the whole day.
    sa.Column("starts_at", sa.Time),
    sa.Column("duration_minutes", sa.Integer),
    sa.Column("format", sa.String),
    sa.Column("place", sa.String),
)

event_interviewer_table = sa.Table(
    "event_interviewer",
    _metadata,
    sa.Column(
        "event_id", sa.Integer, sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contact.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Index("ix_event_interviewer_contact_id", "contact_id"),
)
offer_table: sa.Table = OfferRow.__table__  # type: ignore[attr-defined]


# Mail: every message read (so none is proposed twice) and the review queue (migration 0009).
# Only what a proposal needs is kept: sender, subject, day, Message-ID, a short excerpt.
mail_seen_table = sa.Table(
    "mail_seen",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # The Message-ID, else "sha256:..." of the sender, date, subject and text.
    sa.Column("message_key", sa.String, nullable=False),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("seen_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("message_key", name="uq_mail_seen_message_key"),
    sqlite_autoincrement=True,
)

mail_proposal_table = sa.Table(
    "mail_proposal",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "seen_id", sa.Integer, sa.ForeignKey("mail_seen.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("message_id", sa.String),
    sa.Column("sender", sa.String, nullable=False, server_default=""),
    sa.Column("subject", sa.String, nullable=False, server_default=""),
    sa.Column("sent_on", sa.Date),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("rule", sa.String),
    # Hundredths: 93 is a confidence of 0.93.
    sa.Column("confidence", sa.Integer, nullable=False),
    sa.Column("evidence", sa.String, nullable=False, server_default=""),
    sa.Column("company", sa.String),
    sa.Column("role", sa.String),
    sa.Column("requisition", sa.String),
    # thread, requisition, company and role, company, new, ambiguous, none.
    sa.Column("link", sa.String, nullable=False),
    # The recorded application it links to; NULL: a new one, or none matched.
    sa.Column("application_id", sa.Integer, sa.ForeignKey("application.id", ondelete="SET NULL")),
    # The queued confirmation whose acceptance records the application first.
    sa.Column("after_id", sa.Integer, sa.ForeignKey("mail_proposal.id", ondelete="SET NULL")),
    # What accepting records: a stage (and interview round, day, time, format).
    sa.Column("stage", sa.String),
    sa.Column("round", sa.Integer),
    sa.Column("interview_on", sa.Date),
    sa.Column("interview_at", sa.Time),
    sa.Column("interview_format", sa.String),
    # NULL while waiting; accepted or rejected. An accepted proposal whose event was undone
    # (event_id set to NULL by the foreign key) waits again.
    sa.Column("decision", sa.String),
    sa.Column("decided_at", UTCDateTime),
    sa.Column("event_id", sa.Integer, sa.ForeignKey("event.id", ondelete="SET NULL")),
    sa.Column("batch", sa.Integer),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Index("ix_mail_proposal_decision", "decision", "id"),
    sa.Index("ix_mail_proposal_seen_id", "seen_id"),
    sa.Index("ix_mail_proposal_application_id", "application_id"),
    sa.Index("ix_mail_proposal_after_id", "after_id"),
    sa.Index("ix_mail_proposal_event_id", "event_id"),
    sa.Index("ix_mail_proposal_message_id", "message_id"),
    sqlite_autoincrement=True,
)
