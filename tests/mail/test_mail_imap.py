"""Reading a real IMAP server: a throwaway Dovecot on loopback (tests/mail/dovecot.py)."""

from __future__ import annotations

import json
from datetime import datetime

import dovecot
import pytest
from mailtools import CHINA, mail

import dbtools
from pipeline_tui.services import mailboxes


def _day(text: str) -> datetime:
    return datetime.fromisoformat(f"{text}T10:00:00").replace(tzinfo=CHINA)


MESSAGES = [
    mail("Thank you for applying to Northwind Robotics",
         "We have received your application for Perception Engineer.",
         sender="Northwind Robotics <no-reply@us.greenhouse-mail.io>", sent=_day("2024-09-02"),
         message_id="<imap-confirm@x>"),
    mail("【美团】面试邀请",
         "诚邀你参加推荐算法工程师岗位面试，面试时间：2024年9月21日上午10:00，现场面试。",
         sender="美团校园招聘 <campus@meituan.com>", sent=_day("2024-09-14"),
         message_id="<imap-interview@x>"),
    mail("Your weekly job alert", "12 new jobs for you.", sender="alerts@indeed.com",
         sent=_day("2024-09-15"), message_id="<imap-alert@x>"),
]  # fmt: skip


@pytest.fixture
def filled(imap_server, mailbox_name, monkeypatch: pytest.MonkeyPatch):
    imap_server.append(MESSAGES, mailbox_name)
    monkeypatch.setenv("PIPELINE_MAIL_PASSWORD", dovecot.PASSWORD)
    return imap_server.url(mailbox_name)


def test_an_imap_mailbox_is_read_without_marking_anything(
    pipeline, imap_server, mailbox_name, filled
) -> None:
    before = imap_server.flags(mailbox_name)
    outcome = pipeline("mail", filled, "--dry-run", "--format", "json")
    assert outcome.code == 0, outcome.err
    rows = json.loads(outcome.out)
    assert [(row["kind"], row["company"]) for row in rows] == [
        ("confirmation", "Northwind Robotics"), ("interview", "美团"), ("other", None)
    ]  # fmt: skip
    assert rows[1]["interview"]["date"] == "2024-09-21"
    assert rows[1]["interview"]["format"] == "onsite"
    assert imap_server.flags(mailbox_name) == before
    assert not any(b"\\Seen" in flags for flags in imap_server.flags(mailbox_name))


def test_a_second_read_fetches_only_new_mail(
    pipeline, imap_server, mailbox_name, filled, db_path
) -> None:
    first = pipeline("mail", filled)
    assert first.code == 0, first.err
    assert "2 queued, 1 other" in first.err
    imap_server.append(
        [mail("Update", "We have decided not to move forward with your application.",
              sender="Northwind Robotics <no-reply@us.greenhouse-mail.io>",
              sent=_day("2024-09-16"), message_id="<imap-reject@x>")],
        mailbox_name,
    )  # fmt: skip
    second = pipeline("mail", filled)
    assert second.code == 0, second.err
    assert "note: 3 already read before (not fetched)" in second.err
    assert "1 queued" in second.err
    waiting = json.loads(pipeline("inbox", "--format", "json").out)
    assert [item["kind"] for item in waiting] == ["confirmation", "interview", "rejection"]
    assert waiting[2]["after_id"] == waiting[0]["id"]
    assert dbtools.count(db_path, "mail_seen") == 4


def test_since_is_asked_of_the_server(pipeline, filled) -> None:
    outcome = pipeline("mail", filled, "--dry-run", "--format", "json", "--since", "2024-09-14")
    assert outcome.code == 0, outcome.err
    assert [row["date"] for row in json.loads(outcome.out)] == ["2024-09-14", "2024-09-15"]


def test_a_wrong_password_is_one_line(
    pipeline, imap_server, mailbox_name, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIPELINE_MAIL_PASSWORD", "wrong")
    outcome = pipeline("mail", imap_server.url(mailbox_name))
    assert outcome.code == 1
    assert outcome.err.startswith("error: 127.0.0.1 refused the login for siman")
    assert outcome.err.count("\n") == 1


def test_a_missing_mailbox_is_named(pipeline, imap_server, monkeypatch) -> None:
    monkeypatch.setenv("PIPELINE_MAIL_PASSWORD", dovecot.PASSWORD)
    outcome = pipeline("mail", imap_server.url("NoSuchFolder"))
    assert outcome.code == 1
    assert outcome.err == "error: 127.0.0.1 has no mailbox named 'NoSuchFolder'\n"


def test_nothing_listening_is_one_line(pipeline, monkeypatch) -> None:
    monkeypatch.setenv("PIPELINE_MAIL_PASSWORD", "x")
    outcome = pipeline("mail", f"imap://me@127.0.0.1:{dovecot._free_port()}/INBOX")
    assert outcome.code == 1
    assert outcome.err.startswith("error: cannot reach the mail server 127.0.0.1:")


class _MemoryKeyring:
    """A keyring backend holding passwords in memory."""

    def __init__(self, passwords: dict[tuple[str, str], str]) -> None:
        from keyring.backend import KeyringBackend

        outer = passwords

        class Backend(KeyringBackend):
            priority = 1  # type: ignore[assignment]

            def get_password(self, service: str, username: str) -> str | None:
                return outer.get((service, username))

            def set_password(self, service: str, username: str, password: str) -> None:
                outer[(service, username)] = password

            def delete_password(self, service: str, username: str) -> None:
                outer.pop((service, username), None)

        self.backend = Backend()


@pytest.fixture
def keyring_backend(monkeypatch: pytest.MonkeyPatch):
    import keyring

    previous = keyring.get_keyring()
    monkeypatch.delenv("PIPELINE_MAIL_PASSWORD", raising=False)
    yield keyring
    keyring.set_keyring(previous)


def test_the_password_can_come_from_the_keyring(
    pipeline, imap_server, mailbox_name, keyring_backend, db_path
) -> None:
    imap_server.append(MESSAGES[:1], mailbox_name)
    store = _MemoryKeyring({("pipeline-tui", "siman@127.0.0.1"): dovecot.PASSWORD})
    keyring_backend.set_keyring(store.backend)
    outcome = pipeline("mail", imap_server.url(mailbox_name))
    assert outcome.code == 0, outcome.err
    assert "1 queued" in outcome.err
    if not dbtools.is_server(db_path):
        assert dovecot.PASSWORD.encode() not in db_path.read_bytes()


def test_no_keyring_and_no_terminal_says_what_to_do(
    pipeline, imap_server, mailbox_name, keyring_backend
) -> None:
    from keyring.backends import fail

    keyring_backend.set_keyring(fail.Keyring())
    outcome = pipeline("mail", imap_server.url(mailbox_name))
    assert outcome.code == 1
    assert "no password for siman@127.0.0.1: set PIPELINE_MAIL_PASSWORD" in outcome.err
    assert "(no system keyring is available)" in outcome.err
    assert outcome.err.count("\n") == 1


def test_a_big_message_is_skipped_not_fetched(
    pipeline, imap_server, mailbox_name, filled, monkeypatch
) -> None:
    imap_server.append([mail("Huge", "x" * 200_000, message_id="<huge@x>")], mailbox_name)
    monkeypatch.setattr(mailboxes, "MAX_MESSAGE_BYTES", 100_000)
    outcome = pipeline("mail", filled, "--dry-run")
    assert outcome.code == 0, outcome.err
    assert f"skipped message UID 4 of {mailbox_name}: larger than" in outcome.err


def test_imaps_and_starttls_verify_the_certificate(
    pipeline, imaps_server, mailbox_name, monkeypatch
) -> None:
    imaps_server.append(MESSAGES[:1], mailbox_name)
    monkeypatch.setenv("PIPELINE_MAIL_PASSWORD", dovecot.PASSWORD)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    untrusted = pipeline("mail", imaps_server.url(mailbox_name, secure=True), "--dry-run")
    assert untrusted.code == 1
    assert "cannot make a secure connection to 127.0.0.1:" in untrusted.err
    monkeypatch.setenv("SSL_CERT_FILE", str(imaps_server.cert))
    for url in (imaps_server.url(mailbox_name, secure=True), imaps_server.url(mailbox_name)):
        trusted = pipeline("mail", url, "--dry-run", "--format", "json")
        assert trusted.code == 0, trusted.err
        assert json.loads(trusted.out)[0]["kind"] == "confirmation"


def test_a_password_never_goes_in_clear_text_to_another_machine(
    pipeline, imap_server, mailbox_name, filled, monkeypatch
) -> None:
    # The test server offers no STARTTLS; were it another machine, imap:// must refuse.
    monkeypatch.setattr(mailboxes, "_LOOPBACK", frozenset())
    outcome = pipeline("mail", filled, "--dry-run")
    assert outcome.code == 1
    assert "offers no STARTTLS, and a password is never sent in clear text" in outcome.err
