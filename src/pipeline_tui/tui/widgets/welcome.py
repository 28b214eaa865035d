"""What an empty database shows instead of an empty board."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from pipeline_tui.domain.capture import EXAMPLE


def welcome_text() -> Text:
    """Return the welcome panel's text: how to add the first application or load demo data."""
    text = Text()
    text.append("Welcome to pipeline\n\n", style="bold")
    text.append("No applications yet. Record the first one:\n\n")
    text.append("  a  ", style="bold reverse")
    text.append("  quick capture, one line each:\n")
    text.append(f"       {EXAMPLE}\n\n", style="italic")
    text.append("  A  ", style="bold reverse")
    text.append("  the full form (department, campaign, programme, notes...)\n\n")
    text.append("Or from a shell, while this stays open:\n\n")
    text.append('  pipeline add ByteDance "LLM engineer" --source referral\n', style="italic")
    text.append("  pipeline demo --size 500", style="italic")
    text.append("     (a realistic sample search to explore)\n\n")
    text.append("New applications appear here within a second or two.\n", style="dim")
    text.append("Press ? for every key, ctrl+p for commands, q to quit.", style="dim")
    return text


class WelcomePanel(Static):
    """A centred panel with the first steps."""

    DEFAULT_CSS = """
    WelcomePanel {
        width: 1fr;
        height: 1fr;
        content-align: center middle;
        padding: 1 2;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(welcome_text(), id=id)
