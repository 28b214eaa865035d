"""The help screen: every key, the quick-capture grammar and the filter syntax."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from pipeline_tui.domain.capture import EXAMPLE
from pipeline_tui.tui.actions import ACTIONS, SECTIONS, bindings_for, shown_key
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.widgets.fitted_footer import FittedFooter


def keys_table(keymap: Mapping[str, str] | None = None) -> Table:
    """Return the key reference, section by section, from the action table; keymap: the keys
    config.toml's [keys] changed."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, width=11)
    table.add_column()
    for section in SECTIONS:
        table.add_row(Text(section, style="bold underline"), "")
        for action in ACTIONS:
            if action.section == section and action.listed:
                table.add_row(Text(shown_key(action, keymap or {})), Text(action.description))
        table.add_row("", "")
    return table


def grammar_text() -> Text:
    """Return the quick-capture and filter syntax."""
    text = Text()
    text.append("Quick capture (a)\n", style="bold underline")
    text.append(f"  {EXAMPLE}\n\n", style="italic")
    text.append("Company and role split on the first ' / '\n")
    text.append("(else the first '/'). Then, in any order:\n")
    for field, meaning in (
        ("via:", "source: referral, campus, BOSS直聘"),
        ("on:", "sent: yesterday, 3d ago, last fri"),
        ("c:", "campaign (default: the scoped one)"),
        ("d:", "department"),
        ("loc: p: url:", "location, programme, link"),
        ("note:", "a note on the first event"),
        ("saved", "last word: wishlist, not sent"),
        ("https://…", "or a saved .html: read the posting"),
    ):
        text.append(f"  {field:<14}", style="bold")
        text.append(f"{meaning}\n")
    text.append("\nFilter (/)\n", style="bold underline")
    text.append("Every word must appear in the company, role,\n")
    text.append("department, source, campaign or any note. Also:\n")
    for field, meaning in (
        ("stage:offer", "a stage or alias, open, closed"),
        ("campaign:aut", "that campaign, or all containing it"),
        ("source:ref", "that source, or all containing it"),
        ("is:archived", "archived ones (delete restores)"),
    ):
        text.append(f"  {field:<14}", style="bold")
        text.append(f"{meaning}\n")
    text.append("\nDates use the command line's grammar. Changes\n", style="dim")
    text.append("from another terminal show up within 2 seconds.", style="dim")
    return text


class HelpScreen(Screen[None]):
    """Keys and grammar on one page; escape, q or ? goes back."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("help")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("pipeline — help", style="bold"), id="help-title")
            with Horizontal(id="help-columns"):
                yield Static(keys_table(pipeline_app(self).keymap), id="help-keys")
                yield Static(grammar_text(), id="help-grammar")
        yield FittedFooter()
