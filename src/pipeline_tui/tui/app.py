"""Placeholder UI until the full Textual front end lands."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

from pipeline_tui.config import LoadedSettings
from pipeline_tui.store.engine import Store


class PipelineApp(App[None]):
    """Says the UI is coming and how to use the command line meanwhile."""

    BINDINGS: ClassVar = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("pipeline-tui: the board is not built yet. Use `pipeline --help`.")
        yield Footer()


def run_app(store: Store, settings: LoadedSettings) -> None:
    """Run the UI on an open store."""
    PipelineApp().run()
