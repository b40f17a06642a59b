"""The one build of the whole sample pack in a test run, and the figures the agencies
published that it must reproduce."""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from stematlas.atlas import Atlas
from stematlas.build import build
from stematlas.cli import main


@pytest.fixture(scope="session")
def pack(sample, tmp_path_factory):
    db = tmp_path_factory.mktemp("pack") / "atlas.duckdb"
    report = build(sample, db)
    return db, report


def one(db, indicator, **filters):
    with Atlas(db) as atlas:
        rows = atlas.observations(indicator, filters)
    assert len(rows) == 1, rows
    return rows[0]


def test_walla_walla_ela_2023_24(pack):
    db, _ = pack
    row = one(
        db, "ela_met", period="2023-24", geo_level="district", geo_id="36140",
        group="All Students",
    )  # fmt: skip
    assert (row["numerator"], row["denominator"]) == (1161, 2688)
    assert row["value"] == pytest.approx(0.432)
    assert (row["status"], row["method"]) == ("ok", "published")


def test_snohomish_graduation_2018_19(pack):
    db, _ = pack
    row = one(
        db, "graduation_4yr", period="2018-19", geo_level="county", geo_id="53061",
        group="All Students",
    )  # fmt: skip
    assert (row["numerator"], row["denominator"]) == (6933, 8610)
    assert row["value"] == pytest.approx(0.8052)


def test_every_file_read_is_accounted_for(pack, sample):
    db, report = pack
    result = CliRunner().invoke(main, ["sources", "--db", str(db), "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    # Every source file, and the county shapes the maps were cut from.
    read = {r.name for r in report.files} | {"geo/us-atlas_counties-10m.json"}
    assert {r["path"] for r in rows} == read
    for r in rows:
        data = (sample / r["path"]).read_bytes()
        assert r["sha256"] == hashlib.sha256(data).hexdigest()
        assert r["size"] == len(data)
        assert r["rows_in"] == r["rows_loaded"] + r["rows_quarantined"]
        for key in ("size", "rows_in", "rows_loaded", "rows_quarantined", "findings"):
            assert isinstance(r[key], int), (r["path"], key)
        assert r["license"], r["path"]
    shapes = next(r for r in rows if r["path"].startswith("geo/"))
    assert (shapes["source_id"], shapes["rows_in"]) == ("us_atlas_counties", 39)


def test_the_pack_loads_without_errors(pack):
    _, report = pack
    errors = [f for f in report.findings if f.severity == "error"]
    assert not errors, errors[:5]
    for expected in (
        "ospi_assessment", "ospi_graduation", "ospi_directory", "regions_counties",
    ):  # fmt: skip
        assert expected in {r.source.id for r in report.files}


def test_suppressed_figures_are_never_numbers(pack):
    db, _ = pack
    with Atlas(db) as atlas:
        hidden = atlas._rows(
            """
            SELECT status, count(*) AS n,
                   count(numerator) + count(denominator) + count(value) AS shown
            FROM observations WHERE status IN ('suppressed', 'banded',
                                               'not_applicable')
            GROUP BY status
            """
        )
        withheld = atlas._rows(
            "SELECT count(*) AS n, count(numerator) AS counts FROM observations "
            "WHERE status_reason = 'counts withheld'"
        )[0]
    by_status = {r["status"]: r for r in hidden}
    assert by_status["suppressed"]["n"] > 100 and by_status["banded"]["n"] > 10
    assert all(r["shown"] == 0 for r in hidden)
    assert withheld["n"] > 100 and withheld["counts"] == 0


def test_source_suppressed_rows_stay_suppressed(pack):
    db, _ = pack
    # Snohomish 2018-19 Gender X, four-year: OSPI wrote N<10.
    row = one(
        db, "graduation_4yr", period="2018-19", geo_level="county", geo_id="53061",
        group="Gender X",
    )  # fmt: skip
    assert (row["status"], row["status_reason"]) == ("suppressed", "source suppressed")
    assert row["numerator"] is None and row["value"] is None


def test_pages_say_the_figures_are_sample_data(pack):
    from fastapi.testclient import TestClient

    from stematlas.web.app import create_app

    db, _ = pack
    page = TestClient(create_app(db)).get("/")
    assert "Sample data." in page.text and "Synthetic demo" not in page.text


# The indicator engine on the whole pack.


def test_credential_attainment_washington_2018(pack):
    db, _ = pack
    row = one(
        db, "credential_attainment_25_44", period="2018", geo_level="state",
        geo_id="53", group="All Students",
    )  # fmt: skip
    assert (row["numerator"], row["denominator"]) == (1091945, 2159697)
    assert row["value"] == pytest.approx(0.5056, abs=5e-5)
    # The ACS margins of error give an interval a little under a point each way.
    assert 0.49 < row["lower"] < row["value"] < row["upper"] < 0.52
    # Worked here from the ACS cells themselves: the Census Bureau's root sum
    # of squares for the two sums (12 degree cells, 4 total cells), its
    # formula for a proportion, and the 90% margin turned into a 95% one.
    with Atlas(db) as atlas:
        cells = atlas._rows(
            """
            SELECT attainment, estimate, moe FROM acs_b15001
            WHERE period = '2018' AND geo_id = '53' AND sex IN ('Male', 'Female')
              AND age_band IN ('25 to 34 years', '35 to 44 years')
            """
        )
    degree = (
        "Associate's degree",
        "Bachelor's degree",
        "Graduate or professional degree",
    )
    degrees = [c for c in cells if c["attainment"] in degree]
    totals = [c for c in cells if c["attainment"] == "Total"]
    assert (len(degrees), len(totals)) == (12, 4)
    p = row["numerator"] / row["denominator"]
    num_moe = sum(c["moe"] ** 2 for c in degrees) ** 0.5
    den_moe = sum(c["moe"] ** 2 for c in totals) ** 0.5
    moe90 = (num_moe**2 - p**2 * den_moe**2) ** 0.5 / row["denominator"]
    half = moe90 / 1.645 * 1.96
    assert (row["lower"], row["upper"]) == (
        pytest.approx(p - half, abs=1e-9),
        pytest.approx(p + half, abs=1e-9),
    )
    assert round(100 * half, 2) == 0.87  # 49.69% to 51.43%
    assert (row["goal_target"], row["goal_period"]) == (0.70, "2023")
    assert row["goal_gap_pp"] == pytest.approx(-19.44, abs=0.01)
    assert row["goal_status"] in ("not on track", "on track", "met", "not met")


def sums(db, family: str, where: str = "o.method = 'aggregated'") -> list[dict]:
    """Each shown figure the atlas summed for an indicator family, with the sums
    of the counts of the parts it records."""
    with Atlas(db) as atlas:
        return atlas._rows(
            """
            SELECT o.indicator, o.period, o.geo_level, o.geo_id, o.group_type,
                   o."group", o.numerator, o.denominator, o.value, o.coverage,
                   count(p.part_geo_id) AS parts,
                   count(q.numerator) AS parts_with_counts,
                   sum(q.numerator) AS part_numerator,
                   sum(q.denominator) AS part_denominator
            FROM observations o
            LEFT JOIN observation_parts p
              ON p.kind = 'geography' AND p.indicator = o.indicator
             AND p.period = o.period AND p.geo_level = o.geo_level
             AND p.geo_id = o.geo_id AND p.group_type = o.group_type
             AND p."group" = o."group"
            LEFT JOIN observations q
              ON q.indicator = p.indicator AND q.period = p.period
             AND q.geo_level = p.part_geo_level AND q.geo_id = p.part_geo_id
             AND q.group_type = p.part_group_type AND q."group" = p.part_group
            WHERE o.indicator LIKE ? AND o.status IN ('ok', 'low_reliability')
              AND """
            + where
            + """
            GROUP BY ALL
            """,
            [family + "%"],
        )


@pytest.mark.parametrize("family", ["dual_credit", "graduation"])
def test_every_sum_is_its_parts(pack, family):
    db, _ = pack
    rows = sums(db, family)
    assert len(rows) > 100
    for r in rows:
        assert r["parts"] >= 1 and r["parts"] == r["parts_with_counts"], r
        assert (r["numerator"], r["denominator"]) == (
            r["part_numerator"],
            r["part_denominator"],
        ), r
        # Never an average of rates: the value is the ratio of the sums.
        assert r["value"] == pytest.approx(r["numerator"] / r["denominator"]), r
        assert r["coverage"] is not None and 0.5 <= r["coverage"] <= 1, r
    # Some places are only partly covered, and say so.
    assert any(r["coverage"] < 1 for r in rows)


def test_the_audit_passed_and_agency_disclosures_are_listed(pack):
    db, report = pack
    with Atlas(db) as atlas:
        findings = {
            r["finding"]: r["n"]
            for r in atlas._rows(
                "SELECT finding, count(*) AS n FROM suppression_audit GROUP BY 1"
            )
        }
        ours_hidden = atlas._rows(
            "SELECT count(*) AS n FROM observations WHERE method <> 'published' "
            "AND status IN ('suppressed', 'banded')"
        )[0]["n"]
    assert "failure" not in findings
    assert findings["source disclosure"] == len(report.source_disclosures)
    assert report.hidden == ours_hidden > 0


@pytest.mark.parametrize("family", ["dual_credit", "graduation"])
def test_rural_and_urban_sums_are_their_parts_too(pack, family):
    # Locale figures are sums like any other (method derived), and so are sums
    # of estimates (method estimated): neither may average rates either.
    db, _ = pack
    rows = sums(db, family, "(o.group_type = 'Locale' OR o.method = 'estimated')")
    assert len(rows) >= 10
    for r in rows:
        assert r["parts"] >= 1 and r["parts"] == r["parts_with_counts"], r
        assert (r["numerator"], r["denominator"]) == (
            r["part_numerator"],
            r["part_denominator"],
        ), r
        assert r["value"] == pytest.approx(r["numerator"] / r["denominator"]), r
        assert r["coverage"] is not None and 0.5 <= r["coverage"] <= 1, r


@pytest.mark.parametrize("family", ["dual_credit", "graduation"])
def test_a_partial_sum_says_so_or_is_hidden(pack, family):
    db, _ = pack
    with Atlas(db) as atlas:
        rows = atlas._rows(
            """
            SELECT status, status_reason, numerator, denominator, value, coverage
            FROM observations
            WHERE method <> 'published' AND indicator LIKE ? AND coverage < 1
            """,
            [family + "%"],
        )
    assert any(r["status"] == "ok" for r in rows)
    for r in rows:
        if r["status"] == "ok":
            assert r["status_reason"] == "coverage", r
        elif r["status"] in ("suppressed", "banded", "not_applicable"):
            assert (r["numerator"], r["denominator"], r["value"]) == (None,) * 3, r
        else:
            # Shown on few students: the reason names that, the coverage
            # column still says how much of the place the sum covers.
            assert r["status"] == "low_reliability", r


# Labor market and credential opportunity, through the API and the pages.


def _file_rows(path, **match):
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            r
            for r in csv.DictReader(handle)
            if all(r[k] == v for k, v in match.items())
        ]


@pytest.fixture(scope="module")
def web(pack):
    from fastapi.testclient import TestClient

    from stematlas.web.app import create_app

    return TestClient(create_app(pack[0]))


def test_the_labor_files_load_without_errors(pack):
    _, report = pack
    loaded = {r.source.id: r for r in report.files}
    for expected in (
        "bls_oews", "bls_projections", "bls_projections_workbook", "bls_separations",
        "mit_living_wage", "urban_county_population", "nces_cip_soc",
        "nces_cip_codes", "wa_colleges", "regions_oews_areas",
    ):  # fmt: skip
        result = loaded[expected]
        assert result.rows_quarantined == 0 and not result.errors, expected
    assert report.careers > 0


def test_king_software_developers_through_the_api(web, sample):
    (published,) = _file_rows(
        sample / "bls/oews_may2025_wa_state_msa_us.csv",
        area_code="0042660",
        occ_code="15-1252",
    )
    (living,) = _file_rows(
        sample / "mit/living_wage_wa_counties_2019.csv",
        county_fips="53033",
        adults="1 Adult",
        children="1 Child",
    )
    answer = web.get(
        "/api/v1/careers", params={"region": "king", "household": "1-adult-1-child"}
    ).json()
    (row,) = [r for r in answer["data"] if r["soc"] == "15-1252"]
    # The May 2025 Seattle-Tacoma-Bellevue median from the file: $80.42.
    assert row["median_hourly"] == float(published["h_median"]) == 80.42
    assert (row["wage_area"], row["wage_period"]) == (
        "Seattle-Tacoma-Bellevue, WA",
        "2025",
    )
    assert (row["credential"], row["education"]) == ("bachelor", "Bachelor's degree")
    # King region is King County alone: its living wage, one adult and one child.
    assert row["living_wage"] == float(living["living_wage_hourly"]) == 30.30
    assert row["family_wage"] is (row["median_hourly"] >= row["living_wage"]) is True
    assert row["in_demand"] is True and row["estimated"] is True
    assert "2019" in answer["period_note"] and "May 2025" in answer["period_note"]
    assert "mit_living_wage" in row["source"]
    assert any("Glasmeier" in a for a in answer["attributions"])


def test_no_wage_below_the_living_wage_is_a_family_wage(web, pack):
    regions = web.get("/api/v1/geographies", params={"level": "region"}).json()
    ids = [p["id"] for p in regions["data"]]
    assert len(ids) == 11
    for region in ids:
        rows = web.get(
            "/api/v1/careers", params={"region": region, "scope": "all"}
        ).json()["data"]
        assert rows, region
        for r in rows:
            if r["median_hourly"] is not None and r["living_wage"] is not None:
                below = r["median_hourly"] < r["living_wage"]
                assert not (below and r["family_wage"]), (region, r["soc"])
    # And for every household, in the warehouse the API reads.
    with Atlas(pack[0]) as atlas:
        wrong = atlas._rows(
            "SELECT count(*) AS n FROM careers WHERE family_wage "
            "AND wage_hourly < living_wage"
        )[0]["n"]
    assert wrong == 0


def test_every_region_has_a_careers_page(web):
    regions = web.get("/api/v1/geographies", params={"level": "region"}).json()
    for place in regions["data"]:
        for path in (f"/careers/{place['id']}", f"/es/careers/{place['id']}",
                     f"/credentials/{place['id']}"):  # fmt: skip
            answer = web.get(path, headers={"accept": "text/html"})
            assert answer.status_code == 200, path
    statewide = web.get("/careers", headers={"accept": "text/html"}).text
    assert "need a credential beyond high school" in statewide


def test_wages_missing_from_the_file_are_the_state_figure_labeled(web):
    rows = web.get(
        "/api/v1/careers", params={"region": "southwest", "scope": "all"}
    ).json()["data"]
    developers = next(r for r in rows if r["soc"] == "15-1252")
    # Clark and Skamania are in Portland-Vancouver, which the file lacks.
    assert developers["wage_area"] == "Washington"
    assert developers["median_hourly"] == 80.07
    assert "Portland-Vancouver-Hillsboro" in developers["wage_basis"]
