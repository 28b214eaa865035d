"""Statistics for the small numbers a job search makes, in plain Python (no scipy at run time).

- `wilson`: the Wilson score interval of a proportion (95% by default);
- `two_proportion_test`: the pooled two-proportion z-test, and roughly how many more
  applications would settle a difference it cannot yet call real (`more_needed`);
- `kaplan_meier`: the survival curve of days to a first reply, silence counted as "not yet";
- `applications_needed`: how many applications one more success takes at a rate, with the
  interval its Wilson interval gives.

docs/funnel.md gives each formula with a worked example; tests/unit/test_stats.py checks them
against scipy and against cases computed by hand.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# The two-sided 95% quantile of the standard normal distribution.
Z95 = 1.959963984540054
# The normal quantile for 80% power, the usual choice when planning how many observations
# would show a difference.
Z_POWER80 = 0.8416212335729143
CONFIDENCE = 0.95
ALPHA = 0.05  # 1 - CONFIDENCE, written exactly


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float] | None:
    """Return the Wilson score interval (low, high) of successes out of trials; None for 0 trials.

    Unlike the textbook p ± z·sqrt(p(1-p)/n), it stays inside [0, 1] and is honest at 0 of 12
    or 12 of 12, which is what small groups give.
    """
    if trials <= 0:
        return None
    successes = min(max(successes, 0), trials)
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    # Round-off must not push the ends past the certain ones (0 of n starts at exactly 0).
    low = 0.0 if successes == 0 else max(centre - half, 0.0)
    high = 1.0 if successes == trials else min(centre + half, 1.0)
    return low, high


def normal_two_sided_p(z: float) -> float:
    """Return the two-sided p-value of a standard normal statistic z."""
    return math.erfc(abs(z) / math.sqrt(2))


def normal_quantile(probability: float) -> float:
    """Return the standard normal quantile (the inverse of its distribution function)."""
    from statistics import NormalDist  # ~3 ms; only the comparisons need it

    return NormalDist().inv_cdf(probability)


@dataclass(frozen=True, slots=True)
class MoreNeeded:
    """Roughly how many more applications in each of two groups would settle a difference."""

    group: int
    rest: int


@dataclass(frozen=True, slots=True)
class ProportionTest:
    """A two-proportion z-test of successes / trials against other_successes / other_trials."""

    successes: int
    trials: int
    other_successes: int
    other_trials: int
    # The significance level the p-value is held against (0.05, or less after Bonferroni).
    alpha: float
    z: float | None
    p_value: float | None
    more_needed: MoreNeeded | None

    @property
    def rate(self) -> float:
        """The first group's share."""
        return self.successes / self.trials

    @property
    def other_rate(self) -> float:
        """The second group's share."""
        return self.other_successes / self.other_trials

    @property
    def difference(self) -> float:
        """The first share minus the second."""
        return self.rate - self.other_rate

    @property
    def real(self) -> bool:
        """True when the test calls the difference real at this level."""
        return self.p_value is not None and self.p_value < self.alpha


def two_proportion_test(
    successes: int,
    trials: int,
    other_successes: int,
    other_trials: int,
    *,
    alpha: float = ALPHA,
    power_z: float = Z_POWER80,
) -> ProportionTest:
    """Test whether two shares differ (pooled z-test, two-sided) and, when the test cannot
    tell yet, estimate how many more applications would (`more_needed`).

    z = (p1 - p2) / sqrt(p(1 - p)(1/n1 + 1/n2)), p the pooled share (x1 + x2) / (n1 + n2);
    the p-value is two-sided. Both groups need at least one trial.
    """
    if trials <= 0 or other_trials <= 0:
        raise ValueError("both groups need at least one trial")
    p1, p2 = successes / trials, other_successes / other_trials
    pooled = (successes + other_successes) / (trials + other_trials)
    variance = pooled * (1 - pooled) * (1 / trials + 1 / other_trials)
    if variance == 0:
        # Nobody (or everybody) in either group: the shares are equal and nothing is real.
        z = p_value = None
    else:
        z = (p1 - p2) / math.sqrt(variance)
        p_value = normal_two_sided_p(z)
    test = ProportionTest(successes, trials, other_successes, other_trials, alpha, z, p_value, None)
    if test.real or p1 == p2:
        return test
    ratio = other_trials / trials
    needed = sample_size(p1, p2, ratio=ratio, alpha=alpha, power_z=power_z)
    group = max(math.ceil(needed) - trials, 1)
    rest = max(math.ceil(needed * ratio) - other_trials, 0)
    return ProportionTest(
        successes, trials, other_successes, other_trials, alpha, z, p_value, MoreNeeded(group, rest)
    )


def sample_size(
    p1: float,
    p2: float,
    *,
    ratio: float = 1.0,
    alpha: float = ALPHA,
    power_z: float = Z_POWER80,
) -> float:
    """Return n1, the size of the first group (the second being ratio * n1) at which a
    two-sided test at alpha would find the difference p1 - p2 with 80% power.

    n1 = (z_a * sqrt(p(1 - p)(1 + 1/k)) + z_b * sqrt(p1(1 - p1) + p2(1 - p2)/k))^2 / (p1 - p2)^2
    with k = ratio, p = (p1 + k p2) / (1 + k), z_a the 1 - alpha/2 normal quantile and z_b
    the power's (0.8416 for 80%).
    """
    if p1 == p2:
        raise ValueError("equal shares: no size shows a difference")
    z_alpha = normal_quantile(1 - alpha / 2)
    pooled = (p1 + ratio * p2) / (1 + ratio)
    null_part = z_alpha * math.sqrt(pooled * (1 - pooled) * (1 + 1 / ratio))
    alternative_part = power_z * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2) / ratio)
    return (null_part + alternative_part) ** 2 / (p1 - p2) ** 2


# Kaplan-Meier.


@dataclass(frozen=True, slots=True)
class SurvivalStep:
    """One day of a survival curve: who was still waiting that morning, who got their answer
    that day, who left the count that day without one, and the share still waiting after it."""

    day: int
    at_risk: int
    events: int
    censored: int
    survival: float


@dataclass(frozen=True, slots=True)
class SurvivalCurve:
    """A Kaplan-Meier curve: one step per day on which something happened, in day order."""

    subjects: int
    events: int
    steps: tuple[SurvivalStep, ...]

    def survival_after(self, day: int) -> float:
        """Return the share still waiting after day days (1.0 before the first answer)."""
        survival = 1.0
        for step in self.steps:
            if step.day > day:
                break
            survival = step.survival
        return survival

    @property
    def longest(self) -> int:
        """The longest time observed, answered or not (0 for an empty curve)."""
        return self.steps[-1].day if self.steps else 0

    def median(self) -> float | None:
        """Return the day after which at most half are still waiting, or None if never.

        Where the curve sits at exactly one half between two answer days, the midpoint of
        those days (so that without silence it is the ordinary median, as R's survfit does).
        """
        answered = [step for step in self.steps if step.events]
        for index, step in enumerate(answered):
            if step.survival < 0.5 - 1e-12:
                return float(step.day)
            if step.survival <= 0.5 + 1e-12:
                later = answered[index + 1].day if index + 1 < len(answered) else step.day
                return (step.day + later) / 2
        return None

    def horizon(self, min_at_risk: int) -> int | None:
        """Return the last answer day on which at least min_at_risk were still waiting that
        morning: how far the curve can be read (None when not even its first answer day)."""
        last = None
        for step in self.steps:
            if step.at_risk < min_at_risk:
                break
            if step.events:
                last = step.day
        return last

    def reply_share(self, until: int) -> float:
        """Return the share that got an answer within until days: 1 - S(until)."""
        return 1 - self.survival_after(until)

    def replies_within(self, share: float, until: int) -> int | None:
        """Return the first day by which `share` of the answers that came within until days
        had come: the smallest d with 1 - S(d) >= share * (1 - S(until))."""
        target = share * self.reply_share(until)
        if target <= 0:
            return None
        for step in self.steps:
            if step.day > until:
                break
            if step.events and 1 - step.survival >= target - 1e-12:
                return step.day
        return None

    def silent_day(self, share: float, until: int) -> int | None:
        """Return the first day d after which, of the applications still waiting, at least
        `share` will never hear back (within until days): S(until) / S(d) >= share."""
        final = self.survival_after(until)
        if final <= 0:
            return None
        # S only changes on answer days, so the first such day (or day 0) is the answer.
        days = [0, *(step.day for step in self.steps if step.events and 0 < step.day <= until)]
        for day in days:
            if final / self.survival_after(day) >= share - 1e-12:
                return day
        return until


def kaplan_meier(observations: Iterable[tuple[int, bool, int]]) -> SurvivalCurve:
    """Return the Kaplan-Meier curve of (days, answered, how many) observations.

    answered False means censored: still waiting when last seen, after that many days.
    S(t) = product over answer days d <= t of (1 - answers_d / waiting_d), where waiting_d
    counts everyone whose time is d or more (answers on a day come before that day's
    censoring, the usual convention for ties). Negative days count as day 0.
    """
    events: Counter[int] = Counter()
    censored: Counter[int] = Counter()
    for days, answered, count in observations:
        if count <= 0:
            continue
        (events if answered else censored)[max(days, 0)] += count
    subjects = sum(events.values()) + sum(censored.values())
    at_risk = subjects
    survival = 1.0
    steps: list[SurvivalStep] = []
    for day in sorted(events.keys() | censored.keys()):
        answered_today, left_today = events[day], censored[day]
        if answered_today:
            survival *= 1 - answered_today / at_risk
        steps.append(SurvivalStep(day, at_risk, answered_today, left_today, survival))
        at_risk -= answered_today + left_today
    return SurvivalCurve(subjects, sum(events.values()), tuple(steps))


# Forecasting.


@dataclass(frozen=True, slots=True)
class Need:
    """How many applications one more success takes: the expected number at the observed rate,
    and the range the rate's 95% interval gives (high is None when the interval reaches 0)."""

    expected: float | None
    low: float | None
    high: float | None


def applications_needed(successes: int, trials: int) -> Need:
    """Return how many applications one more success takes at successes / trials.

    At a rate r each application succeeds with chance r, so the wait for the next success is
    geometric with mean 1 / r; the interval is 1 / high and 1 / low of r's Wilson interval.
    """
    interval = wilson(successes, trials)
    if interval is None:
        return Need(None, None, None)
    low_rate, high_rate = interval
    expected = trials / successes if successes else None
    return Need(
        expected,
        1 / high_rate if high_rate > 0 else None,
        1 / low_rate if low_rate > 0 else None,
    )
