"""stats.recoverable: suppressed cells that the published totals give back."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..registry import Rule
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
    return {k: v for k, v in found.items() if k in unknown}


class Recoverable(Rule):
    id = "stats.recoverable"
    title = "可反推的抑制单元格"
    description = "被抑制的单元格能由表中的行、列合计精确推出，或推到宽度小于阈值的区间（二次抑制不足）。"
    severity = Severity.BLOCK

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
