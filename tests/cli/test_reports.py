"""pipeline funnel and pipeline weekly through the command line, on a hand-checked search.

Today is pinned to Monday 2024-09-16 (tests/conftest.py); ghosting starts at 30 days.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import pytest

import dbtools

_FLOW = re.compile(r"^(?P<start>.+) \[(?P<amount>\d+)\] (?P<end>.+)$")

# (company, role, source, campaign, submitted on, moves as (stage, date[, round])).
SEARCH = [
    # 1: rejected after interview round 2.
    ("ByteDance", "LLM engineer", "referral", "2024 autumn campus", "2024-09-01",
     [("screening", "2024-09-04"), ("interview", "2024-09-09"), ("interview", "2024-09-12"),
      ("rejected", "2024-09-14")]),
    # 2: rejected straight away: a reply, but not a positive one.
    ("Baidu", "Search", "campus", "2024 autumn campus", "2024-09-02",
     [("rejected", "2024-09-05")]),
    ("Meituan", "Ranking", "Boss直聘", "2024 social", "2024-08-01", []),  # 3: ghosted, 46 days
    ("Tencent", "Hunyuan", "Boss直聘", "2024 social", "2024-08-17", []),  # 4: ghosted, 30 days
    ("Alibaba", "Tongyi", "Boss直聘", "2024 social", "2024-08-18", []),  # 5: waiting, 29 days
    ("Huawei", "Noah", "LinkedIn", "2024 social", "2024-08-20", [("withdrawn", "2024-08-25")]),
    ("JD", "Retail", "LinkedIn", "2024 social", "2024-08-01", [("ghosted", "2024-09-01")]),
    ("字节跳动", "大模型算法工程师", "headhunter", "2024 social", "2024-07-01",
     [("screening", "2024-07-11"), ("interview", "2024-07-15"), ("offer", "2024-07-20"),
      ("declined", "2024-07-25")]),
    # 9: straight to interview, then an accepted offer.
    ("Kuaishou", "Kling", "referral", "2024 social", "2024-07-01",
     [("interview", "2024-07-08"), ("offer", "2024-07-15"), ("accepted", "2024-07-20")]),
    ("Xiaomi", "MiLM", None, None, None, []),  # 10: saved only, never sent
    ("NetEase", "Fuxi", "campus", "2024 autumn campus", "2024-09-10",
     [("screening", "2024-09-12")]),
]  # fmt: skip


@pytest.fixture
def search(pipeline, filled_store):
    """The test's database holding SEARCH (recorded once per session); return the runner."""

    def record(store) -> None:
        _record(partial(pipeline, "--db", dbtools.location(store)))

    filled_store("reports-search", record)
    return pipeline


def _record(pipeline):
    """Record SEARCH through `pipeline add` and `pipeline move`."""
    for company, role, source, campaign, sent, moves in SEARCH:
        args = ["add", company, role]
        if source:
            args += ["--source", source, "--campaign", campaign]
        args += ["--on", sent] if sent else ["--saved", "--on", "2024-09-01"]
        outcome = pipeline(*args)
        assert outcome.code == 0, outcome.err
        number = outcome.out.split()[1]
        for stage, day in moves:
            moved = pipeline("move", number, stage, "--on", day)
            assert moved.code == 0, moved.err
    assert pipeline("note", "#11", "sent a thank-you", "--on", "2024-09-13").code == 0
    return pipeline


def _json(pipeline, *args: str) -> dict:
    outcome = pipeline(*args, "--format", "json")
    assert outcome.code == 0, outcome.err
    return json.loads(outcome.out)


def _counts(data: dict) -> list[int]:
    return [level["count"] for level in data["levels"]]


def test_funnel_counts_every_level_each_application_reached(search) -> None:
    data = _json(search, "funnel")
    assert [level["level"] for level in data["levels"]] == [
        "submitted",
        "replied",
        "screened",
        "interviewed",
        "offer",
        "accepted",
    ]
    assert _counts(data) == [10, 5, 4, 3, 2, 1]
    assert [level["of_previous"] for level in data["levels"]] == pytest.approx(
        [1.0, 0.5, 0.8, 0.75, 2 / 3, 0.5]
    )
    assert data["levels"][3]["of_submitted"] == pytest.approx(0.3)
    assert data["interview_rounds"] == [{"round": 1, "count": 3}, {"round": 2, "count": 1}]
    assert data["outcomes"] == {
        "open": 2,
        "rejected": 2,
        "withdrawn": 1,
        "ghosted": 3,
        "declined": 1,
        "accepted": 1,
    }
    assert data["rejected_at"] == {
        "submitted": 1,
        "screened": 0,
        "interview_1": 0,
        "interview_2": 1,
        "offer": 0,
    }
    assert data["median_days_to_reply"] == 3
    assert data["still_waiting"] == 1


def test_a_rejection_after_interviews_still_counts_as_reply_screen_and_interview(
    pipeline,
) -> None:
    pipeline("add", "ByteDance", "LLM engineer", "--on", "2024-09-01")
    for stage, day in [("screening", "09-03"), ("interview", "09-05"), ("rejected", "09-09")]:
        assert pipeline("move", "1", stage, "--on", f"2024-{day}").code == 0
    data = _json(pipeline, "funnel")
    assert _counts(data) == [1, 1, 1, 1, 0, 0]
    assert data["outcomes"]["rejected"] == 1
    assert data["rejected_at"]["interview_1"] == 1


def test_undoing_the_reply_takes_it_out_of_the_funnel(pipeline) -> None:
    pipeline("add", "Baidu", "Search", "--on", "2024-09-01")
    pipeline("move", "1", "screening", "--on", "2024-09-03")
    assert _counts(_json(pipeline, "funnel"))[:3] == [1, 1, 1]
    assert pipeline("undo").code == 0
    data = _json(pipeline, "funnel")
    assert _counts(data)[:3] == [1, 0, 0]
    assert data["median_days_to_reply"] is None
    assert data["still_waiting"] == 1


def test_filters_select_by_submission_date_campaign_and_source(search) -> None:
    assert _counts(_json(search, "funnel", "--source", "REFERRAL")) == [2, 2, 2, 2, 1, 1]
    autumn = _json(search, "funnel", "--campaign", "2024 autumn campus")
    assert _counts(autumn) == [3, 3, 2, 1, 0, 0]
    assert autumn["filters"]["campaign"] == "2024 autumn campus"
    assert _counts(_json(search, "funnel", "--since", "2024-09-01"))[0] == 3
    window = _json(search, "funnel", "--since", "2024-08-01", "--until", "2024-08-18")
    assert _counts(window)[0] == 4
    assert window["filters"]["until"] == "2024-08-18"


def test_ghost_after_changes_what_counts_as_ghosted(search) -> None:
    data = _json(search, "funnel", "--ghost-after", "60")
    assert data["outcomes"]["ghosted"] == 1
    assert data["still_waiting"] == 3
    assert data["ghost_after_days"] == 60


def test_funnel_by_source_gives_one_funnel_per_group(search) -> None:
    data = _json(search, "funnel", "--by", "source")
    assert data["by"] == "source"
    groups = {group["key"]: _counts(group) for group in data["groups"]}
    assert groups == {
        "Boss直聘": [3, 0, 0, 0, 0, 0],
        "LinkedIn": [2, 0, 0, 0, 0, 0],
        "campus": [2, 2, 1, 0, 0, 0],
        "referral": [2, 2, 2, 2, 1, 1],
        "headhunter": [1, 1, 1, 1, 1, 0],
    }
    assert data["groups"][0]["key"] == "Boss直聘"  # the largest group first
    text = search("funnel", "--by", "source")
    assert text.code == 0
    assert "Boss直聘" in text.out
    assert all(len(line) <= 80 for line in text.out.splitlines())


def test_funnel_by_week_uses_iso_weeks_in_order(search) -> None:
    keys = [group["key"] for group in _json(search, "funnel", "--by", "week")["groups"]]
    # 2024-09-01 is a Sunday: it closes week 35; 2024-09-02 opens week 36.
    assert keys == ["2024-W27", "2024-W31", "2024-W33", "2024-W34", "2024-W35", "2024-W36",
                    "2024-W37"]  # fmt: skip


def _flows(text: str) -> list[tuple[str, int, str]]:
    found = []
    for line in text.splitlines():
        if line and not line.startswith("//"):
            match = _FLOW.match(line)
            assert match, line
            found.append((match["start"], int(match["amount"]), match["end"]))
    return found


@pytest.mark.parametrize("by", [None, "source"])
def test_sankeymatic_flows_are_conserved(search, by: str | None) -> None:
    args = ["funnel", "--format", "sankeymatic", *(["--by", by] if by else [])]
    outcome = search(*args)
    assert outcome.code == 0, outcome.err
    flows = _flows(outcome.out)
    inflow: dict[str, int] = defaultdict(int)
    outflow: dict[str, int] = defaultdict(int)
    for start, amount, end in flows:
        outflow[start] += amount
        inflow[end] += amount
    for node in set(inflow) & set(outflow):
        assert inflow[node] == outflow[node], node
    assert outflow["Submitted"] == 10
    assert sum(inflow[node] for node in set(inflow) - set(outflow)) == 10
    assert ("Submitted", 5, "Replied") in flows
    if by:
        assert ("referral", 2, "Submitted") in flows


def test_weekly_counts_activity_from_event_dates(search) -> None:
    data = _json(search, "weekly", "--week", "2024-09-12")
    assert (data["week"], data["week_start"], data["week_end"]) == (
        "2024-W37",
        "2024-09-09",
        "2024-09-15",
    )
    assert data["activity"] == {
        "submitted": 1,  # NetEase
        "replies": 1,  # NetEase's screening is its first answer
        "screenings": 1,
        "interviews": 2,  # ByteDance rounds 1 and 2
        "offers": 0,
        "rejections": 1,  # ByteDance after round 2
        "accepted": 0,
        "declined": 0,
        "withdrawn": 0,
    }
    # Week 36: Baidu sent and rejected, ByteDance screened (ByteDance was sent on Sunday, W35).
    previous = data["previous_activity"]
    assert (previous["submitted"], previous["replies"], previous["screenings"]) == (1, 2, 1)
    assert previous["rejections"] == 1
    assert _counts(data["cohort"]) == [1, 1, 1, 0, 0, 0]
    assert _counts(data["funnel"]) == [10, 5, 4, 3, 2, 1]
    assert [week["week"] for week in data["history"]][-2:] == ["2024-W36", "2024-W37"]


def test_weekly_lists_follow_ups_and_interviews_ahead(search) -> None:
    assert search("move", "NetEase", "interview", "--on", "2024-09-19").code == 0
    data = _json(search, "weekly")
    assert data["week"] == "2024-W38"
    # Alibaba (29 days, no answer) is due; NetEase's note on the 13th reset its clock; the
    # older silent ones are counted as ghosted instead.
    assert data["follow_ups"]["total"] == 1
    (due,) = data["follow_ups"]["items"]
    assert (due["company"], due["days_silent"], due["stage"]) == ("Alibaba", 29, "submitted")
    assert data["upcoming"] == [
        {
            "id": 11,
            "company": "NetEase",
            "role": "Fuxi",
            "department": None,
            "round": 1,
            "on": "2024-09-19",
            "at": None,
            "duration_minutes": None,
            "format": None,
            "place": None,
            "interviewers": [],
            "cancelled": False,
        }
    ]
    assert [item["on"] for item in data["interviews"]] == ["2024-09-19"]


def test_follow_ups_are_capped_with_a_count_of_the_rest(pipeline) -> None:
    for number in range(14):
        pipeline("add", f"Company {number}", "Role", "--on", f"2024-09-{number + 1:02d}")
    data = _json(pipeline, "weekly")
    items = data["follow_ups"]["items"]
    assert data["follow_ups"]["total"] == 9  # sent 1st to 9th: silent 7 days or more
    assert len(items) == 9
    assert [item["days_silent"] for item in items] == sorted(
        (item["days_silent"] for item in items), reverse=True
    )
    for number in range(14, 40):
        pipeline("add", f"Company {number}", "Role", "--on", "2024-09-02")
    text = pipeline("weekly")
    assert "… and 25 more" in text.out


@pytest.mark.parametrize(
    ("today", "week", "expected", "monday"),
    [
        ("2025-01-06", "2025-01-01", "2025-W01", "2024-12-30"),
        ("2021-01-04", "2021-01-03", "2020-W53", "2020-12-28"),
    ],
)
def test_weekly_across_the_year_boundary(
    pipeline, monkeypatch: pytest.MonkeyPatch, today: str, week: str, expected: str, monday: str
) -> None:
    monkeypatch.setenv("PIPELINE_TODAY", today)
    sunday_before = (date.fromisoformat(monday) - timedelta(days=1)).isoformat()
    pipeline("add", "In the week", "Monday", "--on", monday)
    pipeline("add", "Also in it", "Sunday", "--on", week)
    pipeline("add", "Week before", "Sunday", "--on", sunday_before)
    data = _json(pipeline, "weekly", "--week", week)
    assert data["week"] == expected
    assert data["week_start"] == monday
    assert data["activity"]["submitted"] == 2
    assert data["previous_activity"]["submitted"] == 1
    assert expected in pipeline("weekly", "--week", week).out


@pytest.mark.parametrize("command", ["funnel", "weekly"])
def test_an_empty_database_reports_zeros_in_every_format(pipeline, command: str) -> None:
    formats = ["text", "markdown", "json"]
    formats.append("sankeymatic" if command == "funnel" else "html")
    for output in formats:
        outcome = pipeline(command, "--format", output)
        assert outcome.code == 0, (output, outcome.err)
        assert outcome.out.strip()
    data = _json(pipeline, command)
    funnel = data if command == "funnel" else data["funnel"]
    assert _counts(funnel) == [0] * 6
    assert {level["of_previous"] for level in funnel["levels"]} == {None}
    assert funnel["median_days_to_reply"] is None


def test_each_format_renders_the_funnel(search) -> None:
    text = search("funnel").out
    assert "interviewed" in text and "75.0%" in text
    assert all(len(line) <= 80 for line in text.splitlines())
    markdown = search("funnel", "--format", "markdown").out
    # 3 of 4 screened and 3 of 10 sent, each with its Wilson 95% interval.
    assert "| interviewed | 3 | 75.0% (30.1–95.4) | 30.0% (10.8–60.3) |" in markdown
    weekly_markdown = search("weekly", "--format", "markdown").out
    assert weekly_markdown.startswith("# Week 2024-W38")
    assert "| submitted | 0 | 1 |" in weekly_markdown


def test_weekly_html_is_one_self_contained_page(search) -> None:
    page = search("weekly", "--format", "html").out
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    for fetch in ("src=", "href=", "@import", "url(", "<script", "<link"):
        assert fetch not in page
    assert "2024-W38" in page
    assert page.count("<tr><td>2024-W") == 12  # the 12-week activity chart
    assert "Alibaba" in page  # the follow-up due


def test_user_text_prints_literally_in_every_format(pipeline) -> None:
    campaign = "[bold]秋招[/] <b>&"
    pipeline("add", "<script>alert(1)</script>", "R|o*le", "-c", campaign, "-s", "a|b",
             "--on", "2024-09-02")  # fmt: skip
    text = pipeline("funnel", "--by", "campaign").out
    assert "[bold]秋招[/] <b>&" in text
    markdown = pipeline("funnel", "--by", "source", "--format", "markdown").out
    assert "a\\|b" in markdown
    page = pipeline("weekly", "--format", "html", "--campaign", campaign).out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert "[bold]秋招[/] &lt;b&gt;&amp;" in page
    weekly = pipeline("weekly", "--campaign", campaign).out
    assert "<script>alert(1)</script> — R|o*le" in weekly
    escaped = pipeline("funnel", "--campaign", "evil\x1b[31m").out
    assert "\x1b" not in escaped
    assert "evil\\x1b[31m" in escaped


def test_bad_options_are_one_line_errors(pipeline) -> None:
    for args in (
        ["funnel", "--since", "2024-10"],
        ["funnel", "--since", "2024-09-10", "--until", "2024-09-01"],
        ["weekly", "--week", "someday"],
    ):
        outcome = pipeline(*args)
        assert outcome.code in (1, 2), args
        assert outcome.err.startswith("error: ")
        assert outcome.err.count("\n") == 1
    assert pipeline("funnel", "--ghost-after", "0").code == 2


def test_funnel_json_loads_neither_textual_nor_rich_nor_alembic(tmp_path: Path, pipeline) -> None:
    assert pipeline("add", "Warm", "Up").code == 0  # creates and migrates the database
    script = (
        "import sys, json\n"
        "from pipeline_tui.cli import run\n"
        "status = run(['funnel', '--format', 'json'])\n"
        "heavy = sorted({name.split('.')[0] for name in sys.modules}"
        " & {'textual', 'rich', 'alembic'})\n"
        "print(status, heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=os.environ, check=True
    )
    assert json.loads(result.stdout)["levels"][0]["count"] == 1
    assert result.stderr.splitlines()[-1] == "0 []"
