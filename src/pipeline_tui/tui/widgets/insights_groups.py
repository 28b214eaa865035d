"""Conversion by group on the Insights screen: for the chosen level, each group's applications
sent, how many reached the level, the share with its Wilson 95% interval, and what comparing it
with the other groups says ("real", "not enough data yet: ~N more here", counts only).

The figures are `services.funnel_by`'s and the words `reports.layout.verdict`'s: the same as
`pipeline funnel --by`.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content

from pipeline_tui.domain.funnel import FunnelGroup, FunnelGroups
from pipeline_tui.reports.layout import number, rate, right, verdict
from pipeline_tui.reports.text import FEW_TO_COMPARE
from pipeline_tui.tui.cells import fit, safe

# What the Insights screen can group by (funnel --by has "week" too, too fine for a panel).
BY_CHOICES: tuple[tuple[str, str], ...] = (
    ("CV", "cv"),
    ("letter", "letter"),
    ("source", "source"),
    ("campaign", "campaign"),
    ("program", "program"),
    ("weekday", "weekday"),
    ("month", "month"),
)
# The levels a group's share can be read at (the funnel's levels after submitted).
LEVEL_CHOICES: tuple[str, ...] = ("replied", "screened", "interviewed", "offer", "accepted")
GROUPS_SHOWN = 10
_NAME_MOST = 16
_NAME_LEAST = 6
_VERDICT_INDENT = "  "
# Versions and programs come from fields the user fills: say where, when none is recorded.
_HOW_TO_RECORD = {
    "cv": "cv:v3 in the capture bar, or the CV field of the form",
    "letter": "letter:L2 in the capture bar, or the Letter field of the form",
    "program": "program:NAME in the capture bar, or the Programme field of the form",
}


def _name(group: FunnelGroup, by: str) -> str:
    return safe(group.key) if group.key else f"(no {by})"


def _verdict_style(said: str) -> str:
    return "$success" if said.startswith("real") else "$text-muted"


def groups_content(grouped: FunnelGroups, level: str, width: int) -> Content:
    """Return the groups' counts and shares at level, each with its verdict: on the row when
    width allows, else on the line under it."""
    by = grouped.by
    if not grouped.groups:
        return Content.styled("No submitted applications to group yet.", "$text-muted")
    index = LEVEL_CHOICES.index(level)
    shown = list(grouped.groups[:GROUPS_SHOWN])
    names = [_name(group, by) for group in shown]
    shares = [_share(group, index) for group in shown]
    share_width = max(len("share of sent"), *(len(share) for share in shares))
    reached_width = max(7, len(level))
    # The name gives way first: the figures keep their width.
    room = max(width - 10 - reached_width - share_width, _NAME_LEAST)
    name_width = min(max(4, *(cell_len(name) for name in names)), _NAME_MOST, room)
    head = (
        f"{fit(by, name_width)} {'sent':>7} {level:>{reached_width}} "
        f"{'share of sent':<{share_width}}"
    )
    row_width = name_width + 10 + reached_width + share_width
    says = [verdict(group.comparisons[index], group.report.submitted, grouped.min_group_size)
            for group in shown]  # fmt: skip
    compared = grouped.total.levels[index + 1].count >= FEW_TO_COMPARE
    inline = compared and row_width + 2 + max(len(said) for said in says) <= width
    head = head + "  against the other groups" if inline else head.rstrip()
    parts: list[str | tuple[str, str]] = [(head + "\n", "$text-muted")]
    for group, name, share, said in zip(shown, names, shares, says, strict=True):
        reached = group.report.levels[index + 1].count
        parts.append(f"{fit(name, name_width)} {right(number(group.report.submitted), 7)} ")
        parts.append(f"{right(number(reached), reached_width)} {share:<{share_width}}")
        if not compared:
            parts.append("\n")
        elif inline:
            parts += ["  ", (said, _verdict_style(said)), "\n"]
        else:
            parts += ["\n", (_VERDICT_INDENT + said + "\n", _verdict_style(said))]
    hidden = len(grouped.groups) - len(shown)
    if hidden > 0:
        parts.append((f"+{number(hidden)} more: pipeline funnel --by {by}\n", "$text-muted"))
    parts += _notes(grouped, index, compared)
    return Content.assemble(*parts)


def _share(group: FunnelGroup, index: int) -> str:
    if not group.rated:
        return "–"
    reached = group.report.levels[index + 1]
    return rate(reached.of_submitted, reached.of_submitted_ci)


def _notes(grouped: FunnelGroups, index: int, compared: bool) -> list[str | tuple[str, str]]:
    """Return the lines under the groups: why nothing is compared, or how to read the words."""
    total = grouped.total.levels[index + 1]
    notes: list[str] = []
    if len(grouped.groups) == 1 and grouped.groups[0].key is None and grouped.by in _HOW_TO_RECORD:
        notes.append(f"No {grouped.by} recorded yet: {_HOW_TO_RECORD[grouped.by]}.")
    counts_only = f"Under {grouped.min_group_size} sent: counts only."
    if not compared:
        notes.append(f"Too few {total.level} to compare ({number(total.count)} in all).")
        if not all(group.rated for group in grouped.groups):
            notes.append(counts_only)
    else:
        shared = " (5% shared among the groups)" if grouped.alpha < 0.05 - 1e-12 else ""
        notes.append(
            f"In brackets: the 95% interval. Real: a two-proportion test against the other "
            f"groups at 95%{shared}. {counts_only}"
        )
    return [("\n".join(notes), "$text-muted")]
