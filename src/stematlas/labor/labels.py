"""The texts the labor part writes for pages to show, listed for the translation
catalogs (tools/messages.py): rule titles and explanations, percentile and
credential level names, notes on what a build holds, statuses."""

from __future__ import annotations

from . import careers, supply
from .demand import BALANCED, IN_DEMAND, NOT_IN_DEMAND, NOT_RATED
from .pathways import IN_REGION, NEARBY
from .rules import PERCENTILE_LABELS, load_rules


def labor_texts() -> list[str]:
    rules = load_rules()
    explained = rules.explained("")
    notes = [
        careers.ESD_METHOD, careers.NO_WAGES, careers.NO_LIVING_WAGE,
        careers.WEIGHTED, careers.NO_POPULATION, careers.NO_AREAS, careers.NO_ESD,
        careers.UNKNOWN_EDUCATION, careers.NO_HOUSEHOLD, careers.WAGE_NOTE_MISSING,
        careers.WAGE_NOTE_NO_AREA, supply.PROGRAMS_NOT_LOADED,
        supply.PROGRAMS_NOT_PLACED,
    ]  # fmt: skip
    return [
        *(r["title"] for r in explained),
        *(r["template"] for r in explained),
        *(lv.label for lv in rules.levels),
        *PERCENTILE_LABELS.values(),
        *notes,
        IN_DEMAND, BALANCED, NOT_IN_DEMAND, NOT_RATED, IN_REGION, NEARBY,
    ]  # fmt: skip
