"""Summing districts into counties, ESDs, WDAs, regions and the state."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stematlas.geography import Geography, default_counties
from stematlas.indicators.aggregate import DistrictWeights, aggregate, observation

# Walla Walla county (53071, southeast region, ESD 123): two districts.
SCHOOLS = [
    {"school_code": "1", "school_name": "A", "district_code": "36140",
     "district_name": "Walla Walla Public Schools", "county": "Walla Walla",
     "esd_name": "Educational Service District 123"},
    {"school_code": "2", "school_name": "B", "district_code": "36250",
     "district_name": "College Place School District", "county": "Walla Walla",
     "esd_name": "Educational Service District 123"},
]  # fmt: skip


@pytest.fixture(scope="module")
def geo() -> Geography:
    return Geography.build(default_counties(), SCHOOLS)


def district(code, numerator, denominator, status="ok", group="All Students"):
    return observation(
        indicator="graduation_4yr",
        period="2022-23",
        geo_level="district",
        geo_id=code,
        geo_name=code,
        group_type="All" if group == "All Students" else "Gender",
        group=group,
        numerator=numerator,
        denominator=denominator,
        value=None if numerator is None else numerator / denominator,
        status=status,
        source_id="ospi_graduation",
        method="published",
    )


def find(results, level, geo_id):
    hits = [r for r in results if r["geo_level"] == level and r["geo_id"] == geo_id]
    return hits[0] if hits else None


def test_sums_counts_and_never_averages_rates(geo):
    parts = [district("36140", 90, 100), district("36250", 10, 100)]
    results = aggregate(parts, geo, DistrictWeights({}))
    county = find(results, "county", "53071")
    assert county["value"] == pytest.approx(100 / 200)
    # The average of the two rates would also be 0.5 here; with unequal sizes:
    parts = [district("36140", 90, 100), district("36250", 10, 400)]
    county = find(aggregate(parts, geo, DistrictWeights({})), "county", "53071")
    assert county["value"] == pytest.approx(100 / 500)
    assert county["value"] != pytest.approx((0.9 + 0.025) / 2)


def test_suppressed_part_leaves_a_hole_with_its_coverage(geo):
    parts = [district("36140", 90, 100), district("36250", None, None, "suppressed")]
    weights = DistrictWeights({"36140": {2022: 3000.0}, "36250": {2022: 1000.0}})
    county = find(aggregate(parts, geo, weights), "county", "53071")
    assert (county["numerator"], county["denominator"]) == (90, 100)
    assert county["coverage"] == 0.75
    assert county["status_reason"] == "coverage"


def test_too_little_coverage_gives_no_figure(geo):
    parts = [district("36140", 90, 100), district("36250", None, None, "suppressed")]
    weights = DistrictWeights({"36140": {2022: 1000.0}, "36250": {2022: 3000.0}})
    assert find(aggregate(parts, geo, weights), "county", "53071") is None


def test_small_sums_keep_their_counts_and_parts_for_the_privacy_step(geo):
    # Suppression needs every figure and margin, so it comes later (the engine);
    # the sum itself is exact and says which parts it is made of.
    parts = [
        district("36140", 3, 4, group="Female"),
        district("36250", 2, 3, group="Female"),
    ]
    county = find(aggregate(parts, geo, DistrictWeights({})), "county", "53071")
    assert (county["numerator"], county["denominator"]) == (5, 7)
    assert county["_ours"] is True
    assert {p[3] for p in county["_parts"]} == {"36140", "36250"}


def test_published_county_is_not_recomputed(geo):
    published = observation(
        **{**district("x", 500, 600), "geo_level": "county", "geo_id": "53071"}
    )
    parts = [published, district("36140", 90, 100)]
    results = aggregate(parts, geo, DistrictWeights({}))
    assert find(results, "county", "53071") is None  # the published one stands
    region = find(results, "region", "southeast")
    assert region is None or region["numerator"] >= 500


def test_esd_and_state(geo):
    parts = [district("36140", 90, 100), district("36250", 10, 100)]
    results = aggregate(parts, geo, DistrictWeights({}))
    assert find(results, "esd", "100007")["numerator"] == 100
    # Two districts of the state's 39 counties: the state figure lacks coverage
    # only if the geography knows other districts; here it knows just these two.
    assert find(results, "state", "53")["denominator"] == 200


def test_weights_take_the_nearest_year():
    weights = DistrictWeights({"1": {2019: 100.0, 2023: 300.0}})
    assert weights("2022-23", "1") == 300.0
    assert weights("2018-19", "1") == 100.0
    assert weights("2018-19", "unknown") == 300.0  # the median district


@given(
    st.lists(
        st.tuples(st.integers(0, 500), st.integers(1, 500)).map(
            lambda t: (min(t), max(t))
        ),
        min_size=2,
        max_size=2,
    )
)
def test_aggregate_then_divide_equals_divide_the_sums(pairs):
    geo = Geography.build(default_counties(), SCHOOLS)
    parts = [
        district(code, n, d)
        for code, (n, d) in zip(("36140", "36250"), pairs, strict=True)
    ]
    county = find(aggregate(parts, geo, DistrictWeights({})), "county", "53071")
    numerator = sum(n for n, _ in pairs)
    denominator = sum(d for _, d in pairs)
    assert county["value"] == pytest.approx(numerator / denominator)
    assert (county["numerator"], county["denominator"]) == (numerator, denominator)
