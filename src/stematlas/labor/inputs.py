"""What the labor rules work from, read from the tables the sources wrote into the
warehouse: one figure per key, the latest release where a folder holds several, and
the geography the build placed.

Where two files hold the same table (BLS's projections as CSV and as workbook), the
rows agree and one is kept. Nothing here computes a figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..sources.columns import normalize
from .areas import County


@dataclass
class Inputs:
    counties: list[County]
    population_year: str | None
    county_areas: dict[str, tuple[str, str]]  # fips -> (OEWS area code, title)
    published: dict[str, str]  # OEWS area code -> title, areas in the file
    oews: dict[tuple[str, str], dict]  # (area code, soc) -> row
    wage_period: str
    national: dict[str, dict]  # soc -> BLS projections row (line items)
    esd: dict[tuple[str, str], dict]  # (wda_id, soc) -> ESD projections row
    demand: dict[tuple[str, str], str]  # (wda_id, soc) -> ESD status
    living: dict[str, dict[str, float]]  # household -> fips -> hourly wage
    households: dict[str, str]  # id -> label, in MIT's order
    living_period: str
    cip_soc: dict[str, list[tuple[str, str]]]  # soc -> [(cip, title)]
    colleges: list[dict]
    institutions: dict[str, dict]  # unitid -> row
    completions: list[dict]
    completions_year: str
    topology: dict | None
    found: set[str] = field(default_factory=set)  # source ids with files

    @property
    def wdas(self) -> set[str]:
        return {c.wda_id for c in self.counties}


def rows(con, table: str, where: str = "", params: list | None = None) -> list[dict]:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
        [table],
    ).fetchone()[0]
    if not exists:
        return []
    cursor = con.execute(f'SELECT * FROM "{table}" {where}', params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def read_inputs(con) -> Inputs:
    counties, population_year = _counties(con)
    oews, published, wage_period = _oews(con)
    living, households, living_period = _living(con)
    completions, completions_year = _completions(con)
    return Inputs(
        counties=counties,
        population_year=population_year,
        county_areas={
            r["county_fips"]: (r["area_code"], r["area_title"])
            for r in rows(con, "oews_areas")
        },
        published=published,
        oews=oews,
        wage_period=wage_period,
        national=_national(con),
        esd=_esd(con),
        demand=_demand(con, counties),
        living=living,
        households=households,
        living_period=living_period,
        cip_soc=_cip_soc(con),
        colleges=rows(con, "colleges"),
        institutions=_institutions(con),
        completions=completions,
        completions_year=completions_year,
        topology=_topology(con),
        found={r["source_id"] for r in rows(con, "lineage")},
    )


def _counties(con) -> tuple[list[County], str | None]:
    places = rows(con, "places", "WHERE geo_level IN ('county', 'region')")
    regions = {p["geo_id"]: p["geo_name"] for p in places if p["geo_level"] == "region"}
    population = rows(con, "county_population")
    year = max((r["year"] for r in population), default=None)
    people = {
        r["county_fips"]: r["population"] for r in population if r["year"] == year
    }
    counties = [
        County(
            p["geo_id"],
            p["geo_name"],
            p["region_id"],
            regions.get(p["region_id"], p["region_id"]),
            p["wda_id"],
            float(people.get(p["geo_id"], 0) if year else 1),
        )
        for p in places
        if p["geo_level"] == "county"
    ]
    return sorted(counties, key=lambda c: c.fips), year


def _oews(con) -> tuple[dict, dict[str, str], str]:
    found = rows(con, "oews_wages")
    period = max((r["period"] or "" for r in found), default="")
    kept = [r for r in found if (r["period"] or "") == period]
    by_key = {(r["area_code"], r["soc"]): r for r in kept}
    published = {r["area_code"]: r["area_title"] for r in kept}
    return by_key, published, period


def _national(con) -> dict[str, dict]:
    found = [
        r for r in rows(con, "bls_projections") if r["occupation_type"] != "Summary"
    ]
    base = max((r["base_year"] or "" for r in found), default="")
    return {r["soc"]: r for r in found if (r["base_year"] or "") == base}


def _esd(con) -> dict[tuple[str, str], dict]:
    found = rows(con, "esd_projections")
    latest: dict[str, str] = {}
    for r in found:
        latest[r["wda_id"]] = max(latest.get(r["wda_id"], ""), r["base_year"] or "")
    return {
        (r["wda_id"], r["soc"]): r
        for r in found
        if (r["base_year"] or "") == latest[r["wda_id"]]
    }


def _demand(con, counties: list[County]) -> dict[tuple[str, str], str]:
    """ESD's statuses by Workforce Development Area; a list by county gives its
    county's area (the first status seen for an area wins)."""
    by_name = {normalize(c.name): c.wda_id for c in counties}
    found = rows(con, "esd_demand")
    year = max((r["year"] or "" for r in found), default="")
    out: dict[tuple[str, str], str] = {}
    for r in found:
        if (r["year"] or "") != year:
            continue
        wda = r["wda_id"] or by_name.get(
            normalize((r["county"] or "").removesuffix(" County"))
        )
        if wda:
            out.setdefault((wda, r["soc"]), r["status"])
    return out


def _living(con) -> tuple[dict, dict[str, str], str]:
    found = rows(con, "living_wages")
    year = max((r["year"] or "" for r in found), default="")
    living: dict[str, dict[str, float]] = defaultdict(dict)
    order: dict[str, tuple] = {}
    labels: dict[str, str] = {}
    for r in found:
        if (r["year"] or "") != year:
            continue
        living[r["household"]][r["county_fips"]] = r["living_wage_hourly"]
        labels[r["household"]] = r["household_label"]
        order[r["household"]] = (r["adults"], r["working_adults"], r["children"])
    households = {h: labels[h] for h in sorted(labels, key=lambda h: order[h])}
    return dict(living), households, year


def _cip_soc(con) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in rows(con, "cip_soc", "ORDER BY cip"):
        out[r["soc"]].append((r["cip"], r["cip_title"]))
    return dict(out)


def _institutions(con) -> dict[str, dict]:
    found = rows(con, "ipeds_institutions", "ORDER BY year")
    return {r["unitid"]: r for r in found}  # the latest year's row last, kept


def _completions(con) -> tuple[list[dict], str]:
    found = rows(con, "ipeds_completions")
    year = max((r["year"] or "" for r in found), default="")
    return [r for r in found if (r["year"] or "") == year], year


def _topology(con) -> dict | None:
    import json

    found = rows(con, "shapes", "WHERE name = 'counties'")
    return json.loads(found[0]["topology"]) if found else None
