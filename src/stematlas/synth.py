"""A small synthetic data folder in the agencies' own layouts, for demos on a machine
without the sample pack. Figures are made up (seeded, so every demo is the same);
a build from it is marked synthetic and every page says so."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from .synth_labor import write_labor

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
