"""stats.small_share: percentages in count tables that give back a small count on their base."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule
from ._common import SMALL_CELL_THRESHOLD
from ._tables import count_grid, value

SHARE_HEADERS = ("占比", "比例", "比重", "百分比", "%", "％")
_SHARE = re.compile(r"^(\d{1,3}(?:\.(\d+))?)\s*[%％]?$")


def implied_small(base: int, text: str, threshold: int) -> int | None:
    """The count 0 < n < T (or base minus it) a percentage written `text` pins on `base`, else None.

    Shown with d decimals, p tells its numerator to within base·10^-d/100: with one decimal,
    exactly below base 1000 and narrower than T below 1000·T. A count is pinned when that
    interval is narrower than T and, widened by the same amount (another rounding), holds a
    count 0 < n < T."""
    m = _SHARE.match(text.strip())
    if not m or base <= 0:
        return None
    p, h = float(m.group(1)), 0.5 * 10.0 ** -len(m.group(2) or "")
    lo, hi = max(0.0, base * (p - h) / 100), min(float(base), base * (p + h) / 100)
    if hi - lo >= threshold:
        return None
    slack = hi - lo
    for low, high in ((lo, hi), (base - hi, base - lo)):
        for k in range(math.ceil(low - slack - 1e-6), math.floor(high + slack + 1e-6) + 1):
            if 0 < k < threshold:
                return k
    return None


class SmallShare(Rule):
    id = "stats.small_share"
    title = "可推算小计数的百分比"
    description = "计数表中的占比、比例等百分比，按其基数（合计或计数列）可推算出大于 0 且小于阈值的人数。"
    severity = Severity.BLOCK
    options = {"small_cell_threshold": SMALL_CELL_THRESHOLD}

    def check(self, ctx: Context) -> Iterator[Finding]:
        t = ctx.options.small_cell_threshold
        for table in ctx.tables:
            grid = count_grid(table)
            if grid is None:
                continue
            shares = [i for i, c in enumerate(table.header)
                      if i not in grid.cols and any(w in c.text for w in SHARE_HEADERS)]
            bases = grid.total_cols or grid.cols  # the share of what: the total, else any count of the row
            for r in grid.rows:
                for s in shares:
                    cell = grid.cell(r, s)
                    if cell is None:
                        continue
                    for b in bases:
                        base = value(grid.cell(r, b))
                        k = implied_small(base, cell.text, t) if isinstance(base, int) else None
                        if k is not None:
                            yield ctx.finding(self, cell.start, cell.end,
                                              f"百分比 {cell.text.strip()} 以 {table.header[b].text.strip()} {base} 为基数"
                                              f"可推算出计数 {k}，小于阈值 {t}，可能识别到个人",
                                              f"改为抑制符号 [c] 并加脚注，或合并类别后再计算比例（阈值 {t}）")
                            break


RULE = SmallShare()
