"""Credential levels: BLS's typical education needed for entry, grouped as the
rules say (high school or less, certificate or some college, associate, bachelor's,
graduate)."""

from __future__ import annotations

from ..sources.columns import normalize
from .rules import Level, Rules


def credential_level(education: str | None, rules: Rules) -> Level | None:
    """The level of a BLS education wording; None when BLS gives none (summary
    rows) or a wording the rules do not list."""
    key = normalize(education or "")
    if not key:
        return None
    for level in rules.levels:
        if key in {normalize(e) for e in level.education}:
            return level
    return None
