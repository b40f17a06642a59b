"""Places, names and nesting."""

from __future__ import annotations

import pytest

from stematlas.errors import AtlasError
from stematlas.geography import Geography, default_counties
from test_aggregate import SCHOOLS


@pytest.fixture
def geo() -> Geography:
    return Geography.build(default_counties(), SCHOOLS)


def test_counties_regions_and_wdas(geo):
    assert len(geo.counties) == 39
    assert geo.county_fips("Snohomish") == "53061"
    assert geo.county_fips("Snohomish County") == "53061"
    assert geo.counties["53033"]["region_id"] == "king"
    assert geo.counties["53033"]["wda_id"] == "seattle-king"


def test_esd_names_and_numbers(geo):
    assert geo.esd_id("Northwest Educational Service District 189") == "100009"
    assert geo.esd_id("Puget Sound ESD 121") == "100006"
    assert geo.esd_id("ESD 101") == "100001"
    assert geo.esd_id("100007") == "100007"
    assert geo.esd_id("Nowhere ESD") is None


@pytest.mark.parametrize(
    "name",
    [
        "Walla Walla Public Schools",
        "walla walla public schools",
        "Walla Walla",
        "Walla Walla Public Schools (WA)",
    ],
)
def test_district_names(geo, name):
    assert geo.district_code(name) == "36140"


def test_district_nesting(geo):
    info = geo.districts["36140"]
    assert info["county_fips"] == "53071" and info["esd_id"] == "100007"
    assert geo.district_region("36140") == "southeast"


def test_resolve(geo):
    assert geo.resolve("district", None, "College Place School District", None) == (
        "36250",
        "College Place School District",
    )
    assert geo.resolve("county", None, "Walla Walla", None) == ("53071", "Walla Walla")
    assert geo.resolve("district", None, "Atlantis SD", None) is None
    assert geo.resolve("state", None, "", None) == ("53", "Washington")


def test_regions_file_must_cover_every_county(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("county_fips,region_id,region_name\n53001,a,A\n")
    with pytest.raises(AtlasError, match="leaves out 38 counties"):
        Geography.build(default_counties(), regions_file=path)


def test_regions_file_needs_its_columns(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("fips,region\n53001,a\n")
    with pytest.raises(AtlasError, match="county_fips,region_id,region_name"):
        Geography.build(default_counties(), regions_file=path)


def test_district_override_names_a_known_region(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("district_code,region_id\n36140,atlantis\n")
    with pytest.raises(AtlasError, match="'atlantis' is not one of"):
        Geography.build(default_counties(), SCHOOLS, district_regions_file=path)
    path.write_text("district_code,region_id\n36140,king\n")
    geo = Geography.build(default_counties(), SCHOOLS, district_regions_file=path)
    assert geo.district_region("36140") == "king"
    assert geo.district_region("36250") == "southeast"


def test_places_carry_their_parents(geo):
    places = {(p["geo_level"], p["geo_id"]): p for p in geo.places()}
    walla = places[("district", "36140")]
    assert (walla["county_fips"], walla["esd_id"], walla["region_id"]) == (
        "53071",
        "100007",
        "southeast",
    )
    assert places[("state", "53")]["geo_name"] == "Washington"
    assert ("region", "king") in places and ("wda", "seattle-king") in places
