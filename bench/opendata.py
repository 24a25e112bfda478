"""Disclosure-control benchmark: time and information loss of secondary suppression.

    python bench/opendata.py [--seed 1]

Random count tables of growing size (areas x categories, with row, column and grand totals,
about one cell in eight below T = 5) are suppressed and audited by `disclose.opendata.sdc`.
For each size it prints the seconds taken, the primary and total withheld cells, and the value
withheld as a share of the grand total (the information lost).
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"{'size':>7} {'seconds':>8} {'primary':>8} {'withheld':>9} {'value lost':>11}")
    for rows, cols in SIZES:
        t = table(rows, cols, rng)
        start = time.perf_counter()
        hidden = sdc.suppress(t, 5)
        elapsed = time.perf_counter() - start
        assert sdc.audit(t, hidden, 5) == []
        lost = sum(sdc._value(t, p) for p in hidden if p[0] == "cell") / t.grand
        print(f"{rows:>3}x{cols:<3} {elapsed:8.2f} {len(sdc.primary(t, 5)):8d} {len(hidden):9d} {lost:10.1%}")


if __name__ == "__main__":
    main()
