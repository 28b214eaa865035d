"""What a message says beyond its kind: the employer, the role, a requisition id, and the day,
time, format and round of an interview.

The employer comes from, in order: a company already recorded that the sender's name or the
subject names; the sender's display name (unless it is a platform or a person); the account of
an applicant-tracking system ("nvidia@myworkday.com"); phrases of the subject and body ("thank
you for applying to Stripe", "感谢您投递百度"); the sender's own domain. An ATS or job-board
domain is never taken for the employer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache

from pipeline_tui.domain.mail.companies import (
    PLATFORM_NAMES,
    company_fold,
    domain_label,
    is_ats,
    is_free_mail,
)
from pipeline_tui.domain.mail.hanzi import simplified
from pipeline_tui.domain.mail.message import MailMessage

# Words around a company's name in a sender's display name ("Stripe Recruiting", "腾讯招聘").
_NAME_NOISE = re.compile(
    r"\b(?:the|careers?|recruit(?:ing|ment|er|ers)?|talent(?: acquisition| team| community"
    r"| partners?)?|hiring(?: team)?|hr|human resources|people(?: team| ops)?|jobs|team"
    r"|notifications?|no-?reply|campus|university|group|corporation|corp|inc|ltd|limited"
    r"|technologies|events?)\b\.?"
    r"|(?:校园招聘|校招|人才招聘|招聘团队|招聘组|招聘|招募|人力资源部?|人資|人资|集团|集團|HR)",
    re.IGNORECASE,
)
_VIA = re.compile(r"\s+(?:via|on behalf of|from|@)\s+.*$|^(?:careers|jobs) at\s+", re.IGNORECASE)
_COMPANY_MARKS = re.compile(
    r"recruit|career|talent|hiring|\bhr\b|people|jobs|team|group|corp|inc\b|ltd|limited"
    r"|technolog|招聘|招募|集团|集團|公司|人力|人資|人资",
    re.IGNORECASE,
)
# A company's name in running English text: capitalised words, "&", "of", dots ("JD.com").
_NAME = r"((?:[A-Z][\w&'.-]*[\w&]|[A-Z])(?: (?:[A-Z0-9][\w&'.-]*[\w&]|of|&|[A-Z]))*)"
_PHRASES_EN: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        rf"(?:[Aa]pplying|[Aa]pplied|[Aa]pplication) (?:to|at|with) (?:the )?{_NAME}",
        rf"(?:[Ss]ent|[Ss]ubmitted) to {_NAME}",
        rf"(?:interest in|[Tt]hanks? for choosing) (?:joining )?{_NAME}",
        rf"(?:recruiter|[Rr]ecruiting|[Tt]alent \w+|hiring) (?:at|@|for|with) {_NAME}",
        rf"^{_NAME} (?:has )?invite[sd]? you",
        rf"[Ii]nvited by {_NAME}",
        rf"your {_NAME} (?:coding|online|technical|programming) (?:assessment|test|challenge)",
        rf"(?:[Oo]ffer|[Ii]nterview\w*|[Cc]areer|[Oo]pportunit\w+) (?:from|with|at) {_NAME}",
        rf"(?:position|role|opening|vacancy|[Ee]ngineer|[Dd]eveloper|[Ss]cientist) at {_NAME}",
        rf"(?:[Jj]oin|[Jj]oining) {_NAME}",
        rf"(?:[Vv]iewed by|[Ee]mployment with|[Ww]ith) {_NAME}[.!,]",
    )
)
_SUBJECT_LEAD = re.compile(
    r"^\s*(?:[\[【]\s*([^\]】]{2,40}?)\s*[\]】]|([^:|｜:：\-–—(]{2,40}?)\s*(?:[|｜:：]| [-–—] ))"
)
_ZH = r"([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]{1,9}?)"
_PHRASES_ZH: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        rf"感谢(?:您|你)?(?:投递|申请|应聘)(?:了)?{_ZH}(?=20\d\d|公司|集团|的|校园|秋季|春季|「|“|\s)",
        rf"感谢(?:您|你)?(?:对|关注){_ZH}(?:的关注|的|20\d\d|校园)",
        rf"(?:加入|应聘){_ZH}(?=[，,。！!]|担任|20\d\d)",
        rf"(?:参加|投递){_ZH}20\d\d届?",
    )
)
_SENTENCE_WORDS = re.compile(r"[A-Z][\w&'.-]*(?: [A-Z][\w&'.-]*){0,2}")
# Words that start a capitalised phrase but are not a company.
_NOT_COMPANY = frozenset(
    {
        "thank", "thanks", "hi", "hello", "dear", "we", "our", "you", "your", "the", "this",
        "unfortunately", "please", "congratulations", "application", "applications",
        "interview", "offer", "re", "fw", "fwd", "update", "next", "invitation", "reminder",
        "online", "technical", "final", "great", "welcome", "us", "all", "a", "an", "it",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Company:
    """An employer's name as the message gives it, and where it was read from."""

    name: str
    source: str


@dataclass(frozen=True, slots=True)
class InterviewDetails:
    """What an interview invitation says: the day, time of day, format, and round."""

    day: date | None = None
    at: time | None = None
    format: str | None = None
    round: int | None = None

    def __bool__(self) -> bool:
        return any((self.day, self.at, self.format, self.round))


def find_company(message: MailMessage, *, known: tuple[str, ...] = ()) -> Company | None:
    """Return the employer a message is from or about, or None when it never says."""
    domain = message.sender_domain
    ats = is_ats(domain)
    corporate = bool(domain) and not ats and not is_free_mail(domain)
    label = domain_label(domain) if corporate else ""
    recorded = _Recorded.of(known)
    named = recorded.named_in(f"{message.sender_name}\n{message.subject}")
    if named:
        return Company(named, "a recorded company")
    display = _display_company(message.sender_name, label, ats)
    if display:
        return Company(display, "sender's name")
    tenant = _tenant(message.sender_address) if ats else ""
    for hint in (tenant, label):
        same = recorded.by_key.get(company_fold(hint)) if len(hint) >= 3 else None
        if same is not None and len(same) == 1:
            return Company(same[0], "a recorded company")
    phrase = _phrase(message.subject, message.body)
    for hint in (tenant, label):
        if not hint:
            continue
        if phrase and _related(company_fold(phrase.name), hint):
            return phrase
        spelled = _spelled_out(hint, f"{message.subject}\n{message.body}")
        if spelled:
            return Company(spelled, "sender's address")
    if phrase:
        return phrase
    named = recorded.named_in(message.body[:4000])
    if named:
        return Company(named, "a recorded company")
    hint = tenant or label
    if hint:
        return Company(_title(hint), "sender's address")
    return None


class _Recorded:
    """Recorded company names, searched for in a text with one expression (a user with
    hundreds of companies reads thousands of messages), and by their folded key."""

    def __init__(self, names: tuple[str, ...]) -> None:
        usable = sorted({name.strip() for name in names if len(name.strip()) >= 2}, key=len,
                        reverse=True)  # fmt: skip
        self.spelled = {name.casefold(): name for name in usable}
        self.by_key: dict[str, list[str]] = {}
        for name in usable:
            self.by_key.setdefault(company_fold(name), []).append(name)
        alternatives = "|".join(re.escape(name) for name in usable)
        self.pattern = re.compile(alternatives, re.IGNORECASE) if usable else None

    def named_in(self, text: str) -> str | None:
        """Return the recorded name text mentions (a Latin name as a whole word), or None."""
        if self.pattern is None:
            return None
        for found in self.pattern.finditer(text):
            name = found[0]
            if not name.isascii() or (
                (found.start() == 0 or not text[found.start() - 1].isalnum())
                and (found.end() == len(text) or not text[found.end()].isalnum())
            ):
                return self.spelled.get(name.casefold())
        return None

    @staticmethod
    @lru_cache(maxsize=4)
    def of(names: tuple[str, ...]) -> _Recorded:
        """The searcher for a set of names (made once per run)."""
        return _Recorded(names)


def _display_company(name: str, label: str, ats: bool) -> str | None:
    """Return the company a sender's display name gives, or None for a platform or a person."""
    raw = " ".join(name.split())
    if not raw:
        return None
    raw = _VIA.sub("", raw)
    marked = bool(_COMPANY_MARKS.search(raw))
    cleaned = " ".join(_NAME_NOISE.sub(" ", raw).split()).strip(" -–—|,·:")
    key = company_fold(cleaned)
    if not key or key in PLATFORM_NAMES or company_fold(raw) in PLATFORM_NAMES:
        return None
    if label:
        related = _related(key, company_fold(label))
        if not related and not marked:
            return None  # a person writing from the company's own domain
    elif not ats and not marked:
        return None  # a person writing from a personal address
    return cleaned


def _related(first: str, second: str) -> bool:
    """True when two keys name one organisation: equal, one inside the other, or a long
    common start ("helixbio", "helixbiotech")."""
    if not first or not second:
        return False
    if first in second or second in first:
        return min(len(first), len(second)) >= 2
    common = 0
    for one, two in zip(first, second, strict=False):
        if one != two:
            break
        common += 1
    return common >= 5


def _tenant(address: str) -> str:
    """Return the employer's account name in an ATS address ("careers-uber@icims.com")."""
    local = address.partition("@")[0].lower()
    parts = [
        part
        for part in re.split(r"[-_.+]", local)
        if part
        and part not in ("careers", "career", "jobs", "noreply", "no", "reply", "hr")
        and not part.isdigit()
    ]
    if not parts or any(word in local for word in ("noreply", "no-reply", "notification")):
        return ""
    candidate = parts[0]
    if candidate in ("support", "notifications", "alert", "alerts", "team", "mail", "info"):
        return ""
    return candidate


def _phrase(subject: str, body: str) -> Company | None:
    """Return a company named by a phrase of the subject or the body."""
    lead = _SUBJECT_LEAD.match(subject)
    if lead:
        name = (lead[1] or lead[2] or "").strip()
        if _plausible(name):
            return Company(name, "subject")
    for where, text in (("subject", subject), ("body", body[:6000])):
        for pattern in _PHRASES_EN:
            for match in pattern.finditer(text):
                name = _trim(match[1])
                if _plausible(name):
                    return Company(name, where)
        for pattern in _PHRASES_ZH:
            found = pattern.search(text)
            if found and _plausible(found[1]):
                return Company(found[1], where)
    return None


_AFTER_NAME = frozenset({"and", "for", "to", "the", "team", "of", "as", "on", "in", "is"})


def _trim(name: str) -> str:
    """Cut a captured name before words that follow company names in sentences."""
    words = name.split(" ")
    kept: list[str] = []
    for word in words:
        if kept and (word.casefold() in _AFTER_NAME or word.casefold() in _NOT_COMPANY):
            break
        kept.append(word)
    return " ".join(kept).rstrip(".'")


def _plausible(name: str) -> bool:
    words = name.split()
    if not words or len(name) > 40 or len(words) > 5:
        return False
    if words[0].casefold() in _NOT_COMPANY:
        return False
    if re.search(r"\d{3,}|[@/]", name):
        return False
    key = company_fold(name)
    return bool(key) and key not in PLATFORM_NAMES and not _role_like(name)


def _role_like(name: str) -> bool:
    return bool(
        re.search(
            r"engineer|developer|scientist|manager|intern|analyst|designer|工程师|岗位|职位|招聘",
            name,
            re.IGNORECASE,
        )
    )


def _spelled_out(label: str, text: str) -> str | None:
    """Return how the text writes a domain label ("lumenlabs" -> "Lumen Labs"), if it does."""
    key = company_fold(label)
    for match in _SENTENCE_WORDS.finditer(text[:6000]):
        words = match[0].split(" ")
        for size in range(len(words), 0, -1):
            phrase = " ".join(words[:size])
            folded = company_fold(phrase)
            fits = bool(folded) and folded[0] == key[0] and _related(folded, key)
            if fits and len(folded) >= 3 and phrase.split()[0].casefold() not in _NOT_COMPANY:
                return phrase.rstrip(".")
    return None


def _title(label: str) -> str:
    return label if not label.isascii() else label.replace("-", " ").title()


# --- role --------------------------------------------------------------------------------

_ROLE = r"([^\n.!?;:()（）「」]{3,80}?)"
_ROLE_PATTERNS_EN: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"(?:for|of|in) the {_ROLE} (?:position|role|opening|vacancy|job|opportunity|post)\b",
        rf"(?:position|role) of {_ROLE}(?: \(| at | with |[.,])",
        rf"for the position {_ROLE}(?: \(| at |[.,])",
        rf"(?:application|applying|applied) (?:for|to) (?:the )?{_ROLE}"
        rf"(?: at | \(|[.,]| role| position)",
        rf"interest in the {_ROLE} (?:position|role|opening|vacancy)",
        rf"(?:received|got|have) your application for (?:the )?{_ROLE}(?: at | \(|[.,])",
        rf"(?:take|complete) the {_ROLE} (?:coding|online) (?:challenge|test|assessment)",
        rf"offer you the {_ROLE} (?:position|role)",
    )
)
_ROLE_SUBJECT = re.compile(
    r"(?:application (?:received|for|confirmation)|received|interview invitation|your application"
    r"|thank you for applying)\s*[:\-–—]\s*(.{3,80}?)(?:\s*\(|$)",
    re.IGNORECASE,
)
_ROLE_ZH = re.compile(r"[「“\"]([^」”\"\n]{2,40})[」”\"](?:岗位|职位)?")
_ROLE_ZH_PLAIN = re.compile(
    r"(?:投递|申请|应聘)(?:了)?(?:的)?[\u4e00-\u9fffA-Za-z]{0,10}?(?:20\d\d届?)?"
    r"(?:秋季|春季)?(?:校园招聘)?\s?([\u4e00-\u9fffA-Za-z0-9/\-]{2,30}?)\s?(?:岗位|职位)"
)


def find_role(message: MailMessage, company: str | None) -> str | None:
    """Return the role a message names, or None."""
    text = message.body[:6000]
    for pattern in _ROLE_PATTERNS_EN:
        match = pattern.search(text) or pattern.search(message.subject)
        if match:
            role = _clean_role(match[1], company)
            if role:
                return role
    match = _ROLE_SUBJECT.search(message.subject)
    if match:
        role = _clean_role(match[1], company)
        if role:
            return role
    for source in (message.subject, text):
        found = _ROLE_ZH.search(source)
        if found:
            role = _clean_role(found[1], company)
            if role:
                return role
    found = _ROLE_ZH_PLAIN.search(text)
    if found:
        return _clean_role(found[1], company)
    return None


_ROLE_LEAD = re.compile(
    r"^(?:.*\b(?:for|of|in|to) the\s+)|^(?:JR|REQ|R)?\d{4,}\s+"
    r"|^(?:20\d\d届?)?(?:秋季|春季)?(?:校园招聘|校招|社会招聘)?",
    re.IGNORECASE,
)
_ROLE_TAIL = re.compile(r"\s+(?:and|we|which|that)\s.*$", re.IGNORECASE)


def _clean_role(text: str, company: str | None) -> str | None:
    role = " ".join(text.split()).strip(" -–—,.")
    for part in [company or "", *(company or "").split()]:
        if len(part) >= 2 and role.casefold().startswith(part.casefold()):
            role = role[len(part) :].strip(" -–—,.")
    role = _ROLE_TAIL.sub("", _ROLE_LEAD.sub("", role)).strip(" -–—,.")
    role = re.sub(r"^(?:your|an?|the|our)\s+", "", role, flags=re.IGNORECASE)
    if not role or len(role) < 2 or len(role) > 80:
        return None
    if role.casefold() in ("position", "role", "job", "this position", "this role"):
        return None
    return role


# --- requisition ids -----------------------------------------------------------------------

_REQUISITION = re.compile(
    r"\b(JR[-_ ]?\d{4,10}|REQ[-_ ]?\d{4,10}|R[-_]?\d{5,8})\b"
    r"|\bReq(?:uisition)?(?: ID| No\.?| Number)?[:# ]\s?([A-Z]{0,3}[-_]?\d{4,10})\b"
    r"|\bJob (?:ID|Number)[:# ]\s?([A-Z0-9][A-Z0-9-]{3,15})\b",
    re.IGNORECASE,
)


def find_requisition(message: MailMessage) -> str | None:
    """Return a requisition id the subject or body gives ("JR1987654", "REQ419283")."""
    for text in (message.subject, message.body[:6000]):
        match = _REQUISITION.search(text)
        if match:
            return normal_requisition(match[1] or match[2] or match[3])
    return None


def normal_requisition(text: str) -> str:
    """Return a requisition id as compared: upper case, no separators."""
    return re.sub(r"[-_ ]", "", text).upper()


# --- interview details -------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?a)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), "ymd"),
    (re.compile(r"(?a)(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), "md"),
    (re.compile(r"(?a)\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), "ymd"),
    (re.compile(
        rf"(?a)\b({_MONTH})\.? (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?\b", re.I), "Mdy"),
    (re.compile(
        rf"(?a)\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTH})\.?(?:,? (\d{{4}}))?\b", re.I),
     "dMy"),
    (re.compile(r"(?a)\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), "dmy"),
    (re.compile(r"(?a)\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), "slash"),
)  # fmt: skip
_CLOCK = re.compile(
    r"(?a)(?P<zh>上午|下午|晚上|中午|早上)?\s*(?P<h>\d{1,2})(?:[:：](?P<m>\d{2})|\s*(?P<dian>点|时)"
    r"(?:(?P<m2>\d{1,2})分?|(?P<half>半))?)(?:\s*(?P<ap>am|pm|a\.m\.|p\.m\.))?"
    r"|(?P<h3>\d{1,2})\s*(?P<ap3>am|pm|a\.m\.|p\.m\.)",
    re.IGNORECASE,
)
_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("video", re.compile(
        r"zoom|google meet|meet\.google|teams|webex|video|virtual|视频|飞书|腾讯会议|钉钉"
        r"|welink|线上|牛客|在线面试", re.I)),
    ("onsite", re.compile(
        r"on-?site|in person|in-person|our office|现场|线下|面试地点|地点[:：]", re.I)),
    ("phone", re.compile(r"phone|call you|电话", re.I)),
)  # fmt: skip
_ROUND_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_ROUND_ZH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_ROUND = re.compile(
    r"(?a)\b(first|second|third|fourth|fifth) round\b|\bround (\d)\b|([一二三四五])面"
    r"|第([一二三四五\d])轮",
    re.IGNORECASE,
)


def interview_details(message: MailMessage) -> InterviewDetails:
    """Return the day, time, format and round an interview invitation states."""
    text = simplified(f"{message.subject}\n{message.body[:6000]}")
    reference = message.sent_on
    day, at = _when(text, reference)
    interview_format = None
    for name, pattern in _FORMATS:
        if pattern.search(text):
            interview_format = name
            break
    return InterviewDetails(day, at, interview_format, _round(text))


def _round(text: str) -> int | None:
    match = _ROUND.search(text)
    if match is None:
        return None
    if match[1]:
        return _ROUND_WORDS[match[1].lower()]
    if match[2]:
        return int(match[2])
    digit = match[3] or match[4]
    return _ROUND_ZH.get(digit) or (int(digit) if digit.isdigit() else None)


def _when(text: str, reference: date | None) -> tuple[date | None, time | None]:
    """Return the first day on or after the mail's own day, and a time written after it."""
    found: list[tuple[int, int, date]] = []
    for pattern, form in _DATE_FORMS:
        for match in pattern.finditer(text):
            day = _to_date(match, form, reference)
            if day is not None:
                found.append((match.start(), match.end(), day))
    found.sort()
    for start, end, day in found:
        if reference is not None and not reference <= day <= reference + timedelta(days=180):
            continue
        clock = _CLOCK.search(text, end, min(len(text), end + 40))
        at = _to_time(clock) if clock else None
        if at is None:
            before = _CLOCK.search(text, max(0, start - 30), start)
            at = _to_time(before) if before and _has_half(before) else None
        return day, at
    return None, None


def _has_half(match: re.Match[str]) -> bool:
    return bool(match["ap"] or match["ap3"] or match["m"])


def _to_date(match: re.Match[str], form: str, reference: date | None) -> date | None:
    try:
        if form == "ymd":
            return date(int(match[1]), int(match[2]), int(match[3]))
        if form == "md":
            return _guess_year(int(match[1]), int(match[2]), reference)
        if form == "Mdy":
            month = _MONTHS[match[1].lower()]
            if match[3]:
                return date(int(match[3]), month, int(match[2]))
            return _guess_year(month, int(match[2]), reference)
        if form == "dMy":
            month = _MONTHS[match[2].lower()]
            if match[3]:
                return date(int(match[3]), month, int(match[1]))
            return _guess_year(month, int(match[1]), reference)
        if form == "dmy":
            return date(int(match[3]), int(match[2]), int(match[1]))
        if form == "slash":
            first, second, year = int(match[1]), int(match[2]), int(match[3])
            if first > 12:
                return date(year, second, first)
            return date(year, first, second)
    except (ValueError, KeyError):
        return None
    return None


def _guess_year(month: int, day: int, reference: date | None) -> date | None:
    """The day of that month and day nearest after the mail's day."""
    base = reference or date.today()
    for year in (base.year, base.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= base - timedelta(days=1):
            return candidate
    return None


def _to_time(match: re.Match[str]) -> time | None:
    hour_text = match["h"] or match["h3"]
    if hour_text is None:
        return None
    hour = int(hour_text)
    minute = int(match["m"] or match["m2"] or 0)
    if match["half"]:
        minute = 30
    half = (match["ap"] or match["ap3"] or "").lower()
    period = match["zh"]
    if half.startswith("p") and hour < 12:
        hour += 12
    elif half.startswith("a") and hour == 12:
        hour = 0
    elif (period in ("下午", "晚上") and hour < 12) or (period == "中午" and hour < 3):
        hour += 12
    if match["dian"] is None and match["m"] is None and not half:
        return None
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)
