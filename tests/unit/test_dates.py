"""Tests for parse_date: a table of tricky inputs, then properties over random dates and text."""

import calendar
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline_tui.domain.dates import parse_date
from pipeline_tui.errors import DateError

D = dt.date
FRI = D(2024, 8, 23)  # a Friday
SUN = D(2025, 1, 5)  # a Sunday, five days into a new year
LEAP_DAY = D(2024, 2, 29)
FORMS = "not a date I can read"  # start of the message that lists the accepted forms


def case(text: str, expected: D | str, today: D = FRI, dayfirst: bool = False) -> object:
    """One table row; expected is a date, or a substring of the DateError message."""
    return pytest.param(text, today, dayfirst, expected, id=f"{text!r}-{today}-{dayfirst}")


CASES = [
    # ISO and its variants; dayfirst never applies when the year comes first.
    case("2024-08-21", D(2024, 8, 21)),
    case("  2024-08-21\n", D(2024, 8, 21)),
    case("2024/08/21", D(2024, 8, 21)),
    case("20240821", D(2024, 8, 21)),
    case("2024-8-1", D(2024, 8, 1)),
    case("2024-03-05", D(2024, 3, 5), dayfirst=True),
    case("2024-09-30", D(2024, 9, 30)),  # a future ISO date is fine: interviews are scheduled
    # Words.
    case("today", FRI),
    case("Yesterday", D(2024, 8, 22)),
    case("TOMORROW", D(2024, 8, 24)),
    case("yesterday", D(2024, 2, 28), today=LEAP_DAY),
    case("tomorrow", D(2024, 3, 1), today=LEAP_DAY),
    # Relative offsets, back and forward.
    case("3d ago", D(2024, 8, 20)),
    case("3D  AGO", D(2024, 8, 20)),
    case("0d ago", FRI),
    case("2w ago", D(2024, 8, 9)),
    case("-3d", D(2024, 8, 20)),
    case("-2w", D(2024, 8, 9)),
    case("3 days ago", D(2024, 8, 20)),
    case("1 day ago", D(2024, 8, 22)),
    case("1 week ago", D(2024, 8, 16)),
    case("2mo ago", D(2024, 6, 23)),
    case("2 months ago", D(2024, 6, 23)),
    case("1y ago", D(2023, 8, 23)),
    case("1 year ago", D(2023, 8, 23)),
    case("+3d", D(2024, 8, 26)),
    case("in 3 days", D(2024, 8, 26)),
    case("in 2w", D(2024, 9, 6)),
    case("in 1 month", D(2024, 9, 23)),
    case("1mo ago", D(2024, 2, 29), today=D(2024, 3, 31)),  # clipped to the month end
    case("-1mo", D(2024, 2, 29), today=D(2024, 3, 31)),
    case("1mo ago", D(2024, 4, 30), today=D(2024, 5, 31)),
    case("1y ago", D(2023, 2, 28), today=LEAP_DAY),
    case("in 1y", D(2025, 2, 28), today=LEAP_DAY),
    case("3d", "needs a direction"),
    case("-3d ago", FORMS),
    case("3x ago", FORMS),
    case("3m ago", FORMS),  # "m" could be minutes or months
    case("-3", "needs a unit"),
    case("99999999999d ago", "outside the supported range"),
    case("in 9000y", "outside the supported range"),
    # Weekdays on a Friday: bare includes today, last/next never do.
    case("fri", FRI),
    case("Friday", FRI),
    case("last friday", D(2024, 8, 16)),
    case("next fri", D(2024, 8, 30)),
    case("thu", D(2024, 8, 22)),
    case("thur", D(2024, 8, 22)),
    case("thurs", D(2024, 8, 22)),
    case("last thursday", D(2024, 8, 22)),
    case("next thursday", D(2024, 8, 29)),
    case("tue", D(2024, 8, 20)),
    case("tues", D(2024, 8, 20)),
    case("mon", D(2024, 8, 19)),
    case("monday", D(2024, 8, 19)),
    case("sat", D(2024, 8, 17)),
    case("next saturday", D(2024, 8, 24)),
    case("sun", SUN, today=SUN),
    case("last sunday", D(2024, 12, 29), today=SUN),
    case("next sunday", D(2025, 1, 12), today=SUN),
    case("last", FORMS),
    case("next", FORMS),
    case("this friday", FORMS),
    # Month names; a missing year means the latest such day not after today.
    case("Aug 21", D(2024, 8, 21)),
    case("21 Aug", D(2024, 8, 21)),
    case("21 Aug 2024", D(2024, 8, 21)),
    case("August 21, 2024", D(2024, 8, 21)),
    case("2024 Aug 21", D(2024, 8, 21)),
    case("21st AUGUST", D(2024, 8, 21)),
    case("21 Aug 24", D(2024, 8, 21)),  # two-digit years are 20xx
    case("Sept 3", D(2023, 9, 3)),
    case("Aug 23", FRI),
    case("Aug 24", D(2023, 8, 24)),  # tomorrow's date without a year is last year's
    case("Dec 28", D(2024, 12, 28), today=SUN),
    case("Feb 29", LEAP_DAY, today=LEAP_DAY),
    case("Feb 29", D(2024, 2, 29), today=D(2025, 3, 1)),
    case("Feb 29", D(2020, 2, 29), today=D(2024, 2, 28)),
    case("Wed Aug 21 2024", D(2024, 8, 21)),
    case("Mon Aug 21 2024", "is a Wednesday, not a Monday"),
    case("mon dec", FORMS),  # dateutil would move the default day to a Monday, maybe in January
    case("aug 21.5", FORMS),
    case("the 21st of aug", FORMS),
    # Numeric dates follow the dayfirst setting and hint when only the other order works.
    case("31.12", D(2024, 12, 31), today=SUN, dayfirst=True),
    case("31.12.2024", D(2024, 12, 31), dayfirst=True),
    case("31/12/2024", D(2024, 12, 31), dayfirst=True),
    case("31-12-2024", D(2024, 12, 31), dayfirst=True),
    case("31.12.24", D(2024, 12, 31), dayfirst=True),
    case("5/3", D(2024, 3, 5), dayfirst=True),
    case("3/5", D(2024, 5, 3), dayfirst=True),
    case("12/31/2024", D(2024, 12, 31)),
    case("12/31", D(2024, 12, 31), today=SUN),
    case("3/5", D(2024, 3, 5)),
    case("5/3", D(2024, 5, 3)),
    case("29.2", D(2024, 2, 29), today=D(2025, 3, 1), dayfirst=True),
    case(
        "31.12",
        '"31.12" is not a valid month-first date; '
        "set dayfirst = true in config.toml to read it as 31 December",
    ),
    case("31.12.2024", "to read it as 31 December 2024"),
    case("12/31", "not a valid day-first date; set dayfirst = false", dayfirst=True),
    case("12/31/2024", "to read it as December 31, 2024", dayfirst=True),
    case("2/30", "there is no day 30 in February"),
    case("13/13", "there is no month 13"),
    case("29.2.2023", "there is no day 29 in February 2023", dayfirst=True),
    case("240821", FORMS),  # all digits in no shape we know: do not guess the order
    case("2024 08 21", FORMS),
    # Partial dates say what was understood and what is missing.
    case("2018-10", '"2018-10" is incomplete: understood year 2018, month 10 (October), but no'),
    case("10/2018", "understood year 2018, month 10 (October), but no day"),
    case("2024", "understood year 2024, but no month or day"),
    case("Aug", "understood month 8 (August), but no day"),
    case("Aug 2024", "understood year 2024, month 8 (August), but no day"),
    case("21", "understood day 21, but no month"),
    # Impossible dates name the impossible part.
    case("2024-02-30", "there is no day 30 in February 2024"),
    case("2023-02-29", "there is no day 29 in February 2023"),
    case("2024-13-01", "there is no month 13"),
    case("0000-01-01", "there is no year 0"),
    case("Feb 30", '"Feb 30" is not a valid date: there is no day 30 in February'),
    case("Feb 29 2023", "there is no day 29 in February 2023"),
    # Times of day are refused rather than dropped.
    case("2024-08-21 10:00", "time of day"),
    case("2024-08-21T10:00", "time of day"),
    case("Aug 21 3pm", "time of day"),
    case("aug 212024", "time of day (21:20)"),  # dateutil reads 212024 as 21:20:24
    case("aug 21 2024 2025", FORMS),  # a third number is never part of a date
    # Empty text, garbage, and text that must not reach the terminal raw.
    case("", "no date given (try 2024-08-21, yesterday, 3d ago, last friday)"),
    case(" \t\n ", "no date given"),
    case("soon", '"soon" is not a date I can read; use e.g. 2024-08-21'),
    case("\x1b[31mred", '"\\x1b[31mred"'),
    case('say "hi"\n', '"say \\"hi\\""'),
    case("line\nbreak", '"line\\nbreak"'),
]


@pytest.mark.parametrize(("text", "today", "dayfirst", "expected"), CASES)
def test_table(text: str, today: D, dayfirst: bool, expected: D | str) -> None:
    if isinstance(expected, D):
        assert parse_date(text, today=today, dayfirst=dayfirst) == expected
        return
    with pytest.raises(DateError) as caught:
        parse_date(text, today=today, dayfirst=dayfirst)
    message = str(caught.value)
    assert expected in message
    assert message.isprintable()  # one line, no escape sequences
    assert not message.lower().startswith("error")


def test_date_error_is_a_value_error() -> None:
    assert issubclass(DateError, ValueError)


def test_a_datetime_today_is_treated_as_its_date() -> None:
    assert parse_date("yesterday", today=dt.datetime(2024, 3, 1, 23, 59)) == LEAP_DAY


def test_fast_paths_do_not_import_dateutil() -> None:
    src = Path(__file__).resolve().parents[2] / "src"
    script = (
        "import sys, datetime\n"
        "from pipeline_tui.domain.dates import parse_date\n"
        "t = datetime.date(2024, 8, 23)\n"
        "for s in ('2024-08-21', '20240821', 'yesterday', '3d ago', '-2w', 'in 3d', 'last fri'):\n"
        "    parse_date(s, today=t)\n"
        "print('dateutil' in sys.modules, end=' ')\n"
        "parse_date('Aug 21', today=t)\n"
        "print('dateutil' in sys.modules)\n"
    )
    path = os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")])
    run = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.split() == ["False", "True"]  # "True" proves the check can see dateutil


@given(st.dates(), st.dates(), st.booleans())
def test_iso_round_trip(day: D, today: D, dayfirst: bool) -> None:
    assert parse_date(day.isoformat(), today=today, dayfirst=dayfirst) == day


@given(st.integers(0, 10_000), st.dates(min_value=D(100, 1, 1)))
def test_days_ago(n: int, today: D) -> None:
    assert parse_date(f"{n}d ago", today=today) == today - dt.timedelta(days=n)


@given(st.integers(0, 1_000), st.dates(min_value=D(100, 1, 1)))
def test_minus_weeks(n: int, today: D) -> None:
    assert parse_date(f"-{n}w", today=today) == today - dt.timedelta(days=7 * n)


@given(st.integers(0, 10_000), st.dates(max_value=D(9900, 1, 1)))
def test_in_days(n: int, today: D) -> None:
    assert parse_date(f"in {n} days", today=today) == today + dt.timedelta(days=n)


MONTH_FORMATS = ["{abbr} {day}", "{day} {abbr}", "{full} {day}", "{day} {full}", "{full}, {day}"]


@settings(deadline=None)  # the first call imports dateutil
@given(
    st.dates(min_value=D(1905, 1, 1), max_value=D(2099, 12, 31)),
    st.dates(min_value=D(2000, 1, 1), max_value=D(2000, 12, 31)),  # a leap year: has Feb 29
    st.sampled_from(MONTH_FORMATS),
    st.sampled_from([str.lower, str.upper, str.title]),
)
def test_yearless_month_names(
    today: D, wanted: D, template: str, case_of: Callable[[str], str]
) -> None:
    full = calendar.month_name[wanted.month]
    text = template.format(abbr=full[:3], full=full, day=wanted.day)
    got = parse_date(case_of(text), today=today)
    assert (got.month, got.day) == (wanted.month, wanted.day)
    assert got <= today
    if (wanted.month, wanted.day) == (2, 29):
        assert (today - got).days < 1461
        later_leap_days = [
            D(y, 2, 29) for y in range(got.year + 1, today.year + 1) if calendar.isleap(y)
        ]
        assert all(d > today for d in later_leap_days)  # got is the most recent one
    else:
        assert (today - got).days <= 365
        assert got.replace(year=got.year + 1) > today


WEEKDAY_NAMES = {
    **dict.fromkeys(["mon", "monday"], 0),
    **dict.fromkeys(["tue", "tues", "tuesday"], 1),
    **dict.fromkeys(["wed", "wednesday"], 2),
    **dict.fromkeys(["thu", "thur", "thurs", "thursday"], 3),
    **dict.fromkeys(["fri", "friday"], 4),
    **dict.fromkeys(["sat", "saturday"], 5),
    **dict.fromkeys(["sun", "sunday"], 6),
}


@given(
    st.dates(min_value=D(1, 1, 8), max_value=D(9999, 12, 24)),
    st.sampled_from(sorted(WEEKDAY_NAMES)),
    st.booleans(),
)
def test_weekday_names(today: D, name: str, shout: bool) -> None:
    text = name.upper() if shout else name
    weekday = WEEKDAY_NAMES[name]
    bare = parse_date(text, today=today)
    last = parse_date(f"last {text}", today=today)
    upcoming = parse_date(f"next {text}", today=today)
    assert bare.weekday() == last.weekday() == upcoming.weekday() == weekday
    assert 0 <= (today - bare).days <= 6
    assert 1 <= (today - last).days <= 7
    assert 1 <= (upcoming - today).days <= 7


def check_any_text(text: str, today: D, dayfirst: bool) -> None:
    """Parse text; only DateError may escape, and its message must be one printable line."""
    try:
        result = parse_date(text, today=today, dayfirst=dayfirst)
    except DateError as error:
        message = str(error)
        assert message
        assert message.isprintable()
        assert not message.lower().startswith("error")
    else:
        assert isinstance(result, D)
        assert not isinstance(result, dt.datetime)


@settings(deadline=None)
@given(st.text(), st.dates(), st.booleans())
def test_arbitrary_text_only_raises_date_error(text: str, today: D, dayfirst: bool) -> None:
    check_any_text(text, today, dayfirst)


# Random text rarely reaches the dateutil path, so also try mixtures of words it knows.
PIECES = ["aug", "feb", "21", "29", "30", "2024", "24", "3", "-", "/", ".", ":", ",", "ago", "in"]
PIECES += ["d", "mo", "mon", "last", "next", "pm", "t", "10", "+", "st", "of", " ", "0", "99999"]


@settings(deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=6), st.dates(), st.booleans())
def test_date_like_text_only_raises_date_error(parts: list[str], today: D, first: bool) -> None:
    check_any_text("".join(parts), today, first)
    check_any_text(" ".join(parts), today, first)


@given(st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u2003\u3000\u2028"))
def test_blank_text_is_never_a_date(text: str) -> None:
    with pytest.raises(DateError, match=r"^no date given"):
        parse_date(text, today=FRI)


@given(
    st.dates(min_value=D(1, 1, 8), max_value=D(9990, 12, 24)),
    st.sampled_from(sorted(WEEKDAY_NAMES)),
)
def test_a_day_to_come_reads_a_bare_weekday_forward(today: D, name: str) -> None:
    """A reminder or a deadline on "fri" is the coming Friday (today, if today is one)."""
    ahead = parse_date(name, today=today, ahead=True)
    assert ahead.weekday() == WEEKDAY_NAMES[name]
    assert 0 <= (ahead - today).days <= 6
    # "last" and "next" say which one themselves.
    assert parse_date(f"next {name}", today=today, ahead=True) == parse_date(
        f"next {name}", today=today
    )


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("Jan 5", D(2024, 12, 20), D(2025, 1, 5)),
        ("Dec 24", D(2024, 12, 20), D(2024, 12, 24)),
        ("Dec 20", D(2024, 12, 20), D(2024, 12, 20)),
        ("1/5", D(2024, 12, 20), D(2025, 1, 5)),
        ("Feb 29", D(2025, 3, 1), D(2028, 2, 29)),
        ("2024-01-05", D(2024, 12, 20), D(2024, 1, 5)),  # a year given is kept
        ("yesterday", D(2024, 12, 20), D(2024, 12, 19)),
    ],
)
def test_a_day_to_come_without_a_year_is_the_next_one(text: str, today: D, expected: D) -> None:
    assert parse_date(text, today=today, ahead=True) == expected
    if text[0].isalpha() and text != "yesterday":  # an event date is the latest one instead
        assert parse_date(text, today=today) <= today
