"""Intervals and significance tests against hand-worked and published values."""

from __future__ import annotations

from math import sqrt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stematlas.indicators.statistics import (
    acs_proportion_interval,
    acs_sum_moe,
    difference_significant,
    wilson,
)

Z = 1.959963984540054


def score_roots(x: float, n: float, z: float = Z) -> tuple[float, float]:
    """The Wilson bounds worked out another way: the two values of the true
    proportion q at which the observed p sits exactly z standard errors away,
    (p - q)^2 = z^2 q (1 - q) / n, a quadratic in q."""
    p = x / n
    a = 1 + z * z / n
    b = -(2 * p + z * z / n)
    c = p * p
    root = sqrt(b * b - 4 * a * c)
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


@pytest.mark.parametrize("x, n", [(1161, 2688), (1, 29), (37, 40), (5, 12)])
def test_wilson_matches_the_score_equation(x, n):
    lower, upper = wilson(x, n)
    expected = score_roots(x, n)
    assert lower == pytest.approx(expected[0], abs=1e-12)
    assert upper == pytest.approx(expected[1], abs=1e-12)


def test_wilson_of_1161_in_2688():
    lower, upper = wilson(1161, 2688)
    assert (round(lower, 4), round(upper, 4)) == (0.4133, 0.4507)


def test_wilson_at_the_edges_is_exact():
    # 0 of 10: lower 0, upper z^2 / (n + z^2); 10 of 10 mirrors it.
    edge = Z * Z / (10 + Z * Z)
    assert wilson(0, 10) == (0.0, pytest.approx(edge))
    assert wilson(10, 10) == (pytest.approx(1 - edge), 1.0)
    assert round(edge, 4) == 0.2775


# Newcombe RG (1998), "Two-sided confidence intervals for the single proportion:
# comparison of seven methods", Statistics in Medicine 17:857-872, worked examples
# for the score method without continuity correction, to four decimals.
NEWCOMBE = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize("x, n, lower, upper", NEWCOMBE)
def test_wilson_matches_newcombe(x, n, lower, upper):
    got = wilson(x, n)
    assert (round(got[0], 4), round(got[1], 4)) == (lower, upper)


def test_wilson_other_confidence():
    # A wider z gives a wider interval around the same counts.
    narrow = wilson(30, 100, z=1.645)
    wide = wilson(30, 100, z=2.576)
    assert wide[0] < narrow[0] < 0.3 < narrow[1] < wide[1]


@pytest.mark.parametrize("x, n", [(0, 0), (1, 0), (-1, 10), (11, 10), (1, -5)])
def test_wilson_rejects_impossible_counts(x, n):
    with pytest.raises(ValueError):
        wilson(x, n)


counts = st.integers(min_value=1, max_value=1_000_000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@given(counts)
def test_wilson_contains_p_and_stays_in_range(pair):
    x, n = pair
    lower, upper = wilson(x, n)
    assert 0.0 <= lower <= x / n <= upper <= 1.0
    assert lower < upper


@given(counts, st.integers(min_value=2, max_value=50))
def test_wilson_narrows_as_n_grows(pair, factor):
    x, n = pair
    small = wilson(x, n)
    large = wilson(x * factor, n * factor)
    assert large[1] - large[0] < small[1] - small[0]


def test_acs_proportion_subtracts_the_denominator_margin():
    # p = 0.2; sqrt(50^2 - 0.2^2 * 80^2) / 1000 = sqrt(2244) / 1000 at 90%.
    margin90 = sqrt(2244) / 1000
    lower, upper = acs_proportion_interval(200, 50, 1000, 80, z=1.645)
    assert lower == pytest.approx(0.2 - margin90)
    assert upper == pytest.approx(0.2 + margin90)

    margin95 = margin90 / 1.645 * 1.96
    lower, upper = acs_proportion_interval(200, 50, 1000, 80)
    assert (lower, upper) == (
        pytest.approx(0.2 - margin95),
        pytest.approx(0.2 + margin95),
    )


def test_acs_proportion_adds_when_the_radicand_is_negative():
    # p = 0.9; 30^2 - 0.81 * 100^2 < 0, so sqrt(30^2 + 0.81 * 100^2) / 1000.
    margin90 = sqrt(900 + 8100) / 1000
    lower, upper = acs_proportion_interval(900, 30, 1000, 100, z=1.645)
    assert lower == pytest.approx(0.9 - margin90)
    assert upper == pytest.approx(0.9 + margin90)
    # At 95% the upper bound would pass 100%: clipped.
    assert acs_proportion_interval(900, 30, 1000, 100)[1] == 1.0


def test_acs_proportion_clips_at_zero():
    lower, upper = acs_proportion_interval(5, 40, 1000, 10)
    assert lower == 0.0
    assert upper == pytest.approx(
        0.005 + sqrt(1600 - 0.000025 * 100) / 1000 / 1.645 * 1.96
    )


def test_acs_proportion_without_margins_is_a_point():
    assert acs_proportion_interval(250, 0, 1000, 0) == (0.25, 0.25)


@pytest.mark.parametrize(
    "args", [(1, 1, 0, 1), (5, 1, -10, 1), (11, 1, 10, 1), (5, -1, 10, 1)]
)
def test_acs_proportion_rejects_impossible_input(args):
    with pytest.raises(ValueError):
        acs_proportion_interval(*args)


def test_acs_sum_moe():
    assert acs_sum_moe([3, 4]) == 5.0
    assert acs_sum_moe([12]) == 12.0
    assert acs_sum_moe([]) == 0.0
    assert acs_sum_moe([1, 2, 2]) == 3.0


def test_difference_significant_depends_on_size():
    # 0.5 against 0.6: se = sqrt(0.25/n + 0.24/n) = 0.07 at n = 100.
    assert difference_significant(0.5, 100, 0.6, 100) is False
    assert difference_significant(0.5, 1000, 0.6, 1000) is True
    # With z = 1 the threshold is 0.07 < 0.1.
    assert difference_significant(0.5, 100, 0.6, 100, z=1.0) is True


def test_difference_significant_is_symmetric_and_strict():
    assert difference_significant(0.6, 1000, 0.5, 400) is difference_significant(
        0.5, 400, 0.6, 1000
    )
    # Equal proportions never differ.
    assert difference_significant(0.3, 10_000, 0.3, 10_000) is False


@pytest.mark.parametrize(
    "args",
    [
        (0.5, None, 0.6, 100),
        (0.5, 100, 0.6, 0),
        (None, 100, 0.6, 100),
        (0.5, 0, 0.6, -3),
    ],
)
def test_difference_needs_both_sizes(args):
    assert difference_significant(*args) is None


def test_difference_at_the_edges():
    assert difference_significant(0.0, 20, 1.0, 20) is True
    assert difference_significant(0.0, 20, 0.0, 30) is False


def test_a_rate_at_zero_still_has_an_interval():
    # 0 of 50 against 4 of 50: the z test's standard error ignores the zero
    # side (sqrt(0.08 * 0.92 / 50) = 0.038, and 0.08 > 1.96 * 0.038), but the
    # Wilson intervals [0, 7.1%] and [3.2%, 18.8%] overlap, and Fisher's exact
    # test gives p = 0.12: no significant change.
    assert difference_significant(0.0, 50, 0.08, 50) is False
    assert difference_significant(0.0, 200, 0.08, 200) is True


def newcombe_bounds(x1, n1, x2, n2):
    """Newcombe's method 10, worked from the score roots (no shared code)."""
    l1, u1 = score_roots(x1, n1)
    l2, u2 = score_roots(x2, n2)
    p1, p2 = x1 / n1, x2 / n2
    d = p1 - p2
    return (
        d - sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
        d + sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
    )


def test_newcombe_worked_example():
    # Newcombe RG (1998), "Interval estimation for the difference between
    # independent proportions", Statistics in Medicine 17:873-890, example (a):
    # 56/70 against 48/80, method 10 gives 0.0524 to 0.3339.
    lower, upper = newcombe_bounds(56, 70, 48, 80)
    assert (round(lower, 4), round(upper, 4)) == (0.0524, 0.3339)
    assert difference_significant(56 / 70, 70, 48 / 80, 80, z=Z) is True


@given(
    st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
)
def test_significance_is_the_newcombe_interval_leaving_out_zero(a, b):
    (x1, n1), (x2, n2) = a, b
    lower, upper = newcombe_bounds(x1, n1, x2, n2)
    if min(abs(lower), abs(upper)) < 1e-9:
        return  # on the edge: float noise decides
    expected = lower > 0 or upper < 0
    assert difference_significant(x1 / n1, n1, x2 / n2, n2, z=Z) is expected
