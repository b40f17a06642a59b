"""OSPI graduation: the 2018-19 sample file, and the namings of other years."""

from __future__ import annotations

import pytest

from stematlas.sources.load import load_file
from stematlas.sources.ospi_graduation import SOURCES
from stematlas.sources.registry import recognize

GRADUATION = SOURCES[0]


def test_sample_file(sample):
    result = load_file(GRADUATION, sample / "ospi/graduation/snohomish_2018-19.csv")
    assert (result.rows_in, result.rows_loaded, result.rows_quarantined) == (
        6403,
        6403,
        0,
    )
    assert {f.period for f in result.facts} == {"2018-19"}  # SchoolYear 2019
    county = [
        f
        for f in result.facts
        if f.geo_level == "county"
        and f.group == "All Students"
        and f.indicator == "graduation_4yr"
    ]
    assert [(f.numerator, f.denominator, f.value) for f in county] == [
        (6933, 8610, 0.8052)
    ]
    statuses = {f.status for f in result.facts}
    assert statuses == {"ok", "suppressed", "banded", "not_applicable"}
    assert all(
        f.numerator is None and f.value is None
        for f in result.facts
        if f.status != "ok"
    )


# The API naming of the 2020-21 file, with DAT instead of Suppression, the school
# year written out, and "No DAT" for no suppression.
API_2021 = (
    "schoolyear,organizationlevel,county,esdname,esdorganizationid,districtcode,"
    "districtname,districtorganizationid,schoolcode,schoolname,schoolorganizationid,"
    "studentgrouptype,studentgroup,cohort,beginninggrade9,transferredin,final_cohort,"
    "graduate,graduationrate,dat,dataasof\n"
    "2020-21,District,King,Puget Sound Educational Service District 121,100006,17415,"
    "Kent School District,100117,NULL,District Total,NULL,All,All Students,Four Year,"
    "2100,300,2000,1700,0.85,No DAT,2022-01-19T00:00:00.000\n"
    "2020-21,District,King,Puget Sound Educational Service District 121,100006,17415,"
    "Kent School District,100117,NULL,District Total,NULL,Gender,Gender X,Four Year,"
    "NULL,NULL,NULL,NULL,NULL,N<10,2022-01-19T00:00:00.000\n"
    "2020-21,District,King,Puget Sound Educational Service District 121,100006,17415,"
    "Kent School District,100117,NULL,District Total,NULL,Race,White,Five Year,"
    "NULL,NULL,NULL,NULL,NULL,<1.54%,2022-01-19T00:00:00.000\n"
    "2020-21,School,King,Puget Sound Educational Service District 121,100006,17415,"
    "Kent School District,100117,2797,Kent-Meridian High School,101574,ELL,"
    "English Language Learners,Four Year,NULL,NULL,NULL,NULL,NULL,Cross Group,"
    "2022-01-19T00:00:00.000\n"
)


def test_api_naming_of_a_later_year(write):
    path = write("ospi/graduation/graduation_2020-21.csv", API_2021)
    assert recognize(path, "ospi/graduation/graduation_2020-21.csv", SOURCES)
    result = load_file(GRADUATION, path)
    assert result.rows_quarantined == 0, result.findings
    ok, gender_x, band, withheld = result.facts
    assert (ok.period, ok.geo_id, ok.numerator, ok.denominator, ok.value) == (
        "2020-21",
        "17415",
        1700,
        2000,
        0.85,
    )
    assert gender_x.status == "suppressed"
    assert (band.indicator, band.status) == ("graduation_5yr", "banded")
    assert band.upper == pytest.approx(0.0154)
    # Cross Group with no rate shown: nothing is published, so it is suppressed.
    assert (withheld.geo_level, withheld.geo_id) == ("school", "2797")
    assert withheld.status == "suppressed" and withheld.value is None
