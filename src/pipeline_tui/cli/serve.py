"""`pipeline serve`: the UI in a browser, behind a secret token."""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime
from pipeline_tui.errors import UserError

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="ADDRESS",
    help="Address to listen on. 127.0.0.1 keeps it to this machine; 0.0.0.0 opens it to "
    "every network (anyone who sees the URL gets full access; nothing is encrypted).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@pass_runtime
def serve(runtime: Runtime, host: str, port: int) -> None:
    """Serve the UI to a browser: each tab runs the same UI on the same database.

    Prints the URL to open, with a secret token in it; without the token (or the cookie it
    sets) every request is refused. Set PIPELINE_SERVE_TOKEN to keep one token across
    restarts (for a bookmark). Ctrl-C stops the server and every UI it started.

    \b
    Examples:
      pipeline serve
      pipeline --db demo.db serve --port 8080
      pipeline serve --host 0.0.0.0     # a tablet on the same network (see docs/web.md)
    """
    from pipeline_tui.web.access import is_loopback, new_token, token_from_environment

    if not host or any(char.isspace() or not char.isprintable() for char in host):
        raise click.BadParameter(
            "give an address such as 127.0.0.1 or 0.0.0.0", param_hint="--host"
        )
    token = token_from_environment(os.environ) or new_token()
    store = runtime.store  # opened once here: a missing or newer database fails now, not per tab
    name = store.name
    runtime.close()
    gc.enable()  # a long-running process (the entry point turns collection off)
    try:
        # aiohttp and textual-serve: ~200 ms, only for this command; never Textual itself
        from pipeline_tui.web.server import ServeOptions, database_for_children
        from pipeline_tui.web.server import serve as run_server
    except ImportError as error:
        raise UserError(
            f"pipeline serve needs the {error.name} package: reinstall pipeline-tui"
        ) from None
    options = ServeOptions(host, port, token, database_for_children(runtime.database))

    def started(actual_port: int) -> None:
        from pipeline_tui.web.access import urls_to_open

        if not is_loopback(host):
            click.echo(
                f"warning: listening on {host}, beyond this machine: anyone on the network "
                "who sees the URL has full access to your applications, and nothing is "
                "encrypted (docs/web.md: an SSH tunnel or a reverse proxy with TLS is safer)",
                err=True,
            )
        click.echo(f"Serving the UI on {name}. Open in a browser:")
        for url in urls_to_open(host, actual_port, token):
            click.echo(f"  {url}")
        click.echo("The token in the URL gives full access: keep it private. Ctrl-C stops.")

    run_server(options, say=click.echo, started=started)
