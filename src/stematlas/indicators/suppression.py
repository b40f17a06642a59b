"""Suppression: what the atlas may publish of the figures it computes itself.

DESIGN.md, "Privacy", in three steps:
1. primary: a rate on fewer than ``min_n`` students is suppressed; a rate whose
   numerator or complement (students who did not meet the outcome) is below
   ``min_n`` is band coded in OSPI's style ("<21.3%", ">78.7%"); a count of 1 to
   ``min_n - 1`` students is suppressed;
2. complementary: along every margin (a total and the parts that add up to it)
   more parts are hidden until no hidden count can be recovered by subtraction;
3. the audit (``audit.py``) proves it; where margins combine to pin a count that
   each of them alone leaves open (two-way tables, bands), one more cell near it
   is hidden and the audit runs again.

Only the atlas's own figures (``_ours`` True) are changed: an agency's figure stays
as the agency published it, markers and all. Every cell hidden here keeps its true
counts in ``_numerator`` / ``_denominator`` (internal keys, never exported) for the
audit. No file or database access here.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from fractions import Fraction

from .audit import (
    DENOMINATOR,
    NUMERATOR,
    SHOWN,
    AuditReport,
    Margin,
    audit,
    counts_of,
    is_hidden,
    is_ours,
    key,
    shown_count,
    unit_of,
)
from .catalog import COUNT, RATE

__all__ = ["AuditReport", "Margin", "audit", "band_bound", "suppress"]

COMPLEMENTARY = "complementary"
BAND_REASON = "top/bottom coded"


def suppress(
    observations: list[dict], margins: list[Margin], min_n: int = 10
) -> AuditReport:
    """Primary suppression, band coding and complementary suppression, in place;
    the audit of the result.

    Mutates the atlas's own observations (_ours True); never touches agency
    figures (_ours False). Same input, same output.
    """
    for obs in observations:
        if is_ours(obs) and obs["status"] in SHOWN:
            _primary(obs, min_n)

    cells = {key(o): o for o in observations}
    touching: dict[tuple, set[int]] = defaultdict(set)
    for i, margin in enumerate(margins):
        for k in (margin.total, *margin.parts):
            touching[k].add(i)
    while True:
        _complementary(cells, margins, touching, min_n)
        report = audit(observations, margins, min_n)
        if not _repair(cells, margins, touching, report.failures):
            return report  # passed, or nothing of ours left to hide near it


# 1. Primary suppression and band coding.


def _primary(obs: dict, min_n: int) -> None:
    unit = unit_of(obs)
    numerator, denominator = obs["numerator"], obs["denominator"]
    if unit == COUNT:
        if numerator is not None and 0 < numerator < min_n:
            hide(obs, "suppressed", f"n<{min_n}")
        return
    if unit != RATE or denominator is None:
        return  # amounts, and rates whose counts the agency withheld
    if denominator < min_n:
        hide(obs, "suppressed", f"n<{min_n}")
        return
    if numerator is None:
        return
    complement = denominator - numerator
    if numerator >= min_n and complement >= min_n:
        return

    # A small numerator (0 included) shows as "below" the bound, a small
    # complement as "above" one minus it; when both are small, the smaller.
    bound = band_bound(denominator, min_n)
    hide(obs, "banded", BAND_REASON)
    if numerator <= complement:
        obs.update(lower=0.0, upper=bound)
    else:
        obs.update(lower=round(1 - bound, 3), upper=1.0)


def band_bound(denominator: float, min_n: int) -> float:
    """The band's edge: min_n / denominator rounded up to a tenth of a percent
    (5 of 47 -> 10/47 = 21.28% -> 0.213), so that it spans at least min_n
    students."""
    thousandths = math.ceil(Fraction(min_n) * 1000 / Fraction(denominator))
    return min(1.0, thousandths / 1000)


def hide(obs: dict, status: str, reason: str) -> None:
    """Hide a cell's figures, keeping its true counts for the audit."""
    obs.setdefault("_numerator", obs["numerator"])
    obs.setdefault("_denominator", obs["denominator"])
    obs.update(
        numerator=None,
        denominator=None,
        value=None,
        lower=None,
        upper=None,
        status=status,
        status_reason=reason,
    )


# 2. Complementary suppression.


def _complementary(
    cells: dict[tuple, dict],
    margins: list[Margin],
    touching: dict[tuple, set[int]],
    min_n: int,
) -> None:
    """Work through the margins, smallest index first, until none needs cover;
    a margin comes back whenever one of its cells is hidden."""
    pending = list(range(len(margins)))
    queued = set(pending)
    while pending:
        i = heapq.heappop(pending)
        queued.discard(i)
        hidden = _cover(cells, margins[i], min_n)
        if hidden is None:
            continue
        for j in touching[hidden] | {i}:
            if j not in queued:
                queued.add(j)
                heapq.heappush(pending, j)


def _cover(cells: dict[tuple, dict], margin: Margin, min_n: int) -> tuple | None:
    """Hide one more cell of a margin that needs it; the key hidden, or None."""
    total = cells.get(margin.total)
    parts = [cells[k] for k in margin.parts if k in cells]
    if total is None or not parts:
        return None
    needed, short = needs_cover(total, parts, min_n)
    if not needed:
        return None

    candidates = sorted((p for p in parts if _can_hide(p)), key=_smallest_first)
    if short:
        # A part adds cover only where it has students to add; if all of them
        # together cannot lift a hidden sum to min_n, the total has to go.
        candidates = [p for p in candidates if _adds(p, short)]
        if not all(
            hidden_sum + sum(shown_count(p, c) or 0 for p in candidates) >= min_n
            for c, hidden_sum in short.items()
        ):
            candidates = []
    if candidates:
        target = candidates[0]
    elif _can_hide(total):
        target = total
    else:
        return None  # nothing of ours to hide here: the audit classifies it
    hide(target, "suppressed", COMPLEMENTARY)
    return key(target)


def needs_cover(total: dict, parts: list[dict], min_n: int) -> tuple[bool, dict]:
    """Whether a margin lets a reader recover a hidden count, and the counts
    whose hidden sum is short of min_n (count -> that sum).

    The hidden sum is what a reader computes, the shown total minus the shown
    parts. The atlas knows it as well as the reader does, whoever hid the parts:
    parts the agency hid (suppressed, banded, counts withheld) need no rule of
    their own, they cover exactly as far as their counts, unknown one by one but
    known in sum, reach. A margin needs cover when, for any of its counts:
    - the total is shown and exactly one part is hidden (subtraction gives it);
    - the total is shown and the hidden parts add up to fewer than min_n
      (each of them is then known to within fewer than min_n);
    - the total is hidden and every part is shown (addition gives it).
    Parts missing from the observations have no figure to subtract: skipped.
    """
    needed, short = False, {}
    for count in counts_of(unit_of(total)):
        values = [shown_count(p, count) for p in parts]
        hidden = values.count(None)
        shown_total = shown_count(total, count)
        if shown_total is None:
            needed = needed or hidden == 0
            continue
        if hidden == 0:
            continue
        hidden_sum = shown_total - sum(v for v in values if v is not None)
        needed = needed or hidden == 1 or hidden_sum < min_n
        if hidden_sum < min_n:
            short[count] = hidden_sum
    return needed, short


def _repair(
    cells: dict[tuple, dict],
    margins: list[Margin],
    touching: dict[tuple, set[int]],
    failures: list[dict],
) -> bool:
    """Hide one more cell for each failed count: the smallest shown cell of ours
    in the margins nearest to it (its own margins, then those of the hidden
    cells they hold, and so on); parts before totals. True when any was hidden.
    Failures near a cell already hidden in this round wait for the next audit."""
    settled: set[tuple] = set()
    hidden_any = False
    for failure in failures:
        if failure["key"] in settled:
            continue
        near, candidates = _nearest_candidates(cells, margins, touching, failure)
        settled |= near
        if candidates:
            hide(candidates[0], "suppressed", COMPLEMENTARY)
            hidden_any = True
    return hidden_any


def _nearest_candidates(
    cells: dict[tuple, dict],
    margins: list[Margin],
    touching: dict[tuple, set[int]],
    failure: dict,
) -> tuple[set[tuple], list[dict]]:
    """The cells searched, and the candidates found nearest, best first. Only
    hidden cells carry a narrowing from margin to margin, so the search goes on
    through them."""
    seen_cells = {failure["key"]}
    seen_margins: set[int] = set()
    frontier = {failure["key"]}
    while frontier:
        reached = sorted({i for k in frontier for i in touching[k]} - seen_margins)
        seen_margins.update(reached)
        parts = {k for i in reached for k in margins[i].parts}
        members = {
            k: cells[k]
            for i in reached
            for k in (margins[i].total, *margins[i].parts)
            if k in cells
        }
        candidates = sorted(
            (o for o in members.values() if _can_hide(o)),
            key=lambda o: (key(o) not in parts, *_smallest_first(o)),
        )
        if candidates:
            return seen_cells | set(members), candidates
        frontier = {
            k for k, o in members.items() if k not in seen_cells and is_hidden(o)
        }
        seen_cells.update(members)
    return seen_cells, []


def _can_hide(obs: dict) -> bool:
    return is_ours(obs) and obs["status"] in SHOWN


def _adds(obs: dict, short: dict) -> bool:
    return any((shown_count(obs, c) or 0) > 0 for c in short)


def _smallest_first(obs: dict) -> tuple:
    size = obs[DENOMINATOR if unit_of(obs) == RATE else NUMERATOR]
    return (math.inf if size is None else size, tuple(str(v) for v in key(obs)))
