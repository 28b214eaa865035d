"""One offer as the offers screen and the detail screen show it: figures, deadline, revisions.

The figures are domain.offers.figures (the one implementation of docs/offers.md); this module
only lays them out, with every piece of user text (tier, terms, notes, location) as literal Text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pipeline_tui.domain.comparison import answer_phrase, days_left
from pipeline_tui.domain.money import Span, format_percent, format_span
from pipeline_tui.domain.offers import (
    Decision,
    Offer,
    describe_changes,
    show_base,
    show_equity,
    show_terms,
    summary,
)
from pipeline_tui.tui.cells import safe
from pipeline_tui.tui.timeline import NotesUnder

# A pending offer's deadline is urgent (red) within this many days, overdue included, and
# near (yellow) within NEAR_DAYS.
URGENT_DAYS = 2
NEAR_DAYS = 7
# Rich styles for the detail and offers panes (the Line API table uses theme colours).
URGENCY_STYLES = {"urgent": "bold red", "near": "yellow"}


def urgency(days: int | None, decision: Decision) -> str | None:
    """Return "urgent" (overdue or at most 2 days left), "near" (at most 7) or None."""
    if days is None or decision != "pending":
        return None
    if days <= URGENT_DAYS:
        return "urgent"
    return "near" if days <= NEAR_DAYS else None


def left_text(days: int | None, decision: Decision) -> str:
    """Return "2d", "today", "3d late" for a pending offer's deadline (or "" without one), and
    the decision for a decided offer ("declined")."""
    if decision != "pending":
        return decision
    if days is None:
        return ""
    if days == 0:
        return "today"
    return f"{days}d" if days > 0 else f"{-days}d late"


def _amount(span: Span) -> str:
    return format_span(span) if span.high else "–"


def figures_table(offer: Offer, decision: Decision, today: date) -> Table:
    """Return the offer's figures, label beside value: each yearly figure with how it was given."""
    package = offer.package
    derived = offer.figures
    currency = package.currency
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")

    def row(label: str, value: str | Text, style: str = "") -> None:
        grid.add_row(label, value if isinstance(value, Text) else Text(value, style=style))

    row("base", f"{_amount(derived.base_annual)} a year ({show_base(package)})")
    if package.bonus_bp is not None:
        row("bonus", f"{_amount(derived.bonus_annual)} a year ({format_percent(package.bonus_bp)})")
    elif package.bonus is not None:
        row("bonus", f"{_amount(derived.bonus_annual)} a year")
    if package.signing is not None:
        row("signing", f"{format_span(package.signing)}, first year only")
    equity = show_equity(package)
    if equity:
        row("equity", f"{_amount(derived.equity_annual)} a year ({equity})")
    if package.other is not None:
        row("other cash", f"{_amount(derived.other_annual)} a year")
    row("first year", f"{_amount(derived.first_year_total)} {currency}", "bold")
    row("steady state", f"{_amount(derived.annual_total)} {currency} a year", "bold")
    if package.tier:
        row("tier", Text(safe(package.tier)))
    if package.location:
        row("location", Text(safe(package.location)))
    terms = show_terms(package)
    if terms:
        row("terms", Text(safe(", ".join(terms))))
    if package.deadline is not None:
        days = days_left(package.deadline, today)
        line = Text(package.deadline.isoformat())
        if decision == "pending" and days is not None:
            style = URGENCY_STYLES.get(urgency(days, decision) or "", "")
            line.append(f" · {answer_phrase(days)}", style=style)
        row("deadline", line)
    row("decision", decision)
    if package.notes:
        row("notes", Text(safe(package.notes)))
    return grid


def revision_lines(offers: Sequence[Offer]) -> list[tuple[Offer, str]]:
    """Return each revision with what it said: the first in short, the rest as their changes."""
    lines: list[tuple[Offer, str]] = []
    previous: Offer | None = None
    for offer in offers:
        if previous is None:
            what = f"offered: {summary(offer.package)}"
        else:
            what = "; ".join(describe_changes(previous.package, offer.package)) or "no change"
        lines.append((offer, what))
        previous = offer
    return lines


def revisions_table(offers: Sequence[Offer]) -> NotesUnder:
    """Return the revision history, oldest first: date and what changed (wrapped in a column
    of 30 cells or more, else under its row)."""
    rows = [
        ([Text(str(number)), Text(offer.recorded_on.isoformat())], Text(safe(what)))
        for number, (offer, what) in enumerate(revision_lines(offers), start=1)
    ]
    return NotesUnder((("#", 2, True), ("Date", 10, False)), "What changed", rows)


def offer_block(offers: Sequence[Offer], decision: Decision, today: date) -> RenderableType:
    """Return an application's offer for the detail screen: heading, figures, revisions."""
    current = offers[-1]
    count = len(offers)
    heading = Text("Offer", style="bold")
    heading.append(f"  {count} revision{'s' if count != 1 else ''} · O revises it", style="dim")
    parts: list[RenderableType] = [heading, figures_table(current, decision, today)]
    if count > 1:
        parts += [Text(""), Text("Revisions", style="bold"), revisions_table(offers)]
    return Group(*parts)
