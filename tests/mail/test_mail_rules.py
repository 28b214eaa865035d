"""The classifier's rules: what fires, what never does, and what a message is said to be about."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mailtools import mail

from pipeline_tui.domain.mail.classify import check_rules, read_mail
from pipeline_tui.domain.mail.companies import ATS_DOMAINS, Aliases, company_fold, is_ats
from pipeline_tui.domain.mail.message import MailMessage, parse_message
from pipeline_tui.domain.mail.rules import PRECEDENCE, RULES, MailKind

pytestmark = pytest.mark.sqlite_only(reason="no database involved")


def _reading(subject: str, body: str, sender: str = "Acme Recruiting <jobs@acme.example>"):
    parsed = parse_message(mail(subject, body, sender=sender), "test")
    assert isinstance(parsed, MailMessage)
    return read_mail(parsed)


def test_every_rule_compiles_and_is_named_once() -> None:
    check_rules()
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert re.fullmatch(r"[a-z]+\.[a-z0-9-]+", rule.name), rule.name
        assert rule.name.split(".")[0] == rule.kind.value, rule.name
        assert 0 < rule.confidence <= 1
        assert rule.kind in PRECEDENCE
    assert {rule.lang for rule in RULES} >= {"en", "zh"}


_UNFORTUNATE = [
    "Unfortunately, we cannot reply to everyone who applies.",
    "Unfortunately we are unable to give individual feedback.",
    "We regret that we cannot respond to every applicant personally.",
    "很遗憾我们无法一一回复。",
    "Unfortunately, due to the volume of applications, only shortlisted candidates will hear back.",
    "If we decide not to move forward, we will let you know.",
    "Should we decide not to proceed with your application, you will receive an email.",
    "Applicants who are not shortlisted will not be contacted.",
    "如果简历未通过筛选，我们会将您的简历放入人才库。",
    "未通过筛选的同学将不再另行通知。",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_UNFORTUNATE), min_size=1, max_size=4), st.booleans())
def test_unfortunately_in_a_confirmation_never_makes_a_rejection(
    sentences: list[str], chinese: bool
) -> None:
    opening = (
        "感谢您投递本公司算法工程师岗位，我们已收到您的简历。"
        if chinese
        else "Thank you for applying to Acme. We have received your application."
    )
    reading = _reading("Application received", " ".join([opening, *sentences]))
    assert reading.kind == "confirmation"


@pytest.mark.parametrize(
    "body",
    [
        "Unfortunately, the tech talk has been cancelled.",
        "Unfortunately our office is closed on Monday.",
        "很遗憾错过直播的同学可以看回放。",
        "We regret the inconvenience.",
    ],
)
def test_unfortunately_alone_is_not_a_rejection(body: str) -> None:
    assert _reading("A notice", body).kind != "rejection"


@pytest.mark.parametrize(
    ("subject", "body", "kind"),
    [
        ("Update", "After careful consideration, we have decided not to move forward with your "
         "application.", "rejection"),
        ("Update", "We have decided to pursue other candidates whose experience is closer.",
         "rejection"),
        ("结果通知", "很遗憾地通知你，你未能通过本轮面试。", "rejection"),
        ("结果", "经过评估，你暂时不符合该岗位的要求。", "rejection"),
        ("Next steps", "We'd like to set up a 30-minute phone screen with our recruiter.",
         "screening"),
        ("HackerRank", "Acme has invited you to take a coding test on HackerRank.", "assessment"),
        ("笔试通知", "请于9月10日20:00参加线上笔试。", "assessment"),
        ("Interview", "We would like to invite you to a technical interview on Thursday, "
         "September 19 at 2:00 PM.", "interview"),
        ("二面邀请", "恭喜你通过一面！现邀请你参加二面，面试时间：9月20日 15:00。", "interview"),
        ("Your offer", "We are pleased to offer you the position of Data Engineer.", "offer"),
        ("录用意向书", "恭喜你！现向你发放录用意向书。", "offer"),
        ("Job alert", "5 new jobs matching 'data engineer': Interview today! Apply now.",
         "other"),
        ("Your code", "Your verification code is 123456.", "other"),
        ("Opportunity", "I came across your profile and think you'd be a great fit. Open to a "
         "quick chat?", "other"),
    ],
)  # fmt: skip
def test_kinds(subject: str, body: str, kind: str) -> None:
    assert _reading(subject, body).kind == kind


def test_a_rejection_that_mentions_the_assessment_is_a_rejection() -> None:
    reading = _reading(
        "Update",
        "Thank you for completing the coding assessment. Unfortunately, your application was "
        "not successful this time.",
    )
    assert reading.kind == "rejection"
    assert reading.verdict.rule == "rejection.not-selected"
    assert "not successful" in reading.verdict.evidence


def test_no_offer_is_a_rejection_not_an_offer() -> None:
    for body in (
        "We regret to inform you that we will not be able to offer you the Analyst position.",
        "We will not be extending an offer at this time.",
    ):
        assert _reading("Update", body).kind == "rejection", body


def test_noreply_senders_are_read_like_any_other() -> None:
    reading = _reading(
        "Interview invitation",
        "We'd like to invite you to interview for the Backend Engineer role on Sep 24 at 10am.",
        sender="Stripe <no-reply@us.greenhouse-mail.io>",
    )
    assert reading.kind == "interview"
    assert reading.company is not None and reading.company.name == "Stripe"


@pytest.mark.parametrize("domain", ATS_DOMAINS[:20])
def test_an_ats_domain_is_never_the_employer(domain: str) -> None:
    reading = _reading(
        "Thanks for applying to Northwind Robotics",
        "We have received your application for Perception Engineer at Northwind Robotics.",
        sender=f"no-reply@{domain}",
    )
    assert reading.company is not None
    folded = company_fold(reading.company.name)
    assert folded == "northwindrobotics"
    assert domain.split(".")[0].replace("-", "") not in folded


def test_workday_and_icims_accounts_name_the_employer() -> None:
    workday = _reading("Application received", "We received your application.",
                       sender="nvidia@myworkday.com")  # fmt: skip
    icims = _reading("Application received", "We received your application.",
                     sender="careers-uber@icims.com")  # fmt: skip
    assert workday.company is not None and workday.company.name == "Nvidia"
    assert icims.company is not None and icims.company.name == "Uber"
    assert is_ats("wd5.myworkday.com") and not is_ats("myworkday.com.evil.example")


def test_a_person_at_the_company_is_not_taken_for_the_company() -> None:
    reading = _reading("Quick chat?", "I'd love to set up a short call about your application.",
                       sender="Jamie Chen <jchen@stripe.com>")  # fmt: skip
    assert reading.company is not None and reading.company.name == "Stripe"


def test_a_recorded_company_is_preferred_when_the_mail_names_it() -> None:
    parsed = parse_message(
        mail("【字节跳动】面试邀请", "邀请你参加面试。", sender="campus@mail.bytedance.net"), "t"
    )
    assert isinstance(parsed, MailMessage)
    reading = read_mail(parsed, known=("字节跳动",))
    assert reading.company is not None
    assert (reading.company.name, reading.company.source) == ("字节跳动", "a recorded company")


def test_aliases_join_names_width_and_case() -> None:
    aliases = Aliases({"Acme Robotics": ["阿克米"]})
    assert aliases.same("ByteDance", "字节跳动")
    assert aliases.same("ＢｙｔｅＤａｎｃｅ Ltd.", "bytedance")
    assert aliases.same("阿克米", "ACME ROBOTICS, Inc.")
    assert not aliases.same("Baidu", "Tencent")


@pytest.mark.parametrize(
    ("body", "day", "at", "form", "round_number"),
    [
        ("Your interview is scheduled for Thursday, September 19 at 2:00 PM ET via Google Meet.",
         date(2024, 9, 19), time(14, 0), "video", None),
        ("We'd like to invite you to the second round, on 26.09.2024 at 09:30 at our office.",
         date(2024, 9, 26), time(9, 30), "onsite", 2),
        ("现邀请你参加一面。面试时间：2024年9月18日 14:00，面试形式：视频面试（飞书）。",
         date(2024, 9, 18), time(14, 0), "video", 1),
        ("诚邀你参加三面，时间：9月20日（周五）下午3点，电话面试。",
         date(2024, 9, 20), time(15, 0), "phone", 3),
        ("We'd like to invite you to an interview; please pick a time with the link below.",
         None, None, None, None),
    ],
)  # fmt: skip
def test_interview_day_time_format_and_round(
    body: str, day: date | None, at: time | None, form: str | None, round_number: int | None
) -> None:
    reading = _reading("Interview invitation", body)
    assert reading.kind == "interview"
    details = reading.interview
    assert details is not None
    assert (details.day, details.at, details.format, details.round) == (day, at, form,
                                                                        round_number)  # fmt: skip


def test_requisition_ids_are_read_and_compared_without_separators() -> None:
    reading = _reading(
        "Application: Embedded Developer (REQ-419283)", "We have received your application."
    )
    assert reading.requisition == "REQ419283"
    other = _reading("Interview", "Your interview for JR 1987654 is scheduled for Sep 24 at 10am")
    assert other.requisition == "JR1987654"


def test_the_evidence_is_the_sentence_as_written() -> None:
    reading = _reading("台積電 應徵結果", "您好。很遺憾通知您，本次未能錄取。謝謝。")
    assert reading.kind == "rejection"
    assert reading.verdict.evidence == "很遺憾通知您，本次未能錄取。"


def test_kinds_are_what_the_issue_names() -> None:
    assert [kind.value for kind in MailKind] == [
        "confirmation", "screening", "assessment", "interview", "offer", "rejection", "other",
    ]  # fmt: skip


def test_docs_mail_md_lists_every_rule_as_it_is() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "mail.md").read_text("utf-8")
    for rule in RULES:
        row = f"| `{rule.name}` | {rule.kind.value} | {rule.confidence:.2f} | {rule.precedence} |"
        assert row in text, f"docs/mail.md has no row {row}"
