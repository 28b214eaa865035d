"""CV and cover-letter versions: how a typed version is cleaned, and how much each is used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pipeline_tui.errors import InvalidValue

VersionKind = Literal["cv", "letter"]
VERSION_KINDS: tuple[VersionKind, ...] = ("cv", "letter")
MAX_VERSION_LENGTH = 200


def clean_version(kind: str, text: str | None) -> str | None:
    """Return a version as stored (inner spaces collapsed), None when blank; refuse a long one."""
    cleaned = " ".join((text or "").split())
    if len(cleaned) > MAX_VERSION_LENGTH:
        raise InvalidValue(
            kind, f"the {kind} version is longer than {MAX_VERSION_LENGTH} characters"
        )
    return cleaned or None


@dataclass(frozen=True, slots=True)
class VersionUse:
    """One CV or letter version and the applications that used it (None: none recorded).

    Versions that differ only in case are one, shown as most applications spell it.
    """

    version: str | None
    applications: int
    submitted: int
    first_sent: date | None
    last_sent: date | None

    def as_json(self) -> dict[str, Any]:
        """Return the version's use as JSON-ready data."""
        return {
            "version": self.version,
            "applications": self.applications,
            "submitted": self.submitted,
            "first_sent": self.first_sent.isoformat() if self.first_sent else None,
            "last_sent": self.last_sent.isoformat() if self.last_sent else None,
        }


@dataclass(frozen=True, slots=True)
class VersionsInUse:
    """The CV versions and the letter versions in use, most used first."""

    cv: tuple[VersionUse, ...]
    letter: tuple[VersionUse, ...]

    def as_json(self) -> dict[str, Any]:
        """Return {"cv": [...], "letter": [...]}."""
        return {
            "cv": [item.as_json() for item in self.cv],
            "letter": [item.as_json() for item in self.letter],
        }
