"""Observations for places the agency did not publish, summed from those it did.

The rules of the field (DESIGN.md, "Aggregation rules"):
1. never average rates: sum numerators and denominators, then divide;
2. a figure the agency published for exactly that place and group is the figure;
3. a parent is built from the largest published units that nest inside it (whole
   counties before districts); units the agency suppressed leave a hole, and the
   figure carries its coverage, the share of the parent's students (by enrollment
   where it is known, else by number of districts) that the summed parts cover.
No file or database access here: facts in, observations out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..geography import STATE_ID, STATE_NAME, Geography
from ..warehouse.schema import OBSERVATION_KEY
from .catalog import COUNT, RATE, get

MIN_COVERAGE = 0.5  # below this share a parent figure says more about holes than place


class DistrictWeights:
    """How many students each district stands for in a period: its All Students
    enrollment that year, else in its nearest year, else the median district's;
    every district counts one when no enrollment is loaded at all."""

    def __init__(self, enrollment: dict[str, dict[int, float]]):
        self.enrollment = enrollment
        values = sorted(v for years in enrollment.values() for v in years.values())
        self.median = values[len(values) // 2] if values else 1.0
        self._cache: dict[tuple[str, str], float] = {}

    def __call__(self, period: str, code: str) -> float:
        key = (period, code)
        if key not in self._cache:
            self._cache[key] = self._weigh(period, code)
        return self._cache[key]

    def _weigh(self, period: str, code: str) -> float:
        if not self.enrollment:
            return 1.0
        years = self.enrollment.get(code)
        if not years:
            return self.median
        start = int(period[:4])
        nearest = min(years, key=lambda y: (abs(y - start), -y))
        return years[nearest]


@dataclass
class Part:
    numerator: float | None
    denominator: float | None
    usable: bool
    empty: bool  # the agency says there are no students
    source_id: str
    estimated: bool
    key: tuple


def observation(**values) -> dict:
    base = dict.fromkeys(
        (
            "indicator period geo_level geo_id geo_name group_type group numerator "
            "denominator value lower upper status status_reason source_id method "
            "coverage"
        ).split()
    )
    base.update(values)
    return base


def aggregate(
    published: list[dict],
    geo: Geography,
    weights: DistrictWeights,
) -> list[dict]:
    """Aggregated observations for county, ESD, WDA, region and state from
    district and county facts. ``published`` are observation dicts (method
    published); ``weights`` size each district for the coverage."""
    series: dict[tuple, dict[str, dict[str, dict]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for obs in published:
        item = get(obs["indicator"])
        if item is None or item.unit not in (RATE, COUNT):
            continue
        key = (obs["indicator"], obs["period"], obs["group_type"], obs["group"])
        series[key][obs["geo_level"]][obs["geo_id"]] = obs

    nesting = Nesting(geo)
    out: list[dict] = []
    for key, levels in series.items():
        if levels.get("district") or levels.get("county"):
            out.extend(_series(key, levels, geo, nesting, weights))
    return out


class Nesting:
    """Which districts make up each county and ESD, which counties each WDA and
    region, and the districts moved to another region than their county's."""

    def __init__(self, geo: Geography):
        self.by_county: dict[str, list[str]] = defaultdict(list)
        self.by_esd: dict[str, list[str]] = defaultdict(list)
        for code, info in geo.districts.items():
            if info.get("county_fips"):
                self.by_county[info["county_fips"]].append(code)
            if info.get("esd_id"):
                self.by_esd[info["esd_id"]].append(code)
        self.wda_counties: dict[str, list[str]] = defaultdict(list)
        self.region_counties: dict[str, list[str]] = defaultdict(list)
        for fips, county in geo.counties.items():
            self.wda_counties[county["wda_id"]].append(fips)
            self.region_counties[county["region_id"]].append(fips)
        self.moved_out: dict[str, frozenset[str]] = defaultdict(frozenset)
        self.moved_in: dict[str, list[str]] = defaultdict(list)
        for code, region in geo.district_regions.items():
            county = (geo.districts.get(code) or {}).get("county_fips")
            if county and geo.counties.get(county, {}).get("region_id") != region:
                self.moved_out[county] = self.moved_out[county] | {code}
                self.moved_in[region].append(code)


def _series(key, levels, geo: Geography, nesting: Nesting, weights):
    indicator, period, group_type, group = key
    districts = levels.get("district", {})
    counties = levels.get("county", {})
    unit = get(indicator).unit

    def weight(code: str) -> float:
        return weights(period, code)

    def county_units(fips: str, exclude: frozenset[str] = frozenset()):
        """The parts standing for one county: its published figure when the whole
        county is wanted, else its districts."""
        members = nesting.by_county.get(fips, [])
        if exclude:
            members = [d for d in members if d not in exclude]
        total = sum(weight(d) for d in members)
        if fips in counties and not exclude:
            return [(_part(counties[fips]), total or 1.0)], total or 1.0
        parts = [(_part(districts[d]), weight(d)) for d in members if d in districts]
        return parts, total

    def district_units(members: list[str]):
        parts = [(_part(districts[d]), weight(d)) for d in members if d in districts]
        return parts, sum(weight(d) for d in members)

    def from_counties(fips_list, exclude_moved: bool, extra: list[str] = ()):
        units, total = [], 0.0
        for fips in fips_list:
            exclude = nesting.moved_out[fips] if exclude_moved else frozenset()
            u, t = county_units(fips, exclude)
            units += u
            total += t
        u, t = district_units(list(extra))
        return units + u, total + t

    results: list[dict] = []

    def emit(level: str, geo_id: str, name: str, units, total: float):
        obs = _combine(units, total, unit)
        if obs is None:
            return
        obs.update(
            indicator=indicator,
            period=period,
            geo_level=level,
            geo_id=geo_id,
            geo_name=name,
            group_type=group_type,
            group=group,
        )
        results.append(obs)

    # Counties the agency did not publish, from their districts.
    for fips, county in geo.counties.items():
        if fips not in counties and any(
            d in districts for d in nesting.by_county[fips]
        ):
            emit("county", fips, county["county"], *county_units(fips))

    # ESDs from districts (ESDs do not follow county lines).
    published_esds = levels.get("esd", {})
    for esd_id, name in geo.esds.items():
        if esd_id not in published_esds:
            emit("esd", esd_id, name, *district_units(nesting.by_esd.get(esd_id, [])))

    # WDAs, regions and the state from whole counties; districts where a county is
    # split by a district moved to another region.
    for wda_id, name in geo.wda_names().items():
        emit("wda", wda_id, name, *from_counties(nesting.wda_counties[wda_id], False))
    for region_id, name in geo.region_names().items():
        units = from_counties(
            nesting.region_counties[region_id], True, nesting.moved_in[region_id]
        )
        emit("region", region_id, name, *units)
    if STATE_ID not in levels.get("state", {}):
        emit("state", STATE_ID, STATE_NAME, *from_counties(list(geo.counties), False))
    return results


def _part(obs: dict) -> Part:
    empty = obs["status"] == "not_applicable"
    usable = (
        obs["status"] in ("ok", "low_reliability")
        and obs["numerator"] is not None
        and (obs["denominator"] is not None or get(obs["indicator"]).unit == COUNT)
    )
    estimated = obs["method"] == "estimated"
    return Part(
        obs["numerator"],
        obs["denominator"],
        usable,
        empty,
        obs["source_id"],
        estimated,
        tuple(obs[k] for k in OBSERVATION_KEY),
    )


def _combine(units, total: float, unit: str) -> dict | None:
    """The sum of the usable parts, with its coverage and the keys of the parts
    (a margin a reader could subtract). Privacy suppression comes later, once every
    figure and margin is known."""
    used = [(p, w) for p, w in units if p.usable or p.empty]
    if not used or total <= 0:
        return None
    coverage = min(1.0, sum(w for _, w in used) / total)
    if coverage < MIN_COVERAGE:
        return None
    numerator = sum(p.numerator or 0 for p, _ in used if p.usable)
    denominator = (
        sum(p.denominator or 0 for p, _ in used if p.usable) if unit == RATE else None
    )
    sources = "+".join(sorted({p.source_id for p, _ in used if p.source_id}))
    obs = observation(
        numerator=numerator,
        denominator=denominator,
        status="ok",
        status_reason="coverage" if coverage < 1 - 1e-9 else "",
        source_id=sources,
        # A sum of estimates is an estimate, and says so.
        method="estimated" if any(p.estimated for p, _ in used) else "aggregated",
        coverage=round(coverage, 4),
        _ours=True,
        _unit=unit,
        _parts=tuple(p.key for p, _ in used if p.usable),
    )
    size = denominator if unit == RATE else numerator
    if not size:
        obs.update(
            status="not_applicable",
            status_reason="no students",
            numerator=None,
            denominator=None,
        )
        return obs
    obs["value"] = numerator / denominator if unit == RATE else numerator
    return obs
