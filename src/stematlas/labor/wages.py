"""Wages and living wages of a region, and the family-wage rule.

``region_wage`` takes an occupation's wage at the chosen percentile from the
region's wage area, falling back to the state figure where BLS did not publish the
area's; an annual-only wage goes on an hourly footing over the rules' full-time
hours, and a top-coded wage is known only to be at or above BLS's top code.
``region_living_wage`` weights the counties' living wages by population. Pure
functions on plain rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from .areas import STATE_AREA, County, WageArea
from .rules import Rules


@dataclass(frozen=True)
class Wage:
    hourly: float | None  # at the chosen percentile
    median: float | None
    status: str  # ok, annual_only, top_coded, not_published
    area_code: str
    area_title: str
    basis: str  # where the figure comes from, in words
    # published: the area's figure; state_for_region: the region's area is not in
    # the file; state_for_occupation: the area's figure was not published.
    kind: str = "published"

    @property
    def top_coded(self) -> bool:
        return self.status == "top_coded"


@dataclass(frozen=True)
class LivingWage:
    hourly: float
    counties: int  # counties with a living wage
    of: int  # counties in the region
    basis: str


def wage_of(row: dict | None, percentile: int, rules: Rules) -> tuple:
    """(hourly wage at the percentile, hourly median, status) of an OEWS row."""
    if row is None:
        return None, None, "not_published"
    column = "median" if percentile == 50 else f"pct{percentile}"
    hourly, median = row.get(f"h_{column}"), row.get("h_median")
    if hourly is not None:
        return hourly, median, "ok"
    markers = (row.get("markers") or "").split(";")
    if f"h_{column}=#" in markers or f"a_{column}=#" in markers:
        return None, median, "top_coded"
    if row.get("wage_status") == "top_coded" and percentile >= 50:
        return None, median, "top_coded"
    annual = row.get(f"a_{column}")
    if annual is not None:
        to_hourly = rules.hours_per_year
        a_median = row.get("a_median")
        return (
            annual / to_hourly,
            (a_median / to_hourly if a_median else None),
            ("annual_only"),
        )
    return None, None, "not_published"


def region_wage(
    soc: str, area: WageArea, oews: dict[tuple[str, str], dict], rules: Rules
) -> Wage:
    """The occupation's wage in the region: the area's figure, else the state's."""
    hourly, median, status = wage_of(
        oews.get((area.code, soc)), rules.percentile, rules
    )
    basis = _basis(area, status)
    if status == "not_published" and area.code != STATE_AREA:
        hourly, median, status = wage_of(
            oews.get((STATE_AREA, soc)), rules.percentile, rules
        )
        state = oews.get((STATE_AREA, soc), {}).get("area_title", "Washington")
        basis = f"{state} figure: BLS did not publish it for {area.title}"
        if status == "annual_only":
            basis += "; " + _annual(rules)
        kind = "state_for_occupation"
        return Wage(hourly, median, status, STATE_AREA, state, basis, kind)
    kind = "state_for_region" if area.is_state_fallback else "published"
    return Wage(hourly, median, status, area.code, area.title, basis, kind)


def _basis(area: WageArea, status: str) -> str:
    if area.basis == "area":
        text = f"{area.title}, as published"
    else:
        text = f"{area.title} figure: {area.basis}"
    if status == "annual_only":
        text += "; annual wage over full-time hours"
    return text


def _annual(rules: Rules) -> str:
    return f"annual wage over {rules.hours_per_year:,.0f} hours"


def is_family_wage(wage: Wage, living_wage: float | None) -> bool | None:
    """At or above the living wage; None where either figure is unknown. A
    top-coded wage is above any living wage BLS's top code could meet."""
    if living_wage is None:
        return None
    if wage.top_coded:
        return True
    if wage.hourly is None:
        return None
    return wage.hourly >= living_wage


def region_living_wage(
    counties: list[County], county_wages: dict[str, float], weighted: bool = True
) -> LivingWage | None:
    """The counties' living wages weighted by population (or equally, where no
    population is loaded); None when no county has one."""
    known = [c for c in counties if c.fips in county_wages]
    if not known:
        return None
    weights = [c.population if weighted else 1.0 for c in known]
    total = sum(weights)
    if total <= 0:
        weights, total = [1.0] * len(known), float(len(known))
    value = sum(w * county_wages[c.fips] for w, c in zip(weights, known, strict=True))
    how = "weighted by population" if weighted else "weighted equally"
    if len(known) == 1:
        basis = f"{known[0].name} County"
    else:
        basis = f"{len(known)} counties {how}"
    if len(known) < len(counties):
        missing = sorted(c.name for c in counties if c.fips not in county_wages)
        basis += f" (no living wage for {', '.join(missing)})"
    return LivingWage(round(value / total, 2), len(known), len(counties), basis)
