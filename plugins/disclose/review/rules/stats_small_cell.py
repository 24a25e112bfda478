"""stats.small_cell: counts of people below the threshold in published tables."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule
from ._common import SMALL_CELL_THRESHOLD
from ._tables import count_grid, value


class SmallCell(Rule):
    id = "stats.small_cell"
    title = "小单元格"
    description = "人数、户数等计数单元格大于 0 且小于阈值（默认 5），可能识别到个人。"
    severity = Severity.BLOCK
    options = {"small_cell_threshold": SMALL_CELL_THRESHOLD}

    def check(self, ctx: Context) -> Iterator[Finding]:
        t = ctx.options.small_cell_threshold
        for table in ctx.tables:
            grid = count_grid(table)
            if grid is None:
                continue
            for r in grid.rows:
                for c in grid.cols:
                    cell = grid.cell(r, c)
                    v = value(cell)
                    if isinstance(v, int) and 0 < v < t:
                        yield ctx.finding(self, cell.start, cell.end, f"计数 {v} 小于阈值 {t}，可能识别到个人",
                                          f"改为抑制符号 [c] 并加脚注，同时检查合计能否反推（阈值 {t}）")


RULE = SmallCell()
