"""OSPI WaKIDS: the sample pack has no WaKIDS file, so these are small files written
in the published layouts (LAYOUTS.md): 2021-22 / 2023-24 display names, the
2024-25 variant with organization ids and Percent, and the API's lower-case
names. Figures are invented; the Measure written on domain rows
("DevelopmentLevel") is not confirmed, and the loader does not read it there."""

from __future__ import annotations

import pytest

from stematlas.sources.load import load_file
from stematlas.sources.ospi_sqss import SOURCES as SQSS
from stematlas.sources.ospi_wakids import SOURCES
from stematlas.sources.registry import recognize

(WAKIDS,) = SOURCES
FIRST = "Report_Card_WaKIDS_2021-22.csv"
LATEST = "Report_Card_WaKIDS_2024-25.csv"


def one(result, indicator, geo_name, group):
    (fact,) = [
        f
        for f in result.facts
        if (f.indicator, f.geo_name, f.group) == (indicator, geo_name, group)
    ]
    return fact


def figures(fact):
    return (fact.numerator, fact.denominator, fact.value, fact.status)


@pytest.fixture
def first(fixtures):
    return load_file(WAKIDS, fixtures / "ospi_wakids" / FIRST)


@pytest.fixture
def latest(fixtures):
    return load_file(WAKIDS, fixtures / "ospi_wakids" / LATEST)


def test_recognized(fixtures):
    for name in (FIRST, LATEST):
        path = fixtures / "ospi_wakids" / name
        assert recognize(path, f"ospi/wakids/{name}", SQSS + SOURCES) is WAKIDS


def test_row_accounting(first):
    # 14 rows; "5 domains", the Green and orange colour bands give no facts.
    assert (first.rows_in, first.rows_loaded, first.rows_quarantined) == (14, 14, 0)
    assert len(first.facts) == 11
    assert first.vintage == "2021-22"
    assert not [f for f in first.findings if f.severity == "error"]


def test_ready_in_six_domains(first):
    state = one(first, "kindergarten_ready", "Washington", "All Students")
    assert figures(state) == (33120, 77050, 33120 / 77050, "ok")
    assert (state.geo_level, state.geo_id, state.period) == ("state", "53", "2021-22")
    hispanic = one(
        first, "kindergarten_ready", "Walla Walla Public Schools", "Hispanic or Latino"
    )
    assert figures(hispanic) == (52, 150, 52 / 150, "ok")
    assert hispanic.group_type == "Race/Ethnicity"


def test_ready_by_domain(first):
    math = one(first, "kindergarten_ready_math", "Washington", "All Students")
    assert figures(math) == (45600, 77050, 45600 / 77050, "ok")
    social = one(
        first, "kindergarten_ready_social_emotional", "Washington", "All Students"
    )
    assert figures(social)[:2] == (54000, 77050)
    literacy = one(
        first,
        "kindergarten_ready_literacy",
        "Walla Walla Public Schools",
        "English Learner",
    )
    assert figures(literacy) == (40, 95, 40 / 95, "ok")
    assert {f.indicator for f in first.facts} == {
        "kindergarten_ready",
        "kindergarten_ready_math",
        "kindergarten_ready_social_emotional",
        "kindergarten_ready_literacy",
        "kindergarten_ready_cognitive",
    }


def test_places_without_codes(first):
    district = one(
        first, "kindergarten_ready", "Walla Walla Public Schools", "All Students"
    )
    assert (district.geo_level, district.geo_id, district.district_code) == (
        "district",
        None,
        None,
    )
    assert (district.county, district.esd) == (
        "Walla Walla",
        "Educational Service District 123",
    )
    school = one(
        first, "kindergarten_ready", "Green Park Elementary School", "All Students"
    )
    assert (school.geo_level, school.geo_id, school.district_code) == (
        "school",
        None,
        None,
    )
    assert figures(school) == (30, 61, 30 / 61, "ok")


def test_group_types(first):
    groups = {(f.group_type, f.group) for f in first.facts}
    assert {
        ("Income", "Low Income"),  # FreeLunch
        ("English Learner", "English Learner"),  # Bilingual
        ("Disability", "Students with Disabilities"),  # SpecialEd
        ("Race/Ethnicity", "White"),
        ("All", "All Students"),
    } <= groups


def test_suppression(first):
    disabilities = one(
        first,
        "kindergarten_ready",
        "Walla Walla Public Schools",
        "Students with Disabilities",
    )
    assert (disabilities.status, disabilities.status_reason) == (
        "suppressed",
        "source suppressed",
    )
    # Cross Student Group with nothing shown is suppressed, not a rate.
    white = one(first, "kindergarten_ready", "Walla Walla Public Schools", "White")
    assert figures(white) == (None, None, None, "suppressed")


def test_2024_25_layout(latest):
    assert (latest.rows_in, latest.rows_quarantined, len(latest.facts)) == (5, 0, 5)
    district = one(
        latest, "kindergarten_ready", "Walla Walla Public Schools", "All Students"
    )
    assert figures(district) == (190, 410, 0.4634, "ok")
    assert district.geo_id is None  # DistrictOrganizationId is not a district code
    # Cross Student Group where the file shows the rate: counts withheld.
    female = one(latest, "kindergarten_ready", "Walla Walla Public Schools", "Female")
    assert figures(female) == (None, None, 0.52, "ok")
    assert female.status_reason == "counts withheld"
    gender_x = one(
        latest, "kindergarten_ready", "Walla Walla Public Schools", "Gender X"
    )
    assert gender_x.status == "suppressed"
    language = one(
        latest,
        "kindergarten_ready_language",
        "Green Park Elementary School",
        "All Students",
    )
    assert figures(language) == (50, 64, 0.7813, "ok")


API = (
    "schoolyear,esdname,county,districtname,schoolname,organizationlevel,"
    "studentgrouptype,studentgroup,domain,measure,measurevalue,numerator,"
    "denominator,suppress\n"
    "2023-24,,,State Total,,State,All,All Students,NumberofDomains,"
    "NumberofDomainsReadyforKindergarten,6,35100,78200,\n"
    "2023-24,Educational Service District 123,Walla Walla,"
    "Walla Walla Public Schools,,District,SpecialEd,Students without Disabilities,"
    "SocialEmotional,DevelopmentLevel,Kindergarten and up,301,388,\n"
)


def test_api_names(write):
    result = load_file(WAKIDS, write("wakids.csv", API))
    assert result.rows_quarantined == 0
    assert [(f.indicator, f.geo_id, f.group, f.numerator) for f in result.facts] == [
        ("kindergarten_ready", "53", "All Students", 35100),
        (
            "kindergarten_ready_social_emotional",
            None,
            "Students without Disabilities",
            301,
        ),
    ]


def test_percent_written_as_percentage(write):
    text = (
        "SchoolYear,OrganizationLevel,DistrictName,StudentGroupType,StudentGroup,"
        "Domain,Measure,MeasureValue,Numerator,Denominator,Percent,Suppress\n"
        "2024-25,District,Walla Walla Public Schools,All,All Students,NumberofDomains,"
        "NumberofDomainsReadyforKindergarten,6,190,410,46.34,\n"
    )
    (fact,) = load_file(WAKIDS, write("wakids.csv", text)).facts
    assert fact.value == pytest.approx(0.4634)


def test_state_total_without_a_level(write):
    text = (
        "SchoolYear,OrganizationLevel,DistrictName,StudentGroupType,StudentGroup,"
        "Domain,Measure,MeasureValue,Numerator,Denominator,Suppress\n"
        "2022-23,,State Total,All,All Students,NumberofDomains,"
        "NumberofDomainsReadyforKindergarten,6,34000,78000,\n"
    )
    (fact,) = load_file(WAKIDS, write("wakids.csv", text)).facts
    assert (fact.geo_level, fact.geo_id, fact.period) == ("state", "53", "2022-23")


def test_unknown_domain_and_marker_are_quarantined(write):
    text = (
        "SchoolYear,OrganizationLevel,DistrictName,StudentGroupType,StudentGroup,"
        "Domain,Measure,MeasureValue,Numerator,Denominator,Suppress\n"
        "2022-23,District,Walla Walla Public Schools,All,All Students,Science,"
        "DevelopmentLevel,Kindergarten and up,10,20,\n"
        "2022-23,District,Walla Walla Public Schools,All,All Students,NumberofDomains,"
        "NumberofDomainsReadyforKindergarten,6,,,Masked\n"
    )
    result = load_file(WAKIDS, write("wakids.csv", text))
    assert [(r.code, r.column) for r in result.quarantined] == [
        ("V005", "domain"),
        ("V004", "suppress"),
    ]
    assert "add it to DOMAINS" in result.quarantined[0].message
