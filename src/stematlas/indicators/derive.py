"""Derived student groups: Students of Color and Locale.

Students of Color is All Students minus White, only where both are shown with
counts and cover the same places. Locale splits a place's All Students figure into
its rural part (nonmetro counties, USDA rural-urban codes 4-9) and its urban part,
summed from the same published units as any other aggregate. Both come out with
method ``derived`` and the margins a reader could subtract. No file or database
access here.
"""

from __future__ import annotations

from ..geography import Geography
from ..groups import ALL, ALL_STUDENTS
from ..warehouse.schema import OBSERVATION_KEY
from .aggregate import DistrictWeights, aggregate
from .catalog import COUNT, RATE, get
from .suppression import Margin

SHOWN = ("ok", "low_reliability")
SOC_TYPE = "Students of Color"
LOCALE = "Locale"


def key(obs: dict) -> tuple:
    return tuple(obs[k] for k in OBSERVATION_KEY)


def _counts_shown(obs: dict | None, unit: str) -> bool:
    if obs is None or obs["status"] not in SHOWN or obs["numerator"] is None:
        return False
    return unit == COUNT or obs["denominator"] is not None


def _same_coverage(a: dict, b: dict) -> bool:
    """Two sums cover the same places when they are both agency figures, or both
    ours summed over the same units."""
    if not a.get("_ours") and not b.get("_ours"):
        return True
    places = lambda o: {p[2:4] for p in o.get("_parts", ())}  # noqa: E731
    return a.get("_ours") == b.get("_ours") and places(a) == places(b)


def students_of_color(observations: list[dict]) -> tuple[list[dict], list[Margin]]:
    totals: dict[tuple, dict] = {}
    whites: dict[tuple, dict] = {}
    for o in observations:
        place = (o["indicator"], o["period"], o["geo_level"], o["geo_id"])
        if o["group_type"] == ALL:
            totals[place] = o
        elif o["group_type"] == "Race/Ethnicity" and o["group"] == "White":
            whites[place] = o

    derived, margins = [], []
    for place, total in totals.items():
        white = whites.get(place)
        item = get(total["indicator"])
        if item is None or item.unit not in (RATE, COUNT):
            continue
        if not (_counts_shown(total, item.unit) and _counts_shown(white, item.unit)):
            continue
        if not _same_coverage(total, white):
            continue
        numerator = total["numerator"] - white["numerator"]
        denominator = (
            total["denominator"] - white["denominator"] if item.unit == RATE else None
        )
        if numerator < 0 or (denominator is not None and denominator < numerator):
            continue  # the agency's groups do not fit its total: no honest difference
        color = {
            **total,
            "group_type": SOC_TYPE,
            "group": "Students of Color",
            "numerator": numerator,
            "denominator": denominator,
            "lower": None,
            "upper": None,
            "status": "ok",
            "status_reason": total["status_reason"] if total.get("_ours") else "",
            "method": "derived",
            "_ours": True,
            "_unit": item.unit,
            "_parts": (),
        }
        size = denominator if item.unit == RATE else numerator
        if not size:
            color.update(
                status="not_applicable", status_reason="no students", value=None,
                numerator=None, denominator=None,
            )  # fmt: skip
        else:
            color["value"] = numerator / denominator if item.unit == RATE else numerator
        # The type as a whole is derived; the White figure itself stays whoever's
        # it is (an agency's figure is not ours to suppress).
        white_copy = {**white, "group_type": SOC_TYPE, "method": "derived"}
        derived += [color, white_copy]
        margins.append(Margin(key(total), (key(color), key(white_copy)), "derived"))
    return derived, margins


def locale(
    published: list[dict], geo: Geography, weights: DistrictWeights
) -> tuple[list[dict], list[Margin]]:
    """Rural and Urban parts of every All Students figure above the county."""
    everyone = [o for o in published if o["group_type"] == ALL]
    derived: list[dict] = []
    for group, rural in (("Rural", True), ("Urban", False)):
        part = _part_of(geo, rural)
        for o in aggregate(everyone, part, weights):
            if o["geo_level"] == "county":
                continue  # a county is wholly rural or urban
            o.update(group_type=LOCALE, group=group, method="derived")
            derived.append(o)

    by_place: dict[tuple, dict[str, dict]] = {}
    for o in derived:
        place = (o["indicator"], o["period"], o["geo_level"], o["geo_id"])
        by_place.setdefault(place, {})[o["group"]] = o
    margins = []
    for (indicator, period, level, geo_id), parts in by_place.items():
        if len(parts) == 2:
            total = (indicator, period, level, geo_id, ALL, ALL_STUDENTS)
            margins.append(
                Margin(total, tuple(key(p) for p in parts.values()), "group")
            )
    return derived, margins


def _part_of(geo: Geography, rural: bool) -> Geography:
    """The geography restricted to its rural (or urban) counties and districts."""
    part = Geography()
    part.counties = {f: c for f, c in geo.counties.items() if geo.is_rural(f) is rural}
    part.districts = {
        d: info
        for d, info in geo.districts.items()
        if info.get("county_fips") in part.counties
    }
    part.esds = geo.esds
    part.district_regions = {
        d: r for d, r in geo.district_regions.items() if d in part.districts
    }
    return part
