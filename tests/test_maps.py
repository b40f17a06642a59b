"""Cutting the county TopoJSON to one state: on a small hand-made topology whose
decoded shapes are compared point for point, and on the vendored us-atlas file."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from stematlas.maps import county_shapes, load_topology, washington_counties

VENDORED = (
    Path(__file__).resolve().parents[1]
    / "src/stematlas/web/static/vendor/us-atlas-3.0.1/counties-10m.json"
)

# Two counties of state 53 side by side, one of state 41 east of them, on a grid:
#   53001 = (0,0)-(1,1) plus an island, 53003 = (1,0)-(2,1), 41001 = (2,0)-(3,1).
# Arcs in absolute grid points; shared arcs run one way and are reversed (~i) by
# the other side.
POINTS = {
    "east41": [(2, 0), (3, 0), (3, 1), (2, 1)],
    "lake": [(5, 5), (6, 6)],  # used by nothing
    "mid53": [(1, 0), (1, 1)],  # 53001 | 53003
    "border": [(2, 0), (2, 1)],  # 53003 | 41001, and the two states
    "west53": [(1, 1), (0, 1), (0, 0), (1, 0)],
    "south53": [(1, 0), (2, 0)],
    "north53": [(2, 1), (1, 1)],
    "island": [(0, 2), (1, 2), (1, 3), (0, 2)],
    "nation": [(0, 0), (3, 0)],  # used only by the dropped nation object
}
ORDER = list(POINTS)
N = {name: ORDER.index(name) for name in ORDER}
SCALE, TRANSLATE = [0.5, 0.25], [-124.0, 45.0]


def delta(points):
    """Quantized, delta-encoded arc: first point absolute, then differences."""
    out, last = [], (0, 0)
    for x, y in points:
        out.append([x - last[0], y - last[1]])
        last = (x, y)
    return out


def tiny() -> dict:
    county = {"type": "GeometryCollection", "geometries": [
        {"type": "MultiPolygon", "id": "53001", "properties": {"name": "Adams"},
         "arcs": [[[N["mid53"], N["west53"]]], [[N["island"]]]]},
        {"type": "Polygon", "id": "53003", "properties": {"name": "Asotin"},
         "arcs": [[~N["mid53"], N["south53"], N["border"], N["north53"]]]},
        {"type": "Polygon", "id": "41001", "properties": {"name": "Baker"},
         "arcs": [[~N["border"], N["east41"]]]},
    ]}  # fmt: skip
    states = {"type": "GeometryCollection", "geometries": [
        {"type": "MultiPolygon", "id": "53", "properties": {"name": "Washington"},
         "arcs": [[[N["west53"], N["south53"], N["border"], N["north53"]]],
                  [[N["island"]]]]},
        {"type": "Polygon", "id": "41", "properties": {"name": "Oregon"},
         "arcs": [[~N["border"], N["east41"]]]},
    ]}  # fmt: skip
    nation = {"type": "GeometryCollection", "geometries": [
        {"type": "LineString", "arcs": [N["nation"]]}]}  # fmt: skip
    return {
        "type": "Topology",
        "bbox": [-124.0, 45.0, -121.0, 45.75],
        "transform": {"scale": SCALE, "translate": TRANSLATE},
        "objects": {"counties": county, "states": states, "nation": nation},
        "arcs": [delta(POINTS[name]) for name in ORDER],
    }


def decode_arc(topology: dict, index: int) -> list[tuple[float, float]]:
    """Real coordinates of arc ``index``; a negative index is the arc reversed."""
    (kx, ky), (dx, dy) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    x = y = 0
    points = []
    for step in topology["arcs"][index if index >= 0 else ~index]:
        x, y = x + step[0], y + step[1]
        points.append((x * kx + dx, y * ky + dy))
    return points if index >= 0 else points[::-1]


def decode_line(topology: dict, indexes: list[int]) -> list[tuple[float, float]]:
    """Arcs stitched end to start, the shared joining point written once."""
    line: list[tuple[float, float]] = []
    for index in indexes:
        points = decode_arc(topology, index)
        line += points[1:] if line else points
    return line


def decode(topology: dict, geometry: dict) -> list:
    arcs = geometry["arcs"]
    if geometry["type"] == "LineString":
        return decode_line(topology, arcs)
    if geometry["type"] == "Polygon":
        return [decode_line(topology, ring) for ring in arcs]
    return [[decode_line(topology, ring) for ring in polygon] for polygon in arcs]


def by_id(topology: dict, name: str) -> dict[str, dict]:
    return {g["id"]: g for g in topology["objects"][name]["geometries"]}


def used_arcs(topology: dict) -> set[int]:
    found: set[int] = set()

    def walk(item):
        if isinstance(item, list):
            for x in item:
                walk(x)
        else:
            found.add(item if item >= 0 else ~item)

    for obj in topology["objects"].values():
        for geometry in obj["geometries"]:
            walk(geometry["arcs"])
    return found


@pytest.mark.parametrize(
    "fips,counties", [("53", ["53001", "53003"]), ("41", ["41001"])]
)
def test_cut_keeps_the_states_counties_and_outline(fips, counties):
    cut = washington_counties(tiny(), fips)
    assert cut["type"] == "Topology"
    assert set(cut["objects"]) == {"counties", "state"}
    assert list(by_id(cut, "counties")) == counties
    assert list(by_id(cut, "state")) == [fips]
    names = {g["properties"]["name"] for g in cut["objects"]["counties"]["geometries"]}
    original = by_id(tiny(), "counties")
    assert names == {original[c]["properties"]["name"] for c in counties}


@pytest.mark.parametrize("fips", ["53", "41"])
def test_kept_geometries_decode_to_the_same_coordinates(fips):
    source = tiny()
    cut = washington_counties(source, fips)
    for cut_name, source_name in (("counties", "counties"), ("state", "states")):
        before = by_id(source, source_name)
        for geometry_id, geometry in by_id(cut, cut_name).items():
            assert geometry["type"] == before[geometry_id]["type"]
            assert decode(cut, geometry) == decode(source, before[geometry_id])
    assert cut["transform"] == source["transform"]


def test_rings_stay_closed_and_shared_arcs_are_shared():
    cut = washington_counties(tiny(), "53")
    for geometry in cut["objects"]["counties"]["geometries"]:
        rings = decode(cut, geometry)
        rings = (
            [r for p in rings for r in p]
            if geometry["type"] == "MultiPolygon"
            else rings
        )
        assert all(ring[0] == ring[-1] for ring in rings)
    adams, asotin = by_id(cut, "counties")["53001"], by_id(cut, "counties")["53003"]
    # 53001 uses the middle arc forwards, 53003 the same new arc reversed.
    assert asotin["arcs"][0][0] == ~adams["arcs"][0][0][0]


@pytest.mark.parametrize(
    "fips,kept",
    [
        ("53", ["mid53", "border", "west53", "south53", "north53", "island"]),
        ("41", ["east41", "border"]),
    ],
)
def test_unused_arcs_are_dropped(fips, kept):
    source = tiny()
    cut = washington_counties(source, fips)
    # Renumbered in the source's order, each kept arc unchanged.
    assert cut["arcs"] == [source["arcs"][N[name]] for name in kept]
    assert used_arcs(cut) == set(range(len(cut["arcs"])))


def test_bbox_covers_the_kept_arcs_and_the_source_is_untouched():
    source = tiny()
    before = copy.deepcopy(source)
    cut = washington_counties(source, "41")
    assert source == before
    # 41001 spans grid x 2..3, y 0..1.
    assert cut["bbox"] == [-123.0, 45.0, -122.5, 45.25]


def test_a_source_without_states_gives_counties_only():
    source = tiny()
    del source["objects"]["states"]
    cut = washington_counties(source)
    assert set(cut["objects"]) == {"counties"}
    kept = ["mid53", "border", "west53", "south53", "north53", "island"]
    assert cut["arcs"] == [source["arcs"][N[name]] for name in kept]


def test_load_topology_refuses_other_json(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(ValueError, match="not a TopoJSON Topology"):
        load_topology(path)


def test_county_shapes_prefers_the_data_folder(tmp_path):
    geo = tmp_path / "geo"
    geo.mkdir()
    (geo / "us-atlas_counties-10m.json").write_text(json.dumps(tiny()))
    topology, note = county_shapes(tmp_path)
    assert list(by_id(topology, "counties")) == ["53001", "53003"]
    assert "data folder" in note and str(tmp_path) in note


def test_county_shapes_falls_back_to_the_vendored_file(tmp_path):
    for data_dir in (None, tmp_path):
        topology, note = county_shapes(data_dir)
        assert "vendored" in note and "us-atlas-3.0.1" in note
        assert len(topology["objects"]["counties"]["geometries"]) == 39


def test_washington_from_the_vendored_us_atlas_file():
    source = load_topology(VENDORED)
    cut = washington_counties(source)
    ids = sorted(by_id(cut, "counties"))
    assert len(ids) == 39
    assert ids == [f"53{n:03d}" for n in range(1, 78, 2)]
    assert list(by_id(cut, "state")) == ["53"]
    assert by_id(cut, "state")["53"]["properties"]["name"] == "Washington"
    assert used_arcs(cut) == set(range(len(cut["arcs"])))
    for geometry_id, geometry in by_id(cut, "counties").items():
        assert decode(cut, geometry) == decode(
            source, by_id(source, "counties")[geometry_id]
        )
    assert decode(cut, by_id(cut, "state")["53"]) == decode(
        source, by_id(source, "states")["53"]
    )
    west, south, east, north = cut["bbox"]
    assert -125.0 < west < -124.0 and 45.4 < south < 46.0
    assert -117.1 < east < -116.8 and 48.9 < north < 49.1

    original = VENDORED.stat().st_size
    small = len(json.dumps(cut, separators=(",", ":")))
    print(f"counties-10m.json {original:,} bytes -> Washington {small:,} bytes")
    assert small < original / 20
