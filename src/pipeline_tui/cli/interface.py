"""`pipeline tui`: open the terminal UI."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from pipeline_tui.cli.app import cli, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.cli.app import Runtime


def open_ui(runtime: Runtime) -> None:
    """Open the database (reporting problems as CLI errors), then hand it to the UI."""
    store = runtime.store
    settings = runtime.loaded_settings
    gc.enable()  # the console entry point turns collection off for short commands
    from pipeline_tui.tui.app import run_app  # imports textual: ~250 ms, only for the UI

    run_app(store, settings)


@cli.command("tui")
@pass_runtime
def tui_command(runtime: Runtime) -> None:
    """Open the terminal UI (the same as `pipeline` with no command)."""
    open_ui(runtime)
