"""Where the credentials can be earned: the programs (CIP) that lead to an
occupation (SOC), the colleges in or near a region that award them, and their
completions per opening.

"Near" a region means in a county that borders one of the region's counties; two
counties border each other when their shapes share an edge in the county TopoJSON
(us-atlas), which the build keeps for the maps. Pure functions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

IN_REGION = "in the region"
NEARBY = "nearby"


def neighbours(topology: dict | None) -> dict[str, set[str]]:
    """County FIPS -> the FIPS of the counties that share an edge with it."""
    if not topology:
        return {}
    by_arc: dict[int, set[str]] = defaultdict(set)
    counties = topology.get("objects", {}).get("counties", {}).get("geometries", [])
    for shape in counties:
        for arc in _arcs(shape.get("arcs", [])):
            by_arc[arc].add(str(shape.get("id")))
    out: dict[str, set[str]] = defaultdict(set)
    for sharing in by_arc.values():
        for fips in sharing:
            out[fips] |= sharing - {fips}
    return dict(out)


def _arcs(nested) -> list[int]:
    """Arc numbers of a (multi)polygon, a reversed arc (~i, written -i-1) as i."""
    if isinstance(nested, int):
        return [nested if nested >= 0 else ~nested]
    return [a for part in nested for a in _arcs(part)]


def nearby_counties(
    region_counties: set[str], borders: dict[str, set[str]]
) -> set[str]:
    """Counties outside the region that border it."""
    near: set[str] = set()
    for fips in region_counties:
        near |= borders.get(fips, set())
    return near - region_counties


@dataclass(frozen=True)
class Offering:
    unitid: str
    institution: str
    county_fips: str | None
    cip: str
    completions: int
    awards: str  # the award levels, in words


def offerings(
    completions: list[dict], institutions: dict[str, dict]
) -> dict[str, list[Offering]]:
    """CIP -> the institutions that reported awards in it, summing majors and
    award levels; an institution IPEDS's HD file does not list has no county."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    awards: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in completions:
        key = (row["cip"], row["unitid"])
        totals[key] += row.get("completions") or 0
        awards[key].add(row["award"])
    out: dict[str, list[Offering]] = defaultdict(list)
    for (cip, unitid), count in totals.items():
        if count <= 0:
            continue  # a program with no awards that year is not on offer
        place = institutions.get(unitid, {})
        out[cip].append(
            Offering(
                unitid,
                place.get("name") or f"IPEDS unit {unitid}",
                place.get("county_fips"),
                cip,
                count,
                "; ".join(sorted(awards[(cip, unitid)])),
            )
        )
    return dict(out)


def where(county: str | None, inside: set[str], near: set[str]) -> str | None:
    if county in inside:
        return IN_REGION
    if county in near:
        return NEARBY
    return None


def completions_per_opening(completions: int | None, openings: float | None):
    if completions is None or not openings:
        return None
    return completions / openings
