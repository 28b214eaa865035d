"""Interview rounds in detail: time, duration, format, place and interviewers, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import dbtools


def _show(pipeline, ref: str) -> dict:
    outcome = pipeline("show", ref, "--format", "json")
    assert outcome.code == 0, outcome.err
    return json.loads(outcome.out)


def _count(db_path: Path, table: str) -> int:
    return dbtools.count(db_path, table)


def test_details_round_trip_through_show(pipeline) -> None:
    pipeline("add", "ByteDance", "LLM engineer", "--on", "2024-08-20")
    pipeline("contact", "add", "Li Lei", "--company", "ByteDance", "--kind", "interviewer")
    moved = pipeline(
        "move", "bytedance", "interview", "--on", "2024-09-03 14:00", "--duration", "1h30",
        "--format", "Video", "--with", "li lei", "--with", "Wang Wu",
        "--place", "https://meet.example.com/abc",
    )  # fmt: skip
    assert moved.code == 0, moved.err
    assert moved.out == (
        "Moved #1 ByteDance — LLM engineer: interview round 1 on 2024-09-03 at 14:00 "
        "(1 h 30 min, video, https://meet.example.com/abc, with Li Lei, Wang Wu)\n"
        "New contact #2 Wang Wu (interviewer, ByteDance)\n"
    )
    pipeline("move", "1", "interview", "--on", "next tue 9:30am", "--format", "onsite")
    pipeline("move", "1", "interview", "--on", "2024-09-30")  # a whole day, no details
    shown = _show(pipeline, "1")
    assert [
        (item["round"], item["on"], item["at"], item["duration_minutes"], item["format"])
        for item in shown["interviews"]
    ] == [
        (1, "2024-09-03", "14:00", 90, "video"),
        (2, "2024-09-17", "09:30", None, "onsite"),
        (3, "2024-09-30", None, None, None),
    ]
    assert shown["interviews"][0]["interviewers"] == [
        {"contact_id": 1, "name": "Li Lei"},
        {"contact_id": 2, "name": "Wang Wu"},
    ]
    assert shown["interviews"][0]["place"] == "https://meet.example.com/abc"
    text = pipeline("show", "1").out
    assert (
        "  interviews\n"
        "    past      Tue 2024-09-03 14:00  round 1  1 h 30 min, video, "
        "https://meet.example.com/abc, with Li Lei, Wang Wu\n"
        "    upcoming  Tue 2024-09-17 09:30  round 2  onsite\n"
        "    upcoming  Mon 2024-09-30        round 3\n"
    ) in text
    person = json.loads(pipeline("contact", "show", "wang", "--format", "json").out)
    assert [item["round"] for item in person["interviews"]] == [1]


def test_output_format_and_interview_format_share_the_option(pipeline) -> None:
    pipeline("add", "Baidu", "AIDU", "--on", "2024-09-01")
    both = pipeline("move", "1", "interview", "--format", "phone", "--format", "json")
    data = json.loads(both.out)
    assert (data["stage"], data["interview"]["format"]) == ("interview", "phone")
    plain = pipeline("move", "1", "interview", "--format", "json")
    assert json.loads(plain.out)["round"] == 2
    assert pipeline("move", "1", "interview", "--format", "video", "--format", "phone").code == 2
    bad = pipeline("move", "1", "interview", "--format", "carrier pigeon")
    assert bad.err.startswith("error: unknown interview format 'carrier pigeon'; formats: phone")


def test_details_apply_only_to_interviews(pipeline, db_path: Path) -> None:
    pipeline("add", "Baidu", "AIDU", "--on", "2024-09-01")
    for args in (
        ("--on", "2024-09-10 10:00"),
        ("--duration", "60m"),
        ("--with", "Li Lei"),
        ("--place", "Beijing"),
    ):
        outcome = pipeline("move", "1", "screening", *args)
        assert outcome.code == 1, args
        assert "applies only to interviews" in outcome.err
    assert _count(db_path, "event") == 1
    assert _count(db_path, "contact") == 0


def test_an_ambiguous_interviewer_writes_nothing(pipeline, db_path: Path) -> None:
    pipeline("add", "Baidu", "AIDU", "--on", "2024-09-01")
    pipeline("contact", "add", "Li Lei")
    pipeline("contact", "add", "Li Na")
    outcome = pipeline("move", "1", "interview", "--with", "li")
    assert outcome.code == 1
    assert outcome.err.startswith('error: "li" matches 2 contacts; give the #id')
    assert _count(db_path, "event") == 1
    assert _count(db_path, "interview") == 0
    missing = pipeline("move", "1", "interview", "--with", "#7")
    assert missing.err == "error: no contact #7\n"


def test_undo_removes_a_round_with_its_details(pipeline, db_path: Path) -> None:
    pipeline("add", "Tencent", "Researcher", "--on", "2024-09-01")
    pipeline("move", "1", "interview", "--on", "2024-09-05 10:00", "--with", "Zhao Liu")
    pipeline("move", "1", "interview", "--on", "2024-09-12 15:00", "--with", "Zhao Liu")
    assert (_count(db_path, "interview"), _count(db_path, "event_interviewer")) == (2, 2)
    assert pipeline("undo").code == 0
    assert (_count(db_path, "interview"), _count(db_path, "event_interviewer")) == (1, 1)
    assert [item["round"] for item in _show(pipeline, "1")["interviews"]] == [1]
    # Removing the whole application takes every detail with it; the contact stays.
    pipeline("undo", "1")
    pipeline("undo", "1")
    assert (_count(db_path, "interview"), _count(db_path, "event_interviewer")) == (0, 0)
    assert _count(db_path, "contact") == 1
    if not dbtools.is_server(db_path):  # a server checks every reference as it is written
        assert dbtools.rows(db_path, "PRAGMA foreign_key_check") == []


def test_bad_times_and_durations_name_the_option(pipeline) -> None:
    pipeline("add", "JD", "Engineer", "--on", "2024-09-01")
    bad_time = pipeline("move", "1", "interview", "--on", "tomorrow 25:00")
    assert bad_time.err == (
        'error: --on: "tomorrow 25:00" is not a time of day: there is no hour 25\n'
    )
    zone = pipeline("move", "1", "interview", "--on", "2024-09-20 14:00 CET")
    assert "names a time zone" in zone.err
    bad_duration = pipeline("move", "1", "interview", "--duration", "forever")
    assert bad_duration.err.startswith('error: duration "forever" is not one I can read')


def test_weekly_shows_the_week_s_interviews_and_those_ahead_with_details(pipeline) -> None:
    pipeline("add", "ByteDance", "LLM engineer", "--on", "2024-09-01")
    pipeline(
        "move", "1", "interview", "--on", "2024-09-16 14:00", "--duration", "60m",
        "--format", "video", "--with", "Li Lei",
    )  # fmt: skip
    pipeline("add", "Meituan", "Beidou", "--on", "2024-09-01")
    pipeline("move", "2", "interview", "--on", "2024-09-10")  # last week: not in this week
    pipeline("move", "2", "interview", "--on", "2024-09-19 10:00", "--format", "onsite")
    data = json.loads(pipeline("weekly", "--format", "json").out)
    assert [(item["company"], item["on"], item["at"]) for item in data["interviews"]] == [
        ("ByteDance", "2024-09-16", "14:00"),
        ("Meituan", "2024-09-19", "10:00"),
    ]
    assert data["upcoming"][0]["interviewers"] == [{"contact_id": 1, "name": "Li Lei"}]
    text = pipeline("weekly").out
    assert (
        "Interviews in week 2024-W38: 2\n"
        "  Mon 2024-09-16 14:00  #1 ByteDance — LLM engineer  round 1\n"
        "                        1 h, video, with Li Lei\n"
        "  Thu 2024-09-19 10:00  #2 Meituan — Beidou  round 2\n"
        "                        onsite\n"
    ) in text
    markdown = pipeline("weekly", "--format", "markdown").out
    assert (
        "- Mon 2024-09-16 14:00: #1 ByteDance — LLM engineer, round 1 (1 h, video, with Li Lei)"
        in markdown
    )
    html = pipeline("weekly", "--format", "html").out
    assert (
        "<li>Mon 16 Sep 14:00: #1 ByteDance — LLM engineer, round 1 (1 h, video, with Li Lei)"
        in (html)
    )
    last_week = json.loads(pipeline("weekly", "--week", "2024-09-10", "--format", "json").out)
    assert [item["company"] for item in last_week["interviews"]] == ["Meituan"]
