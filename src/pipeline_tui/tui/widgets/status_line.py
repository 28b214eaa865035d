"""A one-line status bar that repaints without asking for a new layout, and shows notices.

Notices (what a write did, errors) are shown here for a few seconds instead of in Textual's
toasts: a toast is composed over the widgets beneath it, and the compositor cuts every line
at those widgets' edges, splitting a wide (CJK) character that straddles one into blanks
("腾讯 — 台开发"). This bar is one widget spanning the screen, so nothing cuts its line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.timer import Timer
from textual.widget import Widget

from pipeline_tui.tui.cells import safe

if TYPE_CHECKING:
    from pipeline_tui.tui.app_access import Pipeline

# What every screen's status says while reads of the database fail.
READ_PROBLEM = "   ⚠ cannot read the database: showing what was read before; retrying"
# The mark in front of a notice; the bar's background takes the severity's colour (CSS).
NOTICE_MARKS = {"information": "✓ ", "warning": "! ", "error": "✗ "}
MAX_NOTICE_LINES = 2
NOTICE_SECONDS = {"information": 4.0, "warning": 6.0, "error": 10.0}


class StatusLine(Widget):
    """Shows a Text; updating it repaints one line (Static.update would re-layout the screen)."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        &.-notice-information { background: $success 25%; }
        &.-notice-warning { background: $warning 25%; }
        &.-notice-error { background: $error 30%; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = Text()
        self._notice: Text | None = None
        self._timer: Timer | None = None

    def show(self, text: Text) -> None:
        """Display text (user text in it must already be literal Text)."""
        if text != self._text:
            self._text = text
            if self._notice is None:
                self.refresh()

    def notice(self, message: str, *, title: str = "", severity: str = "information",
               timeout: float | None = None) -> None:  # fmt: skip
        """Show a notice in place of the status for a few seconds (message is plain text)."""
        mark = NOTICE_MARKS.get(severity, NOTICE_MARKS["information"])
        text = Text(" " + mark, style="bold")
        if title:
            text.append(f"{title}: ", style="bold")
        text.append(message)
        # A notice that does not fit takes a second line while it shows; one longer than two
        # lines ends in "…" (the messages log, in the palette, keeps the whole text).
        width = self.size.width
        lines = list(text.wrap(self.app.console, width)) if width else [text]
        if len(lines) > MAX_NOTICE_LINES:
            text = cut_lines(lines, width)
        self._notice = text
        self.styles.height = min(max(len(lines), 1), MAX_NOTICE_LINES)
        for level in NOTICE_MARKS:
            self.set_class(level == severity, f"-notice-{level}")
        if self._timer is not None:
            self._timer.stop()
        seconds = timeout if timeout is not None else NOTICE_SECONDS.get(severity, 4.0)
        self._timer = self.set_timer(seconds, self.clear_notice)
        self.refresh()

    def clear_notice(self) -> None:
        """Go back to the status."""
        self._notice = None
        for level in NOTICE_MARKS:
            self.remove_class(f"-notice-{level}")
        self.styles.height = 1
        self.refresh()

    @property
    def status_text(self) -> str:
        """The status (under any notice), as plain text."""
        return self._text.plain

    def render(self) -> Text:
        if self._notice is not None:
            return self._notice
        # The status is one line: what does not fit ends in "…" rather than being cut silently.
        text = self._text.copy()
        if self.size.width:
            text.truncate(self.size.width, overflow="ellipsis")
        return text


def cut_lines(lines: list[Text], width: int) -> Text:
    """Return the first MAX_NOTICE_LINES of wrapped lines, the last ending in "…"."""
    kept = [line.copy() for line in lines[:MAX_NOTICE_LINES]]
    last = kept[-1]
    last.rstrip()
    last.truncate(max(width - 1, 1))
    last.append("…")
    return Text("\n").join(kept)


def append_app_state(text: Text, app: Pipeline) -> Text:
    """Append what every screen's status says: a read problem, then the change u would undo."""
    if app.read_problem is not None:
        text.append(READ_PROBLEM, style="bold red")
    change = app.history.next_undo()
    if change is not None:
        text.append("   u undoes: ", style="dim")
        text.append(safe(change.description), style="dim italic")
    return text
