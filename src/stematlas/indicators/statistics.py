"""Confidence intervals and tests for the rates the atlas shows.

Three kinds of figure need an interval: a proportion from counts (Wilson score
interval), a proportion derived from two survey estimates that carry published
margins of error (the Census Bureau's approximation for the American Community
Survey), and a difference between two proportions (Newcombe's interval from the
two Wilson intervals).
Pure arithmetic: no file or database access here.
"""

from __future__ import annotations

from math import sqrt

Z95 = 1.959963984540054  # two-sided 95%: the normal quantile at 0.975
ACS_Z = 1.645  # the Census Bureau publishes ACS margins of error at 90% with this z


def wilson(numerator: float, denominator: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for ``numerator`` successes out of
    ``denominator``, clipped to 0..1.

    Unlike the textbook p +/- z*se interval it never leaves 0..1 and does not
    collapse to a point at 0 or 100%, which is what small groups produce. The
    bounds are exact at the edges: 0 of n has lower bound 0, n of n upper bound 1.
    """
    if denominator <= 0:
        raise ValueError(f"denominator must be positive, got {denominator}")
    if numerator < 0 or numerator > denominator:
        raise ValueError(f"numerator {numerator} is outside 0..{denominator}")

    p = numerator / denominator
    z2n = z * z / denominator
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * sqrt(p * (1 - p) / denominator + z2n / denominator / 4)

    lower = 0.0 if numerator == 0 else max(0.0, centre - half)
    upper = 1.0 if numerator == denominator else min(1.0, centre + half)
    return lower, upper


def acs_proportion_interval(
    num: float, num_moe: float, den: float, den_moe: float, z: float = 1.96
) -> tuple[float, float]:
    """An interval for the proportion ``num / den`` of two ACS estimates, from
    their published 90% margins of error, at the confidence that ``z`` names.

    The Census Bureau's approximation for a proportion whose numerator is a subset
    of its denominator: MOE = sqrt(num_moe^2 - p^2 * den_moe^2) / den. Where the
    quantity under the root is negative, the Bureau says to add instead of
    subtract (the ratio form). The 90% margin becomes a standard error
    (divided by 1.645) and then a margin at ``z``; the bounds are clipped to 0..1.
    """
    if den <= 0:
        raise ValueError(f"denominator must be positive, got {den}")
    if num < 0 or num > den:
        raise ValueError(f"numerator {num} is outside 0..{den}")
    if num_moe < 0 or den_moe < 0:
        raise ValueError("margins of error cannot be negative")

    p = num / den
    radicand = num_moe**2 - p**2 * den_moe**2
    if radicand < 0:
        radicand = num_moe**2 + p**2 * den_moe**2
    margin = sqrt(radicand) / den / ACS_Z * z
    return max(0.0, p - margin), min(1.0, p + margin)


def acs_sum_moe(moes: list[float]) -> float:
    """The margin of error of a sum of ACS estimates: the root of the sum of the
    squared margins (the Census Bureau's approximation, which ignores the
    covariance between the parts). An empty sum has no error."""
    return sqrt(sum(m * m for m in moes))


def difference_significant(
    p1: float | None,
    n1: float | None,
    p2: float | None,
    n2: float | None,
    z: float = 1.96,
) -> bool | None:
    """Whether two proportions differ beyond chance: whether Newcombe's interval
    for their difference, built from the two Wilson intervals, leaves out zero.

    With d = p1 - p2 and Wilson intervals (l1, u1), (l2, u2) at ``z`` the
    difference lies in [d - sqrt((p1 - l1)^2 + (u2 - p2)^2),
    d + sqrt((u1 - p1)^2 + (p2 - l2)^2)] (Newcombe 1998, the hybrid score
    method). Unlike the textbook z test on sqrt(p1(1-p1)/n1 + p2(1-p2)/n2), it
    does not call 0 of 50 against 4 of 50 a change: a rate at 0 or 100% has no
    standard error there, but its Wilson interval still has a width.

    None when a proportion or a group size is missing, or a size is not positive:
    there is nothing to test.
    """
    if p1 is None or p2 is None or n1 is None or n2 is None:
        return None
    if n1 <= 0 or n2 <= 0:
        return None

    l1, u1 = wilson(min(p1 * n1, n1), n1, z)
    l2, u2 = wilson(min(p2 * n2, n2), n2, z)
    d = p1 - p2
    lower = d - sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    upper = d + sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return lower > 0 or upper < 0


def intervals_differ(
    p1: float,
    interval1: tuple[float, float],
    p2: float,
    interval2: tuple[float, float],
    z: float = 1.96,
) -> bool | None:
    """Whether two survey estimates differ beyond their sampling error, reading each
    one's standard error off its 95% interval (half its width over ``z``): the
    test the Census Bureau gives for ACS estimates, |p1 - p2| > z * sqrt(se1^2 +
    se2^2). None when an interval is missing."""
    if None in (*interval1, *interval2):
        return None
    se1 = (interval1[1] - interval1[0]) / (2 * z)
    se2 = (interval2[1] - interval2[0]) / (2 * z)
    se = sqrt(se1 * se1 + se2 * se2)
    if se == 0:
        return p1 != p2
    return abs(p1 - p2) > z * se
