"""The money grammar: a table of tricky cases, and properties (format then parse is the same)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline_tui.domain.money import (
    MAX_AMOUNT,
    MAX_TIMES_A_YEAR,
    SYMBOLS,
    Money,
    Span,
    format_amount,
    format_money,
    format_percent,
    format_span,
    parse_money,
    parse_percent,
)
from pipeline_tui.errors import InvalidValue

CASES = [
    # (typed, low, high, currency, per_year)
    ("26k", 26_000, 26_000, None, None),
    ("26K", 26_000, 26_000, None, None),
    ("26 k", 26_000, 26_000, None, None),
    ("26,000", 26_000, 26_000, None, None),
    ("26000", 26_000, 26_000, None, None),
    ("1,234,567", 1_234_567, 1_234_567, None, None),
    ("26.5k", 26_500, 26_500, None, None),
    ("1.5m", 1_500_000, 1_500_000, None, None),
    ("1.5M", 1_500_000, 1_500_000, None, None),
    ("0", 0, 0, None, None),
    ("26k x 16", 26_000, 26_000, None, 16),
    ("26kx16", 26_000, 26_000, None, 16),
    ("26k × 16", 26_000, 26_000, None, 16),
    ("26k*16", 26_000, 26_000, None, 16),
    ("26K X 16", 26_000, 26_000, None, 16),
    ("26k/mo", 26_000, 26_000, None, 12),
    ("26k / month", 26_000, 26_000, None, 12),
    ("800k/yr", 800_000, 800_000, None, 1),
    ("800k/year", 800_000, 800_000, None, 1),
    ("40-60k", 40_000, 60_000, None, None),
    ("40k-60k", 40_000, 60_000, None, None),
    ("40 - 60k", 40_000, 60_000, None, None),
    ("40~60k", 40_000, 60_000, None, None),
    ("40–60k", 40_000, 60_000, None, None),
    ("26-28k x 16", 26_000, 28_000, None, 16),
    ("800k-1.2m", 800_000, 1_200_000, None, None),
    ("¥26k", 26_000, 26_000, "CNY", None),
    ("￥26k", 26_000, 26_000, "CNY", None),  # full-width yen sign
    ("２６ｋ", 26_000, 26_000, None, None),  # full-width digits
    ("$150k/yr", 150_000, 150_000, "USD", 1),
    ("€60-70k", 60_000, 70_000, "EUR", None),
    ("¥40k-¥60k x 14", 40_000, 60_000, "CNY", 14),
    ("  26k  ", 26_000, 26_000, None, None),
]


@pytest.mark.parametrize(("typed", "low", "high", "currency", "per_year"), CASES)
def test_accepted_forms(
    typed: str, low: int, high: int, currency: str | None, per_year: int | None
) -> None:
    assert parse_money(typed) == Money(Span(low, high), currency, per_year)


REFUSED = [
    "",
    "k",
    "26kk",
    "26 thousand",
    "twenty-six k",
    "-26k",
    "26,00",  # a comma that is not a thousands separator
    "1,5k",  # a decimal comma
    "1.2345k",  # a fraction of a unit
    "0.5",
    "60-40k",  # a range that goes down
    "26k x 0",
    f"26k x {MAX_TIMES_A_YEAR + 1}",
    "26k x 16 x 2",
    "26k/wk",
    "26k/m",  # month or million? refused
    "$26k-¥30k",
    "2m m",
    "1.5b",
    "2,000,000m",  # over the largest amount
    "26%",
    "USD 26k",
    "26k USD",
]


@pytest.mark.parametrize("typed", REFUSED)
def test_anything_else_is_refused_with_the_accepted_forms(typed: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_money(typed, "base")
    message = str(caught.value)
    assert message.startswith("base: cannot read")
    assert "26k x 16" in message and "40-60k" in message and "800k/yr" in message
    assert caught.value.field == "base"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (999, "999"),
        (1_000, "1k"),
        (26_000, "26k"),
        (26_500, "26.5k"),
        (26_150, "26,150"),
        (26_001, "26,001"),
        (700_000, "700k"),
        (1_000_000, "1m"),
        (1_500_000, "1.5m"),
        (1_250_000, "1.25m"),
        (1_234_500, "1234.5k"),
        (1_234_567, "1,234,567"),
    ],
)
def test_amounts_print_in_their_shortest_exact_form(value: int, shown: str) -> None:
    assert format_amount(value) == shown


@pytest.mark.parametrize(
    ("span", "shown"),
    [
        (Span(40_000, 60_000), "40-60k"),
        (Span(800_000, 1_200_000), "800k-1.2m"),
        (Span(999, 1_000), "999-1,000"),  # not "999-1k", which would read as 999k-1k
        (Span(26_000, 26_000), "26k"),
    ],
)
def test_ranges_print_in_a_form_that_reads_back(span: Span, shown: str) -> None:
    assert format_span(span) == shown
    assert parse_money(shown).span == span


def test_money_prints_with_symbol_and_period() -> None:
    assert format_money(Money(Span(26_000, 26_000), "CNY", 16)) == "¥26k x 16"
    assert format_money(Money(Span(800_000, 800_000), "USD", 1)) == "$800k/yr"
    assert format_money(Money(Span(40_000, 60_000), None, None)) == "40-60k"
    assert format_money(Money(Span(26_000, 26_000), "GBP", 12)) == "26k x 12"  # no symbol


def test_a_year_of_pay() -> None:
    assert parse_money("26k x 16").yearly == Span(416_000, 416_000)
    assert parse_money("2k/mo").yearly == Span(24_000, 24_000)
    assert parse_money("40-60k x 14").yearly == Span(560_000, 840_000)
    assert parse_money("60k").yearly == Span(60_000, 60_000)


@pytest.mark.parametrize(
    ("typed", "points"),
    [
        ("15%", Span(1_500, 1_500)),
        ("12.5%", Span(1_250, 1_250)),
        ("0.25 %", Span(25, 25)),
        ("10-20%", Span(1_000, 2_000)),
        ("10%-20%", Span(1_000, 2_000)),
    ],
)
def test_percentages_are_basis_points(typed: str, points: Span) -> None:
    assert parse_percent(typed) == points


@pytest.mark.parametrize("typed", ["15", "%", "1.234%", "20-10%", "2000%", "x%"])
def test_bad_percentages_are_refused(typed: str) -> None:
    with pytest.raises(InvalidValue):
        parse_percent(typed)


amounts = st.integers(min_value=0, max_value=MAX_AMOUNT)


@st.composite
def spans(draw: st.DrawFn) -> Span:
    low = draw(amounts)
    high = draw(st.one_of(st.just(low), st.integers(min_value=low, max_value=MAX_AMOUNT)))
    return Span(low, high)


@given(amounts)
def test_format_then_parse_gives_the_same_amount(value: int) -> None:
    assert parse_money(format_amount(value)) == Money(Span(value, value))


@given(
    spans(),
    st.sampled_from([None, *SYMBOLS.values()]),
    st.one_of(st.none(), st.integers(min_value=1, max_value=MAX_TIMES_A_YEAR)),
)
def test_format_then_parse_gives_the_same_money(
    span: Span, currency: str | None, per_year: int | None
) -> None:
    money = Money(span, currency, per_year)
    assert parse_money(format_money(money)) == money


@given(amounts)
def test_any_written_out_amount_reads_as_itself(value: int) -> None:
    assert parse_money(f"{value:,}").span == Span(value, value)
    assert parse_money(str(value)).span == Span(value, value)


@given(st.integers(0, 100_000), st.integers(0, 100_000))
def test_percent_format_then_parse(low: int, extra: int) -> None:
    span = Span(low, min(low + extra, 100_000))
    assert parse_percent(format_percent(span)) == span


@given(st.text(max_size=12))
def test_arbitrary_text_is_read_or_refused_never_a_crash(text: str) -> None:
    try:
        money = parse_money(text)
    except InvalidValue:
        return
    assert 0 <= money.span.low <= money.span.high <= MAX_AMOUNT
