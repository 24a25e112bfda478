"""Percentages and means that give away withheld counts (attacks first, then the sample data).

A reader has the published CSV only. For a percentage p shown with d decimals on a published base
B, its numerator n lies in [B(p − h)/100, B(p + h)/100], h = half a unit of the last decimal, and
its complement is B − n. The oracle below is that reader: one linear program over the published
CSV (withheld counts unknown and non-negative, published ones fixed, rows and columns adding up
to their totals; for each percentage a numerator and a complement adding up to the base, bounded
by the published percentage; the total row's numerator the sum of the rows'; the test states what
a numerator is when it is a cell of the table). It asserts the project's threshold rule (sdc.py):
every withheld count keeps an interval at least T wide, and so does every numerator or
complement that is a count 0 < n < T (those never appear as cells but are counts all the same).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

from tests.conftest import ROOT
from tests.test_datasets import HEAD, table_of

T = 5


def published(t) -> list[list[str]]:
    """The real CSV download (header first)."""
    from disclose.opendata.outputs import csv_bytes

    return list(csv.reader(io.StringIO(csv_bytes(t).decode("utf-8-sig"))))


class Reader:
    """What the published CSV lets a reader narrow (an LP built from the CSV text only)."""

    def __init__(self, rows: list[list[str]], counts: list[int], total_col: int | None, total_row: bool,
                 shares: dict[int, int], numerator: dict[int, int] | None = None, means: dict[int, int] | None = None,
                 amount: dict[int, int] | None = None) -> None:
        body = rows[1:]
        self.n_rows = len(body)
        self.var: dict[tuple, int] = {}
        self.fixed: dict[int, float] = {}
        self.eq: list[dict[int, float]] = []
        self.eq_rhs: list[float] = []
        self.ub: list[dict[int, float]] = []
        self.withheld: list[tuple[int, int]] = []
        value_cols = sorted({*counts, *([total_col] if total_col is not None else []), *shares.values(),
                             *(means or {}).values(), *(amount or {}).values()})
        for r, row in enumerate(body):
            for c in value_cols:
                v = self.v(("cell", r, c))
                if row[c] == "[c]":
                    self.withheld.append((r, c))
                else:
                    self.fixed[v] = float(row[c])
        last = self.n_rows - 1 if total_row else self.n_rows
        if total_col is not None:
            for r in range(self.n_rows):
                self.add_eq({**{self.v(("cell", r, c)): 1.0 for c in counts}, self.v(("cell", r, total_col)): -1.0})
        if total_row:
            for c in value_cols:
                eq: dict[int, float] = {}
                for r in range(last):
                    eq[self.v(("cell", r, c))] = 1.0
                eq[self.v(("cell", last, c))] = -1.0
                self.add_eq(eq)
        for col, base in {**shares, **(means or {})}.items():
            percent = col in shares
            for r, row in enumerate(body):
                n, b = self.v(("n", r, col)), self.v(("cell", r, base))
                if percent:
                    self.add_eq({n: 1.0, self.v(("c", r, col)): 1.0, b: -1.0})
                if numerator and col in numerator:
                    self.add_eq({n: 1.0, self.v(("cell", r, numerator[col])): -1.0})
                if amount and col in amount:
                    self.add_eq({n: 1.0, self.v(("cell", r, amount[col])): -1.0})
                text = row[col]
                if text != "[c]":
                    d = len(text.split(".")[1]) if "." in text else 0
                    h = 0.5 * 10.0 ** -d
                    scale = 100.0 if percent else 1.0
                    self.ub.append({n: scale, b: -(float(text) + h)})  # scale·n <= (p + h) B
                    self.ub.append({n: -scale, b: float(text) - h})  # scale·n >= (p − h) B
            if total_row:
                self.add_eq({**{self.v(("n", r, col)): 1.0 for r in range(last)}, self.v(("n", last, col)): -1.0})

    def v(self, key: tuple) -> int:
        return self.var.setdefault(key, len(self.var))

    def add_eq(self, eq: dict[int, float]) -> None:
        self.eq.append(eq)
        self.eq_rhs.append(0.0)

    def interval(self, key: tuple) -> tuple[float, float]:
        n = len(self.var)

        def matrix(rows: list[dict[int, float]]) -> np.ndarray | None:
            if not rows:
                return None
            a = np.zeros((len(rows), n))
            for i, row in enumerate(rows):
                for j, x in row.items():
                    a[i, j] += x
            return a

        a_eq, a_ub = matrix(self.eq), matrix(self.ub)
        b_ub = np.zeros(len(self.ub)) if self.ub else None
        bounds = [(self.fixed[j], self.fixed[j]) if j in self.fixed else (0, None) for j in range(n)]
        c = np.zeros(n)
        c[self.var[key]] = 1
        low = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=np.zeros(len(self.eq)), bounds=bounds, method="highs")
        high = linprog(-c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=np.zeros(len(self.eq)), bounds=bounds,
                       method="highs")
        assert low.status == 0, f"published values inconsistent: {low.message}"
        return low.fun, (-high.fun if high.status == 0 else math.inf)

    def narrowed(self, truth: dict[tuple, float]) -> dict[tuple, tuple[float, float]]:
        """Withheld counts, and numerators/complements whose true value (`truth`) is 0 < n < T,
        that the reader narrows below T."""
        out = {}
        keys = [("cell", r, c) for r, c in self.withheld]
        keys += [k for k, value in truth.items() if 0 < value < T and k in self.var]
        for k in keys:
            lo, hi = self.interval(k)
            if hi - lo < T - 1e-6:
                out[k] = (lo, hi)
        return out


def pct(n: int, b: int, d: int = 1) -> str:
    return f"{100 * n / b:.{d}f}"


# --- the reviewer's attack: a percentage pins a small count on its published base ---------------

JIUYE = (ROOT / "data" / "rsj-2026-jiuye-yuedu.yml").read_text(encoding="utf-8")
JIUYE_CSV = (ROOT / "data" / "rsj-2026-jiuye-yuedu.csv").read_text(encoding="utf-8")


def jiuye(tmp_path: Path, csv_text: str):
    return table_of(tmp_path, JIUYE.replace("csv: rsj-2026-jiuye-yuedu.csv", "csv: j.csv"), {"j.csv": csv_text})


def jiuye_truth(csv_text: str) -> dict[tuple, float]:
    """Women and men behind each published share of the sample (the share is of women)."""
    out = {}
    for r, row in enumerate(list(csv.reader(io.StringIO(csv_text)))[1:]):
        b, p = int(row[3]), float(row[4])
        women = round(b * p / 100)
        out[("n", r, 4)], out[("c", r, 4)] = women, b - women
    return out


@pytest.mark.parametrize("share", ["7.4", "92.6"])  # 2 women of 27, or 2 men
def test_a_share_on_its_published_base_gives_away_no_small_count(tmp_path: Path, share: str):
    text = JIUYE_CSV.replace("2026年1月,612,143,27,55.6", f"2026年1月,612,143,27,{share}")
    t = jiuye(tmp_path, text)
    rows = published(t)
    reader = Reader(rows, [1, 2, 3], None, False, {4: 3})
    assert reader.narrowed(jiuye_truth(text)) == {}
    assert rows[1][3:] == ["27", "[c]"]  # the base stays, the share goes
    assert rows[3][3:] == ["31", "58.1"]  # 18 of 31: nothing small, published
    assert any(n.startswith("[stats.derived]") and "就业困难人员中女性占比" in n for n in t.staff_notes)


def test_the_sample_shares_are_all_safe_and_kept(tmp_path: Path):
    t = jiuye(tmp_path, JIUYE_CSV)
    rows = published(t)
    assert Reader(rows, [1, 2, 3], None, False, {4: 3}).narrowed(jiuye_truth(JIUYE_CSV)) == {}
    source = list(csv.reader(io.StringIO(JIUYE_CSV)))
    # Only the months whose base is below T lose their share: no sample share pins a small count.
    assert [r[4] for r in rows[1:]] == [s[4] if int(s[3]) >= T else "[c]" for s in source[1:]]


ONE_COLUMN = HEAD + """table: [{rows}]
columns:
  - {{name: month, title: 月份, type: string}}
  - {{name: n, title: 人数, type: count, unit: 人}}
  - {{name: share, title: 女性占比, type: percent, unit: "%", base: n, decimals: {d}}}
"""


@pytest.mark.parametrize("base,women,d", [(4000, 3, 1), (6000, 3, 1), (999, 1, 1), (1000, 4, 1),
                                          (120, 2, 0), (700, 4, 0), (40000, 2, 2), (60000, 2, 2),
                                          (27, 0, 1), (27, 27, 1)])
def test_rounding_decides_whether_a_share_pins_its_count(tmp_path: Path, base: int, women: int, d: int):
    """At d decimals the share tells the count to within B·10^-d/100: computed by the reader here,
    compared with what the table publishes (withheld exactly when the reader would pin a small count)."""
    t = table_of(tmp_path, ONE_COLUMN.format(rows=f"[1月, {base}, {pct(women, base, d)}]", d=d))
    rows = published(t)
    truth = {("n", 0, 2): women, ("c", 0, 2): base - women}
    if rows[1][2] == "[c]":  # withheld: show that publishing it would have pinned a small count
        exposed = [["月份", "人数", "女性占比"], ["1月", str(base), pct(women, base, d)]]
        assert Reader(exposed, [1], None, False, {2: 1}).narrowed(truth) != {}
    else:
        assert rows[1][2] == pct(women, base, d)
        assert Reader(rows, [1], None, False, {2: 1}).narrowed(truth) == {}


# --- the numerator is a withheld cell of the table -----------------------------------------------

SEXES = HEAD + """csv: s.csv
total_row: 合计
columns:
  - {name: area, title: 乡镇, type: string}
  - {name: f, title: 女, type: count, unit: 人}
  - {name: m, title: 男, type: count, unit: 人}
  - {name: total, title: 合计, type: count, unit: 人, total: true}
  - {name: share, title: 女性占比, type: percent, unit: "%", base: total}
"""


def sexes_csv(cells: list[list[int]], labels: list[str]) -> str:
    out = ["area,f,m,total,share"]
    for label, (f, m) in zip(labels, cells, strict=True):
        out.append(f"{label},{f},{m},{f + m},{pct(f, f + m)}")
    f, m = sum(c[0] for c in cells), sum(c[1] for c in cells)
    out.append(f"合计,{f},{m},{f + m},{pct(f, f + m)}")
    return "\n".join(out) + "\n"


def test_a_share_of_a_withheld_cell_is_withheld(tmp_path: Path):
    cells, labels = [[2, 25], [14, 16], [12, 11], [9, 13]], ["城东", "城西", "青山", "白沙"]
    t = table_of(tmp_path, SEXES, {"s.csv": sexes_csv(cells, labels)})
    rows = published(t)
    assert rows[1][1] == "[c]"  # the 2 women
    truth = {}
    for r, (f, m) in enumerate([*cells, [sum(c[0] for c in cells), sum(c[1] for c in cells)]]):
        truth[("n", r, 4)], truth[("c", r, 4)] = f, m
    reader = Reader(rows, [1, 2], 3, True, {4: 3}, numerator={4: 1})
    assert reader.narrowed(truth) == {}
    assert rows[1][4] == "[c]"


# --- the total row's share sums the numerators of the rows -----------------------------------------

TOTALLED = HEAD + """total_row: 合计
table: [{rows}]
columns:
  - {{name: month, title: 月份, type: string}}
  - {{name: n, title: 人数, type: count, unit: 人}}
  - {{name: share, title: 女性占比, type: percent, unit: "%", base: n}}
"""


def test_the_total_share_does_not_give_back_a_withheld_share(tmp_path: Path):
    data = [("1月", 27, 2), ("2月", 30, 15), ("3月", 33, 16)]
    n, w = sum(b for _, b, _ in data), sum(x for _, _, x in data)
    rows_text = ", ".join(f"[{m}, {b}, {pct(x, b)}]" for m, b, x in data) + f", [合计, {n}, {pct(w, n)}]"
    t = table_of(tmp_path, TOTALLED.format(rows=rows_text))
    rows = published(t)
    truth = {}
    for r, (_, b, x) in enumerate([*data, ("", n, w)]):
        truth[("n", r, 2)], truth[("c", r, 2)] = x, b - x
    assert Reader(rows, [1], None, True, {2: 1}).narrowed(truth) == {}
    assert rows[1][2] == "[c]" and rows[4][2] == "[c]" and rows[2][2] == pct(15, 30)


def test_a_small_base_keeps_its_share_withheld_and_its_count_protected(tmp_path: Path):
    data = [("1月", 27, 12), ("2月", 4, 2), ("3月", 33, 16), ("4月", 40, 22)]
    n, w = sum(b for _, b, _ in data), sum(x for _, _, x in data)
    rows_text = ", ".join(f"[{m}, {b}, {pct(x, b)}]" for m, b, x in data) + f", [合计, {n}, {pct(w, n)}]"
    t = table_of(tmp_path, TOTALLED.format(rows=rows_text))
    rows = published(t)
    truth = {}
    for r, (_, b, x) in enumerate([*data, ("", n, w)]):
        truth[("n", r, 2)], truth[("c", r, 2)] = x, b - x
    assert rows[2][1:] == ["[c]", "[c]"]
    assert Reader(rows, [1], None, True, {2: 1}).narrowed(truth) == {}


# --- means -----------------------------------------------------------------------------------------

MEANS = HEAD + """csv: m.csv
contributors: m-detail.csv
total_row: 合计
columns:
  - {name: area, title: 地区, type: string}
  - {name: a, title: 甲类, type: number, unit: 万元}
  - {name: b, title: 乙类, type: number, unit: 万元}
  - {name: total, title: 合计, type: number, unit: 万元, total: true}
  - {name: n, title: 企业数, type: count, unit: 家}
  - {name: mean, title: 户均甲类, type: number, unit: 万元, base: n}
"""


def test_a_mean_does_not_give_back_a_withheld_magnitude(tmp_path: Path):
    from tests.test_datasets import spread

    cells = {"东": (100, 60, 8), "西": (80, 50, 9), "南": (90, 70, 10)}
    detail = "".join(spread(r, c, v) for r, (a, b, _) in cells.items() for c, v in (("a", a), ("b", b)))
    detail = detail.replace(spread("东", "a", 100), "东,a,90\n东,a,4\n东,a,3\n东,a,3\n")  # dominated
    lines = ["area,a,b,total,n,mean"]
    for r, (a, b, k) in cells.items():
        lines.append(f"{r},{a},{b},{a + b},{k},{a / k:.2f}")
    ta, tb, tk = (sum(v[i] for v in cells.values()) for i in range(3))
    lines.append(f"合计,{ta},{tb},{ta + tb},{tk},{ta / tk:.2f}")
    t = table_of(tmp_path, MEANS, {"m.csv": "\n".join(lines) + "\n", "m-detail.csv": "row,column,value\n" + detail})
    rows = published(t)
    assert rows[1][1] == "[c]"  # 东 / 甲类: one firm holds 90 of 100
    reader = Reader(rows, [1, 2], 3, True, {}, means={5: 4}, amount={5: 1})
    lo, hi = reader.interval(("cell", 0, 1))
    assert hi - lo >= 9.0 - 1e-6  # p% of the largest contributor (90 × 10%), as the table alone requires
    assert rows[1][5] == "[c]"


# --- linked tables: a quarter's women are its months' women ---------------------------------------

MONTHS = [("m7", "2026年7月", "2026-07-01/2026-07-31", "2026-08-10"),
          ("m8", "2026年8月", "2026-08-01/2026-08-31", "2026-09-10"),
          ("m9", "2026年9月", "2026-09-01/2026-09-30", "2026-10-10")]
QUARTER = ("q3", "2026年第三季度", "2026-07-01/2026-09-30", "2026-10-15")


def linked_shares(tmp_path: Path, tables: list[tuple[str, str, str, str, list[tuple[int, int]], int]]):
    """Write, read and protect together tables of one series: (stem, period, temporal, published,
    [(base, women)] per town, decimals); the published CSVs and the staff notes by stem."""
    from disclose.opendata import linked

    from tests.linked_helpers import descriptor, grid_csv, read, write

    towns = ["城东街道", "城西街道"]
    files = {}
    for i, (stem, period, temporal, _, data, d) in enumerate(tables):
        share = f'\n  - {{name: share, title: 女性占比, type: percent, unit: "%", base: n, decimals: {d}}}'
        files[f"{stem}.yml"] = descriptor(60 + i, f"{period}就业困难人员", period, temporal, f"{stem}.csv", series="s",
                                          columns=[("n", "人数")], total_col=False, total_row=False) \
            .replace("unit: 人次}", "unit: 人次}" + share, 1)
        lines = grid_csv(towns, [[b] for b, _ in data], [("n", "人数")], total_col=False, total_row=False).splitlines()
        files[f"{stem}.csv"] = "\n".join([lines[0] + ",share"] + [f"{line},{pct(w, b, d)}" for line, (b, w) in
                                                                   zip(lines[1:], data, strict=True)]) + "\n"
    write(tmp_path, files)
    docs = [read(tmp_path, stem, day) for stem, _, _, day, _, _ in tables]
    assert linked.protect(docs, {d.source_path for d in docs}) == []
    return ({stem: published(d.table) for (stem, *_), d in zip(tables, docs, strict=True)},
            {stem: d.table.staff_notes for (stem, *_), d in zip(tables, docs, strict=True)})


def reader_narrows(tables, shown) -> dict:
    """The reader: each town's numerator per table, bounded by its published share and base; the
    quarter's numerator (when published) is the sum of the months'."""
    var = {(s[0], k): i for i, (s, k) in enumerate((s, k) for s in tables for k in range(2))}
    bounds = []
    for stem, *_, data, _ in tables:
        for k, (b, _) in enumerate(data):
            row = shown[stem][k + 1]
            assert row[1] == str(b)
            if row[2] == "[c]":
                bounds.append((0, b))
            else:
                h = 0.5 * 10.0 ** -(len(row[2].split(".")[1]) if "." in row[2] else 0)
                bounds.append((max(0.0, b * (float(row[2]) - h) / 100), min(b, b * (float(row[2]) + h) / 100)))
    stems = [s[0] for s in tables]
    a_eq = np.zeros((2, len(var)))
    if "q3" in stems:
        for k in range(2):
            a_eq[k, var[("q3", k)]] = -1
            for stem in ("m7", "m8", "m9"):
                a_eq[k, var[(stem, k)]] = 1
    narrowed = {}
    for stem, *_, data, _ in tables:
        for k, (b, w) in enumerate(data):
            if not (0 < w < T or 0 < b - w < T):
                continue
            c = np.zeros(len(var))
            c[var[(stem, k)]] = 1
            lo = linprog(c, A_eq=a_eq, b_eq=np.zeros(2), bounds=bounds, method="highs").fun
            hi = -linprog(-c, A_eq=a_eq, b_eq=np.zeros(2), bounds=bounds, method="highs").fun
            if hi - lo < T - 1e-6:
                narrowed[(stem, k)] = (lo, hi)
    return narrowed


def test_shares_of_linked_tables_do_not_add_up_to_a_withheld_one(tmp_path: Path):
    months = [[(27, 2), (40, 20)], [(30, 15), (41, 21)], [(33, 16), (42, 22)]]
    q3 = [(sum(m[k][0] for m in months), sum(m[k][1] for m in months)) for k in range(2)]
    tables = [(*MONTHS[i], months[i], 1) for i in range(3)] + [(*QUARTER, q3, 1)]
    shown, notes = linked_shares(tmp_path, tables)
    assert shown["m7"][1][2] == "[c]"  # 2 women of 27
    assert reader_narrows(tables, shown) == {}
    assert any(n.startswith("[stats.derived]") for n in notes["q3"])


def test_a_quarter_at_more_decimals_does_not_pin_a_month_published_at_fewer(tmp_path: Path):
    """Alone each share is safe: 3 of 6000 at one decimal is 0.0–0.1 % (0 to 6 women, 6 wide); the
    quarter at two decimals minus the other months would pin the 3."""
    months = [[(6000, 3), (40, 20)], [(100, 50), (41, 21)], [(100, 50), (42, 22)]]
    q3 = [(sum(m[k][0] for m in months), sum(m[k][1] for m in months)) for k in range(2)]
    tables = [(*MONTHS[i], months[i], 1) for i in range(3)] + [(*QUARTER, q3, 2)]
    shown, _ = linked_shares(tmp_path, tables)
    assert reader_narrows(tables, shown) == {}


def test_a_withheld_share_nothing_sums_to_leaves_the_others_published(tmp_path: Path):
    months = [[(27, 2), (40, 20)], [(30, 15), (41, 21)]]
    tables = [(*MONTHS[i], months[i], 1) for i in range(2)]
    shown, _ = linked_shares(tmp_path, tables)
    assert shown["m7"][1][2] == "[c]" and shown["m8"][1][2] == "50.0" and shown["m7"][2][2] == "50.0"
    assert reader_narrows(tables, shown) == {}


# --- many random tables, one reader ---------------------------------------------------------------

@pytest.mark.parametrize("seed", range(12))
def test_random_tables_of_women_men_and_share_give_nothing_away(tmp_path: Path, seed: int):
    """Random towns × (女, 男) with totals and the women's share at 0–2 decimals: whatever the table
    publishes, the reader narrows no withheld count and no small numerator or complement below T."""
    import random

    rng = random.Random(seed)
    n_rows = rng.randint(2, 5)
    cells = [[rng.choice([0, 1, 2, 3, 4, rng.randint(5, 40)]), rng.choice([1, 3, rng.randint(5, 60)])]
             for _ in range(n_rows)]
    labels = ["城东", "城西", "青山", "白沙", "龙溪"][:n_rows]
    d = rng.randint(0, 2)
    text = sexes_csv(cells, labels)
    if d != 1:
        lines = text.splitlines()
        fixed = [lines[0]]
        for line, (f, m) in zip(lines[1:], [*cells, [sum(c[0] for c in cells), sum(c[1] for c in cells)]],
                                strict=True):
            fixed.append(line.rsplit(",", 1)[0] + "," + pct(f, f + m, d))
        text = "\n".join(fixed) + "\n"
    descriptor = SEXES.replace('base: total}', f'base: total, decimals: {d}}}')
    t = table_of(tmp_path, descriptor, {"s.csv": text})
    rows = published(t)
    truth = {}
    for r, (f, m) in enumerate([*cells, [sum(c[0] for c in cells), sum(c[1] for c in cells)]]):
        truth[("n", r, 4)], truth[("c", r, 4)] = f, m
    reader = Reader(rows, [1, 2], 3, True, {4: 3}, numerator={4: 1})
    assert reader.narrowed(truth) == {}, (cells, d, rows)


@pytest.mark.parametrize("seed", range(12))
def test_random_series_of_shares_on_one_count_give_nothing_away(tmp_path: Path, seed: int):
    """Random months with a total row and a share whose numerator is not in the table."""
    import random

    rng = random.Random(100 + seed)
    data = []
    for k in range(rng.randint(2, 6)):
        b = rng.choice([rng.randint(1, 4), rng.randint(5, 40), rng.randint(40, 3000)])
        w = rng.choice([0, 1, 2, b, b - 1, rng.randint(0, b)])
        data.append((f"{k + 1}月", b, max(0, min(b, w))))
    n, w = sum(b for _, b, _ in data), sum(x for _, _, x in data)
    d = rng.randint(0, 2)
    rows_text = ", ".join(f"[{m}, {b}, {pct(x, b, d)}]" for m, b, x in data) + f", [合计, {n}, {pct(w, n, d)}]"
    t = table_of(tmp_path, TOTALLED.format(rows=rows_text).replace("base: n}", f"base: n, decimals: {d}}}"))
    rows = published(t)
    truth = {}
    for r, (_, b, x) in enumerate([*data, ("", n, w)]):
        truth[("n", r, 2)], truth[("c", r, 2)] = x, b - x
    assert Reader(rows, [1], None, True, {2: 1}).narrowed(truth) == {}, (data, d, rows)


CATEGORIES = HEAD + """table: [{rows}]
columns:
  - {{name: town, title: 乡镇, type: string}}
  - {{name: n, title: 救助人次, type: count, unit: 人次}}
  - {{name: ill, title: 因病占比, type: percent, unit: "%", base: n}}
  - {{name: dis, title: 因灾占比, type: percent, unit: "%", base: n}}
  - {{name: other, title: 其他占比, type: percent, unit: "%", base: n}}
"""


def test_shares_of_categories_do_not_give_back_a_withheld_one_by_adding_to_100(tmp_path: Path):
    data = [("城东", 27, (20, 2, 5)), ("城西", 40, (20, 10, 10))]
    rows_text = ", ".join(f"[{m}, {b}, {', '.join(pct(x, b) for x in xs)}]" for m, b, xs in data)
    rows = published(table_of(tmp_path, CATEGORIES.format(rows=rows_text)))
    assert rows[1][3] == "[c]"  # 2 of 27 因灾
    # The reader: the three numerators of a row add up to its base (the categories are exhaustive).
    for r, (_, b, xs) in enumerate(data):
        bounds = []
        for c in range(3):
            text = rows[r + 1][2 + c]
            if text == "[c]":
                bounds.append((0, b))
            else:
                h = 0.5 * 10.0 ** -len(text.split(".")[1])
                bounds.append((b * (float(text) - h) / 100, b * (float(text) + h) / 100))
        for c, x in enumerate(xs):
            if not 0 < x < T:
                continue
            obj = np.zeros(3)
            obj[c] = 1
            lo = linprog(obj, A_eq=np.ones((1, 3)), b_eq=[b], bounds=bounds, method="highs").fun
            hi = -linprog(-obj, A_eq=np.ones((1, 3)), b_eq=[b], bounds=bounds, method="highs").fun
            assert hi - lo >= T - 1e-6, (r, c, lo, hi, rows)


@pytest.mark.parametrize("share", ["7.5", "7.3"])  # 2 of 27 is 7.407…: mistyped a unit of the last decimal
def test_a_share_rounded_some_other_way_still_gives_nothing_away(tmp_path: Path, share: str):
    """A reader who finds no whole count in the interval takes the nearest one: 27 × 7.5 % = 2.03."""
    t = table_of(tmp_path, ONE_COLUMN.format(rows=f"[1月, 27, {share}], [2月, 30, 50.0]", d=-1))
    rows = published(t)
    assert rows[1][2] == "[c]" and rows[2][1:] == ["30", "50.0"]
    nearest = round(27 * float(share) / 100)
    assert nearest == 2  # what the reader would conclude had it been published


@pytest.mark.parametrize("seed", range(10))
def test_random_linked_shares_give_nothing_away(tmp_path: Path, seed: int):
    """Three months and their quarter, random bases (at least T: no count withheld), women and
    decimals per table."""
    import random

    rng = random.Random(300 + seed)

    def town() -> tuple[int, int]:
        b = rng.choice([rng.randint(5, 40), rng.randint(40, 800), rng.randint(800, 9000)])
        return b, max(0, min(b, rng.choice([0, 1, 2, 3, b - 2, b, rng.randint(0, b)])))

    months = [[town(), town()] for _ in range(3)]
    q3 = [(sum(m[k][0] for m in months), sum(m[k][1] for m in months)) for k in range(2)]
    tables = [(*MONTHS[i], months[i], rng.randint(0, 2)) for i in range(3)] + [(*QUARTER, q3, rng.randint(0, 2))]
    shown, _ = linked_shares(tmp_path, tables)
    assert reader_narrows(tables, shown) == {}, (tables, shown)


def test_shares_that_do_not_add_up_across_linked_tables_are_withheld(tmp_path: Path):
    """The quarter's share is not the months' (another definition under the same title): the
    joint model has no solution, proves nothing, and every share of the set is withheld."""
    months = [[(27, 12), (40, 20)], [(30, 15), (41, 21)], [(33, 16), (42, 22)]]
    q3 = [(90, 80), (123, 63)]  # 80 women of 90, but the months have 43
    tables = [(*MONTHS[i], months[i], 1) for i in range(3)] + [(*QUARTER, q3, 1)]
    shown, notes = linked_shares(tmp_path, tables)
    assert all(row[2] == "[c]" for stem in shown for row in shown[stem][1:])
    assert any(n.startswith("[stats.derived]") for n in notes["m7"])
