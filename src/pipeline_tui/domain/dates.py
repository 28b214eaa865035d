"""Turn a date the user typed (ISO, relative, weekday, month-name, numeric, Chinese) into a
datetime.date: the one date reader for options, capture lines, forms and imports."""

# Import cost, measured with python -X importtime and cached bytecode: this module ~0.4 ms on top
# of re/typing/functools (which the CLI has loaded anyway; ~14 ms from a bare interpreter).
# dateutil.parser costs ~30 ms and dateutil.relativedelta ~3 ms, so both are imported lazily:
# ISO, today/yesterday/tomorrow, day/week offsets and weekday names never load dateutil at all.

import datetime
import re
from functools import cache
from typing import Any

from pipeline_tui.errors import DateError

_EMPTY = "no date given (try 2024-08-21, yesterday, 3d ago, last friday)"
_FORMS = "use e.g. 2024-08-21, Aug 21, 21 Aug 2024, today, 3d ago, in 2w, -1mo, fri, last friday"

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_WORDS = {name.lower(): i for i, full in enumerate(_MONTHS, 1) for name in (full, full[:3])}
_MONTH_WORDS["sept"] = 9  # dateutil reads "Sept" too; the set must match what it accepts
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS = {name.lower(): i for i, full in enumerate(_DAYS) for name in (full, full[:3])}
_WEEKDAYS.update(tues=1, weds=2, thur=3, thurs=3)
_UNITS = {
    **dict.fromkeys(("d", "day", "days"), "days"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "weeks"),
    **dict.fromkeys(("mo", "mos", "month", "months"), "months"),  # bare "m" could mean minutes
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), "years"),
}
_SIMPLE = {"today": 0, "yesterday": -1, "tomorrow": 1}


def _alternatives(words: dict[str, Any]) -> str:
    """Join words into a regex alternation, longest first so "days" wins over "d"."""
    return "|".join(sorted(words, key=len, reverse=True))


# Patterns stay strings and compile on first use (re caches them): compiling them at import
# would add ~1.4 ms to every CLI start. (?a) keeps \d to 0-9, as int() would also read other digits.
_ISO = r"(?a)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})|(\d{4})(\d{2})(\d{2})"
_NUMERIC = r"(?a)(\d{1,2})([./-])(\d{1,2})(?:\2(\d{2}|\d{4}))?"
_RELATIVE = (
    r"(?a)(?:(?P<into>in )|(?P<sign>[+-]) ?)?(?P<n>\d+) ?"
    rf"(?P<unit>{_alternatives(_UNITS)})(?P<ago> ago)?"
)
_WEEKDAY = rf"(?:(last|next) )?({_alternatives(_WEEKDAYS)})"
# Checked before dateutil sees the text: "10:00", "3pm", ISO "T10" all mean a time of day.
_TIME = r"(?a)\d:\d|\d ?(?:am|pm|a\.m\.|p\.m\.)(?![a-z])|\dt\d"

# Two defaults that differ in every field: a field equal in both parses was typed by the user.
# Both years are leap years and both months have 31 days, so "Feb 29" and a lone "31" still parse.
_DEFAULT_A = datetime.datetime(2000, 1, 1, 1, 1, 1, 1)
_DEFAULT_B = datetime.datetime(2004, 12, 28, 2, 2, 2, 2)


def parse_date(
    text: str, *, today: datetime.date, dayfirst: bool = False, ahead: bool = False
) -> datetime.date:
    """Read text as a date relative to today; raise DateError with a one-line reason otherwise.

    A date without its year ("Aug 21", "31.12") or a bare weekday ("fri") means the latest one
    up to today, as events are recorded after they happen; with ahead (a reminder, a deadline,
    a posting's closing day) it means the soonest one from today on.
    """
    if isinstance(today, datetime.datetime):  # a datetime here would break date comparisons
        today = today.date()
    words = " ".join(text.lower().split())
    if not words:
        raise DateError(_EMPTY)
    quoted = quote(text.strip())
    try:
        return _parse(words, quoted, today, dayfirst, ahead)
    except DateError:
        raise
    except (OverflowError, ValueError):  # arithmetic or a typed year beyond what datetime can hold
        raise DateError(f"{quoted} is outside the supported range (years 1 to 9999)") from None


def _parse(
    words: str, quoted: str, today: datetime.date, dayfirst: bool, ahead: bool
) -> datetime.date:
    """Try each form in turn, cheapest and least ambiguous first."""
    if words in _SIMPLE:
        return today + datetime.timedelta(days=_SIMPLE[words])
    if match := re.fullmatch(_ISO, words):
        groups = match.group(1, 3, 4) if match[1] else match.group(5, 6, 7)
        year, month, day = (int(g) for g in groups)
        _check(quoted, year, month, day)
        return datetime.date(year, month, day)
    if match := re.fullmatch(_RELATIVE, words):
        return _relative(match, quoted, today)
    if match := re.fullmatch(_WEEKDAY, words):
        return _weekday(match[1], _WEEKDAYS[match[2]], today, ahead)
    if not words.isascii():
        return _chinese(words, quoted, today, dayfirst, ahead)
    if re.search(_TIME, words):
        raise DateError(f"{quoted} includes a time of day; enter a date only, e.g. 2024-08-21")
    if match := re.fullmatch(_NUMERIC, words):
        return _numeric(match, quoted, today, dayfirst, ahead)
    if re.fullmatch(r"(?a)[+-] ?\d+", words):
        raise DateError(f"{quoted} needs a unit: d, w, mo or y (e.g. -3d, +2w)")
    return _with_dateutil(words, quoted, today, dayfirst, ahead)


def _relative(match: re.Match[str], quoted: str, today: datetime.date) -> datetime.date:
    """Apply an offset such as "3d ago", "-2w", "+1mo" or "in 2 years"."""
    into, sign, ago = match["into"], match["sign"], match["ago"]
    if not (into or sign or ago):
        raise DateError(f"{quoted} needs a direction: write {match[0]} ago or in {match[0]}")
    if sum(map(bool, (into, sign, ago))) > 1:  # "-3d ago", "in 3d ago": say it once
        raise DateError(f"{quoted} is not a date I can read; {_FORMS}")
    amount = int(match["n"]) * (-1 if ago or sign == "-" else 1)
    return _shift(today, amount, _UNITS[match["unit"]])


def _weekday(which: str | None, weekday: int, today: datetime.date, ahead: bool) -> datetime.date:
    """Bare: latest such day up to today (ahead: soonest from today on); "last": strictly
    before today; "next": strictly after."""
    if which is None and ahead:
        return today + datetime.timedelta(days=(weekday - today.weekday()) % 7)
    if which == "next":
        return today + datetime.timedelta(days=(weekday - today.weekday()) % 7 or 7)
    back = (today.weekday() - weekday) % 7
    if which == "last" and back == 0:
        back = 7
    return today - datetime.timedelta(days=back)


def _numeric(
    match: re.Match[str], quoted: str, today: datetime.date, dayfirst: bool, ahead: bool
) -> datetime.date:
    """Read 31.12[.2024] or 12/31[/24] in the configured order; hint if only the other fits."""
    first, second, year_text = int(match[1]), int(match[3]), match[4]
    year = None if year_text is None else int(year_text) + (2000 if len(year_text) == 2 else 0)
    day, month = (first, second) if dayfirst else (second, first)
    if _problem(year, month, day) and not _problem(year, day, month):
        # The swapped reading is a real date: the user most likely has the other convention.
        order, setting = ("day-first", "false") if dayfirst else ("month-first", "true")
        name = _MONTHS[day - 1]  # the swapped reading takes the typed day as its month
        other = f"{name} {month}" if dayfirst else f"{month} {name}"
        if year is not None:
            other += f", {year}" if dayfirst else f" {year}"
        raise DateError(
            f"{quoted} is not a valid {order} date; "
            f"set dayfirst = {setting} in config.toml to read it as {other}"
        )
    _check(quoted, year, month, day)
    if year is None:
        return _soonest(quoted, month, day, today) if ahead else _recent(quoted, month, day, today)
    return datetime.date(year, month, day)


def _with_dateutil(
    words: str, quoted: str, today: datetime.date, dayfirst: bool, ahead: bool
) -> datetime.date:
    """Read month-name dates with dateutil, refusing anything it would fill in from a default."""
    tokens = re.findall(r"(?a)\d+(?:st|nd|rd|th)?|[a-z]+", words)
    months = [_MONTH_WORDS[t] for t in tokens if t in _MONTH_WORDS]
    named = [_WEEKDAYS[t] for t in tokens if t in _WEEKDAYS]
    numbers = [int(t.rstrip("stndrh")) for t in tokens if t[0].isdigit()]
    # dateutil skips words like "of", "at", "t" and takes a third number as a time; accept only
    # month, weekday, numbers and separators, or it would read noise such as "of 3 feb t".
    if (
        not re.fullmatch(r"(?a)[a-z\d ,./-]+", words)
        or not all(t[0].isdigit() or t in _MONTH_WORDS or t in _WEEKDAYS for t in tokens)
        or len(months) > 1
        or len(named) > 1
        or (named and not (months and numbers))  # a weekday only qualifies a full date
        or len(numbers) > 2
        or (months and re.search(r"(?a)\d\.\d", words))  # "Aug 21.5" would lose the ".5"
    ):
        raise DateError(f"{quoted} is not a date I can read; {_FORMS}")
    try:
        parser = _parser()
        a = parser.parse(words, default=_DEFAULT_A, dayfirst=dayfirst)
        b = parser.parse(words, default=_DEFAULT_B, dayfirst=dayfirst)
    except (ValueError, OverflowError):
        days, years = [n for n in numbers if n < 100], [n for n in numbers if n >= 1000]
        if len(months) == 1 and len(days) == 1 and len(years) <= 1:
            _check(quoted, years[0] if years else None, months[0], days[0])
        raise DateError(f"{quoted} is not a date I can read; {_FORMS}") from None
    if a.tzinfo is not None or any(
        getattr(a, f) == getattr(b, f) for f in ("hour", "minute", "second", "microsecond")
    ):
        same = (a.hour, a.minute) == (b.hour, b.minute)
        clock = f" ({a.hour:02d}:{a.minute:02d})" if same else ""
        raise DateError(f"{quoted} includes a time of day{clock}; enter a date only")
    year = a.year if a.year == b.year else None
    month = a.month if a.month == b.month else None
    day = a.day if a.day == b.day else None
    if month is None or day is None:
        seen = [f"year {year}"] if year is not None else []
        seen += [f"month {month} ({_MONTHS[month - 1]})"] if month is not None else []
        seen += [f"day {day}"] if day is not None else []
        missing = " or ".join(n for n, v in (("month", month), ("day", day)) if v is None)
        raise DateError(
            f"{quoted} is incomplete: understood {', '.join(seen) or 'nothing'}, but no {missing}"
        )
    if not months:  # an all-digit shape we did not match ("240821"): refuse to guess its order
        raise DateError(f"{quoted} is not a date I can read; {_FORMS}")
    if year is not None:
        result = datetime.date(year, month, day)
    elif ahead:
        result = _soonest(quoted, month, day, today)
    else:
        result = _recent(quoted, month, day, today)
    if named and named[0] != result.weekday():  # "Mon Aug 21 2024": dateutil ignores the weekday
        actual, typed = _DAYS[result.weekday()], _DAYS[named[0]]
        raise DateError(f"{quoted}: {result.isoformat()} is a {actual}, not a {typed}")
    return result


@cache
def _parser() -> Any:
    """Build the dateutil parser once, on first use (it is the slow import)."""
    from dateutil import parser  # type: ignore[import-untyped, unused-ignore]

    class _Info(parser.parserinfo):  # type: ignore[misc, unused-ignore]
        """Two-digit years mean 20xx, instead of a window around the machine's clock."""

        def convertyear(self, year: int, century_specified: bool = False) -> int:
            return year + 2000 if year < 100 and not century_specified else year

    return parser.parser(_Info())


def _days_in(year: int, month: int) -> int:
    """Number of days in the month (kept local to avoid importing calendar)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _problem(year: int | None, month: int, day: int) -> str | None:
    """Say what makes year-month-day impossible, or None; a missing year allows Feb 29."""
    if year == 0:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if not 1 <= day <= _days_in(2000 if year is None else year, month):
        where = _MONTHS[month - 1] if year is None else f"{_MONTHS[month - 1]} {year}"
        return f"there is no day {day} in {where}"
    return None


def _check(quoted: str, year: int | None, month: int, day: int) -> None:
    """Raise DateError naming the impossible part of the date, if any."""
    if problem := _problem(year, month, day):
        raise DateError(f"{quoted} is not a valid date: {problem}")


def _recent(quoted: str, month: int, day: int, today: datetime.date) -> datetime.date:
    """Most recent month/day that exists and is not after today (Feb 29 may be 8 years back)."""
    for year in range(today.year, max(today.year - 9, 0), -1):
        if day <= _days_in(year, month) and (found := datetime.date(year, month, day)) <= today:
            return found
    raise DateError(f"{quoted} has no occurrence on or before {today.isoformat()}")


def _soonest(quoted: str, month: int, day: int, today: datetime.date) -> datetime.date:
    """Soonest month/day that exists and is not before today (Feb 29 may be 8 years ahead)."""
    for year in range(today.year, min(today.year + 9, 10_000)):
        if day <= _days_in(year, month) and (found := datetime.date(year, month, day)) >= today:
            return found
    raise DateError(f"{quoted} has no occurrence on or after {today.isoformat()}")


def quote(text: str) -> str:
    """Double-quote user text for a message, escaping anything a terminal could act on."""
    if len(text) > 60:  # keep the message on one readable line
        text = text[:57] + "..."
    return '"' + "".join(_escape(c) for c in text) + '"'


def _escape(char: str) -> str:
    """Return char as-is if printable, else its Python escape (\\x1b, \\u202e, \\n)."""
    if char in '"\\':
        return "\\" + char
    return char if char.isprintable() else repr(char)[1:-1]


# Chinese: 2026年10月8日, 10月8日, 8号, 今天, 昨天, 3天前, 两周后, 上周五, 周五 (星期五, 礼拜五).
# Traditional characters and full-width digits read the same (NFKC, then the table below).
_TRADITIONAL = str.maketrans("後週禮個號兩", "后周礼个号两")
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_NUMBER = r"(?:\d{1,4}|[〇零一二两三四五六七八九十]{1,4})"
_CN_DAY_WORDS = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3,
                 "明天": 1, "明日": 1, "后天": 2, "大后天": 3}  # fmt: skip
_CN_FULL = (
    rf"(?a)(?:(?P<year>\d{{4}}|\d{{2}})年)?(?P<month>{_CN_NUMBER})月"
    rf"(?:(?P<day>{_CN_NUMBER})[日号]?)?"
)
_CN_DAY_OF_MONTH = rf"(?a)(?P<day>{_CN_NUMBER})[日号]"
_CN_UNITS = {"天": "days", "日": "days", "周": "weeks", "星期": "weeks", "个星期": "weeks",
             "礼拜": "weeks", "个礼拜": "weeks", "个月": "months", "年": "years"}  # fmt: skip
_CN_RELATIVE = (
    rf"(?a)(?P<n>{_CN_NUMBER})(?P<unit>{_alternatives(_CN_UNITS)})"
    r"(?P<way>以前|之前|前|以后|之后|后)"
)
_CN_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
                "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}  # fmt: skip
# Weeks run Monday to Sunday: 上周五 is the Friday of last week, whatever today is.
_CN_WEEK_SHIFT = {"上上": -2, "上上个": -2, "上": -1, "上个": -1, "这": 0, "这个": 0, "本": 0,
                  "下": 1, "下个": 1, "下下": 2, "下下个": 2}  # fmt: skip
_CN_WEEKDAY = (
    rf"(?P<shift>{_alternatives(_CN_WEEK_SHIFT)})?(?:周|星期|礼拜)"
    rf"(?P<day>{_alternatives(_CN_WEEKDAYS)})"
)
_CN_FORMS = "use e.g. 2026年10月8日, 10月8日, 8号, 今天, 昨天, 3天前, 两周后, 上周五, 周五"


def _chinese(
    words: str, quoted: str, today: datetime.date, dayfirst: bool, ahead: bool
) -> datetime.date:
    """Read a date written in Chinese (or with full-width digits), with the same rules as the
    other forms: without a year (or a bare weekday) backward, or with ahead forward."""
    import unicodedata

    text = unicodedata.normalize("NFKC", words).translate(_TRADITIONAL).replace(" ", "")
    if text.isascii():  # full-width digits and punctuation: an ordinary form after all
        return _parse(text, quoted, today, dayfirst, ahead)
    if text in _CN_DAY_WORDS:
        return today + datetime.timedelta(days=_CN_DAY_WORDS[text])
    if match := re.fullmatch(_CN_FULL, text):
        if match["day"] is None:
            raise DateError(f"{quoted} is incomplete: understood the month, but no day")
        month, day = _cn_number(match["month"], quoted), _cn_number(match["day"], quoted)
        year_text = match["year"]
        if year_text is None:
            _check(quoted, None, month, day)
            if ahead:
                return _soonest(quoted, month, day, today)
            return _recent(quoted, month, day, today)
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        _check(quoted, year, month, day)
        return datetime.date(year, month, day)
    if match := re.fullmatch(_CN_DAY_OF_MONTH, text):
        return _day_of_month(quoted, _cn_number(match["day"], quoted), today, ahead)
    if match := re.fullmatch(_CN_RELATIVE, text):
        amount = _cn_number(match["n"], quoted)
        sign = -1 if match["way"].endswith("前") else 1
        return _shift(today, amount * sign, _CN_UNITS[match["unit"]])
    if match := re.fullmatch(_CN_WEEKDAY, text):
        weekday = _CN_WEEKDAYS[match["day"]]
        if match["shift"] is None:
            return _weekday(None, weekday, today, ahead)
        monday = today - datetime.timedelta(days=today.weekday())
        weeks = _CN_WEEK_SHIFT[match["shift"]]
        return monday + datetime.timedelta(weeks=weeks, days=weekday)
    if re.search(_TIME, text) or re.search(r"[点點时時]", text):
        raise DateError(f"{quoted} includes a time of day; enter a date only, e.g. 2024年8月21日")
    raise DateError(f"{quoted} is not a date I can read; {_CN_FORMS}")


def _cn_number(text: str, quoted: str) -> int:
    """Return the value of "12" or a Chinese numeral up to 99 (十, 十二, 二十, 二十三, 两)."""
    if text.isdigit():
        return int(text)
    tens, _, ones = text.partition("十")
    if "十" not in text:
        if len(text) != 1:  # 二〇二六 spells digits, not a number: refuse rather than guess
            raise DateError(f"{quoted} is not a date I can read; {_CN_FORMS}")
        return _CN_DIGITS[text]
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        raise DateError(f"{quoted} is not a date I can read; {_CN_FORMS}")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _shift(today: datetime.date, amount: int, unit: str) -> datetime.date:
    """Return today moved by amount days, weeks, months or years (months clip to the end)."""
    if unit in ("days", "weeks"):
        return today + datetime.timedelta(**{unit: amount})
    # relativedelta clips to the month end (Mar 31 - 1 month = Feb 29) instead of overflowing.
    from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped, unused-ignore]

    months = amount * 12 if unit == "years" else amount  # a year is 12 months, Feb 29 included
    result: datetime.date = today + relativedelta(months=months)
    return result


def _day_of_month(quoted: str, day: int, today: datetime.date, ahead: bool) -> datetime.date:
    """The latest such day of a month up to today (ahead: the soonest from today on)."""
    if not 1 <= day <= 31:
        raise DateError(f"{quoted} is not a valid date: there is no day {day} in a month")
    year, month = today.year, today.month
    step = 1 if ahead else -1
    for _ in range(3):  # a 31st is never more than two months away
        if day <= _days_in(year, month):
            found = datetime.date(year, month, day)
            if (found >= today) if ahead else (found <= today):
                return found
        month += step
        if month == 0:
            year, month = year - 1, 12
        elif month == 13:
            year, month = year + 1, 1
    raise DateError(f"{quoted} has no occurrence near {today.isoformat()}")
