"""Dates written in Chinese, read by the one date reader (domain/dates.py): a table of cases,
then round trips (a date written in a Chinese form reads back as that date)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline_tui.domain.dates import parse_date
from pipeline_tui.domain.import_rows import read_csv
from pipeline_tui.domain.importing import ImportOptions
from pipeline_tui.domain.times import parse_date_time
from pipeline_tui.errors import DateError

D = dt.date
MON = D(2024, 9, 16)  # a Monday
SAT = D(2024, 9, 21)  # a Saturday of the same week


def case(
    text: str, expected: D | str, today: D = MON, *, ahead: bool = False, dayfirst: bool = False
) -> object:
    """One row; expected is a date, or a piece of the DateError message."""
    return pytest.param(
        text, today, ahead, dayfirst, expected, id=f"{text}-{today}-{ahead}-{dayfirst}"
    )


CASES = [
    # Full dates, with or without spaces, 号 for 日, full-width digits, two-digit years.
    case("2026年10月8日", D(2026, 10, 8)),
    case("2026 年 10 月 8 日", D(2026, 10, 8)),
    case("2026年10月8号", D(2026, 10, 8)),
    case("2026年10月8", D(2026, 10, 8)),
    case("２０２６年１０月８日", D(2026, 10, 8)),
    case("26年1月2日", D(2026, 1, 2)),
    case("2024年2月29日", D(2024, 2, 29)),
    case("2023年2月29日", "there is no day 29 in February 2023"),
    case("2026年13月1日", "there is no month 13"),
    case("2026年10月", "no day"),
    # Without a year: the latest one up to today, or with ahead the soonest from today on.
    case("10月8日", D(2023, 10, 8)),
    case("10月8日", D(2024, 10, 8), ahead=True),
    case("9月16日", MON),
    case("9月16日", MON, ahead=True),
    case("十月八日", D(2023, 10, 8)),
    case("十二月三十一日", D(2023, 12, 31)),
    case("2月30日", "there is no day 30 in February"),
    case("8号", D(2024, 9, 8)),
    case("8号", D(2024, 10, 8), ahead=True),
    case("31号", D(2024, 8, 31)),
    case("31号", D(2024, 10, 31), ahead=True),  # September has 30 days
    # Numeric month-day, read in the configured order.
    case("10-8", D(2023, 10, 8)),
    case("10-8", D(2024, 8, 10), dayfirst=True),
    case("10-8", D(2024, 10, 8), ahead=True),
    # Words for days.
    case("今天", MON),
    case("今日", MON),
    case("昨天", D(2024, 9, 15)),
    case("前天", D(2024, 9, 14)),
    case("大前天", D(2024, 9, 13)),
    case("明天", D(2024, 9, 17)),
    case("后天", D(2024, 9, 18)),
    case("後天", D(2024, 9, 18)),  # traditional characters
    case("大后天", D(2024, 9, 19)),
    # Offsets, in digits or Chinese numerals (一二两三 ... 十).
    case("3天前", D(2024, 9, 13)),
    case("3 天前", D(2024, 9, 13)),
    case("三天前", D(2024, 9, 13)),
    case("十天前", D(2024, 9, 6)),
    case("十五天前", D(2024, 9, 1)),
    case("二十天后", D(2024, 10, 6)),
    case("两周前", D(2024, 9, 2)),
    case("两个星期后", D(2024, 9, 30)),
    case("一个礼拜以前", D(2024, 9, 9)),
    case("3个月前", D(2024, 6, 16)),
    case("一年后", D(2025, 9, 16)),
    case("1个月前", D(2024, 2, 29), today=D(2024, 3, 31)),  # clipped to the month end
    case("十十天前", "not a date I can read"),
    # Weekdays: weeks run Monday to Sunday; 上周 and 下周 name a calendar week.
    case("上周五", D(2024, 9, 13)),
    case("上周五", D(2024, 9, 13), today=SAT),
    case("上周一", D(2024, 9, 9)),
    case("上周日", D(2024, 9, 15)),
    case("上个星期天", D(2024, 9, 15)),
    case("上上周五", D(2024, 9, 6)),
    case("下周二", D(2024, 9, 24)),
    case("下周二", D(2024, 9, 24), today=SAT),
    case("下个礼拜一", D(2024, 9, 23)),
    case("这周五", D(2024, 9, 20)),
    case("本周三", D(2024, 9, 18), today=SAT),
    # A bare weekday: the latest up to today (ahead: the soonest from today on).
    case("周五", D(2024, 9, 13)),
    case("周五", D(2024, 9, 20), ahead=True),
    case("星期五", D(2024, 9, 13)),
    case("礼拜五", D(2024, 9, 13)),
    case("周一", MON),
    case("周一", MON, ahead=True),
    case("星期天", D(2024, 9, 15)),
    case("週五", D(2024, 9, 13)),
    case("周八", "not a date I can read"),
    # Refusals name the forms, or the time of day.
    case("随便", "2026年10月8日, 10月8日"),
    case("明天 14:00", "includes a time of day"),
    case("明天下午3点", "includes a time of day"),
    case("二〇二六年十月八日", "not a date I can read"),
]


@pytest.mark.parametrize(("text", "today", "ahead", "dayfirst", "expected"), CASES)
def test_chinese_dates(text: str, today: D, ahead: bool, dayfirst: bool, expected: object) -> None:
    if isinstance(expected, D):
        assert parse_date(text, today=today, ahead=ahead, dayfirst=dayfirst) == expected
    else:
        with pytest.raises(DateError) as raised:
            parse_date(text, today=today, ahead=ahead, dayfirst=dayfirst)
        message = str(raised.value)
        assert str(expected) in message
        assert "\n" not in message


def test_a_time_of_day_after_a_chinese_date() -> None:
    assert parse_date_time("明天14:00", today=MON) == (D(2024, 9, 17), dt.time(14))
    assert parse_date_time("下周二 9:30", today=MON) == (D(2024, 9, 24), dt.time(9, 30))
    with pytest.raises(DateError, match="not a date and time I can read"):
        parse_date_time("明天下午3点", today=MON)


def test_imports_read_chinese_dates_with_the_same_reader() -> None:
    text = "company,role,applied\n字节跳动,算法,2024年9月3日\n腾讯,后台,9月1号\n"
    rows = read_csv(text, ImportOptions(), today=MON)
    assert rows.problems == []
    assert [item.events[0].occurred_on for item in rows.applications] == [
        D(2024, 9, 3),
        D(2024, 9, 1),
    ]


def test_a_relative_chinese_date_in_a_file_is_refused_not_read_against_today() -> None:
    # A file's 昨天 meant the day before it was written, which the file does not say.
    rows = read_csv("company,role,applied\n米哈游,AI,昨天\n", ImportOptions(), today=MON)
    assert rows.applications == []
    assert [problem.line for problem in rows.problems] == [2]
    assert "relative to the day it was written" in rows.problems[0].message


# Round trips.

DIGITS = "〇一二三四五六七八九"
WEEKDAY_WORDS = "一二三四五六日"
dates = st.dates(min_value=D(1000, 1, 1), max_value=D(9998, 12, 31))


def chinese_number(n: int, *, two: bool = False) -> str:
    """Write 1..99 in Chinese numerals (十, 十二, 二十, 二十三); two: 两 for a lone 2."""
    if n == 2 and two:
        return "两"
    tens, ones = divmod(n, 10)
    if not tens:
        return DIGITS[ones]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


@given(dates, st.sampled_from(["日", "号", ""]), st.booleans(), st.booleans(), dates)
def test_full_dates_round_trip(day: D, end: str, spaced: bool, wide: bool, today: D) -> None:
    gap = " " if spaced else ""
    text = f"{day.year}{gap}年{gap}{day.month}{gap}月{gap}{day.day}{gap}{end}"
    text = full_width(text) if wide else text
    assert parse_date(text, today=today) == day


@given(st.integers(0, 364), dates, st.booleans(), st.booleans())
def test_month_and_day_read_backward_or_ahead(
    offset: int, today: D, ahead: bool, numerals: bool
) -> None:
    day = today + dt.timedelta(days=offset) if ahead else today - dt.timedelta(days=offset)
    if numerals:
        text = f"{chinese_number(day.month)}月{chinese_number(day.day)}日"
    else:
        text = f"{day.month}月{day.day}日"
    assert parse_date(text, today=today, ahead=ahead) == day


@given(st.integers(0, 99), dates, st.booleans(), st.sampled_from(["天", "周", "个星期"]))
def test_offsets_round_trip(n: int, today: D, back: bool, unit: str) -> None:
    days = n * (1 if unit == "天" else 7)
    number = str(n) if n == 0 else chinese_number(n, two=True)
    text = f"{number}{unit}{'前' if back else '后'}"
    expected = today - dt.timedelta(days=days) if back else today + dt.timedelta(days=days)
    assert parse_date(text, today=today) == expected


@settings(max_examples=200)
@given(
    st.dates(min_value=D(1000, 1, 15), max_value=D(9998, 12, 15)),
    st.integers(-6, 6),
    st.sampled_from(["周", "星期", "礼拜"]),
)
def test_weekdays_round_trip(today: D, offset: int, word: str) -> None:
    day = today + dt.timedelta(days=offset)
    name = f"{word}{WEEKDAY_WORDS[day.weekday()]}"
    # A bare weekday: within the last week, or ahead within the next.
    assert parse_date(name, today=today, ahead=offset > 0) == day
    # 上周 / 这周 / 下周 name the calendar week (Monday to Sunday) the day falls in.
    week = (day - (today - dt.timedelta(days=today.weekday()))).days // 7
    prefix = {-1: "上", 0: "这", 1: "下"}[week]
    assert parse_date(prefix + name, today=today) == day
