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
    totals: dict | None = None  # published margins given as such (a table read with cells unknown)

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
    if t.totals and p in t.totals:
        return t.totals[p]
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


Cache = dict[frozenset, dict[Position, tuple[float, float]]]


def _constraints(t: Table) -> list[tuple[list[Position], Position]]:
    """Every published additivity: (members, total) for rows, columns and the grand total."""
    out: list[tuple[list[Position], Position]] = []
    if t.row_totals:
        out += [([("cell", r, c) for c in range(t.cols)], ("row", r)) for r in range(t.rows)]
    if t.col_totals:
        out += [([("cell", r, c) for r in range(t.rows)], ("col", c)) for c in range(t.cols)]
    if t.row_totals and t.col_totals:
        out.append(([("row", r) for r in range(t.rows)], ("grand",)))
        out.append(([("col", c) for c in range(t.cols)], ("grand",)))
    return out


def _components(t: Table, hidden: set[Position]) -> list[frozenset]:
    """Hidden positions linked by shared constraints: each group is audited on its own (exactly:
    a constraint touching one group touches no other)."""
    parent = {p: p for p in hidden}

    def find(p: Position) -> Position:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for members, total in _constraints(t):
        linked = [p for p in (*members, total) if p in parent]
        for p in linked[1:]:
            parent[find(p)] = find(linked[0])
    groups: dict[Position, set[Position]] = {}
    for p in hidden:
        groups.setdefault(find(p), set()).add(p)
    return [frozenset(g) for g in sorted(groups.values(), key=lambda g: min(g))]


def _solve(t: Table, hidden: set[Position], only: Callable[[Position], bool] | None = None,
           cache: Cache | None = None, near: set[Position] | None = None
           ) -> Iterator[tuple[Position, tuple[float, float]]]:
    """(min, max) of each hidden position (those `only` accepts), lazily, two LPs each; results
    are kept per group of linked positions in `cache` (valid for one table)."""
    cache = {} if cache is None else cache
    constraints = _constraints(t)
    for group in _components(t, hidden):
        known = cache.setdefault(group, {})
        unknown = sorted(group)
        index = {p: i for i, p in enumerate(unknown)}
        a_eq = b_eq = None
        order = sorted(index.items(), key=lambda x: x[0] not in near) if near else index.items()
        for p, i in order:
            if only is not None and not only(p):
                continue
            if p not in known:
                if a_eq is None:
                    a_eq, b_eq = _system(t, constraints, index)
                objective = np.zeros(len(unknown))
                objective[i] = 1
                low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
                high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
                hi = -high.fun if high.status == 0 else float("inf")  # unbounded: as safe as it gets
                known[p] = (low.fun if low.status == 0 else 0.0, hi)
            yield p, known[p]


def _system(t: Table, constraints: list[tuple[list[Position], Position]],
            index: dict[Position, int]) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The equality constraints on the unknowns of one group."""
    rows_eq, rhs = [], []
    for members, total in constraints:
        coef = np.zeros(len(index))
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
    return (np.array(rows_eq), np.array(rhs)) if rows_eq else (None, None)


def audit(t: Table, hidden: set[Position], threshold: float,
          required: dict[Position, float] | None = None) -> list[Position]:
    """Hidden positions whose feasible interval is narrower than required.

    Without `required` every hidden position needs `threshold` (count tables: a complementary
    cell is protected like a primary one). With it, each position needs its own width and
    positions not named need none (magnitude tables protect their sensitive cells).
    """
    return list(dict.fromkeys(_failures(t, hidden, threshold, required)))


def _failures(t: Table, hidden: set[Position], threshold: float, required: dict[Position, float] | None,
              cache: Cache | None = None, near: set[Position] | None = None) -> Iterator[Position]:
    def need(p: Position) -> float:
        return threshold if required is None else required.get(p, 0.0)

    # Fast path: the only hidden member of a published sum is known exactly, no LP needed.
    for members, total in _constraints(t):
        alone = [p for p in (*members, total) if p in hidden]
        if len(alone) == 1 and need(alone[0]) > 0:
            yield alone[0]
    for p, (lo, hi) in _solve(t, hidden, lambda p: need(p) > 0, cache, near):
        if hi - lo < need(p) - 1e-9:
            yield p


def _safe(t: Table, hidden: set[Position], threshold: float, required: dict[Position, float] | None,
          cache: Cache | None = None, near: set[Position] | None = None) -> bool:
    """Whether the audit passes (stops at the first failure; positions in `near` are tried first)."""
    return next(_failures(t, hidden, threshold, required, cache, near), None) is None


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
        rect, complete = _rectangles(t, first, threshold, required)
        # When every sensitive cell got its rectangle the plain greedy start rarely wins and
        # costs several times the linear programs on large tables; try it only otherwise.
        starts = [rect] if complete else [first, rect]
    cache: Cache = {}
    patterns = [_prune(t, first, _complete(t, start, threshold, required, cache), threshold, required, cache)
                for start in starts]
    return min(patterns, key=lambda h: (sum(_value(t, q) for q in h), len(h), sorted(h)))


def _complete(t: Table, hidden: set[Position], threshold: float,
              required: dict[Position, float] | None, cache: Cache) -> set[Position]:
    """Greedy: while some hidden cell is pinned down, hide the smallest published non-zero cell
    in its row or column (a zero is uninformative to hide); fall back to the totals."""
    hidden = set(hidden)
    everything = positions(t)
    while True:
        p = next(_failures(t, hidden, threshold, required, cache), None)
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
                required: dict[Position, float] | None) -> tuple[set[Position], bool]:
    """Start pattern of the hypercube method: for each sensitive interior cell, the cheapest
    rectangle (three more cells) that on its own leaves the cell an interval wide enough.

    In a rectangle with all margins published, (r,c) can move up by min(x[r][c2], x[r2][c])
    and down by min(x[r][c], x[r2][c2]); the LP audit afterwards checks the whole pattern.
    """
    hidden = set(first)
    x = t.cells
    complete = all(q[0] == "cell" for q in first)  # a sensitive total has no rectangle
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
        else:
            complete = False
    return hidden, complete


def _prune(t: Table, first: set[Position], hidden: set[Position], threshold: float,
           required: dict[Position, float] | None, cache: Cache) -> set[Position]:
    """Publish again every complementary cell the audit does not need, largest value first.

    The greedy step adds cells one failure at a time; several of them end up redundant once
    the pattern is complete (a rectangle needs four cells, not a whole row and column).
    """
    if not _safe(t, hidden, threshold, required, cache):
        return hidden  # nothing to prune: the greedy step hid everything it could
    for q in sorted(hidden - first, key=lambda q: (-_value(t, q), q)):
        trial = hidden - {q}
        near = {p for members, total in _constraints(t) if q in members or q == total for p in (*members, total)}
        if _safe(t, trial, threshold, required, cache, near):
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
