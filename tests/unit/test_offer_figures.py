"""Offer figures worked out by hand, revisions, comparison order, decisions and reasons."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pipeline_tui.domain.comparison import ComparedOffer, answer_phrase, compare
from pipeline_tui.domain.money import Span
from pipeline_tui.domain.offers import (
    Offer,
    OfferInput,
    Package,
    decision_of,
    describe_changes,
    figures,
    revise,
)
from pipeline_tui.domain.reasons import DEFAULT_REASONS, check_reason, parse_reason
from pipeline_tui.domain.stages import Stage
from pipeline_tui.errors import InvalidValue

TODAY = date(2024, 9, 16)


def package(**typed: object) -> Package:
    return revise(None, OfferInput(**typed), default_currency="CNY")  # type: ignore[arg-type]


def exact(value: int) -> Span:
    return Span(value, value)


def test_26k_x_16_by_hand() -> None:
    offer = package(base="26k x 16")
    worked = figures(offer)
    # 26,000 a month, 16 months a year.
    assert worked.base_annual == exact(416_000)
    assert worked.bonus_annual == worked.equity_annual == worked.signing == exact(0)
    assert worked.first_year_total == exact(416_000)
    assert worked.annual_total == exact(416_000)
    assert offer.currency == "CNY"


def test_percent_bonus_and_four_year_equity_by_hand() -> None:
    offer = package(
        base="30k x 15", bonus="20%", signing="50k", equity="400k", vesting_years=4, other="2k/mo"
    )
    worked = figures(offer)
    assert worked.base_annual == exact(450_000)  # 30,000 x 15
    assert worked.bonus_annual == exact(90_000)  # 20% of 450,000
    assert worked.equity_annual == exact(100_000)  # 400,000 over 4 years
    assert worked.other_annual == exact(24_000)  # 2,000 x 12
    # 450,000 + 90,000 + 50,000 signing + 100,000 + 24,000
    assert worked.first_year_total == exact(714_000)
    # the same without the one-off signing money
    assert worked.annual_total == exact(664_000)


def test_a_range_keeps_both_ends_in_every_figure() -> None:
    offer = package(base="40-60k x 14", bonus="10%", signing="30k")
    worked = figures(offer)
    assert worked.base_annual == Span(560_000, 840_000)
    assert worked.bonus_annual == Span(56_000, 84_000)
    assert worked.first_year_total == Span(646_000, 954_000)
    assert worked.annual_total == Span(616_000, 924_000)


def test_a_percentage_range_uses_each_end() -> None:
    worked = figures(package(base="40-60k x 14", bonus="10-20%"))
    assert worked.bonus_annual == Span(56_000, 168_000)


def test_rounding_is_half_up_to_a_whole_unit() -> None:
    # 12.5% of 333,333 is 41,666.625; a 100,001 grant over 2 years is 50,000.5 a year.
    worked = figures(package(base="333,333/yr", bonus="12.5%", equity="100,001", vesting_years=2))
    assert worked.bonus_annual == exact(41_667)
    assert worked.equity_annual == exact(50_001)


def test_bonus_as_months_of_pay_and_annual_base() -> None:
    worked = figures(package(base="800k/yr", bonus="26k x 3"))
    assert worked.base_annual == exact(800_000)
    assert worked.bonus_annual == exact(78_000)


def test_a_base_must_say_how_often_it_is_paid() -> None:
    with pytest.raises(InvalidValue) as caught:
        package(base="26k")
    assert "26k x 16" in str(caught.value) and "26k/yr" in str(caught.value)
    assert caught.value.field == "base"


def test_a_first_offer_needs_a_base() -> None:
    with pytest.raises(InvalidValue, match="base"):
        package(bonus="10%")


@pytest.mark.parametrize(
    ("typed", "match"),
    [
        ({"base": "26k x 16", "equity": "400k"}, "vests over"),
        ({"base": "26k x 16", "vesting_years": 4}, "equity grant"),
        ({"base": "26k x 16", "equity": "400k", "vesting_years": 0}, "1 to 10"),
        ({"base": "26k x 16", "signing": "50k/yr"}, "whole amount"),
        ({"base": "$26k x 16", "bonus": "¥10k"}, "one currency"),
        ({"base": "$26k x 16", "currency": "CNY"}, "one currency"),
        ({"base": "26k x 16", "currency": "yuan"}, "three-letter"),
        ({"base": "26k x 16", "term": ["hukou"]}, "KEY=VALUE"),
    ],
)
def test_offers_that_do_not_add_up_are_refused(typed: dict[str, object], match: str) -> None:
    typed = dict(typed)
    if "term" in typed:
        terms = typed.pop("term")
        typed = {**typed, "terms": terms}
    with pytest.raises(InvalidValue, match=match):
        package(**typed)


def test_the_currency_comes_from_the_symbol_or_the_option() -> None:
    assert package(base="$150k/yr").currency == "USD"
    assert package(base="150k/yr", currency="usd").currency == "USD"
    assert package(base="€5k/mo", bonus="€5k").currency == "EUR"


def test_a_revision_keeps_what_it_does_not_change_and_says_what_changed() -> None:
    first = package(
        base="26k x 16", bonus="15%", tier="sp", terms=["hukou=yes", "remote=2d"], note="campus"
    )
    assert first.tier == "SP"
    second = revise(
        first,
        OfferInput(base="28k x 16", signing="50k", terms=["Remote=3d", "hukou="], tier="SSP"),
        default_currency="CNY",
    )
    assert second.bonus_bp == exact(1_500)
    assert second.notes == "campus"
    assert second.terms == (("remote", "3d"),)
    assert describe_changes(first, second) == [
        "base revised from 26k x 16 to 28k x 16",
        "signing added: 50k",
        "tier revised from SP to SSP",
        "term hukou=yes removed",
        "term remote revised from 2d to 3d",
    ]
    third = revise(second, OfferInput(signing="0", bonus="60k"), default_currency="CNY")
    assert third.signing is None and third.bonus_bp is None and third.bonus == exact(60_000)
    assert describe_changes(second, third) == [
        "bonus revised from 15% to 60k",
        "signing removed (was 50k)",
    ]


def test_changing_the_currency_needs_every_amount_again() -> None:
    first = package(base="26k x 16", signing="50k")
    with pytest.raises(InvalidValue, match="base, signing are in CNY"):
        revise(first, OfferInput(currency="USD"), default_currency="CNY")
    with pytest.raises(InvalidValue, match="signing is in CNY"):
        revise(first, OfferInput(base="$10k x 12"), default_currency="CNY")
    moved = revise(first, OfferInput(base="$10k x 12", signing="$5k"), default_currency="CNY")
    assert moved.currency == "USD"


def _compared(application_id: int, typed: dict[str, object], stage: Stage = Stage.OFFER):
    return ComparedOffer(
        application_id=application_id,
        company=f"Company {application_id}",
        role="Engineer",
        department=None,
        stage=stage,
        offer=Offer(
            id=application_id,
            application_id=application_id,
            event_id=application_id,
            recorded_on=TODAY,
            created_at=datetime(2024, 9, 16, tzinfo=UTC),
            package=package(**typed),
        ),
        revisions=1,
        today=TODAY,
    )


def test_comparison_sorts_by_steady_state_total_within_one_currency() -> None:
    offers = [
        _compared(1, {"base": "26k x 16"}),  # 416k
        _compared(2, {"base": "30k x 15", "bonus": "20%", "signing": "500k"}),  # 540k
        _compared(3, {"base": "$200k/yr"}),
        _compared(4, {"base": "400-500k/yr"}),  # a range: its low end counts first
        _compared(5, {"base": "35k x 16", "equity": "400k", "vesting_years": 4}),  # 660k
        _compared(6, {"base": "400k/yr"}),
    ]
    compared = compare(offers, today=TODAY, preferred_currency="CNY")
    assert [group.currency for group in compared.groups] == ["CNY", "USD"]
    assert [item.application_id for item in compared.groups[0].offers] == [5, 2, 1, 4, 6]
    assert [item["application_id"] for item in compared.as_json()] == [5, 2, 1, 4, 6, 3]
    assert compared.currency_note is not None
    assert (
        "CNY 5, USD 1" in compared.currency_note
        and "no amount is converted" in compared.currency_note
    )
    only_yuan = compare(offers[:2], today=TODAY, preferred_currency="CNY")
    assert only_yuan.currency_note is None


def test_the_preferred_currency_comes_first() -> None:
    offers = [_compared(1, {"base": "$200k/yr"}), _compared(2, {"base": "$300k/yr"})]
    offers.append(_compared(3, {"base": "26k x 16"}))
    compared = compare(offers, today=TODAY, preferred_currency="CNY")
    assert [group.currency for group in compared.groups] == ["CNY", "USD"]


def test_comparison_json_has_the_documented_fields() -> None:
    item = _compared(
        7, {"base": "26k x 16", "terms": ["hukou=yes"], "deadline": date(2024, 9, 18)}
    ).as_json()
    assert {
        "application_id",
        "company",
        "role",
        "tier",
        "currency",
        "base_annual",
        "first_year_total",
        "annual_total",
        "deadline",
        "days_left",
        "decision",
        "terms",
    } <= set(item)
    assert (item["base_annual"], item["annual_total"], item["annual_total_high"]) == (
        416_000,
        416_000,
        416_000,
    )
    assert (item["deadline"], item["days_left"], item["decision"]) == ("2024-09-18", 2, "pending")
    assert item["terms"] == {"hukou": "yes"}


@pytest.mark.parametrize(
    ("stage", "decision"),
    [
        (Stage.OFFER, "pending"),
        (Stage.INTERVIEW, "pending"),
        (Stage.ACCEPTED, "accepted"),
        (Stage.DECLINED, "declined"),
        (Stage.WITHDRAWN, "declined"),
        (Stage.REJECTED, "rescinded"),
        (Stage.GHOSTED, "rescinded"),
    ],
)
def test_the_decision_follows_the_stage(stage: Stage, decision: str) -> None:
    assert decision_of(stage) == decision


def test_answer_phrases() -> None:
    assert answer_phrase(2) == "answer in 2 days"
    assert answer_phrase(1) == "answer tomorrow"
    assert answer_phrase(0) == "answer today"
    assert answer_phrase(-1) == "deadline passed yesterday"
    assert answer_phrase(-3) == "deadline passed 3 days ago"


@pytest.mark.parametrize(
    ("typed", "reason", "text"),
    [
        ("failed technical", "failed technical", None),
        ("Failed Technical", "failed technical", None),
        ("tech", "failed technical", None),
        ("fail beh", "failed behavioural", None),
        ("headcount", "no headcount", None),
        ("salary: 20% under the ask", "salary", "20% under the ask"),
        ("other:  moved to Berlin  ", "other", "moved to Berlin"),
        ("loc", "location", None),
    ],
)
def test_reasons_are_named_in_full_or_by_the_starts_of_words(
    typed: str, reason: str, text: str | None
) -> None:
    assert parse_reason(typed, DEFAULT_REASONS) == (reason, text)


@pytest.mark.parametrize("typed", ["failed", "visa", "", ": only text"])
def test_unknown_or_ambiguous_reasons_are_refused_with_the_list(typed: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_reason(typed, DEFAULT_REASONS)
    assert "no headcount, failed technical" in str(caught.value)


def test_only_closing_stages_take_a_reason() -> None:
    check_reason(Stage.REJECTED, "salary", None)
    check_reason(Stage.WITHDRAWN, "location", "too far")
    with pytest.raises(InvalidValue, match="only rejected, withdrawn and declined"):
        check_reason(Stage.INTERVIEW, "salary", None)
    with pytest.raises(InvalidValue, match="only rejected, withdrawn and declined"):
        check_reason(Stage.ACCEPTED, "other", None)
