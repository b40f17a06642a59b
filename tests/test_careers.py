"""The regional job lists the build writes, from small hand-made data folders whose
answers are worked out by hand: a region across two wage areas and two Workforce
Development Areas ("alpha": King, 300 people, Seattle area; Pierce, 100 people,
Bremerton area), a region of one county in the nonmetropolitan area ("beta"), and
Snohomish alone ("gamma", also in the Seattle area).

The first folder has no ESD projections, so every job figure is an estimate; the
second adds ESD's workbook, ESD's list for Seattle-King and IPEDS files.
"""

from __future__ import annotations

import pytest

from labor_files import (
    EL,
    FF,
    HH,
    RN,
    SD,
    TE,
    WP,
    careers_folder,
    careers_folder_with_esd,
)
from stematlas.atlas import Atlas
from stematlas.build import build


@pytest.fixture(scope="module")
def estimated(tmp_path_factory):
    root = tmp_path_factory.mktemp("careers")
    careers_folder(root / "data")
    db = root / "atlas.duckdb"
    report = build(root / "data", db)
    assert not [f for f in report.findings if f.severity == "error"]
    return db


def career(db, region, soc, household="1-adult-1-child"):
    with Atlas(db) as atlas:
        rows = atlas.careers(region, household, scope="all")
    (row,) = [r for r in rows if r["soc"] == soc]
    return row


def test_wages_come_from_the_area_most_people_live_in(estimated):
    row = career(estimated, "alpha", SD[0])
    assert (row["median_hourly"], row["wage_area"]) == (
        82.5,
        "Seattle-Tacoma-Bellevue, WA",
    )
    assert row["wage_basis"] == "Seattle-Tacoma-Bellevue, WA, as published"


def test_an_unpublished_area_wage_is_the_state_figure_labeled(estimated):
    row = career(estimated, "beta", SD[0])
    assert row["median_hourly"] == 80.0 and row["wage_area"] == "Washington"
    assert (
        "did not publish it for Western Washington nonmetropolitan"
        in (row["wage_basis"])
    )


def test_living_wage_is_the_population_weighted_county_average(estimated):
    # (300 x $30 + 100 x $20) / 400
    assert career(estimated, "alpha", SD[0])["living_wage"] == 27.5
    assert career(estimated, "gamma", SD[0])["living_wage"] == 30.0
    both = career(estimated, "alpha", SD[0], "2-adults-2-working-1-child")
    assert both["living_wage"] == 13.75


def test_family_wage_at_or_above_the_living_wage(estimated):
    assert career(estimated, "alpha", RN[0])["family_wage"] is True  # 27.50 = 27.50
    assert career(estimated, "gamma", RN[0])["family_wage"] is False  # under 30
    assert career(estimated, "alpha", FF[0])["family_wage"] is False
    teachers = career(estimated, "alpha", TE[0])
    assert (teachers["wage_status"], teachers["wage_hourly"]) == ("annual_only", 25.0)
    assert teachers["family_wage"] is False


def test_estimated_jobs_share_areas_by_population(estimated):
    row = career(estimated, "alpha", SD[0])
    # Seattle's 8,000 x 300/400 (Snohomish holds the rest) + Bremerton's 100.
    assert row["employment"] == 6100
    assert row["openings"] == 610  # x national openings rate 100/1000
    assert row["growth"] == pytest.approx(0.2)
    assert row["estimated"] is True and row["method"] == "estimated"
    # Not published in the nonmetro area: the state's, by population share.
    assert career(estimated, "beta", SD[0])["employment"] == round(10000 * 50 / 550)


def test_demand_by_esds_rule_on_estimates(estimated):
    status = {
        soc: career(estimated, "alpha", soc)["demand_status"]
        for soc, _ in (SD, RN, EL, FF, TE, WP)
    }
    assert status == {
        SD[0]: "in demand",
        RN[0]: "in demand",
        EL[0]: "in demand",
        FF[0]: "balanced",  # slow growth but most of the openings
        TE[0]: "balanced",
        WP[0]: "not in demand",
    }
    assert career(estimated, "alpha", WP[0])["demand_basis"].startswith(
        "ESD's rule applied to estimates"
    )


def test_the_list_is_in_demand_family_wage_jobs_ranked_by_openings(estimated):
    with Atlas(estimated) as atlas:
        one_child = atlas.careers("alpha", "1-adult-1-child")
        two_adults = atlas.careers("alpha", "2-adults-2-working-1-child")
        bachelors = atlas.careers("alpha", "1-adult-1-child", credential="bachelor")
        totals = {r["region_id"]: r for r in atlas.career_region_totals()}
    assert [r["soc"] for r in one_child] == [SD[0], RN[0], EL[0]]
    assert [r["openings"] for r in one_child] == [610, 320, 160]
    # Home health aides earn $20: enough where both adults work.
    assert [r["soc"] for r in two_adults] == [SD[0], HH[0], RN[0], EL[0]]
    assert [r["soc"] for r in bachelors] == [SD[0], RN[0]]
    assert (totals["alpha"]["openings"], totals["alpha"]["beyond_high_school"]) == (
        1090,
        930,
    )


def test_credential_and_period_note(estimated):
    row = career(estimated, "alpha", EL[0])
    assert (row["credential"], row["beyond_high_school"]) == ("high-school", False)
    note = row["period_note"]
    assert note.startswith("Wages are for May 2025, living wages for 2019")
    assert "mit_living_wage" in row["source"] and "bls_oews" in row["source"]


def test_no_program_data_is_said_so(estimated):
    with Atlas(estimated) as atlas:
        pathways = atlas.career_pathways("alpha")
        notes = " ".join(n["note"] for n in atlas.career_notes("alpha"))
    assert {p["pathway"]["program_data"] for p in pathways} == {"not loaded"}
    assert "Program data not loaded" in notes


# -- with ESD's projections, ESD's list and IPEDS --------------------------------


@pytest.fixture(scope="module")
def with_esd(tmp_path_factory):
    root = tmp_path_factory.mktemp("careers_esd")
    data = careers_folder_with_esd(root / "data")
    db = root / "atlas.duckdb"
    report = build(data, db)
    assert not [f for f in report.findings if f.severity == "error"]
    return db


def test_whole_workforce_areas_add_up_esds_figures(with_esd):
    row = career(with_esd, "alpha", SD[0])
    assert row["employment"] == 63000  # Seattle-King's 60,000 + Tacoma-Pierce's
    # Ten-year openings: the mean of the two five-year spans, in each area.
    assert row["openings"] == 5100 + 255
    assert row["growth"] == pytest.approx(75200 / 63000 - 1)
    assert row["estimated"] is False and row["method"] == "published"
    assert row["figures_basis"] == (
        "ESD projections for pierce, seattle-king, added up"
    )


def test_esds_list_rates_where_it_is_loaded(with_esd):
    developers = career(with_esd, "alpha", SD[0])
    assert developers["demand_status"] == "in demand"
    assert developers["demand_basis"] == "ESD Occupations in Demand for seattle-king"
    assert career(with_esd, "alpha", FF[0])["demand_status"] == "not in demand"
    nurses = career(with_esd, "alpha", RN[0])
    assert nurses["demand_status"] == "not rated"
    assert nurses["demand_basis"].endswith("(not on the list)")


def test_esds_rule_on_its_projections_where_its_list_is_not(with_esd):
    developers = career(with_esd, "gamma", SD[0])
    assert developers["demand_status"] == "in demand"
    assert developers["demand_basis"].startswith(
        "ESD's rule applied to ESD's projections for snohomish"
    )
    # Flat, then falling, but 5% of the openings: balanced.
    assert career(with_esd, "gamma", FF[0])["demand_status"] == "balanced"


def test_the_openings_method_is_said(with_esd):
    with Atlas(with_esd) as atlas:
        notes = [n["note"] for n in atlas.career_notes("alpha")]
    assert any(
        n.startswith("ESD publishes openings by two methods") and "not stated" in n
        for n in notes
    )


def test_a_region_without_esds_areas_is_estimated(with_esd):
    row = career(with_esd, "beta", SD[0])
    assert row["estimated"] is True
    assert row["demand_basis"].startswith("ESD's rule applied to estimates")


def test_programs_colleges_and_completions_per_opening(with_esd):
    with Atlas(with_esd) as atlas:
        (developers,) = [p for p in atlas.career_pathways("alpha") if p["soc"] == SD[0]]
        offerings = atlas.career_offerings("alpha")
        programs = atlas.career_programs([SD[0]])[SD[0]]
    pathway = developers["pathway"]
    assert pathway["program_data"] == "loaded"
    assert (pathway["programs"], pathway["programs_offered"]) == (2, 2)
    # UW in King; Everett Community College in Snohomish, which borders King.
    assert (pathway["colleges_in_region"], pathway["colleges_nearby"]) == (1, 1)
    assert pathway["completions"] == 600
    assert pathway["completions_per_opening"] == pytest.approx(600 / 5355)
    assert [p["cip"] for p in programs] == ["11.0201", "11.0701"]
    uw = offerings["11.0701"][0]
    assert (uw["institution"], uw["nearness"], uw["completions"]) == (
        "University of Washington",
        "in the region",
        600,
    )
    assert offerings["11.0201"][0]["nearness"] == "nearby"
