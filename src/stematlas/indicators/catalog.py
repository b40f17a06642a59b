"""The indicator catalog: one definition per indicator id, read by every output.

The definitions live in ``catalog.toml`` beside this module, as data. A breakdown
that is neither a place nor a student group is its own indicator id
(``math_met_g08``, ``graduation_5yr``, ``dual_credit_ap``), so the observation key
stays (indicator, period, place, group).
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass, field
from importlib import resources

RATE = "rate"
COUNT = "count"
AMOUNT = "amount"
UNITS = (RATE, COUNT, AMOUNT)


@dataclass(frozen=True)
class Break:
    """From ``period`` on, the series is not comparable with the years before."""

    period: str
    note: str


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    unit: str
    description: str
    numerator: str = ""
    denominator: str = ""
    population: str = ""
    higher_is_better: bool = True
    sources: tuple[str, ...] = ()
    caveats: str = ""
    research: str = ""
    baseline: str = ""
    breaks: tuple[Break, ...] = field(default_factory=tuple)
    chain_step: int | None = None


def _expand(entry: dict) -> list[dict]:
    """A family entry's members: every combination of its axes' values."""
    axes = entry.pop("axes", None)
    if not axes:
        return [entry]
    members = []
    for combination in itertools.product(*axes.values()):
        values: dict[str, str] = {}
        for choice in combination:
            values.update(choice)
        members.append(
            {k: _fill(v, values) for k, v in entry.items()},
        )
    return members


def _fill(value, values: dict[str, str]):
    if isinstance(value, str):
        return value.format(**values)
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    return value


def load_catalog(text: str | None = None) -> dict[str, Indicator]:
    if text is None:
        text = (
            resources.files(__package__)
            .joinpath("catalog.toml")
            .read_text(encoding="utf-8")
        )
    data = tomllib.loads(text)
    chain = {ident: step for step, ident in enumerate(data.get("chain", []), 1)}
    catalog: dict[str, Indicator] = {}
    for entry in data["indicator"]:
        for member in _expand(dict(entry)):
            item = Indicator(
                id=member["id"],
                title=member["title"],
                unit=member["unit"],
                description=member["description"],
                numerator=member.get("numerator", ""),
                denominator=member.get("denominator", ""),
                population=member.get("population", ""),
                higher_is_better=member.get("higher_is_better", True),
                sources=tuple(member.get("sources", ())),
                caveats=member.get("caveats", ""),
                research=member.get("research", ""),
                baseline=member.get("baseline", ""),
                breaks=tuple(Break(**b) for b in member.get("breaks", ())),
                chain_step=chain.get(member["id"]),
            )
            if item.unit not in UNITS:
                raise ValueError(f"indicator {item.id}: unit {item.unit!r} unknown")
            if item.id in catalog:
                raise ValueError(f"indicator {item.id} is defined twice")
            catalog[item.id] = item
    missing = set(chain) - set(catalog)
    if missing:
        raise ValueError(f"the chain names unknown indicators: {sorted(missing)}")
    return catalog


CATALOG = load_catalog()


def is_rate(indicator_id: str) -> bool:
    item = CATALOG.get(indicator_id)
    return item is not None and item.unit == RATE


def get(indicator_id: str) -> Indicator | None:
    return CATALOG.get(indicator_id)


def chain() -> list[Indicator]:
    steps = [i for i in CATALOG.values() if i.chain_step]
    return sorted(steps, key=lambda i: i.chain_step)
