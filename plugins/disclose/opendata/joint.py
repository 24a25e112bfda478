"""The joint LP audit of linked tables: what a reader learns by lining several tables up.

Tables of one series count the same additive quantity over different periods and breakdowns.
Each published position (a cell or a margin) is the sum, over the time atoms its period covers,
of one unknown non-negative value per (atom, key); the key is the set of category labels the
position is restricted to ({town, cause} a cell, {town} a row total, {} the grand total), plus a
version tag that keeps the changed values of an earlier, corrected release apart. Within each
atom the breakdowns that some table proves exhaustive (it publishes their total) add up. A reader
knows exactly these equations and every published value; for each withheld position the audit
asks how far its value can move (linear programs over the non-negative reals, scipy's HiGHS).

Most withheld positions are proven wide enough without an LP of their own: every LP solution is
a feasible point, and two feasible points that differ by at least the required width in a
position prove its interval at least that wide. Only positions no kept point separates get
their own two LPs (which also give the exact interval).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# HiGHS as scipy ships it (scipy is pinned): its object API keeps the model and the basis
# between solves, which scipy.optimize.linprog rebuilds for every LP (10x slower here).
from scipy.optimize._highspy import _core
from scipy.sparse import csc_matrix

from .sdc import Position

Key = tuple[str, frozenset]  # (version tag, category labels)
Expr = tuple[int, ...]  # sorted variable indices whose sum is a position's value
EPS = 1e-7
# Every unknown is bounded by BIG so that every LP has an optimal vertex (a point for the pool).
# Bounds only shrink the feasible set, so a width proven with them holds without them; a bound
# that binds means "unbounded" for any threshold in use.
BIG = 1e7
INF = float("inf")


@dataclass
class Member:
    """One table of a linked set, as the reader sees it: positions, their keys, what is withheld.

    `values` are the source values (the truth behind every position): used to state the
    published equations and to check that a declared link holds; never written anywhere.
    """

    name: str
    atoms: tuple[int, ...]
    keys: dict[Position, Key]
    values: dict[Position, float]
    relations: list[tuple[list[Position], Position]]
    hidden: set[Position] = field(default_factory=set)
    need: dict[Position, float] = field(default_factory=dict)  # required width of each withheld position
    # Withheld positions a reader still knows to lie in an interval (the numerator of a published
    # percentage: linked.py); their rows keep these bounds instead of going free.
    ranges: dict[Position, tuple[float, float]] = field(default_factory=dict)

    def required(self, p: Position) -> float:
        """Width the interval of a withheld position must reach."""
        return self.need.get(p, 0.0)


class Model:
    """The equations of a set of linked tables with their current withheld positions."""

    def __init__(self, members: list[Member]) -> None:
        self.members = members
        self.var: dict[tuple[int, Key], int] = {}
        for m in members:
            for key in m.keys.values():
                for a in m.atoms:
                    self.var.setdefault((a, key), len(self.var))
        rows: dict[tuple, None] = {}
        for m in members:
            for parts, total in m.relations:
                for a in m.atoms:
                    coef = tuple(sorted([(self.var[(a, m.keys[p])], 1) for p in parts]
                                        + [(self.var[(a, m.keys[total])], -1)]))
                    rows.setdefault(coef)
        self.structure = list(rows)
        # Every published value, once per distinct expression, and who publishes it.
        self.value: dict[Expr, float] = {}
        self.shown: dict[Expr, set] = defaultdict(set)
        self.bounds: dict[Expr, tuple[float, float]] = {}  # withheld but known to an interval
        for m in members:
            for p, v in m.values.items():
                e = self.expr(m, p)
                self.value.setdefault(e, v)
                if p not in m.hidden:
                    self.shown[e].add((id(m), p))
            for p, (lo, hi) in m.ranges.items():
                e = self.expr(m, p)
                old = self.bounds.get(e, (-INF, INF))
                self.bounds[e] = (max(old[0], lo), min(old[1], hi))
        self.row: dict[Expr, int] = {}
        self._h: Any = None
        self.points: list[np.ndarray] = []
        self._stack: np.ndarray | None = None
        self.exact: dict[Expr, tuple[float, float]] = {}

    def expr(self, m: Member, p: Position) -> Expr:
        """The variables whose sum is the value of position p of member m."""
        key = m.keys[p]
        return tuple(sorted(self.var[(a, key)] for a in m.atoms))

    def _highs(self) -> Any:
        """One HiGHS model for the whole audit: structure rows (= 0) and one row per distinct
        position (= its value while published, free once withheld). Objectives and row bounds
        change between solves and HiGHS starts from the previous basis, which makes each LP a
        few simplex iterations instead of a solve from scratch."""
        if self._h is None:
            rows: list[tuple] = list(self.structure)
            lower, upper = [0.0] * len(rows), [0.0] * len(rows)
            for e, value in self.value.items():
                self.row[e] = len(rows)
                rows.append(tuple((j, 1) for j in e))
                free = not self.shown[e]
                low, high = self.bounds.get(e, (-INF, INF))
                lower.append(low if free else value)
                upper.append(high if free else value)
            data = [v for coef in rows for _, v in coef]
            ri = [i for i, coef in enumerate(rows) for _ in coef]
            ci = [j for coef in rows for j, _ in coef]
            a = csc_matrix((data, (ri, ci)), shape=(len(rows), len(self.var)))
            lp = _core.HighsLp()
            lp.num_col_, lp.num_row_ = len(self.var), len(rows)
            lp.col_cost_ = np.zeros(len(self.var))
            lp.col_lower_, lp.col_upper_ = np.zeros(len(self.var)), np.full(len(self.var), BIG)
            lp.row_lower_, lp.row_upper_ = np.array(lower), np.array(upper)
            lp.a_matrix_.format_ = _core.MatrixFormat.kColwise
            lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = a.indptr, a.indices, a.data
            lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = len(self.var), len(rows)
            self._h = _core._Highs()
            self._h.setOptionValue("output_flag", False)
            self._h.passModel(lp)
        return self._h

    def withhold(self, m: Member, positions: Iterable[Position]) -> None:
        """Withhold more positions of m: fewer equations, so every kept point stays feasible."""
        new = set(positions) - m.hidden
        m.hidden |= new
        for p in new:
            e = self.expr(m, p)
            self.shown[e].discard((id(m), p))
            if not self.shown[e] and self._h is not None:
                self._h.changeRowBounds(self.row[e], *self.bounds.get(e, (-INF, INF)))
        self.exact = {}  # intervals only widen, but the exact ones must be computed again

    def publish(self, m: Member, positions: Iterable[Position]) -> None:
        """Publish withheld positions of m again: more equations, so the kept points are dropped."""
        back = set(positions) & m.hidden
        m.hidden -= back
        for p in back:
            e = self.expr(m, p)
            self.shown[e].add((id(m), p))
            if self._h is not None:
                self._h.changeRowBounds(self.row[e], self.value[e], self.value[e])
        if back:
            self.points, self._stack, self.exact = [], None, {}

    def _solve(self, c: np.ndarray) -> tuple[int, float]:
        h = self._highs()
        h.changeColsCost(len(c), np.arange(len(c), dtype=np.int32), c)
        h.run()
        if h.getModelStatus() != _core.HighsModelStatus.kOptimal:
            return 1, 0.0
        self.points.append(np.array(h.getSolution().col_value))
        self._stack = None
        return 0, h.getInfo().objective_function_value

    def feasible(self) -> bool:
        """Whether the published values are consistent with the equations (a declared link holds)."""
        if not self.var:
            return True
        status, _ = self._solve(np.zeros(len(self.var)))
        return status == 0

    def interval(self, e: Expr) -> tuple[float, float]:
        """Exact (min, max) of a sum of variables; max is inf when nothing bounds it."""
        c = np.zeros(len(self.var))
        c[list(e)] = 1.0
        if e not in self.exact:
            status, low = self._solve(c)
            status_hi, high = self._solve(-c)
            high = -high if status_hi == 0 and -high < BIG / 2 else float("inf")
            self.exact[e] = ((low if status == 0 else 0.0), high)
        return self.exact[e]

    def span(self, e: Expr) -> tuple[float, float]:
        """(min, max) of a sum of variables over the feasible points found so far: the value can
        take at least every value in between (the exact interval when it was computed)."""
        if e in self.exact:
            return self.exact[e]
        if not self.points:
            return 0.0, 0.0
        if self._stack is None:
            self._stack = np.stack(self.points)
        values = self._stack[:, list(e)].sum(axis=1)
        high = float(values.max())
        return float(values.min()), (float("inf") if high >= BIG / 2 else high)

    def _spread(self, e: Expr) -> float:
        low, high = self.span(e)
        return high - low

    def seed(self, exprs: list[Expr], rng: random.Random) -> None:
        """A few LPs that push many withheld values at once, so most need no LP of their own."""
        if not exprs:
            return
        touched = sorted({j for e in exprs for j in e})
        for sign in (1.0, -1.0):
            c = np.zeros(len(self.var))
            c[touched] = sign
            self._solve(c)
        for _ in range(2):
            c = np.zeros(len(self.var))
            c[touched] = [rng.choice((-1.0, 1.0)) * rng.random() for _ in touched]
            self._solve(c)

    def failures(self, which: Iterable[tuple[Member, Position]] | None = None
                 ) -> list[tuple[Member, Position, float, float]]:
        """Withheld positions narrower than required, with their exact interval."""
        todo = [(m, p) for m, p in (which if which is not None else self.hidden())
                if p in m.hidden and m.required(p) > 0]
        exprs = {(id(m), p): self.expr(m, p) for m, p in todo}
        self.seed(list(dict.fromkeys(exprs.values())), random.Random(16))
        out = []
        for m, p in todo:
            e = exprs[(id(m), p)]
            if self._spread(e) >= m.required(p) - EPS:
                continue
            lo, hi = self.interval(e)
            if hi - lo < m.required(p) - EPS:
                out.append((m, p, lo, hi))
        return out

    def hidden(self) -> list[tuple[Member, Position]]:
        """Every withheld position of every member."""
        return [(m, p) for m in self.members for p in sorted(m.hidden)]
