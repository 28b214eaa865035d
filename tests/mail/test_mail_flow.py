"""`pipeline mail` and `pipeline inbox` as a user runs them: read, review, accept, undo."""

from __future__ import annotations

import json
import tomllib
from datetime import datetime
from pathlib import Path

import pytest
from mailtools import CHINA, mail, write_maildir, write_mbox

import dbtools

CONFIRM_ID = "<confirm-1@greenhouse-mail.io>"


def _day(text: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(f"{text}T{hour:02d}:00:00").replace(tzinfo=CHINA)


def _acme_story() -> list[bytes]:
    """A confirmation from an ATS, then a thread of replies, a job alert and a survey."""
    sender = "Acme Robotics <no-reply@us.greenhouse-mail.io>"
    return [
        mail("Thank you for applying to Acme Robotics",
             "Hi Siman, we have received your application for Perception Engineer. "
             "Unfortunately we cannot reply to everyone.",
             sender=sender, sent=_day("2024-09-02"), message_id=CONFIRM_ID),
        mail("Re: Perception Engineer",
             "Hi Siman, I'm the recruiter for this role. I'd love to set up a 30-minute phone "
             "screen this week.",
             sender="Dana Lee <dana@acmerobotics.example>", sent=_day("2024-09-05"),
             message_id="<screen-1@acmerobotics.example>", in_reply_to=CONFIRM_ID),
        mail("Interview invitation - Perception Engineer",
             "We would like to invite you to a technical interview on September 20, 2024 at "
             "14:00 via Zoom.",
             sender=sender, sent=_day("2024-09-12"), message_id="<interview-1@x>",
             in_reply_to="<screen-1@acmerobotics.example>"),
        mail("12 new jobs for you", "Job alert: Robotics Engineer at Northwind, apply now.",
             sender="LinkedIn Job Alerts <jobalerts-noreply@linkedin.com>",
             sent=_day("2024-09-13"), message_id="<alert-1@linkedin.com>"),
        mail("How was your candidate experience?", "Please take our 3-minute survey.",
             sender=sender, sent=_day("2024-09-14"), message_id="<survey-1@x>"),
    ]  # fmt: skip


@pytest.fixture
def acme_mbox(tmp_path: Path) -> Path:
    return write_mbox(tmp_path / "acme.mbox", _acme_story())


def _json(outcome) -> object:
    assert outcome.code == 0, outcome.err
    return json.loads(outcome.out)


def test_a_dry_run_prints_every_message_and_writes_nothing(pipeline, acme_mbox, db_path) -> None:
    rows = _json(pipeline("mail", str(acme_mbox), "--dry-run", "--format", "json"))
    assert [row["kind"] for row in rows] == [
        "confirmation", "screening", "interview", "other", "other"
    ]  # fmt: skip
    for row in rows:
        for field in ("message_id", "date", "kind", "company", "role", "application_id",
                      "stage", "rule", "confidence"):  # fmt: skip
            assert field in row, field
    first, screen, interview = rows[:3]
    assert first["message_id"] == CONFIRM_ID
    assert first["date"] == "2024-09-02"
    assert (first["company"], first["role"]) == ("Acme Robotics", "Perception Engineer")
    assert (first["stage"], first["link"], first["application_id"]) == ("submitted", "new", None)
    assert first["rule"] == "confirmation.received"
    assert screen["stage"] == "screening" and screen["link"] == "thread"
    assert interview["stage"] == "interview" and interview["round"] == 1
    assert interview["interview"] == {"date": "2024-09-20", "time": "14:00", "format": "video",
                                      "round": None}  # fmt: skip
    assert rows[3]["stage"] is None and rows[3]["rule"] == "other.job-alert"
    assert dbtools.count(db_path, "mail_seen") == 0
    assert dbtools.count(db_path, "application") == 0


@pytest.mark.both_engines
def test_review_accept_and_one_undo(pipeline, acme_mbox, db_path) -> None:
    queued = pipeline("mail", str(acme_mbox))
    assert queued.code == 0, queued.err
    assert "Read 5 messages" in queued.err and "3 queued, 2 other" in queued.err
    waiting = _json(pipeline("inbox", "--format", "json"))
    assert [item["kind"] for item in waiting] == ["confirmation", "screening", "interview"]
    assert waiting[1]["after_id"] == waiting[0]["id"]
    assert all(item["evidence"] and item["rule"] for item in waiting)
    again = pipeline("mail", str(acme_mbox))
    assert "0 queued" in again.err and "5 read before" in again.err
    assert len(_json(pipeline("inbox", "--format", "json"))) == 3

    accepted = pipeline("inbox", "accept", "--all")
    assert accepted.code == 0, accepted.err
    assert "Added #1 Acme Robotics — Perception Engineer: submitted on 2024-09-02" in accepted.out
    assert "One `pipeline undo` takes all 3 back." in accepted.out
    shown = _json(pipeline("show", "1", "--format", "json"))
    assert [(event["stage"], event["occurred_on"], event["origin"]) for event in shown["events"]] \
        == [("submitted", "2024-09-02", "mail"), ("screening", "2024-09-05", "mail"),
            ("interview", "2024-09-20", "mail")]  # fmt: skip
    assert shown["interviews"][0]["at"] == "14:00"
    assert shown["interviews"][0]["format"] == "video"
    assert _json(pipeline("inbox", "--format", "json")) == []

    undone = pipeline("undo")
    assert undone.code == 0
    assert "Removed #1 Acme Robotics" in undone.out
    assert dbtools.count(db_path, "application") == 0
    back = _json(pipeline("inbox", "--format", "json"))
    assert [item["status"] for item in back] == ["pending"] * 3


def test_replies_link_to_a_recorded_application_by_alias(pipeline, tmp_path) -> None:
    assert pipeline("add", "ByteDance", "LLM engineer", "--on", "2024-09-01").code == 0
    box = write_mbox(tmp_path / "zh.mbox", [
        mail("【字节跳动】二面邀请", "恭喜你通过一面！现邀请你参加大模型算法工程师岗位二面。"
             "面试时间：9月20日（周五）下午3点，视频面试。",
             sender="字节跳动招聘 <campus@mail.bytedance.net>", sent=_day("2024-09-13")),
    ])  # fmt: skip
    rows = _json(pipeline("mail", str(box), "--dry-run", "--format", "json"))
    assert (rows[0]["application_id"], rows[0]["link"]) == (1, "company")
    assert (rows[0]["stage"], rows[0]["round"]) == ("interview", 2)
    assert pipeline("mail", str(box)).code == 0
    assert pipeline("inbox", "accept", "1").code == 0
    shown = _json(pipeline("show", "1", "--format", "json"))
    assert shown["stage"] == "interview" and shown["round"] == 2
    assert shown["interviews"][-1]["at"] == "15:00"


def test_requisition_ids_pick_the_right_application(pipeline, tmp_path) -> None:
    sender = "NVIDIA <nvidia@myworkday.com>"
    box = write_mbox(tmp_path / "nv.mbox", [
        mail("Thank you for applying - JR111111 CUDA Engineer",
             "We have received your application for CUDA Engineer (JR111111).",
             sender=sender, sent=_day("2024-09-01")),
        mail("Thank you for applying - JR222222 Compiler Engineer",
             "We have received your application for Compiler Engineer (JR222222).",
             sender=sender, sent=_day("2024-09-02")),
        mail("Update on your application",
             "Regarding JR222222: we have decided to move forward with other candidates.",
             sender=sender, sent=_day("2024-09-10")),
    ])  # fmt: skip
    assert pipeline("mail", str(box)).code == 0
    assert pipeline("inbox", "accept", "--all").code == 0
    listed = _json(pipeline("list", "--format", "json"))
    assert [(item["role"], item["stage"]) for item in listed] == [
        ("CUDA Engineer", "submitted"), ("Compiler Engineer", "rejected")
    ]  # fmt: skip


def test_an_ambiguous_reply_waits_for_to(pipeline, tmp_path) -> None:
    assert pipeline("add", "Helios Energy", "Controls Engineer", "--on", "2024-09-01").code == 0
    assert pipeline("add", "Helios Energy", "Grid Analyst", "--on", "2024-09-02").code == 0
    box = write_mbox(tmp_path / "h.mbox", [
        mail("Outcome", "We regret to inform you that you have not been selected.",
             sender="Helios Energy HR <careers@helios-energy.com>", sent=_day("2024-09-10")),
    ])  # fmt: skip
    rows = _json(pipeline("mail", str(box), "--dry-run", "--format", "json"))
    assert rows[0]["kind"] == "rejection"
    assert (rows[0]["link"], rows[0]["application_id"]) == ("ambiguous", None)
    assert pipeline("mail", str(box)).code == 0
    left = pipeline("inbox", "accept", "1")
    assert left.code == 1
    assert "Left #1 waiting: no application matches it; accept it with --to REF" in left.err
    done = pipeline("inbox", "accept", "1", "--to", "2")
    assert done.code == 0, done.err
    assert "Recorded #2 Helios Energy — Grid Analyst: rejected on 2024-09-10" in done.out
    listed = _json(pipeline("list", "--format", "json"))
    assert [item["stage"] for item in listed] == ["submitted", "rejected"]


def test_a_closed_application_needs_force(pipeline, tmp_path) -> None:
    assert pipeline("add", "Kraken", "Rust Engineer", "--on", "2024-09-01").code == 0
    assert pipeline("move", "1", "ghosted").code == 0
    box = write_mbox(tmp_path / "k.mbox", [
        mail("Kraken - recruiter screen", "We'd like to set up a 20-minute phone screen.",
             sender="Kraken Talent <no-reply@hire.lever.co>", sent=_day("2024-09-15")),
    ])  # fmt: skip
    assert pipeline("mail", str(box)).code == 0
    refused = pipeline("inbox", "accept", "1")
    assert refused.code == 1
    assert "it is closed (ghosted); --force records it" in refused.err
    assert pipeline("inbox", "accept", "1", "--force").code == 0
    assert _json(pipeline("show", "1", "--format", "json"))["stage"] == "screening"


@pytest.mark.both_engines
def test_apply_confident_uses_the_configured_threshold(pipeline, acme_mbox, tmp_path) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("mail_confidence = 0.93\n", encoding="utf-8")
    outcome = pipeline("mail", str(acme_mbox), "--apply-confident")
    assert outcome.code == 0, outcome.err
    # The confirmation (0.95) is recorded; the screening (0.85) and interview (0.93 x a
    # thread) wait unless they reach 0.93.
    assert "Added #1 Acme Robotics — Perception Engineer: submitted on 2024-09-02" in outcome.err
    waiting = _json(pipeline("inbox", "--format", "json"))
    assert all(item["confidence"] < 0.93 for item in waiting)
    assert [item["kind"] for item in waiting] == ["screening"]
    assert pipeline("undo").code == 0
    assert len(_json(pipeline("inbox", "--format", "json"))) == 3
    config.write_text("mail_confidence = 2\n", encoding="utf-8")
    broken = pipeline("mail", str(acme_mbox))
    assert broken.code == 1 and "mail_confidence must be a number from 0 to 1" in broken.err


def test_rejected_proposals_stay_gone(pipeline, acme_mbox) -> None:
    assert pipeline("mail", str(acme_mbox)).code == 0
    rejected = pipeline("inbox", "reject", "2", "3")
    assert rejected.out == "Rejected 2 proposals: #2, #3\n"
    assert [item["id"] for item in _json(pipeline("inbox", "--format", "json"))] == [1]
    assert "0 queued" in pipeline("mail", str(acme_mbox)).err
    history = _json(pipeline("inbox", "--history", "--format", "json"))
    assert [item["status"] for item in history] == ["pending", "rejected", "rejected"]
    again = pipeline("inbox", "reject", "2")
    assert again.code == 1 and "already rejected" in again.err


def test_only_the_needed_fields_are_kept(pipeline, tmp_path, db_path) -> None:
    secret = "The salary band for this level is 123456 to 234567 yuan"
    box = write_mbox(tmp_path / "p.mbox", [
        mail("Interview invitation", f"We would like to invite you to an interview on "
             f"September 20 at 10:00.\n\n{secret}.\n\nRegards, Acme",
             sender="Acme <jobs@acme.example>", sent=_day("2024-09-12")),
        mail("Weekly newsletter", f"Newsletter. {secret}.", sender="news@acme.example"),
    ])  # fmt: skip
    assert pipeline("mail", str(box)).code == 0
    stored = " ".join(
        str(value)
        for table in ("mail_seen", "mail_proposal")
        for row in dbtools.rows(db_path, f"SELECT * FROM {table}")
        for value in row
    )
    assert "123456" not in stored
    assert "invite you to an interview" in stored  # the evidence excerpt is kept
    assert dbtools.count(db_path, "mail_seen") == 2


def test_since_skips_older_mail(pipeline, acme_mbox) -> None:
    rows = _json(pipeline("mail", str(acme_mbox), "--dry-run", "--format", "json",
                          "--since", "2024-09-12"))  # fmt: skip
    assert [row["date"] for row in rows] == ["2024-09-12", "2024-09-13", "2024-09-14"]
    # The interview's confirmation was not read: nothing to record it on.
    assert rows[0]["link"] == "none"


def test_maildir_and_eml_folders(pipeline, tmp_path) -> None:
    messages = _acme_story()
    maildir = write_maildir(tmp_path / "Maildir", messages)
    emls = tmp_path / "exported"
    (emls / "sub").mkdir(parents=True)
    for number, data in enumerate(messages):
        (emls / ("sub" if number % 2 else "") / f"m{number}.eml").write_bytes(data)
    for source in (maildir, emls, emls / "m0.eml"):
        rows = _json(pipeline("mail", str(source), "--dry-run", "--format", "json"))
        expected = 1 if source.suffix == ".eml" else 5
        assert len(rows) == expected, source
        assert rows[0]["kind"] in ("confirmation", "screening", "interview", "other")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("mail", "nowhere.mbox"), "error: nowhere.mbox does not exist\n"),
        (("inbox", "accept", "7"), "error: no proposal #7 in the inbox\n"),
        (("inbox", "accept"), "say which proposals to accept: their ids, or --all"),
        (("inbox", "accept", "1", "--all"), "give proposal ids or --all, not both"),
        (("mail", "imaps://me:hunter2@imap.example.com/INBOX"), "put no password in the mailbox"),
        (("mail", "imap://imap.example.com/INBOX"), "names no user"),
    ],
)
def test_mistakes_get_one_clear_line(pipeline, argv: tuple[str, ...], message: str) -> None:
    outcome = pipeline(*argv)
    assert outcome.code != 0
    assert message in outcome.err
    assert outcome.err.count("\n") == 1
    assert "Traceback" not in outcome.err


def test_a_file_that_is_not_mail_is_refused(pipeline, tmp_path) -> None:
    junk = tmp_path / "notes.pdf"
    junk.write_bytes(b"%PDF-1.4 binary")
    outcome = pipeline("mail", str(junk))
    assert outcome.code == 1
    assert "is not an mbox file" in outcome.err


def test_skipped_messages_are_named(pipeline, tmp_path) -> None:
    box = write_mbox(tmp_path / "m.mbox", [b"\x00\x01 not mail at all", *_acme_story()[:1]])
    outcome = pipeline("mail", str(box), "--dry-run")
    assert outcome.code == 0
    assert "skipped message 1 of m.mbox: no mail headers" in outcome.err
    assert "1 skipped" in outcome.err


def test_show_names_the_evidence(pipeline, acme_mbox) -> None:
    assert pipeline("mail", str(acme_mbox)).code == 0
    shown = pipeline("inbox", "show", "2")
    assert shown.code == 0
    assert "kind      screening (screening.phone-screen" in shown.out
    assert "company   Acme Robotics, role Perception Engineer" in shown.out
    assert "evidence  I'd love to set up a 30-minute phone screen this week." in shown.out
    assert "links to  after #1 (by thread)" in shown.out


def test_settings_show_the_mail_settings(pipeline, tmp_path) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[company_aliases]\n"Acme Robotics" = ["阿克米"]\n', encoding="utf-8")
    settings = _json(pipeline("config", "--format", "json"))["settings"]
    assert settings["mail_confidence"]["value"] == 0.9
    assert settings["company_aliases"]["value"] == [["Acme Robotics", ["阿克米"]]]
    tomllib.loads(config.read_text(encoding="utf-8"))


def test_a_reply_whose_confirmation_was_rejected_asks_for_to(pipeline, acme_mbox) -> None:
    assert pipeline("mail", str(acme_mbox)).code == 0
    assert pipeline("inbox", "reject", "1").code == 0
    left = pipeline("inbox", "accept", "2")
    assert left.code == 1
    assert "the confirmation #1 that records its application was rejected; give --to REF" in (
        left.err
    )
    assert pipeline("add", "Acme Robotics", "Perception Engineer", "--on", "2024-09-02").code == 0
    assert pipeline("inbox", "accept", "2", "--to", "1").code == 0
