"""Errors a user can cause; front ends show them as one line, never a traceback.

Services raise these types with plain sentences about the data ("#3 Acme — Eng: screening to
submitted moves backwards"). Advice on what to do next is the front end's: the command line
says "add --force", the UI asks "Record anyway?". No front end parses or rewrites the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum


class UserError(Exception):
    """A mistake in what the user asked for (bad stage, no match, duplicate); exit status 1."""


class StoreError(UserError):
    """The database cannot be opened or used (not SQLite, damaged, from a newer version)."""


class ConfigError(UserError):
    """The settings file cannot be read or holds a value of the wrong kind."""


class DateError(UserError, ValueError):
    """A date the user typed that cannot be read; str(error) says why in one line."""


class InvalidValue(UserError):
    """A value the user gave that cannot be used; field names it (as the CLI option does)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFound(UserError):
    """A reference (an id or some text) that matches nothing."""


class ChangedElsewhere(NotFound):
    """What an undo (or the redo of one) would take back is gone, or is no longer what this
    session wrote: another terminal removed or replaced it. Nothing was changed."""


class AmbiguousRef(UserError):
    """A reference that matches several records; candidates lists some as (id, description)."""

    def __init__(self, message: str, candidates: Sequence[tuple[int, str]], total: int) -> None:
        super().__init__(message)
        self.candidates = list(candidates)
        self.total = total


class ForceReason(StrEnum):
    """Why a request needs an explicit override (`--force`, "Record anyway?")."""

    BACKWARDS = "backwards"  # an open stage earlier than the current one
    REOPEN = "reopen"  # moving an application out of a closing stage
    REPEAT = "repeat"  # a stage or interview round that is already recorded
    NEEDS_OFFER = "needs offer"  # accepted or declined without an offer
    NOT_SUBMITTED = "not submitted"  # rejected or ghosted while only saved
    BEFORE_SUBMISSION = "before submission"  # an answer dated before the application was sent
    FUTURE = "future"  # something that already happened, dated after today
    DUPLICATE = "duplicate"  # the same company, role and department is still open
    NOT_EMPTY = "not empty"  # demo data into a database that already holds applications
    REMOVES_APPLICATION = "removes application"  # an undo that takes a whole application
    REMOVES_APPLICATIONS = "removes applications"  # an undo that takes several (an import)
    REMOVES_CONTACT = "removes contact"  # an undo that takes a contact with a log or links


class NeedsForce(UserError):
    """A request the rules refuse unless the user insists; reason says which rule."""

    def __init__(self, reason: ForceReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason

    def about(self, subject: str) -> NeedsForce:
        """Return the same refusal with subject (an application's name) in front."""
        return NeedsForce(self.reason, f"{subject}: {self}")


class BadRows(UserError):
    """A file with rows that cannot be imported; problems lists each, with its line number."""

    def __init__(self, message: str, problems: Sequence[str]) -> None:
        super().__init__(message)
        self.problems = list(problems)
