"""What this UI session changed, so `u` takes back the last change and `U` makes it again.

Plain Python, no Textual: the app records a Change after each write of its own and runs the
change's `undo` or `redo` write when asked. Writes made from another terminal are not here.
"""

from __future__ import annotations

from pipeline_tui.tui.writes import Change


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
        """Move change from the done stack to the redo stack (its undo succeeded)."""
        if self._done and self._done[-1] is change:
            self._done.pop()
        self._undone.append(change)

    def redone(self, change: Change, again: Change | None) -> None:
        """Move a redone change back to the done stack, as again (the fresh way to undo it)."""
        if self._undone and self._undone[-1] is change:
            self._undone.pop()
        self._done.append(again or change)
