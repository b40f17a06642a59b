"""Equity gaps: how far each figure is from All Students in the same place, from
the state for the same group, and from the highest group of its type.

Gaps are in percentage points and only between figures that are both shown. No
file or database access here.
"""

from __future__ import annotations

from collections import defaultdict

from ..groups import ALL
from .catalog import RATE, get

SHOWN = ("ok", "low_reliability")
GAP_COLUMNS = ("gap_to_all_pp", "gap_to_state_pp", "gap_to_best_pp", "ratio_to_all")


def _shown(o: dict) -> bool:
    return o["status"] in SHOWN and o["value"] is not None


def add_gaps(observations: list[dict]) -> None:
    everyone: dict[tuple, float] = {}
    state: dict[tuple, float] = {}
    best: dict[tuple, float] = defaultdict(lambda: float("-inf"))
    for o in observations:
        if not _shown(o) or (get(o["indicator"]) or None) is None:
            continue
        place = (o["indicator"], o["period"], o["geo_level"], o["geo_id"])
        if o["group_type"] == ALL:
            everyone[place] = o["value"]
        if o["geo_level"] == "state":
            state[(o["indicator"], o["period"], o["group_type"], o["group"])] = o[
                "value"
            ]
        if o["group_type"] != ALL:
            slot = place + (o["group_type"],)
            best[slot] = max(best[slot], o["value"])

    for o in observations:
        for column in GAP_COLUMNS:
            o[column] = None
        item = get(o["indicator"])
        if item is None or item.unit != RATE or not _shown(o):
            continue
        place = (o["indicator"], o["period"], o["geo_level"], o["geo_id"])
        value = o["value"]
        if o["group_type"] != ALL and place in everyone:
            o["gap_to_all_pp"] = round(100 * (value - everyone[place]), 4)
            if everyone[place]:
                o["ratio_to_all"] = round(value / everyone[place], 4)
        same_group = (o["indicator"], o["period"], o["group_type"], o["group"])
        if o["geo_level"] != "state" and same_group in state:
            o["gap_to_state_pp"] = round(100 * (value - state[same_group]), 4)
        slot = place + (o["group_type"],)
        if o["group_type"] != ALL and slot in best:
            o["gap_to_best_pp"] = round(100 * (value - best[slot]), 4)
