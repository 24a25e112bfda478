"""stats.recoverable: suppressed cells that the published totals give back."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule
from ._common import SMALL_CELL_THRESHOLD
from ._tables import CountGrid, count_grid, value


def _lines(grid: CountGrid) -> list[tuple[list[tuple[int, int]], tuple[int, int]]]:
    """Each row and column as (member cells, total cell)."""
    out = []
    data_rows = [r for r in grid.rows if r not in grid.total_rows]
    data_cols = [c for c in grid.cols if c not in grid.total_cols]
    for tc in grid.total_cols:
        out += [([(r, c) for c in data_cols], (r, tc)) for r in grid.rows]
    for tr in grid.total_rows:
        out += [([(r, c) for r in data_rows], (tr, c)) for c in grid.cols]
    return out


def audit(grid: CountGrid, threshold: int) -> dict[tuple[int, int], str]:
    """Suppressed cells pinned down by totals: exactly, or to an interval narrower than T."""
    known = {(r, c): value(grid.cell(r, c)) for r in grid.rows for c in grid.cols}
    unknown = {k for k, v in known.items() if v is None}
    found: dict[tuple[int, int], str] = {}
    changed = True
    while changed:
        changed = False
        for members, total in _lines(grid):
            if not isinstance(known[total], int):
                continue
            missing = [m for m in members if known[m] is None]
            if any(isinstance(known[m], str) for m in members) or not missing:
                continue
            rest = known[total] - sum(known[m] for m in members if isinstance(known[m], int))
            if len(missing) == 1:
                known[missing[0]] = rest
                # The message never states the recovered value: it may be the secret itself.
                found.setdefault(missing[0], "可由所在行或列的合计精确反推")
                changed = True
            elif 0 <= rest < threshold:
                for m in missing:
                    found.setdefault(m, f"与同行（列）其他抑制单元格合计只有 {rest}，取值范围小于 {threshold}")
    found.update({k: v for k, v in lp_audit(grid, threshold).items() if k not in found})
    return {k: v for k, v in found.items() if k in unknown}


def lp_audit(grid: CountGrid, threshold: int) -> dict[tuple[int, int], str]:
    """The linear-programming audit of opendata/sdc.py on a Markdown count table: every
    suppressed cell whose min..max given the published totals is narrower than T.

    Only tables it can model exactly (at most one total row and one total column, every other
    cell a published count) are audited; the scan above covers the rest.
    """
    if len(grid.total_rows) > 1 or len(grid.total_cols) > 1:
        return {}
    rows = [r for r in grid.rows if r not in grid.total_rows]
    cols = [c for c in grid.cols if c not in grid.total_cols]
    known = {(r, c): value(grid.cell(r, c)) for r in grid.rows for c in grid.cols}
    hidden_cells = [k for k, v in known.items() if v is None]
    if not hidden_cells or not rows or not cols or any(v == "" for v in known.values()):
        return {}
    from ...opendata import sdc  # scipy loads only for tables that withhold something

    tr = grid.total_rows[0] if grid.total_rows else None
    tc = grid.total_cols[0] if grid.total_cols else None
    place: dict[sdc.Position, tuple[int, int]] = {("cell", i, j): (r, c) for i, r in enumerate(rows)
                                                 for j, c in enumerate(cols)}
    if tc is not None:
        place |= {("row", i): (r, tc) for i, r in enumerate(rows)}
    if tr is not None:
        place |= {("col", j): (tr, c) for j, c in enumerate(cols)}
    if tr is not None and tc is not None:
        place[("grand",)] = (tr, tc)
    where = {v: k for k, v in place.items()}
    hidden = {where[k] for k in hidden_cells if k in where}
    # Published totals are the table's own figures (a suppressed cell's value is unknown here).
    totals = {p: known[rc] for p, rc in place.items() if p[0] != "cell" and isinstance(known[rc], int)}
    t = sdc.Table([[known[(r, c)] or 0 for c in cols] for r in rows], row_totals=tc is not None,
                  col_totals=tr is not None, totals=totals)
    return {place[p]: f"由表中合计可推算到宽度小于 {threshold} 的范围（线性规划核验）"
            for p in sdc.audit(t, hidden, threshold)}


class Recoverable(Rule):
    id = "stats.recoverable"
    title = "可反推的抑制单元格"
    description = ("被抑制的单元格能由表中的行、列合计精确推出，或推到宽度小于阈值的区间（二次抑制不足）；"
                   "逐行逐列相减之外，还对全部合计联立求解线性规划（与数据集的保密处理核验相同）。")
    severity = Severity.BLOCK
    options = {"small_cell_threshold": SMALL_CELL_THRESHOLD}

    def check(self, ctx: Context) -> Iterator[Finding]:
        t = ctx.options.small_cell_threshold
        for table in ctx.tables:
            grid = count_grid(table)
            if grid is None or not (grid.total_rows or grid.total_cols):
                continue
            for (r, c), why in sorted(audit(grid, t).items()):
                cell = grid.cell(r, c)
                yield ctx.finding(self, cell.start, cell.end, f"抑制单元格{why}",
                                  "再抑制同行和同列的其他单元格（二次抑制），使每个抑制单元格都无法反推")


RULE = Recoverable()
