"""Each labor rule on small hand-made tables with answers worked out by hand:
family wage, a region's wage area and living wage, ESD's in-demand rule and the
estimates it is applied to, credential levels, and which counties border a
region."""

from __future__ import annotations

import pytest

from stematlas.errors import AtlasError
from stematlas.labor.areas import (
    STATE_AREA,
    County,
    county_wage_area,
    region_wage_area,
)
from stematlas.labor.credential import credential_level
from stematlas.labor.demand import (
    BALANCED,
    IN_DEMAND,
    NOT_IN_DEMAND,
    NOT_RATED,
    Horizon,
    combined,
    esd_rule,
    estimate,
    rate_horizon,
)
from stematlas.labor.pathways import nearby_counties, neighbours, offerings
from stematlas.labor.rules import load_rules
from stematlas.labor.wages import (
    Wage,
    is_family_wage,
    region_living_wage,
    region_wage,
    wage_of,
)

RULES = load_rules()


def county(fips, people, region="r", wda="w", name=None):
    return County(fips, name or fips, region, region.title(), wda, float(people))


# -- family wage ------------------------------------------------------------------


def wage(hourly, status="ok"):
    return Wage(hourly, hourly, status, "0042660", "Seattle", "as published")


@pytest.mark.parametrize(
    ("hourly", "living", "expected"),
    [
        (30.30, 30.30, True),  # at the living wage counts
        (30.31, 30.30, True),
        (30.29, 30.30, False),
        (None, 30.30, None),  # no wage published: unknown, never "no"
        (25.0, None, None),  # no living wage loaded
    ],
)
def test_family_wage_is_at_or_above_the_living_wage(hourly, living, expected):
    assert is_family_wage(wage(hourly), living) is expected


def test_a_top_coded_wage_is_a_family_wage():
    assert is_family_wage(wage(None, "top_coded"), 99.0) is True


def test_wage_at_the_chosen_percentile_and_annual_only_wages():
    row = {"h_median": 30.0, "h_pct25": 24.0, "a_median": 62400.0}
    assert wage_of(row, 50, RULES) == (30.0, 30.0, "ok")
    assert wage_of(row, 25, RULES) == (24.0, 30.0, "ok")
    # BLS publishes only annual wages for teachers: over 2,080 hours.
    teachers = {"h_median": None, "a_median": 83200.0, "wage_status": "annual_only"}
    assert wage_of(teachers, 50, RULES) == (40.0, 40.0, "annual_only")
    top = {"h_median": None, "markers": "h_median=#", "wage_status": "top_coded"}
    assert wage_of(top, 50, RULES)[2] == "top_coded"
    assert wage_of(None, 50, RULES) == (None, None, "not_published")


def test_the_percentile_is_configurable(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text("[family_wage]\npercentile = 25\n")
    rules = load_rules(path)
    assert rules.percentile == 25 and rules.household == "1-adult-1-child"
    assert (
        "25th percentile" in rules.explained("One adult, one child")[0]["explanation"]
    )
    path.write_text("[family_wage]\npercentile = 40\n")
    with pytest.raises(AtlasError, match="10, 25, 50, 75, 90"):
        load_rules(path)
    path.write_text("[family_wage]\npercentil = 25\n")
    with pytest.raises(AtlasError, match="family_wage.percentil is not a rule"):
        load_rules(path)


# -- a region's wage area and living wage -----------------------------------------

AREAS = {
    "53033": ("0042660", "Seattle-Tacoma-Bellevue, WA"),
    "53035": ("0014740", "Bremerton-Silverdale-Port Orchard, WA"),
    "53011": ("0038900", "Portland-Vancouver-Hillsboro, OR-WA"),
}
PUBLISHED = {
    "0042660": "Seattle-Tacoma-Bellevue, WA",
    "0014740": "Bremerton-Silverdale-Port Orchard, WA",
    STATE_AREA: "Washington",
}


def test_a_county_outside_the_file_takes_the_state_and_says_why():
    assert county_wage_area("53033", AREAS, PUBLISHED).code == "0042660"
    clark = county_wage_area("53011", AREAS, PUBLISHED)
    assert (clark.code, clark.basis) == (
        STATE_AREA,
        "Portland-Vancouver-Hillsboro, OR-WA is not in the OEWS file",
    )
    assert county_wage_area("53099", AREAS, PUBLISHED).code == STATE_AREA


def test_a_region_takes_the_area_where_most_of_its_people_live():
    counties = [county("53033", 300), county("53035", 100)]
    area = region_wage_area(counties, AREAS, PUBLISHED)
    assert (area.code, area.share) == ("0042660", 0.75)
    # Clark's people outweigh Kitsap's: the state figure, labeled.
    counties = [county("53011", 500), county("53035", 100)]
    area = region_wage_area(counties, AREAS, PUBLISHED)
    assert area.code == STATE_AREA and "Portland" in area.basis


def test_an_unpublished_area_wage_falls_back_to_the_state():
    area = region_wage_area([county("53035", 1)], AREAS, PUBLISHED)
    oews = {
        ("0014740", "15-1254"): {"h_median": None, "wage_status": "not_published"},
        (STATE_AREA, "15-1254"): {"h_median": 45.0, "area_title": "Washington"},
        ("0014740", "15-1252"): {"h_median": 70.29},
    }
    web = region_wage("15-1254", area, oews, RULES)
    assert (web.hourly, web.area_code) == (45.0, STATE_AREA)
    assert web.basis.startswith("Washington figure: BLS did not publish it")
    developers = region_wage("15-1252", area, oews, RULES)
    assert developers.hourly == 70.29 and developers.basis.endswith("as published")


def test_living_wage_weights_counties_by_population():
    counties = [county("a", 300, name="A"), county("b", 100, name="B")]
    found = region_living_wage(counties, {"a": 30.0, "b": 20.0})
    # (300 x 30 + 100 x 20) / 400
    assert found.hourly == 27.5 and found.basis == "2 counties weighted by population"
    equal = region_living_wage(counties, {"a": 30.0, "b": 20.0}, weighted=False)
    assert equal.hourly == 25.0
    partial = region_living_wage(counties, {"a": 30.0})
    assert partial.hourly == 30.0 and "no living wage for B" in partial.basis
    assert region_living_wage(counties, {}) is None


# -- in demand: ESD's rule ---------------------------------------------------------

# An area growing 1% a year over ten years, with 10,000 openings a year.
AREA = Horizon(100_000, 100_000 * 1.01**10, 10, 10_000)


def grows(rate, openings, base=1_000, years=10):
    return Horizon(base, base * (1 + rate) ** years, years, openings)


@pytest.mark.parametrize(
    ("occupation", "expected"),
    [
        (grows(0.009, 8), IN_DEMAND),  # 90% of the area's rate, 0.08% of openings
        (grows(0.0089, 8), None),  # just under 90% of the rate: neither
        (grows(0.02, 7.9), None),  # fast growth, too few openings
        (grows(0.0069, 99), NOT_IN_DEMAND),  # under 70%, under 1% of openings
        (grows(0.0069, 100), None),  # 1% of the openings: not "not in demand"
    ],
)
def test_esd_thresholds_on_one_horizon(occupation, expected):
    assert rate_horizon(occupation, AREA, RULES) == expected


def test_esd_rule_over_horizons():
    fast, slow = grows(0.03, 50), grows(0.0, 5)
    assert esd_rule([fast, fast], [AREA, AREA], RULES)[0] == IN_DEMAND
    assert esd_rule([slow, slow], [AREA, AREA], RULES)[0] == NOT_IN_DEMAND
    assert esd_rule([fast, slow], [AREA, AREA], RULES)[0] == BALANCED
    neither = grows(0.0089, 8)
    assert esd_rule([neither], [AREA], RULES)[0] == BALANCED


def test_esd_rule_rates_only_occupations_with_50_jobs():
    status, why = esd_rule([grows(0.05, 50, base=49)], [AREA], RULES)
    assert status == NOT_RATED and "fewer than 50 jobs" in why
    assert esd_rule([grows(0.05, 50, base=50)], [AREA], RULES)[0] == IN_DEMAND


def test_estimates_scale_regional_jobs_by_national_rates():
    national = {
        "employment_base": 1_693_800.0,
        "employment_projected": 1_961_400.0,
        "openings": 115_200.0,
        "base_year": "2024",
        "projected_year": "2034",
    }
    found = estimate(1_000.0, national)
    assert found.projected == pytest.approx(1_000 * 1_961_400 / 1_693_800)
    assert found.openings == pytest.approx(1_000 * 115_200 / 1_693_800)
    assert found.years == 10
    assert estimate(1_000.0, {"employment_base": 0}) is None
    total = combined([found.horizon, grows(0.0, 10, base=3_000)])
    assert (total.base, total.openings) == (4_000, pytest.approx(found.openings + 10))


# -- credential levels -------------------------------------------------------------


@pytest.mark.parametrize(
    ("education", "level", "beyond"),
    [
        ("No formal educational credential", "high-school", False),
        ("High school diploma or equivalent", "high-school", False),
        ("Some college, no degree", "certificate", True),
        ("Postsecondary nondegree award", "certificate", True),
        ("Associate's degree", "associate", True),
        ("Bachelor's degree", "bachelor", True),
        ("Master's degree", "graduate", True),
        ("Doctoral or professional degree", "graduate", True),
    ],
)
def test_bls_education_grouped_in_five_levels(education, level, beyond):
    found = credential_level(education, RULES)
    assert (found.id, found.beyond_high_school) == (level, beyond)


def test_no_level_for_no_wording():
    assert credential_level("—", RULES) is None
    assert credential_level(None, RULES) is None


# -- where to earn it --------------------------------------------------------------


def test_counties_border_when_their_shapes_share_an_edge():
    # A row of three counties: 1 | 2 | 3; arcs 0 and 1 are the shared edges.
    topology = {
        "objects": {
            "counties": {
                "geometries": [
                    {"id": "53001", "arcs": [[0, 2]]},
                    {"id": "53002", "arcs": [[~0, 1, 3]]},
                    {"id": "53003", "arcs": [[[~1, 4]]]},  # a multipolygon
                ]
            }
        }
    }
    borders = neighbours(topology)
    assert borders["53001"] == {"53002"}
    assert borders["53002"] == {"53001", "53003"}
    assert nearby_counties({"53001"}, borders) == {"53002"}
    assert nearby_counties({"53001", "53002"}, borders) == {"53003"}


def test_offerings_sum_majors_and_levels_and_drop_empty_programs():
    completions = [
        {"cip": "11.0701", "unitid": "1", "completions": 700, "award": "bachelor's"},
        {"cip": "11.0701", "unitid": "1", "completions": 20, "award": "bachelor's"},
        {"cip": "11.0701", "unitid": "1", "completions": 100, "award": "master's"},
        {"cip": "11.0701", "unitid": "2", "completions": 0, "award": "bachelor's"},
    ]
    found = offerings(completions, {"1": {"name": "UW", "county_fips": "53033"}})
    (uw,) = found["11.0701"]
    assert (uw.completions, uw.county_fips) == (820, "53033")
    assert uw.awards == "bachelor's; master's"
