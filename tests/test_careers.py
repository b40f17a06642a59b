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
    IPEDS_C,
    IPEDS_HD,
    csv_text,
    ep_row,
    esd_workbook,
    oews_row,
    write_folder,
)
from stematlas.atlas import Atlas
from stematlas.build import build

STATE = ("53", "Washington", "2")
SEATTLE = ("42660", "Seattle-Tacoma-Bellevue, WA", "4")
BREMERTON = ("14740", "Bremerton-Silverdale-Port Orchard, WA", "4")
NONMETRO = ("5300006", "Western Washington nonmetropolitan area", "6")

SD = ("15-1252", "Software Developers")
FF = ("35-3023", "Fast Food and Counter Workers")
RN = ("29-1141", "Registered Nurses")
EL = ("47-2111", "Electricians")
TE = ("25-2021", "Elementary School Teachers")
WP = ("43-9022", "Word Processors and Typists")
HH = ("31-1120", "Home Health and Personal Care Aides")


def oews_rows() -> list[dict]:
    rows = []
    # area -> occupation -> (employment, hourly median)
    table = {
        STATE: {SD: (10000, 80.0), FF: (20000, 17.0), RN: (8000, 50.0),
                EL: (3000, 40.0), WP: (150, 21.0), HH: (9000, 19.5)},
        SEATTLE: {SD: (8000, 82.5), FF: (15000, 18.5), RN: (6000, 27.5),
                  EL: (2000, 45.0), WP: (100, 22.0), HH: (2000, 20.0)},
        BREMERTON: {SD: (100, 70.0), FF: (500, 16.0), RN: (300, 48.0),
                    EL: (100, 38.0), HH: (300, 19.0)},
        NONMETRO: {SD: ("**", "*"), FF: (300, 15.0), RN: (200, 45.0),
                   EL: (50, 36.0), HH: (100, 18.0)},
    }  # fmt: skip
    for area, jobs in table.items():
        for (soc, title), (emp, median) in jobs.items():
            rows.append(oews_row(*area, soc, title, emp, median))
    # Teachers: BLS publishes annual wages only. $52,000 a year is $25 an hour.
    for area, emp, annual in (
        (STATE, 5000, 83200),
        (SEATTLE, 4000, 52000),
        (BREMERTON, 200, 60000),
        (NONMETRO, 100, 55000),
    ):
        rows.append(oews_row(*area, *TE, emp, "*", A_MEDIAN=annual, ANNUAL="TRUE"))
    # fmt: skip
    return rows


def projections() -> list[list]:
    # National employment and openings, in thousands, as BLS writes them.
    return [
        ep_row("Total, all occupations", "00-0000", 170000, 175000, 18000, "—",
               kind="Summary"),
        ep_row("Software developers", SD[0], 1000.0, 1200.0, 100.0,
               "Bachelor's degree"),
        ep_row("Fast food and counter workers", FF[0], 3000.0, 3030.0, 600.0,
               "No formal educational credential"),
        ep_row("Registered nurses", RN[0], 3000.0, 3300.0, 200.0, "Bachelor's degree"),
        ep_row("Electricians", EL[0], 800.0, 880.0, 80.0,
               "High school diploma or equivalent"),
        ep_row("Elementary school teachers", TE[0], 1400.0, 1400.0, 100.0,
               "Bachelor's degree"),
        ep_row("Word processors and typists", WP[0], 40.0, 25.6, 3.2,
               "High school diploma or equivalent"),
        ep_row("Home health and personal care aides", HH[0], 4000.0, 4800.0, 800.0,
               "High school diploma or equivalent"),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def estimated(tmp_path_factory):
    root = tmp_path_factory.mktemp("careers")
    write_folder(root / "data", oews_rows(), projections())
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


ESD_SHEETS = {
    "Seattle-King County": [
        ["00-0000", "Total, all occupations", 1000000, 1050000, 1100000, 10000,
         10000, 120000, 121000],
        [SD[0], SD[1], 60000, 66000, 72000, 1200, 1200, 5000, 5200],
        [FF[0], FF[1], 30000, 30000, 30000, 0, 0, 6000, 6000],
    ],
    "Tacoma-Pierce": [
        ["00-0000", "Total, all occupations", 400000, 410000, 420000, 2000, 2000,
         40000, 40000],
        [SD[0], SD[1], 3000, 3100, 3200, 20, 20, 250, 260],
        [FF[0], FF[1], 9000, 9000, 9000, 0, 0, 1800, 1800],
    ],
    "Snohomish": [
        ["00-0000", "Total, all occupations", 300000, 309000, 318000, 1800, 1800,
         30000, 30000],
        [SD[0], SD[1], 9000, 9900, 10800, 180, 180, 800, 850],
        [FF[0], FF[1], 10000, 10000, 9000, 0, 0, 1500, 1400],
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def with_esd(tmp_path_factory):
    root = tmp_path_factory.mktemp("careers_esd")
    data = write_folder(root / "data", oews_rows(), projections())
    esd_workbook(data / "esd" / "long-occup-proj-2025.xlsx", ESD_SHEETS, "Title")
    (data / "esd" / "occupations_in_demand.csv").write_text(
        csv_text(
            ["Workforce Development Area", "SOC Code", "Occupation title",
             "Demand status"],
            [["Seattle-King County", SD[0], SD[1], "In demand"],
             ["Seattle-King County", FF[0], FF[1], "Not in demand"]],
        )
    )  # fmt: skip
    ipeds = data / "nces" / "ipeds"
    ipeds.mkdir(parents=True)
    (ipeds / "hd2023.csv").write_text(
        csv_text(
            IPEDS_HD,
            [["1", "University of Washington", "", "", "Seattle", "WA", "", "53",
              "53033", "King County", "", ""],
             ["2", "Clover Park Technical College", "", "", "Lakewood", "WA", "",
              "53", "53053", "Pierce County", "", ""],
             ["3", "Everett Community College", "", "", "Everett", "WA", "", "53",
              "53061", "Snohomish County", "", ""]],
        )
    )  # fmt: skip
    (ipeds / "c2023_a.csv").write_text(
        csv_text(
            IPEDS_C,
            [["1", "11.0701", "1", "5", "R", "500", "R", "0", "R", "0"],
             ["1", "11.0701", "1", "7", "R", "100", "R", "0", "R", "0"],
             ["2", "51.3801", "1", "3", "R", "80", "R", "0", "R", "0"],
             ["3", "11.0201", "1", "21", "R", "30", "R", "0", "R", "0"]],
        )
    )  # fmt: skip
    (data / "nces" / "cip2020_soc2018_crosswalk.csv").write_text(
        csv_text(
            ["CIP2020Code", "CIP2020Title", "SOC2018Code", "SOC2018Title"],
            [['="11.0201"', "Computer Programming/Programmer, General.", SD[0],
              SD[1]],
             ['="11.0701"', "Computer Science.", SD[0], SD[1]],
             ['="51.3801"', "Registered Nursing/Registered Nurse.", RN[0], RN[1]]],
        )
    )  # fmt: skip
    db = root / "atlas.duckdb"
    report = build(data, db)
    assert not [f for f in report.findings if f.severity == "error"], [
        f for f in report.findings if f.severity == "error"
    ]
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
