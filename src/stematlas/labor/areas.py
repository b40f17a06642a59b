"""Labor geography: which OEWS wage area and which Workforce Development Area each
county's figures come from, and how a region's counties weigh.

A county's wage area is the OEWS area that holds it (regions/oews_areas.csv), when
the OEWS file has figures for that area; otherwise the state stands in, with the
reason. A region takes the wage area where most of its people live (percentiles
cannot be averaged); jobs that an area or a Workforce Development Area reports are
shared among the regions it spans by population. Pure functions: no warehouse, no
files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

STATE_AREA = "5300000"


@dataclass(frozen=True)
class County:
    fips: str
    name: str
    region_id: str
    region_name: str
    wda_id: str
    population: float


@dataclass(frozen=True)
class WageArea:
    code: str
    title: str
    basis: str  # "area", or why the state stands in, in words
    share: float = 1.0  # the share of the region's people in this wage area
    missing: str = ""  # the OEWS area the state stands in for

    @property
    def is_state_fallback(self) -> bool:
        return self.basis != "area"


def county_wage_area(
    fips: str,
    county_areas: dict[str, tuple[str, str]],
    published: dict[str, str],
) -> WageArea:
    """The wage area of a county: its OEWS area if the file has it, else the
    state. ``county_areas``: fips -> (area code, title); ``published``: area code
    -> title, for the areas the OEWS file holds."""
    state = published.get(STATE_AREA, "Washington")
    if fips not in county_areas:
        return WageArea(STATE_AREA, state, "no OEWS area listed for the county")
    code, title = county_areas[fips]
    if code in published:
        return WageArea(code, published[code], "area")
    return WageArea(
        STATE_AREA, state, f"{title} is not in the OEWS file", missing=title
    )


def region_wage_area(
    counties: list[County],
    county_areas: dict[str, tuple[str, str]],
    published: dict[str, str],
) -> WageArea:
    """The wage area holding most of the region's people (ties: the lower area
    code), with the share of the region it holds."""
    people: dict[str, float] = defaultdict(float)
    areas: dict[str, WageArea] = {}
    for c in counties:
        area = county_wage_area(c.fips, county_areas, published)
        people[area.code] += c.population
        # The state may stand in for several reasons; the first one is kept.
        areas.setdefault(area.code, area)
    total = sum(people.values())
    code = min(people, key=lambda a: (-people[a], a))
    chosen = areas[code]
    share = people[code] / total if total else 1.0
    return WageArea(chosen.code, chosen.title, chosen.basis, share, chosen.missing)


def shares(parts: dict[str, float], wholes: dict[str, float]) -> dict[str, float]:
    """Each unit's share of its whole: ``parts`` (unit -> people of the region in
    it) over ``wholes`` (unit -> all its people)."""
    return {
        unit: (people / wholes[unit] if wholes.get(unit) else 0.0)
        for unit, people in parts.items()
    }


def people_by(counties: list[County], key) -> dict[str, float]:
    """People of the counties by ``key(county)``."""
    out: dict[str, float] = defaultdict(float)
    for c in counties:
        out[key(c)] += c.population
    return dict(out)


def dominant(counties: list[County], key) -> str:
    """The ``key`` value holding most of the counties' people (ties: lowest)."""
    people = people_by(counties, key)
    return min(people, key=lambda k: (-people[k], k))
