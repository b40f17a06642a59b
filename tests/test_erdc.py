"""ERDC first-fall college enrollment: ERDC's own layout (a small fixture), and
Washington STEM's by-level and by-institution compilations from the sample pack."""

from __future__ import annotations

import csv

import pytest

from stematlas.sources.erdc import SOURCES, parse_share
from stematlas.sources.load import load_file
from stematlas.sources.registry import recognize
from stematlas.validate.findings import RowRejected

AGENCY, BY_LEVEL, BY_INSTITUTION = SOURCES
FOLDER = "erdc"
LEVEL_FILE = "derived_postsecondary_enrollment_by_level_29districts.psv"
INSTITUTION_FILE = "derived_postsecondary_enrollment_by_institution.psv"
HEADER = (
    "CohortYearTTL,DistrictType,DistrictTTL,SchoolTTL,LEACode,DemographicGroup,"
    "DemographicValue,PSEnrollLevel,Pct\n"
)


def lyle(pct, level="4 Year", group="All Students,All", year=2023, kind="School Dist"):
    """A Lyle School District row in ERDC's layout."""
    return f"{year},{kind},Lyle,District Wide,20406,{group},{level},{pct}\n"


def find(facts, indicator, geo, group="All Students", period="2022-23"):
    hits = [
        f
        for f in facts
        if (f.indicator, f.period, f.group) == (indicator, period, group)
        and geo in (f.geo_id, f.geo_name)
    ]
    assert len(hits) == 1, (indicator, geo, group, hits)
    return hits[0]


# -- ERDC's own layout ------------------------------------------------------------


@pytest.fixture
def agency(fixtures):
    path = fixtures / FOLDER / "first_fall_enrollment.csv"
    assert recognize(path, f"{FOLDER}/{path.name}", SOURCES) is AGENCY
    return load_file(AGENCY, path)


def test_agency_rows_all_load(agency):
    assert agency.rows_in == 11
    assert agency.rows_quarantined == 0
    assert len(agency.facts) == 11
    assert agency.vintage == "2021-22 to 2022-23"
    assert all(f.method == "published" for f in agency.facts)


def test_agency_places(agency):
    state = find(agency.facts, "postsecondary_enrollment_4yr", "53")
    county = find(agency.facts, "postsecondary_enrollment_4yr", "King")
    esd = find(agency.facts, "postsecondary_enrollment_4yr", "Puget Sound ESD")
    district = find(agency.facts, "postsecondary_enrollment_4yr", "18303")

    assert (state.geo_level, state.geo_name, state.value) == (
        "state",
        "Washington",
        0.31,
    )
    assert (county.geo_level, county.geo_id, county.county) == ("county", None, "King")
    assert county.value == pytest.approx(0.4)
    assert (esd.geo_level, esd.geo_id, esd.esd) == ("esd", None, "Puget Sound ESD")
    assert (district.geo_level, district.geo_name) == ("district", "Bainbridge Island")
    assert (district.value, district.status) == (0.64, "ok")
    assert district.numerator is None and district.denominator is None


def test_agency_school_row_is_named_in_its_district(agency):
    school = find(
        agency.facts,
        "postsecondary_enrollment_4yr",
        "Bainbridge High School",
        period="2021-22",
    )

    assert (school.geo_level, school.geo_id, school.district_code) == (
        "school",
        None,
        "18303",
    )
    assert school.value == pytest.approx(0.62)


def test_agency_district_code_is_zero_padded(agency):
    fact = find(agency.facts, "postsecondary_enrollment_2yr", "05401")

    assert (fact.geo_level, fact.district_code) == ("district", "05401")
    # An empty Pct is withheld, never zero.
    assert (fact.status, fact.status_reason, fact.value) == (
        "suppressed",
        "source suppressed",
        None,
    )


def test_agency_redacted_ranges_are_bands(agency):
    asian = find(agency.facts, "postsecondary_enrollment_4yr", "18303", group="Asian")
    hispanic = find(
        agency.facts,
        "postsecondary_enrollment_2yr",
        "18303",
        group="Hispanic or Latino",
    )

    assert (asian.group_type, asian.status, asian.value) == (
        "Race/Ethnicity",
        "banded",
        None,
    )
    assert (asian.lower, asian.upper) == (0.9, 1.0)
    assert asian.status_reason == "top/bottom coded"
    assert (hispanic.lower, hispanic.upper, hispanic.status) == (0.0, 0.1, "banded")


def test_agency_group_vocabulary(agency):
    female = find(agency.facts, "postsecondary_enrollment_4yr", "18303", group="Female")

    assert (female.group_type, female.value) == ("Gender", 0.68)
    groups = {(f.group_type, f.group) for f in agency.facts}
    assert ("All", "All Students") in groups


def test_excel_mangled_range_is_quarantined(write):
    # "9-10" opened and saved in Excel becomes "10-Sep".
    path = write(
        "erdc/mangled.csv",
        HEADER + lyle("10-Sep") + lyle("0.15", level="2 Year / CTC"),
    )

    result = load_file(AGENCY, path)

    assert (result.rows_in, result.rows_loaded, result.rows_quarantined) == (2, 1, 1)
    (rejected,) = result.quarantined
    assert (rejected.number, rejected.code, rejected.column) == (1, "V007", "Pct")
    assert "'9-10'" in rejected.message
    assert [f.code for f in result.findings if f.row == 1] == ["V007"]
    assert [f.indicator for f in result.facts] == ["postsecondary_enrollment_2yr"]


def test_not_enrolled_row_gives_any_college_as_its_complement(write):
    path = write(
        "erdc/not_enrolled.csv",
        HEADER
        + lyle("0.6", level="Not Enrolled", year=2019)
        + lyle("0-10", level="Not Enrolled", group="Gender,Male", year=2019),
    )

    result = load_file(AGENCY, path)
    everyone = find(result.facts, "postsecondary_enrollment", "20406", period="2018-19")
    men = find(
        result.facts,
        "postsecondary_enrollment",
        "20406",
        group="Male",
        period="2018-19",
    )

    assert result.rows_quarantined == 0
    assert everyone.value == pytest.approx(0.4)
    assert (men.status, men.value) == ("banded", None)
    assert (men.lower, men.upper) == (pytest.approx(0.9), pytest.approx(1.0))


def test_agency_rows_that_cannot_be_read(write):
    path = write(
        "erdc/bad.csv",
        HEADER
        + lyle("0.1", level="Graduate School")
        + lyle("0.2", kind="Tribal")
        + lyle("0.2", group="Gender,Unknown")
        + lyle("45"),
    )

    result = load_file(AGENCY, path)

    assert [(r.number, r.code) for r in result.quarantined] == [
        (1, "V005"),
        (2, "V005"),
        (3, "G001"),
        (4, "V002"),
    ]
    assert "'Graduate School' is not known" in result.quarantined[0].message


def test_by_sector_rows_are_not_taken_for_totals(write):
    path = write(
        "erdc/sector.csv",
        HEADER.rstrip("\n")
        + ",PSOrganizationLocationTTL,PSOrgnOwnershipTypeTTL\n"
        + lyle("0.2").rstrip("\n")
        + ",In State,Public\n",
    )

    result = load_file(AGENCY, path)

    assert result.facts == []
    (rejected,) = result.quarantined
    assert (rejected.code, rejected.column) == ("V005", "sector_location")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0.64", (0.64, None, None, "ok")),
        ("64%", (0.64, None, None, "ok")),
        ("90-100", (None, 0.9, 1.0, "banded")),
        ("0.9-1.0", (None, 0.9, 1.0, "banded")),
        ("20 - 30", (None, 0.2, 0.3, "banded")),
        ("N<10", (None, None, None, "suppressed")),
        ("", (None, None, None, "suppressed")),
    ],
)
def test_parse_share(text, expected):
    share = parse_share(text, "pct")

    assert (share.value, share.lower, share.upper, share.status) == expected


def test_band_reasons():
    assert parse_share("20-30", "pct").reason == "source suppressed"
    assert parse_share("0-5", "pct").reason == "top/bottom coded"


@pytest.mark.parametrize(
    "text, code",
    [
        ("30-20", "V005"),
        ("90-110", "V002"),
        ("No Suppression", "V001"),
        ("Redacted", "V004"),
    ],
)
def test_parse_share_rejects(text, code):
    with pytest.raises(RowRejected) as caught:
        parse_share(text, "pct")
    assert caught.value.code == code


# -- Washington STEM's compilations -----------------------------------------------


@pytest.fixture(scope="module")
def by_level(sample):
    path = sample / FOLDER / LEVEL_FILE
    assert recognize(path, f"{FOLDER}/{LEVEL_FILE}", SOURCES) is BY_LEVEL
    return load_file(BY_LEVEL, path)


def test_by_level_every_row_loads(by_level):
    assert (by_level.rows_in, by_level.rows_quarantined) == (852, 0)
    assert len(by_level.facts) == 852
    assert by_level.vintage == "2013-14 to 2022-23"
    assert by_level.findings == []
    assert BY_LEVEL.estimated
    assert {f.method for f in by_level.facts} == {"estimated"}


def test_by_level_bainbridge_class_of_2023(by_level):
    # 317 graduates: 10% at a two-year college, 64% at a four-year, 26% neither.
    two = find(by_level.facts, "postsecondary_enrollment_2yr", "18303")
    four = find(by_level.facts, "postsecondary_enrollment_4yr", "18303")
    any_college = find(by_level.facts, "postsecondary_enrollment", "18303")

    assert (two.value, two.denominator) == (0.1, 317)
    assert two.numerator == pytest.approx(31.7)
    assert four.numerator == pytest.approx(202.88)
    assert any_college.value == pytest.approx(0.74)
    assert any_college.numerator == pytest.approx(234.58)
    assert any_college.geo_name == "Bainbridge Island School District"
    assert (any_college.group_type, any_college.group) == ("All", "All Students")


def test_by_level_fractional_and_missing_graduates(by_level):
    # Cape Flattery: 28 in the cohort x 0.86 graduation rate = 24.08 graduates.
    cape = find(by_level.facts, "postsecondary_enrollment_2yr", "05401")
    # Quillayute Valley: the compiler wrote 0 graduates next to published shares.
    quillayute = find(by_level.facts, "postsecondary_enrollment", "05402")

    assert cape.denominator == pytest.approx(24.08)
    assert cape.numerator == pytest.approx(0.48 * 24.08)
    assert quillayute.value == pytest.approx(0.47)
    assert (quillayute.numerator, quillayute.denominator) == (None, None)
    assert quillayute.status == "ok"


def test_by_level_midpoint_kept_as_the_compiler_wrote_it(by_level):
    lyle = find(by_level.facts, "postsecondary_enrollment_2yr", "20406")

    assert lyle.value == 0.025


@pytest.fixture(scope="module")
def by_institution(sample):
    path = sample / FOLDER / INSTITUTION_FILE
    assert recognize(path, f"{FOLDER}/{INSTITUTION_FILE}", SOURCES) is BY_INSTITUTION
    return load_file(BY_INSTITUTION, path)


def test_by_institution_table(by_institution):
    rows = by_institution.tables["erdc_institution_enrollment"]

    assert (by_institution.rows_in, by_institution.rows_quarantined) == (2539, 0)
    assert len(rows) == 2539
    assert by_institution.facts == []
    assert by_institution.vintage == "2013-14 to 2022-23"
    assert rows[0] == {
        "period": "2013-14",
        "district_code": "18303",
        "institution": "Olympic",
        "level": "2yr",
        "enrollees": pytest.approx(0.8963784),
        "pct": 0.03,
    }
    assert {r["level"] for r in rows} == {"2yr", "4yr"}
    columns = [c for c, _ in BY_INSTITUTION.tables["erdc_institution_enrollment"]]
    assert all(list(r) == columns for r in rows)


def test_by_institution_empty_enrollees_stay_empty(by_institution):
    rows = by_institution.tables["erdc_institution_enrollment"]
    quillayute = [
        r for r in rows if r["district_code"] == "05402" and r["period"] == "2022-23"
    ]

    assert len(quillayute) == 10
    assert {r["enrollees"] for r in quillayute} == {None}


def test_period_is_the_graduating_year_not_the_compilers_school_year(
    sample, by_institution
):
    # The compiler labels cohort 2023 "2023-24" (the college year of that first
    # fall); the atlas files the class of 2023 under 2022-23, as OSPI does.
    with (sample / FOLDER / INSTITUTION_FILE).open(newline="") as handle:
        raw = list(csv.DictReader(handle, delimiter="|"))
    pairs = {(r["CohortYearTTL"], r["SchoolYear"]) for r in raw}
    periods = {
        r["period"] for r in by_institution.tables["erdc_institution_enrollment"]
    }

    assert ("2023", "2023-24") in pairs
    assert all(s == f"{y}-{(int(y) + 1) % 100:02d}" for y, s in pairs)
    assert "2022-23" in periods and "2023-24" not in periods
