"""Hostile mail: broken headers, lying charsets, huge bodies, HTML only, attachments, garbage.
Each is read as far as it can be, or skipped with a reason; none raises."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mailtools import mail, write_mbox

from pipeline_tui.domain.mail import message as message_module
from pipeline_tui.domain.mail.classify import read_mail
from pipeline_tui.domain.mail.message import MAX_TEXT, MailMessage, Skipped, parse_message

pytestmark = pytest.mark.sqlite_only(reason="parsing only, or SQLite files of the test")


def _read(data: bytes) -> MailMessage:
    parsed = parse_message(data, "test")
    assert isinstance(parsed, MailMessage), parsed
    return parsed


def test_gb2312_declared_but_gbk_sent_is_read() -> None:
    # 镕 is in GBK but not in GB2312: a strict GB2312 decoder fails on it.
    body = "朱镕基同学：很遗憾，您未能通过本次面试。".encode("gbk")
    data = (
        b"From: =?gb2312?b?" + base64.b64encode("百度招聘".encode("gbk")) + b"?= <hr@baidu.com>\n"
        b"Subject: =?gb2312?b?" + base64.b64encode("面试结果".encode("gbk")) + b"?=\n"
        b"Date: Mon, 16 Sep 2024 10:00:00 +0800\nMessage-ID: <gbk@x>\n"
        b"Content-Type: text/plain; charset=gb2312\n\n" + body
    )
    parsed = _read(data)
    assert parsed.subject == "面试结果"
    assert parsed.sender_name == "百度招聘"
    assert "朱镕基" in parsed.body
    reading = read_mail(parsed)
    assert reading.kind == "rejection"
    assert reading.company is not None and reading.company.name == "百度"


def test_raw_8bit_headers_and_unknown_charsets_are_read() -> None:
    data = (
        "Subject: 面试邀请\nFrom: 腾讯招聘 <hr@tencent.com>\n".encode("gbk")
        + b"Date: Mon, 16 Sep 2024 10:00:00 +0800\n"
        b"Content-Type: text/plain; charset=x-unheard-of\n\nplain ascii body\n"
    )
    parsed = _read(data)
    assert parsed.subject == "面试邀请"
    assert parsed.sender_name == "腾讯招聘"
    assert parsed.body == "plain ascii body"


def test_malformed_headers_do_not_stop_the_message() -> None:
    data = (
        b"From: <<<broken@@address\nSubject: =?utf-8?q?=E5=A4=A9?= =?bogus?b?!!!?=\n"
        b"Date: not a date at all\nMessage-ID: no angle brackets here\n"
        b"In-Reply-To: <a@b> garbage <c@d>\n\nThank you for applying to Acme.\n"
    )
    parsed = _read(data)
    assert parsed.sent_at is None
    assert "a Date header that cannot be read" in parsed.notes
    assert parsed.thread == ("<a@b>", "<c@d>")
    assert parsed.key  # a Message-ID without brackets still identifies it, or a hash does


def test_huge_bodies_are_cut_not_read_whole() -> None:
    body = "We have received your application. " + "x" * (message_module.MAX_PART_BYTES * 3)
    parsed = _read(mail("Application received", body))
    assert len(parsed.body) <= MAX_TEXT
    assert any("body cut" in note for note in parsed.notes)
    assert read_mail(parsed).kind == "confirmation"


def test_a_message_over_the_size_limit_is_skipped_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline_tui.services import mailboxes

    monkeypatch.setattr(mailboxes, "MAX_MESSAGE_BYTES", 50_000)
    big = mail("Huge", "attachment " * 20_000)
    box = write_mbox(tmp_path / "big.mbox", [mail("Small", "Thanks for applying to Acme."), big])
    source = mailboxes.open_source(str(box))
    raws = list(source.messages(since=None, seen=set()))
    assert raws[0].data is not None
    assert raws[1].data is None and raws[1].skipped is not None
    assert "larger than" in raws[1].skipped.reason


def test_html_only_mail_is_read_as_text() -> None:
    html = (
        "<html><head><style>p{color:red}</style><script>var rejected = 1;</script></head>"
        "<body><p>Dear Siman,</p><p>We are pleased to invite you to an <b>interview</b> on "
        "September 24 at 10:00 AM via Zoom.</p></body></html>"
    )
    parsed = _read(mail("Interview", html, html=True))
    assert "var rejected" not in parsed.body
    assert "color:red" not in parsed.body
    assert "invite you to an interview" in parsed.body
    assert "HTML only: read as text" in parsed.notes
    reading = read_mail(parsed)
    assert reading.kind == "interview"
    assert reading.interview is not None and reading.interview.format == "video"


def test_attachments_are_not_read() -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Acme <jobs@acme.example>"
    message["Subject"] = "Your application"
    message["Date"] = "Mon, 16 Sep 2024 10:00:00 +0000"
    message.set_content("Thank you for applying to Acme. We have received your application.")
    message.add_attachment(
        b"%PDF-1.4 we regret to inform you that you have not been selected",
        maintype="application",
        subtype="pdf",
        filename="letter.pdf",
    )
    message.add_attachment(
        "we have decided not to move forward with your application",
        subtype="plain",
        filename="notes.txt",
    )
    parsed = _read(message.as_bytes())
    assert "not been selected" not in parsed.body
    assert "2 attachments not read" in parsed.notes
    assert read_mail(parsed).kind == "confirmation"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty message"),
        (b"   \n\n  ", "empty message"),
        (b"\x00\x01\x02 binary \xff\xfe garbage without headers", "no mail headers"),
        (b"just a line of text\nand another\n", "no mail headers"),
    ],
)
def test_what_is_not_mail_is_skipped_with_a_reason(data: bytes, reason: str) -> None:
    parsed = parse_message(data, "message 3 of inbox.mbox")
    assert isinstance(parsed, Skipped)
    assert reason in parsed.reason
    assert parsed.where == "message 3 of inbox.mbox"


def test_deeply_nested_multiparts_are_skipped_or_read_never_raised() -> None:
    depth = 400
    header = b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n"
    parts = [header % (number, number) for number in range(depth)]
    data = b"From: a@b.c\nSubject: nest\n" + b"".join(parts) + b"Content-Type: text/plain\n\nhi\n"
    assert isinstance(parse_message(data, "deep"), MailMessage | Skipped)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_message_or_a_skip(data: bytes) -> None:
    parsed = parse_message(data, "fuzz")
    assert isinstance(parsed, MailMessage | Skipped)
    if isinstance(parsed, MailMessage):
        read_mail(parsed)  # and the classifier takes whatever was read


@settings(max_examples=100, deadline=None)
@given(
    st.text(max_size=200),
    st.text(max_size=2000),
    st.sampled_from(["utf-8", "gb2312", "big5", "latin-1", "nonsense", ""]),
)
def test_any_text_in_any_declared_charset_is_read(subject: str, body: str, charset: str) -> None:
    header = f"Content-Type: text/plain; charset={charset}\n" if charset else ""
    data = (
        f"From: X <x@y.z>\nSubject: {subject.replace(chr(10), ' ')}\nDate: Mon, 16 Sep 2024"
        f" 10:00:00 +0000\n{header}\n"
    ).encode("utf-8", "surrogatepass") + body.encode("utf-8", "surrogatepass")
    parsed = parse_message(data, "fuzz")
    assert isinstance(parsed, MailMessage | Skipped)


def test_the_same_message_without_an_id_gets_the_same_key_from_any_copy() -> None:
    crlf = mail("Application received", "We received your application.", message_id=None)
    lf = crlf.replace(b"\r\n", b"\n")
    one, two = _read(crlf), _read(lf)
    assert one.message_id is None
    assert one.key == two.key and one.key.startswith("sha256:")


def test_quoted_earlier_mail_does_not_decide_the_kind() -> None:
    body = (
        "Hi Siman, thanks for the update - we would like to invite you to an interview on "
        "September 24 at 10:00.\n\nOn Mon, 9 Sep 2024 at 10:00, Acme wrote:\n"
        "> Unfortunately we have decided not to move forward with your application.\n"
    )
    parsed = _read(mail("Re: your application", body))
    assert "decided not to" not in parsed.body
    assert read_mail(parsed).kind == "interview"


def test_sent_on_is_the_day_in_the_readers_zone() -> None:
    from datetime import UTC, datetime, timedelta, timezone

    data = mail("x", "y", sent=datetime(2024, 9, 15, 21, 0, tzinfo=timezone(timedelta(hours=-7))))
    china = datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=8)))
    parsed = parse_message(data, "t", local_zone=china)
    assert isinstance(parsed, MailMessage)
    assert parsed.sent_on == date(2024, 9, 16)
    assert parsed.sent_at == datetime(2024, 9, 16, 4, 0, tzinfo=UTC)
