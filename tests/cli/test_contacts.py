"""Contacts through the command line: resolution, links, the log, lists and vCard export."""

from __future__ import annotations

import json

import pytest


def _json(pipeline, *args: str):
    outcome = pipeline(*args)
    assert outcome.code == 0, outcome.err
    return json.loads(outcome.out)


def test_add_and_resolve_by_id_or_folded_name(pipeline) -> None:
    added = pipeline("contact", "add", "Li Lei", "--company", "ByteDance", "--kind", "headhunter")
    assert added.out == "Added #1 Li Lei (headhunter, ByteDance)\n"
    pipeline("contact", "add", "Ärzte Müller", "--kind", "hiring-manager")
    pipeline("contact", "add", "ＹＡＮＧ Fan", "--email", "yang@example.com")
    for ref, name in (
        ("1", "Li Lei"),
        ("#1", "Li Lei"),
        ("li lei", "Li Lei"),
        ("  LI   LEI ", "Li Lei"),
        ("ärzte", "Ärzte Müller"),
        ("ÄRZTE müller", "Ärzte Müller"),
        ("yang", "ＹＡＮＧ Fan"),  # full-width letters fold to ASCII
        ("yang@example", "ＹＡＮＧ Fan"),  # the email address matches too
        ("bytedance", "Li Lei"),  # and the company
    ):
        assert _json(pipeline, "contact", "show", ref, "--format", "json")["name"] == name, ref
    assert _json(pipeline, "contact", "show", "2", "--format", "json")["kind"] == "hiring manager"
    assert _json(pipeline, "contact", "show", "2", "--format", "json")["company"] is None


def test_unknown_and_ambiguous_contacts_are_one_clear_error(pipeline) -> None:
    pipeline("contact", "add", "Li Lei", "--company", "ByteDance")
    pipeline("contact", "add", "Li Na", "--company", "Baidu")
    missing = pipeline("contact", "show", "han")
    assert (missing.code, missing.err) == (1, 'error: no contact matches "han"\n')
    assert pipeline("contact", "show", "#9").err == "error: no contact #9\n"
    ambiguous = pipeline("contact", "show", "li")
    assert ambiguous.code == 1
    assert ambiguous.err.splitlines() == [
        'error: "li" matches 2 contacts; give the #id',
        "  #1 Li Lei (other, ByteDance)",
        "  #2 Li Na (other, Baidu)",
    ]
    # An exact name wins over partial matches.
    pipeline("contact", "add", "Li")
    assert _json(pipeline, "contact", "show", "li", "--format", "json")["id"] == 3


def test_same_name_at_same_company_needs_force(pipeline) -> None:
    pipeline("contact", "add", "Li Lei", "--company", "ByteDance")
    again = pipeline("contact", "add", "li lei", "--company", "bytedance")
    assert again.code == 1
    assert again.err == (
        "error: #1 Li Lei (other, ByteDance) is already a contact; add --force to record another\n"
    )
    assert pipeline("contact", "add", "Li Lei", "--company", "Baidu").code == 0
    assert pipeline("contact", "add", "li lei", "--company", "bytedance", "--force").code == 0


def test_bad_kind_and_channel_name_the_choices(pipeline) -> None:
    bad = pipeline("contact", "add", "X", "--kind", "boss")
    assert bad.code == 1
    assert "unknown contact kind 'boss'; kinds: recruiter, headhunter" in bad.err
    pipeline("contact", "add", "X")
    bad = pipeline("contact", "log", "x", "--via", "pigeon")
    assert "unknown channel 'pigeon'; channels: email, call, message, meeting" in bad.err


def test_links_with_roles_show_on_both_sides(pipeline) -> None:
    pipeline("add", "ByteDance", "LLM engineer")
    pipeline("contact", "add", "Han Meimei", "--company", "ByteDance", "--kind", "referrer")
    linked = pipeline("contact", "link", "han", "bytedance", "--as", "referred me")
    assert linked.out == (
        "Linked #1 Han Meimei (referrer, ByteDance) on #1 ByteDance — LLM engineer as referred me\n"
    )
    again = pipeline("contact", "link", "han", "1", "--as", "referred me")
    assert again.out.startswith("Already linked: #1 Han Meimei")
    assert pipeline("contact", "link", "han", "1", "--as", "interviewer round 2").code == 0
    shown = _json(pipeline, "show", "1", "--format", "json")
    assert [(item["name"], item["role"]) for item in shown["contacts"]] == [
        ("Han Meimei", "referred me"),
        ("Han Meimei", "interviewer round 2"),
    ]
    person = _json(pipeline, "contact", "show", "han", "--format", "json")
    assert [item["role"] for item in person["applications"]] == [
        "referred me",
        "interviewer round 2",
    ]
    text = pipeline("show", "1").out
    assert "  contacts\n    #1 Han Meimei (referrer)  referred me\n" in text


def test_interaction_log_and_last_contacted(pipeline) -> None:
    pipeline("add", "Meituan", "Search")
    pipeline("contact", "add", "Wang Wu", "--company", "Meituan", "--kind", "recruiter")
    assert _json(pipeline, "contact", "show", "wang", "--format", "json")["last_contacted"] is None
    logged = pipeline(
        "contact", "log", "wang", "--on", "2024-09-10", "--via", "WeChat", "--note", "sent CV"
    )
    assert logged.out == "Logged 2024-09-10 by message with #1 Wang Wu (recruiter, Meituan)\n"
    pipeline("contact", "log", "wang", "--on", "2024-09-12", "--via", "call", "--about", "1")
    pipeline("contact", "log", "wang", "--on", "2024-09-01", "--via", "email")
    shown = _json(pipeline, "contact", "show", "wang", "--format", "json")
    assert shown["last_contacted"] == "2024-09-12"
    assert [(item["on"], item["via"], item["application_id"]) for item in shown["log"]] == [
        ("2024-09-12", "call", 1),
        ("2024-09-10", "message", None),
        ("2024-09-01", "email", None),
    ]
    future = pipeline("contact", "log", "wang", "--on", "tomorrow")
    assert future.code == 1
    assert "after today" in future.err and "add --force" in future.err
    listed = _json(pipeline, "contact", "list", "--format", "json")
    assert listed[0]["last_contacted"] == "2024-09-12"


def test_list_filters_by_kind_and_company(pipeline) -> None:
    pipeline("contact", "add", "Li Lei", "--company", "ByteDance", "--kind", "headhunter")
    pipeline("contact", "add", "Han Meimei", "--company", "ByteDance Seed", "--kind", "referrer")
    pipeline("contact", "add", "Wang Wu", "--company", "Meituan", "--kind", "recruiter")
    pipeline("contact", "add", "Anonymous", "--kind", "headhunter")

    def names(*args: str) -> list[str]:
        return [
            item["name"] for item in _json(pipeline, "contact", "list", *args, "--format", "json")
        ]

    assert names() == ["Anonymous", "Han Meimei", "Li Lei", "Wang Wu"]
    assert names("--kind", "headhunter") == ["Anonymous", "Li Lei"]
    assert names("--company", "bytedance") == ["Li Lei"]  # an exact company name wins
    assert names("--company", "byte") == ["Han Meimei", "Li Lei"]
    csv = pipeline("contact", "list", "--format", "csv").out.splitlines()
    assert csv[0].startswith("id,name,kind,company,email")
    table = pipeline("contact", "list", "--kind", "recruiter")
    assert "Wang Wu" in table.out and "Meituan" in table.out
    assert table.err == "1 contact\n"


def test_edit_changes_and_clears_fields(pipeline) -> None:
    pipeline("add", "Baidu", "AIDU")
    pipeline(
        "contact", "add", "Li Lei", "--company", "ByteDance", "--email", "a@b.c", "--every", "30"
    )
    edited = pipeline(
        "contact", "edit", "li", "--company", "", "--email", "", "--every", "0", "--kind", "hr"
    )
    assert edited.out == "Saved #1 Li Lei (recruiter)\n"
    shown = _json(pipeline, "contact", "show", "1", "--format", "json")
    assert (shown["company"], shown["email"], shown["every_days"]) == (None, None, None)
    # ByteDance held nothing but this contact, so it is gone; Baidu stays.
    pipeline("contact", "edit", "1", "--company", "baidu", "--name", "Li  Lei  Jr")
    shown = _json(pipeline, "contact", "show", "li lei jr", "--format", "json")
    assert shown["company"] == "Baidu"


@pytest.fixture
def people(pipeline):
    pipeline(
        "contact", "add", "李雷, Jr; \\ the 2nd", "--company", "字节跳动; Seed, Inc.",
        "--kind", "headhunter", "--email", "li.lei@example.com", "--phone", "+86 138 0000 0000",
        "--handles", "WeChat: lilei_88; LinkedIn: in/lilei",
        "--note", "line one\nline two, with; marks",
    )  # fmt: skip
    pipeline("contact", "add", "Wang Wu")
    return pipeline


def test_vcards_survive_commas_semicolons_and_cjk(people) -> None:
    import vobject

    outcome = people("contact", "export", "--format", "vcf")
    assert outcome.code == 0, outcome.err
    cards = list(vobject.readComponents(outcome.out))
    assert len(cards) == 2
    card = next(item for item in cards if item.uid.value == "pipeline-tui-contact-1")
    assert card.version.value == "3.0"
    assert card.fn.value == "李雷, Jr; \\ the 2nd"
    assert card.org.value == ["字节跳动; Seed, Inc."]
    assert card.email.value == "li.lei@example.com"
    assert card.tel.value == "+86 138 0000 0000"
    assert card.title.value == "headhunter"
    assert card.note.value == (
        "line one\nline two, with; marks\nHandles: WeChat: lilei_88; LinkedIn: in/lilei"
    )
    plain = next(item for item in cards if item.uid.value == "pipeline-tui-contact-2")
    assert plain.fn.value == "Wang Wu"
    assert not hasattr(plain, "org")


def test_text_output_escapes_control_characters_json_keeps_them(pipeline) -> None:
    pipeline("contact", "add", "Evil\x1b[31m Name")
    assert "Evil\\x1b[31m Name" in pipeline("contact", "show", "1").out
    assert (
        _json(pipeline, "contact", "show", "1", "--format", "json")["name"] == "Evil\x1b[31m Name"
    )


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("猎头", "headhunter"),
        ("HR", "recruiter"),
        ("面试官", "interviewer"),
        ("内推人", "referrer"),
    ],
)
def test_contact_kinds_in_chinese_and_common_aliases(pipeline, typed: str, kind: str) -> None:
    assert pipeline("contact", "add", "王芳", "--kind", typed).code == 0
    assert _json(pipeline, "contact", "show", "王芳", "--format", "json")["kind"] == kind


@pytest.mark.parametrize(
    ("typed", "channel"),
    [
        ("微信", "message"),
        ("WeChat", "message"),
        ("电话", "call"),
        ("邮件", "email"),
        ("领英", "message"),
        ("脉脉", "message"),
    ],
)
def test_channels_in_chinese_and_common_aliases(pipeline, typed: str, channel: str) -> None:
    pipeline("contact", "add", "王芳")
    assert pipeline("contact", "log", "王芳", "--via", typed).code == 0
    shown = _json(pipeline, "contact", "show", "王芳", "--format", "json")
    assert [entry["via"] for entry in shown["log"]] == [channel]


def test_email_and_phone_shapes_are_checked_and_the_field_named(pipeline) -> None:
    bad_email = pipeline("contact", "add", "王芳", "--email", "wangfang at example")
    assert bad_email.code == 1
    assert bad_email.err == (
        'error: email "wangfang at example" is not an email address like name@example.com\n'
    )
    bad_phone = pipeline("contact", "add", "王芳", "--phone", "call me maybe")
    assert bad_phone.code == 1
    assert bad_phone.err.startswith('error: phone "call me maybe" is not a phone number')
    assert bad_phone.err.count("\n") == 1
    assert pipeline("contact", "list").err == "No contacts match.\n"  # nothing was written
    good = pipeline(
        "contact", "add", "王芳", "--email", "ｗａｎｇ＠例子.中国", "--phone", "+86 138-0013-8000"
    )
    assert good.code == 0, good.err
    shown = _json(pipeline, "contact", "show", "王芳", "--format", "json")
    assert (shown["email"], shown["phone"]) == ("wang@例子.中国", "+86 138-0013-8000")
    edited = pipeline("contact", "edit", "王芳", "--phone", "12")
    assert edited.code == 1 and edited.err.startswith('error: phone "12" is not a phone number')
    assert pipeline("contact", "edit", "王芳", "--phone", "").code == 0  # clearing is fine
