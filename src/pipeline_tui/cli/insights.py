"""Commands that say what works: replies (time to a first reply), forecast, versions."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime
from pipeline_tui.domain.forecast import WINDOW_WEEKS
from pipeline_tui.domain.funnel import GROUP_BYS

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime

_BY = click.Choice(GROUP_BYS)
_TEXT_JSON = click.Choice(["text", "json"])


def _dump(data: object) -> None:
    from pipeline_tui.cli.output import echo_json

    echo_json(data, indent=2)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--by", type=_BY, help="One curve per CV version, source, weekday ...")
@click.option("--since", metavar="DATE", help="Only applications submitted on or after DATE.")
@click.option("--until", metavar="DATE", help="Only applications submitted on or before DATE.")
@click.option("--campaign", "-c", help="Only this campaign (case-insensitive).")
@click.option("--source", "-s", help="Only this source (case-insensitive).")
@click.option("--format", "output", type=_TEXT_JSON, default="text", show_default=True)
@pass_runtime
def replies(
    runtime: Runtime,
    by: str | None,
    since: str | None,
    until: str | None,
    campaign: str | None,
    source: str | None,
    output: str,
) -> None:
    """Show how long answers take: the share still waiting after each day since sending.

    Applications without an answer count as "not yet" for as long as they have waited (to
    today, or to their close), not as "no" (Kaplan-Meier). See docs/funnel.md.

    \b
    Examples:
      pipeline replies
      pipeline replies --by source
      pipeline replies --campaign "2024 autumn campus" --format json
    """
    from pipeline_tui import clock
    from pipeline_tui.cli.reports import submitted_filter
    from pipeline_tui.domain.funnel import GroupBy
    from pipeline_tui.services.insights import replies as reply_curves

    spec = submitted_filter(runtime, since, until, campaign, source)
    curves = reply_curves(
        runtime.store,
        spec,
        today=clock.today(),
        by=cast("GroupBy | None", by),
        min_group_size=runtime.settings.min_group_size,
    )
    if output == "json":
        _dump(curves.as_json())
        return
    from pipeline_tui.reports.insights import replies_text

    click.echo(replies_text(curves), nl=False)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--weeks",
    type=click.IntRange(min=1, max=520),
    default=WINDOW_WEEKS,
    show_default=True,
    help="How many recent weeks the rates and the pace come from.",
)
@click.option("--campaign", "-c", help="Only this campaign (case-insensitive).")
@click.option("--format", "output", type=_TEXT_JSON, default="text", show_default=True)
@pass_runtime
def forecast(runtime: Runtime, weeks: int, campaign: str | None, output: str) -> None:
    """Show how many applications, and how many weeks at your pace, one more interview and one
    more offer take at the last 8 weeks' rates, with a range; and this week against
    weekly_target.

    \b
    Examples:
      pipeline forecast
      pipeline forecast --weeks 4 --campaign "2024 autumn campus"
    """
    from pipeline_tui import clock
    from pipeline_tui.services.insights import forecast as make_forecast

    result = make_forecast(
        runtime.store,
        today=clock.today(),
        weeks=weeks,
        weekly_target=runtime.settings.weekly_target,
        campaign=campaign,
    )
    if output == "json":
        _dump(result.as_json())
        return
    from pipeline_tui.reports.insights import forecast_text

    click.echo(forecast_text(result), nl=False)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--format", "output", type=_TEXT_JSON, default="text", show_default=True)
@pass_runtime
def versions(runtime: Runtime, output: str) -> None:
    """List the CV and cover-letter versions in use, with how many applications used each.

    Record them with `add --cv v3 --letter L2`, `edit REF --cv v3` or `cv:v3` in a capture
    line; compare them with `pipeline funnel --by cv`.
    """
    from pipeline_tui.services.insights import versions as versions_in_use

    found = versions_in_use(runtime.store)
    if output == "json":
        _dump(found.as_json())
        return
    from pipeline_tui.reports.insights import versions_text

    click.echo(versions_text(found), nl=False)
