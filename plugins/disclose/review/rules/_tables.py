"""Reading count tables out of Markdown tables: which cells are counts, totals, suppressed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..tokens import Cell, Table

COUNT_HEADERS = ("人数", "户数", "人次", "例数", "对象数", "名数", "（人）", "(人)", "（户）", "(户)",
                 "（例）", "(例)", "（人次）", "(人次)", "（名）", "(名)")
COUNT_UNITS = ("人", "户", "人次", "例", "名", "位")
TOTAL_WORDS = ("合计", "总计", "小计", "总数", "全市", "全县", "全区", "总体")
SUPPRESSED = re.compile(r"^(?:\[c\]|\*+|×|<\s*\d+|≤\s*\d+|＜\s*\d+)$", re.I)
_INT = re.compile(r"^\d{1,3}(?:,\d{3})*$|^\d+$")


@dataclass
class CountGrid:
    """The numeric body of a count table: values (None = suppressed), totals flags."""

    table: Table
    rows: list[int]            # indices into table.rows of data rows
    cols: list[int]            # indices of count columns
    total_rows: list[int]      # subset of rows
    total_cols: list[int]      # subset of cols

    def cell(self, r: int, c: int) -> Cell | None:
        row = self.table.rows[r]
        return row[c] if c < len(row) else None


def value(cell: Cell | None) -> int | None | str:
    """int for a count, None for a suppressed cell, '' for anything else."""
    if cell is None:
        return ""
    text = cell.text.strip()
    if SUPPRESSED.match(text):
        return None
    if _INT.match(text):
        return int(text.replace(",", ""))
    return ""


def count_grid(table: Table) -> CountGrid | None:
    """The count part of a table, or None when the table holds no counts of people."""
    if "grid" not in table.memo:
        table.memo["grid"] = _count_grid(table)
    return table.memo["grid"]


def _count_grid(table: Table) -> CountGrid | None:
    unit_col = next((i for i, c in enumerate(table.header) if c.text.strip() in ("单位", "计量单位")), None)
    header_counts = [i for i, c in enumerate(table.header) if any(w in c.text for w in COUNT_HEADERS)]
    if not header_counts and unit_col is None:
        return None
    numeric_cols = [i for i in range(1, len(table.header))
                    if i != unit_col and any(isinstance(value(r[i] if i < len(r) else None), int)
                                             or value(r[i] if i < len(r) else None) is None
                                             for r in table.rows)]
    rows = list(range(len(table.rows)))
    if header_counts:
        cols = sorted(set(header_counts) | {i for i in numeric_cols
                                             if any(w in table.header[i].text for w in TOTAL_WORDS)})
    elif unit_col is not None:
        rows = [i for i, r in enumerate(table.rows)
                if unit_col < len(r) and r[unit_col].text.strip() in COUNT_UNITS]
        cols = numeric_cols
    else:
        return None
    if not rows or not cols:
        return None
    total_rows = [i for i in rows if any(w in table.rows[i][0].text for w in TOTAL_WORDS)]
    total_cols = [c for c in cols if any(w in table.header[c].text for w in TOTAL_WORDS)]
    return CountGrid(table, rows, cols, total_rows, total_cols)
