"""Statistical disclosure control for two-way count tables with row, column and grand totals.

Primary suppression hides counts 0 < n < T (and totals below T); secondary suppression then
hides the cheapest further cells until an audit proves that no suppressed cell can be pinned
down: for each one, the minimum and maximum it can take given every published value (linear
programs over non-negative reals, scipy's HiGHS) must be at least T apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog


@dataclass
class Table:
    """Interior counts; totals are computed (a published table's totals must add up)."""

    cells: list[list[int]]

    @property
    def rows(self) -> int:
        return len(self.cells)

    @property
    def cols(self) -> int:
        return len(self.cells[0])

    def row_total(self, r: int) -> int:
        return sum(self.cells[r])

    def col_total(self, c: int) -> int:
        return sum(row[c] for row in self.cells)

    @property
    def grand(self) -> int:
        return sum(map(sum, self.cells))


# Positions: ("cell", r, c), ("row", r), ("col", c), ("grand",)
Position = tuple


def _value(t: Table, p: Position) -> int:
    return {"cell": lambda: t.cells[p[1]][p[2]], "row": lambda: t.row_total(p[1]),
            "col": lambda: t.col_total(p[1]), "grand": lambda: t.grand}[p[0]]()


def primary(t: Table, threshold: int) -> set[Position]:
    """Cells and totals with 0 < n < threshold."""
    out = {("cell", r, c) for r in range(t.rows) for c in range(t.cols) if 0 < t.cells[r][c] < threshold}
    out |= {("row", r) for r in range(t.rows) if 0 < t.row_total(r) < threshold}
    out |= {("col", c) for c in range(t.cols) if 0 < t.col_total(c) < threshold}
    if 0 < t.grand < threshold:
        out.add(("grand",))
    return out


def intervals(t: Table, hidden: set[Position]) -> dict[Position, tuple[float, float]]:
    """For every hidden position, the (min, max) consistent with what is published."""
    if not hidden:
        return {}
    unknown = sorted(hidden)
    index = {p: i for i, p in enumerate(unknown)}
    rows_eq, rhs = [], []

    def constraint(members: list[Position], total: Position) -> None:
        coef = np.zeros(len(unknown))
        const = 0.0
        for p in members:
            if p in index:
                coef[index[p]] += 1
            else:
                const += _value(t, p)
        if total in index:
            coef[index[total]] -= 1
        else:
            const -= _value(t, total)
        if coef.any():
            rows_eq.append(coef)
            rhs.append(-const)

    for r in range(t.rows):
        constraint([("cell", r, c) for c in range(t.cols)], ("row", r))
    for c in range(t.cols):
        constraint([("cell", r, c) for r in range(t.rows)], ("col", c))
    constraint([("row", r) for r in range(t.rows)], ("grand",))
    constraint([("col", c) for c in range(t.cols)], ("grand",))
    a_eq = np.array(rows_eq) if rows_eq else None
    b_eq = np.array(rhs) if rows_eq else None
    out = {}
    for p, i in index.items():
        objective = np.zeros(len(unknown))
        objective[i] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        hi = -high.fun if high.status == 0 else float("inf")  # unbounded: as safe as it gets
        out[p] = (low.fun if low.status == 0 else 0.0, hi)
    return out


def audit(t: Table, hidden: set[Position], threshold: int) -> list[Position]:
    """Hidden positions whose feasible interval is narrower than the threshold."""
    return [p for p, (lo, hi) in intervals(t, hidden).items() if hi - lo < threshold - 1e-9]


def suppress(t: Table, threshold: int = 5) -> set[Position]:
    """Primary plus secondary suppression that passes the audit, hiding little value.

    Greedy: while some hidden cell is pinned down, hide the smallest published non-zero cell in
    its row or column (a zero is uninformative to hide); fall back to the row/column total.
    """
    hidden = primary(t, threshold)
    everything = {("cell", r, c) for r in range(t.rows) for c in range(t.cols)} | \
        {("row", r) for r in range(t.rows)} | {("col", c) for c in range(t.cols)} | {("grand",)}
    while True:
        failing = audit(t, hidden, threshold)
        if not failing or hidden >= everything:
            return hidden  # with everything hidden nothing is left to recover anything from
        p = failing[0]
        candidates = _neighbours(t, p, hidden)
        if candidates:
            hidden.add(min(candidates, key=lambda q: (_value(t, q) == 0, _value(t, q), q)))
        elif not _margins_of(t, p) <= hidden:
            hidden |= _margins_of(t, p)
        else:
            hidden.add(min(everything - hidden, key=lambda q: (_value(t, q), q)))


def _neighbours(t: Table, p: Position, hidden: set[Position]) -> list[Position]:
    if p[0] == "cell":
        r, c = p[1], p[2]
        line = [("cell", r, j) for j in range(t.cols)] + [("cell", i, c) for i in range(t.rows)]
    elif p[0] == "row":
        line = [("row", i) for i in range(t.rows)]
    elif p[0] == "col":
        line = [("col", j) for j in range(t.cols)]
    else:
        line = []
    return [q for q in line if q not in hidden and q != p]


def _margins_of(t: Table, p: Position) -> set[Position]:
    if p[0] == "cell":
        return {("row", p[1]), ("col", p[2])}
    return {("grand",)}  # a total is recovered from the other totals and the grand total
