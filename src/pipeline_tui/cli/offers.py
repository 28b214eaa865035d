"""Commands about offers: offer (record or revise one) and offers (compare them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, pass_runtime

if TYPE_CHECKING:
    from pipeline_tui.cli.runtime import Runtime


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("ref")
@click.option(
    "--base",
    metavar="AMOUNT",
    help='Base salary: "26k x 16" (26k a month, 16 months a year), "26k/mo" or "400k/yr".',
)
@click.option(
    "--bonus", metavar="AMOUNT|PCT", help='Yearly bonus: "60k", "26k x 3", or "15%" of the base.'
)
@click.option("--signing", metavar="AMOUNT", help="Signing bonus, paid once.")
@click.option("--equity", metavar="AMOUNT", help="Equity: the whole grant (give --vesting too).")
@click.option("--vesting", type=int, metavar="YEARS", help="Years the equity vests over.")
@click.option("--other", metavar="AMOUNT", help='Other yearly cash, e.g. allowances: "2k/mo".')
@click.option("--tier", help="SSP, SP, regular, or your own word.")
@click.option("--currency", help="Currency code (default: the ¥/$/€ typed, else config).")
@click.option("--location", help="Where the job is.")
@click.option(
    "--term",
    "terms",
    multiple=True,
    metavar="KEY=VALUE",
    help="A term that is not money: hukou=yes, remote=2d; KEY= removes one. Repeatable.",
)
@click.option("--deadline", metavar="DATE", help="When you must answer.")
@click.option("--note", "-n", help="Notes on the offer.")
@click.option("--on", "on_text", metavar="DATE", help="When the offer came (default today).")
@click.option("--force", is_flag=True, help="Record it on a closed application (reopens it).")
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_runtime
def offer(
    runtime: Runtime,
    ref: str,
    base: str | None,
    bonus: str | None,
    signing: str | None,
    equity: str | None,
    vesting: int | None,
    other: str | None,
    tier: str | None,
    currency: str | None,
    location: str | None,
    terms: tuple[str, ...],
    deadline: str | None,
    note: str | None,
    on_text: str | None,
    force: bool,
    output: str,
) -> None:
    """Record the offer of application REF, or revise its current offer.

    A revision changes only the fields given; an amount of 0 removes one. An application
    before `offer` moves there. Amounts: 26k, 26,000, 26k x 16, 40-60k (a range keeps both
    ends), 800k/yr, 1.5m, with ¥, $ or € in front if you like. See docs/offers.md.

    \b
    Examples:
      pipeline offer meituan --base "26k x 16" --bonus 15% --tier SP --deadline "in 5 days"
      pipeline offer 12 --base "28k x 16"                 # a revision
      pipeline offer bytedance --base 800k/yr --equity 400k --vesting 4 --term hukou=yes
    """
    from pipeline_tui.domain.offers import OfferInput
    from pipeline_tui.domain.text import printable
    from pipeline_tui.services import describe
    from pipeline_tui.services.offers import record_offer

    change = OfferInput(
        base=base,
        bonus=bonus,
        signing=signing,
        equity=equity,
        vesting_years=vesting,
        other=other,
        tier=tier,
        currency=currency,
        location=location,
        terms=terms,
        deadline=runtime.date(deadline, "--deadline", ahead=True) if deadline is not None else None,
        note=note,
    )
    on = runtime.date(on_text, "--on") if on_text is not None else None
    recorded = record_offer(
        runtime.store,
        ref,
        change,
        default_currency=runtime.settings.currency,
        on=on,
        force=force,
    )
    if output == "json":
        data = recorded.offer.as_json()
        data["changes"] = list(recorded.changes)
        data["moved"] = recorded.moved
        data["stage"] = recorded.application.stage.value
        from pipeline_tui.cli.output import echo_json

        echo_json(data)
        return
    from pipeline_tui.domain.offers import summary, totals_line

    title = describe(recorded.application)
    if recorded.previous is None:
        moved = "; moved to offer" if recorded.moved else ""
        click.echo(f"Recorded the offer of {title}: {printable(summary(recorded.offer.package))}")
        click.echo(f"  {totals_line(recorded.offer.package)}{moved}")
    else:
        click.echo(f"Revised the offer of {title}:")
        for phrase in recorded.changes:
            click.echo(f"  {printable(phrase)}")
        click.echo(f"  {totals_line(recorded.offer.package)}")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--all", "include_decided", is_flag=True, help="Decided offers too.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
)
@pass_runtime
def offers(runtime: Runtime, include_decided: bool, output: str) -> None:
    """Compare pending offers side by side (with --all, decided ones too).

    Highest steady-state total first; each currency is compared on its own, never converted.
    See docs/offers.md for how each figure is worked out.
    """
    from pipeline_tui import clock
    from pipeline_tui.services.offers import comparison

    compared = comparison(
        runtime.store,
        today=clock.today(),
        preferred_currency=runtime.settings.currency,
        include_decided=include_decided,
    )
    if output == "json":
        from pipeline_tui.cli.output import echo_json

        echo_json(compared.as_json(), indent=2)
        return
    if not compared.offers:
        which = "offers" if include_decided else "pending offers (--all shows decided ones)"
        click.echo(f"No {which}.", err=True)
        return
    if output == "markdown":
        from pipeline_tui.reports.offers import offers_markdown

        click.echo(offers_markdown(compared), nl=False)
    else:
        from pipeline_tui.reports.offers import offers_text

        click.echo(offers_text(compared), nl=False)
