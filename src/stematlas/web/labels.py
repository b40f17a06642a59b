"""The data labels pages show and translate: indicator titles and definitions,
student group types and groups, statuses and methods. Read by
``tools/messages.py`` to keep the translation catalogs complete, and by the
tests that check them."""

from __future__ import annotations

from ..groups import VOCABULARY
from ..households import every_household
from ..indicators import catalog
from ..labor.labels import labor_texts
from .career_views import page_labels
from .i18n import LEVEL_NAMES, trend_phrases

STATUSES = (
    "ok", "low_reliability", "suppressed", "banded", "not_applicable",
    "source suppressed", "counts withheld", "top/bottom coded", "complementary",
    "coverage", "no students",
)  # fmt: skip
METHODS = ("published", "aggregated", "derived", "estimated", "records")
GOAL_STATUSES = ("on track", "not on track", "met", "not met", "unknown")
FINDING_SEVERITIES = ("error", "warning", "info")
NOTE_KINDS = ("hunch", "quote", "context")


# The parts of an indicator's definition a page shows.
DEFINITION_FIELDS = (
    "title", "description", "numerator", "denominator", "population", "caveats",
    "research",
)  # fmt: skip


def data_labels() -> list[str]:
    labels: list[str] = []
    for item in catalog.CATALOG.values():
        labels += [getattr(item, f) for f in DEFINITION_FIELDS if getattr(item, f)]
        labels += [b.note for b in item.breaks]
    for group_type, groups in VOCABULARY.items():
        labels.append(group_type)
        labels.extend(groups)
    labels += list(LEVEL_NAMES.values())
    labels += [*STATUSES, *METHODS, *GOAL_STATUSES, *FINDING_SEVERITIES, *NOTE_KINDS]
    labels += [*trend_phrases(), "not shown"]
    labels += [label for _, label in every_household()]
    labels += [*labor_texts(), *page_labels()]
    return list(dict.fromkeys(labels))
