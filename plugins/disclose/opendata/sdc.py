"""Statistical disclosure control for two-way tables with (optional) row, column and grand totals.

Primary suppression hides counts 0 < n < T (and totals below T), or the sensitive cells a
caller names (dominance and p% rules of magnitude tables); secondary suppression then hides the
cheapest further cells until an audit proves that no suppressed cell can be pinned down: for each
one, the minimum and maximum it can take given every published value (linear programs over
non-negative reals, scipy's HiGHS) must be at least its required width apart (T for counts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog


@dataclass
class Table:
    """Interior values; totals are computed (a published table's totals must add up).

    row_totals / col_totals say which margins the table publishes; the grand total exists only
    when both do. An unpublished margin constrains nothing.
    """

    cells: list[list[float]]
    row_totals: bool = True
    col_totals: bool = True

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


def positions(t: Table) -> set[Position]:
    """Every published position: interior cells and the margins the table has."""
    out: set[Position] = {("cell", r, c) for r in range(t.rows) for c in range(t.cols)}
    if t.row_totals:
        out |= {("row", r) for r in range(t.rows)}
    if t.col_totals:
        out |= {("col", c) for c in range(t.cols)}
    if t.row_totals and t.col_totals:
        out.add(("grand",))
    return out


def primary(t: Table, threshold: int) -> set[Position]:
    """Cells and published totals with 0 < n < threshold."""
    return {p for p in positions(t) if 0 < _value(t, p) < threshold}


def intervals(t: Table, hidden: set[Position]) -> dict[Position, tuple[float, float]]:
    """For every hidden position, the (min, max) consistent with what is published."""
    return dict(_solve(t, hidden))


def _solve(t: Table, hidden: set[Position], only: Callable[[Position], bool] | None = None
           ) -> Iterator[tuple[Position, tuple[float, float]]]:
    """(min, max) of each hidden position (those `only` accepts), lazily, two LPs each."""
    if not hidden:
        return
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

    if t.row_totals:
        for r in range(t.rows):
            constraint([("cell", r, c) for c in range(t.cols)], ("row", r))
    if t.col_totals:
        for c in range(t.cols):
            constraint([("cell", r, c) for r in range(t.rows)], ("col", c))
    if t.row_totals and t.col_totals:
        constraint([("row", r) for r in range(t.rows)], ("grand",))
        constraint([("col", c) for c in range(t.cols)], ("grand",))
    a_eq = np.array(rows_eq) if rows_eq else None
    b_eq = np.array(rhs) if rows_eq else None
    for p, i in index.items():
        if only is not None and not only(p):
            continue
        objective = np.zeros(len(unknown))
        objective[i] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        hi = -high.fun if high.status == 0 else float("inf")  # unbounded: as safe as it gets
        yield p, (low.fun if low.status == 0 else 0.0, hi)


def audit(t: Table, hidden: set[Position], threshold: float,
          required: dict[Position, float] | None = None) -> list[Position]:
    """Hidden positions whose feasible interval is narrower than required.

    Without `required` every hidden position needs `threshold` (count tables: a complementary
    cell is protected like a primary one). With it, each position needs its own width and
    positions not named need none (magnitude tables protect their sensitive cells).
    """
    return list(_failures(t, hidden, threshold, required))


def _failures(t: Table, hidden: set[Position], threshold: float,
              required: dict[Position, float] | None) -> Iterator[Position]:
    def need(p: Position) -> float:
        return threshold if required is None else required.get(p, 0.0)

    for p, (lo, hi) in _solve(t, hidden, lambda p: need(p) > 0):
        if hi - lo < need(p) - 1e-9:
            yield p


def _safe(t: Table, hidden: set[Position], threshold: float, required: dict[Position, float] | None) -> bool:
    """Whether the audit passes (stops at the first failure)."""
    return next(_failures(t, hidden, threshold, required), None) is None


def suppress(t: Table, threshold: float = 5, *, sensitive: set[Position] | None = None,
             required: dict[Position, float] | None = None) -> set[Position]:
    """Primary plus secondary suppression that passes the audit, hiding little value.

    Primary: `sensitive` if given, else counts 0 < n < threshold. Greedy secondary: while some
    hidden cell is pinned down, hide the smallest published non-zero cell in its row or column
    (a zero is uninformative to hide); fall back to the row/column total.
    """
    first = set(sensitive) if sensitive is not None else primary(t, threshold)
    starts = [first]
    if t.row_totals and t.col_totals:
        starts.append(_rectangles(t, first, threshold, required))
    patterns = [_prune(t, first, _complete(t, start, threshold, required), threshold, required)
                for start in starts]
    return min(patterns, key=lambda h: (sum(_value(t, q) for q in h), len(h), sorted(h)))


def _complete(t: Table, hidden: set[Position], threshold: float,
              required: dict[Position, float] | None) -> set[Position]:
    """Greedy: while some hidden cell is pinned down, hide the smallest published non-zero cell
    in its row or column (a zero is uninformative to hide); fall back to the totals."""
    hidden = set(hidden)
    everything = positions(t)
    while True:
        p = next(_failures(t, hidden, threshold, required), None)
        if p is None or hidden >= everything:
            return hidden  # with everything hidden nothing is left to recover anything from
        candidates = _neighbours(t, p, hidden)
        if candidates:
            hidden.add(min(candidates, key=lambda q: (_value(t, q) == 0, _value(t, q), q)))
        elif not _margins_of(t, p) <= hidden:
            hidden |= _margins_of(t, p)
        else:
            hidden.add(min(everything - hidden, key=lambda q: (_value(t, q), q)))


def _rectangles(t: Table, first: set[Position], threshold: float,
                required: dict[Position, float] | None) -> set[Position]:
    """Start pattern of the hypercube method: for each sensitive interior cell, the cheapest
    rectangle (three more cells) that on its own leaves the cell an interval wide enough.

    In a rectangle with all margins published, (r,c) can move up by min(x[r][c2], x[r2][c])
    and down by min(x[r][c], x[r2][c2]); the LP audit afterwards checks the whole pattern.
    """
    hidden = set(first)
    x = t.cells
    for p in sorted(q for q in first if q[0] == "cell"):
        r, c = p[1], p[2]
        need = threshold if required is None else required.get(p, 0.0)
        best: tuple[tuple[float, int], list[Position]] | None = None
        for r2 in range(t.rows):
            for c2 in range(t.cols):
                if r2 == r or c2 == c:
                    continue
                if min(x[r][c2], x[r2][c]) + min(x[r][c], x[r2][c2]) < need:
                    continue
                quad = [("cell", r, c2), ("cell", r2, c), ("cell", r2, c2)]
                new = [q for q in quad if q not in hidden]
                key = (sum(_value(t, q) for q in new), len(new))
                if best is None or key < best[0]:
                    best = (key, quad)
        if best:
            hidden |= set(best[1])
    return hidden


def _prune(t: Table, first: set[Position], hidden: set[Position], threshold: float,
           required: dict[Position, float] | None) -> set[Position]:
    """Publish again every complementary cell the audit does not need, largest value first.

    The greedy step adds cells one failure at a time; several of them end up redundant once
    the pattern is complete (a rectangle needs four cells, not a whole row and column).
    """
    if not _safe(t, hidden, threshold, required):
        return hidden  # nothing to prune: the greedy step hid everything it could
    for q in sorted(hidden - first, key=lambda q: (-_value(t, q), q)):
        trial = hidden - {q}
        if _safe(t, trial, threshold, required):
            hidden = trial
    return hidden


def _neighbours(t: Table, p: Position, hidden: set[Position]) -> list[Position]:
    if p[0] == "cell":
        r, c = p[1], p[2]
        line = ([("cell", r, j) for j in range(t.cols)] if t.row_totals else []) + \
            ([("cell", i, c) for i in range(t.rows)] if t.col_totals else [])
    elif p[0] == "row":
        line = [("row", i) for i in range(t.rows)]
    elif p[0] == "col":
        line = [("col", j) for j in range(t.cols)]
    else:
        line = []
    return [q for q in line if q not in hidden and q != p]


def _margins_of(t: Table, p: Position) -> set[Position]:
    if p[0] == "cell":
        return ({("row", p[1])} if t.row_totals else set()) | ({("col", p[2])} if t.col_totals else set())
    return {("grand",)} & positions(t)  # a total is recovered from the other totals and the grand total
