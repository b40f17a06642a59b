"""WSAC FAFSA completion: the sample CSV (districts by name) and workbook (districts
by code and student group), and small files written in the same layouts."""

from __future__ import annotations

import openpyxl
import pytest

from stematlas.sources.load import load_file
from stematlas.sources.registry import recognize
from stematlas.sources.wsac import PARTNERSHIP_TABLE, SOURCES

SOURCE = SOURCES[0]
FOLDER = "wsac"
CSV_FILE = "fafsa_completion_districts_2014-15_2019-20.csv"
XLSX_FILE = "fafsa_completion_by_subgroup_2020-21_2024-25.xlsx"
CSV_HEADER = (
    "\ufeffProgram Partnership,Region Type,Region Name,FAFSA Completion Rate,"
    "High School Academic Year,Demographic Name,Demographic Method,ReportDate\n"
)
XLSX_HEADER = [
    "ReportDate",
    "High School Graduation Year",
    "Program.Partnership",
    "Region Type",
    "Region Name",
    "Demographic Group",
    "Demographic Value",
    "FAFSA.Completion.Rate",
    "District.Code",
]


def find(facts, place, period, group="All Students"):
    hits = [
        f
        for f in facts
        if place in (f.geo_id, f.geo_name) and (f.period, f.group) == (period, group)
    ]
    assert len(hits) == 1, (place, period, group, hits)
    return hits[0]


def load(sample, name):
    path = sample / FOLDER / name
    assert recognize(path, f"{FOLDER}/{name}", SOURCES) is SOURCE
    return load_file(SOURCE, path)


# -- the CSV, 2014-15 to 2019-20 --------------------------------------------------


@pytest.fixture(scope="module")
def districts(sample):
    return load(sample, CSV_FILE)


def test_csv_every_row_loads(districts):
    assert (districts.rows_in, districts.rows_quarantined) == (194, 0)
    assert len(districts.facts) == 164
    assert len(districts.tables[PARTNERSHIP_TABLE]) == 30
    assert districts.vintage == "2014-15 to 2019-20"
    assert {f.code for f in districts.findings} == {"F003", "C003"}  # BOM, ReportDate


def test_csv_district_by_name(districts):
    fact = find(districts.facts, "Castle Rock School District", "2019-20")

    assert fact.indicator == "fafsa_completion"
    assert fact.value == pytest.approx(0.317307692)
    assert (fact.geo_level, fact.geo_id, fact.district_code) == ("district", None, None)
    assert (fact.group_type, fact.status, fact.method) == ("All", "ok", "published")
    assert fact.numerator is None and fact.denominator is None


def test_csv_empty_rate_is_suppressed(districts):
    dayton = find(districts.facts, "Dayton School District", "2015-16")

    assert (dayton.status, dayton.status_reason, dayton.value) == (
        "suppressed",
        "source suppressed",
        None,
    )


def test_csv_full_completion_stays_as_published(districts):
    assert find(districts.facts, "Glenwood School District", "2016-17").value == 1.0


def test_csv_partnership_rows_go_to_their_table(districts):
    rows = districts.tables[PARTNERSHIP_TABLE]
    esd112 = [r for r in rows if r["region_name"] == "ALL ESD 112"]

    assert len(esd112) == 6
    assert {
        "period": "2019-20",
        "partnership": "ESD 112",
        "region_name": "ALL ESD 112",
        "group_type": "All",
        "group": "All Students",
        "value": pytest.approx(0.457553957),
    } in esd112
    assert not [f for f in districts.facts if f.geo_name.startswith("ALL ")]


# -- the workbook, 2020-21 to 2024-25 ---------------------------------------------


@pytest.fixture(scope="module")
def subgroups(sample):
    return load(sample, XLSX_FILE)


def test_xlsx_every_row_loads(subgroups):
    assert (subgroups.rows_in, subgroups.rows_quarantined) == (2226, 0)
    # 159 rows of "UnknownRace", every one withheld, give no fact.
    assert len(subgroups.facts) == 2226 - 159
    assert subgroups.vintage == "2020-21 to 2024-25"
    assert {f.code for f in subgroups.findings} == {"C003"}


def test_xlsx_district_by_code_and_group(subgroups):
    facts = subgroups.facts

    everyone = find(facts, "17210", "2024-25")
    assert (everyone.value, everyone.geo_name) == (0.69, "Federal Way School District")
    assert (everyone.geo_level, everyone.district_code) == ("district", "17210")
    assert find(facts, "17210", "2020-21").value == 0.64
    assert find(facts, "17210", "2024-25", "Hispanic or Latino").value == 0.59
    assert find(facts, "17210", "2024-25", "Black or African American").value == 0.75
    assert find(facts, "17210", "2024-25", "Two or More Races").value == 0.76


def test_xlsx_free_lunch_yes_no_is_income(subgroups):
    low = find(subgroups.facts, "08401", "2020-21", "Low Income")
    not_low = find(subgroups.facts, "08401", "2020-21", "Not Low Income")

    assert (low.group_type, low.value) == ("Income", 0.27)
    assert (not_low.group_type, not_low.value) == ("Income", 0.32)


def test_xlsx_zero_is_withheld_not_zero(subgroups):
    gender_x = find(subgroups.facts, "08401", "2020-21", "Gender X")
    asian = find(subgroups.facts, "08401", "2020-21", "Asian")

    assert (gender_x.group_type, gender_x.status, gender_x.value) == (
        "Gender",
        "suppressed",
        None,
    )
    assert (asian.status, asian.status_reason) == ("suppressed", "source suppressed")
    assert not [f for f in subgroups.facts if f.value == 0]


# -- small files in the same layouts ----------------------------------------------


LYLE_2023 = [45194, "2022-2023", "P", "District", "Lyle School District"]


def lyle(group_type, group, rate):
    """A Lyle School District row of the workbook, class of 2023."""
    return [*LYLE_2023, group_type, group, rate, "20406"]


def test_small_workbook(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["FAFSA completion, seniors"])  # a title above the header
    sheet.append(XLSX_HEADER)
    sheet.append(lyle("Free-Reduced Price Lunch", "Yes", 0.41))
    sheet.append(lyle("Gender", "X/Non-Binary", 0))
    sheet.append(lyle("Race", "UnknownRace", 0))
    sheet.append(lyle("Race", "UnknownRace", 0.3))
    path = tmp_path / "wsac" / "subgroups.xlsx"
    path.parent.mkdir()
    book.save(path)

    result = load_file(SOURCE, path)

    assert result.rows_in == 4
    low, gender_x = result.facts
    assert (low.geo_id, low.period, low.group, low.value) == (
        "20406",
        "2022-23",
        "Low Income",
        0.41,
    )
    assert (gender_x.group, gender_x.status) == ("Gender X", "suppressed")
    # Withheld for a group outside the vocabulary: no fact. A published rate for
    # it cannot be placed in the vocabulary: quarantined.
    (rejected,) = result.quarantined
    assert (rejected.number, rejected.code, rejected.column) == (4, "G001", "group")


def test_small_csv_places_and_bad_rows(write):
    path = write(
        "wsac/districts.csv",
        CSV_HEADER
        + ",State,Washington,0.5,2019-2020,All Students,All Students,10/1/2020\n"
        + ",County,Klickitat,0.48,2019-2020,All Students,All Students,10/1/2020\n"
        + ",Tribe,Yakama,0.4,2019-2020,All Students,All Students,10/1/2020\n"
        + ",District,Lyle School District,0.4,2019-20,Yes,Veteran Status,10/1/2020\n"
        + ",District,Lyle School District,1.4,2019-2020,All Students,All,10/1/2020\n"
        + ",District,Lyle School District,0.4,Fall 2019,All Students,All,10/1/2020\n",
    )

    result = load_file(SOURCE, path)

    state, county = result.facts
    assert (state.geo_level, state.geo_id, state.value) == ("state", "53", 0.5)
    assert (county.geo_level, county.geo_id, county.county) == (
        "county",
        None,
        "Klickitat",
    )
    assert [(r.number, r.code) for r in result.quarantined] == [
        (3, "V005"),
        (4, "G001"),
        (5, "V002"),
        (6, "V009"),
    ]
