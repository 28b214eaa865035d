"""Commands that report: funnel and weekly.

Renderers are imported inside the commands, one format at a time; none of them imports rich
or any other heavy module, so `pipeline funnel --format json` costs the store and little else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime
from pipeline_tui.domain.funnel import GROUP_BYS, FunnelFilter

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime

_GHOST_HELP = "Count an open application without a reply as ghosted after DAYS (default: config)."


def _ghost_after(runtime: Runtime, days: int | None) -> int:
    return days if days is not None else runtime.settings.ghost_after_days


def _dump(data: object) -> None:
    from pipeline_tui.cli.output import echo_json

    echo_json(data, indent=2)


def submitted_filter(
    runtime: Runtime,
    since: str | None,
    until: str | None,
    campaign: str | None,
    source: str | None,
) -> FunnelFilter:
    """Return the submitted applications --since, --until, --campaign and --source select."""

    spec = FunnelFilter(
        since=runtime.date(since, "--since") if since is not None else None,
        until=runtime.date(until, "--until") if until is not None else None,
        campaign=campaign,
        source=source,
    )
    if spec.since and spec.until and spec.since > spec.until:
        raise click.BadParameter("--since is after --until", param_hint="--since")
    return spec


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--since", metavar="DATE", help="Only applications submitted on or after DATE.")
@click.option("--until", metavar="DATE", help="Only applications submitted on or before DATE.")
@click.option("--campaign", "-c", help="Only this campaign (case-insensitive).")
@click.option("--source", "-s", help="Only this source (case-insensitive).")
@click.option(
    "--by",
    type=click.Choice(GROUP_BYS),
    help="One funnel per CV or letter version, source, campaign, programme, or weekday, month "
    "or week of submission, each compared with the others.",
)
@click.option("--ghost-after", type=click.IntRange(min=1), metavar="DAYS", help=_GHOST_HELP)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "markdown", "json", "sankeymatic"]),
    default="text",
    show_default=True,
)
@pass_runtime
def funnel(
    runtime: Runtime,
    since: str | None,
    until: str | None,
    campaign: str | None,
    source: str | None,
    by: str | None,
    ghost_after: int | None,
    output: str,
) -> None:
    """Show how far submitted applications got: replied, screened, interviewed, offer.

    Every application counts at each level it ever reached, so a rejection after round 2
    still counts as a reply, a screening and an interview. See docs/funnel.md.

    \b
    Examples:
      pipeline funnel
      pipeline funnel --since 2024-09-01 --campaign "2024 autumn campus"
      pipeline funnel --by cv                  # which CV version gets answers
      pipeline funnel --by weekday
      pipeline funnel --format sankeymatic     # paste into sankeymatic.com/build
    """
    from pipeline_tui import clock, services
    from pipeline_tui.domain.funnel import GroupBy

    spec = submitted_filter(runtime, since, until, campaign, source)
    today, ghost_after_days = clock.today(), _ghost_after(runtime, ghost_after)
    if by is not None:
        grouped = services.funnel_by(
            runtime.store,
            spec,
            cast(GroupBy, by),
            today=today,
            ghost_after_days=ghost_after_days,
            min_group_size=runtime.settings.min_group_size,
        )
        if output == "json":
            _dump(grouped.as_json())
        elif output == "markdown":
            from pipeline_tui.reports.markdown import funnel_groups_markdown

            click.echo(funnel_groups_markdown(grouped), nl=False)
        elif output == "sankeymatic":
            from pipeline_tui.reports.sankey import sankeymatic_groups

            click.echo(sankeymatic_groups(grouped), nl=False)
        else:
            from pipeline_tui.reports.text import funnel_groups_text

            click.echo(funnel_groups_text(grouped), nl=False)
        return
    report = services.funnel(runtime.store, spec, today=today, ghost_after_days=ghost_after_days)
    if output == "json":
        _dump(report.as_json())
    elif output == "markdown":
        from pipeline_tui.reports.markdown import funnel_markdown

        click.echo(funnel_markdown(report), nl=False)
    elif output == "sankeymatic":
        from pipeline_tui.reports.sankey import sankeymatic

        click.echo(sankeymatic(report), nl=False)
    else:
        from pipeline_tui.reports.text import funnel_text

        click.echo(funnel_text(report), nl=False)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--week", "week_text", metavar="DATE", help="Any day of the week (default: today).")
@click.option("--campaign", "-c", help="Only this campaign (case-insensitive).")
@click.option("--ghost-after", type=click.IntRange(min=1), metavar="DAYS", help=_GHOST_HELP)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "markdown", "json", "html"]),
    default="text",
    show_default=True,
)
@pass_runtime
def weekly(
    runtime: Runtime,
    week_text: str | None,
    campaign: str | None,
    ghost_after: int | None,
    output: str,
) -> None:
    """Summarise one ISO week (Monday to Sunday): activity, cohort, funnel, what is due.

    Follow-ups and upcoming interviews are as of today, whichever week is shown.

    \b
    Examples:
      pipeline weekly
      pipeline weekly --week "last monday" --format markdown
      pipeline weekly --format html > week.html      # one self-contained file to mail
    """
    from pipeline_tui import clock, services

    today = clock.today()
    week_of = runtime.date(week_text, "--week") if week_text is not None else today
    report = services.weekly(
        runtime.store,
        week_of,
        today=today,
        ghost_after_days=_ghost_after(runtime, ghost_after),
        follow_up_days=runtime.settings.follow_up_days,
        campaign=campaign,
        weekly_target=runtime.settings.weekly_target,
    )
    if output == "json":
        _dump(report.as_json())
    elif output == "markdown":
        from pipeline_tui.reports.markdown import weekly_markdown

        click.echo(weekly_markdown(report), nl=False)
    elif output == "html":
        from pipeline_tui.reports.html import weekly_html
        from pipeline_tui.services.insights import reply_curve_of

        curve = reply_curve_of(
            runtime.store,
            today=today,
            campaign=campaign,
            min_group_size=runtime.settings.min_group_size,
        )
        click.echo(weekly_html(report, curve), nl=False)
    else:
        from pipeline_tui.reports.text import weekly_text

        click.echo(weekly_text(report), nl=False)
