"""Suppression and its audit: primary suppression, band coding, complementary
suppression along margins, and the audit that proves no hidden count can be
narrowed below the minimum, checked against brute force on small tables."""

from __future__ import annotations

import copy
import math
from itertools import product

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stematlas.indicators.audit import intervals
from stematlas.indicators.suppression import (
    AuditReport,
    Margin,
    audit,
    band_bound,
    suppress,
)

ALL = "All Students"
SHOWN = ("ok", "low_reliability")


def cell(
    geo_id,
    group,
    numerator,
    denominator=None,
    *,
    ours=True,
    unit="rate",
    status="ok",
    level="district",
    indicator="graduation_4yr",
):
    """One observation as the engine hands it over."""
    if numerator is None or status != "ok":
        value = None
    elif unit == "rate":
        value = numerator / denominator if denominator else None
    else:
        value = numerator
    return {
        "indicator": indicator, "period": "2022-23", "geo_level": level,
        "geo_id": geo_id, "geo_name": geo_id,
        "group_type": "All" if group == ALL else "Gender", "group": group,
        "numerator": numerator, "denominator": denominator, "value": value,
        "lower": None, "upper": None, "status": status,
        "status_reason": "source suppressed" if status == "suppressed" else "",
        "source_id": "test", "method": "aggregated" if ours else "published",
        "coverage": 1.0 if ours else None, "_ours": ours, "_unit": unit,
    }  # fmt: skip


def key(obs):
    return (
        obs["indicator"], obs["period"], obs["geo_level"], obs["geo_id"],
        obs["group_type"], obs["group"],
    )  # fmt: skip


def margin(total, parts, kind="geography"):
    return Margin(key(total), tuple(key(p) for p in parts), kind)


def hidden(obs):
    return obs["status"] in ("suppressed", "banded")


# Primary suppression and band coding.


def test_a_small_denominator_is_suppressed_and_its_counts_kept():
    obs = cell("a", ALL, 6, 8)
    suppress([obs], [])
    assert obs["status"] == "suppressed" and obs["status_reason"] == "n<10"
    assert [obs[k] for k in ("numerator", "denominator", "value", "lower")] == [
        None
    ] * 4
    assert obs["upper"] is None
    assert (obs["_numerator"], obs["_denominator"]) == (6, 8)


def test_the_minimum_is_configurable():
    small, large = cell("a", ALL, 4, 8), cell("b", ALL, 4, 8)
    suppress([small], [], min_n=10)
    suppress([large], [], min_n=5)
    assert small["status_reason"] == "n<10"
    assert large["status"] == "banded"  # 4 < 5 students met it


@pytest.mark.parametrize(
    "numerator, denominator, band",
    [
        (5, 47, (0.0, 0.213)),  # 10/47 = 21.28% rounds up to 21.3%
        (0, 47, (0.0, 0.213)),  # nobody: still a band, not a zero
        (42, 47, (0.787, 1.0)),  # 5 did not: the complement is small
        (47, 47, (0.787, 1.0)),  # everybody
        (9, 100, (0.0, 0.1)),  # 10/100 exactly: no rounding up past it
        (95, 100, (0.9, 1.0)),
        (3, 93, (0.0, 0.108)),
        (7, 15, (0.0, 0.667)),  # both small: the smaller side
        (8, 15, (0.333, 1.0)),
        (6, 10, (0.0, 1.0)),  # ten students: the band is everything
    ],
)
def test_small_numerators_and_complements_are_banded(numerator, denominator, band):
    obs = cell("a", ALL, numerator, denominator)
    suppress([obs], [])
    assert obs["status"] == "banded"
    assert obs["status_reason"] == "top/bottom coded"
    assert (obs["lower"], obs["upper"]) == band
    assert obs["numerator"] is None and obs["denominator"] is None
    assert obs["value"] is None
    assert obs["_numerator"] == numerator


def test_a_band_spans_at_least_the_minimum():
    for denominator in range(10, 400):
        assert band_bound(denominator, 10) * denominator >= 10
        assert band_bound(denominator, 10) - 0.001 < 10 / denominator


@pytest.mark.parametrize("numerator", [10, 37])
def test_a_rate_with_enough_on_both_sides_is_shown(numerator):
    obs = cell("a", ALL, numerator, 47)
    before = dict(obs)
    suppress([obs], [])
    assert obs == before


def test_a_low_reliability_figure_is_suppressed_too():
    obs = cell("a", ALL, 2, 25, status="low_reliability")
    suppress([obs], [])
    assert obs["status"] == "banded"


@pytest.mark.parametrize(
    "numerator, status", [(0, "ok"), (1, "suppressed"), (9, "suppressed"), (10, "ok")]
)
def test_counts_between_one_and_the_minimum_are_suppressed(numerator, status):
    obs = cell("a", ALL, numerator, unit="count")
    suppress([obs], [])
    assert obs["status"] == status
    if status == "suppressed":
        assert obs["status_reason"] == "n<10" and obs["value"] is None


def test_amounts_are_untouched():
    obs = cell("a", ALL, 3, unit="amount")
    before = dict(obs)
    suppress([obs], [])
    assert obs == before


def test_agency_figures_are_untouched():
    total = cell("a", ALL, 30, 50, ours=False)
    small = cell("a", "Female", 2, 6, ours=False)
    other = cell("a", "Male", 28, 44, ours=False)
    before = copy.deepcopy([total, small, other])
    suppress([total, small, other], [margin(total, [small, other], "group")])
    assert [total, small, other] == before


@pytest.mark.parametrize(
    "status, numerator, denominator",
    [("suppressed", None, None), ("banded", None, None), ("not_applicable", 0, 0)],
)
def test_hidden_and_empty_cells_stay_as_they_are(status, numerator, denominator):
    obs = cell("a", ALL, numerator, denominator, status=status)
    before = dict(obs)
    suppress([obs], [])
    assert obs == before


# Complementary suppression.


def county_of_districts():
    county = cell("53071", ALL, 76, 118, level="county")
    districts = [
        cell("d1", ALL, 6, 8),  # n<10
        cell("d2", ALL, 40, 50),
        cell("d3", ALL, 30, 60),
    ]
    return [county, *districts], [margin(county, districts)]


def test_one_hidden_district_hides_the_next_smallest():
    observations, margins = county_of_districts()
    suppress(observations, margins)
    county, d1, d2, d3 = observations
    assert d1["status_reason"] == "n<10"
    assert d2["status"] == "suppressed" and d2["status_reason"] == "complementary"
    assert (d2["_numerator"], d2["_denominator"]) == (40, 50)
    assert d3["status"] == "ok" and county["status"] == "ok"
    report = audit(observations, margins)
    assert report.failures == [] and report.checked == 2


def gender_table(x=(3, 4), female=(20, 47), male=(27, 49)):
    total = cell("a", ALL, x[0] + female[0] + male[0], x[1] + female[1] + male[1])
    parts = [
        cell("a", "Female", *female),
        cell("a", "Male", *male),
        cell("a", "Gender X", *x),
    ]
    return [total, *parts], [margin(total, parts, "group")]


def test_a_hidden_gender_x_hides_another_group():
    observations, margins = gender_table()
    suppress(observations, margins)
    total, female, male, x = observations
    assert x["status_reason"] == "n<10"
    assert female["status_reason"] == "complementary"  # 47 students < 49
    assert male["status"] == "ok" and total["status"] == "ok"
    assert not audit(observations, margins).failures


def test_a_chain_of_margins_carries_the_suppression_down():
    # Region = two counties; the small county hides the other, whose districts
    # would then give it away, so one of them goes too.
    region = cell("r", ALL, 33, 56, level="region")
    small = cell("c1", ALL, 5, 8, level="county")
    large = cell("c2", ALL, 28, 48, level="county")
    tiny = [cell("d1", ALL, 2, 3), cell("d2", ALL, 3, 5)]
    pair = [cell("d3", ALL, 10, 20), cell("d4", ALL, 18, 28)]
    margins = [
        margin(region, [small, large]),
        margin(small, tiny),
        margin(large, pair),
    ]
    observations = [region, small, large, *tiny, *pair]
    suppress(observations, margins)
    assert small["status_reason"] == "n<10"
    assert large["status_reason"] == "complementary"
    assert pair[0]["status_reason"] == "complementary"  # 20 < 28
    assert pair[1]["status"] == "ok" and region["status"] == "ok"
    assert not audit(observations, margins).failures


def test_hidden_parts_adding_to_fewer_than_the_minimum_hide_one_more():
    total = cell("c", ALL, 60, 117, level="county")
    parts = [
        cell("d1", ALL, 2, 3),
        cell("d2", ALL, 3, 4),
        cell("d3", ALL, 25, 50),
        cell("d4", ALL, 30, 60),
    ]
    suppress([total, *parts], [margin(total, parts)])
    assert [p["status_reason"] for p in parts] == ["n<10", "n<10", "complementary", ""]


def test_cover_comes_from_parts_with_students_to_add():
    # Two hidden counts of 3 and 4: the shown zero adds nothing, the 30 does.
    total = cell("c", ALL, 37, unit="count", level="county")
    parts = [
        cell("d1", ALL, 3, unit="count"),
        cell("d2", ALL, 4, unit="count"),
        cell("d3", ALL, 0, unit="count"),
        cell("d4", ALL, 30, unit="count"),
    ]
    suppress([total, *parts], [margin(total, parts)])
    assert [p["status"] for p in parts] == ["suppressed", "suppressed", "ok"] + [
        "suppressed"
    ]


def test_hidden_numerators_adding_to_fewer_than_the_minimum_hide_one_more():
    # Both small groups are banded (nobody met it); their sum, 0, would say so.
    total = cell("c", ALL, 50, 200, level="county")
    parts = [
        cell("d1", ALL, 0, 40),
        cell("d2", ALL, 0, 30),
        cell("d3", ALL, 20, 60),
        cell("d4", ALL, 30, 70),
    ]
    suppress([total, *parts], [margin(total, parts)])
    assert [p["status"] for p in parts] == ["banded", "banded", "suppressed", "ok"]


def test_an_empty_part_is_no_cover():
    total = cell("a", ALL, 30, 50)
    female = cell("a", "Female", 2, 5)
    male = cell("a", "Male", 28, 45)
    x = cell("a", "Gender X", None, None, status="not_applicable")
    suppress([total, female, male, x], [margin(total, [female, male, x], "group")])
    assert male["status_reason"] == "complementary"


def test_a_total_of_ours_over_agency_parts_is_hidden_when_they_cannot_be():
    county = cell("c", ALL, 38, 57, level="county")
    d1 = cell("d1", ALL, None, None, ours=False, status="suppressed")
    d2 = cell("d2", ALL, 35, 50, ours=False)
    observations, margins = [county, d1, d2], [margin(county, [d1, d2])]
    suppress(observations, margins)
    assert county["status_reason"] == "complementary"
    assert d2["status"] == "ok"
    assert not audit(observations, margins, true_counts={}).failures


def test_agency_hidden_parts_cover_as_far_as_their_sum_reaches():
    # The agency hid d1 and d2; our total says they hold 25 students together,
    # 15 who met the outcome and 10 who did not: enough cover.
    county = cell("c", ALL, 55, 85, level="county")
    d1 = cell("d1", ALL, None, None, ours=False, status="suppressed")
    d2 = cell("d2", ALL, None, None, ours=False, status="suppressed")
    d3 = cell("d3", ALL, 40, 60)
    observations, margins = [county, d1, d2, d3], [margin(county, [d1, d2, d3])]
    suppress(observations, margins)
    assert county["status"] == "ok" and d3["status"] == "ok"
    # Fewer than ten together: each is known to within that, so d3 goes.
    county.update(numerator=46, denominator=68)
    suppress(observations, margins)
    assert d3["status_reason"] == "complementary"
    assert not audit(observations, margins).failures


def test_suppression_is_deterministic_and_idempotent():
    observations, margins = gender_table(female=(20, 47), male=(20, 47))
    again = copy.deepcopy(observations)
    suppress(observations, margins)
    suppress(again, margins)
    assert observations == again
    suppress(again, margins)
    assert observations == again
    # Equal sizes: the key decides (Female before Male).
    assert observations[1]["status_reason"] == "complementary"


# The audit.


def test_the_audit_catches_an_undone_complementary_cell():
    observations, margins = gender_table()
    suppress(observations, margins)
    female = observations[1]
    female.update(
        numerator=20, denominator=47, value=20 / 47, status="ok", status_reason=""
    )
    report = audit(observations, margins)
    assert report.failures == [
        {"key": key(observations[3]), "count": count, "lower": value,
         "upper": value, "ours": True}
        for count, value in (("numerator", 3), ("denominator", 4), ("complement", 1))
    ]  # fmt: skip


def test_an_agency_disclosure_is_reported_not_failed():
    total = cell("a", ALL, 30, 50, ours=False)
    female = cell("a", "Female", 12, 20, ours=False)
    male = cell("a", "Male", 16, 26, ours=False)
    x = cell("a", "Gender X", None, None, ours=False, status="suppressed")
    observations = [total, female, male, x]
    report = audit(observations, [margin(total, [female, male, x], "group")])
    assert report.failures == []
    assert {
        (e["count"], e["lower"], e["upper"]) for e in report.source_disclosures
    } == {
        ("numerator", 2, 2),
        ("denominator", 4, 4),
        ("complement", 2, 2),
    }
    assert all(e["key"] == key(x) and not e["ours"] for e in report.source_disclosures)


def test_a_hidden_sum_of_agency_figures_is_theirs_to_disclose():
    # Our county hides its 7 students, but the agency shows both districts.
    county = cell("c", "Gender X", None, None, status="suppressed", level="county")
    county.update(_numerator=5, _denominator=7)
    d1 = cell("d1", "Gender X", 3, 4, ours=False)
    d2 = cell("d2", "Gender X", 2, 3, ours=False)
    report = audit([county, d1, d2], [margin(county, [d1, d2])])
    assert report.failures == []
    assert {e["count"] for e in report.source_disclosures} == {
        "numerator",
        "denominator",
        "complement",
    }


def test_an_agency_hidden_cell_exposed_by_our_total_is_our_failure():
    county = cell("c", ALL, 38, 57, level="county")
    d1 = cell("d1", ALL, None, None, ours=False, status="suppressed")
    d2 = cell("d2", ALL, 35, 50, ours=False)
    report = audit([county, d1, d2], [margin(county, [d1, d2])])
    assert {(e["count"], e["lower"]) for e in report.failures} == {
        ("numerator", 3),
        ("denominator", 7),
        ("complement", 4),
    }
    assert not any(e["ours"] for e in report.failures)
    assert report.source_disclosures == []


def test_a_band_is_published_information():
    # Alone, the margin leaves a's numerator anywhere in 0..30; its band says at
    # most 5% of its students, who are at most the 70 b cannot hold: 0..3, and b
    # then has 27..30 of the 30.
    total = cell("c", ALL, 30, 100, level="county")
    a = cell("a", ALL, None, None, status="banded")
    a.update(lower=0.0, upper=0.05)
    b = cell("b", ALL, None, None, status="suppressed")
    report = audit([total, a, b], [margin(total, [a, b])])
    assert [
        (e["key"], e["count"], e["lower"], e["upper"]) for e in report.failures
    ] == [
        (key(a), "numerator", 0, 3),
        (key(b), "numerator", 27, 30),
    ]


def test_a_margin_that_does_not_add_up_is_reported():
    observations, margins = gender_table()
    suppress(observations, margins)
    observations[0]["numerator"] += 30  # the total no longer sums its parts
    report = audit(observations, margins)
    assert any(
        e["key"] == key(observations[3]) and e["true"] == 3
        for e in report.inconsistencies
    )


def test_unrelated_hidden_cells_are_counted_and_pass():
    lone = cell("a", ALL, 3, 5)
    suppress([lone], [])
    report = audit([lone], [])
    assert report == AuditReport([], [], 1)


# Properties on random two-level tables: a parent (ours) summing its children,
# each child All Students = its groups.

PARENT = "p"


@st.composite
def tables(draw, max_children=6, max_groups=4, max_n=60):
    children = [f"c{i}" for i in range(draw(st.integers(2, max_children)))]
    groups = [f"g{i}" for i in range(draw(st.integers(2, max_groups)))]
    small = st.integers(0, max(3, max_n // 5))
    counts = {}
    for child, group in product(children, groups):
        denominator = draw(st.one_of(small, st.integers(0, max_n)))
        numerator = draw(
            st.one_of(
                st.just(0),
                st.just(denominator),
                st.integers(0, denominator),
                st.integers(max(0, denominator - 3), denominator),
            )
        )
        counts[child, group] = (numerator, denominator)
    return children, groups, counts


def members(geo, group, children, groups):
    """The (child, group) cells a cell of the table adds up."""
    return [
        (c, g)
        for c in (children if geo == PARENT else [geo])
        for g in (groups if group == ALL else [group])
    ]


def build(children, groups, counts):
    """Observations and margins for a table; true (numerator, denominator)."""
    cells, truth = {}, {}
    for geo in [PARENT, *children]:
        for group in [ALL, *groups]:
            inside = [counts[m] for m in members(geo, group, children, groups)]
            numerator = sum(n for n, _ in inside)
            denominator = sum(d for _, d in inside)
            if denominator:
                obs = cell(geo, group, numerator, denominator)
            else:
                obs = cell(geo, group, None, None, status="not_applicable")
            cells[geo, group] = obs
            truth[key(obs)] = (numerator, denominator)
    margins = [
        margin(cells[geo, ALL], [cells[geo, g] for g in groups], "group")
        for geo in [PARENT, *children]
    ] + [
        margin(cells[PARENT, group], [cells[c, group] for c in children])
        for group in [ALL, *groups]
    ]
    return cells, margins, truth


def uncovered(cells, margins, truth, min_n):
    """The rule, checked independently: the margins where a shown total leaves
    hidden parts other than none or at least two whose true counts, on each side,
    add up to min_n, or a hidden total is the sum of shown parts."""
    by_key = {key(o): o for o in cells.values()}
    found = []
    for m in margins:
        total, parts = by_key[m.total], [by_key[p] for p in m.parts]
        secret = [p for p in parts if hidden(p)]
        if hidden(total):
            if not secret:
                found.append(m)
            continue
        if total["status"] not in SHOWN or not secret:
            continue
        numerator = sum(truth[key(p)][0] for p in secret)
        denominator = sum(truth[key(p)][1] for p in secret)
        if len(secret) < 2 or min(numerator, denominator - numerator) < min_n:
            found.append(m)
    return found


@settings(max_examples=150, deadline=None)
@given(tables())
def test_suppressed_tables_pass_the_audit(table):
    cells, margins, truth = build(*table)
    observations = list(cells.values())
    suppress(observations, margins)
    report = audit(observations, margins)
    assert report.failures == []
    assert report.source_disclosures == []
    assert report.inconsistencies == []
    assert uncovered(cells, margins, truth, 10) == []


@settings(max_examples=100, deadline=None)
@given(tables(), st.randoms(use_true_random=False))
def test_the_audit_catches_what_the_rule_would(table, random):
    cells, margins, truth = build(*table)
    observations = list(cells.values())
    suppress(observations, margins)
    complementary = [o for o in observations if o["status_reason"] == "complementary"]
    if not complementary:
        return
    undone = random.choice(complementary)
    numerator, denominator = undone["_numerator"], undone["_denominator"]
    undone.update(numerator=numerator, denominator=denominator, status="ok")
    # Greedy suppression may hide more than the rule needs, so undoing one cell
    # need not break it; where it does, the audit must say so.
    if uncovered(cells, margins, truth, 10):
        assert audit(observations, margins).failures


# Brute force: every integer solution of a tiny table, against the propagation.


def solutions(children, groups, cells):
    """Per (key, count): (min, max) over every table of whole numbers that
    agrees with what is shown (max None where no bound exists)."""
    inside = {place: members(*place, children, groups) for place in cells}
    fixed, equal, bands = {}, [], []
    for k, obs in cells.items():
        if obs["status"] in SHOWN or obs["status"] == "not_applicable":
            shown = (obs["numerator"] or 0, obs["denominator"] or 0)
            equal.append((inside[k], shown))
            if len(inside[k]) == 1:
                fixed[inside[k][0]] = shown
    bounded = {m for members_, _ in equal for m in members_}
    free = {m for m in product(children, groups) if m not in bounded}
    for k, obs in cells.items():
        if obs["status"] == "banded" and not free & set(inside[k]):
            bands.append((inside[k], obs["lower"], obs["upper"]))
    unknown = [m for m in product(children, groups) if m in bounded and m not in fixed]
    caps = {
        m: min(target[1] for members_, target in equal if m in members_)
        for m in unknown
    }

    found = []

    def consistent(values):
        for members_, (numerator, denominator) in equal:
            known = [values[m] for m in members_ if m in values]
            n = sum(v[0] for v in known)
            d = sum(v[1] for v in known)
            if n > numerator or d > denominator:
                return False
            if len(known) == len(members_) and (n, d) != (numerator, denominator):
                return False
        for members_, lower, upper in bands:
            if all(m in values for m in members_):
                n = sum(values[m][0] for m in members_)
                d = sum(values[m][1] for m in members_)
                if not lower * d - 1e-9 <= n <= upper * d + 1e-9:
                    return False
        return True

    def search(i, values):
        if i == len(unknown):
            found.append(dict(values))
            return
        m = unknown[i]
        for d in range(caps[m] + 1):
            for n in range(d + 1):
                values[m] = (n, d)
                if consistent(values):
                    search(i + 1, values)
                del values[m]

    search(0, dict(fixed))
    ranges = {}
    for place, obs in cells.items():
        if not hidden(obs):
            continue
        unbounded = bool(free & set(inside[place]))
        for count in ("numerator", "denominator", "complement"):
            seen = [_count(found_, inside[place], count) for found_ in found]
            ranges[key(obs), count] = (min(seen), None if unbounded else max(seen))
    return ranges


def _count(solution, members_, count):
    n = sum(solution[m][0] for m in members_ if m in solution)
    d = sum(solution[m][1] for m in members_ if m in solution)
    return {"numerator": n, "denominator": d, "complement": d - n}[count]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(max_children=2, max_groups=2, max_n=4), st.sampled_from([2, 3]))
# Found by hypothesis once: an upper bound one above what any table allows.
@example(
    (
        ["c0", "c1"],
        ["g0", "g1"],
        {("c0", "g0"): (2, 4), ("c0", "g1"): (2, 4),
         ("c1", "g0"): (0, 4), ("c1", "g1"): (1, 1)},
    ),
    3,
)  # fmt: skip
def test_the_propagation_matches_brute_force(table, min_n):
    children, groups, _ = table
    cells, margins, _ = build(*table)
    observations = list(cells.values())
    suppress(observations, margins, min_n)
    bounds = intervals(observations, margins)
    for (k, count), (lowest, highest) in solutions(children, groups, cells).items():
        lower, upper = bounds[k, count]
        assert lower == lowest, (k, count)
        assert upper == (math.inf if highest is None else highest), (k, count)
