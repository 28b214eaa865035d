"""Choosing the campaign that scopes every view."""

from __future__ import annotations

import contextlib
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from pipeline_tui.tui.actions import bindings_for
from pipeline_tui.tui.cells import safe

_ALL = "\x00all"


class CampaignModal(ModalScreen[str | None | bool]):
    """Campaigns with their sizes; dismisses with a name, None for all, False when closed."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("campaign")

    def __init__(self, campaigns: list[tuple[str, int]], current: str | None) -> None:
        super().__init__()
        self.campaigns = campaigns
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(Text("All campaigns", style="bold"), id=_ALL)]
        for name, count in self.campaigns:
            label = Text(safe(name))
            label.append(f"  {count:,}", style="dim")
            options.append(Option(label, id=name))
        with Vertical(id="campaign-dialog", classes="dialog"):
            yield Label("Campaign", classes="dialog-title")
            yield OptionList(*options, id="campaign-options")
            yield Label(
                "enter choose · escape cancel" if self.campaigns else "No campaigns recorded yet.",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current is not None:
            with contextlib.suppress(LookupError):
                options.highlighted = options.get_option_index(self.current)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        self.dismiss(None if chosen in (None, _ALL) else chosen)

    def action_cancel(self) -> None:
        self.dismiss(False)
