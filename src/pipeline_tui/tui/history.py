"""What this UI session changed, so `u` takes back the last change and `U` makes it again.

Plain Python, no Textual: the app records a Change after each write of its own and runs the
change's `undo` or `redo` write when asked. Writes made from another terminal are not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline_tui.domain.identity import BatchIdentity
from pipeline_tui.domain.models import Event
from pipeline_tui.tui.writes import Change


@dataclass(frozen=True, slots=True)
class CameBack:
    """What the last undo or redo brought back (or touched), for the cursor to land on: an
    application (board, table, offers), a contact, a due line (r3, f12)."""

    application_id: int | None
    contact_id: int | None
    due_ref: str | None


class History:
    """A stack of changes made in this session, and the last one undone (for redo)."""

    def __init__(self) -> None:
        self._done: list[Change] = []
        self._undone: list[Change] = []

    def record(self, change: Change) -> None:
        """Remember a new change; it makes earlier undone changes unrepeatable."""
        self._done.append(change)
        self._undone.clear()

    def next_undo(self) -> Change | None:
        """The change `u` would take back."""
        return self._done[-1] if self._done else None

    def next_redo(self) -> Change | None:
        """The change `U` would make again."""
        return self._undone[-1] if self._undone else None

    def undone(self, change: Change) -> None:
        """Move change from the done stack (wherever it is: `z` may take back an older one) to
        the redo stack; a change that was never on it (`z` on another terminal's event) goes
        on the redo stack all the same."""
        _remove(self._done, change)
        self._undone.append(change)

    def redone(self, change: Change, again: Change | None) -> None:
        """Move a redone change back to the done stack, as again (the fresh way to undo it)."""
        _remove(self._undone, change)
        self._done.append(again or change)

    def drop(self, change: Change) -> None:
        """Forget a change whose undo or redo can no longer be made (another terminal removed
        or replaced what it wrote), so the next `u` or `U` reaches the one before it."""
        _remove(self._done, change)
        _remove(self._undone, change)

    def recorded(self, event: Event) -> Change | None:
        """The newest change of this session whose undo takes back event (its own event, or
        the batch it is part of), if any."""
        for change in reversed(self._done):
            removes = change.removes
            if removes is None:
                continue
            if isinstance(removes, BatchIdentity):
                if event.batch is not None and event.batch == removes.batch:
                    return change
            elif removes.matches(event):
                return change
        return None


def _remove(changes: list[Change], change: Change) -> None:
    """Remove change (this very one, not an equal one) from changes, if it is there."""
    for index in range(len(changes) - 1, -1, -1):
        if changes[index] is change:
            del changes[index]
            return
