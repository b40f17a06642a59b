"""The indicator engine on a small warehouse in memory: sums, derived groups,
attainment, privacy, reliability, gaps and the audit's verdict."""

from __future__ import annotations

import duckdb
import pytest

from stematlas.errors import BuildFailed
from stematlas.geography import Geography, default_counties
from stematlas.indicators import engine
from stematlas.indicators.suppression import AuditReport
from stematlas.sources.acs import SOURCES as ACS
from stematlas.warehouse import schema
from stematlas.warehouse.store import write_table

# Southeast region: Walla Walla (metro, two districts) and Columbia (rural, one).
SCHOOLS = [
    {"school_code": "1", "school_name": "A", "district_code": "36140",
     "district_name": "Walla Walla Public Schools", "county": "Walla Walla",
     "esd_name": "Educational Service District 123"},
    {"school_code": "2", "school_name": "B", "district_code": "36250",
     "district_name": "College Place School District", "county": "Walla Walla",
     "esd_name": "Educational Service District 123"},
    {"school_code": "3", "school_name": "C", "district_code": "07002",
     "district_name": "Dayton School District", "county": "Columbia",
     "esd_name": "Educational Service District 123"},
]  # fmt: skip


def fact(geo_id, group_type, group, numerator, denominator, status="ok", **extra):
    row = {
        "indicator": "graduation_4yr", "period": "2022-23", "geo_level": "district",
        "geo_id": geo_id, "geo_name": geo_id, "group_type": group_type,
        "group": group, "numerator": numerator, "denominator": denominator,
        "value": None if numerator is None else numerator / denominator,
        "lower": None, "upper": None, "status": status, "status_reason": "",
        "method": "published", "district_code": geo_id, "county": None, "esd": None,
        "row": 1, "source_id": "ospi_graduation", "file": "g.csv", "priority": 20,
    }  # fmt: skip
    row.update(extra)
    return row


def warehouse(facts: list[dict], acs: list[dict] = ()) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    geo = Geography.build(default_counties(), SCHOOLS)
    names = [c for c, _ in schema.FACT_COLUMNS]
    write_table(
        con, "facts", schema.FACT_COLUMNS, ([f[c] for c in names] for f in facts)
    )
    write_table(
        con,
        "sources",
        schema.SOURCE_COLUMNS,
        [("ospi_graduation", "OSPI graduation", "OSPI", "public", "OSPI", "", False,
          True, "ospi/graduation"),
         ("acs", "ACS", "Census", "public", "Census", "", False, True, "census")],
    )  # fmt: skip
    write_table(
        con,
        "places",
        schema.PLACE_COLUMNS,
        ([p[c] for c, _ in schema.PLACE_COLUMNS] for p in geo.places()),
    )
    columns = ACS[0].tables["acs_b15001"]
    write_table(con, "acs_b15001", columns, ([r[c] for c, _ in columns] for r in acs))
    return con


def observations(con, **filters) -> dict[tuple, dict]:
    where = " AND ".join(f'"{k}" = ?' for k in filters) or "true"
    cursor = con.execute(
        f"SELECT * FROM observations WHERE {where}", list(filters.values())
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    return {(r["geo_level"], r["geo_id"], r["group_type"], r["group"]): r for r in rows}


BASIC = [
    fact("36140", "All", "All Students", 340, 400),
    fact("36140", "Race/Ethnicity", "White", 200, 230),
    fact("36140", "Race/Ethnicity", "Hispanic or Latino", 140, 170),
    fact("36250", "All", "All Students", 80, 100),
    fact("36250", "Race/Ethnicity", "White", 60, 71),
    fact("36250", "Race/Ethnicity", "Hispanic or Latino", 20, 29),
    fact("07002", "All", "All Students", 25, 40),
    fact("07002", "Race/Ethnicity", "White", None, None, "suppressed"),
]


@pytest.fixture
def basic():
    con = warehouse(BASIC)
    report = engine.compute(con)
    return con, report


def test_sums_never_average(basic):
    con, _ = basic
    rows = observations(con)
    county = rows[("county", "53071", "All", "All Students")]
    assert (county["numerator"], county["denominator"]) == (420, 500)
    assert county["method"] == "aggregated"
    region = rows[("region", "southeast", "All", "All Students")]
    assert (region["numerator"], region["denominator"]) == (445, 540)
    parts = con.execute(
        "SELECT part_geo_id FROM observation_parts WHERE geo_level = 'county' "
        "AND geo_id = '53071' AND group_type = 'All' AND kind = 'geography' "
        "ORDER BY 1"
    ).fetchall()
    assert parts == [("36140",), ("36250",)]


def test_students_of_color_is_all_minus_white(basic):
    con, _ = basic
    rows = observations(con)
    color = rows[("district", "36140", "Students of Color", "Students of Color")]
    assert (color["numerator"], color["denominator"]) == (140, 170)
    assert color["method"] == "derived"
    white = rows[("district", "36140", "Students of Color", "White")]
    assert white["numerator"] == 200
    # Dayton's White figure is suppressed: no Students of Color there.
    assert ("district", "07002", "Students of Color", "Students of Color") not in rows
    # The county's White sum covers both districts, like its All Students sum.
    county = rows[("county", "53071", "Students of Color", "Students of Color")]
    assert (county["numerator"], county["denominator"]) == (160, 199)


def test_locale_splits_rural_and_urban(basic):
    con, _ = basic
    rows = observations(con)
    rural = rows[("region", "southeast", "Locale", "Rural")]
    urban = rows[("region", "southeast", "Locale", "Urban")]
    assert (rural["numerator"], rural["denominator"]) == (25, 40)  # Columbia
    assert (urban["numerator"], urban["denominator"]) == (420, 500)  # Walla Walla
    assert rural["method"] == urban["method"] == "derived"
    assert ("county", "53013", "Locale", "Rural") not in rows


def test_wilson_intervals_and_low_reliability(basic):
    con, _ = basic
    rows = observations(con)
    walla = rows[("district", "36140", "All", "All Students")]
    assert walla["lower"] < 0.85 < walla["upper"]
    assert walla["status"] == "ok"
    # An agency figure on 29 students: shown, flagged.
    small = rows[("district", "36250", "Race/Ethnicity", "Hispanic or Latino")]
    assert (small["status"], small["status_reason"]) == ("low_reliability", "n<30")
    assert small["value"] == pytest.approx(20 / 29)


def test_gaps(basic):
    con, _ = basic
    rows = observations(con)
    hispanic = rows[("district", "36140", "Race/Ethnicity", "Hispanic or Latino")]
    white = rows[("district", "36140", "Race/Ethnicity", "White")]
    assert hispanic["gap_to_all_pp"] == pytest.approx(
        100 * (140 / 170 - 0.85), abs=1e-4
    )
    assert hispanic["gap_to_best_pp"] == pytest.approx(
        100 * (140 / 170 - 200 / 230), abs=1e-4
    )
    assert white["gap_to_best_pp"] == 0
    state = rows[("state", "53", "All", "All Students")]
    assert state["gap_to_state_pp"] is None
    assert rows[("district", "36140", "All", "All Students")][
        "gap_to_state_pp"
    ] == pytest.approx(100 * (0.85 - 445 / 540), abs=1e-4)


def test_small_sums_are_suppressed_and_audited():
    small = [
        fact("36140", "Gender", "Gender X", 3, 4),
        fact("36250", "Gender", "Gender X", 2, 3),
        fact("36140", "All", "All Students", 340, 400),
        fact("36250", "All", "All Students", 80, 100),
    ]
    con = warehouse(small)
    report = engine.compute(con)
    rows = observations(con)
    county = rows[("county", "53071", "Gender", "Gender X")]
    assert county["status"] == "suppressed" and county["numerator"] is None
    assert report.hidden >= 1
    # The agency published both districts' small counts: the sum reveals nothing
    # they had not, and the audit says so instead of failing.
    findings = con.execute(
        "SELECT DISTINCT finding FROM suppression_audit WHERE geo_level = 'county'"
    ).fetchall()
    assert findings == [("already public",)]
    assert report.already_public >= 1 and report.source_disclosures == []


def test_an_agency_disclosure_is_listed_and_left_as_published():
    # All Students minus Female gives the Male count the agency hid.
    con = warehouse(
        [
            fact("36140", "All", "All Students", 90, 100),
            fact("36140", "Gender", "Female", 85, 95),
            fact(
                "36140",
                "Gender",
                "Male",
                None,
                None,
                "suppressed",
                status_reason="N<10",
            ),
        ]
    )
    report = engine.compute(con)
    male = observations(con)[("district", "36140", "Gender", "Male")]
    assert male["status"] == "suppressed" and male["status_reason"] == "N<10"
    assert {d["key"][3:] for d in report.source_disclosures} == {
        ("36140", "Gender", "Male")
    }
    rows = con.execute(
        "SELECT count, lower, upper FROM suppression_audit "
        "WHERE finding = 'source disclosure' ORDER BY count"
    ).fetchall()
    assert rows == [("complement", 0, 0), ("denominator", 5, 5), ("numerator", 5, 5)]


def test_a_failed_audit_stops_the_build(monkeypatch):
    con = warehouse(BASIC)
    failure = {
        "key": ("graduation_4yr", "2022-23", "county", "53071", "All", "All Students"),
        "count": "numerator",
        "lower": 3.0,
        "upper": 5.0,
    }
    monkeypatch.setattr(
        engine, "suppress", lambda *a, **k: AuditReport([failure], [], 1)
    )
    with pytest.raises(BuildFailed, match="suppression audit failed for 1 hidden"):
        engine.compute(con)


def test_credential_attainment_from_acs():
    rows = []
    for sex in ("Male", "Female"):
        for age in ("25 to 34 years", "35 to 44 years"):
            rows.append(("Total", 1000, 30))
            rows.append(("Associate's degree", 100, 10))
            rows.append(("Bachelor's degree", 250, 15))
            rows.append(("Graduate or professional degree", 150, 12))
            rows.append(("High school graduate (includes equivalency)", 300, 20))
            rows[-5:] = [
                {"period": "2018", "geo_level": "state", "geo_id": "53", "sex": sex,
                 "age_band": age, "attainment": a, "estimate": e, "moe": m}
                for a, e, m in rows[-5:]
            ]  # fmt: skip
    con = warehouse([], rows)
    engine.compute(con)
    rows = observations(con, indicator="credential_attainment_25_44")
    everyone = rows[("state", "53", "All", "All Students")]
    assert (everyone["numerator"], everyone["denominator"]) == (2000, 4000)
    assert everyone["lower"] < 0.5 < everyone["upper"]
    female = rows[("state", "53", "Gender", "Female")]
    assert (female["numerator"], female["denominator"]) == (1000, 2000)
    assert everyone["goal_target"] == 0.7


def test_the_white_of_students_of_color_is_hidden_with_the_white_of_race():
    # Walla Walla county is ours (two districts). Its American Indian count is
    # small, so one more race is hidden beside it: White, the next smallest. The
    # Students of Color table repeats White and must not give it away.
    rows = [
        fact("36140", "All", "All Students", 300, 400),
        fact("36140", "Race/Ethnicity", "White", 12, 25),
        fact("36140", "Race/Ethnicity", "Hispanic or Latino", 286, 372),
        fact("36140", "Race/Ethnicity", "American Indian or Alaska Native", 2, 3),
        fact("36250", "All", "All Students", 80, 100),
        fact("36250", "Race/Ethnicity", "White", 10, 20),
        fact("36250", "Race/Ethnicity", "Hispanic or Latino", 69, 79),
        fact("36250", "Race/Ethnicity", "American Indian or Alaska Native", 1, 1),
    ] + [
        # The listing is a partition: the other races have no students here.
        fact("36140", "Race/Ethnicity", race, None, None, "not_applicable")
        for race in (
            "Asian", "Black or African American",
            "Native Hawaiian or Other Pacific Islander", "Two or More Races",
        )
    ]  # fmt: skip
    con = warehouse(rows)
    engine.compute(con)
    county = {
        k[2:]: r for k, r in observations(con).items() if k[:2] == ("county", "53071")
    }
    assert county["Race/Ethnicity", "American Indian or Alaska Native"]["status"] in (
        "suppressed",
        "banded",
    )
    assert county["Race/Ethnicity", "White"]["status"] == "suppressed"
    copy = county["Students of Color", "White"]
    assert copy["status"] == "suppressed" and copy["numerator"] is None
    assert copy["method"] == "derived"
    failures = con.execute(
        "SELECT count(*) FROM suppression_audit WHERE finding = 'failure'"
    ).fetchone()[0]
    assert failures == 0


def test_a_listing_that_is_not_a_partition_is_no_margin():
    # Only "Students with Disabilities" listed: All minus it is not a group.
    rows = [
        fact("36140", "All", "All Students", 300, 400),
        fact("36140", "Disability", "Students with Disabilities", 30, 60),
        fact("36140", "Gender", "Female", 150, 200),
        fact("36140", "Gender", "Male", 150, 200),
    ]
    cells = [engine.published_facts(warehouse(rows))][0]
    margins = engine.group_margins(cells)
    assert [m.parts[0][4] for m in margins] == ["Gender"]  # Gender X is optional


def test_a_margin_that_does_not_add_up_is_dropped():
    rows = [
        fact("36140", "All", "All Students", 300, 400),
        fact("36140", "Gender", "Female", 150, 200),
        fact("36140", "Gender", "Male", 150, 210),  # 410 students in 400
        fact("36250", "All", "All Students", 80, 100),
        fact("36250", "Gender", "Female", 40, 50),
        fact("36250", "Gender", "Male", None, None, "suppressed"),
    ]
    cells = engine.published_facts(warehouse(rows))
    by_key = {engine.key(o): o for o in cells}
    verdicts = {
        m.total[3]: engine.adds_up(by_key, m) for m in engine.group_margins(cells)
    }
    # One hidden part: the shown ones fit inside the total, which is all we know.
    assert verdicts == {"36140": False, "36250": True}
