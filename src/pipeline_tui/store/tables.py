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

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(unique=True)
    website: str | None = None
    notes: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)


class ApplicationRow(SQLModel, table=True):
    """An application; stage, round, applied_on and last_event_on mirror its events."""

    __tablename__ = "application"

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    role: str
    department: str | None = None
    location: str | None = None
    url: str | None = None
    source: str | None = None
    program: str | None = None
    campaign: str | None = None
    applied_on: date | None = Field(default=None, index=True)
    stage: str = Field(index=True)
    round: int | None = None
    last_event_on: date | None = None
    notes: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    archived: bool = False


class EventRow(SQLModel, table=True):
    """One entry of the append-only history of an application."""

    __tablename__ = "event"
    __table_args__ = (sa.Index("ix_event_application_stage", "application_id", "stage"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE")
    kind: str = "stage"
    stage: str
    round: int | None = None
    occurred_on: date = Field(index=True)
    note: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
