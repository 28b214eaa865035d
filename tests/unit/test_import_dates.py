"""Dates in imported files: the day-month order per column, and the year of dates without one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline_tui.domain.import_dates import (
    ContradictoryDates,
    YearLess,
    YearWindow,
    column_order,
    place_year,
    read_date,
)
from pipeline_tui.domain.import_rows import read_csv
from pipeline_tui.domain.importing import ImportOptions
from pipeline_tui.errors import DateError

TODAY = date(2026, 12, 1)


def _order(values: list[str], **kwargs):
    defaults = {"forced": None, "others": None, "setting": False}
    return column_order("Date", list(enumerate(values, 2)), **{**defaults, **kwargs})


def test_one_unambiguous_value_decides_the_column() -> None:
    assert _order(["01/02/2019", "25/09/2019"]).dayfirst is True
    assert _order(["01/02/2019", "9/25/2019"], setting=True).dayfirst is False
    assert "9/25/2019" in _order(["8/2/2019", "9/25/2019"], setting=True).why


def test_a_column_that_contradicts_itself_is_refused_naming_two_rows() -> None:
    with pytest.raises(ContradictoryDates) as refused:
        _order(["01/02/2019", "25/09/2019", "3/4/2019", "09/26/2019"])
    message = str(refused.value)
    assert "line 3 has '25/09/2019' (day first)" in message
    assert "line 5 has '09/26/2019' (month first)" in message
    assert "--dayfirst or --monthfirst" in message
    assert _order(["25/09/2019", "09/26/2019"], forced=False).dayfirst is False


def test_without_telling_values_the_other_columns_then_dots_then_the_setting_decide() -> None:
    assert _order(["01/02/2019"], others=True).dayfirst is True
    assert _order(["10.03.2026"]).dayfirst is True  # dotted is day first
    assert _order(["01/02/2019"], setting=True).dayfirst is True
    assert _order(["01/02/2019"]).dayfirst is False
    assert _order(["01.02.2019"], forced=False).dayfirst is False


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("10.03.2026", True, date(2026, 3, 10)),
        ("9/25/2019", False, date(2019, 9, 25)),
        ("2026年10月8日", False, date(2026, 10, 8)),
        ("2024-09-16T08:12:00.000Z", False, date(2024, 9, 16)),
        ("2024/9/6", True, date(2024, 9, 6)),
        ("9/25/2019 0:00", False, date(2019, 9, 25)),
        ("Sep 25, 2019", True, date(2019, 9, 25)),
        ("10. März 2026", True, date(2026, 3, 10)),
        ("15 ago 2024", True, date(2024, 8, 15)),
        ("1726470000", False, date(2024, 9, 16)),
        ("8-Jul", False, YearLess(7, 8, "8-Jul")),
        ("31.12", True, YearLess(12, 31, "31.12")),
        ("10月8日", True, YearLess(10, 8, "10月8日")),
    ],
)
def test_date_cells(text: str, dayfirst: bool, expected: object) -> None:
    assert read_date(text, dayfirst=dayfirst) == expected


@pytest.mark.parametrize("text", ["yesterday", "3d ago", "fri", "31/02/2024", "13/13/2020", "soon"])
def test_cells_that_are_no_date_in_a_file(text: str) -> None:
    with pytest.raises(DateError):
        read_date(text, dayfirst=True)


def test_a_year_less_date_takes_the_year_from_its_row_then_the_file() -> None:
    july = YearLess(7, 8, "8-Jul")
    january = YearLess(1, 8, "8-Jan")
    assert place_year(january, [date(2019, 12, 20)], YearWindow(), None) == date(2020, 1, 8)
    window = YearWindow(date(2019, 8, 2), date(2019, 10, 2))
    assert place_year(july, [], window, None) == date(2019, 7, 8)
    spanning = YearWindow(date(2019, 9, 1), date(2020, 3, 1))
    assert place_year(january, [], spanning, None) == date(2020, 1, 8)
    with pytest.raises(DateError, match="allow several; add --year YEAR"):
        place_year(july, [], YearWindow(date(2018, 1, 1), date(2020, 12, 31)), None)
    with pytest.raises(DateError, match="the file gives none; add --year YEAR"):
        place_year(july, [], YearWindow(), None)
    assert place_year(july, [], YearWindow(), 2017) == date(2017, 7, 8)
    with pytest.raises(DateError, match="2019 has no such day"):
        place_year(YearLess(2, 29, "29.2"), [], YearWindow(), 2019)


def test_a_year_less_date_is_never_given_this_year_by_default() -> None:
    text = "Company,Role,Date\nAcme,Eng,8-Jul\n"
    parsed = read_csv(text, ImportOptions(), today=TODAY)
    assert not parsed.applications
    assert "has no year and the file gives none; add --year YEAR" in parsed.problems[0].message
    dated = read_csv(text, ImportOptions(year=2019), today=TODAY)
    assert dated.applications[0].applied_on == date(2019, 7, 8)


_ORDERS = st.booleans()
_SEPARATORS = st.sampled_from(["/", "-", "."])
_DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


def _written(day: date, dayfirst: bool, separator: str, pad: bool) -> str:
    first, second = (day.day, day.month) if dayfirst else (day.month, day.day)
    form = "{:02d}" if pad else "{}"
    return separator.join([form.format(first), form.format(second), str(day.year)])


@settings(max_examples=300, deadline=None)
@given(st.lists(_DAYS, min_size=1, max_size=30), _ORDERS, _SEPARATORS, st.booleans())
def test_a_column_written_one_way_reads_back_exactly(days, dayfirst, separator, pad) -> None:
    values = [_written(day, dayfirst, separator, pad) for day in days]
    telling = any(day.day > 12 for day in days)
    order = _order(values, setting=dayfirst if not telling else not dayfirst)
    if telling:
        assert order.dayfirst is dayfirst and order.telling
    else:
        assume(order.dayfirst is dayfirst)
    assert [read_date(value, dayfirst=order.dayfirst) for value in values] == days


@settings(max_examples=200, deadline=None)
@given(st.lists(_DAYS.filter(lambda day: day.day > 12), min_size=2, max_size=10), _SEPARATORS)
def test_a_column_written_both_ways_is_always_refused(days, separator) -> None:
    values = [_written(days[0], True, separator, True)]
    values += [_written(day, False, separator, True) for day in days[1:]]
    with pytest.raises(ContradictoryDates):
        _order(values)


@settings(max_examples=200, deadline=None)
@given(_DAYS, st.integers(min_value=1, max_value=300))
def test_a_year_less_date_near_a_dated_one_gets_the_nearest_year(anchor, offset) -> None:
    day = anchor + timedelta(days=offset - 150)
    assume(not (day.month == 2 and day.day == 29))
    placed = place_year(YearLess(day.month, day.day, "x"), [anchor], YearWindow(), None)
    assert placed == day
