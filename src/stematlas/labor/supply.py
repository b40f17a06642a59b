"""Credential supply by region, written for the credentials pages: the colleges
in and near each region, the programs they award (IPEDS completions) and, for
each occupation, how many of its programs are on offer and how many awards they
made per opening.

Where IPEDS completions (and institutions, which place the colleges) are not
loaded, each occupation's ``program_data`` says so: "not loaded" never means "no
pathway".
"""

from __future__ import annotations

from ..sources.columns import normalize
from ..warehouse.schema import (
    CAREER_COLLEGE_COLUMNS,
    CAREER_OFFERING_COLUMNS,
    CAREER_PATHWAY_COLUMNS,
)
from ..warehouse.store import write_table
from .areas import County
from .inputs import Inputs
from .pathways import (
    IN_REGION,
    NEARBY,
    Offering,
    completions_per_opening,
    nearby_counties,
    neighbours,
    offerings,
    where,
)

LOADED = "loaded"
NOT_LOADED = "not loaded"
NOT_PLACED = "institutions not loaded"


def program_data(inputs: Inputs) -> str:
    if not inputs.completions:
        return NOT_LOADED
    return LOADED if inputs.institutions else NOT_PLACED


def write_pathways(con, inputs: Inputs, regions, openings, notes) -> None:
    borders = neighbours(inputs.topology)
    offers = offerings(inputs.completions, inputs.institutions)
    names = {c.fips: c.name for c in inputs.counties}
    state = program_data(inputs)
    if state != LOADED:
        notes.append(("state", "programs", _missing(state), {}))
    colleges, offered, pathways = [], [], []
    for region_id, counties in regions.items():
        inside = {c.fips for c in counties}
        near = nearby_counties(inside, borders)
        colleges += _colleges(region_id, inside, near, inputs, names)
        local = _local(offers, inside, near)
        offered += [_offering_row(region_id, o, inside, names, inputs) for o in local]
        pathways += _pathways(region_id, counties, local, inside, openings, inputs)
    write_table(con, "career_colleges", CAREER_COLLEGE_COLUMNS, colleges)
    write_table(con, "career_offerings", CAREER_OFFERING_COLUMNS, offered)
    write_table(con, "career_pathways", CAREER_PATHWAY_COLUMNS, pathways)


PROGRAMS_NOT_LOADED = (
    "Program data not loaded: add IPEDS completions (cYYYY_a.csv) and "
    "institutions (HDYYYY.csv) to the data folder's nces/ipeds."
)
PROGRAMS_NOT_PLACED = (
    "Program data not placed: IPEDS completions are loaded but not the "
    "institutions file (HDYYYY.csv) that says where each college is."
)


def _missing(state: str) -> str:
    return PROGRAMS_NOT_LOADED if state == NOT_LOADED else PROGRAMS_NOT_PLACED


def _colleges(region_id, inside, near, inputs: Inputs, names) -> list[list]:
    by_name = {normalize(n): f for f, n in names.items()}
    out = []
    for c in inputs.colleges:
        fips = by_name.get(normalize(c["county"]))
        nearness = where(fips, inside, near)
        if nearness is None:
            continue
        out.append(
            [region_id, c["name"], c["degree_type"], c["institution_type"],
             c["city"], names.get(fips, c["county"]), nearness]
        )  # fmt: skip
    out.sort(key=lambda r: (r[-1] != IN_REGION, r[1]))
    return out


def _local(offers: dict[str, list[Offering]], inside, near) -> list[Offering]:
    return [
        o
        for found in offers.values()
        for o in found
        if where(o.county_fips, inside, near) is not None
    ]


def _offering_row(region_id, o: Offering, inside, names, inputs: Inputs) -> list:
    nearness = IN_REGION if o.county_fips in inside else NEARBY
    return [
        region_id, o.cip, o.unitid, o.institution, o.county_fips,
        names.get(o.county_fips or "", ""), nearness, o.completions, o.awards,
        inputs.completions_year,
    ]  # fmt: skip


def _pathways(region_id, counties: list[County], local, inside, openings, inputs):
    state = program_data(inputs)
    by_cip: dict[str, list[Offering]] = {}
    for o in local:
        by_cip.setdefault(o.cip, []).append(o)
    out = []
    for (region, soc), soc_openings in openings.items():
        if region != region_id:
            continue
        cips = [cip for cip, _ in inputs.cip_soc.get(soc, [])]
        if state != LOADED:
            out.append([region_id, soc, len(cips), None, None, None, None, None,
                        inputs.completions_year or None, state])  # fmt: skip
            continue
        found = [o for cip in cips for o in by_cip.get(cip, [])]
        in_region = [o for o in found if o.county_fips in inside]
        awards = sum(o.completions for o in in_region)
        out.append(
            [region_id, soc, len(cips), len({o.cip for o in found}),
             len({o.unitid for o in in_region}),
             len({o.unitid for o in found} - {o.unitid for o in in_region}),
             awards, completions_per_opening(awards, soc_openings),
             inputs.completions_year, state]
        )  # fmt: skip
    return out
