"""The funnel as SankeyMATIC input (`Source [amount] Target` per line, sankeymatic.com/build).

Each application follows one path: Submitted, then Replied or No reply, then the levels it
reached (Screened, Interview 1, Interview 2, ..., Offer, Accepted), then its outcome. Flows
are those paths added up, so whatever enters a node leaves it, except at the outcomes.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from pipeline_tui.domain.funnel import (
    FunnelGroups,
    FunnelReport,
    Level,
    Tally,
    rejected_at_label,
)
from pipeline_tui.domain.text import printable
from pipeline_tui.reports.layout import percent, scheduled_text

_OUTCOME_NODE = {
    "open": "In progress",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
    "ghosted": "Ghosted",
    "declined": "Declined",
}


def _path(tally: Tally) -> list[str]:
    """Return the nodes one application passes through, ending at its outcome."""
    nodes = ["Submitted"]
    if tally.reached < Level.REPLIED:
        nodes.append("No reply")
    else:
        nodes.append("Replied")
    if tally.reached >= Level.SCREENED:
        nodes.append("Screened")
    nodes += [f"Interview {number}" for number in range(1, tally.rounds + 1)]
    if tally.reached >= Level.OFFER:
        nodes.append("Offer")
    if tally.reached >= Level.ACCEPTED:
        nodes.append("Accepted")
    if tally.outcome != "accepted":
        nodes.append(_OUTCOME_NODE[tally.outcome])
    elif nodes[-1] != "Accepted":
        # Accepted is both a level and an outcome; a forced acceptance still ends there.
        nodes.append("Accepted")
    return nodes


def flows(report: FunnelReport) -> Counter[tuple[str, str]]:
    """Return the number of applications on each (from, to) edge."""
    edges: Counter[tuple[str, str]] = Counter()
    for tally in report.tallies:
        nodes = _path(tally)
        for start, end in pairwise(nodes):
            edges[(start, end)] += tally.count
    return edges


def _node_name(text: str) -> str:
    """Return user text usable as a SankeyMATIC node name (brackets and ':' start a syntax)."""
    cleaned = printable(text).replace("[", "(").replace("]", ")").strip()
    cleaned = cleaned.lstrip(":/'").strip()
    return cleaned or "(blank)"


def _rank(node: str) -> int:
    """Order lines as the diagram reads: from Submitted towards the outcomes."""
    fixed = {"Submitted": 0, "No reply": 1, "Replied": 2, "Screened": 3, "Offer": 1000}
    if node.startswith("Interview "):
        return 3 + int(node.removeprefix("Interview "))
    return fixed.get(node, 2000)


def _lines(report: FunnelReport) -> list[str]:
    ranked = sorted(flows(report).items(), key=lambda item: (_rank(item[0][0]), -item[1]))
    return [f"{start} [{count}] {end}" for (start, end), count in ranked if count]


def _reason_comments(report: FunnelReport) -> list[str]:
    """Return comment lines with the interviews scheduled and the reasons recorded ("// rejected
    at interview round 2: ...").

    Reasons are comments rather than nodes: most applications record none, and a node for
    some of them would break the rule that what enters an outcome is all it holds.
    """
    lines = []
    if report.scheduled:  # they flow as far as they got by today, then to "In progress"
        lines.append(f"// interviews scheduled: {scheduled_text(report)}")
    for key, reasons in report.rejected_at_reasons.items():
        if reasons:
            lines.append(f"// rejected at {rejected_at_label(key)}:{_reason_list(reasons)}")
    for outcome, reasons in report.outcome_reasons.items():
        if reasons and outcome != "rejected":
            lines.append(f"// {outcome}:{_reason_list(reasons)}")
    return lines


def _reason_list(reasons: dict[str, int]) -> str:
    return ",".join(f" {printable(reason)} {count}" for reason, count in reasons.items())


def sankeymatic(report: FunnelReport) -> str:
    """Return the report's flows in SankeyMATIC's input format."""
    replied = report.levels[Level.REPLIED - Level.SUBMITTED]
    header = [
        "// pipeline-tui funnel: paste into https://sankeymatic.com/build",
        f"// {report.submitted} submitted, {replied.count} replied "
        f"({percent(replied.of_submitted)}), as of {report.today.isoformat()}",
    ]
    return "\n".join(header + _lines(report) + _reason_comments(report)) + "\n"


def sankeymatic_groups(grouped: FunnelGroups) -> str:
    """Return flows from each group into Submitted, then the funnel of all groups together."""
    header = [
        f"// pipeline-tui funnel by {grouped.by}: paste into https://sankeymatic.com/build",
        f"// {grouped.total.submitted} submitted, as of {grouped.total.today.isoformat()}",
    ]
    taken = {node for edge in flows(grouped.total) for node in edge}
    names: Counter[str] = Counter()
    for group in grouped.groups:
        name = _node_name(group.key) if group.key else f"(no {grouped.by})"
        if name in taken:
            # A source called "Offer" must not loop back into the funnel's own node.
            name = f"{name} ({grouped.by})"
        names[name] += group.report.submitted
    sources = [f"{name} [{count}] Submitted" for name, count in names.items() if count]
    lines = header + sources + _lines(grouped.total) + _reason_comments(grouped.total)
    return "\n".join(lines) + "\n"
