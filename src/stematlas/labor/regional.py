"""A region's jobs, openings, growth and demand rating for each occupation.

Figures: ESD's projections for the region's Workforce Development Areas, each
area's figures shared by the part of its people living in the region (a region
that is one whole area takes them as published); without ESD's projections for
every area of the region, estimates from the OEWS employment of the region's wage
areas (shared the same way) times BLS's national growth and openings rates.

Rating: ESD's list for the area where most of the region's people live; else ESD's
rule on that area's projections; else ESD's rule on the region's estimates.
"""

from __future__ import annotations

from dataclasses import dataclass

from .areas import STATE_AREA, County, county_wage_area, dominant, people_by, shares
from .demand import NOT_RATED, Horizon, combined, esd_rule, estimate
from .inputs import Inputs
from .rules import Rules

TOTAL = "00-0000"


@dataclass(frozen=True)
class Figures:
    employment: float | None
    openings: float | None
    growth: float | None  # over the whole horizon, as a fraction
    horizon_years: float | None
    horizons: tuple[Horizon, ...]
    estimated: bool
    basis: str
    source: str  # kinds of source ("oews", "projections", "esd"), joined by "+"
    kind: str  # esd, esd_added, esd_shared, estimate, estimate_state_share


@dataclass(frozen=True)
class Rating:
    status: str
    basis: str
    estimated: bool
    source: str
    # esd_list, esd_list_absent, esd_rule, esd_rule_absent or estimate_rule
    kind: str


def region_figures(
    counties: list[County], inputs: Inputs, socs: list[str]
) -> dict[str, Figures]:
    """soc -> the region's figures."""
    wdas = {c.wda_id for c in counties}
    if wdas and all(any(k[0] == w for k in inputs.esd) for w in wdas):
        return _esd_figures(counties, inputs, socs)
    return _estimated_figures(counties, inputs, socs)


def _esd_figures(counties, inputs: Inputs, socs) -> dict[str, Figures]:
    part = people_by(counties, lambda c: c.wda_id)
    whole = people_by(inputs.counties, lambda c: c.wda_id)
    share = shares(part, whole)
    # A region made of whole areas adds published figures; one that cuts an area
    # takes a share of it, an estimate.
    whole_areas = all(abs(s - 1) < 1e-9 for s in share.values())
    names = ", ".join(sorted(share))
    if not whole_areas:
        basis, kind = f"ESD projections for {names}, shared by population", "esd_shared"
    elif len(share) == 1:
        basis, kind = f"ESD projections for {names}, as published", "esd"
    else:
        basis, kind = f"ESD projections for {names}, added up", "esd_added"
    out = {}
    for soc in socs:
        parts = [(inputs.esd.get((w, soc)), s) for w, s in share.items()]
        if all((row or {}).get("employment_base") is None for row, _ in parts):
            continue  # not projected, or withheld, in every area of the region
        horizons = _esd_horizons(parts)
        ten = horizons[-1]
        out[soc] = Figures(
            employment=ten.base,
            openings=ten.openings,
            growth=(ten.end / ten.base - 1) if ten.base else None,
            horizon_years=ten.years,
            horizons=horizons,
            estimated=not whole_areas,
            basis=basis,
            source="esd",
            kind=kind,
        )
    return out


def _esd_horizons(parts: list[tuple[dict | None, float]]) -> tuple[Horizon, ...]:
    """Five- and ten-year horizons of the summed shares of ESD's rows."""

    def total(name: str) -> float:
        return sum(((row or {}).get(name) or 0.0) * share for row, share in parts)

    first = next(row for row, _ in parts if row is not None)
    years = _span(first)
    base, mid, end = (
        total("employment_base"),
        total("employment_mid"),
        total("employment_end"),
    )
    five = total("total_openings_first")
    ten = (five + total("total_openings_second")) / 2
    return (
        Horizon(base, mid, years / 2, five),
        Horizon(base, end, years, ten),
    )


def _span(row: dict) -> float:
    try:
        return float(int(row["end_year"]) - int(row["base_year"]))
    except (TypeError, ValueError):
        return 10.0


def _estimated_figures(counties, inputs: Inputs, socs) -> dict[str, Figures]:
    parts = _wage_area_parts(counties, inputs)
    wa_people = sum(c.population for c in inputs.counties)
    out = {}
    for soc in socs:
        national = inputs.national.get(soc)
        if national is None:
            continue
        employment, fallback = _employment(soc, parts, inputs, wa_people)
        if employment is None:
            continue
        found = estimate(employment, national)
        if found is None:
            continue
        basis = "BLS wage-survey employment times national projection rates"
        if fallback:
            basis += "; part of it the state's employment shared by population"
        out[soc] = Figures(
            employment=found.employment,
            openings=found.openings,
            growth=found.projected / found.employment - 1 if found.employment else None,
            horizon_years=found.years,
            horizons=(found.horizon,),
            estimated=True,
            basis=basis,
            source="oews+projections",
            kind="estimate_state_share" if fallback else "estimate",
        )
    return out


def _wage_area_parts(counties, inputs: Inputs) -> list[tuple[str, float, float]]:
    """(wage area, the region's people in it, all its Washington people)."""

    def area(c: County) -> str:
        return county_wage_area(c.fips, inputs.county_areas, inputs.published).code

    part = people_by(counties, area)
    whole = people_by(inputs.counties, area)
    return [(a, p, whole[a]) for a, p in sorted(part.items())]


def _employment(soc, parts, inputs: Inputs, wa_people: float):
    """The region's jobs in an occupation, and whether the state's employment
    stood in for an area's."""
    state = (inputs.oews.get((STATE_AREA, soc)) or {}).get("employment")
    total, fallback = 0.0, False
    for code, people, whole in parts:
        jobs = (
            None
            if code == STATE_AREA
            else ((inputs.oews.get((code, soc)) or {}).get("employment"))
        )
        if jobs is not None and whole > 0:
            total += jobs * people / whole
        elif state is not None and wa_people > 0:
            total += state * people / wa_people
            fallback = True
    if state is None and total == 0:
        return None, fallback
    return total, fallback


def region_ratings(
    counties: list[County],
    inputs: Inputs,
    figures: dict[str, Figures],
    rules: Rules,
    socs: list[str],
) -> dict[str, Rating]:
    """soc -> the region's demand rating. ESD's list and ESD's projections rate
    every occupation they hold, with or without figures for the region."""
    wda = dominant(counties, lambda c: c.wda_id) if counties else ""
    if any(k[0] == wda for k in inputs.demand):
        return {
            soc: Rating(
                inputs.demand.get((wda, soc), NOT_RATED),
                f"ESD Occupations in Demand for {wda}"
                + ("" if (wda, soc) in inputs.demand else " (not on the list)"),
                False,
                "esd_demand",
                "esd_list" if (wda, soc) in inputs.demand else "esd_list_absent",
            )
            for soc in socs
        }
    if any(k[0] == wda for k in inputs.esd):
        return _rule_on_esd(wda, inputs, socs, rules)
    return _rule_on_estimates(figures, rules)


def _rule_on_esd(wda: str, inputs: Inputs, socs, rules: Rules) -> dict[str, Rating]:
    total = inputs.esd.get((wda, TOTAL))
    detailed = [
        r for (w, _), r in inputs.esd.items() if w == wda and r["level"] == "detailed"
    ]
    area = _esd_horizons([(total, 1.0)]) if total else _summed(detailed)
    out = {}
    for soc in socs:
        row = inputs.esd.get((wda, soc))
        if row is None:
            why = f"not in ESD's projections for {wda}"
            out[soc] = Rating(NOT_RATED, why, False, "esd", "esd_rule_absent")
            continue
        status, why = esd_rule(list(_esd_horizons([(row, 1.0)])), list(area), rules)
        basis = f"ESD's rule applied to ESD's projections for {wda}: {why}"
        out[soc] = Rating(status, basis, False, "esd", "esd_rule")
    return out


def _summed(rows: list[dict]) -> tuple[Horizon, ...]:
    return _esd_horizons([(r, 1.0) for r in rows]) if rows else ()


def _rule_on_estimates(figures: dict[str, Figures], rules: Rules) -> dict[str, Rating]:
    area = combined([f.horizons[0] for f in figures.values() if f.horizons])
    out = {}
    for soc, f in figures.items():
        status, why = esd_rule([f.horizons[0]], [area], rules)
        basis = f"ESD's rule applied to estimates: {why}"
        out[soc] = Rating(status, basis, True, "oews+projections", "estimate_rule")
    return out
