"""Dates with a time of day (interviews) and durations: tricky cases, then properties."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline_tui.domain.times import (
    format_duration,
    format_time,
    format_when,
    parse_date_time,
    parse_duration,
)
from pipeline_tui.errors import DateError, InvalidValue

MON = dt.date(2024, 9, 16)
T = dt.time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-09-03 14:00", (dt.date(2024, 9, 3), T(14, 0))),
        ("2024-09-03T09:30", (dt.date(2024, 9, 3), T(9, 30))),
        ("2024-09-03t09:30:15", (dt.date(2024, 9, 3), T(9, 30, 15))),
        ("  2024-09-03   14:00 ", (dt.date(2024, 9, 3), T(14, 0))),
        ("2024-09-03 at 9:05", (dt.date(2024, 9, 3), T(9, 5))),
        ("tomorrow 2pm", (dt.date(2024, 9, 17), T(14, 0))),
        ("tomorrow at 2 PM", (dt.date(2024, 9, 17), T(14, 0))),
        ("3pm tomorrow", (dt.date(2024, 9, 17), T(15, 0))),
        ("next tue 10:30", (dt.date(2024, 9, 17), T(10, 30))),
        ("Aug 21 3 pm", (dt.date(2024, 8, 21), T(15, 0))),
        ("12 aug 3pm", (dt.date(2024, 8, 12), T(15, 0))),  # "aug" is not "am"
        ("21 Aug 2024 14:00", (dt.date(2024, 8, 21), T(14, 0))),
        ("12:30 p.m.", (MON, T(12, 30))),
        ("12am", (MON, T(0, 0))),
        ("12pm", (MON, T(12, 0))),
        ("14:00", (MON, T(14, 0))),  # a time alone is today
        ("at 14:00", (MON, T(14, 0))),
        ("next tue", (dt.date(2024, 9, 17), None)),  # no time: the whole day
        ("2024-09-03", (dt.date(2024, 9, 3), None)),
        ("aug 21", (dt.date(2024, 8, 21), None)),  # 21 is a day, never a time
    ],
)
def test_dates_with_times(text: str, expected: tuple[dt.date, dt.time | None]) -> None:
    assert tuple(parse_date_time(text, today=MON)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no date given"),
        ("25:00", "no hour 25"),
        ("24:00", "no hour 24"),
        ("13pm", "12-hour times run from 1 to 12"),
        ("0am", "12-hour times run from 1 to 12"),
        ("14:60", "minutes and seconds run from 0 to 59"),
        ("2024-09-03 14:00 UTC", "time zone"),
        ("2024-09-03T14:00:00Z", "time zone"),
        ("14:00+08:00", "time zone"),
        ("2024-09-03T14", "not a date and time I can read"),
        ("2024-02-30 10:00", "no day 30 in February 2024"),
        ("tomorrow 10", "not a date I can read"),
        ("soon 10:00", "not a date I can read"),
    ],
)
def test_refusals_say_why(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_date_time(text, today=MON)


def test_day_first_applies_to_the_date_part() -> None:
    when = parse_date_time("3.9.2024 14:00", today=MON, dayfirst=True)
    assert when == (dt.date(2024, 9, 3), T(14, 0))


times = st.times().map(lambda value: value.replace(microsecond=0))


@given(st.dates(min_value=dt.date(1000, 1, 1)), times)
def test_format_then_parse_gives_the_same_moment(day: dt.date, at: dt.time) -> None:
    text = format_when(day, at)
    assert parse_date_time(text, today=MON) == (day, at)
    assert parse_date_time(f"{day.isoformat()}T{format_time(at)}", today=MON) == (day, at)


@given(st.integers(1, 12), st.integers(0, 59), st.sampled_from(["am", "pm", " AM", " p.m."]))
def test_twelve_hour_clock_agrees_with_the_24_hour_one(hour: int, minute: int, half: str) -> None:
    parsed = parse_date_time(f"tomorrow {hour}:{minute:02d}{half}", today=MON)
    afternoon = "p" in half.lower()
    assert parsed.at == T(hour % 12 + (12 if afternoon else 0), minute)
    assert parsed.day == dt.date(2024, 9, 17)


@settings(deadline=None)  # the first call may import dateutil
@given(st.text(max_size=40), st.dates())
def test_any_text_is_read_or_refused_with_a_date_error(text: str, today: dt.date) -> None:
    with contextlib.suppress(DateError):
        parse_date_time(text, today=today)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("60m", 60),
        ("60", 60),
        ("45 min", 45),
        ("90 minutes", 90),
        ("1h", 60),
        ("1 hour", 60),
        ("1h30", 90),
        ("1h30m", 90),
        ("1 h 30 min", 90),
        ("1.5h", 90),
        ("1:30", 90),
        ("24h", 1440),
    ],
)
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not one I can read"),
        ("h", "not one I can read"),
        ("soon", "not one I can read"),
        ("0", "1 minute to 24 hours"),
        ("25h", "1 minute to 24 hours"),
        ("1.01h", "whole number of minutes"),
        ("1:75", "minutes run from 0 to 59"),
    ],
)
def test_durations_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message) as error:
        parse_duration(text)
    assert error.value.field == "duration"


@given(st.integers(1, 24 * 60))
def test_duration_format_then_parse_gives_the_same_minutes(minutes: int) -> None:
    assert parse_duration(format_duration(minutes)) == minutes


@given(st.text(max_size=20))
def test_any_duration_text_is_read_or_refused_with_invalid_value(text: str) -> None:
    with contextlib.suppress(InvalidValue):
        assert 1 <= parse_duration(text) <= 24 * 60
