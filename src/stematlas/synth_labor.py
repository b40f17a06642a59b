"""The synthetic demo's labor-market files, in the agencies' own layouts: BLS OEWS
wages for the state and two made-up wage areas, BLS Employment Projections, an
MIT-style living wage for every county and household, county populations and the
crosswalk of counties to wage areas. Occupation codes, titles and the entry
education BLS gives them are real; every figure is made up (seeded)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from .geography import default_counties

# (SOC, title, typical entry education, statewide median hourly wage)
OCCUPATIONS = [
    ("15-1252", "Software Developers", "Bachelor's degree", 72.0),
    ("29-1141", "Registered Nurses", "Bachelor's degree", 52.0),
    ("29-1171", "Nurse Practitioners", "Master's degree", 68.0),
    ("17-2051", "Civil Engineers", "Bachelor's degree", 53.0),
    ("13-2011", "Accountants and Auditors", "Bachelor's degree", 41.0),
    ("11-1021", "General and Operations Managers", "Bachelor's degree", 56.0),
    ("25-2021", "Elementary School Teachers, Except Special Education",
     "Bachelor's degree", 39.0),
    ("29-2034", "Radiologic Technologists and Technicians", "Associate's degree",
     41.0),
    ("15-1232", "Computer User Support Specialists", "Some college, no degree", 30.0),
    ("29-2061", "Licensed Practical and Licensed Vocational Nurses",
     "Postsecondary nondegree award", 33.0),
    ("49-9021", "Heating, Air Conditioning, and Refrigeration Mechanics and "
     "Installers", "Postsecondary nondegree award", 33.0),
    ("53-3032", "Heavy and Tractor-Trailer Truck Drivers",
     "Postsecondary nondegree award", 31.0),
    ("47-2111", "Electricians", "High school diploma or equivalent", 37.0),
    ("51-4121", "Welders, Cutters, Solderers, and Brazers",
     "High school diploma or equivalent", 26.0),
    ("43-4051", "Customer Service Representatives",
     "High school diploma or equivalent", 22.0),
    ("31-1120", "Home Health and Personal Care Aides",
     "High school diploma or equivalent", 19.5),
    ("47-2061", "Construction Laborers", "No formal educational credential", 26.0),
    ("41-2031", "Retail Salespersons", "No formal educational credential", 18.0),
    ("35-3023", "Fast Food and Counter Workers", "No formal educational credential",
     17.0),
]  # fmt: skip
STATE = ("53", "Washington", "2")
METRO = ("0090001", "Demo metropolitan area, WA", "4")
NONMETRO = ("5390002", "Demo nonmetropolitan area, WA", "6")
OEWS_HEADER = [
    "AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS", "NAICS_TITLE",
    "I_GROUP", "OWN_CODE", "OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP",
    "EMP_PRSE", "JOBS_1000", "LOC_QUOTIENT", "PCT_TOTAL", "PCT_RPT", "H_MEAN",
    "A_MEAN", "MEAN_PRSE", "H_PCT10", "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90",
    "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90", "ANNUAL", "HOURLY",
]  # fmt: skip
EP_HEADER = [
    "2024 National Employment Matrix title", "2024 National Employment Matrix code",
    "Occupation type", "Employment, 2024", "Employment, 2034",
    "Employment distribution, percent, 2024", "Employment distribution, percent, 2034",
    "Employment change, numeric, 2024–34", "Employment change, percent, 2024–34",
    "Percent self employed, 2024", "Occupational openings, 2024–34 annual average",
    "Median annual wage, dollars, 2024[1]", "Typical education needed for entry",
    "Work experience in a related occupation",
    "Typical on-the-job training needed to attain competency in the occupation",
    "Related Occupational Outlook Handbook (OOH) content xlsx",
]  # fmt: skip
# MIT's households, and each one's living wage as a multiple of one adult with
# one child's.
HOUSEHOLDS = [
    ("1 Adult", "0 Children", 0.55), ("1 Adult", "1 Child", 1.0),
    ("1 Adult", "2 Children", 1.25), ("1 Adult", "3 Children", 1.6),
    ("2 Adults (1 Working)", "0 Children", 0.85),
    ("2 Adults (1 Working)", "1 Child", 1.05),
    ("2 Adults (1 Working)", "2 Children", 1.2),
    ("2 Adults (1 Working)", "3 Children", 1.35),
    ("2 Adults (Both Working)", "0 Children", 0.43),
    ("2 Adults (Both Working)", "1 Child", 0.62),
    ("2 Adults (Both Working)", "2 Children", 0.8),
    ("2 Adults (Both Working)", "3 Children", 0.98),
]  # fmt: skip


def write_labor(folder: Path, rng: random.Random) -> None:
    counties = default_counties()
    metro = {c["county_fips"] for c in counties if (c["rucc_2023"] or 9) <= 3}
    _write(
        folder / "regions/oews_areas.csv",
        ["oews_area_code", "oews_area_title", "area_kind", "county_fips", "county"],
        [
            [*(METRO if c["county_fips"] in metro else NONMETRO)[:2],
             "metro" if c["county_fips"] in metro else "nonmetro",
             c["county_fips"], c["county"]]
            for c in counties
        ],
    )  # fmt: skip
    _write(
        folder / "urban/county_populations_WA.csv",
        ["year", "state", "county", "state_name", "county_name", "population"],
        [
            [2023, 53, c["county_fips"][2:], "Washington", f"{c['county']} County",
             rng.randint(80_000, 900_000) if c["county_fips"] in metro
             else rng.randint(4_000, 90_000)]
            for c in counties
        ],
    )  # fmt: skip
    _write(
        folder / "mit/living_wage_demo_counties_2019.csv",
        ["county_fips", "adults", "children", "living_wage_hourly"],
        _living_wages(counties, metro, rng),
    )
    _write(folder / "bls/all_data_M_2025.csv", OEWS_HEADER, _oews(rng))
    _write(folder / "bls/ep_table_1_2_demo.csv", EP_HEADER, _projections(rng))


def _living_wages(counties, metro, rng) -> list[list]:
    rows = []
    for c in counties:
        base = rng.uniform(30, 36) if c["county_fips"] in metro else rng.uniform(24, 29)
        for adults, children, factor in HOUSEHOLDS:
            rows.append([c["county_fips"], adults, children, round(base * factor, 2)])
    return rows


def _oews(rng: random.Random) -> list[list]:
    rows = []
    for area, scale, jobs in ((STATE, 1.0, 1.0), (METRO, 1.06, 0.8),
                              (NONMETRO, 0.86, 0.12)):  # fmt: skip
        for soc, title, _, median in OCCUPATIONS:
            wage = round(median * scale * rng.uniform(0.95, 1.05), 2)
            employment = round(rng.randint(2_000, 40_000) * jobs)
            rows.append(_oews_row(area, soc, title, employment, wage))
    return rows


def _oews_row(area, soc, title, employment, wage) -> list:
    row = dict.fromkeys(OEWS_HEADER, "")
    row.update(
        AREA=area[0], AREA_TITLE=area[1], AREA_TYPE=area[2], PRIM_STATE="WA",
        NAICS="000000", NAICS_TITLE="Cross-industry", I_GROUP="cross-industry",
        OWN_CODE="1235", OCC_CODE=soc, OCC_TITLE=title, O_GROUP="detailed",
        TOT_EMP=employment, H_MEAN=wage, A_MEAN=round(wage * 2080),
        H_PCT10=round(wage * 0.62, 2), H_PCT25=round(wage * 0.8, 2), H_MEDIAN=wage,
        H_PCT75=round(wage * 1.22, 2), H_PCT90=round(wage * 1.45, 2),
        A_MEDIAN=round(wage * 2080),
    )  # fmt: skip
    return [row[h] for h in OEWS_HEADER]


def _projections(rng: random.Random) -> list[list]:
    """National employment and openings in thousands, as BLS writes them."""
    rows = [_ep_row("Total, all occupations", "00-0000", 170000.0, 175000.0,
                    18000.0, "—", "Summary")]  # fmt: skip
    for soc, title, education, _ in OCCUPATIONS:
        base = round(rng.uniform(200, 3000), 1)
        end = round(base * rng.uniform(0.97, 1.18), 1)
        openings = round(base * rng.uniform(0.06, 0.16), 1)
        rows.append(_ep_row(title, soc, base, end, openings, education))
    return rows


def _ep_row(title, soc, base, end, openings, education, kind="Line item") -> list:
    change = round((end / base - 1) * 100, 1)
    return [title, soc, kind, base, end, "0.1", "0.1", round(end - base, 1), change,
            "—", openings, "50000", education, "", "", "—"]  # fmt: skip


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
