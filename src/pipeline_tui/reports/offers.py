"""Offers side by side: as text (one column per offer, in blocks that fit 80 columns) and as
Markdown (one row per offer). One section per currency: amounts are never converted."""

from __future__ import annotations

from collections.abc import Callable

from pipeline_tui.domain.comparison import ComparedOffer, Comparison, CurrencyGroup
from pipeline_tui.domain.money import Span, format_percent, format_span
from pipeline_tui.domain.offers import show_base, show_terms
from pipeline_tui.domain.text import cell_width as cells
from pipeline_tui.domain.text import fit
from pipeline_tui.reports.layout import WIDTH, plural, user
from pipeline_tui.reports.markdown import md

_LABEL = 14
_COLUMN = 19
_GAP = 2
PER_BLOCK = (WIDTH - _LABEL) // (_COLUMN + _GAP)


def amount_text(span: Span) -> str:
    """Return the amount ("416k", "56k-84k"), or "–" for none."""
    return format_span(span) if span.high else "–"


def base_text(item: ComparedOffer) -> str:
    """Return the base per year with the base as given: "416k (26k x 16)"."""
    package = item.offer.package
    yearly = amount_text(item.figures.base_annual)
    return yearly if package.base_per_year == 1 else f"{yearly} ({show_base(package)})"


def bonus_text(item: ComparedOffer) -> str:
    """Return the bonus per year, with its percentage: "83.2k (20%)"."""
    package = item.offer.package
    text = amount_text(item.figures.bonus_annual)
    if package.bonus_bp is not None:
        text += f" ({format_percent(package.bonus_bp)})"
    return text


def equity_text(item: ComparedOffer) -> str:
    """Return equity per year with the grant: "100k (400k/4y)", or "–"."""
    package = item.offer.package
    if package.equity is None:
        return "–"
    grant = f"{format_span(package.equity)}/{package.vesting_years}y"
    return f"{amount_text(item.figures.equity_annual)} ({grant})"


def deadline_text(item: ComparedOffer) -> str:
    """Return "2024-09-18 (2d)", "2024-09-16 (today)", "2024-09-10 (6d ago)", or "–"."""
    deadline, days = item.offer.package.deadline, item.days_left
    if deadline is None or days is None:
        return "–"
    if item.decision != "pending":
        return deadline.isoformat()
    if days == 0:
        left = "today"
    elif days > 0:
        left = f"{days}d"
    else:
        left = f"{-days}d ago"
    return f"{deadline.isoformat()} ({left})"


# (label, cell lines) per row of the comparison; user text goes through user() when drawn.
_ROWS: tuple[tuple[str, Callable[[ComparedOffer], list[str]]], ...] = (
    ("company", lambda item: [user(item.company)]),
    ("department", lambda item: [user(item.department, "–")]),
    ("role", lambda item: [user(item.role)]),
    ("tier", lambda item: [user(item.offer.package.tier, "–")]),
    ("base/yr", lambda item: [base_text(item)]),
    ("bonus/yr", lambda item: [bonus_text(item)]),
    ("equity/yr", lambda item: [equity_text(item)]),
    ("other/yr", lambda item: [amount_text(item.figures.other_annual)]),
    ("signing", lambda item: [amount_text(item.figures.signing)]),
    ("first year", lambda item: [amount_text(item.figures.first_year_total)]),
    ("steady state", lambda item: [amount_text(item.figures.annual_total)]),
    ("location", lambda item: [user(item.offer.package.location, "–")]),
    ("terms", lambda item: [user(term) for term in show_terms(item.offer.package)] or ["–"]),
    ("deadline", lambda item: [deadline_text(item)]),
    ("decision", lambda item: [item.decision]),
)


def _block(offers: tuple[ComparedOffer, ...]) -> list[str]:
    def line(label: str, values: list[str]) -> str:
        row = fit(label, _LABEL) + (" " * _GAP).join(fit(value, _COLUMN) for value in values)
        return row.rstrip()

    lines = [line("", [f"#{item.application_id}" for item in offers])]
    for label, cell in _ROWS:
        columns = [cell(item) for item in offers]
        for index in range(max(len(column) for column in columns)):
            values = [column[index] if index < len(column) else "" for column in columns]
            lines.append(line(label if index == 0 else "", values))
    return lines


def _heading(comparison: Comparison) -> str:
    count = len(comparison.offers)
    which = "offer" if comparison.include_decided else "pending offer"
    return (
        f"Offers · {plural(count, which)} · highest steady-state total first · "
        f"as of {comparison.today.isoformat()}"
    )


def _group_title(group: CurrencyGroup) -> str:
    return f"{group.currency} · {plural(len(group.offers), 'offer')}"


def offers_text(comparison: Comparison) -> str:
    """Return the comparison as text: per currency, blocks of offers side by side."""
    lines = [_heading(comparison)]
    if comparison.currency_note:
        lines += ["", *_wrap(comparison.currency_note)]
    for group in comparison.groups:
        lines += ["", _group_title(group)]
        for start in range(0, len(group.offers), PER_BLOCK):
            lines += ["", *_block(group.offers[start : start + PER_BLOCK])]
    return "\n".join(lines) + "\n"


def _wrap(text: str) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and cells(line) + 1 + cells(word) > WIDTH:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def _md_cell(text: str) -> str:
    return md(text) if text and text != "–" else "–"


def offers_markdown(comparison: Comparison) -> str:
    """Return the comparison as Markdown: one table per currency, one row per offer."""
    lines = [f"## {_heading(comparison)}"]
    if comparison.currency_note:
        lines += ["", f"> {comparison.currency_note}"]
    head = ["#", *(label.capitalize() for label, _ in _ROWS)]
    rule = ["---:"] + ["---"] * len(_ROWS)
    for group in comparison.groups:
        lines += ["", f"### {_group_title(group)}", ""]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("| " + " | ".join(rule) + " |")
        for item in group.offers:
            row = [f"#{item.application_id}"]
            row += [_md_cell("; ".join(cell(item))) for _, cell in _ROWS]
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"
