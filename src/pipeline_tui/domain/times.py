"""A date with an optional time of day (an interview at 14:00), and durations in minutes.

Times are local wall-clock times: what the invitation says, stored as a naive time next to the
event's date. There are no time zones; "14:00 UTC" is refused rather than silently converted.
Everything but interviews keeps using `dates.parse_date`, which refuses a time of day.
"""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

from pipeline_tui.domain.dates import parse_date, quote
from pipeline_tui.errors import DateError, InvalidValue

_HALF = r"(?:am|pm|a\.m\.|p\.m\.)"
# A clock needs a colon or am/pm: a bare number ("Aug 21") is never read as a time.
_CLOCK = (
    rf"(?P<h>\d{{1,2}}):(?P<m>\d{{2}})(?::(?P<s>\d{{2}}))?(?: ?(?P<half>{_HALF}))?"
    rf"|(?P<h2>\d{{1,2}}) ?(?P<half2>{_HALF})"
)
# (?a) keeps \d to 0-9, as int() would also read other digits.
_AT_END = rf"(?a)(?:(?P<date>.+?) (?:at )?|at )?(?:{_CLOCK})"
_AT_START = rf"(?a)(?:at )?(?:{_CLOCK})(?: (?P<date>.+))?"
_ISO = r"(?a)(\d{4}-\d{1,2}-\d{1,2})t(.+)"
# Anything that looks like a time of day, to explain a refusal instead of blaming the date.
_TIMEISH = r"(?a)\d:\d|\d ?(?:am|pm|a\.m\.|p\.m\.)(?![a-z])|\dt\d"
_ZONE = (
    r"(?a)\b(?:utc|gmt|z|cst|est|edt|pst|pdt|cet|cest|bst|jst|ist|hkt|sgt)\b"
    r"|\d[+-]\d{2}:?\d{2}\b|\dz\b"
)
_FORMS = "use e.g. 2024-09-03 14:00, tomorrow 2pm, next tue 10:30, 2024-09-03T09:30, 明天 14:00"
_EMPTY = "no date given (try 2024-09-03 14:00, tomorrow 2pm, next tue)"


class When(NamedTuple):
    """A day and, if one was given, the local time of day."""

    day: datetime.date
    at: datetime.time | None


def parse_date_time(text: str, *, today: datetime.date, dayfirst: bool = False) -> When:
    """Read "2024-09-03 14:00", "tomorrow 2pm", "next tue" (a whole day) or "14:00" (today)."""
    words = " ".join(text.lower().split())
    if not words:
        raise DateError(_EMPTY)
    quoted = quote(text.strip())
    # A Chinese date runs straight into its time ("明天14:00"): split them as a space would.
    words = re.sub(r"(?a)(?<=[^\x00-\x7f])(?=\d{1,2}:\d{2})", " ", words)
    if re.search(r"[点點]", words):
        raise DateError(f"{quoted} is not a date and time I can read; {_FORMS}")
    if re.search(_TIMEISH, words) and re.search(_ZONE, words):
        raise DateError(f"{quoted} names a time zone; enter the local time, e.g. 14:00")
    if iso := re.fullmatch(_ISO, words):
        clock = re.fullmatch(f"(?a)(?:{_CLOCK})", iso[2])
        if clock is None:
            raise DateError(f"{quoted} is not a date and time I can read; {_FORMS}")
        return When(parse_date(iso[1], today=today, dayfirst=dayfirst), _clock(clock, quoted))
    match = re.fullmatch(_AT_START, words) or re.fullmatch(_AT_END, words)
    if match is None:
        if re.search(_TIMEISH, words):
            raise DateError(f"{quoted} is not a date and time I can read; {_FORMS}")
        return When(parse_date(words, today=today, dayfirst=dayfirst), None)
    at = _clock(match, quoted)
    day_text = match["date"]
    day = today if day_text is None else parse_date(day_text, today=today, dayfirst=dayfirst)
    return When(day, at)


def _clock(match: re.Match[str], quoted: str) -> datetime.time:
    """Return the time a clock match names, refusing hours and minutes that do not exist."""
    hour_text = match["h"] if match["h"] is not None else match["h2"]
    half = match["half"] or match["half2"]
    hour = int(hour_text)
    minute = int(match["m"]) if match["m"] is not None else 0
    second = int(match["s"]) if match["s"] is not None else 0
    if half is not None:
        if not 1 <= hour <= 12:
            raise DateError(f"{quoted} is not a time of day: 12-hour times run from 1 to 12")
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23:
        raise DateError(f"{quoted} is not a time of day: there is no hour {hour}")
    if minute > 59 or second > 59:
        raise DateError(f"{quoted} is not a time of day: minutes and seconds run from 0 to 59")
    return datetime.time(hour, minute, second)


def format_time(at: datetime.time) -> str:
    """Return "14:00" (or "14:00:30" when seconds were given)."""
    return at.strftime("%H:%M:%S" if at.second else "%H:%M")


def format_when(day: datetime.date, at: datetime.time | None) -> str:
    """Return "2024-09-03 14:00", or the date alone for a whole day."""
    return day.isoformat() + (f" {format_time(at)}" if at is not None else "")


MAX_DURATION_MINUTES = 24 * 60
_HOURS = r"(?:h|hr|hrs|hour|hours)"
_MINUTES = r"(?:m|min|mins|minute|minutes)"
_DURATION = (
    rf"(?a)(?:(?P<hours>\d+(?:\.\d+)?) ?{_HOURS})?"
    rf"(?: ?(?P<minutes>\d+) ?(?:{_MINUTES})?)?"
)
_DURATION_FORMS = "use e.g. 60m, 45 min, 1h, 1h30, 1.5h or 1:30"


def parse_duration(text: str) -> int:
    """Return the minutes in "60m", "45", "1h", "1h30", "1.5h", "1 h 30 min" or "1:30"."""
    words = " ".join(text.lower().split())
    quoted = quote(text.strip())
    minutes: float
    if clock := re.fullmatch(r"(?a)(\d{1,2}):(\d{2})", words):
        if int(clock[2]) > 59:
            raise InvalidValue("duration", f"duration {quoted}: minutes run from 0 to 59")
        minutes = int(clock[1]) * 60 + int(clock[2])
    else:
        match = re.fullmatch(_DURATION, words) if words else None
        if match is None or (match["hours"] is None and match["minutes"] is None):
            raise InvalidValue("duration", f"duration {quoted} is not one I can read; "
                               f"{_DURATION_FORMS}")  # fmt: skip
        minutes = float(match["hours"] or 0) * 60 + int(match["minutes"] or 0)
    if minutes != int(minutes):
        raise InvalidValue("duration", f"duration {quoted} is not a whole number of minutes")
    if not 1 <= minutes <= MAX_DURATION_MINUTES:
        raise InvalidValue("duration", f"duration {quoted} must be 1 minute to 24 hours")
    return int(minutes)


def format_duration(minutes: int) -> str:
    """Return "45 min", "2 h" or "1 h 30 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")
