"""add, move, note, undo and archive through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dbtools


def _count(db_path: Path, table: str) -> int:
    return dbtools.count(db_path, table)


def _show(pipeline, ref: str) -> dict:
    outcome = pipeline("show", ref, "--format", "json")
    assert outcome.code == 0, outcome.err
    return json.loads(outcome.out)


def test_add_prints_the_new_id_and_stores_the_date(pipeline) -> None:
    outcome = pipeline(
        "add", "ByteDance", "LLM engineer", "--source", "referral", "--on", "yesterday"
    )
    assert outcome.code == 0
    assert outcome.out.startswith("Added #1 ByteDance — LLM engineer")
    shown = _show(pipeline, "1")
    assert shown["applied_on"] == "2024-09-15"
    assert shown["source"] == "referral"
    assert shown["stage"] == "submitted"
    assert shown["events"] == [
        {
            "kind": "stage",
            "stage": "submitted",
            "round": None,
            "occurred_on": "2024-09-15",
            "note": None,
            "reason": None,
            "reason_text": None,
            "imported": False,
            "origin": None,
        }
    ]


def test_add_json_prints_one_object(pipeline) -> None:
    outcome = pipeline("add", "阿里巴巴", "算法工程师", "-d", "通义实验室", "--format", "json")
    data = json.loads(outcome.out)
    assert data["id"] == 1
    assert data["company"] == "阿里巴巴"
    assert data["role"] == "算法工程师"
    assert data["department"] == "通义实验室"
    assert data["stage"] == "submitted"
    assert data["applied_on"] == "2024-09-16"


def test_saved_application_has_no_applied_date_until_submitted(pipeline) -> None:
    pipeline("add", "Meituan", "Search ranking", "--saved", "--on", "2024-09-01")
    assert _show(pipeline, "1")["applied_on"] is None
    assert pipeline("move", "1", "submitted", "--on", "2024-09-10").code == 0
    shown = _show(pipeline, "1")
    assert shown["applied_on"] == "2024-09-10"
    assert shown["stage"] == "submitted"


def test_duplicate_open_application_is_refused_naming_it(pipeline, db_path: Path) -> None:
    pipeline("add", "ByteDance", "LLM engineer")
    outcome = pipeline("add", "bytedance ", "llm ENGINEER")
    assert outcome.code == 1
    assert outcome.err.startswith("error: #1 ByteDance")
    assert outcome.err.count("\n") == 1
    assert _count(db_path, "application") == 1
    # Another department of the same company is a different application.
    assert pipeline("add", "ByteDance", "LLM engineer", "-d", "Seed").code == 0
    assert pipeline("add", "ByteDance", "LLM engineer", "--force").code == 0
    assert _count(db_path, "application") == 3
    assert _count(db_path, "company") == 1


def test_closed_application_does_not_block_a_new_one(pipeline) -> None:
    pipeline("add", "Baidu", "NLP engineer")
    pipeline("move", "1", "rejected")
    assert pipeline("add", "Baidu", "NLP engineer").code == 0


def test_interview_takes_the_next_round(pipeline) -> None:
    pipeline("add", "Tencent", "Researcher", "--on", "2024-09-01")
    assert pipeline("move", "tencent", "interview", "--on", "2024-09-05").out.endswith(
        "interview round 1 on 2024-09-05\n"
    )
    pipeline("move", "#1", "interview", "--on", "2024-09-09")
    shown = _show(pipeline, "1")
    assert [event["round"] for event in shown["events"]] == [None, 1, 2]
    assert shown["round"] == 2
    repeat = pipeline("move", "1", "interview", "--round", "2")
    assert repeat.code == 1
    assert "already has interview round 2" in repeat.err


def test_backwards_and_closed_moves_need_force(pipeline) -> None:
    pipeline("add", "Huawei", "Genius Youth")
    pipeline("move", "1", "interview")
    backwards = pipeline("move", "1", "screening")
    assert backwards.code == 1
    assert "moves backwards" in backwards.err
    assert _show(pipeline, "1")["stage"] == "interview"
    assert pipeline("move", "1", "screening", "--force").code == 0
    assert _show(pipeline, "1")["stage"] == "screening"
    pipeline("move", "1", "rejected")
    closed = pipeline("move", "#1", "interview")
    assert closed.code == 1
    assert "closed" in closed.err
    assert pipeline("move", "#1", "interview", "--force").code == 0


def test_accepting_needs_an_offer(pipeline) -> None:
    pipeline("add", "Alibaba", "Algorithm engineer")
    refused = pipeline("move", "1", "accepted")
    assert refused.code == 1
    assert "needs an offer" in refused.err
    pipeline("move", "1", "offer")
    assert pipeline("move", "1", "accepted").code == 0
    assert _show(pipeline, "1")["stage"] == "accepted"


def test_round_only_for_interviews(pipeline) -> None:
    pipeline("add", "JD", "Engineer")
    outcome = pipeline("move", "1", "offer", "--round", "2")
    assert outcome.code == 1
    assert "round applies only to the interview stage" in outcome.err


def test_reply_dated_before_submission_is_refused(pipeline) -> None:
    pipeline("add", "JD", "Engineer", "--on", "2024-09-10")
    outcome = pipeline("move", "1", "screening", "--on", "2024-09-01")
    assert outcome.code == 1
    assert "before" in outcome.err
    assert _show(pipeline, "1")["stage"] == "submitted"


def test_reference_by_text_must_name_one_open_application(pipeline) -> None:
    pipeline("add", "ByteDance", "LLM engineer", "-d", "Seed")
    pipeline("add", "ByteDance", "LLM engineer", "-d", "Doubao")
    pipeline("add", "Kuaishou", "Recommendation")
    ambiguous = pipeline("move", "bytedance", "screening")
    assert ambiguous.code == 1
    lines = ambiguous.err.splitlines()
    assert lines[0] == 'error: "bytedance" matches 2 applications; give the #id'
    assert lines[1].startswith("  #1 ByteDance — LLM engineer (Seed)")
    assert lines[2].startswith("  #2 ByteDance — LLM engineer (Doubao)")
    assert pipeline("move", "bytedance doubao", "screening").code == 0
    assert _show(pipeline, "2")["stage"] == "screening"
    assert pipeline("move", "KUAISHOU", "oa").code == 0
    missing = pipeline("move", "bytdance", "offer")
    assert missing.code == 1
    assert missing.err == 'error: no open application matches "bytdance"\n'
    assert pipeline("move", "99", "offer").err == "error: no application #99\n"


def test_text_reference_skips_closed_applications(pipeline) -> None:
    pipeline("add", "Baidu", "AIDU")
    pipeline("move", "1", "rejected")
    pipeline("add", "Baidu", "AIDU", "-d", "ERNIE")
    assert pipeline("move", "baidu", "screening").code == 0
    assert _show(pipeline, "2")["stage"] == "screening"


def test_undo_removes_the_newest_event(pipeline) -> None:
    pipeline("add", "Meituan", "Beidou", "--on", "2024-09-01")
    pipeline("add", "NIO", "Autonomy", "--on", "2024-09-02")
    pipeline("move", "1", "interview")
    outcome = pipeline("undo")
    assert outcome.code == 0
    assert "interview round 1" in outcome.out
    assert "#1 Meituan — Beidou" in outcome.out
    assert _show(pipeline, "1")["stage"] == "submitted"
    # Undoing the only event of an application removes it.
    removed = pipeline("undo", "nio")
    assert removed.out.startswith("Removed #2 NIO — Autonomy")
    assert pipeline("show", "2").code == 1


def test_undo_on_empty_database_says_so(pipeline) -> None:
    outcome = pipeline("undo")
    assert outcome.code == 1
    assert outcome.err == "error: nothing to undo: there are no events\n"


def test_note_goes_on_the_timeline_without_moving(pipeline) -> None:
    pipeline("add", "Xiaomi", "LLM infra")
    pipeline("move", "1", "screening")
    assert pipeline("note", "xiaomi", "HR said two weeks").code == 0
    shown = _show(pipeline, "1")
    assert shown["stage"] == "screening"
    assert shown["events"][-1]["kind"] == "note"
    assert shown["events"][-1]["note"] == "HR said two weeks"
    assert pipeline("undo").out.startswith("Undid note")
    assert len(_show(pipeline, "1")["events"]) == 2


def test_archive_hides_from_list_and_restore_brings_back(pipeline) -> None:
    pipeline("add", "Zhipu", "GLM")
    assert pipeline("archive", "zhipu").out.startswith("Archived #1")
    assert json.loads(pipeline("list", "--format", "json").out) == []
    assert len(json.loads(pipeline("list", "--archived", "--format", "json").out)) == 1
    pipeline("archive", "1", "--restore")
    assert len(json.loads(pipeline("list", "--format", "json").out)) == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("add", "X", "Y", "--on", "2018-10"), "incomplete"),
        (("add", "X", "Y", "--on", ""), "no date"),
        (("add", "  ", "Y"), "company is empty"),
        (("move", "1", "hired"), "unknown stage"),
    ],
)
def test_user_errors_are_one_line_and_write_nothing(
    pipeline, db_path: Path, args: tuple[str, ...], words: str
) -> None:
    pipeline("add", "Seed", "Thing")
    outcome = pipeline(*args)
    assert outcome.code == 1
    assert outcome.err.startswith("error: ")
    assert words in outcome.err
    assert outcome.err.count("\n") == 1
    assert outcome.out == ""
    assert _count(db_path, "application") == 1
    assert _count(db_path, "event") == 1


def test_usage_errors_exit_2_with_one_line(pipeline) -> None:
    outcome = pipeline("add", "OnlyCompany")
    assert outcome.code == 2
    assert outcome.err.startswith("error: missing argument")
    assert outcome.err.count("\n") == 1
    assert pipeline("frobnicate").code == 2
    assert pipeline("move", "1", "offer", "--round", "two").code == 2


def test_each_refusal_says_how_to_record_it_anyway(pipeline) -> None:
    pipeline("add", "Huawei", "Genius Youth")
    duplicate = pipeline("add", "huawei", "genius youth")
    assert duplicate.err == (
        "error: #1 Huawei — Genius Youth is already open (submitted); add --force to record "
        "another\n"
    )
    backwards = pipeline("move", "1", "saved")
    assert backwards.err == (
        "error: #1 Huawei — Genius Youth: submitted to saved moves backwards; add --force to "
        "record it anyway\n"
    )


def test_round_messages_name_what_exists_and_gaps_can_be_filled(pipeline) -> None:
    pipeline("add", "Tencent", "Researcher", "--on", "2024-09-01")
    assert pipeline("move", "1", "interview", "--round", "2", "--on", "2024-09-09").code == 0
    filled = pipeline("move", "1", "interview", "--round", "1", "--on", "2024-09-05")
    assert filled.code == 0, filled.err
    assert "interview round 1 on 2024-09-05" in filled.out
    repeat = pipeline("move", "1", "interview", "--round", "1")
    assert repeat.code == 1
    assert "already has interview round 1 (recorded: 1, 2)" in repeat.err
    assert _show(pipeline, "1")["round"] == 2


@pytest.mark.parametrize("ref", ["#99999999999999999999", "99999999999999999999999", "0"])
def test_an_id_too_large_for_any_row_is_simply_not_found(pipeline, ref: str) -> None:
    pipeline("add", "JD", "Engineer")
    for args in (("show", ref), ("move", ref, "screening"), ("undo", ref), ("note", ref, "x")):
        outcome = pipeline(*args)
        assert outcome.code == 1
        assert outcome.err.startswith("error: no application #")
        assert "Traceback" not in outcome.err


def test_undo_takes_back_a_whole_batch(pipeline, store) -> None:
    from datetime import date

    from pipeline_tui import clock
    from pipeline_tui.domain.stages import Stage
    from pipeline_tui.store import applications as queries

    for company in ("A", "B", "C"):
        pipeline("add", company, "Eng")
    # A command that changes several applications records one batch (as `ghost` will).
    with store.write() as session:
        batch = queries.next_batch(session)
        for application_id in (1, 2):
            queries.insert_event(
                session,
                application_id,
                kind="stage",
                stage=Stage.GHOSTED,
                round=None,
                occurred_on=date(2024, 9, 16),
                note=None,
                now=clock.now(),
                batch=batch,
            )
            queries.sync_derived(session, application_id, clock.now())
    undone = pipeline("undo")
    assert undone.code == 0, undone.err
    assert undone.out.count("Undid ghosted") == 2
    assert [_show(pipeline, ref)["stage"] for ref in ("1", "2", "3")] == ["submitted"] * 3
    assert "Removed #3" in pipeline("undo").out


def test_events_that_report_the_past_cannot_be_dated_in_the_future(pipeline) -> None:
    ahead = pipeline("add", "X", "Y", "--on", "in 2w")
    assert ahead.code == 1
    assert ahead.err == (
        "error: submitted on 2024-09-30 is after today (2024-09-16); only screening and "
        "interviews can be booked ahead; add --force to record it anyway\n"
    )
    pipeline("add", "X", "Y")
    rejected = pipeline("move", "1", "rejected", "--on", "tomorrow")
    assert rejected.code == 1 and "after today" in rejected.err
    booked = pipeline("move", "1", "interview", "--on", "next tue")
    assert booked.code == 0, booked.err
    assert "interview round 1 on 2024-09-17" in booked.out
    assert pipeline("move", "1", "offer", "--on", "tomorrow", "--force").code == 0
    funnel = json.loads(pipeline("funnel", "--format", "json").out)
    assert funnel["levels"][0]["count"] == 1


def test_archived_applications_are_found_by_text_and_restored(pipeline) -> None:
    pipeline("add", "Acme", "Ops")
    assert pipeline("archive", "acme").out == "Archived #1 Acme — Ops\n"
    again = pipeline("archive", "acme")
    assert again.code == 1
    assert again.err == "error: #1 Acme — Ops is already archived\n"
    shown = pipeline("show", "acme")
    assert shown.code == 0, shown.err
    assert "(archived)" in shown.out
    assert pipeline("archive", "acme", "--restore").out == "Restored #1 Acme — Ops\n"
    not_archived = pipeline("archive", "acme", "--restore")
    assert not_archived.err == "error: #1 Acme — Ops is not archived\n"
