"""`pipeline config`: the effective settings and where each came from."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
@pass_runtime
def config(runtime: Runtime, output: str) -> None:
    """Show the effective settings, the settings file and the database path."""
    loaded = runtime.loaded_settings
    values = asdict(loaded.settings)
    values["keys"] = dict(loaded.settings.keys)
    if output == "json":
        payload = {
            "config_file": str(loaded.path),
            "database": str(runtime.database),
            "settings": {
                name: {"value": value, "source": loaded.sources[name]}
                for name, value in values.items()
            },
        }
        from pipeline_tui.cli.output import echo_json

        echo_json(payload)
        return
    click.echo(f"config file  {loaded.path}{'' if loaded.path.exists() else ' (not created)'}")
    click.echo(f"database     {runtime.database}")
    click.echo("")
    for name, value in values.items():
        shown = json.dumps(value) if not isinstance(value, str) else value
        source = loaded.sources[name]
        origin = "default" if source == "default" else "config file"
        click.echo(f"{name:<17} {shown:<14} ({origin})")
