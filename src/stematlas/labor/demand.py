"""Demand: ESD's rule for rating occupations in demand, and the estimates it is
applied to where ESD's projections are not loaded.

ESD's rule, for each projection horizon: an occupation with at least 50 jobs in the
base year whose average annual growth is at least 90% of its area's and which holds
at least 0.08% of the area's openings is in demand; one growing at less than 70% of
the area's rate and holding less than 1% of its openings is not in demand. In demand
on one horizon and not in demand on another is balanced, as is an occupation that
is neither (the thresholds are parameters in rules.toml). Pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import Rules

IN_DEMAND = "in demand"
NOT_IN_DEMAND = "not in demand"
BALANCED = "balanced"
NOT_RATED = "not rated"
# Growth rates come out of powers and roots: a rate exactly at a threshold must not
# miss it by a rounding error.
EPSILON = 1e-12


@dataclass(frozen=True)
class Horizon:
    """Employment at the start and end of a projection, its length in years and
    the average annual openings over it."""

    base: float
    end: float
    years: float
    openings: float

    @property
    def annual_growth(self) -> float:
        if self.base <= 0 or self.years <= 0:
            return 0.0
        return (max(self.end, 0.0) / self.base) ** (1 / self.years) - 1


def rate_horizon(occupation: Horizon, area: Horizon, rules: Rules) -> str | None:
    """in demand, not in demand, or None (neither) on one horizon."""
    growth, area_growth = occupation.annual_growth, area.annual_growth
    share = occupation.openings / area.openings if area.openings > 0 else 0.0
    if (
        growth >= rules.in_demand_growth_ratio * area_growth - EPSILON
        and share >= rules.in_demand_min_share - EPSILON
    ):
        return IN_DEMAND
    if (
        growth < rules.not_in_demand_growth_ratio * area_growth - EPSILON
        and share < rules.not_in_demand_max_share - EPSILON
    ):
        return NOT_IN_DEMAND
    return None


def esd_rule(
    occupation: list[Horizon], area: list[Horizon], rules: Rules
) -> tuple[str, str]:
    """The status over every horizon, and why, in words."""
    if not occupation or occupation[0].base < rules.min_base_employment:
        jobs = occupation[0].base if occupation else 0
        return NOT_RATED, (
            f"fewer than {rules.min_base_employment:g} jobs in the base year "
            f"({jobs:,.0f})"
        )
    found = {rate_horizon(o, a, rules) for o, a in zip(occupation, area, strict=True)}
    if IN_DEMAND in found and NOT_IN_DEMAND in found:
        return BALANCED, "in demand on one horizon, not in demand on another"
    if IN_DEMAND in found:
        return IN_DEMAND, "growth and share of openings at or above ESD's thresholds"
    if NOT_IN_DEMAND in found:
        return NOT_IN_DEMAND, "growth and share of openings below ESD's thresholds"
    return BALANCED, "neither in demand nor not in demand by ESD's thresholds"


@dataclass(frozen=True)
class Estimate:
    """An occupation's figures in a region from its employment there and the
    national projection rates."""

    employment: float
    projected: float
    openings: float
    years: float

    @property
    def horizon(self) -> Horizon:
        return Horizon(self.employment, self.projected, self.years, self.openings)


def estimate(employment: float, national: dict) -> Estimate | None:
    """Regional employment times the national growth and openings rates of BLS's
    projections (``national``: employment_base, employment_projected, openings,
    base_year, projected_year); None without a national base."""
    base = national.get("employment_base") or 0.0
    if base <= 0 or national.get("employment_projected") is None:
        return None
    growth = national["employment_projected"] / base
    openings_rate = (national.get("openings") or 0.0) / base
    years = _years(national)
    return Estimate(employment, employment * growth, employment * openings_rate, years)


def _years(row: dict) -> float:
    try:
        return float(int(row["projected_year"]) - int(row["base_year"]))
    except (KeyError, TypeError, ValueError):
        return 10.0  # BLS's projections span ten years


def combined(horizons: list[Horizon]) -> Horizon:
    """An area's total over its occupations' horizons (of the same length)."""
    if not horizons:
        return Horizon(0.0, 0.0, 10.0, 0.0)
    return Horizon(
        sum(h.base for h in horizons),
        sum(h.end for h in horizons),
        horizons[0].years,
        sum(h.openings for h in horizons),
    )
