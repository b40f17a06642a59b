"""The narrowest interval linear reasoning gives one unknown: a small simplex.

The suppression audit asks how far a reader can pin each hidden count from every
published figure at once. Interval propagation (``audit.Bounds``) applies one
margin at a time; a reader who adds or subtracts whole margins (the state minus
every shown ESD, when the ESDs and the counties both add up to it) can do better.
Linear programming is that reader: the smallest and largest value of one unknown
over every table of non-negative numbers that agrees with what is published.

``Polytope`` holds the constraints, finds one table that fits them (phase one of
the simplex method) and then moves from table to table, maximizing or minimizing
one unknown at a time (phase two, warm started from the last table). Pivots follow
Bland's rule, which cannot cycle. Dense rows of floats: the audit splits the
unknowns into independent groups first, and each group is small. No file or
database access here.
"""

from __future__ import annotations

import math

EPS = 1e-9
INF = math.inf


class Infeasible(ValueError):
    """No table of non-negative numbers fits the constraints."""


class Polytope:
    """{x >= 0 : every equality sum(a_j x_j) = b and inequality sum(a_j x_j) <= b}
    over ``size`` unknowns; each constraint is ({j: a_j}, b).

    The tableau is sparse: row i reads x[basis[i]] + sum(row[j] x_j) = rhs[i],
    with only the nonzero coefficients kept (margins touch few unknowns)."""

    def __init__(
        self,
        size: int,
        equalities: list[tuple[dict[int, float], float]],
        inequalities: list[tuple[dict[int, float], float]] = (),
    ):
        self.size = size
        self.rows: list[dict[int, float]] = []
        self.rhs: list[float] = []
        self.basis: list[int] = []
        constraints = [(a, b, None) for a, b in equalities]
        slack = size
        for a, b in inequalities:
            constraints.append((a, b, slack))
            slack += 1
        self.columns = slack  # the unknowns, then one slack per inequality
        self._phase_one(constraints)

    def _phase_one(self, constraints: list[tuple[dict, float, int | None]]) -> None:
        """Find a first table: artificial unknowns where no slack can start."""
        artificial = self.columns
        cost: dict[int, float] = {}
        for a, b, slack in constraints:
            sign = -1.0 if b < 0 else 1.0
            row = {j: sign * v for j, v in a.items() if v}
            if slack is not None:
                row[slack] = sign
            if slack is not None and sign > 0:
                basic = slack
            else:
                basic = artificial
                cost[artificial] = 1.0
                artificial += 1
            row.pop(basic, None)
            self.rows.append(row)
            self.rhs.append(sign * float(b))
            self.basis.append(basic)
        self.allowed = self.columns  # artificial unknowns never enter
        self._optimize(cost)
        left = sum(b for b, j in zip(self.rhs, self.basis, strict=True) if j in cost)
        if left > 1e-7 * (1.0 + max(map(abs, self.rhs), default=0.0)):
            raise Infeasible("the published figures contradict the margins")
        self._drop_artificials()

    def _drop_artificials(self) -> None:
        """Pivot artificial unknowns (now zero) out of the basis; a row with
        nothing else in it repeated other rows and goes."""
        for i in range(len(self.rows)):
            if self.basis[i] >= self.columns:
                column = next(
                    (j for j, v in sorted(self.rows[i].items())
                     if j < self.columns and abs(v) > EPS),
                    None,
                )  # fmt: skip
                if column is not None:
                    self._pivot(i, column, None)
        keep = [i for i, j in enumerate(self.basis) if j < self.columns]
        self.rows = [
            {j: v for j, v in self.rows[i].items() if j < self.columns} for i in keep
        ]
        self.rhs = [self.rhs[i] for i in keep]
        self.basis = [self.basis[i] for i in keep]

    def _pivot(self, r: int, c: int, reduced: dict[int, float] | None) -> None:
        """Bring column c into the basis in row r."""
        row, leaving = self.rows[r], self.basis[r]
        factor = row.pop(c)
        row[leaving] = 1.0
        for j in row:
            row[j] /= factor
        self.rhs[r] /= factor
        for i, other in enumerate(self.rows):
            if i != r and c in other:
                f = other.pop(c)
                _subtract(other, row, f)
                self.rhs[i] -= f * self.rhs[r]
        if reduced is not None and c in reduced:
            _subtract(reduced, row, reduced.pop(c))
        self.basis[r] = c

    def _optimize(self, cost: dict[int, float]) -> bool:
        """Minimize cost . x from the current table; False when unbounded."""
        reduced = {j: v for j, v in cost.items()}
        for i, j in enumerate(self.basis):
            cb = reduced.pop(j, 0.0)
            if cb:
                for k, v in self.rows[i].items():
                    reduced[k] = reduced.get(k, 0.0) - cb * v
        while True:
            entering = min(
                (j for j, v in reduced.items() if 0 <= j < self.allowed and v < -EPS),
                default=None,
            )
            if entering is None:
                return True
            leaving, best = None, INF
            for i, row in enumerate(self.rows):
                a = row.get(entering, 0.0)
                if a > EPS:
                    ratio = self.rhs[i] / a
                    if ratio < best - EPS or (
                        ratio <= best + EPS and self.basis[i] < self.basis[leaving]
                    ):
                        leaving, best = i, ratio
            if leaving is None:
                return False
            self._pivot(leaving, entering, reduced)

    def point(self) -> list[float]:
        """The current table's unknowns."""
        x = [0.0] * self.size
        for i, j in enumerate(self.basis):
            if j < self.size:
                x[j] = max(0.0, self.rhs[i])
        return x

    def extreme(self, objective: dict[int, float], largest: bool) -> float:
        """The largest (or smallest) value of sum(a_j x_j); inf when unbounded."""
        sign = -1.0 if largest else 1.0
        if not self._optimize({j: sign * a for j, a in objective.items()}):
            return INF if largest else -INF
        x = self.point()
        return sum(a * x[j] for j, a in objective.items())


def _subtract(target: dict[int, float], row: dict[int, float], f: float) -> None:
    """target -= f * row, dropping what cancels."""
    for j, v in row.items():
        value = target.get(j, 0.0) - f * v
        if abs(value) > 1e-12:
            target[j] = value
        else:
            target.pop(j, None)


Row = tuple[dict[int, float], float, bool]  # coefficients, right side, equality?
Objective = dict[int, float]  # sum(a_j x_j)


def narrowest(
    rows: list[Row],
    lo: list[float],
    hi: list[float],
    objectives: dict[object, Objective],
    min_n: float | None = None,
) -> dict[object, tuple[float, float]]:
    """The smallest and largest value of each objective over every x >= lo that
    satisfies the rows (sum(a_j x_j) = b, or <= b); ``hi`` only says which
    unknowns are constants (lo == hi). The upper bounds are left out of the
    programs: the caller found them from these same rows, and keeps the tighter
    of its bounds and these.

    The free unknowns split into groups no row connects; each group is one
    program, and an objective over several groups is the sum of its parts. With
    ``min_n``, an objective whose value already varies by min_n across the
    tables found on the way is left out of the answer: it is proved wide enough,
    and its exact bounds would cost more programs. A group whose rows contradict
    each other leaves its objectives out too.
    """
    free = [j for j in range(len(lo)) if hi[j] - lo[j] > EPS]
    local = {j: i for i, j in enumerate(free)}
    groups = Groups(len(free), _shift(rows, lo, local))
    out = {}
    for name, objective in objectives.items():
        constant = sum(a * lo[j] for j, a in objective.items())
        parts: dict[int, Objective] = {}
        for j, a in objective.items():
            if j in local:
                i = local[j]
                parts.setdefault(groups.find(i), {})[i] = a
        found = groups.extremes(parts, min_n)
        if found is not None:
            out[name] = (constant + found[0], constant + found[1])
    return out


def _shift(rows: list[Row], lo: list[float], local: dict[int, int]) -> list[Row]:
    """Rows over the free unknowns, each measured from its lower bound."""
    out = []
    for coefficients, rhs, equal in rows:
        a: dict[int, float] = {}
        for j, value in coefficients.items():
            rhs -= value * lo[j]
            if j in local:
                a[local[j]] = a.get(local[j], 0.0) + value
        a = {j: v for j, v in a.items() if v != 0.0}
        if a:
            out.append((a, rhs, equal))
    return out


class Groups:
    """The free unknowns in groups that rows tie together, each group's program
    (built when first needed) and the tables seen in it so far."""

    def __init__(self, size: int, rows: list[Row]):
        self.parent = list(range(size))
        for a, _, _ in rows:
            first, *rest = a
            for j in rest:
                self.parent[self.find(j)] = self.find(first)
        self.rows: dict[int, list[Row]] = {}
        for row in rows:
            self.rows.setdefault(self.find(next(iter(row[0]))), []).append(row)
        self.members: dict[int, list[int]] = {}
        for i in range(size):
            self.members.setdefault(self.find(i), []).append(i)
        self.programs: dict[int, Polytope | None] = {}
        self.seen: dict[int, list[list[float]]] = {}
        self.least: dict[int, list[float]] = {}  # per unknown, over the tables
        self.most: dict[int, list[float]] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def extremes(
        self, parts: dict[int, Objective], min_n: float | None
    ) -> tuple[float, float] | None:
        """(least, most) of the sum of the parts (group -> objective over its
        unknowns); None when proved min_n wide, or a group is infeasible."""
        programs = {g: self._program(g) for g in parts}
        if any(p is None for p in programs.values()):
            return None
        if min_n is not None and self._spread(parts)[1] >= min_n - 1e-6:
            return None
        most = sum(self._extreme(g, a, True) for g, a in parts.items())
        if min_n is not None and most - self._spread(parts)[0] >= min_n - 1e-6:
            return None
        least = sum(self._extreme(g, a, False) for g, a in parts.items())
        return least, most

    def _program(self, g: int) -> Polytope | None:
        if g not in self.programs:
            index = {j: i for i, j in enumerate(self.members[g])}
            rows = [
                ({index[j]: v for j, v in a.items()}, b, equal)
                for a, b, equal in self.rows.get(g, [])
            ]
            try:
                program = Polytope(
                    len(index),
                    [(a, b) for a, b, equal in rows if equal],
                    [(a, b) for a, b, equal in rows if not equal],
                )
            except Infeasible:
                program = None
            self.programs[g] = program
            self.seen[g] = []
            if program:
                self._saw(g, program.point())
        return self.programs[g]

    def _local(self, g: int, objective: Objective) -> Objective:
        position = {j: i for i, j in enumerate(self.members[g])}
        return {position[j]: a for j, a in objective.items()}

    def _spread(self, parts: dict[int, Objective]) -> tuple[float, float]:
        """The smallest value of the objective over the tables seen, and how far
        its values spread across them (groups combine freely)."""
        least = spread = 0.0
        for g, objective in parts.items():
            a = self._local(g, objective)
            if len(a) == 1:
                # One unknown: its smallest and largest value over the tables.
                ((i, v),) = a.items()
                values = [v * self.least[g][i], v * self.most[g][i]]
            else:
                values = [sum(v * x[i] for i, v in a.items()) for x in self.seen[g]]
            least += min(values)
            spread += max(values) - min(values)
        return least, spread

    def _extreme(self, g: int, objective: Objective, largest: bool) -> float:
        program = self.programs[g]
        value = program.extreme(self._local(g, objective), largest)
        if math.isfinite(value):
            self._saw(g, program.point())
        return value

    def _saw(self, g: int, x: list[float]) -> None:
        self.seen[g].append(x)
        if len(self.seen[g]) == 1:
            self.least[g], self.most[g] = list(x), list(x)
            return
        least, most = self.least[g], self.most[g]
        for i, value in enumerate(x):
            if value < least[i]:
                least[i] = value
            elif value > most[i]:
                most[i] = value
