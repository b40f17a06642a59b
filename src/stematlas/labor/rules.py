"""The labor rules as data: ``rules.toml`` beside this module, optionally overlaid
by a user's file of the same shape. Every rule carries the plain explanation the
pages show, filled in with its own parameters."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import AtlasError

PERCENTILES = (10, 25, 50, 75, 90)
PERCENTILE_LABELS = {
    10: "10th percentile",
    25: "25th percentile",
    50: "median",
    75: "75th percentile",
    90: "90th percentile",
}


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    beyond_high_school: bool
    education: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    percentile: int
    household: str
    hours_per_year: float
    top_code_hourly: float
    min_base_employment: float
    in_demand_growth_ratio: float
    in_demand_min_share: float
    not_in_demand_growth_ratio: float
    not_in_demand_max_share: float
    levels: tuple[Level, ...]
    texts: dict[str, dict[str, str]]  # rule id -> {title, explanation}

    @property
    def percentile_label(self) -> str:
        return PERCENTILE_LABELS[self.percentile]

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def explained(self, household_label: str) -> list[dict]:
        """Each rule's id, title and explanation, its parameters filled in; the
        template and the values are kept for pages in other languages."""
        values = {
            "percentile_label": self.percentile_label,
            "household_label": household_label,
            "hours_per_year": f"{self.hours_per_year:,.0f}",
            "top_code": f"${self.top_code_hourly:,.2f}",
            "min_base_employment": f"{self.min_base_employment:g}",
            "in_demand_growth_pct": _pct(self.in_demand_growth_ratio),
            "in_demand_share_pct": _pct(self.in_demand_min_share),
            "not_in_demand_growth_pct": _pct(self.not_in_demand_growth_ratio),
            "not_in_demand_share_pct": _pct(self.not_in_demand_max_share),
        }
        out = []
        for rule, text in self.texts.items():
            template = " ".join(text["explanation"].split())
            out.append(
                {
                    "id": rule,
                    "title": text["title"],
                    "explanation": template.format(**values),
                    "template": template,
                    "values": values,
                }
            )
        return out


def _pct(share: float) -> str:
    return f"{share * 100:g}%"


def load_rules(path: Path | None = None) -> Rules:
    """The shipped rules, with the keys of ``path`` (if given) set over them."""
    text = resources.files("stematlas.labor").joinpath("rules.toml").read_text("utf-8")
    data = tomllib.loads(text)
    if path is not None:
        _overlay(data, _read(Path(path)), str(path))
    return _rules(data, str(path or "rules.toml"))


def _read(path: Path) -> dict:
    if not path.is_file():
        raise AtlasError(f"labor rules file {path} does not exist")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise AtlasError(f"labor rules file {path} is not valid TOML: {exc}") from exc


def _overlay(base: dict, extra: dict, where: str, prefix: str = "") -> None:
    for key, value in extra.items():
        if key not in base:
            known = ", ".join(sorted(base))
            raise AtlasError(
                f"labor rules file {where}: {prefix}{key} is not a rule setting "
                f"(known here: {known})"
            )
        if isinstance(value, dict) and isinstance(base[key], dict):
            _overlay(base[key], value, where, f"{prefix}{key}.")
        else:
            base[key] = value


def _rules(data: dict, where: str) -> Rules:
    wage, demand = data["family_wage"], data["in_demand"]
    if wage["percentile"] not in PERCENTILES:
        raise AtlasError(
            f"labor rules {where}: family_wage.percentile must be one of BLS's "
            f"published percentiles {', '.join(map(str, PERCENTILES))}, not "
            f"{wage['percentile']!r}"
        )
    levels = tuple(
        Level(lv["id"], lv["label"], bool(lv["beyond_high_school"]),
              tuple(lv["education"]))
        for lv in data["credential"]["levels"]
    )  # fmt: skip
    texts = {
        key: {"title": value["title"], "explanation": value["explanation"]}
        for key, value in data.items()
        if isinstance(value, dict) and "explanation" in value
    }
    return Rules(
        percentile=int(wage["percentile"]),
        household=str(wage["household"]),
        hours_per_year=float(wage["hours_per_year"]),
        top_code_hourly=float(wage["top_code_hourly"]),
        min_base_employment=float(demand["min_base_employment"]),
        in_demand_growth_ratio=float(demand["in_demand_growth_ratio"]),
        in_demand_min_share=float(demand["in_demand_min_share"]),
        not_in_demand_growth_ratio=float(demand["not_in_demand_growth_ratio"]),
        not_in_demand_max_share=float(demand["not_in_demand_max_share"]),
        levels=levels,
        texts=texts,
    )
