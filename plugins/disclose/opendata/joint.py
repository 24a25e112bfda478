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
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from .sdc import Position

Key = tuple[str, frozenset]  # (version tag, category labels)
Expr = tuple[int, ...]  # sorted variable indices whose sum is a position's value
EPS = 1e-7
# Every unknown is bounded by BIG so that every LP has an optimal vertex (a point for the pool).
# Bounds only shrink the feasible set, so a width proven with them holds without them; a bound
# that binds means "unbounded" for any threshold in use.
BIG = 1e7


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
        self.points: list[np.ndarray] = []
        self._stack: np.ndarray | None = None
        self.exact: dict[Expr, tuple[float, float]] = {}
        self._system: tuple[csr_matrix, np.ndarray] | None = None

    def expr(self, m: Member, p: Position) -> Expr:
        """The variables whose sum is the value of position p of member m."""
        key = m.keys[p]
        return tuple(sorted(self.var[(a, key)] for a in m.atoms))

    def system(self) -> tuple[csr_matrix, np.ndarray]:
        """A_eq, b_eq: the structure (= 0) and every published position (= its value)."""
        if self._system is None:
            data, ri, ci, rhs = [], [], [], []
            for coef in self.structure:
                for j, v in coef:
                    data.append(v), ri.append(len(rhs)), ci.append(j)
                rhs.append(0.0)
            published: dict[Expr, float] = {}
            for m in self.members:
                for p, value in m.values.items():
                    if p not in m.hidden:
                        published.setdefault(self.expr(m, p), value)
            for e, value in published.items():
                for j in e:
                    data.append(1.0), ri.append(len(rhs)), ci.append(j)
                rhs.append(value)
            a = csr_matrix((data, (ri, ci)), shape=(len(rhs), len(self.var)))
            self._system = (a, np.array(rhs))
        return self._system

    def withhold(self, m: Member, positions: Iterable[Position]) -> None:
        """Withhold more positions of m: fewer equations, so every kept point stays feasible."""
        m.hidden |= set(positions)
        self._system = None
        self.exact = {}  # intervals only widen, but the exact ones must be computed again

    def _solve(self, c: np.ndarray) -> tuple[int, float]:
        a, b = self.system()
        res = linprog(c, A_eq=a, b_eq=b, bounds=(0, BIG), method="highs")
        if res.status == 0:
            self.points.append(res.x)
            self._stack = None
        return res.status, res.fun if res.status == 0 else 0.0

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
