"""Reminders, the follow-up cadence on a pinned clock, `due`, `ghost`, and the lines `add`
prints about earlier applications and people you know."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dbtools


@pytest.fixture
def on_day(monkeypatch: pytest.MonkeyPatch):
    """Move the pinned clock: on_day("2024-09-20")."""

    def move(day: str) -> None:
        monkeypatch.setenv("PIPELINE_TODAY", day)

    return move


def _due(pipeline) -> list[dict]:
    outcome = pipeline("due", "--format", "json")
    assert outcome.code == 0, outcome.err
    return json.loads(outcome.out)


def _refs(pipeline) -> list[str | None]:
    return [item["ref"] for item in _due(pipeline)]


def test_a_submission_is_due_a_follow_up_after_follow_up_days(pipeline, on_day) -> None:
    on_day("2024-09-01")
    pipeline("add", "Meituan", "Search ranking")
    on_day("2024-09-07")
    assert _refs(pipeline) == []
    on_day("2024-09-08")
    (item,) = _due(pipeline)
    assert item == {
        "kind": "follow-up",
        "ref": "f1",
        "due_on": "2024-09-08",
        "at": None,
        "text": "Follow up on #1 Meituan — Search ranking: submitted, nothing heard since "
        "2024-09-01 (7 days)",
        "application_id": 1,
        "contact_id": None,
        "reminder_id": None,
    }
    text = pipeline("due").out
    assert "  f1    today            Follow up on #1 Meituan — Search ranking" in text
    # Moving restarts the count; a week after the answer it is due again.
    pipeline("move", "1", "screening")
    assert _refs(pipeline) == []
    on_day("2024-09-15")
    assert _refs(pipeline) == ["f1"]
    assert "since 2024-09-15" not in pipeline("due").out  # due today, so it says today
    on_day("2024-09-16")
    assert "  f1    since 2024-09-15 " in pipeline("due").out


def test_a_thank_you_note_is_proposed_the_day_after_an_interview(pipeline, on_day) -> None:
    on_day("2024-09-01")
    pipeline("add", "Baidu", "AIDU")
    pipeline("move", "1", "interview", "--on", "2024-09-10 14:00", "--format", "video")
    on_day("2024-09-10")
    assert [item["kind"] for item in _due(pipeline)] == ["interview"]
    on_day("2024-09-11")
    (item,) = _due(pipeline)
    assert (item["kind"], item["ref"], item["due_on"]) == ("thank-you", "t1", "2024-09-11")
    assert item["text"] == (
        "Send a thank-you note for interview round 1 at #1 Baidu — AIDU on 2024-09-10"
    )
    on_day("2024-09-16")
    assert _refs(pipeline) == ["t1"]
    # A week after the round, the follow-up takes over.
    on_day("2024-09-17")
    assert _refs(pipeline) == ["f1"]
    on_day("2024-09-12")
    done = pipeline("done", "t1")
    assert done.out == "Done t1: noted on #1 Baidu — AIDU: Sent a thank-you note\n"
    assert _refs(pipeline) == []
    timeline = json.loads(pipeline("show", "1", "--format", "json").out)["events"]
    assert timeline[-1]["note"] == "Sent a thank-you note"
    # The note restarted the count.
    on_day("2024-09-19")
    assert _refs(pipeline) == ["f1"]


def test_done_on_a_follow_up_notes_it_and_restarts_the_count(pipeline, on_day) -> None:
    on_day("2024-09-01")
    pipeline("add", "JD", "Engineer")
    on_day("2024-09-16")
    assert pipeline("done", "f1").out == "Done f1: noted on #1 JD — Engineer: Followed up\n"
    assert _refs(pipeline) == []
    # `undo` takes the note back, and the follow-up with it.
    assert pipeline("undo").out.startswith("Undid note on 2024-09-16")
    assert _refs(pipeline) == ["f1"]


def test_a_reminder_or_an_interaction_covers_the_follow_up(pipeline, on_day) -> None:
    on_day("2024-09-01")
    pipeline("add", "JD", "Engineer")
    pipeline("add", "NIO", "Autonomy")
    pipeline("contact", "add", "Zhao Liu", "--company", "NIO")
    on_day("2024-09-16")
    assert _refs(pipeline) == ["f1", "f2"]
    added = pipeline("remind", "jd", "call HR about the result", "--on", "2024-09-20")
    assert added.out == (
        "Added reminder r1 due 2024-09-20: call HR about the result (#1 JD — Engineer)\n"
    )
    pipeline("contact", "log", "zhao", "--via", "email", "--about", "nio", "--on", "2024-09-14")
    assert _refs(pipeline) == []
    on_day("2024-09-20")
    (item,) = _due(pipeline)
    assert (item["ref"], item["text"]) == ("r1", "call HR about the result (#1 JD — Engineer)")
    # The interaction on the 14th counts as the last word: NIO is due again on the 21st.
    on_day("2024-09-21")
    assert _refs(pipeline) == ["r1", "f2"]
    assert "nothing heard since 2024-09-14 (7 days)" in _due(pipeline)[1]["text"]
    assert pipeline("done", "r1").out == "Done r1: call HR about the result\n"
    again = pipeline("done", "1")
    assert (again.code, again.err) == (1, "error: reminder r1 is already done\n")


def test_snoozing_moves_an_item_to_a_later_day(pipeline, on_day) -> None:
    on_day("2024-09-01")
    pipeline("add", "Xiaomi", "LLM infra")
    on_day("2024-09-16")
    snoozed = pipeline("snooze", "f1", "--to", "2024-09-20")
    assert snoozed.out == "Snoozed: r1 due 2024-09-20: Follow up (#1 Xiaomi — LLM infra)\n"
    assert _refs(pipeline) == []
    on_day("2024-09-20")
    assert _refs(pipeline) == ["r1"]
    assert pipeline("snooze", "r1", "--to", "in 3d").out.startswith("Snoozed: r1 due 2024-09-23")
    on_day("2024-09-23")
    # Done on a snoozed follow-up writes the follow-up down, as done on f1 would.
    assert pipeline("done", "r1").out == (
        "Done r1: Follow up; noted on #1 Xiaomi — LLM infra: Followed up\n"
    )
    assert _refs(pipeline) == []
    past = pipeline("snooze", "r1", "--to", "yesterday")
    assert past.err == "error: snooze to a day after today (2024-09-23)\n"
    # Snoozing a done reminder opens it again.
    assert pipeline("snooze", "r1", "--to", "tomorrow").code == 0
    on_day("2024-09-24")
    assert _refs(pipeline) == ["r1"]


def test_contacts_past_their_interval_are_due(pipeline, on_day, db_path: Path) -> None:
    pipeline(
        "contact", "add", "Li Lei", "--company", "ByteDance", "--every", "30", "--kind", "hunter"
    )
    pipeline("contact", "add", "Han Meimei", "--every", "14")
    pipeline("contact", "add", "Wang Wu")
    pipeline("contact", "log", "li lei", "--on", "2024-08-01", "--via", "call")
    # Added on 1 September, never contacted.
    dbtools.rows(db_path, "UPDATE contact SET created_at = '2024-09-01 09:00:00' WHERE id = 2")
    on_day("2024-08-30")
    assert _refs(pipeline) == []
    on_day("2024-08-31")
    (item,) = _due(pipeline)
    assert item["text"] == (
        "Get in touch with Li Lei (headhunter, ByteDance): last contacted 2024-08-01, every 30 days"
    )
    assert (item["ref"], item["contact_id"], item["due_on"]) == ("c1", 1, "2024-08-31")
    on_day("2024-09-16")
    assert _refs(pipeline) == ["c1", "c2"]
    assert "not contacted since added on 2024-09-01, every 14 days" in _due(pipeline)[1]["text"]
    assert pipeline("done", "c1").out == (
        "Done c1: logged for #1 Li Lei (headhunter, ByteDance): Kept in touch\n"
    )
    assert pipeline("snooze", "c2", "--to", "2024-10-01").code == 0
    assert _refs(pipeline) == []
    shown = json.loads(pipeline("contact", "show", "li lei", "--format", "json").out)
    assert shown["last_contacted"] == "2024-09-16"
    assert shown["stay_in_touch_on"] == "2024-10-16"
    assert pipeline("done", "c3").err == "error: #3 Wang Wu (other) has no stay-in-touch interval\n"


def test_the_cadence_can_be_turned_off(pipeline, on_day, isolated_user_state: Path) -> None:
    on_day("2024-09-01")
    pipeline("add", "JD", "Engineer")
    pipeline("add", "Baidu", "AIDU")
    pipeline("move", "2", "interview", "--on", "2024-09-15")
    pipeline("remind", "update the CV", "--on", "2024-09-10")
    on_day("2024-09-16")
    assert _refs(pipeline) == ["f1", "r1", "t2"]  # oldest first
    config = isolated_user_state / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("follow_up_cadence = false\n")
    assert _refs(pipeline) == ["r1"]
    settings = json.loads(pipeline("config", "--format", "json").out)["settings"]
    assert settings["follow_up_cadence"]["value"] is False
    config.write_text('follow_up_cadence = "no"\n')
    assert "follow_up_cadence must be true or false" in pipeline("due").err


def test_due_lists_interviews_of_the_next_seven_days(pipeline) -> None:
    pipeline("add", "Tencent", "Researcher", "--on", "2024-09-10")
    pipeline("move", "1", "interview", "--on", "2024-09-23 09:30", "--duration", "45m")
    pipeline("move", "1", "interview", "--on", "2024-09-24")
    pipeline("add", "Kuaishou", "Rec", "--on", "2024-09-10")
    pipeline("move", "2", "interview", "--on", "2024-09-17")
    items = _due(pipeline)
    assert [(item["kind"], item["due_on"], item["at"]) for item in items] == [
        ("interview", "2024-09-17", None),
        ("interview", "2024-09-23", "09:30"),
    ]
    assert items[1]["text"] == (
        "Interview round 1 at #1 Tencent — Researcher: Mon 2024-09-23 09:30, 45 min"
    )
    text = pipeline("due").out
    assert "Due as of Mon 2024-09-16: 0\n  nothing\nInterviews in the next 7 days: 2\n" in text
    assert "  tomorrow         Interview round 1 at #2 Kuaishou — Rec" in text


def test_remind_takes_text_alone_a_contact_or_both(pipeline) -> None:
    pipeline("add", "JD", "Engineer")
    pipeline("contact", "add", "Li Lei")
    assert pipeline("remind", "update the CV").out == (
        "Added reminder r1 due 2024-09-16: update the CV\n"
    )
    both = pipeline("remind", "jd", "ask Li about the team", "--contact", "li", "--on", "last fri")
    assert both.out == (
        "Added reminder r2 due 2024-09-13: ask Li about the team (#1 JD — Engineer · Li Lei)\n"
    )
    assert [item["contact_id"] for item in _due(pipeline)] == [1, None]
    assert pipeline("remind", "a", "b", "c").code == 2
    assert pipeline("remind", "jd", "  ").err == "error: the reminder text is empty\n"
    shown = json.loads(pipeline("show", "1", "--format", "json").out)
    assert [item["ref"] for item in shown["reminders"]] == ["r2"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("done", "r9"), "error: no reminder r9\n"),
        (("done", "x1"), "error: 'x1' is not a reminder reference (r3 or 3, f12, t12, c5)\n"),
        (("done", "f9"), "error: no application #9\n"),
        (("done", "c9"), "error: no contact #9\n"),
        (("snooze", "r9", "--to", "tomorrow"), "error: no reminder r9\n"),
    ],
)
def test_unknown_items_are_one_clear_error(pipeline, args: tuple[str, ...], message: str) -> None:
    outcome = pipeline(*args)
    assert (outcome.code, outcome.err) == (1, message)


def test_done_refuses_a_follow_up_of_a_closed_application(pipeline) -> None:
    pipeline("add", "JD", "Engineer")
    pipeline("move", "1", "rejected")
    assert pipeline("done", "f1").err == "error: #1 JD — Engineer is closed (rejected)\n"
    assert pipeline("done", "t1").err == "error: #1 JD — Engineer is closed (rejected)\n"


def _stage(pipeline, ref: str) -> str:
    return json.loads(pipeline("show", ref, "--format", "json").out)["stage"]


def test_ghost_marks_the_silent_ones_in_one_batch_and_one_undo_takes_it_back(
    pipeline, db_path: Path
) -> None:
    pipeline("add", "Old", "Sent", "--on", "2024-08-01")  # 46 days: ghosted
    pipeline("add", "Interviewed", "Quiet", "--on", "2024-07-01")
    pipeline("move", "2", "interview", "--on", "2024-08-10")  # silent 37 days: ghosted
    pipeline("add", "Recent", "Sent", "--on", "2024-09-01")  # 15 days: stays
    pipeline("add", "Noted", "Sent", "--on", "2024-08-01")
    pipeline("note", "4", "followed up by email", "--on", "2024-09-10")  # a recent note: stays
    pipeline("add", "Wish", "List", "--saved", "--on", "2024-07-01")  # never sent: stays
    pipeline("add", "Offer", "Pending", "--on", "2024-07-01")
    pipeline("move", "6", "offer", "--on", "2024-08-01")  # the answer is yours: stays
    pipeline("add", "Hidden", "Archived", "--on", "2024-07-01")
    pipeline("archive", "7")  # archived: stays
    pipeline("add", "Reminded", "Sent", "--on", "2024-07-01")
    pipeline("remind", "8", "call them", "--on", "2024-09-30")  # you are on it: stays

    dry = pipeline("ghost", "--dry-run")
    assert dry.out == (
        "Would mark 2 applications silent for 30+ days as ghosted:\n"
        "  #1 Old — Sent: submitted, nothing since 2024-08-01 (46 days)\n"
        "  #2 Interviewed — Quiet: interview 1, nothing since 2024-08-10 (37 days)\n"
    )
    assert _stage(pipeline, "1") == "submitted"
    marked = pipeline("ghost")
    assert marked.out.splitlines()[0] == "Marked 2 applications silent for 30+ days as ghosted:"
    assert "  #2 Interviewed — Quiet: interview 1 to ghosted" in marked.out
    stages = [_stage(pipeline, str(number)) for number in range(1, 9)]
    assert stages == [
        "ghosted",
        "ghosted",
        "submitted",
        "submitted",
        "saved",
        "offer",
        "submitted",
        "submitted",
    ]
    batches = dbtools.rows(
        db_path, "SELECT DISTINCT batch, occurred_on FROM event WHERE stage = 'ghosted'"
    )
    assert len(batches) == 1 and batches[0][0] is not None
    assert str(batches[0][1]) == "2024-09-16"
    undone = pipeline("undo")
    assert undone.out.count("Undid ghosted on 2024-09-16") == 2
    assert [_stage(pipeline, "1"), _stage(pipeline, "2")] == ["submitted", "interview"]
    # A shorter age catches the recent one too.
    assert "Marked 4 applications" in pipeline("ghost", "--older-than", "5").out
    assert pipeline("ghost").out == (
        "No open application has been silent for 30+ days; nothing to mark.\n"
    )


def test_due_mentions_applications_old_enough_to_ghost(pipeline) -> None:
    pipeline("add", "Old", "Sent", "--on", "2024-08-01")
    text = pipeline("due").out
    assert text.endswith(
        "1 open application has heard nothing for 30+ days; `pipeline ghost --dry-run` lists it.\n"
    )


def test_adding_again_names_the_earlier_application(pipeline) -> None:
    pipeline("add", "ByteDance", "Search", "--on", "2024-08-01")
    pipeline("move", "1", "rejected", "--on", "2024-08-10")
    pipeline("add", "Baidu", "AIDU", "--on", "2024-09-01")
    added = pipeline("add", "bytedance", "LLM engineer")
    assert added.out == (
        "Added #3 ByteDance — LLM engineer: submitted on 2024-09-16\n"
        "applied here before: #1 ByteDance — Search, rejected on 2024-08-10\n"
    )
    again = pipeline("add", "ByteDance", "Infra", "-d", "Seed")
    assert again.out.splitlines()[1] == (
        "applied here before: #3 ByteDance — LLM engineer, still open: submitted since "
        "2024-09-16 (and 1 more)"
    )
    quiet = pipeline("add", "ByteDance", "Data", "--quiet")
    assert quiet.out == "Added #5 ByteDance — Data: submitted on 2024-09-16\n"
    as_json = pipeline("add", "ByteDance", "Vision", "--format", "json")
    assert json.loads(as_json.out)["id"] == 6
    assert as_json.err.startswith("applied here before: #")
    # A withdrawn application is no warning; a ghosted one is.
    pipeline("add", "Kuaishou", "Rec", "--on", "2024-07-01")
    pipeline("move", "7", "withdrawn", "--on", "2024-07-05")
    assert pipeline("add", "Kuaishou", "Search").out.count("\n") == 1
    pipeline("add", "NIO", "Autonomy", "--on", "2024-07-01")
    pipeline("move", "9", "ghosted", "--on", "2024-08-05")
    assert "applied here before: #9 NIO — Autonomy, ghosted on 2024-08-05" in (
        pipeline("add", "nio", "Cockpit").out
    )


def test_adding_where_you_know_someone_says_who(pipeline) -> None:
    pipeline("contact", "add", "Li Lei", "--company", "ByteDance", "--kind", "headhunter")
    pipeline("contact", "add", "韩梅梅", "--company", "bytedance", "--kind", "referrer")
    added = pipeline("add", "ByteDance", "LLM engineer")
    assert added.out.splitlines()[1:] == ["you know: Li Lei (headhunter), 韩梅梅 (referrer)"]
    assert pipeline("add", "Baidu", "AIDU").out.count("\n") == 1
    assert pipeline("add", "ByteDance", "Infra", "-q").out.count("\n") == 1


def test_a_reminder_snooze_or_deadline_on_a_weekday_is_the_coming_one(pipeline) -> None:
    """Today is Monday 2024-09-16: "fri" is the 20th for what is to come, the 13th for an
    event that happened."""
    assert pipeline("add", "Acme", "Eng", "--on", "fri").code == 0
    listed = json.loads(pipeline("list", "--format", "json").out)
    assert listed[0]["applied_on"] == "2024-09-13"
    out = pipeline("remind", "1", "call back", "--on", "fri").out
    assert "due 2024-09-20" in out
    assert "due 2024-09-17" in pipeline("snooze", "r1", "--to", "tue").out
    assert "due 2025-01-05" in pipeline("remind", "send the forms", "--on", "Jan 5").out
    pipeline("move", "1", "interview", "--on", "2024-09-16")
    out = pipeline("offer", "1", "--base", "30k x 12", "--deadline", "wed").out
    assert "2024-09-18" in pipeline("offers", "--format", "json").out, out
