"""Where mail is read from: an mbox file, a Maildir folder, a folder of .eml files, or an IMAP
mailbox (`imaps://user@host[:port]/MAILBOX`).

Every source yields each message's bytes (at most MAX_MESSAGE_BYTES: a bigger one is skipped
with the reason) and never changes the mailbox: files are only read, and IMAP mailboxes are
opened read-only and fetched with BODY.PEEK, so nothing is marked as read.

`imap://` connects on port 143 and requires STARTTLS, except to a loopback address
(127.0.0.1, ::1, localhost), where a server without it is used in plain text: the test
server, or a local bridge such as Proton Mail's. A password never travels in clear text to
another machine.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline_tui.domain.mail.message import MAX_MESSAGE_BYTES, Skipped, too_big
from pipeline_tui.domain.text import printable
from pipeline_tui.errors import UserError
from pipeline_tui.paths import user_path

if TYPE_CHECKING:
    import imaplib

PASSWORD_VARIABLE = "PIPELINE_MAIL_PASSWORD"
KEYRING_SERVICE = "pipeline-tui"
_TIMEOUT = 30
_HEADER_BATCH = 200
_BODY_BATCH = 25
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One message's bytes, or why it was not read; where names it for the user."""

    where: str
    data: bytes | None = None
    skipped: Skipped | None = None


@dataclass(frozen=True, slots=True)
class ImapAddress:
    """An IMAP mailbox named by a URL, without any password."""

    secure: bool
    user: str
    host: str
    port: int
    mailbox: str

    @property
    def account(self) -> str:
        """ "user@host", the name a keyring entry is stored under."""
        return f"{self.user}@{self.host}"

    def __str__(self) -> str:
        scheme = "imaps" if self.secure else "imap"
        default = 993 if self.secure else 143
        port = "" if self.port == default else f":{self.port}"
        return f"{scheme}://{self.user}@{self.host}{port}/{self.mailbox}"


@dataclass
class Source:
    """A mailbox being read; total is known once reading starts (None until then)."""

    name: str
    total: int | None = None
    notes: list[str] = field(default_factory=list)

    def messages(self, *, since: date | None, seen: set[str]) -> Iterator[RawMessage]:
        """Yield every message (since a day, where the source can filter by date)."""
        raise NotImplementedError


def is_imap(text: str) -> bool:
    """True when SOURCE names an IMAP mailbox rather than a file or folder."""
    return text.lower().startswith(("imap://", "imaps://"))


def parse_imap(text: str) -> ImapAddress:
    """Read `imaps://user@host[:port]/MAILBOX`; a password in it is refused."""
    from urllib.parse import unquote, urlsplit

    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise UserError(f"{text!r} is not a mailbox address I can read: {error}") from None
    if parts.password is not None:
        raise UserError(
            "put no password in the mailbox address (it would stay in your shell history); "
            f"set {PASSWORD_VARIABLE}, store it in the system keyring, or type it when asked"
        )
    if not parts.hostname:
        raise UserError(f"{text!r} names no server; use imaps://user@host/INBOX")
    if not parts.username:
        raise UserError(f"{text!r} names no user; use imaps://user@host/INBOX")
    secure = parts.scheme.lower() == "imaps"
    mailbox = unquote(parts.path.lstrip("/")) or "INBOX"
    return ImapAddress(
        secure=secure,
        user=unquote(parts.username),
        host=parts.hostname,
        port=port or (993 if secure else 143),
        mailbox=mailbox,
    )


def stored_password(address: ImapAddress) -> tuple[str | None, str | None]:
    """Return the password from $PIPELINE_MAIL_PASSWORD or the system keyring, and a note
    when the keyring could not be asked; (None, note) when neither has one."""
    from_environment = os.environ.get(PASSWORD_VARIABLE)
    if from_environment:
        return from_environment, None
    try:
        import keyring  # ~40 ms; only when reading IMAP
        import keyring.errors
    except ImportError:
        return None, "the keyring package is not installed"
    try:
        return keyring.get_password(KEYRING_SERVICE, address.account), None
    except keyring.errors.NoKeyringError:
        return None, "no system keyring is available"
    except Exception as error:  # backends raise their own kinds (D-Bus, locked keychain)
        return None, f"the system keyring could not be read ({type(error).__name__})"


def open_source(text: str, *, password: Callable[[ImapAddress], str] | None = None) -> Source:
    """Return the source SOURCE names; UserError when it cannot be used."""
    if is_imap(text):
        address = parse_imap(text)
        if password is None:
            raise UserError(f"reading {address} needs a password")
        return ImapSource(str(address), address=address, password=password)
    path = user_path(text)
    try:
        exists, folder = path.exists(), path.is_dir()
    except (OSError, ValueError) as error:  # a name too long, a NUL byte in it
        why = error.strerror if isinstance(error, OSError) and error.strerror else "not a path"
        raise UserError(f"cannot read {str(path)[:200]!r}: {why}") from None
    if not exists:
        raise UserError(f"{printable(str(path))} does not exist")
    if folder:
        if (path / "cur").is_dir() or (path / "new").is_dir():
            return MaildirSource(str(path), path=path)
        return EmlFolderSource(str(path), path=path)
    try:
        with path.open("rb") as stream:
            start = stream.read(1024)
    except OSError as error:
        raise UserError(f"cannot read {path}: {error.strerror}") from None
    if start.startswith(b"From ") or not start:
        return MboxSource(str(path), path=path)
    if path.suffix.lower() == ".eml" or re.match(rb"[A-Za-z][A-Za-z0-9-]{0,60}:[ \t]", start):
        return EmlFolderSource(str(path), path=path)
    raise UserError(
        f'{path} is not an mbox file (it does not start with a "From " line), a Maildir '
        "folder or an .eml file"
    )


def _read_capped(stream: Any, where: str) -> RawMessage:
    data = stream.read(MAX_MESSAGE_BYTES + 1)
    if len(data) > MAX_MESSAGE_BYTES:
        return RawMessage(where, skipped=too_big(where, len(data)))
    return RawMessage(where, data=data)


def _box_messages(box: Any, keys: list[Any], name: str) -> Iterator[RawMessage]:
    """Each message of a standard-library mailbox (mbox or Maildir), in the order of keys."""
    for number, key in enumerate(keys, 1):
        where = f"message {number} of {name}"
        try:
            with box.get_file(key) as stream:
                yield _read_capped(stream, where)
        except (OSError, KeyError) as error:
            yield RawMessage(where, skipped=Skipped(where, f"cannot be read: {error}"))


@dataclass
class MboxSource(Source):
    """An mbox file, read through the standard library (never locked or written)."""

    path: Path = Path()

    def messages(self, *, since: date | None, seen: set[str]) -> Iterator[RawMessage]:
        import mailbox

        try:
            box = mailbox.mbox(self.path, create=False)
            keys = box.keys()
        except (OSError, mailbox.Error) as error:
            raise UserError(f"cannot read {self.path}: {error}") from None
        self.total = len(keys)
        try:
            yield from _box_messages(box, keys, self.path.name)
        finally:
            box.close()


@dataclass
class MaildirSource(Source):
    """A Maildir folder (cur/ and new/), read through the standard library."""

    path: Path = Path()

    def messages(self, *, since: date | None, seen: set[str]) -> Iterator[RawMessage]:
        import mailbox

        box = mailbox.Maildir(self.path, factory=None, create=False)
        try:
            keys = sorted(box.keys())
        except OSError as error:
            raise UserError(f"cannot read {self.path}: {error.strerror}") from None
        self.total = len(keys)
        yield from _box_messages(box, keys, self.path.name)


@dataclass
class EmlFolderSource(Source):
    """A folder of .eml files (searched through its subfolders), or one .eml file."""

    path: Path = Path()

    def messages(self, *, since: date | None, seen: set[str]) -> Iterator[RawMessage]:
        if self.path.is_file():
            files = [self.path]
        else:
            files = sorted(item for item in self.path.rglob("*") if item.suffix.lower() == ".eml")
            if not files:
                raise UserError(
                    f"{self.path} holds no .eml files and is not a Maildir folder (cur/, new/)"
                )
        self.total = len(files)
        for item in files:
            where = str(item.relative_to(self.path)) if item != self.path else item.name
            try:
                with item.open("rb") as stream:
                    yield _read_capped(stream, where)
            except OSError as error:
                reason = f"cannot be read: {error.strerror}"
                yield RawMessage(where, skipped=Skipped(where, reason))


@dataclass
class ImapSource(Source):
    """An IMAP mailbox, opened read-only; messages already read are not fetched again."""

    address: ImapAddress | None = None
    password: Callable[[ImapAddress], str] | None = None

    def messages(self, *, since: date | None, seen: set[str]) -> Iterator[RawMessage]:
        assert self.address is not None and self.password is not None
        address = self.address
        connection = self._connect(address)
        try:
            self._login(connection, address)
            status, _ = connection.select(_quote(_utf7(address.mailbox)), readonly=True)
            if status != "OK":
                raise UserError(f"{address.host} has no mailbox named {address.mailbox!r}")
            uids = self._search(connection, since)
            sizes, ids = self._headers(connection, uids)
            wanted = [uid for uid in uids if not (ids.get(uid) and ids[uid] in seen)]
            self.total = len(uids)
            skipped_seen = len(uids) - len(wanted)
            if skipped_seen:
                self.notes.append(f"{skipped_seen:,} already read before (not fetched)")
            yield from self._bodies(connection, wanted, sizes, address)
        except OSError as error:
            raise UserError(f"the connection to {address.host} failed: {error}") from None
        finally:
            with contextlib.suppress(Exception):
                connection.logout()

    def _connect(self, address: ImapAddress) -> imaplib.IMAP4:
        import imaplib
        import ssl

        context = ssl.create_default_context()
        where = f"{address.host}:{address.port}"
        try:
            if address.secure:
                return imaplib.IMAP4_SSL(
                    address.host, address.port, ssl_context=context, timeout=_TIMEOUT
                )
            connection = imaplib.IMAP4(address.host, address.port, timeout=_TIMEOUT)
        except ssl.SSLError as error:
            raise UserError(f"cannot make a secure connection to {where}: {error}") from None
        except (OSError, imaplib.IMAP4.error) as error:
            raise UserError(f"cannot reach the mail server {where}: {_why(error)}") from None
        if "STARTTLS" in connection.capabilities:
            try:
                connection.starttls(context)
            except (ssl.SSLError, imaplib.IMAP4.error, OSError) as error:
                connection.shutdown()
                raise UserError(f"cannot make a secure connection to {where}: {error}") from None
        elif address.host.lower() not in _LOOPBACK:
            connection.shutdown()
            raise UserError(
                f"{where} offers no STARTTLS, and a password is never sent in clear text to "
                "another machine; use imaps://"
            )
        return connection

    def _login(self, connection: imaplib.IMAP4, address: ImapAddress) -> None:
        import imaplib

        assert self.password is not None
        secret = self.password(address)
        try:
            connection.login(address.user, secret)
        except imaplib.IMAP4.error as error:
            raise UserError(
                f"{address.host} refused the login for {address.user}: {_why(error)}"
            ) from None

    def _search(self, connection: imaplib.IMAP4, since: date | None) -> list[bytes]:
        criteria = ["ALL"]
        if since is not None:
            month = _MONTH_NAMES[since.month - 1]
            criteria = ["SINCE", f"{since.day:02d}-{month}-{since.year}"]
        status, data = connection.uid("SEARCH", *criteria)
        if status != "OK":
            raise UserError(f"the mail server refused to list messages: {_text(data)}")
        return [uid for line in data if line for uid in bytes(line).split()]

    def _headers(
        self, connection: imaplib.IMAP4, uids: list[bytes]
    ) -> tuple[dict[bytes, int], dict[bytes, str]]:
        """Return each message's size and Message-ID, without fetching bodies."""
        sizes: dict[bytes, int] = {}
        ids: dict[bytes, str] = {}
        for start in range(0, len(uids), _HEADER_BATCH):
            chunk = b",".join(uids[start : start + _HEADER_BATCH]).decode()
            status, data = connection.uid(
                "FETCH", chunk, "(RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"
            )
            if status != "OK":
                raise UserError(f"the mail server refused to send headers: {_text(data)}")
            for item in data:
                if not isinstance(item, tuple):
                    continue
                head = item[0]
                uid = re.search(rb"UID (\d+)", head)
                size = re.search(rb"RFC822\.SIZE (\d+)", head)
                if uid is None:
                    continue
                if size is not None:
                    sizes[uid[1]] = int(size[1])
                found = re.search(rb"<([^<>\s]{1,500})>", item[1] or b"")
                if found:
                    ids[uid[1]] = "<" + found[1].decode("ascii", "replace") + ">"
        return sizes, ids

    def _bodies(
        self,
        connection: imaplib.IMAP4,
        uids: list[bytes],
        sizes: dict[bytes, int],
        address: ImapAddress,
    ) -> Iterator[RawMessage]:
        small = []
        for uid in uids:
            where = f"message UID {uid.decode()} of {address.mailbox}"
            if sizes.get(uid, 0) > MAX_MESSAGE_BYTES:
                yield RawMessage(where, skipped=too_big(where, sizes[uid]))
            else:
                small.append(uid)
        for start in range(0, len(small), _BODY_BATCH):
            chunk = small[start : start + _BODY_BATCH]
            status, data = connection.uid("FETCH", b",".join(chunk).decode(), "(BODY.PEEK[])")
            if status != "OK":
                raise UserError(f"the mail server refused to send messages: {_text(data)}")
            got: dict[bytes, bytes] = {}
            for item in data:
                if isinstance(item, tuple):
                    number = re.search(rb"UID (\d+)", item[0])
                    if number is not None:
                        got[number[1]] = item[1]
            for uid in chunk:
                where = f"message UID {uid.decode()} of {address.mailbox}"
                if uid in got:
                    yield RawMessage(where, data=got[uid][: MAX_MESSAGE_BYTES + 1])
                else:
                    reason = "the server sent nothing for it"
                    yield RawMessage(where, skipped=Skipped(where, reason))


def _why(error: BaseException) -> str:
    text = error.args[0] if error.args else error
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text) or type(error).__name__


def _text(data: Any) -> str:
    parts = [
        item.decode("utf-8", "replace") if isinstance(item, bytes) else str(item)
        for item in data or []
    ]
    return " ".join(parts)[:200]


def _quote(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _utf7(name: str) -> str:
    """Return a mailbox name in IMAP's modified UTF-7 (RFC 3501), as servers expect it."""
    import base64

    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            raw = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode().rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)
