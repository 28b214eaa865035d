"""Stages an application moves through, their aliases, and the rules for moving."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pipeline_tui.errors import ForceReason, NeedsForce, UserError


class Stage(StrEnum):
    """Where an application is; the first five are open, the rest close it."""

    SAVED = "saved"
    SUBMITTED = "submitted"
    SCREENING = "screening"
    INTERVIEW = "interview"
    OFFER = "offer"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    GHOSTED = "ghosted"

    @property
    def is_open(self) -> bool:
        """True while the application can still move forward."""
        return self in OPEN_STAGES

    @property
    def is_closed(self) -> bool:
        """True for accepted, declined, rejected, withdrawn and ghosted."""
        return self not in OPEN_STAGES


OPEN_STAGES: tuple[Stage, ...] = (
    Stage.SAVED,
    Stage.SUBMITTED,
    Stage.SCREENING,
    Stage.INTERVIEW,
    Stage.OFFER,
)
CLOSED_STAGES: tuple[Stage, ...] = (
    Stage.ACCEPTED,
    Stage.DECLINED,
    Stage.REJECTED,
    Stage.WITHDRAWN,
    Stage.GHOSTED,
)
# Rank of each open stage; closing stages have no rank of their own.
_OPEN_RANK = {stage: rank for rank, stage in enumerate(OPEN_STAGES)}
# Stages that may be recorded again: another screening step, another round, a revised offer.
_REPEATABLE = frozenset({Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER})

ALIASES: dict[str, Stage] = {
    "applied": Stage.SUBMITTED,
    "sent": Stage.SUBMITTED,
    "replied": Stage.SCREENING,
    "screen": Stage.SCREENING,
    "hr": Stage.SCREENING,
    "oa": Stage.SCREENING,
    "test": Stage.SCREENING,
    "assessment": Stage.SCREENING,
    "reject": Stage.REJECTED,
    "wishlist": Stage.SAVED,
}


# Stages that report something that already happened; screening and interview may be booked
# ahead (they then show as upcoming).
PAST_ONLY: frozenset[Stage] = frozenset(
    {
        Stage.SAVED,
        Stage.SUBMITTED,
        Stage.OFFER,
        Stage.ACCEPTED,
        Stage.DECLINED,
        Stage.REJECTED,
        Stage.WITHDRAWN,
        Stage.GHOSTED,
    }
)


def check_date(stage: Stage, occurred_on: date, *, today: date, force: bool) -> None:
    """Raise NeedsForce for a stage that reports the past dated after today, unless force."""
    if not force and stage in PAST_ONLY and occurred_on > today:
        raise NeedsForce(
            ForceReason.FUTURE,
            f"{stage} on {occurred_on.isoformat()} is after today ({today.isoformat()}); only "
            "screening and interviews can be booked ahead",
        )


def stage_label(stage: Stage, round: int | None) -> str:
    """Return "interview 2" for a second round, else the stage's name."""
    if stage is Stage.INTERVIEW and round:
        return f"interview {round}"
    return stage.value


class StageError(UserError):
    """A stage name that is neither a stage nor an alias."""


def parse_stage(text: str) -> Stage:
    """Return the stage named by text or one of its aliases, case-insensitively."""
    key = text.strip().casefold()
    try:
        return Stage(key)
    except ValueError:
        pass
    if key in ALIASES:
        return ALIASES[key]
    valid = ", ".join(stage.value for stage in Stage)
    raise StageError(f"unknown stage {text!r}; valid stages: {valid}")


def check_move(current: Stage, target: Stage, *, had_offer: bool, force: bool) -> None:
    """Raise NeedsForce if moving from current to target breaks the rules and force is off."""
    if force:
        return
    if current.is_closed:
        raise NeedsForce(ForceReason.REOPEN, f"it is closed ({current})")
    if target in (Stage.ACCEPTED, Stage.DECLINED) and not had_offer:
        raise NeedsForce(ForceReason.NEEDS_OFFER, f"{target} needs an offer first")
    if target in (Stage.REJECTED, Stage.GHOSTED) and current is Stage.SAVED:
        raise NeedsForce(
            ForceReason.NOT_SUBMITTED, f"it was never submitted, so it cannot be {target}"
        )
    if target.is_closed:
        return
    if target == current and target not in _REPEATABLE:
        raise NeedsForce(ForceReason.REPEAT, f"it is already at {current}")
    if _OPEN_RANK[target] < _OPEN_RANK[current]:
        raise NeedsForce(ForceReason.BACKWARDS, f"{current} to {target} moves backwards")
