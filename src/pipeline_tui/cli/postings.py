"""`pipeline posting`: the job posting's text kept with an application."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("ref")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
@pass_runtime
def posting(runtime: Runtime, ref: str, output: str) -> int:
    """Print the posting text kept with application REF (`add --from` keeps it).

    Postings disappear from the web; the text stays here, and `list --search` finds words
    in it.
    """
    from pipeline_tui.domain.text import printable
    from pipeline_tui.services import describe
    from pipeline_tui.services.postings import posting_of

    application, text = posting_of(runtime.store, ref)
    if output == "json":
        from pipeline_tui.cli.output import echo_json

        echo_json({"id": application.id, "url": application.url, "posting": text})
        return 0
    if text is None:
        from pipeline_tui.errors import NotFound

        raise NotFound(f"no posting is kept with {describe(application)}")
    click.echo(describe(application))
    if application.url:
        click.echo(printable(application.url))
    click.echo("")
    click.echo(printable(text, one_line=False))
    return 0
