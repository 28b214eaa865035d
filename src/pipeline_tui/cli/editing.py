"""`pipeline edit`: change what describes an application (its history stays as recorded)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime

# The application fields the options of the same name set, in the order the summary line
# names them.
_FIELDS = (
    "role", "department", "source", "campaign", "program", "cv", "letter", "location", "url",
    "notes",
)  # fmt: skip


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("ref")
@click.option("--company", help="Move it to another company (added if new).")
@click.option("--role", help="New role.")
@click.option("--department", "-d", help='New department ("" to clear).')
@click.option("--source", "-s", help='New source ("" to clear).')
@click.option("--campaign", "-c", help='New campaign ("" to clear).')
@click.option("--program", "-p", help='New talent programme ("" to clear).')
@click.option("--cv", metavar="VERSION", help='The CV version sent ("" to clear).')
@click.option("--letter", metavar="VERSION", help='The cover-letter version sent ("" to clear).')
@click.option("--location", "-l", help='New location ("" to clear).')
@click.option("--url", help='New posting link ("" to clear).')
@click.option("--notes", help='New notes on the application ("" to clear).')
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_runtime
def edit(
    runtime: Runtime, /, ref: str, company: str | None, output: str, **values: str | None
) -> None:
    """Change the fields of application REF that describe it; options left out stay as they are.

    Stages and dates are its history: change those with `move`, `undo` or `move --force`.

    \b
    Examples:
      pipeline edit 12 --cv v3 --letter L2
      pipeline edit bytedance --department Seed --source referral
      pipeline edit 12 --letter ""        # no cover letter after all
    """
    from pipeline_tui.domain.text import printable
    from pipeline_tui.services import describe, edit_application

    changes = {field: values[field] for field in _FIELDS if values[field] is not None}
    if not changes and company is None:
        raise click.UsageError("give at least one field to change, e.g. --cv v3")
    edited = edit_application(runtime.store, ref, changes, company=company)
    if output == "json":
        from pipeline_tui.cli.output import echo_json

        echo_json(edited.as_json())
        return
    shown = []
    for field in changes:
        value = getattr(edited, field)
        shown.append(f"{field} {printable(value)}" if value else f"{field} cleared")
    if company is not None:
        shown.insert(0, f"company {printable(edited.company)}")
    click.echo(f"Saved {describe(edited)}: {', '.join(shown)}")
