"""`pipeline demo`: fill a database with a realistic synthetic job search."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime

# Below this many applications the load takes well under a second; no progress line needed.
_PROGRESS_FROM = 20_000


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--size",
    type=click.IntRange(1, 2_000_000),
    default=500,
    show_default=True,
    help="How many applications to make.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@click.option("--force", is_flag=True, help="Add demo data even if the database is not empty.")
@pass_runtime
def demo(runtime: Runtime, size: int, seed: int, force: bool) -> None:
    """Fill the database with a synthetic search: campaigns, sources, rounds, offers.

    The applications are spread over the eight months before today (PIPELINE_TODAY pins
    it), so the same --size, --seed and day always give the same data.

    \b
    Examples:
      pipeline --db demo.db demo
      PIPELINE_DB=/tmp/big.db pipeline demo --size 100000 --seed 7
    """
    import sys

    from pipeline_tui import clock
    from pipeline_tui.services import fill_demo

    # A terminal gets one line rewritten in place; a log file gets a line per quarter.
    live = sys.stderr.isatty()
    shown: set[int] = set()

    def report(done: int) -> None:
        if live:
            click.echo(f"\rdemo: {done:,} / {size:,} applications", err=True, nl=False)
        elif (quarter := done * 4 // size) not in shown:
            shown.add(quarter)
            click.echo(f"demo: {done:,} / {size:,} applications", err=True)

    loaded = fill_demo(
        runtime.store,
        size,
        seed,
        today=clock.today(),
        force=force,
        on_progress=report if size >= _PROGRESS_FROM else None,
    )
    if size >= _PROGRESS_FROM and live:
        click.echo("", err=True)
    click.echo(
        f"Added {loaded.applications:,} demo applications with {loaded.events:,} events "
        f"to {runtime.store.name}"
    )
