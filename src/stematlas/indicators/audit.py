"""The suppression audit: what a reader can learn of a hidden count.

A reader sees every shown count and every band, and knows every margin (a total is
the sum of its parts). The audit asks, for every hidden count, how narrow an
interval those pin it to, and fails where one is narrower than the minimum n.

The method has two stages. First interval propagation: a shown count is fixed at
its published value; a hidden one starts at [0, inf). Each margin T = sum(parts)
tightens every term from the others (a part is at least T's lower bound minus the
others' upper bounds, at most T's upper bound minus the others' lower bounds; the
total lies between the sums of its parts' bounds), and this repeats until nothing
changes. Counts are whole numbers, so bounds are rounded inward. Three counts per
rate are tracked: the numerator, the denominator and the complement (denominator
minus numerator: the students who did not meet the outcome, which band coding
protects as much as the numerator); the identity denominator = numerator +
complement and a banded cell's band (numerator between lower and upper times the
denominator) tie them together.

Propagation uses one margin at a time, so its intervals can be wider than what a
reader gets by combining margins (where ESDs and counties both add up to the
state, the state minus the shown ESDs is the hidden one, though no single margin
says so). Second stage, for every hidden count propagation leaves at least the
minimum wide: linear programming (``linear.py``) over all margins and bands at
once, from the propagated lower bounds, gives the smallest and largest value the
count can take; rounded inward and kept within the propagated interval. Where
tables that fit everything published already show the count varying by the
minimum or more, that is proof enough and no more programs are solved for it.
The programs treat counts as real numbers; a reader who also uses that they are
whole can in principle do better where bands make a corner of the tables
fractional. The tests compare the audit with brute force (every table of whole
numbers) on small tables of each shape the atlas publishes: places of a parent
against groups of a place, counties crossed with ESDs, a derived group.

What the audit does not use: the status reason ("n<10" itself says the count is
below 10; that is the point of the code) and a shown rate whose counts the agency
withheld. No file or database access here.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from ..warehouse.schema import OBSERVATION_KEY
from .catalog import COUNT, RATE, get
from .linear import narrowest

log = logging.getLogger(__name__)

SHOWN = ("ok", "low_reliability")
NUMERATOR, DENOMINATOR, COMPLEMENT = "numerator", "denominator", "complement"
INF = math.inf
_EPS = 1e-9


@dataclass(frozen=True)
class Margin:
    """A sum a reader can subtract: total = sum(parts), for numerators and for
    denominators alike (for count indicators only numerators)."""

    total: tuple  # observation key
    parts: tuple[tuple, ...]  # observation keys
    kind: str  # "geography" | "group" | "derived"


@dataclass
class AuditReport:
    failures: list[dict]  # hidden cells our figures leave narrower than min_n
    source_disclosures: list[dict]  # narrow through agency-published figures alone
    checked: int  # hidden cells checked
    # Hidden counts whose recorded true value lies outside the interval the margins
    # give, or margins that contradict each other: a margin handed in is not an
    # identity of the published figures, and the proof does not hold for it.
    inconsistencies: list[dict] = field(default_factory=list)


# What a reader sees of one observation.


def key(obs: dict) -> tuple:
    return tuple(obs[k] for k in OBSERVATION_KEY)


def is_ours(obs: dict) -> bool:
    """True for a figure the atlas computed; the agency's figures stay as published."""
    return bool(obs.get("_ours", obs.get("method") != "published"))


def unit_of(obs: dict) -> str | None:
    if obs.get("_unit"):
        return obs["_unit"]
    item = get(obs["indicator"])
    return item.unit if item else None


def counts_of(unit: str | None) -> tuple[str, ...]:
    """The counts a reader could subtract: none for amounts."""
    if unit == RATE:
        return (NUMERATOR, DENOMINATOR, COMPLEMENT)
    if unit == COUNT:
        return (NUMERATOR,)
    return ()


def shown_count(obs: dict, count: str) -> float | None:
    """The value a reader sees for one count of a cell: 0 where there are no
    students, the published count of a shown cell, None where it is hidden."""
    if obs["status"] == "not_applicable":
        return 0.0
    if obs["status"] not in SHOWN:
        return None
    numerator, denominator = obs["numerator"], obs["denominator"]
    if count == NUMERATOR:
        return numerator
    if count == DENOMINATOR:
        return denominator
    if numerator is None or denominator is None:
        return None
    return denominator - numerator


def is_hidden(obs: dict) -> bool:
    return any(shown_count(obs, c) is None for c in counts_of(unit_of(obs)))


def recorded_counts(observations: list[dict]) -> dict[tuple, tuple]:
    """The (numerator, denominator) suppression recorded in each cell it hid."""
    return {
        key(o): (o.get("_numerator"), o.get("_denominator"))
        for o in observations
        if "_numerator" in o or "_denominator" in o
    }


# The audit.


def audit(
    observations: list[dict],
    margins: list[Margin],
    min_n: int = 10,
    true_counts: dict[tuple, tuple[float | None, float | None]] | None = None,
) -> AuditReport:
    """Check every hidden count against every margin.

    A hidden count (of ours, or of the agency's) narrower than ``min_n`` is a
    failure when the narrowing needs at least one figure of ours, and a source
    disclosure when the agency's figures alone pin it: that is the same
    propagation with every figure of ours treated as unknown (the margins still
    hold, whether we publish their totals or not). Entries are {"key", "count"
    ("numerator" | "denominator" | "complement"), "lower", "upper", "ours"}.
    ``true_counts`` (key -> (numerator, denominator) before suppression, by
    default those suppression recorded) only serve to check the margins are true.
    """
    cells = {key(o): o for o in observations}
    truth = recorded_counts(observations) if true_counts is None else true_counts
    full = _propagate(cells, margins, known=lambda o: True)
    agency = _propagate(cells, margins, known=lambda o: not is_ours(o))
    full.sharpen(_hidden_counts(cells, full), min_n)
    narrow = [
        (k, c) for k, c in _hidden_counts(cells, full) if full.width(k, c) < min_n
    ]
    agency.sharpen(narrow, min_n)
    report = AuditReport([], [], 0)

    for k, obs in cells.items():
        if obs["status"] == "not_applicable" or not is_hidden(obs):
            continue
        report.checked += 1
        for count in counts_of(unit_of(obs)):
            if shown_count(obs, count) is not None:
                continue
            lower, upper = full.bounds(k, count)
            entry = {
                "key": k,
                "count": count,
                "lower": lower,
                "upper": upper,
                "ours": is_ours(obs),
            }
            true = _true_value(truth.get(k), count)
            if true is not None and not lower - _EPS <= true <= upper + _EPS:
                report.inconsistencies.append({**entry, "true": true})
            if upper - lower >= min_n:
                continue
            source_lower, source_upper = agency.bounds(k, count)
            if source_upper - source_lower < min_n:
                report.source_disclosures.append(entry)
            else:
                report.failures.append(entry)

    for k, count in sorted(full.conflicts, key=lambda c: (str(c[0]), c[1])):
        lower, upper = full.bounds(k, count)
        report.inconsistencies.append(
            {"key": k, "count": count, "lower": lower, "upper": upper, "true": None}
        )
    return report


def intervals(
    observations: list[dict], margins: list[Margin], agency_only: bool = False
) -> dict[tuple[tuple, str], tuple[float, float]]:
    """(key, count) -> (lower, upper): where a reader can pin each count that
    takes part in a margin, from every shown figure, or from the agency's alone."""
    cells = {key(o): o for o in observations}
    known = (lambda o: not is_ours(o)) if agency_only else (lambda o: True)
    bounds = _propagate(cells, margins, known)
    bounds.sharpen(list(bounds.index))
    return {name: (bounds.lo[v], bounds.hi[v]) for name, v in bounds.index.items()}


def _hidden_counts(cells: dict[tuple, dict], bounds: Bounds) -> list[tuple]:
    """(key, count) of every hidden count that takes part in a margin."""
    return [
        (k, count)
        for k, obs in cells.items()
        if obs["status"] != "not_applicable"
        for count in counts_of(unit_of(obs))
        if shown_count(obs, count) is None and (k, count) in bounds.index
    ]


def _snap(value: float) -> float:
    """A whole number a program's floating point missed by a hair (rounding
    inward from 5.0000000003 would say 6)."""
    if math.isfinite(value) and abs(value - round(value)) < 1e-6:
        return float(round(value))
    return value


def _true_value(true: tuple | None, count: str) -> float | None:
    if true is None:
        return None
    numerator, denominator = true
    if count == NUMERATOR:
        return numerator
    if count == DENOMINATOR:
        return denominator
    if numerator is None or denominator is None:
        return None
    return denominator - numerator


def _propagate(
    cells: dict[tuple, dict], margins: list[Margin], known: Callable[[dict], bool]
) -> Bounds:
    """Bounds for every count in a margin; ``known(obs)`` says whose shown
    figures the reader is given."""
    bounds = Bounds()
    added: set[tuple] = set()

    def add_cell(k: tuple) -> None:
        if k in added:
            return
        added.add(k)
        obs = cells[k]
        counts = counts_of(unit_of(obs))
        if known(obs):
            for count in counts:
                value = shown_count(obs, count)
                if value is not None:
                    bounds.fix(bounds.var(k, count), value)
        if counts == (NUMERATOR, DENOMINATOR, COMPLEMENT):
            numerator, denominator, complement = (bounds.var(k, c) for c in counts)
            bounds.tie(denominator, numerator, complement)
            if known(obs) and obs["status"] == "banded":
                band = (obs["lower"], obs["upper"])
                bounds.add_band(numerator, denominator, complement, band)

    for margin in margins:
        parts = [p for p in margin.parts if p in cells]
        if margin.total not in cells or not parts:
            continue
        for k in (margin.total, *parts):
            add_cell(k)
        for count in counts_of(unit_of(cells[margin.total])):
            bounds.add_sum(
                bounds.var(margin.total, count), [bounds.var(p, count) for p in parts]
            )
    bounds.propagate()
    return bounds


class Bounds:
    """Interval bounds on non-negative counts tied by sums and bands."""

    def __init__(self) -> None:
        self.index: dict[tuple, int] = {}
        self.lo: list[float] = []
        self.hi: list[float] = []
        self.constraints: list[tuple] = []
        self.watchers: dict[int, list[int]] = defaultdict(list)
        self.ties: dict[int, tuple[int, int]] = {}  # denominator -> its two parts
        self.integral = True  # every fixed value a whole number: round inward
        self.conflicts: set[tuple] = set()
        self._names: list[tuple] = []

    def var(self, k: tuple, count: str) -> int:
        name = (k, count)
        if name not in self.index:
            self.index[name] = len(self.lo)
            self._names.append(name)
            self.lo.append(0.0)
            self.hi.append(INF)
        return self.index[name]

    def bounds(self, k: tuple, count: str) -> tuple[float, float]:
        v = self.index.get((k, count))
        return (0.0, INF) if v is None else (self.lo[v], self.hi[v])

    def width(self, k: tuple, count: str) -> float:
        lower, upper = self.bounds(k, count)
        return upper - lower

    def fix(self, v: int, value: float) -> None:
        value = float(value)
        if not value.is_integer():
            self.integral = False
        self.lo[v] = self.hi[v] = value

    def add_sum(self, total: int, parts: list[int]) -> None:
        self._add(("sum", total, parts), [total, *parts])

    def tie(self, denominator: int, numerator: int, complement: int) -> None:
        """denominator = numerator + complement, for one cell."""
        self.ties[denominator] = (numerator, complement)
        self.add_sum(denominator, [numerator, complement])

    def add_band(self, numerator: int, denominator: int, complement: int, band):
        """lower <= numerator / denominator <= upper, read both as a bound on the
        numerator against the denominator and against the complement (interval
        propagation only sees a constraint through the variables it names)."""
        lower = 0.0 if band[0] is None else float(band[0])
        upper = 1.0 if band[1] is None else float(band[1])
        constraint = ("band", numerator, denominator, complement, lower, upper)
        self._add(constraint, [numerator, denominator, complement])

    def sharpen(self, names: list[tuple], min_n: float | None = None) -> None:
        """Narrow the (key, count) bounds in ``names`` to what all constraints
        together allow (linear programming after propagation, rounded inward).
        With ``min_n``, counts proved at least min_n wide keep their propagated
        bounds, which are then wider than the exact ones but just as safe.

        A denominator is its numerator plus its complement: it is written so in
        every row, which keeps numerators and complements in separate programs
        wherever no band ties them."""
        spelled = {d: {n: 1.0, c: 1.0} for d, (n, c) in self.ties.items()}
        spelled = {d: a for d, a in spelled.items() if self.hi[d] > self.lo[d]}

        def spell(a: dict[int, float]) -> dict[int, float]:
            out: dict[int, float] = {}
            for v, coefficient in a.items():
                for u, b in spelled.get(v, {v: 1.0}).items():
                    out[u] = out.get(u, 0.0) + coefficient * b
            return out

        rows = []
        for constraint in self.constraints:
            if constraint[0] == "sum":
                _, total, parts = constraint
                if total in spelled and parts == list(self.ties[total]):
                    continue  # the identity itself
                a = {total: 1.0}
                for p in parts:
                    a[p] = a.get(p, 0.0) - 1.0
                rows.append((spell(a), 0.0, True))
                continue
            _, numerator, denominator, _, lower, upper = constraint
            # lower * denominator <= numerator <= upper * denominator
            a = spell({denominator: lower, numerator: -1.0})
            rows.append((a, 0.0, False))
            rows.append((spell({numerator: 1.0, denominator: -upper}), 0.0, False))
        wanted = {self.index[n]: spell({self.index[n]: 1.0}) for n in names
                  if n in self.index}  # fmt: skip
        found = narrowest(rows, self.lo, self.hi, wanted, min_n)
        for v, (lower, upper) in found.items():
            self._narrow(v, _snap(lower), _snap(upper))

    def _add(self, constraint: tuple, variables: list[int]) -> None:
        self.constraints.append(constraint)
        for v in set(variables):
            self.watchers[v].append(len(self.constraints) - 1)

    def propagate(self) -> None:
        """Tighten to a fixed point (a worklist of constraints whose variables
        moved)."""
        queue = deque(range(len(self.constraints)))
        queued = [True] * len(self.constraints)
        budget = 1000 * (len(self.constraints) + 10)
        while queue:
            budget -= 1
            if budget < 0:
                # Still outer bounds, only looser than they could be.
                log.warning("suppression audit: propagation stopped before the end")
                return
            i = queue.popleft()
            queued[i] = False
            for v in self._apply(self.constraints[i]):
                for j in self.watchers[v]:
                    if not queued[j]:
                        queued[j] = True
                        queue.append(j)

    def _apply(self, constraint: tuple) -> list[int]:
        if constraint[0] == "sum":
            return self._sum(constraint[1], constraint[2])
        return self._band(*constraint[1:])

    def _sum(self, total: int, parts: list[int]) -> list[int]:
        lo, hi = self.lo, self.hi
        changed = []
        parts_lo = sum(lo[p] for p in parts)
        unbounded = sum(1 for p in parts if hi[p] == INF)
        parts_hi = sum(hi[p] for p in parts if hi[p] != INF)
        if self._narrow(total, parts_lo, INF if unbounded else parts_hi):
            changed.append(total)

        for p in parts:
            own_hi = hi[p] == INF
            others_lo = parts_lo - lo[p]
            if unbounded - own_hi:
                others_hi = INF
            else:
                others_hi = parts_hi - (0.0 if own_hi else hi[p])
            if self._narrow(p, lo[total] - others_hi, hi[total] - others_lo):
                changed.append(p)
        return changed

    def _band(self, numerator, denominator, complement, lower, upper) -> list[int]:
        lo, hi = self.lo, self.hi
        changed = []
        # lower * denominator <= numerator <= upper * denominator
        if self._narrow(numerator, lower * lo[denominator], upper * hi[denominator]):
            changed.append(numerator)
        least = lo[numerator] / upper if upper > 0 else 0.0
        most = hi[numerator] / lower if lower > 0 else INF
        if self._narrow(denominator, least, most):
            changed.append(denominator)
        # the same with denominator = numerator + complement:
        # (1 - upper) / upper * numerator <= complement <= (1 - lower) / lower * ...
        least = lo[numerator] * (1 - upper) / upper if upper > 0 else 0.0
        most = hi[numerator] * (1 - lower) / lower if lower > 0 else INF
        if self._narrow(complement, least, most):
            changed.append(complement)
        least = lo[complement] * lower / (1 - lower) if lower < 1 else 0.0
        most = hi[complement] * upper / (1 - upper) if upper < 1 else INF
        if self._narrow(numerator, least, most):
            changed.append(numerator)
        return changed

    def _narrow(self, v: int, lower: float, upper: float) -> bool:
        """Raise v's lower bound and lower its upper bound where that tightens;
        True when it moved."""
        if math.isnan(upper):
            upper = INF
        if self.integral:
            if lower != -INF:
                lower = float(math.ceil(lower - _EPS))
            if upper != INF:
                upper = float(math.floor(upper + _EPS))
        old_lo, old_hi = self.lo[v], self.hi[v]
        new_lo, new_hi = max(lower, old_lo), min(upper, old_hi)
        if new_lo > new_hi + _EPS * (1 + abs(new_hi)):
            self.conflicts.add(self._names[v])
            return False
        tolerance = _EPS * (1 + abs(new_lo) + (0 if new_hi == INF else abs(new_hi)))
        moved = new_lo > old_lo + tolerance or new_hi < old_hi - tolerance
        if moved:
            self.lo[v], self.hi[v] = new_lo, new_hi
        return moved
