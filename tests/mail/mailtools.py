"""Building test mail: messages as bytes, mboxes, Maildirs, and the labelled corpus."""

from __future__ import annotations

import csv
import mailbox
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
CHINA = timezone(timedelta(hours=8))


def mail(
    subject: str,
    body: str,
    *,
    sender: str = "Acme Recruiting <no-reply@us.greenhouse-mail.io>",
    sent: datetime | None = None,
    message_id: str | None = "<auto>",
    in_reply_to: str | None = None,
    html: bool = False,
) -> bytes:
    """Return one message as bytes (UTF-8, a Message-ID derived from the subject by default)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Siman Li <siman.li@example.net>"
    message["Subject"] = subject
    message["Date"] = format_datetime(sent or datetime(2024, 9, 10, 9, 0, tzinfo=CHINA))
    if message_id == "<auto>":
        message_id = f"<{abs(hash((subject, body, sender))) % 10**12}@test.example>"
    if message_id is not None:
        message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(body, subtype="html" if html else "plain")
    return message.as_bytes()


def write_mbox(path: Path, messages: list[bytes]) -> Path:
    """Write messages into an mbox file."""
    box = mailbox.mbox(path)
    try:
        for data in messages:
            box.add(data)
        box.flush()
    finally:
        box.close()
    return path


def write_maildir(path: Path, messages: list[bytes]) -> Path:
    """Write messages into a Maildir folder (new/)."""
    box = mailbox.Maildir(path, create=True)
    for data in messages:
        box.add(data)
    return path


@dataclass(frozen=True)
class Label:
    """What a corpus message is, as a person labelled it."""

    file: str
    kind: str
    company: str
    role: str


def labels() -> list[Label]:
    """Return the corpus labels (tests/mail/corpus/labels.csv)."""
    with (CORPUS / "labels.csv").open(encoding="utf-8", newline="") as stream:
        return [Label(**row) for row in csv.DictReader(stream)]
