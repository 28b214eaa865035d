"""A footer that never cuts a key mid-word: entries that do not fit are left out whole."""

from __future__ import annotations

from rich.cells import cell_len
from textual.actions import parse
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# The entries given up first when the footer is too narrow, by action (the help screen and the
# palette still list them); after these, entries go from the right.
DROP_FIRST = (
    "quit", "open", "campaign", "undo_newest", "archive", "withdraw", "decided", "add",
)  # fmt: skip


def entry_width(key: FooterKey) -> int:
    """The cells one footer entry takes: its text, padding, border and margins."""
    return cell_len(key.render().plain) + key.styles.gutter.width + key.styles.margin.width


def entries_to_drop(widths: list[tuple[str, int]], room: int) -> set[int]:
    """Return the positions of the entries (action, width) to leave out so the rest fit in
    room cells: those named in DROP_FIRST first, in its order, then from the right."""
    total = sum(width for _, width in widths)
    order = [
        position
        for name in DROP_FIRST
        for position, (action, _) in enumerate(widths)
        if action == name
    ]
    order += [position for position in reversed(range(len(widths))) if position not in order]
    dropped: set[int] = set()
    for position in order:
        if total <= room:
            break
        dropped.add(position)
        total -= widths[position][1]
    return dropped


class FittedFooter(Footer):
    """Textual's footer, minus the entries that would not fit whole beside the palette key."""

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_entries)

    def compose(self) -> ComposeResult:
        yield from super().compose()
        self.call_after_refresh(self.fit_entries)

    def fit_entries(self) -> None:
        """Show every entry that fits, leaving out the rest whole."""
        keys = [key for key in self.query(FooterKey) if key.parent is self]
        entries = [key for key in keys if not key.has_class("-command-palette")]
        room = self.size.width - sum(
            entry_width(key) for key in keys if key.has_class("-command-palette")
        )
        widths = [(parse(key.action)[1], entry_width(key)) for key in entries]
        dropped = entries_to_drop(widths, room)
        for position, key in enumerate(entries):
            shown = position not in dropped
            if key.display != shown:
                key.display = shown
