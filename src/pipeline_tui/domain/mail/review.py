"""A proposal in the review queue: what one message would record, and the evidence for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from pipeline_tui.domain.stages import Stage

# The origin of the events an accepted proposal records (see models.Event.origin).
FROM_MAIL = "mail"
PENDING = "pending"
ACCEPTED = "accepted"
REJECTED = "rejected"


def stage_label(stage: Stage | None, round_number: int | None) -> str:
    """What accepting records: "interview 2", "rejected", or "-" when nothing."""
    if stage is None:
        return "-"
    if stage is Stage.INTERVIEW and round_number:
        return f"interview {round_number}"
    return stage.value


@dataclass(frozen=True, slots=True)
class Proposal:
    """One queued proposal.

    status: pending, accepted or rejected; an accepted proposal whose event was undone is
    pending again. application_id: the recorded application it links to (None: a new one
    for a confirmation, or none matched: `link` says which). after_id: the queued
    confirmation whose acceptance records the application first.
    """

    id: int
    message_id: str | None
    sender: str
    subject: str
    sent_on: date | None
    kind: str
    rule: str | None
    confidence: float
    evidence: str
    company: str | None
    role: str | None
    requisition: str | None
    link: str
    application_id: int | None
    after_id: int | None
    stage: Stage | None
    round: int | None
    interview_on: date | None
    interview_at: time | None
    interview_format: str | None
    decision: str | None
    decided_at: datetime | None
    event_id: int | None
    batch: int | None
    created_at: datetime
    # Filled by the query for display: the linked application's "Company — Role".
    application_title: str | None = None

    @property
    def status(self) -> str:
        """pending, accepted or rejected."""
        if self.decision == ACCEPTED and self.event_id is not None:
            return ACCEPTED
        if self.decision == REJECTED:
            return REJECTED
        return PENDING

    @property
    def target(self) -> str:
        """Where accepting records it: "#12", "new", "after #3", or "none"."""
        if self.application_id is not None:
            return f"#{self.application_id}"
        if self.after_id is not None:
            return f"after #{self.after_id}"
        if self.link == "new":
            return "new"
        return "none"

    @property
    def stage_label(self) -> str:
        """ "interview 2", "rejected", or "-" when there is none."""
        return stage_label(self.stage, self.round)

    @property
    def interview_when(self) -> str:
        """The interview's day, time and format the mail gives ("2024-10-03 14:00 video"), or
        "" when it gives none."""
        return " ".join(
            part
            for part in (
                self.interview_on.isoformat() if self.interview_on else "",
                self.interview_at.strftime("%H:%M") if self.interview_at else "",
                self.interview_format or "",
            )
            if part
        )

    def as_json(self) -> dict[str, Any]:
        """Return the proposal as JSON-ready data."""
        interview = None
        if self.interview_on or self.interview_at or self.interview_format:
            interview = {
                "date": self.interview_on.isoformat() if self.interview_on else None,
                "time": self.interview_at.strftime("%H:%M") if self.interview_at else None,
                "format": self.interview_format,
            }
        return {
            "id": self.id,
            "status": self.status,
            "message_id": self.message_id,
            "date": self.sent_on.isoformat() if self.sent_on else None,
            "sender": self.sender,
            "subject": self.subject,
            "kind": self.kind,
            "company": self.company,
            "role": self.role,
            "requisition": self.requisition,
            "application_id": self.application_id,
            "after_id": self.after_id,
            "link": self.link,
            "stage": self.stage.value if self.stage else None,
            "round": self.round,
            "interview": interview,
            "rule": self.rule,
            "confidence": self.confidence,
            "evidence": self.evidence,
            "event_id": self.event_id,
            "batch": self.batch,
        }
