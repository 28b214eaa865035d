"""The statistics behind the funnel's intervals, comparisons, reply curves and forecast.

Intervals and tests are checked against scipy (a test dependency only; the package computes
them in plain Python), Kaplan-Meier against curves worked out by hand and against scipy's
`ecdf` for censored data.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from pipeline_tui.domain.stats import (
    applications_needed,
    kaplan_meier,
    sample_size,
    two_proportion_test,
    wilson,
)


@pytest.mark.parametrize(
    ("successes", "trials"),
    [(0, 1), (1, 1), (0, 12), (12, 12), (6, 18), (2, 109), (35, 472), (3, 4), (1, 100_000)],
)
def test_wilson_matches_scipy(successes: int, trials: int) -> None:
    expected = scipy_stats.binomtest(successes, trials).proportion_ci(0.95, method="wilson")
    low, high = wilson(successes, trials)  # type: ignore[misc]
    assert low == pytest.approx(expected.low, abs=1e-12)
    assert high == pytest.approx(expected.high, abs=1e-12)


@given(st.integers(min_value=1, max_value=5_000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
))  # fmt: skip
def test_wilson_matches_scipy_for_any_count(case: tuple[int, int]) -> None:
    successes, trials = case
    expected = scipy_stats.binomtest(successes, trials).proportion_ci(0.95, method="wilson")
    low, high = wilson(successes, trials)  # type: ignore[misc]
    assert 0.0 <= low <= successes / trials <= high <= 1.0
    assert low == pytest.approx(expected.low, abs=1e-9)
    assert high == pytest.approx(expected.high, abs=1e-9)


def test_wilson_has_no_interval_without_trials() -> None:
    assert wilson(0, 0) is None


@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2"),
    [(6, 18, 2, 109), (80, 738, 68, 1223), (41, 794, 107, 1167), (5, 40, 7, 60), (0, 30, 3, 30)],
)
def test_two_proportion_test_matches_scipy(x1: int, n1: int, x2: int, n2: int) -> None:
    # The pooled z-test is the chi-squared test of the 2x2 table without continuity correction.
    table = [[x1, n1 - x1], [x2, n2 - x2]]
    chi2, p_value, _, _ = scipy_stats.chi2_contingency(table, correction=False)
    test = two_proportion_test(x1, n1, x2, n2)
    assert test.p_value == pytest.approx(p_value, rel=1e-9)
    assert test.z is not None and test.z**2 == pytest.approx(chi2, rel=1e-9)
    assert test.real == bool(p_value < 0.05)


def test_the_issue_example_referral_against_job_boards_is_real() -> None:
    test = two_proportion_test(6, 18, 2, 109)
    assert test.real
    assert test.more_needed is None
    assert test.difference == pytest.approx(6 / 18 - 2 / 109)


def test_a_stricter_level_can_turn_real_into_not_enough_data() -> None:
    test = two_proportion_test(5, 40, 2, 60)  # p ~ 0.07
    assert not test.real
    assert test.more_needed is not None and test.more_needed.group > 0
    loose = two_proportion_test(12, 40, 6, 60, alpha=0.05)
    strict = two_proportion_test(12, 40, 6, 60, alpha=0.05 / 5)
    assert loose.real and not strict.real


def test_equal_shares_give_no_estimate_of_more_needed() -> None:
    test = two_proportion_test(3, 30, 6, 60)
    assert not test.real and test.more_needed is None
    nobody = two_proportion_test(0, 30, 0, 60)
    assert nobody.p_value is None and not nobody.real and nobody.more_needed is None


@pytest.mark.parametrize(
    ("p1", "p2", "ratio"), [(0.1, 0.05, 1.0), (0.3, 0.2, 2.5), (0.02, 0.06, 0.5)]
)
def test_sample_size_gives_80_percent_power(p1: float, p2: float, ratio: float) -> None:
    """At the size the formula gives, the test at 5% finds the difference 80% of the time
    (power computed separately from the normal distribution, as in any textbook)."""
    n1 = sample_size(p1, p2, ratio=ratio)
    n2 = ratio * n1
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    null_se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    alternative_se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    z_alpha = scipy_stats.norm.ppf(0.975)
    power = scipy_stats.norm.cdf((abs(p1 - p2) - z_alpha * null_se) / alternative_se)
    assert power == pytest.approx(0.80, abs=1e-6)


def test_more_needed_grows_both_groups_at_their_current_mix() -> None:
    test = two_proportion_test(4, 50, 6, 150)
    assert test.more_needed is not None
    n1 = sample_size(4 / 50, 6 / 150, ratio=3.0)
    assert test.more_needed.group == math.ceil(n1) - 50
    assert test.more_needed.rest == math.ceil(3 * n1) - 150


# Kaplan-Meier, worked by hand.


def test_kaplan_meier_without_silence_is_the_empirical_curve() -> None:
    # Answers after 2, 4, 6 and 8 days: a quarter goes each time.
    curve = kaplan_meier([(2, True, 1), (4, True, 1), (6, True, 1), (8, True, 1)])
    assert [(step.day, step.survival) for step in curve.steps] == [
        (2, 0.75),
        (4, 0.5),
        (6, 0.25),
        (8, 0.0),
    ]
    assert curve.median() == 5.0  # the flat half between days 4 and 6: the ordinary median


def test_kaplan_meier_with_censoring_and_ties() -> None:
    """Ten applications: answers on day 1, two on day 3 (a tie), one on day 5 and day 8; one
    still waiting after 3 days (censored the same day as the tie: answers come first), two
    after 4, and three after 10.

    day 1: 10 waiting, 1 answer  S = 9/10               = 0.9
    day 3:  9 waiting, 2 answers S = 0.9 * 7/9          = 0.7   (then 1 censored)
    day 4:  6 waiting, 0 answers (2 censored)
    day 5:  4 waiting, 1 answer  S = 0.7 * 3/4          = 0.525
    day 8:  3 waiting, 1 answer  S = 0.525 * 2/3        = 0.35
    day 10: 2 waiting, censored.
    """
    curve = kaplan_meier(
        [
            (1, True, 1),
            (3, True, 2),
            (3, False, 1),
            (4, False, 2),
            (5, True, 1),
            (8, True, 1),
            (10, False, 2),
        ]
    )
    table = [(s.day, s.at_risk, s.events, s.censored) for s in curve.steps]
    assert table == [(1, 10, 1, 0), (3, 9, 2, 1), (4, 6, 0, 2), (5, 4, 1, 0), (8, 3, 1, 0),
                     (10, 2, 0, 2)]  # fmt: skip
    survival = [step.survival for step in curve.steps]
    assert survival == pytest.approx([0.9, 0.7, 0.7, 0.525, 0.35, 0.35])
    assert curve.subjects == 10 and curve.events == 5
    assert curve.survival_after(0) == 1.0
    assert curve.survival_after(6) == pytest.approx(0.525)
    assert curve.median() == 8.0  # the first day the share waiting falls under one half


def test_kaplan_meier_agrees_with_scipy_on_censored_data() -> None:
    import random

    rng = random.Random(5)
    observations = [(rng.randint(0, 40), rng.random() < 0.3, 1) for _ in range(300)]
    curve = kaplan_meier(observations)
    answered = [days for days, done, _ in observations if done]
    silent = [days for days, done, _ in observations if not done]
    reference = scipy_stats.ecdf(scipy_stats.CensoredData(uncensored=answered, right=silent))
    for step in curve.steps:
        assert step.survival == pytest.approx(reference.sf.evaluate(step.day), abs=1e-12)


def test_the_median_is_none_while_more_than_half_are_waiting() -> None:
    curve = kaplan_meier([(3, True, 2), (5, True, 1), (30, False, 17)])
    assert curve.median() is None


def test_negative_days_count_as_the_day_of_sending() -> None:
    curve = kaplan_meier([(-2, True, 1), (0, False, 1)])
    assert [(step.day, step.events, step.censored) for step in curve.steps] == [(0, 1, 1)]


def test_reply_facts_read_the_curve_up_to_its_horizon() -> None:
    """100 applications; 20 answers: 10 on day 2, 6 on day 5, 4 on day 12; the other 80 waited
    40 days. Answered share: 20%. Half of the answers (10) came by day 2; 95% (19) by day 12.
    After day 12 of silence, 80 of the 80 still waiting never hear back."""
    curve = kaplan_meier([(2, True, 10), (5, True, 6), (12, True, 4), (40, False, 80)])
    horizon = curve.horizon(20)
    assert horizon == 12
    assert curve.reply_share(horizon) == pytest.approx(0.2)
    assert curve.replies_within(0.5, horizon) == 2
    assert curve.replies_within(0.95, horizon) == 12
    assert curve.replies_within(0.8, horizon) == 5
    # After 5 days of silence 84 wait, 80 of whom never hear back: 95.2%, so day 5.
    assert curve.silent_day(0.95, horizon) == 5
    assert curve.survival_after(horizon) / curve.survival_after(5) == pytest.approx(80 / 84)


def test_the_horizon_stops_where_too_few_are_waiting() -> None:
    # 25 applications; the last answer (day 50) came when only 5 were still waiting.
    curve = kaplan_meier([(1, True, 10), (3, True, 10), (50, True, 1), (60, False, 4)])
    assert curve.horizon(5) == 50
    assert curve.horizon(6) == 3
    assert curve.horizon(30) is None


# Forecasting.


def test_applications_needed_follow_the_rate_and_its_interval() -> None:
    need = applications_needed(10, 400)
    low_rate, high_rate = wilson(10, 400)  # type: ignore[misc]
    assert need.expected == 40.0
    assert need.low == pytest.approx(1 / high_rate)
    assert need.high == pytest.approx(1 / low_rate)


def test_no_success_yet_gives_only_a_lower_bound() -> None:
    need = applications_needed(0, 120)
    assert need.expected is None and need.high is None
    assert need.low == pytest.approx(1 / wilson(0, 120)[1])  # type: ignore[index]
    nothing = applications_needed(0, 0)
    assert (nothing.expected, nothing.low, nothing.high) == (None, None, None)
