"""Disclosure-control benchmark: time and information loss of secondary suppression.

    python bench/opendata.py [--seed 1] [--joint-only]

Random count tables of growing size (areas x categories, with row, column and grand totals,
about one cell in eight below T = 5) are suppressed and audited by `disclose.opendata.sdc`.
For each size it prints the seconds taken, the primary and total withheld cells, and the value
withheld as a share of the grand total (the information lost).

Then the joint audit of linked tables (`disclose.opendata.linked`): a 12-month series of 20x8
tables (one published each month) with its four quarters and the year, written as datasets
and read by the real reader; it prints the time of the joint protection, the LPs it solved,
what it withheld beyond the tables protected alone, and checks the result with a plain LP per
withheld cell over all 17 published tables.

Then percentages (`table.derive`): the same random tables as datasets with two shares based on
the row total, one of a category in the table (类别0) and one whose numerator is not in it (女性),
one decimal; it prints the CPU seconds the shares add to the table's protection and how many
shares are withheld with their base and because of what they would give away.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from disclose.opendata import sdc  # noqa: E402

SIZES = [(6, 4), (12, 6), (20, 8), (30, 10)]


def table(rows: int, cols: int, rng: random.Random) -> sdc.Table:
    cells = [[rng.randint(1, 4) if rng.random() < 0.125 else rng.randint(5, 120) for _ in range(cols)]
             for _ in range(rows)]
    return sdc.Table(cells)


def joint(rng: random.Random, rows: int = 20, cols: int = 8) -> None:
    """The 12-month series with quarters and year, protected together."""
    import datetime as dt
    import tempfile

    from disclose import config
    from disclose.build import load_settings
    from disclose.opendata import joint as joint_lp
    from disclose.opendata import linked
    from disclose.reader import read_dataset

    settings = config.load(load_settings(ROOT / "pelicanconf.py")["DISCLOSE"])
    months = [table(rows, cols, rng).cells for _ in range(12)]
    periods = [(f"m{m:02d}", f"2026年{m}月", (m, m), [months[m - 1]], dt.date(2026, m, 28) + dt.timedelta(days=12))
               for m in range(1, 13)]
    periods += [(f"q{q}", f"2026年第{q}季度", (3 * q - 2, 3 * q), months[3 * q - 3: 3 * q],
                 dt.date(2026, 3 * q, 28) + dt.timedelta(days=20)) for q in range(1, 5)]
    periods.append(("y", "2026年", (1, 12), months, dt.date(2027, 1, 20)))
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        (repo / "data").mkdir()
        docs = []
        for i, (stem, period, (m1, m2), parts, published) in enumerate(periods):
            cells = [[sum(p[r][c] for p in parts) for c in range(cols)] for r in range(rows)]
            end = (dt.date(2026 + m2 // 12, m2 % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
            (repo / "data" / f"{stem}.csv").write_text(_csv(cells), encoding="utf-8")
            (repo / "data" / f"{stem}.yml").write_text(_descriptor(i, period, f"2026-{m1:02d}-01/{end}", stem),
                                                       encoding="utf-8")
            doc = read_dataset(repo / "data" / f"{stem}.yml", repo, settings)
            doc.published = published
            docs.append(doc)
        alone = sum(d.table.withheld for d in docs)
        solved = _count_lps(joint_lp)
        start = time.perf_counter()
        problems = linked.protect(docs, {d.source_path for d in docs})
        elapsed = time.perf_counter() - start
        total = sum(d.table.withheld for d in docs)
        print(f"\njoint audit, 12 months + 4 quarters + year of {rows}x{cols} tables (17 tables):")
        print(f"  {elapsed:.2f} s, {solved[0]} LPs; withheld alone {alone}, jointly {total}; refused {len(problems)}")
        start = time.perf_counter()
        narrow = _check(docs, periods, rows, cols)
        print(f"  independent check ({time.perf_counter() - start:.1f} s): {narrow} withheld values narrower than 5")


def shares(rng: random.Random) -> None:
    """Seconds and withheld values of two share columns on tables of growing size."""
    import tempfile

    from disclose import config
    from disclose.build import load_settings
    from disclose.opendata.dataset import load
    from disclose.opendata.table import SYMBOL, build

    settings = config.load(load_settings(ROOT / "pelicanconf.py")["DISCLOSE"])
    print("\npercentages, two share columns on the row total (one decimal):")
    print(f"{'size':>7} {'table s':>8} {'+shares s':>10} {'shares':>7} {'with base':>10} {'give away':>10}")
    for rows, cols in SIZES:
        cells = table(rows, cols, rng).cells
        women = [rng.choice([0, 1, 2, rng.randint(0, sum(row))]) for row in cells]
        with tempfile.TemporaryDirectory() as tmp:
            repo = Path(tmp)
            (repo / "data").mkdir()
            lines = _csv(cells).splitlines()
            totals = [*(sum(row) for row in cells), sum(map(sum, cells))]
            firsts = [*(row[0] for row in cells), sum(row[0] for row in cells)]
            wsum = [*women, sum(women)]
            with_shares = [lines[0] + ",s0,sw"] + [
                f"{line},{100 * a / b:.1f},{100 * w / b:.1f}" for line, a, w, b in
                zip(lines[1:], firsts, wsum, totals, strict=True)]
            (repo / "data" / "plain.csv").write_text(_csv(cells), encoding="utf-8")
            (repo / "data" / "shares.csv").write_text("\n".join(with_shares) + "\n", encoding="utf-8")
            extra = ('  - {name: s0, title: 类别0占比, type: percent, unit: "%", base: total}\n'
                     '  - {name: sw, title: 女性占比, type: percent, unit: "%", base: total}\n')
            for stem, more in (("plain", ""), ("shares", extra)):
                text = _descriptor(0, "2026年", "2026-01-01/2026-12-31", stem, cols).replace("series: 基准\n", "")
                (repo / "data" / f"{stem}.yml").write_text(text + more, encoding="utf-8")
            seconds = []
            for stem in ("plain", "shares"):
                start = time.process_time()
                t = build(load(repo / "data" / f"{stem}.yml", repo), settings)
                seconds.append(time.process_time() - start)
            share_cols = range(len(t.columns) - 2, len(t.columns))
            base_col = len(t.columns) - 3
            withheld = sum(row[j] == SYMBOL for row in t.rows for j in share_cols)
            with_base = sum(row[j] == SYMBOL and row[base_col] == SYMBOL for row in t.rows for j in share_cols)
            print(f"{rows:>3}x{cols:<3} {seconds[0]:8.2f} {seconds[1] - seconds[0]:10.2f} {2 * len(t.rows):7d} "
                  f"{with_base:10d} {withheld - with_base:10d}")


def _descriptor(i: int, period: str, temporal: str, stem: str, cols: int = 8) -> str:
    columns = "\n".join(f"  - {{name: c{j}, title: 类别{j}, type: count, unit: 人}}" for j in range(cols))
    return (f"title: 各乡镇统计（{period}）\nindex_no: MB0A12342/2026-{100 + i:05d}\npublisher: mzj\ncategory: tjxx\n"
            f"created: 2026-01-01\nperiod: {period}\nsource: 基准测试\nseries: 基准\ntemporal: {temporal}\n"
            f"csv: {stem}.csv\ntotal_row: 合计\ncolumns:\n  - {{name: area, title: 乡镇, type: string}}\n{columns}\n"
            "  - {name: total, title: 合计, type: count, unit: 人, total: true}\n")


def _csv(cells: list[list[int]]) -> str:
    lines = ["area," + ",".join(f"c{j}" for j in range(len(cells[0]))) + ",total"]
    lines += [f"乡镇{r},{','.join(map(str, row))},{sum(row)}" for r, row in enumerate(cells)]
    sums = [sum(col) for col in zip(*cells, strict=True)]
    return "\n".join([*lines, f"合计,{','.join(map(str, sums))},{sum(sums)}"]) + "\n"


def _count_lps(module) -> list[int]:
    """Count the linear programs the joint audit solves."""
    count = [0]
    solve = module.Model._solve

    def counted(self, c):
        count[0] += 1
        return solve(self, c)

    module.Model._solve = counted
    return count


def _check(docs, periods, rows: int, cols: int) -> int:
    """A plain LP per withheld cell over the 17 published CSVs (months as the unknowns)."""
    import numpy as np
    from disclose.opendata.outputs import csv_bytes
    from scipy.optimize import linprog
    from scipy.sparse import lil_matrix

    n = 12 * (rows + 1) * (cols + 1)  # every cell of every month, totals included
    var = {(m, r, c): (m * (rows + 1) + r) * (cols + 1) + c for m in range(12)
           for r in range(rows + 1) for c in range(cols + 1)}
    eqs, rhs, withheld = [], [], []
    for m in range(12):
        for r in range(rows + 1):
            eqs.append({**{var[(m, r, c)]: 1 for c in range(cols)}, var[(m, r, cols)]: -1}), rhs.append(0)
        for c in range(cols + 1):
            eqs.append({**{var[(m, r, c)]: 1 for r in range(rows)}, var[(m, rows, c)]: -1}), rhs.append(0)
    for doc, (_, _, (m1, m2), _, _) in zip(docs, periods, strict=True):
        text = csv_bytes(doc.table).decode("utf-8-sig").splitlines()[1:]
        for r, line in enumerate(text):
            for c, value in enumerate(line.split(",")[1:]):
                cells = {var[(m - 1, r, c)]: 1 for m in range(m1, m2 + 1)}
                if value == "[c]":
                    withheld.append(cells)
                else:
                    eqs.append(cells), rhs.append(float(value))
    a = lil_matrix((len(eqs), n))
    for i, eq in enumerate(eqs):
        for j, v in eq.items():
            a[i, j] = v
    a = a.tocsr()
    narrow = 0
    for cells in withheld:
        c = np.zeros(n)
        c[list(cells)] = 1
        lo = linprog(c, A_eq=a, b_eq=rhs, bounds=(0, None), method="highs")
        hi = linprog(-c, A_eq=a, b_eq=rhs, bounds=(0, None), method="highs")
        if hi.status == 0 and -hi.fun - lo.fun < 5 - 1e-6:
            narrow += 1
    return narrow


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--joint-only", action="store_true", help="only the joint audit of linked tables")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if args.joint_only:
        joint(rng)
        return
    print(f"{'size':>7} {'seconds':>8} {'primary':>8} {'withheld':>9} {'value lost':>11}")
    for rows, cols in SIZES:
        t = table(rows, cols, rng)
        start = time.perf_counter()
        hidden = sdc.suppress(t, 5)
        elapsed = time.perf_counter() - start
        assert sdc.audit(t, hidden, 5) == []
        lost = sum(sdc._value(t, p) for p in hidden if p[0] == "cell") / t.grand
        print(f"{rows:>3}x{cols:<3} {elapsed:8.2f} {len(sdc.primary(t, 5)):8d} {len(hidden):9d} {lost:10.1%}")
    joint(rng)
    shares(rng)


if __name__ == "__main__":
    main()
