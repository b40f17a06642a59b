"""A small synthetic data folder in the agencies' own layouts, for demos on a machine
without the sample pack: OSPI graduation, assessment and directory files for five
made-up districts, and the labor-market files (BLS OEWS wages for the state and two
made-up wage areas, BLS projections, a living wage for every county and household,
county populations, counties to wage areas). Codes, titles and BLS's entry
education are real; every figure is made up (seeded, so every demo is the same).
A build from it is marked synthetic and every page says so."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from .geography import default_counties

# (district code, name, county, ESD name, school code, school name)
DISTRICTS = [
    ("90001", "Demo Valley School District", "King",
     "Puget Sound Educational Service District 121", "9101", "Demo Valley High"),
    ("90002", "Demo Harbor School District", "Pierce",
     "Puget Sound Educational Service District 121", "9102", "Demo Harbor High"),
    ("90003", "Demo Prairie School District", "Yakima",
     "Educational Service District 105", "9103", "Demo Prairie High"),
    ("90004", "Demo Ridge School District", "Spokane",
     "Educational Service District 101", "9104", "Demo Ridge High"),
    ("90005", "Demo Falls School District", "Whatcom",
     "Northwest Educational Service District 189", "9105", "Demo Falls High"),
]  # fmt: skip
GROUPS = [
    ("All", "All Students", 1.0),
    ("Gender", "Female", 0.49),
    ("Gender", "Male", 0.51),
    ("FederalRaceEthnicity", "Hispanic/ Latino of any race(s)", 0.28),
    ("FederalRaceEthnicity", "White", 0.52),
    ("FederalRaceEthnicity", "Asian", 0.09),
    ("FederalRaceEthnicity", "Black/ African American", 0.05),
    ("FederalRaceEthnicity", "Two or More Races", 0.06),
    ("Income", "Low-Income", 0.45),
    ("Income", "Non-Low Income", 0.55),
]


def write_demo(folder: Path) -> Path:
    rng = random.Random(2024)
    folder.mkdir(parents=True, exist_ok=True)
    _directory(folder / "ospi/directory/schools_demo.csv")
    _graduation(folder / "ospi/graduation/graduation_demo.csv", rng)
    _assessment(folder / "ospi/assessment/assessment_demo.csv", rng)
    write_labor(folder, rng)
    (folder / "README.md").write_text(
        "Synthetic demo data written by `stematlas build --demo-if-missing`.\n"
        "Every figure is made up.\n",
        encoding="utf-8",
    )
    return folder


def _sizes(total: int) -> dict[tuple[str, str], int]:
    """Group sizes that add up to ``total`` within each group type, as every
    agency file's do: shares rounded by largest remainder."""
    sizes = {("All", "All Students"): total}
    types = {t for t, _, _ in GROUPS if t != "All"}
    for group_type in sorted(types):
        groups = [(g, share) for t, g, share in GROUPS if t == group_type]
        exact = {g: total * share / sum(s for _, s in groups) for g, share in groups}
        counts = {g: int(v) for g, v in exact.items()}
        left = total - sum(counts.values())
        for g in sorted(exact, key=lambda g: exact[g] - counts[g], reverse=True)[:left]:
            counts[g] += 1
        sizes.update({(group_type, g): n for g, n in counts.items()})
    return sizes


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _directory(path: Path) -> None:
    header = ["SchoolCode", "OrganizationId", "SchoolName", "ESDName", "LEACode",
              "LEAName", "LowestGrade", "HighestGrade", "County"]  # fmt: skip
    rows = [
        [school, "9" + school, school_name, esd, code, name, "9", "12", county]
        for code, name, county, esd, school, school_name in DISTRICTS
    ]
    _write(path, header, rows)


def _graduation(path: Path, rng: random.Random) -> None:
    header = ["SchoolYear", "OrganizationLevel", "County", "ESDName", "DistrictCode",
              "DistrictName", "SchoolCode", "SchoolName", "StudentGroupType",
              "StudentGroup", "Suppression", "Cohort", "FinalCohort", "Graduate",
              "GraduationRate"]  # fmt: skip
    rows = []
    for year in (2022, 2023, 2024):
        for code, name, county, esd, _, _ in DISTRICTS:
            sizes = _sizes(rng.randint(150, 900))
            base = rng.uniform(0.72, 0.9)
            for group_type, group, _ in GROUPS:
                cohort = sizes[group_type, group]
                rate = min(0.99, max(0.4, base + rng.uniform(-0.08, 0.05)))
                grads = round(cohort * rate)
                marker = "N<10" if cohort < 10 else "No Suppression"
                shown = marker == "No Suppression"
                rows.append(
                    [year, "District", county, esd, code, name, "", "District Total",
                     group_type, group, marker, "Four Year",
                     cohort if shown else "", grads if shown else "",
                     round(grads / cohort, 4) if shown else ""]
                )  # fmt: skip
    _write(path, header, rows)


def _assessment(path: Path, rng: random.Random) -> None:
    header = ["SchoolYear", "OrganizationLevel", "County", "ESDName", "DistrictCode",
              "DistrictName", "SchoolCode", "SchoolName", "StudentGroupType",
              "StudentGroup", "GradeLevel", "TestAdministration", "TestSubject",
              "Suppression", "Count of Students Expected to Test", "CountMetStandard",
              "PercentMetStandard"]  # fmt: skip
    rows = []
    for year in ("2022-23", "2023-24"):
        for code, name, county, esd, _, _ in DISTRICTS:
            sizes = _sizes(rng.randint(1500, 6000))
            for subject in ("ELA", "Math"):
                base = rng.uniform(0.35, 0.65)
                for group_type, group, _ in GROUPS:
                    tested = sizes[group_type, group]
                    met = round(
                        tested * min(0.95, max(0.1, base + rng.uniform(-0.15, 0.1)))
                    )
                    place = [year, "District", county, esd, code, name, "", "Total"]
                    rows.append(
                        place
                        + [group_type, group, "All Grades", "SBAC", subject]
                        + ["No Suppression", tested, met, f"{100 * met / tested:.1f}%"]
                    )
    _write(path, header, rows)


# The labor market.

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
    rows = [ep_row("Total, all occupations", "00-0000", 170000.0, 175000.0,
                    18000.0, "—", "Summary")]  # fmt: skip
    for soc, title, education, _ in OCCUPATIONS:
        base = round(rng.uniform(200, 3000), 1)
        end = round(base * rng.uniform(0.97, 1.18), 1)
        openings = round(base * rng.uniform(0.06, 0.16), 1)
        rows.append(ep_row(title, soc, base, end, openings, education))
    return rows


def ep_row(title, soc, base, end, openings, education, kind="Line item") -> list:
    change = round((end / base - 1) * 100, 1)
    return [title, soc, kind, base, end, "0.1", "0.1", round(end - base, 1), change,
            "—", openings, "50000", education, "", "", "—"]  # fmt: skip
