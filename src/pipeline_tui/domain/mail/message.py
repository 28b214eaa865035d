"""One mail message's bytes to the few fields the classifier reads, whatever the sender did.

Hostile mail is expected: headers that do not parse, charsets that lie (GB2312 declared, GBK
sent), bodies of many megabytes, HTML with no text part, attachments. Each is read as far as
it can be, with a note; what cannot be read at all becomes a `Skipped` with the reason. No
message ever raises.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.header import Header, decode_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from pipeline_tui.domain.html_text import html_to_text, tidy_text
from pipeline_tui.domain.models import clean_name

# A message bigger than this is skipped unread (attachments, usually); readers stop at it.
MAX_MESSAGE_BYTES = 25 * 1024 * 1024
# At most this much of a body part is decoded; the classifier reads at most MAX_TEXT of it.
MAX_PART_BYTES = 512 * 1024
MAX_TEXT = 20_000
# Parts looked at in one message, and header text kept per header.
_MAX_PARTS = 100
_MAX_HEADER = 2_000
_MAX_IDS = 50
# Declared names that lie in practice, read as the encoding that covers them.
_CHARSET_FIXES = {
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ks_c_5601-1987": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "utf8": "utf-8",
    "unicode-1-1-utf-7": "utf-7",
}
_MESSAGE_ID = re.compile(r"<([^<>\s]{1,500})>")
# Where a reply's own text ends and the quoted message starts.
_QUOTE_START = re.compile(
    r"^(?:-{2,}\s*(?:original message|forwarded message)\s*-{2,}"
    r"|on .{4,200}wrote:\s*$"
    r"|在.{4,100}写道[:：]\s*$"
    r"|-{2,}\s*原始邮件\s*-{2,}"
    r"|from: .{3,200}\n\s*sent: )",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class MailMessage:
    """What the classifier reads from one message; body is plain text, at most MAX_TEXT.

    key: the Message-ID, else a hash of the sender, date, subject and body (so a message is
    recognised when read again from another copy of the mailbox). sent_on: the day of the Date
    header in the reader's time zone. thread: the ids this message answers (In-Reply-To, then
    References, newest first).
    """

    key: str
    message_id: str | None
    sent_at: datetime | None
    sent_on: date | None
    sender_name: str
    sender_address: str
    subject: str
    body: str
    thread: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def sender(self) -> str:
        """Return "Name <address>", or whichever of the two there is."""
        if self.sender_name and self.sender_address:
            return f"{self.sender_name} <{self.sender_address}>"
        return self.sender_name or self.sender_address

    @property
    def sender_domain(self) -> str:
        """Return the sender address's domain, lower case ("" when there is none)."""
        return self.sender_address.rpartition("@")[2].lower()


@dataclass(frozen=True, slots=True)
class Skipped:
    """A message that could not be read, and why (one line for the user)."""

    where: str
    reason: str
    key: str | None = None


def too_big(where: str, size: int) -> Skipped:
    """Return the skip for a message over MAX_MESSAGE_BYTES."""
    limit = MAX_MESSAGE_BYTES // 2**20
    return Skipped(where, f"larger than {limit} MB ({size / 2**20:,.0f} MB or more), not read")


def parse_message(
    data: bytes, where: str, *, local_zone: datetime | None = None
) -> MailMessage | Skipped:
    """Read one message's bytes; where names it in messages ("message 17 of inbox.mbox").

    local_zone: an aware instant whose offset gives the reader's time zone for sent_on (the
    system's when None).
    """
    if len(data) > MAX_MESSAGE_BYTES:
        return too_big(where, len(data))
    if not data.strip():
        return Skipped(where, "empty message")
    import email

    try:
        parsed = email.message_from_bytes(data)
        return _read(parsed, data, local_zone)
    except _NotMail as error:
        return Skipped(where, str(error))
    except (RecursionError, MemoryError):
        return Skipped(where, "nested too deeply to read")
    except Exception as error:  # the email package raises many kinds on broken input
        return Skipped(where, f"cannot be read as mail ({type(error).__name__})")


class _NotMail(Exception):
    """Bytes with no mail headers at all."""


def _read(parsed: Message, data: bytes, local_zone: datetime | None) -> MailMessage:
    if not parsed.keys() or not any(
        name.lower() in ("from", "subject", "date", "message-id") for name in parsed
    ):
        raise _NotMail("no mail headers (From, Subject, Date)")
    notes: list[str] = []
    subject = clean_name(header_text(parsed, "Subject"))
    sender_name, sender_address = _sender(parsed)
    sent_at = _date(parsed, notes)
    sent_on = None
    if sent_at is not None:
        zone = local_zone.tzinfo if local_zone is not None else None
        sent_on = sent_at.astimezone(zone).date()
    body = _body(parsed, notes)
    message_id = _first_id(header_text(parsed, "Message-ID"))
    thread = _ids(header_text(parsed, "In-Reply-To")) + tuple(
        reversed(_ids(header_text(parsed, "References")))
    )
    key = message_id or _fingerprint(sender_address, sent_at, subject, body, data)
    return MailMessage(
        key=key,
        message_id=message_id,
        sent_at=sent_at,
        sent_on=sent_on,
        sender_name=sender_name,
        sender_address=sender_address,
        subject=subject,
        body=body,
        thread=tuple(dict.fromkeys(thread))[:_MAX_IDS],
        notes=tuple(notes),
    )


def header_text(parsed: Message, name: str) -> str:
    """Return a header's decoded text ("" when missing): encoded words, raw 8-bit bytes in
    UTF-8 or GB18030, and unknown charsets are all read, never raised on."""
    value = parsed.get(name)
    if value is None:
        return ""
    if isinstance(value, Header):  # raw 8-bit bytes in the header
        chunks = decode_header(value)
        raw = b"".join(part if isinstance(part, bytes) else part.encode() for part, _ in chunks)
        value = _decode(raw, None)[0]
    text = str(value)[:_MAX_HEADER]
    if "=?" not in text:
        return text
    try:
        pieces = decode_header(text)
    except Exception:
        return text
    out = []
    for part, charset in pieces:
        out.append(_decode(part, charset)[0] if isinstance(part, bytes) else part)
    return "".join(out)


def _sender(parsed: Message) -> tuple[str, str]:
    raw = header_text(parsed, "From") or header_text(parsed, "Sender")
    try:
        found = getaddresses([raw])
    except Exception:
        found = []
    name, address = found[0] if found else ("", "")
    address = address.strip().lower() if "@" in address else ""
    name = clean_name(name).strip("'\" ")
    if not name and not address:
        name = clean_name(raw)
    return name[:200], address[:200]


def _date(parsed: Message, notes: list[str]) -> datetime | None:
    text = header_text(parsed, "Date").strip()
    if not text:
        notes.append("no Date header")
        return None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        notes.append("a Date header that cannot be read")
        return None
    if when is None or not 1990 <= when.year <= 2100:
        notes.append("a Date header that cannot be read")
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _first_id(text: str) -> str | None:
    found = _MESSAGE_ID.search(text)
    if found:
        return f"<{found[1]}>"
    bare = text.strip()
    return f"<{bare}>" if bare and " " not in bare and len(bare) <= 500 else None


def _ids(text: str) -> tuple[str, ...]:
    return tuple(f"<{found}>" for found in _MESSAGE_ID.findall(text))[:_MAX_IDS]


def _fingerprint(
    address: str, sent_at: datetime | None, subject: str, body: str, data: bytes
) -> str:
    """A stable key for a message without a Message-ID: the same message read from an mbox or
    over IMAP (other line ends, other envelope) gets the same one."""
    digest = hashlib.sha256()
    for part in (address, sent_at.isoformat() if sent_at else "", subject, " ".join(body.split())):
        digest.update(part.encode("utf-8", "replace"))
        digest.update(b"\0")
    if not (address or subject or body):
        digest.update(data[:65536])
    return "sha256:" + digest.hexdigest()[:40]


def _body(parsed: Message, notes: list[str]) -> str:
    """Return the first readable text part (plain preferred, else HTML stripped), capped."""
    plain: Message | None = None
    html: Message | None = None
    attachments = 0
    for index, part in enumerate(parsed.walk()):
        if index >= _MAX_PARTS:
            notes.append(f"only the first {_MAX_PARTS} parts read")
            break
        if part.is_multipart():
            continue
        disposition = (part.get("Content-Disposition") or "").lower()
        if "attachment" in disposition or part.get_filename():
            attachments += 1
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and plain is None:
            plain = part
        elif kind == "text/html" and html is None:
            html = part
    if attachments:
        notes.append(f"{attachments} attachment{'s' if attachments != 1 else ''} not read")
    chosen = plain or html
    if chosen is None:
        notes.append("no text part")
        return ""
    text = _part_text(chosen, notes)
    if chosen is html:
        notes.append("HTML only: read as text")
        text = html_to_text(text, limit=MAX_TEXT * 4)
    else:
        text = tidy_text(text)
    return _own_text(text)[:MAX_TEXT]


def _part_text(part: Message, notes: list[str]) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        payload = raw.encode("utf-8", "replace") if isinstance(raw, str) else b""
    if len(payload) > MAX_PART_BYTES:
        notes.append(f"body cut at {MAX_PART_BYTES // 1024} KB")
        payload = payload[:MAX_PART_BYTES]
    text, note = _decode(payload, part.get_content_charset())
    if note:
        notes.append(note)
    return text


def _decode(data: bytes, charset: str | None) -> tuple[str, str | None]:
    """Return data as text: the declared charset (or what it really means), else UTF-8, else
    GB18030, else the declared one with replacement characters; and a note when it lied."""
    declared = (charset or "").strip().strip("\"'").lower()
    first = _CHARSET_FIXES.get(declared, declared)
    tried: list[str] = []
    for name in (first, "utf-8", "gb18030"):
        if not name or name in tried:
            continue
        tried.append(name)
        try:
            text = data.decode(name)
        except LookupError:
            continue
        except UnicodeDecodeError:
            continue
        note = None
        if declared and name != first:
            note = f"declared {declared} but read as {name}"
        return text, note
    fallback = first if _known(first) else "utf-8"
    return data.decode(fallback, "replace"), f"undecodable bytes in {declared or 'the text'}"


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return bool(name)


def _own_text(text: str) -> str:
    """Return the text above any quoted earlier message, without "> " quoted lines."""
    found = _QUOTE_START.search(text)
    if found and found.start() > 0:
        text = text[: found.start()]
    return "\n".join(line for line in text.split("\n") if not line.startswith(">")).strip()
