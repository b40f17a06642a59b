"""The regional job lists: every occupation of every region for every household,
with its wage against the living wage, its jobs, openings, growth, demand rating
and credential, written into the warehouse for the pages and the API.

``compute(con, rules)`` reads only tables the sources wrote (and the places and
county shapes the build wrote) and writes ``careers``, ``career_pathways``,
``career_offerings``, ``career_colleges``, ``career_rules`` and ``career_notes``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass

from ..warehouse.schema import (
    CAREER_COLUMNS,
    CAREER_NOTE_COLUMNS,
    CAREER_RULE_COLUMNS,
)
from ..warehouse.store import write_table
from .areas import County, region_wage_area
from .credential import credential_level
from .demand import IN_DEMAND, NOT_RATED
from .inputs import Inputs, read_inputs
from .regional import Figures, Rating, region_figures, region_ratings
from .rules import Rules
from .supply import write_pathways
from .wages import is_family_wage, region_living_wage, region_wage

# Which source files each kind of figure comes from.
KINDS = {
    "oews": ("bls_oews",),
    "projections": ("bls_projections", "bls_projections_workbook"),
    "esd": ("esd_projections",),
    "esd_demand": ("esd_demand",),
    "living_wage": ("mit_living_wage",),
    "population": ("urban_county_population",),
    "oews_areas": ("regions_oews_areas",),
}


@dataclass
class CareerReport:
    rows: int = 0
    regions: int = 0
    households: int = 0
    notes: list[tuple[str, str, str, dict]] | None = None


def compute(con, rules: Rules) -> CareerReport:
    inputs = read_inputs(con)
    notes = general_notes(inputs, rules)
    rows: list[list] = []
    regions = _regions(inputs.counties)
    openings: dict[tuple[str, str], float | None] = {}
    for region_id, counties in regions.items():
        for row in region_rows(region_id, counties, inputs, rules, notes):
            rows.append([row.get(c) for c, _ in CAREER_COLUMNS])
            openings[(region_id, row["soc"])] = row["openings"]
    write_table(con, "careers", CAREER_COLUMNS, rows)
    write_pathways(con, inputs, regions, openings, notes)
    household = _default_household(inputs, rules)
    label = inputs.households.get(household, household)
    parameters = json.dumps(_parameters(rules))
    write_table(
        con,
        "career_rules",
        CAREER_RULE_COLUMNS,
        (
            [r["id"], r["title"], r["explanation"], r["template"],
             json.dumps(r["values"]), parameters]
            for r in rules.explained(label)
        ),
    )  # fmt: skip
    write_table(
        con,
        "career_notes",
        CAREER_NOTE_COLUMNS,
        (
            [region, topic, template.format(**values), template, json.dumps(values)]
            for region, topic, template, values in notes
        ),
    )
    return CareerReport(len(rows), len(regions), len(inputs.households), notes)


def _regions(counties: list[County]) -> dict[str, list[County]]:
    out: dict[str, list[County]] = defaultdict(list)
    for c in counties:
        out[c.region_id].append(c)
    return dict(sorted(out.items()))


def _parameters(rules: Rules) -> dict:
    values = asdict(rules)
    values.pop("texts")
    values["percentile_label"] = rules.percentile_label
    return values


def _default_household(inputs: Inputs, rules: Rules) -> str:
    if rules.household in inputs.households or not inputs.households:
        return rules.household
    return next(iter(inputs.households))


def occupations(inputs: Inputs) -> dict[str, str]:
    """soc -> title: the detailed occupations of the wage file, then those only
    the projections hold."""
    titles: dict[str, str] = {}
    for (_, soc), row in sorted(inputs.oews.items()):
        if row.get("level") == "detailed":
            titles.setdefault(soc, row["title"])
    for soc, row in sorted(inputs.national.items()):
        titles.setdefault(soc, row["title"])
    for (_, soc), row in sorted(inputs.esd.items()):
        if row.get("level") == "detailed":
            titles.setdefault(soc, row["title"])
    return titles


def region_rows(region_id, counties, inputs: Inputs, rules: Rules, notes) -> list:
    """Every occupation of one region, once per household."""
    titles = occupations(inputs)
    figures = region_figures(counties, inputs, list(titles))
    ratings = region_ratings(counties, inputs, figures, rules, list(titles))
    area = region_wage_area(counties, inputs.county_areas, inputs.published)
    if area.is_state_fallback:
        notes.append(_wage_note(region_id, area))
    weighted = inputs.population_year is not None
    living = {
        h: region_living_wage(counties, inputs.living.get(h, {}), weighted)
        for h in inputs.households
    }
    out = []
    for soc, title in titles.items():
        base = _occupation(soc, title, area, inputs, rules, figures, ratings)
        base["region_id"], base["region_name"] = region_id, counties[0].region_name
        for household, label in inputs.households.items():
            out.append(_with_household(base, household, label, living[household]))
    return out


def _occupation(soc, title, area, inputs: Inputs, rules: Rules, figures, ratings):
    wage = region_wage(soc, area, inputs.oews, rules)
    f: Figures | None = figures.get(soc)
    rating: Rating | None = ratings.get(soc)
    national = inputs.national.get(soc) or {}
    level = credential_level(national.get("education"), rules)
    estimated = bool((f and f.estimated) or (rating and rating.estimated))
    kinds = {"oews", "living_wage", "projections"}
    kinds |= set((f.source if f else "").split("+")) | set(
        (rating.source if rating else "").split("+")
    )
    if inputs.population_year:
        kinds.add("population")
    if inputs.county_areas:
        kinds.add("oews_areas")
    status = rating.status if rating else NOT_RATED
    return {
        "soc": soc,
        "title": title,
        "wage_percentile": rules.percentile,
        "wage_hourly": _cents(wage.hourly),
        "median_hourly": _cents(wage.median),
        "wage_status": wage.status,
        "wage_area": wage.area_title,
        "wage_basis": wage.basis,
        "wage_kind": wage.kind,
        "employment": _whole(f.employment if f else None),
        "openings": _whole(f.openings if f else None),
        "growth": f.growth if f else None,
        "growth_years": f.horizon_years if f else None,
        "demand_status": status,
        "in_demand": status == IN_DEMAND,
        "demand_basis": rating.basis if rating else "no projections for it",
        "demand_kind": rating.kind if rating else "none",
        "education": national.get("education"),
        "credential": level.id if level else None,
        "credential_label": level.label if level else None,
        "beyond_high_school": level.beyond_high_school if level else None,
        "estimated": estimated,
        "figures_basis": f.basis if f else "no projections for it",
        "figures_kind": f.kind if f else "none",
        "method": "estimated" if estimated else "published",
        "wage_period": inputs.wage_period,
        "living_wage_period": inputs.living_period,
        "period_note": period_note(inputs.wage_period, inputs.living_period),
        "source": "+".join(_source_ids(kinds, inputs.found)),
        "_wage": wage,
    }


def _with_household(base: dict, household: str, label: str, living) -> dict:
    row = {k: v for k, v in base.items() if k != "_wage"}
    row["household"], row["household_label"] = household, label
    row["living_wage"] = living.hourly if living else None
    row["living_wage_basis"] = living.basis if living else "no living wage loaded"
    row["family_wage"] = is_family_wage(base["_wage"], row["living_wage"])
    return row


def _source_ids(kinds: set[str], found: set[str]) -> list[str]:
    ids = {i for k in kinds for i in KINDS.get(k, ()) if i in found}
    return sorted(ids)


def _cents(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _whole(value: float | None) -> float | None:
    return None if value is None else round(value)


def period_note(wage_period: str, living_period: str) -> str:
    """What a reader must know when the wages and the living wages are of
    different years."""
    if not wage_period or not living_period or wage_period == living_period:
        return ""
    return (
        f"Wages are for May {wage_period}, living wages for {living_period}: the "
        "living wage is compared as published, not brought to the wages' year."
    )


def _wage_note(region_id: str, area) -> tuple[str, str, str, dict]:
    if area.missing:
        return region_id, "wages", WAGE_NOTE_MISSING, {"area": area.missing}
    return region_id, "wages", WAGE_NOTE_NO_AREA, {}


WAGE_NOTE_MISSING = (
    "Wages are the state's figures: {area}, where most of the region's people "
    "live, is not in the OEWS file."
)
WAGE_NOTE_NO_AREA = (
    "Wages are the state's figures: no OEWS area is listed for the region's counties."
)


def general_notes(inputs: Inputs, rules: Rules) -> list[tuple[str, str, str, dict]]:
    """What holds for every region: files not loaded, how counties weigh; each
    as (region, topic, template, values)."""
    year = inputs.population_year
    unknown = sorted(
        {
            r["education"]
            for r in inputs.national.values()
            if r.get("education") and credential_level(r["education"], rules) is None
        }
    )
    methods = sorted({r.get("openings_method") or "" for r in inputs.esd.values()})
    checks = [
        (bool(inputs.esd), "demand", ESD_METHOD, {"methods": "; ".join(methods)}),
        (not inputs.oews, "wages", NO_WAGES, {}),
        (not inputs.living, "living_wage", NO_LIVING_WAGE, {}),
        (bool(year), "population", WEIGHTED, {"year": year}),
        (not year, "population", NO_POPULATION, {}),
        (not inputs.county_areas, "wages", NO_AREAS, {}),
        (not inputs.esd and not inputs.demand, "demand", NO_ESD, {}),
        (bool(unknown), "credential", UNKNOWN_EDUCATION,
         {"wordings": ", ".join(unknown)}),
        (
            bool(inputs.households) and rules.household not in inputs.households,
            "living_wage",
            NO_HOUSEHOLD,
            {"household": rules.household},
        ),
    ]  # fmt: skip
    return [("state", t, text, v) for holds, t, text, v in checks if holds]


ESD_METHOD = (
    "ESD publishes openings by two methods; the projections loaded use: {methods}."
)
NO_WAGES = "No OEWS wage file is loaded: no wages, no family-wage jobs."
NO_LIVING_WAGE = (
    "No living wage file is loaded: whether a job pays a family wage is unknown."
)
WEIGHTED = "Counties are weighted by their {year} population."
NO_POPULATION = (
    "No county population is loaded: counties weigh equally in a region's living "
    "wage and in its share of an area's jobs."
)
NO_AREAS = (
    "No crosswalk of counties to OEWS areas is loaded (regions/oews_areas.csv): "
    "every region takes the state's wages."
)
NO_ESD = (
    "ESD's projections and Occupations in Demand list are not loaded: jobs, "
    "openings and demand ratings are estimates from national rates."
)
UNKNOWN_EDUCATION = (
    "BLS education wordings no credential level lists (add them to "
    "labor/rules.toml): {wordings}."
)
NO_HOUSEHOLD = (
    "The rules' household {household} is not in the living wage file; the first "
    "household stands in."
)
