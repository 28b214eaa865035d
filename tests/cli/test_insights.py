"""What works, honestly: CV and letter versions, funnels per group with intervals and
comparisons, reply curves with silence as "not yet", the forecast and the weekly target.

Today is pinned to Monday 2024-09-16 (tests/conftest.py). Bigger searches are written as a CSV
and imported in one command; every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest
from scipy import stats as scipy_stats

HEADER = ["company", "role", "applied_on", "status", "status_on", "interviewed_on", "offer_on",
          "cv", "letter", "source"]  # fmt: skip


def _import(pipeline, folder: Path, rows: list[dict[str, str]]) -> None:
    path = folder / "search.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    outcome = pipeline("import", str(path))
    assert outcome.code == 0, outcome.err


def _json(pipeline, *args: str):
    outcome = pipeline(*args, "--format", "json")
    assert outcome.code == 0, outcome.err
    return json.loads(outcome.out)


def _config(folder: Path, text: str) -> None:
    path = folder / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _wilson(successes: int, trials: int) -> list[float]:
    found = scipy_stats.binomtest(successes, trials).proportion_ci(0.95, method="wilson")
    return [found.low, found.high]


# Recording versions.


def test_versions_are_recorded_shown_edited_and_listed(pipeline) -> None:
    added = pipeline("add", "ByteDance", "LLM engineer", "--cv", " v3 ", "--letter", "L2")
    assert added.code == 0, added.err
    assert pipeline("add", "Baidu", "ERNIE", "--cv", "V3").code == 0
    assert pipeline("add", "Meituan", "Search", "--cv", "v2", "--saved").code == 0
    assert pipeline("add", "Kuaishou", "Kling").code == 0
    shown = _json(pipeline, "show", "1")
    assert (shown["cv"], shown["letter"]) == ("v3", "L2")
    assert "  cv        v3\n  letter    L2\n" in pipeline("show", "1").out
    edited = pipeline("edit", "kuaishou", "--cv", "v4", "--letter", "L1")
    assert edited.out == "Saved #4 Kuaishou — Kling: cv v4, letter L1\n"
    cleared = pipeline("edit", "4", "--letter", "")
    assert cleared.out == "Saved #4 Kuaishou — Kling: letter cleared\n"
    listed = {item["id"]: (item["cv"], item["letter"]) for item in _json(pipeline, "list")}
    assert listed == {1: ("v3", "L2"), 2: ("V3", None), 3: ("v2", None), 4: ("v4", None)}
    versions = _json(pipeline, "versions")
    # "v3" and "V3" are one version; each is used once, so the spelling that sorts first.
    assert [(v["version"], v["applications"], v["submitted"]) for v in versions["cv"]] == [
        ("V3", 2, 2),
        ("v2", 1, 0),
        ("v4", 1, 1),
    ]
    assert versions["cv"][0]["first_sent"] == "2024-09-16"
    assert [(v["version"], v["applications"]) for v in versions["letter"]] == [
        ("L2", 1),
        (None, 3),
    ]
    text = pipeline("versions").out
    assert text.startswith("CV versions: 3 in use\n")
    assert "pipeline funnel --by cv" in text


def test_edit_refuses_what_it_cannot_do(pipeline) -> None:
    assert pipeline("add", "Zhipu", "GLM").code == 0
    nothing = pipeline("edit", "1")
    assert nothing.code == 2
    assert "give at least one field to change" in nothing.err
    missing = pipeline("edit", "99", "--cv", "v1")
    assert (missing.code, missing.err) == (1, "error: no application #99\n")
    long = pipeline("edit", "1", "--cv", "v" * 201)
    assert long.code == 1
    assert long.err == "error: the cv version is longer than 200 characters\n"
    assert _json(pipeline, "show", "1")["cv"] is None


def test_versions_go_out_and_come_back_through_export_and_import(pipeline, tmp_path: Path) -> None:
    pipeline(
        "add", "ByteDance", "LLM engineer", "--cv", "v3", "--letter", "L2", "--on", "2024-09-02"
    )
    pipeline("add", "Baidu", "ERNIE", "--on", "2024-09-03")
    exported = pipeline("export").out.splitlines()
    header = exported[0].split(",")
    assert header[9:11] == ["cv", "letter"]
    assert exported[1].split(",")[9:11] == ["v3", "L2"]
    # A spreadsheet of one's own, with the version under another name.
    sheet = tmp_path / "mine.csv"
    sheet.write_text(
        "Company,Role,Date applied,Resume version,Cover letter\nMeituan,Search,2024-09-04,v5,L9\n",
        encoding="utf-8",
    )
    assert pipeline("import", str(sheet)).code == 0
    assert (_json(pipeline, "show", "3")["cv"], _json(pipeline, "show", "3")["letter"]) == (
        "v5",
        "L9",
    )
    # The JSON export is lossless, and one written before versions existed still imports.
    dump = json.loads(pipeline("export", "--format", "json").out)
    assert [row["cv"] for row in dump["tables"]["application"]] == ["v3", None, "v5"]
    for row in dump["tables"]["application"]:
        del row["cv"], row["letter"]
    dump["schema"] = "0006"
    old = tmp_path / "old.json"
    old.write_text(json.dumps(dump), encoding="utf-8")
    other = tmp_path / "other.db"
    restored = pipeline("--db", str(other), "import", str(old))
    assert restored.code == 0, restored.err
    shown = json.loads(pipeline("--db", str(other), "show", "1", "--format", "json").out)
    assert (shown["company"], shown["cv"]) == ("ByteDance", None)


# Funnel per group: intervals and comparisons.


def _versions_search() -> list[dict[str, str]]:
    """v3: 60 sent, 18 answered; v2: 60 sent, 3 answered; v1: 10 sent, 2 answered."""
    rows = []
    for cv, sent, answered in (("v3", 60, 18), ("v2", 60, 3), ("v1", 10, 2)):
        for number in range(sent):
            replied = number < answered
            rows.append(
                {
                    "company": f"{cv} company {number}",
                    "role": "Engineer",
                    "applied_on": "2024-08-01",
                    "status": "rejected" if replied else "submitted",
                    "status_on": "2024-08-06" if replied else "",
                    "cv": cv,
                    "letter": "L1" if number % 2 else "",
                    "source": "board",
                }
            )
    return rows


def test_funnel_by_cv_gives_intervals_and_tells_real_from_luck(pipeline, tmp_path: Path) -> None:
    _import(pipeline, tmp_path, _versions_search())
    data = _json(pipeline, "funnel", "--by", "cv")
    assert data["min_group_size"] == 20
    # Three groups, one under the minimum: two comparisons share the 5%.
    assert data["alpha"] == pytest.approx(0.025)
    groups = {group["key"]: group for group in data["groups"]}
    assert list(groups) == ["v2", "v3", "v1"]  # largest first; equal sizes by name
    v3 = groups["v3"]
    replied = v3["levels"][1]
    assert (replied["level"], replied["count"], replied["of_submitted"]) == ("replied", 18, 0.3)
    assert replied["of_submitted_ci"] == pytest.approx(_wilson(18, 60), abs=1e-12)
    assert replied["of_previous_ci"] == pytest.approx(_wilson(18, 60), abs=1e-12)
    # v3 against the other 70 (5 answered): the z-test's p is the 2x2 chi-squared test's.
    _, p_value, _, _ = scipy_stats.chi2_contingency([[18, 42], [5, 65]], correction=False)
    comparison = v3["comparisons"][0]
    assert comparison["level"] == "replied"
    assert comparison["verdict"] == "real"
    assert comparison["p_value"] == pytest.approx(p_value, rel=1e-9)
    assert (comparison["rate"], comparison["rest_rate"]) == pytest.approx((0.3, 5 / 70))
    assert comparison["more_needed"] is None
    # v1 is under 20 sent: counts, but no rates, intervals or verdicts.
    v1 = groups["v1"]
    assert v1["rated"] is False
    assert [level["count"] for level in v1["levels"]][:2] == [10, 2]
    assert all(level["of_submitted"] is None for level in v1["levels"])
    assert all(level["of_submitted_ci"] is None for level in v1["levels"])
    assert {item["verdict"] for item in v1["comparisons"]} == {"counts only"}
    text = pipeline("funnel", "--by", "cv").out
    low, high = _wilson(18, 60)
    shown = f"30.0% ({low * 100:.1f}–{high * 100:.1f})"
    assert f"  v3            {shown:<21}real: higher than the others (7.1%)" in text
    assert "  v1            counts only (10 sent, under 20)" in text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_a_difference_the_data_cannot_settle_says_how_much_more_would(
    pipeline, tmp_path: Path
) -> None:
    _import(pipeline, tmp_path, _versions_search())
    # Letters: 65 with L1 (11 answered), 65 without (12 answered): nothing real.
    data = _json(pipeline, "funnel", "--by", "letter")
    assert data["alpha"] == 0.05  # two groups: one test
    groups = {group["key"]: group for group in data["groups"]}
    answered = {key: group["levels"][1]["count"] for key, group in groups.items()}
    assert answered == {"L1": 11, None: 12}
    comparison = groups["L1"]["comparisons"][0]
    assert comparison["verdict"] == "not enough data"
    # Roughly how many more would settle it: the two-proportion sample size for 80% power
    # at 5%, the groups growing in their current proportion.
    p1, p2 = 11 / 65, 12 / 65
    z_a, z_b = scipy_stats.norm.ppf(0.975), scipy_stats.norm.ppf(0.80)
    pooled = (p1 + p2) / 2
    n = (
        z_a * math.sqrt(2 * pooled * (1 - pooled)) + z_b * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    ) ** 2 / (p1 - p2) ** 2
    assert comparison["more_needed"] == {"group": math.ceil(n) - 65, "rest": math.ceil(n) - 65}
    text = pipeline("funnel", "--by", "letter").out
    assert f"not enough data yet: ~{math.ceil(n) - 65:,} more here" in text or (
        "too close to the others" in text
    )
    markdown = pipeline("funnel", "--by", "letter", "--format", "markdown").out
    low, high = _wilson(11, 65)
    assert f"| L1 | 65 | 11 · 16.9% ({low * 100:.1f}–{high * 100:.1f}) |" in markdown


def test_a_smaller_minimum_group_size_rates_the_small_group(pipeline, tmp_path: Path) -> None:
    _config(tmp_path, "min_group_size = 5\n")
    _import(pipeline, tmp_path, _versions_search())
    groups = {g["key"]: g for g in _json(pipeline, "funnel", "--by", "cv")["groups"]}
    assert groups["v1"]["rated"] is True
    assert groups["v1"]["levels"][1]["of_submitted"] == 0.2


@pytest.mark.parametrize(
    ("by", "keys"),
    [("weekday", ["Monday", "Thursday", "Saturday"]), ("month", ["2024-07", "2024-09"])],
)
def test_funnel_by_day_of_submission(pipeline, by: str, keys: list[str]) -> None:
    for company, day in (("A", "2024-09-09"), ("B", "2024-07-04"), ("C", "2024-09-14"),
                         ("D", "2024-09-12")):  # fmt: skip
        assert pipeline("add", company, "Role", "--on", day).code == 0
    data = _json(pipeline, "funnel", "--by", by)
    assert [group["key"] for group in data["groups"]] == keys
    sizes = [group["levels"][0]["count"] for group in data["groups"]]
    assert sum(sizes) == 4


def test_funnel_without_by_shows_intervals_in_every_format(pipeline) -> None:
    for company in ("A", "B", "C", "D"):
        pipeline("add", company, "Role", "--on", "2024-09-02")
    pipeline("move", "A", "screening", "--on", "2024-09-05")
    data = _json(pipeline, "funnel")
    replied = data["levels"][1]
    assert replied["of_submitted_ci"] == pytest.approx(_wilson(1, 4), abs=1e-12)
    assert data["levels"][2]["of_previous_ci"] == pytest.approx(_wilson(1, 1), abs=1e-12)
    text = pipeline("funnel").out
    assert "25.0% (4.6–69.9)" in text
    assert "100.0% (20.7–100.0)" in text  # screened: 1 of the 1 who replied
    page = pipeline("weekly", "--format", "html").out
    assert "25.0%<span class='ci'> (4.6–69.9)</span>" in page  # under the share on a phone


# Time to reply.


def _timing_search(pipeline) -> None:
    """Seven applications (today is 2024-09-16):

    1 sent 09-01, rejected 09-03: answered after 2 days
    2 sent 09-01, screening 09-03: answered after 2 days (a tie)
    3 sent 09-10, open: waiting 6 days so far (censored)
    4 sent 09-01, withdrawn 09-05: waited 4 days, then closed (censored)
    5 sent 09-02, interview 09-07: answered after 5 days
    6 sent 08-01, marked ghosted 09-01: waited 31 days (censored)
    7 sent 09-14, open: waiting 2 days (censored on the day of the tie)
    """
    moves = [
        ("2024-09-01", "rejected", "2024-09-03"),
        ("2024-09-01", "screening", "2024-09-03"),
        ("2024-09-10", None, None),
        ("2024-09-01", "withdrawn", "2024-09-05"),
        ("2024-09-02", "interview", "2024-09-07"),
        ("2024-08-01", "ghosted", "2024-09-01"),
        ("2024-09-14", None, None),
    ]
    for number, (sent, stage, day) in enumerate(moves, 1):
        source = "referral" if number <= 3 else "board"
        assert pipeline("add", f"Company {number}", "Role", "--on", sent, "-s", source).code == 0
        if stage:
            assert pipeline("move", str(number), stage, "--on", day).code == 0


def test_replies_is_kaplan_meier_with_silence_as_not_yet(pipeline) -> None:
    _timing_search(pipeline)
    data = _json(pipeline, "replies")
    # Day 2: 7 waiting, 2 answered: 5/7. Day 5: 3 waiting (one left on day 2 and one on
    # day 4 without an answer), 1 answered: 5/7 * 2/3 = 10/21. Longest time seen: 31 days.
    assert set(data) == {"at_risk", "replied", "median_days", "curve"}
    assert (data["at_risk"], data["replied"], data["median_days"]) == (7, 3, 5.0)
    assert [point["day"] for point in data["curve"]] == [0, 2, 5, 31]
    assert [point["survival"] for point in data["curve"]] == pytest.approx(
        [1.0, 5 / 7, 10 / 21, 10 / 21]
    )
    text = pipeline("replies").out
    assert "Half of the applications got an answer within 5 days (median)." in text
    assert "Too few replies to say more yet: 3 (at least 20 are needed)." in text


def test_replies_by_group_gives_one_curve_each(pipeline) -> None:
    _timing_search(pipeline)
    data = _json(pipeline, "replies", "--by", "source")
    assert data["by"] == "source"
    groups = {group["key"]: group for group in data["groups"]}
    assert list(groups) == ["board", "referral"]  # 4 applications, then 3
    referral = groups["referral"]
    assert set(referral) == {"key", "at_risk", "replied", "median_days", "curve"}
    # Two answers on day 2 of three, the third still waiting after 6 days.
    assert (referral["at_risk"], referral["replied"], referral["median_days"]) == (3, 2, 2.0)
    assert [point["day"] for point in referral["curve"]] == [0, 2, 6]
    assert [point["survival"] for point in referral["curve"]] == pytest.approx([1.0, 1 / 3, 1 / 3])
    # Board: on day 5 two were waiting and one was answered; the curve stays at exactly one
    # half from then on, so the median is the day it got there.
    board = groups["board"]
    assert (board["at_risk"], board["replied"], board["median_days"]) == (4, 1, 5.0)
    filtered = _json(pipeline, "replies", "--source", "board")
    assert filtered["at_risk"] == 4


def _reply_times_search() -> list[dict[str, str]]:
    """30 applications sent 2024-08-07: 10 answered after 2 days, 6 after 5, 4 after 12; the
    other 10 still open, waiting 40 days."""
    rows = []
    for number, delay in enumerate([2] * 10 + [5] * 6 + [12] * 4 + [None] * 10):
        answered = f"2024-08-{7 + delay:02d}" if delay is not None else ""
        rows.append(
            {
                "company": f"Company {number}",
                "role": "Engineer",
                "applied_on": "2024-08-07",
                "status": "rejected" if delay is not None else "submitted",
                "status_on": answered,
                "source": "board",
            }
        )
    return rows


def test_replies_says_in_words_when_answers_come(pipeline, tmp_path: Path) -> None:
    _config(tmp_path, "min_group_size = 5\n")
    _import(pipeline, tmp_path, _reply_times_search())
    text = pipeline("replies").out
    # 20 of 30 answered. Half of them (10) came by day 2, 95% (19) by day 12; after 12 days
    # of silence, all 10 still waiting never hear back (within what was seen).
    assert "Half of the replies that come, come within 2 days." in text
    assert "After 12 days of silence, 100.0% of applications never hear back" in text
    assert "About 66.7% of applications ever get an answer" in text
    assert "Half of the applications got an answer within 5 days (median)." in text


def test_ghost_after_auto_uses_the_reply_curve_and_falls_back_when_thin(
    pipeline, tmp_path: Path
) -> None:
    _config(tmp_path, 'ghost_after = "auto"\nmin_group_size = 5\n')
    _import(pipeline, tmp_path, _reply_times_search())
    dry = pipeline("ghost", "--dry-run")
    assert dry.out.startswith(
        "(ghost_after = auto: 95% of the replies that come have come within 12 days)\n"
        "Would mark 10 applications silent for 12+ days as ghosted:\n"
    )
    due = pipeline("due")
    assert "10 open applications have heard nothing for 12+ days" in due.out
    # Too few replies to read the curve from: ghost_after_days (30) stands in, and says so.
    _config(tmp_path, 'ghost_after = "auto"\nmin_group_size = 50\n')
    thin = pipeline("ghost", "--dry-run")
    assert thin.out.startswith(
        "(ghost_after = auto, but 20 replies are too few to read the reply curve (at least "
        "50): ghost_after_days = 30)\nWould mark 10 applications silent for 30+ days"
    )
    # An explicit age wins.
    assert pipeline("ghost", "--dry-run", "--older-than", "60").out.startswith(
        "No open application has been silent for 60+ days"
    )


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('ghost_after = "sometimes"', 'ghost_after must be "auto" or "fixed"'),
        ("min_group_size = 0", "min_group_size must be a whole number of at least 1"),
        ("weekly_target = -3", "weekly_target must be a whole number of at least 0"),
    ],
)
def test_bad_settings_are_one_clear_error(pipeline, tmp_path: Path, setting: str, message: str):
    _config(tmp_path, setting + "\n")
    outcome = pipeline("replies")
    assert outcome.code == 1
    assert message in outcome.err
    assert outcome.err.count("\n") == 1


# Forecast and weekly target.


def _recent_search() -> list[dict[str, str]]:
    """In the last 8 weeks (2024-07-23 to 2024-09-16): 40 sent on 08-01, two of them
    interviewed on 08-10, one with an interview booked for 09-20 (not held yet); one sent
    today. Sent in June: one interviewed on 08-20 with an offer on 08-25 (in the window)."""
    rows = []
    for number in range(40):
        interviewed = {0: "2024-08-10", 1: "2024-08-10", 2: "2024-09-20"}.get(number, "")
        rows.append(
            {
                "company": f"Company {number}",
                "role": "Engineer",
                "applied_on": "2024-08-01",
                "status": "interview" if interviewed else "submitted",
                "interviewed_on": interviewed,
            }
        )
    rows.append({"company": "Today", "role": "Engineer", "applied_on": "2024-09-16",
                 "status": "submitted"})  # fmt: skip
    rows.append({"company": "June", "role": "Engineer", "applied_on": "2024-06-01",
                 "status": "offer", "interviewed_on": "2024-08-20",
                 "offer_on": "2024-08-25"})  # fmt: skip
    return rows


def test_forecast_from_the_last_eight_weeks(pipeline, tmp_path: Path) -> None:
    _config(tmp_path, "weekly_target = 10\n")
    _import(pipeline, tmp_path, _recent_search())
    data = _json(pipeline, "forecast")
    assert (data["since"], data["weeks"], data["sent"]) == ("2024-07-23", 8, 41)
    assert data["pace_per_week"] == pytest.approx(41 / 8)
    interview, offer = data["goals"]
    # Three first interviews held in the window (the June one included), one offer.
    assert (interview["level"], interview["reached"]) == ("interview", 3)
    assert interview["rate_ci"] == pytest.approx(_wilson(3, 41), abs=1e-12)
    low, high = _wilson(3, 41)
    assert interview["applications"] == pytest.approx(
        {"expected": 41 / 3, "low": 1 / high, "high": 1 / low}
    )
    assert interview["weeks"] == pytest.approx(
        {"expected": 8 / 3, "low": 8 / 41 / high, "high": 8 / 41 / low}
    )
    assert interview["weeks_at_target"]["expected"] == pytest.approx(41 / 3 / 10)
    assert (offer["reached"], offer["applications"]["expected"]) == (1, 41.0)
    assert data["weekly_target"] == {"target": 10, "week": "2024-W38", "sent": 1, "share": 0.1}
    text = pipeline("forecast").out
    assert "about 14 applications (" in text
    assert "This week (2024-W38): 1 sent of a target of 10 (10.0%), 9 to go." in text
    weekly = _json(pipeline, "weekly")
    assert weekly["weekly_target"] == {"target": 10, "sent": 1, "share": 0.1}
    assert "target" in pipeline("weekly").out


def test_forecast_with_nothing_sent_says_so(pipeline) -> None:
    data = _json(pipeline, "forecast", "--weeks", "4")
    assert (data["sent"], data["weeks"], data["weekly_target"]) == (0, 4, None)
    assert data["goals"][0]["rate"] is None
    assert "Nothing was sent in the last 4 weeks" in pipeline("forecast", "--weeks", "4").out


def test_forecast_without_an_interview_gives_a_lower_bound(pipeline, tmp_path: Path) -> None:
    rows = [{"company": f"C{n}", "role": "R", "applied_on": "2024-09-02", "status": "submitted"}
            for n in range(30)]  # fmt: skip
    _import(pipeline, tmp_path, rows)
    interview = _json(pipeline, "forecast")["goals"][0]
    assert interview["applications"]["expected"] is None
    assert interview["applications"]["low"] == pytest.approx(1 / _wilson(0, 30)[1])
    assert "at least 9 applications (none so far)" in pipeline("forecast").out


def test_the_weekly_page_draws_the_reply_curve_inline(pipeline, tmp_path: Path) -> None:
    _config(tmp_path, "min_group_size = 5\n")
    _import(pipeline, tmp_path, _reply_times_search())
    page = pipeline("weekly", "--format", "html").out
    assert page.count("<svg") == 1 and "</svg>" in page
    for fetch in ("<script", "src=", "href=", "url("):
        assert fetch not in page
    assert "Half of the replies that come, come within 2 days." in page
