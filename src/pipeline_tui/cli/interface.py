"""`pipeline tui`: open the terminal UI."""

from __future__ import annotations

import gc

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, Runtime, pass_runtime


def open_ui(runtime: Runtime) -> int:
    """Open the database (reporting problems as CLI errors), run the UI, return its status."""
    store = runtime.store
    settings = runtime.loaded_settings
    gc.enable()  # the console entry point turns collection off for short commands
    from pipeline_tui.tui.app import run_app  # imports textual: ~250 ms, only for the UI

    return run_app(store, settings)


@click.command("tui", context_settings=CONTEXT_SETTINGS)
@pass_runtime
def tui_command(runtime: Runtime) -> int:
    """Open the terminal UI (the same as `pipeline` with no command)."""
    return open_ui(runtime)
