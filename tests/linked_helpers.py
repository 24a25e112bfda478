"""Helpers for the linked-table tests: datasets written to a temporary repository, the real
reader, the joint protection, the real CSV download, and an independent LP oracle."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np
from scipy.optimize import linprog

from tests.conftest import ROOT

CAUSES = [("illness", "因病"), ("disaster", "因灾"), ("schooling", "因学"), ("other", "其他")]


def settings():
    from disclose import config
    from disclose.build import load_settings

    return config.load(load_settings(ROOT / "pelicanconf.py")["DISCLOSE"])


def descriptor(serial: int, title: str, period: str, temporal: str, csv_name: str, *, series: str = "",
               columns: list[tuple[str, str]] = CAUSES, extra: str = "", total_col: bool = True,
               total_row: bool = True) -> str:
    cols = "\n".join(f"  - {{name: {n}, title: {t}, type: count, unit: 人次}}" for n, t in columns)
    total = "\n  - {name: total, title: 合计, type: count, unit: 人次, total: true}" if total_col else ""
    return f"""title: {title}
index_no: MB0A12342/2026-{serial:05d}
publisher: mzj
category: tjxx
created: 2026-11-05
period: {period}
source: 江屿市民政局社会救助科
unit: 人次
temporal: {temporal}
{f"series: {series}" if series else ""}
csv: {csv_name}
columns:
  - {{name: area, title: 乡镇（街道）, type: string}}
{cols}{total}
{"total_row: 合计" if total_row else ""}
{extra}"""


def grid_csv(rows: list[str], cells: list[list[int]], columns: list[tuple[str, str]] = CAUSES,
             total_col: bool = True, total_row: bool = True) -> str:
    """CSV text of a count table with the totals computed here (sums written by the test)."""
    head = ["area", *(n for n, _ in columns)] + (["total"] if total_col else [])
    out = [",".join(head)]
    for label, row in zip(rows, cells, strict=True):
        out.append(",".join([label, *map(str, row)] + ([str(sum(row))] if total_col else [])))
    if total_row:
        sums = [sum(col) for col in zip(*cells, strict=True)]
        out.append(",".join(["合计", *map(str, sums)] + ([str(sum(sums))] if total_col else [])))
    return "\n".join(out) + "\n"


def read(repo: Path, name: str, published: str):
    from disclose.reader import read_dataset

    doc = read_dataset(repo / "data" / f"{name}.yml", repo, settings())
    doc.published = dt.date.fromisoformat(published)
    return doc


def write(repo: Path, files: dict[str, str]) -> None:
    (repo / "data").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (repo / "data" / name).write_text(text, encoding="utf-8")


def published_csv(doc) -> list[list[str]]:
    """The real CSV download of a dataset (BOM stripped), header first."""
    from disclose.opendata.outputs import csv_bytes

    return list(csv.reader(io.StringIO(csv_bytes(doc.table).decode("utf-8-sig"))))


# --- the independent oracle ------------------------------------------------------------------------

class Oracle:
    """What a reader can do with published CSVs: every cell of every table is an unknown
    non-negative number, published cells are fixed, each table's rows and columns add up to its
    totals, and the test states how the tables relate (period sums, equal margins, unchanged
    cells). For each withheld cell: min and max by linear programming."""

    def __init__(self) -> None:
        self.var: dict[tuple[str, int, int], int] = {}
        self.fixed: dict[int, float] = {}
        self.eqs: list[dict[int, float]] = []
        self.withheld: list[tuple[str, int, int]] = []
        self.shape: dict[str, tuple[int, int, bool, bool]] = {}

    def table(self, name: str, rows: list[list[str]], total_row: bool = True, total_col: bool = True) -> None:
        """Add a published CSV (header first; first column labels)."""
        body = rows[1:]
        n_r, n_c = len(body), len(body[0]) - 1
        self.shape[name] = (n_r, n_c, total_row, total_col)
        for r, row in enumerate(body):
            for c, text in enumerate(row[1:]):
                v = self.var.setdefault((name, r, c), len(self.var))
                if text == "[c]":
                    self.withheld.append((name, r, c))
                else:
                    self.fixed[v] = float(text)
        data_r = n_r - 1 if total_row else n_r
        data_c = n_c - 1 if total_col else n_c
        if total_col:
            for r in range(n_r):
                self.eqs.append({**{self.var[(name, r, c)]: 1.0 for c in range(data_c)}, self.var[(name, r, data_c)]: -1.0})
        if total_row:
            for c in range(n_c):
                self.eqs.append({**{self.var[(name, r, c)]: 1.0 for r in range(data_r)}, self.var[(name, data_r, c)]: -1.0})

    def relate(self, total: tuple[str, int, int], parts: list[tuple[str, int, int]]) -> None:
        """State that cell `total` equals the sum of cells `parts` (of other tables)."""
        eq = {self.var[total]: -1.0}
        for p in parts:
            eq[self.var[p]] = eq.get(self.var[p], 0.0) + 1.0
        self.eqs.append(eq)

    def intervals(self) -> dict[tuple[str, int, int], tuple[float, float]]:
        n = len(self.var)
        a = np.zeros((len(self.eqs), n))
        for i, eq in enumerate(self.eqs):
            for j, v in eq.items():
                a[i, j] = v
        bounds = [(self.fixed[j], self.fixed[j]) if j in self.fixed else (0, None) for j in range(n)]
        out = {}
        for cell in self.withheld:
            c = np.zeros(n)
            c[self.var[cell]] = 1
            low = linprog(c, A_eq=a, b_eq=np.zeros(len(self.eqs)), bounds=bounds, method="highs")
            high = linprog(-c, A_eq=a, b_eq=np.zeros(len(self.eqs)), bounds=bounds, method="highs")
            assert low.status == 0, f"published tables inconsistent: {low.message}"
            out[cell] = (low.fun, -high.fun if high.status == 0 else float("inf"))
        return out

    def narrow(self, threshold: float) -> dict[tuple[str, int, int], tuple[float, float]]:
        """Withheld cells a reader narrows to an interval shorter than the threshold."""
        return {k: v for k, v in self.intervals().items() if v[1] - v[0] < threshold - 1e-6}

    def unknown(self, name: str, rows: int, cols: int) -> None:
        """A table nobody published (e.g. the difference of two periods): unknown non-negative cells."""
        for r in range(rows):
            for c in range(cols):
                self.var.setdefault((name, r, c), len(self.var))
