"""From a validated dataset to the one table every output is made from, disclosure control applied.

Nothing downstream (page, chart, CSV, XLSX, JSON, search index) sees the original values: a
DataTable holds the published values only, with SYMBOL where a value is withheld.

Shapes handled:
- aggregate tables (the default): one label column (string or date), value columns (count,
  number, percent), at most one total column per value type and an optional total row.
  Counts: primary suppression below T, then secondary suppression proven by the LP audit.
  Magnitudes (number columns) with a contributors file: (n,k) dominance, p% and minimum
  contributors mark sensitive cells, then secondary suppression with p%-wide protection.
  percent/number columns with `base`: withheld with their base count.
- microdata (`microdata: true`): direct identifiers refused; k-anonymity on the declared
  quasi-identifiers.
Refused with a message (never published unchecked): several label columns (multi-way tables),
subtotal rows, more than one total column of a type.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..errors import DocumentError, Problem
from ..review.text import mask_text  # cell values echoed in messages: identifiers masked

if TYPE_CHECKING:  # pandas and scipy load only when a site has datasets (they cost 0.5 s to import)
    from . import sdc
    from .dataset import Column, Dataset

SYMBOL = "[c]"
FOOTNOTE = ("[c] 表示该数值不予公开：为防止识别单个统计调查对象，小于 {t} 的计数、依据少数单位计算的数值，"
            "以及可据以推算出上述数值的其他数值，均已隐去。")
_SUBTOTAL = re.compile(r"小计|其中[:：]?")
_DIRECT_IDS = re.compile(r"(^|_)(name|id_?card|id_?no|phone|mobile|tel|address|email)($|_)|姓名|身份证|"
                         r"证件号|电话|手机|住址|地址|邮箱", re.I)


@dataclass(frozen=True)
class AuditLine:
    """The LP audit of one withheld value: the interval a reader can narrow it to."""

    row: str
    column: str
    low: float
    high: float
    need: float
    exact: bool = True  # False: linked tables, the span of feasible points found (the value can be anywhere in it)

    @property
    def range_text(self) -> str:
        """The interval as staff read it."""
        high = "无上限" if math.isinf(self.high) else f"{self.high:.10g}"
        return f"{self.low:.10g} ～ {high}" if self.exact else f"至少 {self.low:.10g} ～ {high}（与关联表合并核验）"

    @property
    def passed(self) -> bool:
        """Whether the interval is at least as wide as required."""
        return self.high - self.low >= self.need - 1e-9


@dataclass
class Part:
    """The count or the magnitude columns of an aggregate table as disclosure control sees them.

    Holds source values (`table.cells`): read by the joint audit of linked tables (linked.py),
    which then drops every Part from the DataTable; no output reads it.
    """

    kind: str  # "count" or "number"
    table: sdc.Table
    labels: list[str]  # row labels of the body, as published
    titles: list[str]  # titles of the value columns, as published
    body: list[int]
    cols: list[int]
    total_row: int | None
    total_col: int | None
    hidden: set
    required: dict | None  # magnitude tables: width each sensitive cell needs
    need: float  # count tables: width every withheld value needs
    sensitive: set
    total_title: str  # title of the total column ("" without one)
    total_label: str  # label of the total row ("" without one)
    lines: list[AuditLine] = field(default_factory=list)
    # Values `mark` wrote SYMBOL over, so that a position the joint audit publishes again (an
    # earlier table already gives it away) shows its value.
    covered: dict = field(default_factory=dict)
    # A one-column table whose column title is a column of another table (an extract of that
    # column, linked.py): its cells are keyed by row and column, not by the row alone.
    category: bool = False

    def width(self, pos: sdc.Position) -> float:
        """Width the interval of a withheld position must reach."""
        return self.need if self.required is None else self.required.get(pos, 0.0)


@dataclass
class DataTable:
    """The published table of a dataset: values or SYMBOL, and how they came to be."""

    columns: tuple[Column, ...]
    rows: list[list[Any]]
    label: str  # name of the label column ("" for microdata)
    total_row: int | None
    threshold: int
    microdata: bool = False
    k: int = 0
    primary: int = 0
    secondary: int = 0
    audit: list[AuditLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # shown on the page
    staff_notes: list[str] = field(default_factory=list)  # shown in the staff preview and by `disclose check`
    # Descriptor metadata (copied: the descriptor itself may hold an inline, unsuppressed table).
    period: str = ""
    frequency: str = ""
    unit: str = ""
    source: str = ""
    licence: str = ""
    spatial: str = ""
    temporal: str = ""
    chart: str = ""
    series: str = ""
    # Source values for the joint audit of linked tables only, and the values withheld so far (shown
    # again if the joint audit publishes them): opendata/linked.py drops them.
    control: list[Part] = field(default_factory=list, repr=False)
    releases: list[tuple[str, list[Part]]] = field(default_factory=list, repr=False)  # (published, parts)
    derived: dict = field(default_factory=dict, repr=False)  # (row, col) -> value `derive` withheld

    @property
    def withheld(self) -> int:
        """Number of values shown as SYMBOL."""
        return sum(v == SYMBOL for row in self.rows for v in row)

    @property
    def footnote(self) -> str:
        """The footnote explaining SYMBOL."""
        return FOOTNOTE.format(t=self.threshold)

    def records(self) -> list[dict[str, Any]]:
        """One mapping per row, column name to published value (the JSON download's rows)."""
        return [{c.name: v for c, v in zip(self.columns, row, strict=True)} for row in self.rows]

    def text(self, r: int, c: int) -> str:
        """A published value as displayed (thousands unseparated; Chinese readers copy numbers)."""
        return display(self.rows[r][c], self.columns[c])

    def is_total(self, r: int, c: int) -> bool:
        """Whether the value is a total (row or column)."""
        return r == self.total_row or self.columns[c].total


def display(value: Any, col: Column) -> str:
    """Text of one published value."""
    if value == SYMBOL or value is None:
        return SYMBOL if value == SYMBOL else ""
    if col.type == "count":
        return str(int(value))
    if col.type in ("number", "percent"):
        if col.decimals >= 0:
            return f"{float(value):.{col.decimals}f}"
        return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def decimals(values: list[Any]) -> int:
    """Most decimals any of the values has (as typed in the CSV: floats parsed from text keep
    their shortest repr), at most 6."""
    most = 0
    for v in values:
        text = repr(float(v))
        if "e" in text or "E" in text:
            continue
        most = max(most, len(text.split(".")[1].rstrip("0")) if "." in text else 0)
    return min(most, 6)


def build(dataset: Dataset, settings: Settings) -> DataTable:
    """Apply disclosure control; raise DocumentError when the table cannot be published safely."""
    desc = dataset.descriptor
    table = _controlled(dataset, settings)
    table.series = desc.series
    for published, earlier in dataset.previous:
        table.releases.append((published, _controlled(earlier, settings).control))
    table.period, table.frequency, table.unit, table.source = desc.period, desc.frequency, desc.unit, desc.source
    table.licence, table.spatial, table.temporal = desc.licence, desc.spatial, desc.temporal
    table.chart = desc.chart or ("none" if table.microdata else "line" if _is_series(table) else "bar")
    return table


def _is_series(t: DataTable) -> bool:
    """A time series: the label column is a date, or every label reads like a period."""
    first = t.columns[0]
    labels = [str(r[0]) for i, r in enumerate(t.rows) if i != t.total_row]
    return first.type == "date" or all(re.search(r"\d{4}|[年月季]|Q[1-4]", x) for x in labels)


def _controlled(dataset: Dataset, settings: Settings) -> DataTable:
    from . import sdc

    desc, shown = dataset.descriptor, dataset.path
    threshold = desc.threshold or settings.review.small_cell_threshold
    if desc.microdata:
        return _microdata(dataset, settings, threshold)
    frame = dataset.frame
    labels = [c for c in desc.columns if c.type in ("string", "date")]
    if len(labels) != 1 or desc.columns[0] is not labels[0]:
        names = "、".join(c.title for c in labels) or "无"
        raise _refuse(shown, "columns", "stats.multiway",
                      f"表中应恰有一个分类列且位于第一列（现有：{names}）：多维交叉表暂不支持自动隐私保护",
                      "请拆成若干二维表（一个分类列加数值列）；如为每行一个对象的个体数据，请声明 microdata: true 和 "
                      "quasi_identifiers")
    label = labels[0].name
    direct = [c.title for c in desc.columns if _DIRECT_IDS.search(c.name) or _DIRECT_IDS.search(c.title)]
    if direct:  # one row per named person is microdata, whatever the descriptor says
        raise _refuse(shown, "columns", "stats.microdata", f"表中含直接标识符列：{'、'.join(direct)}",
                      "统计表应按地区、类别等汇总；删去姓名、证件号码、电话、住址等列")
    total_row = None
    if desc.total_row:
        total_row = int(frame.index[frame[label] == desc.total_row][0])
    for i, value in enumerate(frame[label]):
        if i != total_row and _SUBTOTAL.search(str(value)):
            raise _refuse(shown, label, "stats.subtotal",
                          f"第 {i + 1} 行“{mask_text(str(value))}”是小计行：小计会给出额外的约束，自动隐私保护暂不支持含小计的表",
                          "删去小计行（读者可由明细求和），或把各部分拆成独立的表")
    rows = [[_cell(v, c) for c, v in zip(desc.columns, row, strict=True)]
            for row in frame.itertuples(index=False)]
    columns = tuple(replace(c, decimals=decimals([row[j] for row in rows]))
                    if c.type in ("number", "percent") and c.decimals < 0 else c
                    for j, c in enumerate(desc.columns))
    body = [i for i in range(len(rows)) if i != total_row]
    if not body:
        raise DocumentError([Problem(dataset.data_path or shown, "数据表没有数据行", "rows", None,
                                     "在 CSV 中填入各行数据（合计行之外）", "data.empty")], "数据集无效：")
    table = DataTable(columns, rows, label, total_row, threshold)
    col_index = {c.name: j for j, c in enumerate(desc.columns)}
    for kind in ("count", "number"):
        part = _part(dataset, settings, table, kind, body, col_index)
        if part is None:
            continue
        table.primary += len(part.sensitive)
        table.secondary += len(part.hidden) - len(part.sensitive)
        if sdc.audit(part.table, part.hidden, threshold, part.required):
            # cannot happen when suppress() ends; checked because a leak must never pass
            raise _refuse(shown, "columns", "stats.recoverable", "隐去的数值仍可由合计推算出来，无法安全发布",
                          "请合并较小的类别后重试")
        mark(table, part, sdc.intervals(part.table, part.hidden))
        table.control.append(part)
    derive(table)
    return table


def _part(dataset: Dataset, settings: Settings, table: DataTable, kind: str,
          body: list[int], col_index: dict[str, int]) -> Part | None:
    """Primary and secondary suppression of the count or the magnitude columns, table alone."""
    from . import sdc

    desc, shown, rows, threshold = dataset.descriptor, dataset.path, table.rows, table.threshold
    values = [c for c in desc.columns if c.type == kind and not c.total and not c.base]
    totals = [c for c in desc.columns if c.type == kind and c.total]
    if len(totals) > 1:
        raise _refuse(shown, totals[1].name, "stats.subtotal", "同一类型的数值只能有一个合计列",
                      "删去多余的合计列，或拆成独立的表")
    if not values:
        return None
    cols = [col_index[c.name] for c in values]
    total_col = col_index[totals[0].name] if totals else None
    t = sdc.Table([[rows[r][c] for c in cols] for r in body], row_totals=total_col is not None,
                  col_totals=table.total_row is not None)
    part = Part(kind, t, [str(rows[r][0]) for r in body], [c.title for c in values], body, cols,
                table.total_row, total_col, set(), None, float(threshold), set(),
                totals[0].title if totals else "", str(rows[table.total_row][0]) if table.total_row is not None else "")
    if kind == "count":
        part.sensitive = sdc.primary(t, threshold)
        part.hidden = sdc.suppress(t, threshold)
        return part
    part.need = 0.0
    if not desc.contributors:  # published as is; still a constraint in the joint audit of linked tables
        table.staff_notes.append("未提供贡献单位明细（contributors），金额等数值未做支配规则和 p% 规则检查。")
        part.required = {}
        return part
    part.sensitive, part.required = _sensitive(dataset, settings, rows, body, values, cols, table.label)
    part.hidden = sdc.suppress(t, threshold, sensitive=part.sensitive, required=part.required) \
        if part.sensitive else set()
    return part


def mark(table: DataTable, part: Part, intervals: dict[sdc.Position, tuple[float, float]],
         need: dict[sdc.Position, float] | None = None, exact: bool = True) -> None:
    """Write SYMBOL over exactly the withheld values of the part (`intervals` names them) and
    their audit lines (`need`: the width each must reach, when the joint audit of linked tables
    decided it). A value an earlier call withheld and `intervals` no longer names shows again."""
    for pos in sorted(set(part.covered) - set(intervals)):
        r, c = _place(pos, part.body, part.cols, part.total_row, part.total_col)
        table.rows[r][c] = part.covered.pop(pos)
    part.lines = []
    for pos, (lo, hi) in sorted(intervals.items()):
        r, c = _place(pos, part.body, part.cols, part.total_row, part.total_col)
        width = need[pos] if need is not None else part.width(pos)
        part.lines.append(AuditLine(str(table.rows[r][0]), table.columns[c].title, lo, hi, width, exact))
        if table.rows[r][c] != SYMBOL:
            part.covered[pos] = table.rows[r][c]
        table.rows[r][c] = SYMBOL
    table.audit = [line for p in table.control for line in p.lines if p is not part] + part.lines


def _cell(value: Any, col: Column) -> Any:
    if col.type == "count":
        return int(value)
    if col.type in ("number", "percent"):
        return float(value)
    return value


def _place(pos: sdc.Position, body: list[int], cols: list[int], total_row: int | None,
           total_col: int | None) -> tuple[int, int]:
    """Row and column in the published table of an sdc position."""
    if pos[0] == "cell":
        return body[pos[1]], cols[pos[2]]
    if pos[0] == "row":
        return body[pos[1]], total_col  # type: ignore[return-value]
    if pos[0] == "col":
        return total_row, cols[pos[1]]  # type: ignore[return-value]
    return total_row, total_col  # type: ignore[return-value]


def derive(table: DataTable) -> None:
    """Percentages and means (columns with `base`): withheld when a reader could use them to narrow
    a withheld or small count, worked out again on every call (the joint audit of linked tables may
    publish a base count again, or withhold more).

    A value at d decimals on a published base B tells the reader its numerator to within
    B·10^-d/100 (percent; B·10^-d a mean): at one decimal a count is pinned exactly below
    B = 1000 and narrower than T below B = 1000·T. Withheld (rule stats.derived):
    - with its base count when that is withheld or 0 < B < T;
    - when its numerator could be a sum of values of its row that includes a withheld one (or the
      base minus such a sum; the true values decide) and knowing that sum would narrow a non-zero
      withheld value below its width (the part's LP audit with that one more fact);
    - percentages: when the numerator or its complement (base − numerator) could be a count
      0 < n < T and the published percentages, bases and totals (an LP: the count table's
      equations, n + complement = base, the total row's numerator the sum of the others) narrow it
      below T; the row's own value first, then the total row's;
    - means: the total row's, when a mean of the body is withheld;
    - every column on the same base, in a row where one is withheld (shares of categories add up
      to 100 %, means of parts to the mean of the whole).
    A percent column without `base` is withheld entirely once anything in the table is (what it
    is a share of is unknown). Percentages across linked tables: linked._derived_across."""
    rows, columns, threshold = table.rows, table.columns, table.threshold
    for (i, j), value in table.derived.items():  # decide afresh
        rows[i][j] = value
        table.secondary -= 1
    table.derived = {}
    table.staff_notes = [n for n in table.staff_notes if not n.startswith("[stats.derived]")]
    derived_cols = [j for j, c in enumerate(columns) if c.base or (c.type == "percent" and not c.total)]
    if not derived_cols:
        return
    col_index = {c.name: j for j, c in enumerate(columns)}
    truth = _truth(table)
    based = [j for j in derived_cols if columns[j].base]
    base_of = {j: col_index[columns[j].base] for j in based}
    out: dict[int, set[int]] = {}  # withheld with their base
    hold: dict[int, set[int]] = {}  # everything withheld
    for j in based:
        out[j] = {i for i, row in enumerate(rows)
                  if row[base_of[j]] == SYMBOL or 0 < row[base_of[j]] < threshold}
        hold[j] = out[j] | _numerator_in_row(table, truth, j, base_of[j], out[j])
    changed = True
    while changed:  # columns on one base in one row go together (shares of categories add up to 100)
        changed = False
        for j in based:
            before = set(hold[j])
            for k in based:
                if base_of[k] == base_of[j]:
                    hold[j] |= hold[k]
            if columns[j].type == "percent":
                hold[j] |= _pinned_counts(table, truth, j, base_of[j], hold[j])
            elif table.total_row is not None and hold[j] - {table.total_row}:
                hold[j].add(table.total_row)
            changed |= hold[j] != before
    for j in based:
        col, extra = columns[j], hold[j] - out[j]
        for i in sorted(hold[j]):
            if rows[i][j] != SYMBOL:
                table.derived[(i, j)] = rows[i][j]
                rows[i][j] = SYMBOL
                table.secondary += 1
        if extra:
            table.staff_notes.append(
                f"[stats.derived] “{col.title}”另隐去 {len(extra)} 个数值：与其计数列“{columns[base_of[j]].title}”"
                f"及表中其他数值合算，可推算出小于 {threshold} 的人数或已隐去的数值")
    if any(v == SYMBOL for r in rows for j2, v in enumerate(r) if columns[j2].type in ("count", "number")
           and not columns[j2].base):
        for j in derived_cols:
            if columns[j].base:
                continue
            hidden = 0
            for i, row in enumerate(rows):
                if row[j] != SYMBOL and row[j] is not None:
                    table.derived[(i, j)] = row[j]
                    row[j] = SYMBOL
                    table.secondary += 1
                    hidden += 1
            if hidden:
                table.staff_notes.append(
                    f"[stats.derived] “{columns[j].title}”未注明所依据的计数列（base），表中有隐去的数值，"
                    "无法判断能否据以推算，已整列隐去；请在描述文件中为该列填写 base")


@dataclass
class _Truth:
    """Source values of the count and magnitude cells of a table and where they sit in its Parts."""

    values: dict = field(default_factory=dict)  # (row, col) -> source value
    at: dict = field(default_factory=dict)  # (row, col) -> (Part, sdc position)


def _truth(table: DataTable) -> _Truth:
    from . import sdc

    out = _Truth()
    for part in table.control:
        for p in sdc.positions(part.table):
            rc = _place(p, part.body, part.cols, part.total_row, part.total_col)
            out.values[rc] = float(sdc._value(part.table, p))
            out.at[rc] = (part, p)
    return out


def _half(col: Column) -> float:
    """Half a unit of the last published decimal."""
    return 0.5 * 10.0 ** -max(col.decimals, 0)


def _hidden(table: DataTable, part: Part) -> list[sdc.Position]:
    """The part's positions shown as SYMBOL now."""
    from . import sdc

    out = []
    for p in sdc.positions(part.table):
        r, c = _place(p, part.body, part.cols, part.total_row, part.total_col)
        if table.rows[r][c] == SYMBOL:
            out.append(p)
    return sorted(out)


def _narrows(table: DataTable, part: Part, members: frozenset, low: float, high: float, cache: dict) -> bool:
    """Whether learning that a sum of withheld positions lies in [low, high] narrows some non-zero
    withheld position of the part below its required width (the part's LP audit with that one more
    fact). Zeros are exempt: a share of 0 or 100 % always pins some zero, and a zero is no one's
    count; what pinning it does to the other withheld values is in the same LP."""
    import numpy as np
    from scipy.optimize import linprog

    from . import sdc

    key = (id(part), members, round(low, 9), round(high, 9))
    if key in cache:
        return cache[key]
    # Only the withheld positions linked to the members by published sums can move (sdc groups).
    hidden = sorted(p for group in sdc._components(part.table, set(_hidden(table, part))) if group & members
                    for p in group)
    index = {p: k for k, p in enumerate(hidden)}
    a_eq, b_eq = sdc._system(part.table, sdc._constraints(part.table), index)
    row = np.zeros(len(index))
    for p in members:
        row[index[p]] = 1.0
    a_ub, b_ub = np.array([row, -row]), np.array([high, -low])
    points: list[np.ndarray] = []

    def solve(c: np.ndarray) -> Any:
        result = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if result.status == 0:
            points.append(result.x)
        return result

    # A few feasible points first: two that differ by the required width in a position prove its
    # interval wide enough without LPs of its own (as joint.py does).
    rng = np.random.default_rng(7)
    if solve(np.ones(len(index))).status == 2:
        cache[key] = False  # the hypothesis contradicts the published values: it teaches nothing
        return False
    for c in (-np.ones(len(index)), *(rng.uniform(-1, 1, len(index)) for _ in range(4))):
        solve(c)
    cache[key] = False
    for p in hidden:
        need = part.width(p)
        if need <= 0 or sdc._value(part.table, p) == 0:
            continue  # a zero is no one's count (the primary rule is 0 < n < T); what it pins is checked
        k = index[p]
        if points and max(x[k] for x in points) - min(x[k] for x in points) >= need - 1e-9:
            continue
        c = np.zeros(len(index))
        c[k] = 1.0
        lo, hi = solve(c), solve(-c)
        if lo.status == 0 and hi.status == 0 and -hi.fun - lo.fun < need - 1e-9:
            cache[key] = True
            break
    return cache[key]


def _numerator_in_row(table: DataTable, truth: _Truth, j: int, base_col: int, out: set[int]) -> set[int]:
    """Rows whose value could have as numerator a sum of the row's values that includes a withheld
    one (or the base minus such a sum), and tells more about that sum than the published values."""
    rows, col = table.rows, table.columns[j]
    h = _half(col)
    found: set[int] = set()
    cache: dict = {}
    for i, row in enumerate(rows):
        v = row[j]
        if i in out or v == SYMBOL or v is None or (i, base_col) not in truth.values:
            continue
        v = float(display(v, col))  # what the reader sees
        base = truth.values[(i, base_col)]
        scale = base / 100 if col.type == "percent" else base
        lo, hi = (v - 2 * h) * scale, (v + 2 * h) * scale  # any rounding of the true ratio
        told = 2 * h * scale  # what the value says about its numerator
        by_part: dict[int, list] = defaultdict(list)
        for (r, c), value in truth.values.items():
            if r == i and c != base_col:
                part, p = truth.at[(r, c)]
                by_part[id(part)].append((value, p if row[c] == SYMBOL else None, part))
        for cells in by_part.values():
            if not any(p is not None for _, p, _ in cells):
                continue
            if len(cells) > 12:  # too many combinations to try: fail closed
                found.add(i)
                break
            for mask in range(1, 1 << len(cells)):
                chosen = [cells[k] for k in range(len(cells)) if mask >> k & 1]
                members = frozenset(p for _, p, _ in chosen if p is not None)
                if not members:
                    continue
                s = sum(value for value, _, _ in chosen)
                known = s - sum(value for value, p, _ in chosen if p is not None)  # the published members
                for target, sign in ((s, 1.0), (base - s, -1.0)) if col.type == "percent" else ((s, 1.0),):
                    if not lo - 1e-9 <= target <= hi + 1e-9:
                        continue  # the value is not a share of this sum
                    # The reader learns the sum to within `told` around what the value says.
                    centre = v * scale if sign > 0 else base - v * scale
                    if _narrows(table, chosen[0][2], members, centre - told / 2 - known, centre + told / 2 - known,
                                cache):
                        found.add(i)
                        break
                if i in found:
                    break
            if i in found:
                break
    return found


def _small_inside(low: float, high: float, threshold: int, slack: float = 0.0) -> bool:
    """Whether [low, high] is narrower than T and, widened by `slack` each side (a value rounded
    some other way, or mistyped by a unit of its last decimal), holds a count 0 < n < T."""
    return high - low < threshold - 1e-9 and any(
        0 < k < threshold for k in range(math.ceil(low - slack - 1e-6), math.floor(high + slack + 1e-6) + 1))


def _pinned_counts(table: DataTable, truth: _Truth, j: int, base_col: int, withheld: set[int]) -> set[int]:
    """Rows of a percent column to withhold so that no numerator or complement that could be a
    count 0 < n < T is narrowed below T by the published percentages, bases and totals.

    A value alone on its published base: its own interval. Rows are linked only by the total row
    (its numerator is the sum of the others'); while it is published, an LP over the count
    table's equations, numerator + complement = base for each row, the published values' bounds
    and that sum checks every row, and the total row's value is withheld at the first failure."""
    import numpy as np
    from scipy.optimize import linprog

    from . import sdc

    rows, col, threshold = table.rows, table.columns[j], table.threshold
    h = _half(col)
    withheld = set(withheld)
    where = [(i, truth.at[(i, base_col)]) for i in range(len(rows)) if (i, base_col) in truth.at]
    for i, _ in where:
        v = rows[i][j]
        if i in withheld or v == SYMBOL or v is None or rows[i][base_col] == SYMBOL:
            continue
        b, v = truth.values[(i, base_col)], float(display(v, col))
        lo, hi = max(0.0, b * (v - h) / 100), min(b, b * (v + h) / 100)
        slack = b * 2 * h / 100
        if _small_inside(lo, hi, threshold, slack) or _small_inside(b - hi, b - lo, threshold, slack):
            withheld.add(i)
    total = table.total_row
    if total is None or total in withheld or not where or total not in dict(where):
        return withheld
    part = where[0][1][0]
    bases = {p for _, (_, p) in where}
    hidden = sorted(p for group in sdc._components(part.table, set(_hidden(table, part))) if group & bases
                    for p in group)
    index = {p: k for k, p in enumerate(hidden)}
    a_sys, b_sys = sdc._system(part.table, sdc._constraints(part.table), index)
    n0 = len(index)
    var = {i: (n0 + 2 * k, n0 + 2 * k + 1) for k, (i, _) in enumerate(where)}  # numerator, complement
    size = n0 + 2 * len(where)
    eqs, rhs = [], []
    if a_sys is not None:
        for a, b in zip(a_sys, b_sys, strict=True):
            eqs.append(np.concatenate([a, np.zeros(2 * len(where))]))
            rhs.append(b)

    def base_term(i: int, p: sdc.Position) -> tuple[np.ndarray, float]:
        """Coefficients and constant of the base count of row i."""
        coef = np.zeros(size)
        if p in index:
            coef[index[p]] = 1.0
            return coef, 0.0
        return coef, truth.values[(i, base_col)]

    ub, ub_rhs = [], []
    for i, (_, p) in where:
        coef, const = base_term(i, p)
        row_eq = -coef
        row_eq[var[i][0]] += 1
        row_eq[var[i][1]] += 1
        eqs.append(row_eq)
        rhs.append(const)
        v = rows[i][j]
        if i in withheld or v == SYMBOL or v is None:
            continue
        v = float(display(v, col))  # what the reader sees
        for sign, bound in ((1.0, v + h), (-1.0, v - h)):  # 100 n <= (v+h) B;  100 n >= (v-h) B
            row_ub = -sign * bound * coef
            row_ub[var[i][0]] += sign * 100
            ub.append(row_ub)
            ub_rhs.append(sign * bound * const)
    row_eq = np.zeros(size)
    for i in var:
        row_eq[var[i][0]] = -1.0 if i == total else 1.0
    eqs.append(row_eq)
    rhs.append(0.0)
    a_eq, b_eq = np.array(eqs), np.array(rhs)
    a_ub, b_ub = (np.array(ub), np.array(ub_rhs)) if ub else (None, None)
    for i in var:
        for x in var[i]:
            c = np.zeros(size)
            c[x] = 1.0
            low = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            high = linprog(-c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            if low.status == 2 or high.status == 2 \
                    or (low.status == 0 and high.status == 0 and _small_inside(low.fun, -high.fun, threshold)):
                # narrowed, or the values do not fit their bases (some rounding we do not know): fail closed
                withheld.add(total)
                return withheld
    return withheld


def _sensitive(dataset: Dataset, settings: Settings, rows: list[list[Any]], body: list[int],
               values: list[Column], cols: list[int], label: str
               ) -> tuple[set[sdc.Position], dict[sdc.Position, float]]:
    """Magnitude cells that fail the minimum-contributors, (n,k) dominance or p% rule (the
    contributions were read by dataset.load: no file is read here)."""
    desc, o = dataset.descriptor, settings.opendata
    shown = f"{dataset.path.rsplit('/', 1)[0]}/{desc.contributors}"
    contributions = dataset.contributions or {}  # read by dataset.load
    problems = []
    names = {c.name for c in values}
    labels = {str(rows[r][0]) for r in body}
    for key in contributions:
        if key[0] not in labels or key[1] not in names:
            problems.append(Problem(shown, f"明细中的“{mask_text(str(key[0]))} / {mask_text(str(key[1]))}”不是本表的单元格", "row", code="data.total"))
    sensitive: set[sdc.Position] = set()
    required: dict[sdc.Position, float] = {}
    for i, r in enumerate(body):
        for j, (col, c) in enumerate(zip(values, cols, strict=True)):
            cell = rows[r][c]
            parts = sorted(contributions.get((str(rows[r][0]), col.name), []), reverse=True)
            if not math.isclose(sum(parts), cell, rel_tol=1e-6, abs_tol=0.005):
                problems.append(Problem(shown, f"“{mask_text(str(rows[r][0]))} / {col.title}”的明细之和 {sum(parts):.10g} 不等于表中数值 "
                                        f"{cell:.10g}", "value", code="data.total"))
                continue
            if cell <= 0:
                continue
            top = sum(parts[: o.dominance_n])
            rest = cell - sum(parts[:2])
            if len(parts) < o.min_contributors or top > cell * o.dominance_k / 100 \
                    or rest < parts[0] * o.p_percent / 100:
                sensitive.add(("cell", i, j))
                required[("cell", i, j)] = parts[0] * o.p_percent / 100
    if problems:
        raise DocumentError(problems, "数据集无效：")
    return sensitive, required


def _microdata(dataset: Dataset, settings: Settings, threshold: int) -> DataTable:
    desc, shown, frame = dataset.descriptor, dataset.path, dataset.frame
    direct = [c.title for c in desc.columns if _DIRECT_IDS.search(c.name) or _DIRECT_IDS.search(c.title)]
    if direct:
        raise _refuse(shown, "columns", "stats.microdata", f"个体数据含直接标识符列：{'、'.join(direct)}",
                      "删去姓名、证件号码、电话、住址等列后再发布")
    if not desc.quasi_identifiers:
        raise _refuse(shown, "quasi_identifiers", "stats.microdata",
                      "个体数据必须声明准标识符 quasi_identifiers（如年龄段、性别、乡镇）",
                      "列出可能与其他信息结合识别个人的列")
    k = desc.k or settings.opendata.k_anonymity
    sizes = frame.groupby(list(desc.quasi_identifiers)).size()
    small = sizes[sizes < k]
    if len(small):
        titles = "、".join(c.title for c in desc.columns if c.name in desc.quasi_identifiers)
        raise _refuse(shown, "quasi_identifiers", "stats.microdata",
                      f"不满足 {k}-匿名：按准标识符（{titles}）分组，有 {len(small)} 组少于 {k} 条记录，"
                      f"最小的一组只有 {int(small.min())} 条",
                      "对准标识符做泛化（如年龄改为年龄段、乡镇改为片区）后重试，或改为发布汇总表")
    rows = [[_cell(v, c) for c, v in zip(desc.columns, row, strict=True)]
            for row in frame.itertuples(index=False)]
    return DataTable(desc.columns, rows, "", None, threshold, microdata=True, k=k,
                     notes=[f"个体数据：按准标识符分组每组至少 {k} 条记录（{k}-匿名）。"])


def _refuse(path: str, field_name: str, rule: str, message: str, hint: str) -> DocumentError:
    return DocumentError([Problem(path, message, field_name, None, hint, rule)], "数据集不能发布：")
