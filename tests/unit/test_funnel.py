"""Funnel maths on hand-made histories, with answers worked out by hand."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, date, datetime

import pytest

from pipeline_tui.domain.funnel import (
    FunnelCounts,
    FunnelFilter,
    Level,
    Tally,
    counts_from_histories,
    progress,
    summarize,
)
from pipeline_tui.domain.models import Event
from pipeline_tui.domain.stages import Stage
from pipeline_tui.reports.sankey import sankeymatic

TODAY = date(2024, 9, 16)
_FLOW = re.compile(r"^(?P<start>.+) \[(?P<amount>\d+)\] (?P<end>.+)$")
_CREATED = datetime(2024, 9, 16, tzinfo=UTC)


def history(*steps: tuple[str, str] | tuple[str, str, int]) -> list[Event]:
    """Events from ("stage", "MM-DD"[, round]) steps; "note:stage" makes a note event."""
    events = []
    for number, step in enumerate(steps, 1):
        name, day = step[0], step[1]
        kind = "note" if name.startswith("note:") else "stage"
        stage = Stage(name.removeprefix("note:"))
        events.append(
            Event(
                id=number,
                application_id=1,
                kind=kind,  # type: ignore[arg-type]
                stage=stage,
                round=step[2] if len(step) == 3 else None,
                occurred_on=date.fromisoformat(f"2024-{day}"),
                note=None,
                created_at=_CREATED,
            )
        )
    return events


SCENARIO = {
    # Rejected after two interview rounds: still a reply, a screening and an interview.
    "A": history(
        ("submitted", "09-01"),
        ("screening", "09-04"),
        ("interview", "09-09", 1),
        ("interview", "09-12", 2),
        ("rejected", "09-14"),
    ),
    "B": history(("submitted", "09-02"), ("rejected", "09-05")),  # a reply, not a positive one
    "C": history(("submitted", "08-01")),  # silent 46 days: ghosted
    "D": history(("submitted", "08-17")),  # silent exactly 30 days: ghosted
    "E": history(("submitted", "08-18")),  # silent 29 days: still waiting
    "F": history(("submitted", "08-20"), ("withdrawn", "08-25")),
    "G": history(("submitted", "08-01"), ("ghosted", "09-01")),
    "H": history(
        ("submitted", "07-01"),
        ("screening", "07-11"),
        ("interview", "07-15", 1),
        ("offer", "07-20"),
        ("declined", "07-25"),
    ),
    # Straight to interview (a skipped stage still counts as reached), then accepted.
    "I": history(
        ("submitted", "07-01"),
        ("interview", "07-08", 1),
        ("offer", "07-15"),
        ("accepted", "07-20"),
    ),
    "J": history(("saved", "09-01")),  # never sent: not in the funnel at all
    "K": history(("submitted", "09-10"), ("screening", "09-12"), ("note:screening", "09-13")),
}


def scenario_report(ghost_after_days: int = 30):
    counts = counts_from_histories(
        SCENARIO.values(), today=TODAY, ghost_after_days=ghost_after_days
    )
    return summarize(counts, filters=FunnelFilter(), today=TODAY, ghost_after_days=ghost_after_days)


def test_levels_count_every_level_ever_reached() -> None:
    report = scenario_report()
    assert [(level.level, level.count) for level in report.levels] == [
        ("submitted", 10),
        ("replied", 5),
        ("screened", 4),
        ("interviewed", 3),
        ("offer", 2),
        ("accepted", 1),
    ]
    assert [level.of_previous for level in report.levels] == pytest.approx(
        [1.0, 0.5, 0.8, 0.75, 2 / 3, 0.5]
    )
    assert [level.of_submitted for level in report.levels] == pytest.approx(
        [1.0, 0.5, 0.4, 0.3, 0.2, 0.1]
    )


def test_rounds_outcomes_rejections_and_reply_time() -> None:
    report = scenario_report()
    assert report.interview_rounds == ((1, 3), (2, 1))
    assert report.outcomes == {
        "open": 2,
        "rejected": 2,
        "withdrawn": 1,
        "ghosted": 3,
        "declined": 1,
        "accepted": 1,
    }
    assert report.rejected_at == {
        "submitted": 1,
        "screened": 0,
        "interview_1": 0,
        "interview_2": 1,
        "offer": 0,
    }
    # Days to the first answer: A 3, B 3, H 10, I 7, K 2.
    assert report.median_days_to_reply == 3
    assert report.still_waiting == 1


def test_ghosting_follows_the_configured_age() -> None:
    # With 60 days, C (46 days) and D (30) are open again; G was marked ghosted explicitly.
    report = scenario_report(ghost_after_days=60)
    assert report.outcomes["ghosted"] == 1
    assert report.outcomes["open"] == 4  # C, D, E, K
    assert report.still_waiting == 3  # C, D, E


def test_progress_reads_stage_events_only() -> None:
    rejected_late = progress(SCENARIO["A"])
    assert rejected_late.reached == Level.INTERVIEWED
    assert rejected_late.replied_on == date(2024, 9, 4)
    assert progress(SCENARIO["B"]).reached == Level.REPLIED
    withdrawn = progress(SCENARIO["F"])
    assert (withdrawn.reached, withdrawn.replied_on) == (Level.SUBMITTED, None)
    assert progress(SCENARIO["G"]).reached == Level.SUBMITTED
    # A note carries the stage the application had; it is not a move to that stage.
    noted = history(("submitted", "09-01"), ("note:offer", "09-02"))
    assert progress(noted) == progress(noted[:1])
    assert progress(SCENARIO["J"]).reached == Level.SAVED


def test_the_first_reply_is_the_earliest_answer_even_if_recorded_later() -> None:
    backdated = history(("submitted", "09-01"), ("interview", "09-10", 1), ("screening", "09-05"))
    assert progress(backdated).replied_on == date(2024, 9, 5)


def test_an_empty_set_gives_zeros_and_no_ratios() -> None:
    report = summarize(FunnelCounts(), filters=FunnelFilter(), today=TODAY, ghost_after_days=30)
    data = report.as_json()
    assert [level["count"] for level in data["levels"]] == [0] * 6
    assert {level["of_previous"] for level in data["levels"]} == {None}
    assert {level["of_submitted"] for level in data["levels"]} == {None}
    assert data["interview_rounds"] == []
    assert set(data["outcomes"].values()) == {0}
    assert set(data["rejected_at"].values()) == {0}
    assert data["median_days_to_reply"] is None
    assert data["still_waiting"] == 0


def test_a_level_nobody_reached_has_no_share_of_the_previous_one() -> None:
    counts = FunnelCounts((Tally(reached=1, rounds=0, outcome="open", count=4),))
    report = summarize(counts, filters=FunnelFilter(), today=TODAY, ghost_after_days=30)
    replied, screened = report.levels[1], report.levels[2]
    assert (replied.of_previous, replied.of_submitted) == (0.0, 0.0)
    assert (screened.of_previous, screened.of_submitted) == (None, 0.0)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([(4, 1)], 4),
        ([(2, 1), (9, 1)], 5.5),
        ([(1, 3), (50, 2)], 1),
        ([(1, 2), (3, 2)], 2),
        ([(10, 1), (2, 2), (7, 1)], 4.5),
    ],
)
def test_median_days_to_reply_weights_each_application(days, expected) -> None:
    counts = FunnelCounts((Tally(2, 0, "rejected", sum(n for _, n in days)),), tuple(days))
    report = summarize(counts, filters=FunnelFilter(), today=TODAY, ghost_after_days=30)
    assert report.median_days_to_reply == expected


def test_json_keeps_the_documented_names() -> None:
    data = scenario_report().as_json()
    assert {
        "filters",
        "levels",
        "interview_rounds",
        "outcomes",
        "rejected_at",
        "median_days_to_reply",
        "still_waiting",
    } <= set(data)
    assert set(data["levels"][0]) == {
        "level",
        "count",
        "of_previous",
        "of_submitted",
        "of_previous_ci",
        "of_submitted_ci",
    }
    assert data["interview_rounds"][0] == {"round": 1, "count": 3}
    assert set(data["outcomes"]) == {
        "open",
        "rejected",
        "withdrawn",
        "ghosted",
        "declined",
        "accepted",
    }


def parse_flows(text: str) -> list[tuple[str, int, str]]:
    """Return (from, amount, to) for each flow line, skipping comments."""
    found = []
    for line in text.splitlines():
        if not line or line.startswith("//"):
            continue
        match = _FLOW.match(line)
        assert match, line
        found.append((match["start"], int(match["amount"]), match["end"]))
    return found


def assert_conserved(flows: list[tuple[str, int, str]], submitted: int) -> None:
    """What enters a node leaves it, unless the node is where applications end."""
    inflow: dict[str, int] = defaultdict(int)
    outflow: dict[str, int] = defaultdict(int)
    for start, amount, end in flows:
        assert amount > 0
        outflow[start] += amount
        inflow[end] += amount
    for node in set(inflow) & set(outflow):
        assert inflow[node] == outflow[node], node
    ends = set(inflow) - set(outflow)
    assert sum(inflow[node] for node in ends) == submitted
    assert outflow["Submitted"] == submitted


def test_sankeymatic_flows_add_up() -> None:
    counts = counts_from_histories(SCENARIO.values(), today=TODAY, ghost_after_days=30)
    report = summarize(counts, filters=FunnelFilter(), today=TODAY, ghost_after_days=30)
    flows = parse_flows(sankeymatic(report))
    assert_conserved(flows, submitted=10)
    assert ("Submitted", 5, "Replied") in flows
    assert ("Submitted", 5, "No reply") in flows
    assert ("Interview 2", 1, "Rejected") in flows  # A
    assert ("Replied", 1, "Rejected") in flows  # B
    assert ("Offer", 1, "Declined") in flows  # H
    assert ("Offer", 1, "Accepted") in flows  # I
    assert ("No reply", 3, "Ghosted") in flows  # C, D, G
