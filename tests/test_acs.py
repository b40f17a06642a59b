"""Census ACS long files: B15001 attainment into its table, B02001 / B02008-B02013
race into population facts; the sample pack's Washington files and small files in the
same layout."""

from __future__ import annotations

import pytest

from stematlas.sources.acs import B15001, SOURCES
from stematlas.sources.load import load_file
from stematlas.sources.registry import recognize

SOURCE = SOURCES[0]
FOLDER = "census"
B15001_FILE = "acs1_wa_state_B15001_attainment_2005-2018.csv"
RACE_FILE = "acs1_wa_state_race_alone_and_in_combination_2005-2018.csv"
HEADER = "year,geo_id,name,table,variable,label,estimate,moe\n"
DEGREES = ("Associate's degree", "Bachelor's degree", "Graduate or professional degree")
GOAL_AGES = ("25 to 34 years", "35 to 44 years")


def load(sample, name):
    path = sample / FOLDER / name
    assert recognize(path, f"{FOLDER}/{name}", SOURCES) is SOURCE
    return load_file(SOURCE, path)


def fact(result, indicator, group, period="2018"):
    hits = [
        f
        for f in result.facts
        if (f.indicator, f.group, f.period) == (indicator, group, period)
    ]
    assert len(hits) == 1, (indicator, group, period, hits)
    return hits[0]


# -- B15001 -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def attainment(sample):
    return load(sample, B15001_FILE)


def test_b15001_every_row_loads(attainment):
    rows = attainment.tables["acs_b15001"]

    assert (attainment.rows_in, attainment.rows_quarantined) == (1162, 0)
    assert len(rows) == 1162
    assert attainment.facts == []
    assert attainment.findings == []
    assert attainment.vintage == "2005 to 2018"
    columns = [c for c, _ in SOURCE.tables["acs_b15001"]]
    assert all(list(r) == columns for r in rows)


def test_washington_2018_adults_25_44_with_a_degree(attainment):
    # Associate's degree or higher among adults 25-44, men and women.
    rows = [
        r
        for r in attainment.tables["acs_b15001"]
        if r["period"] == "2018"
        and r["geo_id"] == "53"
        and r["sex"] in ("Male", "Female")
        and r["age_band"] in GOAL_AGES
    ]
    with_degree = sum(r["estimate"] for r in rows if r["attainment"] in DEGREES)
    adults = sum(r["estimate"] for r in rows if r["attainment"] == "Total")

    assert len(rows) == 4 * 8
    assert (with_degree, adults) == (1_091_945, 2_159_697)


def test_b15001_label_path(attainment):
    rows = attainment.tables["acs_b15001"]
    total = rows[0]

    assert total == {
        "period": "2005",
        "geo_level": "state",
        "geo_id": "53",
        "sex": "Total",
        "age_band": "Total",
        "attainment": "Total",
        "estimate": 4_668_831,
        "moe": 1381,
    }
    # 2005-2008 say "High school graduate, GED, or alternative": one attainment.
    levels = {r["attainment"] for r in rows}
    assert len(levels) == 8
    assert "High school graduate (includes equivalency)" in levels
    assert sum(1 for r in rows if r["period"] == "2005") == 83


def test_b15001_variables():
    assert len(B15001) == 83
    assert B15001["B15001_055"] == (
        "Female",
        "25 to 34 years",
        "High school graduate (includes equivalency)",
    )
    assert B15001["B15001_083"] == (
        "Female",
        "65 years and over",
        "Graduate or professional degree",
    )


# -- race -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def race(sample):
    return load(sample, RACE_FILE)


def test_race_every_row_loads(race):
    assert (race.rows_in, race.rows_quarantined) == (224, 0)
    # 16 variables a year, the total given to both indicators.
    assert len(race.facts) == 14 * 17
    assert race.vintage == "2005 to 2018"
    assert race.findings == []


def test_american_indian_alone_and_in_combination(race):
    alone = fact(race, "population_race_alone", "American Indian or Alaska Native")
    inclusive = fact(
        race, "population_race_in_combination", "American Indian or Alaska Native"
    )

    assert (alone.value, alone.group_type) == (97_329, "Race (alone)")
    assert inclusive.group_type == "Race (in combination)"
    assert (inclusive.lower, inclusive.value, inclusive.upper) == (
        226_088 - 7_127,
        226_088,
        226_088 + 7_127,
    )
    assert (inclusive.geo_level, inclusive.geo_id, inclusive.status) == (
        "state",
        "53",
        "ok",
    )


def test_race_groups(race):
    groups = {
        (f.indicator, f.group_type, f.group) for f in race.facts if f.period == "2018"
    }

    assert ("population_race_alone", "All", "All Students") in groups
    assert ("population_race_in_combination", "All", "All Students") in groups
    assert ("population_race_alone", "Race (alone)", "Two or More Races") in groups
    assert ("population_race_alone", "Race (alone)", "Some Other Race") in groups
    assert (
        "population_race_alone",
        "Race (two or more races)",
        "Two races including Some Other Race",
    ) in groups
    assert len(groups) == 17


def test_race_alone_groups_add_up_to_the_total(race):
    total = fact(race, "population_race_alone", "All Students")
    parts = [
        f.value
        for f in race.facts
        if f.period == "2018" and f.group_type == "Race (alone)"
    ]

    assert len(parts) == 7
    assert sum(parts) == total.value == 7_535_591


def test_controlled_total_has_no_sampling_error(race):
    # 2010: the margin is -555555555, Census's code for a controlled estimate.
    total = fact(race, "population_race_alone", "All Students", period="2010")

    assert total.lower == total.value == total.upper == 6_744_496


# -- small files in the same layout -----------------------------------------------


def test_counties_five_year_and_labels_with_colons(write):
    path = write(
        "census/king.csv",
        "year,geo_id,name,table,variable,label,estimate,moe,survey\n"
        '2020,0500000US53033,"King County, Washington",B15001,B15001_058,'
        '"Estimate!!Total:!!Female:!!25 to 34 years:!!Bachelor\'s degree",'
        "120000,3000,acs5\n"
        '2020,0500000US53033,"King County, Washington",B02010,B02010_001,'
        "Estimate!!Total:,50,80,acs5\n",
    )

    result = load_file(SOURCE, path)

    assert result.rows_quarantined == 0
    (row,) = result.tables["acs_b15001"]
    assert row == {
        "period": "2016-2020",
        "geo_level": "county",
        "geo_id": "53033",
        "sex": "Female",
        "age_band": "25 to 34 years",
        "attainment": "Bachelor's degree",
        "estimate": 120_000,
        "moe": 3000,
    }
    (native,) = result.facts
    assert (native.geo_level, native.geo_id, native.geo_name) == (
        "county",
        "53033",
        "King County",
    )
    assert (native.period, native.lower, native.upper) == ("2016-2020", 0.0, 130)


def test_census_codes_for_missing_figures(write):
    path = write(
        "census/codes.csv",
        HEADER
        + "2018,53,Washington,B02001,B02001_006,x,-666666666,-222222222\n"
        + "2018,53,Washington,B02001,B02001_007,x,-888888888,-888888888\n"
        + "2018,53,Washington,B02001,B02001_005,x,1200,-222222222\n",
    )

    result = load_file(SOURCE, path)
    withheld, not_applicable, no_margin = result.facts

    assert (withheld.status, withheld.status_reason, withheld.value) == (
        "suppressed",
        "source suppressed",
        None,
    )
    assert (not_applicable.status, not_applicable.value) == ("not_applicable", None)
    assert (no_margin.value, no_margin.lower, no_margin.upper) == (1200, None, None)


def test_rows_that_cannot_be_read(write):
    path = write(
        "census/bad.csv",
        HEADER
        + "2018,0400000US41,Oregon,B02001,B02001_001,Estimate!!Total,4190713,0\n"
        + "2018,0400000US53,Washington,B01001,B01001_003,Estimate!!Total,1,1\n"
        + "2018,0400000US53,Washington,B15001,B15001_004,"
        "Estimate!!Total!!Female,5,1\n"
        + "2018,0400000US53,Washington,B15001,B15001_099,"
        "Estimate!!Total!!Female!!Under 18 years,5,1\n"
        + "2018-19,0400000US53,Washington,B02001,B02001_001,Estimate!!Total,1,0\n",
    )

    result = load_file(SOURCE, path)

    assert [(r.number, r.code, r.column) for r in result.quarantined] == [
        (1, "V005", "geo_id"),
        (2, "V005", "variable"),
        (3, "V005", "label"),
        (4, "V005", "label"),
        (5, "V009", "year"),
    ]
    assert "does not match variable B15001_004" in result.quarantined[2].message
