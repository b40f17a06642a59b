"""Chart specs: valid Vega-Lite, hidden figures never drawn as numbers, every county
on a map, breaks in a series marked."""

from __future__ import annotations

import json

import altair as alt
import pytest
from altair.utils.schemapi import validate_jsonschema

from stematlas import charts

ROWS = [
    {"group": "Female", "value": 0.9, "lower": 0.86, "upper": 0.93, "status": "ok"},
    {"group": "Gender X", "value": None, "lower": None, "upper": None,
     "status": "suppressed"},
    {"group": "Male", "value": None, "lower": 0.9, "upper": 1.0, "status": "banded"},
]  # fmt: skip
COUNTIES = [{"id": "53061", "name": "Snohomish"}, {"id": "53033", "name": "King"}]


def valid(spec: dict) -> dict:
    validate_jsonschema(spec, alt.vegalite.v6.schema.core.load_schema())
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    return spec


def inline_values(spec: dict) -> list[dict]:
    """Every inline data value anywhere in the spec."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "values" in node and isinstance(node["values"], list):
                found.extend(node["values"])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(spec)
    return found


def test_group_bars_draw_hidden_groups_as_markers_only():
    spec = valid(charts.group_bars(ROWS, "Graduation by gender", reference=0.88))
    values = {v["group"]: v for v in inline_values(spec) if "group" in v}
    assert values["Female"]["value"] == 0.9
    assert values["Gender X"]["value"] is None and values["Gender X"]["lower"] is None
    assert values["Gender X"]["state"] == "suppressed"
    assert values["Male"]["value"] is None and values["Male"]["lower"] == 0.9
    assert spec["description"] == "Graduation by gender"


def test_trend_marks_breaks_only_within_its_periods():
    rows = [
        {"period": p, "value": 0.5, "lower": 0.4, "upper": 0.6, "status": "ok"}
        for p in ("2018-19", "2020-21", "2021-22")
    ]
    breaks = [
        {"period": "2020-21", "note": "fall test"},
        {"period": "2030-31", "note": "not in the series"},
    ]
    spec = valid(charts.trend(rows, breaks, "ELA over time"))
    notes = [v["note"] for v in inline_values(spec) if "note" in v]
    assert notes == ["fall test"]


@pytest.mark.parametrize("rate", [True, False])
def test_county_map_has_every_county_and_no_hidden_value(rate):
    rows = [
        {"geo_id": "53061", "geo_name": "Snohomish", "value": 0.8, "status": "ok"},
        {"geo_id": "53033", "geo_name": "King", "value": None, "status": "suppressed"},
    ]
    spec = valid(charts.county_map(rows, COUNTIES, "/maps/c.json", "Map", rate=rate))
    values = {v["id"]: v for v in inline_values(spec) if "id" in v}
    assert set(values) == {"53061", "53033"}
    assert values["53061"]["value"] == 0.8
    assert values["53033"]["value"] is None and values["53033"]["state"] == "suppressed"
    assert spec["data"]["url"] == "/maps/c.json"


def test_region_map_is_valid():
    counties = [{**c, "region": "Snohomish"} for c in COUNTIES]
    spec = valid(charts.region_map(counties, "/maps/c.json", "Regions"))
    json.dumps(spec)  # plain JSON, ready for the page
