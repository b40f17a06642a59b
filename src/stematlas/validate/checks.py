"""Checks on published facts: ranges, counts, duplicate keys, group totals.

A check that makes a figure unusable raises RowRejected, so the row is quarantined
with its reason; a check on figures that are usable but suspicious returns findings.
"""

from __future__ import annotations

from collections import defaultdict

from ..groups import ALL
from .findings import WARNING, Finding, RowRejected

TOLERANCE = 1e-6


def check_fact(fact) -> None:
    if fact.numerator is not None and fact.numerator < 0:
        raise RowRejected("V006", f"numerator {fact.numerator} is negative")
    if fact.denominator is not None and fact.denominator < 0:
        raise RowRejected("V006", f"denominator {fact.denominator} is negative")
    if (
        fact.numerator is not None
        and fact.denominator is not None
        and fact.numerator > fact.denominator + TOLERANCE
    ):
        raise RowRejected(
            "V003",
            f"{fact.indicator}: numerator {fact.numerator:g} is greater than "
            f"denominator {fact.denominator:g}",
        )
    if (
        _is_rate(fact)
        and fact.value is not None
        and not -TOLERANCE <= fact.value <= 1 + TOLERANCE
    ):
        raise RowRejected(
            "V002", f"{fact.indicator}: rate {fact.value:g} is outside 0..1"
        )


def _is_rate(fact) -> bool:
    from ..indicators.catalog import is_rate

    return is_rate(fact.indicator)


def duplicate_rows(by_row: dict[int, list]) -> list[tuple[int, str, str]]:
    """Rows whose facts repeat an earlier row's keys: (row, code, message)."""
    seen: dict[tuple, tuple[int, object]] = {}
    out = []
    for number, facts in by_row.items():
        for fact in facts:
            key = fact.key()
            figures = (fact.numerator, fact.denominator, fact.value, fact.status)
            if key not in seen:
                continue
            first, first_figures = seen[key]
            same = first_figures == figures
            out.append(
                (
                    number,
                    "K001" if same else "K002",
                    f"same figure as row {first} ({_describe(key)})"
                    if same
                    else f"row {first} gives other figures for {_describe(key)}; "
                    "the first is kept: check which one the agency published",
                )
            )
            break
        else:
            for fact in facts:
                seen[fact.key()] = (
                    number,
                    (fact.numerator, fact.denominator, fact.value, fact.status),
                )
    return out


def duplicate_table_rows(
    extras: dict[int, list], keys: dict[str, tuple[str, ...]]
) -> list[tuple[int, str, str]]:
    """Rows of a source's own tables whose key columns repeat an earlier row's:
    (row, code, message), the first row kept."""
    seen: dict[tuple, tuple[int, dict]] = {}
    out = []
    for number, items in extras.items():
        keyed = [
            ((item.table, *(item.values.get(c) for c in keys[item.table])), item)
            for item in items
            if keys.get(item.table)
        ]
        repeat = next(((k, item) for k, item in keyed if k in seen), None)
        if repeat is None:
            seen.update({k: (number, item.values) for k, item in keyed})
            continue
        key, item = repeat
        first, values = seen[key]
        named = ", ".join(
            f"{c} {v}" for c, v in zip(keys[key[0]], key[1:], strict=True)
        )
        if values == item.values:
            out.append((number, "K001", f"same row as row {first} ({named})"))
        else:
            message = (
                f"row {first} gives other figures for {named}; the first is kept: "
                "check which one the agency published"
            )
            out.append((number, "K002", message))
    return out


def _describe(key: tuple) -> str:
    indicator, period, level, geo, group_type, group = key
    return f"{indicator} {period} {level} {geo} {group_type}/{group}"


def check_group_totals(facts: list, name: str) -> list[Finding]:
    """Within a type, groups cannot hold more students than All Students."""
    totals: dict[tuple, float] = {}
    sums: dict[tuple, float] = defaultdict(float)
    rows: dict[tuple, int] = {}
    for f in facts:
        if f.denominator is None:
            continue
        place = (f.indicator, f.period, f.geo_level, f.geo_id or f.geo_name)
        if f.group_type == ALL:
            totals[place] = f.denominator
            rows[place] = f.row
        elif f.group_type not in ("Students of Color",):
            sums[place + (f.group_type,)] += f.denominator
    findings = []
    for key, total in sums.items():
        place, group_type = key[:-1], key[-1]
        if place in totals and total > totals[place] + 0.5:
            findings.append(
                Finding(
                    "T001",
                    name,
                    rows[place],
                    group_type,
                    f"{place[0]} {place[1]} {place[3]}: the {group_type} groups "
                    f"count {total:g}, more than All Students ({totals[place]:g})",
                    WARNING,
                )
            )
    return findings
