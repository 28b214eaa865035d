"""People met during a search: contacts, their links to applications, and the interaction log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.text import choice_named
from pipeline_tui.errors import InvalidValue


class ContactKind(StrEnum):
    """What a contact is to the search."""

    RECRUITER = "recruiter"
    HEADHUNTER = "headhunter"
    REFERRER = "referrer"
    HIRING_MANAGER = "hiring manager"
    INTERVIEWER = "interviewer"
    OTHER = "other"


_KIND_ALIASES = {
    "hr": ContactKind.RECRUITER,
    "hrbp": ContactKind.RECRUITER,
    "talent": ContactKind.RECRUITER,
    "招聘": ContactKind.RECRUITER,
    "招聘专员": ContactKind.RECRUITER,
    "人事": ContactKind.RECRUITER,
    "hunter": ContactKind.HEADHUNTER,
    "agent": ContactKind.HEADHUNTER,
    "猎头": ContactKind.HEADHUNTER,
    "referral": ContactKind.REFERRER,
    "内推": ContactKind.REFERRER,
    "内推人": ContactKind.REFERRER,
    "推荐人": ContactKind.REFERRER,
    "manager": ContactKind.HIRING_MANAGER,
    "hm": ContactKind.HIRING_MANAGER,
    "用人经理": ContactKind.HIRING_MANAGER,
    "招聘经理": ContactKind.HIRING_MANAGER,
    "主管": ContactKind.HIRING_MANAGER,
    "leader": ContactKind.HIRING_MANAGER,
    "interview": ContactKind.INTERVIEWER,
    "面试官": ContactKind.INTERVIEWER,
    "其他": ContactKind.OTHER,
}


class Channel(StrEnum):
    """How an interaction happened."""

    EMAIL = "email"
    CALL = "call"
    MESSAGE = "message"
    MEETING = "meeting"


_CHANNEL_ALIASES = {
    "mail": Channel.EMAIL,
    "e-mail": Channel.EMAIL,
    "phone": Channel.CALL,
    "video": Channel.CALL,
    "text": Channel.MESSAGE,
    "sms": Channel.MESSAGE,
    "chat": Channel.MESSAGE,
    "dm": Channel.MESSAGE,
    "wechat": Channel.MESSAGE,
    "weixin": Channel.MESSAGE,
    "linkedin": Channel.MESSAGE,
    "maimai": Channel.MESSAGE,
    "qq": Channel.MESSAGE,
    "dingtalk": Channel.MESSAGE,
    "feishu": Channel.MESSAGE,
    "lark": Channel.MESSAGE,
    "微信": Channel.MESSAGE,
    "领英": Channel.MESSAGE,
    "脉脉": Channel.MESSAGE,
    "短信": Channel.MESSAGE,
    "消息": Channel.MESSAGE,
    "钉钉": Channel.MESSAGE,
    "飞书": Channel.MESSAGE,
    "boss直聘": Channel.MESSAGE,
    "邮件": Channel.EMAIL,
    "邮箱": Channel.EMAIL,
    "电邮": Channel.EMAIL,
    "电话": Channel.CALL,
    "视频": Channel.CALL,
    "meet": Channel.MEETING,
    "coffee": Channel.MEETING,
    "in person": Channel.MEETING,
    "见面": Channel.MEETING,
    "面谈": Channel.MEETING,
    "线下": Channel.MEETING,
}


def parse_kind(text: str) -> ContactKind:
    """Return the kind text names ("hiring-manager", "HR", "referral", "猎头"), or raise
    InvalidValue."""
    kind = choice_named(text, ContactKind, _KIND_ALIASES)
    if kind is None:
        valid = ", ".join(item.value for item in ContactKind)
        raise InvalidValue("kind", f"unknown contact kind {text!r}; kinds: {valid}")
    return kind


def parse_channel(text: str) -> Channel:
    """Return the channel text names ("e-mail", "wechat", "phone", "微信"), or raise
    InvalidValue."""
    channel = choice_named(text, Channel, _CHANNEL_ALIASES)
    if channel is None:
        valid = ", ".join(item.value for item in Channel)
        raise InvalidValue("via", f"unknown channel {text!r}; channels: {valid}")
    return channel


# Shapes, not proof: an address the mail server would refuse still passes. Anything but
# whitespace and @ around one @, and a dot in the domain (例子.中国 is a domain too).
_EMAIL = r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+"
# Digits with the usual separators, a leading +, and an extension (ext 12, x12, 转12).
_PHONE = r"(?a)\+?[\d ()./-]+(?:(?:ext\.?|x|转|分机) ?\d{1,6})?"
_PHONE_DIGITS = (5, 20)


def check_email(text: str | None) -> str | None:
    """Return the address stripped (full-width characters made plain), None when blank; raise
    InvalidValue naming the email field when it is not shaped like an address."""
    import re
    import unicodedata

    if text is None or not text.strip():
        return None
    address = unicodedata.normalize("NFKC", text.strip())
    if not re.fullmatch(_EMAIL, address):
        raise InvalidValue(
            "email", f"email {_quoted(text)} is not an email address like name@example.com"
        )
    return address


def check_phone(text: str | None) -> str | None:
    """Return the number stripped (full-width digits made plain), None when blank; raise
    InvalidValue naming the phone field when it is not shaped like a phone number."""
    import re
    import unicodedata

    if text is None or not text.strip():
        return None
    number = " ".join(unicodedata.normalize("NFKC", text).split())
    main = re.split(r"ext|x|转|分机", number.casefold())[0]
    digits = sum(char.isdigit() for char in main)
    low, high = _PHONE_DIGITS
    if not re.fullmatch(_PHONE, number.casefold()) or not low <= digits <= high:
        raise InvalidValue(
            "phone",
            f"phone {_quoted(text)} is not a phone number: use {low} to {high} digits with "
            "spaces, dashes or a leading + (e.g. +86 138 0013 8000)",
        )
    return number


def _quoted(text: str) -> str:
    from pipeline_tui.domain.dates import quote

    return quote(text.strip())


@dataclass(frozen=True, slots=True)
class Contact:
    """A person and the company they work at or for (None: unknown, as a headhunter's client)."""

    id: int
    name: str
    company_id: int | None
    company: str | None
    kind: ContactKind
    email: str | None
    phone: str | None
    handles: str | None
    notes: str | None
    every_days: int | None
    created_at: datetime
    updated_at: datetime
    last_contacted: date | None = None

    @property
    def label(self) -> str:
        """Return "Li Lei (headhunter, ByteDance)": how lists and messages name a contact."""
        company = f", {self.company}" if self.company else ""
        return f"{self.name} ({self.kind}{company})"

    def stay_in_touch_on(self) -> date | None:
        """The day the stay-in-touch interval runs out (counted from the last interaction, or
        from when the contact was added), or None without an interval."""
        if self.every_days is None:
            return None
        since = self.last_contacted or self.created_at.date()
        return since + timedelta(days=self.every_days)

    def as_json(self) -> dict[str, Any]:
        """Return the contact as JSON-ready data."""
        due = self.stay_in_touch_on()
        return {
            "id": self.id,
            "name": self.name,
            "company": self.company,
            "kind": self.kind.value,
            "email": self.email,
            "phone": self.phone,
            "handles": self.handles,
            "notes": self.notes,
            "every_days": self.every_days,
            "last_contacted": self.last_contacted.isoformat() if self.last_contacted else None,
            "stay_in_touch_on": due.isoformat() if due else None,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class Link:
    """A contact's part in one application ("referred me", "interviewer round 2")."""

    contact_id: int
    contact_name: str
    contact_kind: ContactKind
    application_id: int
    application_title: str
    stage: Stage
    role: str | None
    created_at: datetime | None = None  # when it was linked

    def as_json(self) -> dict[str, Any]:
        """Return the link as JSON-ready data."""
        return {
            "contact_id": self.contact_id,
            "name": self.contact_name,
            "kind": self.contact_kind.value,
            "application_id": self.application_id,
            "application": self.application_title,
            "stage": self.stage.value,
            "role": self.role,
        }


@dataclass(frozen=True, slots=True)
class Interaction:
    """One entry of a contact's log: an email, a call, a message, a meeting."""

    id: int
    contact_id: int
    occurred_on: date
    channel: Channel | None
    note: str | None
    application_id: int | None
    application_title: str | None
    created_at: datetime | None = None  # when it was logged

    def as_json(self) -> dict[str, Any]:
        """Return the interaction as JSON-ready data."""
        return {
            "id": self.id,
            "contact_id": self.contact_id,
            "on": self.occurred_on.isoformat(),
            "via": self.channel.value if self.channel else None,
            "note": self.note,
            "application_id": self.application_id,
            "application": self.application_title,
        }
