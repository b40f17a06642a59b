"""Adults 25-44 with a postsecondary degree, from ACS table B15001 (sex by age by
educational attainment), with intervals from the published margins of error.

The ACS counts associate, bachelor's and graduate degrees; it does not ask about
certificates, so it undercounts the state's credential goal. No file or database
access here.
"""

from __future__ import annotations

import math

from .statistics import acs_proportion_interval, acs_sum_moe

INDICATOR = "credential_attainment_25_44"
AGES = {"25 to 34 years", "35 to 44 years"}
DEGREES = {"Associate's degree", "Bachelor's degree", "Graduate or professional degree"}
GROUPS = {
    "All Students": ("All", ("Male", "Female")),
    "Female": ("Gender", ("Female",)),
    "Male": ("Gender", ("Male",)),
}


def credential_attainment(rows: list[dict], names: dict[tuple, str]) -> list[dict]:
    """Observations from acs_b15001 rows (period, geo_level, geo_id, sex, age_band,
    attainment, estimate, moe); ``names`` gives (level, id) -> place name."""
    cells: dict[tuple, list[tuple[float, float]]] = {}
    for r in rows:
        if r["age_band"] not in AGES or r["sex"] not in ("Male", "Female"):
            continue
        if r["attainment"] == "Total":
            part = "denominator"
        elif r["attainment"] in DEGREES:
            part = "numerator"
        else:
            continue
        place = (r["period"], r["geo_level"], r["geo_id"], r["sex"], part)
        cells.setdefault(place, []).append((r["estimate"] or 0, r["moe"] or 0))

    places = {(p, level, geo_id) for p, level, geo_id, _, _ in cells}
    out = []
    for period, level, geo_id in sorted(places):
        for group, (group_type, sexes) in GROUPS.items():
            num = [
                c
                for s in sexes
                for c in cells.get((period, level, geo_id, s, "numerator"), [])
            ]
            den = [
                c
                for s in sexes
                for c in cells.get((period, level, geo_id, s, "denominator"), [])
            ]
            if len(den) != 2 * len(sexes) or len(num) != 6 * len(sexes):
                continue  # an age band or a degree is missing: no honest total
            numerator = sum(e for e, _ in num)
            denominator = sum(e for e, _ in den)
            if not denominator:
                continue
            lower, upper = acs_proportion_interval(
                numerator,
                acs_sum_moe([m for _, m in num]),
                denominator,
                acs_sum_moe([m for _, m in den]),
            )
            out.append(
                {
                    "indicator": INDICATOR,
                    "period": period,
                    "geo_level": level,
                    "geo_id": geo_id,
                    "geo_name": names.get((level, geo_id), geo_id),
                    "group_type": group_type,
                    "group": group,
                    "numerator": numerator,
                    "denominator": denominator,
                    "value": numerator / denominator,
                    "lower": None if math.isnan(lower) else lower,
                    "upper": None if math.isnan(upper) else upper,
                    "status": "ok",
                    "status_reason": "",
                    "source_id": "acs",
                    "method": "aggregated",
                    "coverage": None,
                    # Survey estimates, not student counts: nothing to suppress.
                    "_ours": False,
                    "_unit": "rate",
                    "_survey": True,
                }
            )
    return out
