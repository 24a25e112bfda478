"""Disclosure control across tables and releases: nothing withheld is recovered by combining tables.

Each table is first protected alone (table.py). Then the tables of one series — declared with
`series:`, or detected because they share a dimension and their periods are equal or nest —
are audited together (joint.py), earlier releases of corrected datasets included, since copies
of everything once published stay in the world.

Tables are taken in the order they went online (publication date; on one day tables with
sensitive cells first, then index number); tables not yet published come last, as if published
next. What is online cannot be recalled, so a
table never changes because of a later one: when the new table would let a reader narrow a
withheld value of itself or of an earlier table, more cells of the new table are withheld
(the cells that repeat or sum to the narrowed value first, then whatever the single-table
completion needs). Only when even withholding all of the new table leaves a value narrowed —
the earlier tables alone give it away — is the new table refused, naming the tables and cells.
Values of the new table that the earlier tables already narrow are no secret and protect
nothing: they are published, even where the table alone withheld them (table.mark shows them
again, and derive the percentages based on them).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from ..errors import Problem
from ..model import Disclosure, Document
from . import sdc
from .joint import Key, Member, Model
from .table import SYMBOL, DataTable, Part, derive, display, mark

LATER = dt.date.max  # not yet published: after everything that is


@dataclass
class Entry:
    """One table as it was or will be published: a Part of a dataset's current or earlier release."""

    doc: Document
    part: Part
    release: str  # "" the current release, else the publication date of an earlier one
    order: tuple
    period: tuple[dt.date, dt.date] | None
    member: Member | None = None
    refused: bool = False
    added: int = 0  # values withheld because of the linked tables
    released: int = 0  # values the table alone withheld, published because earlier tables give them away
    notes: list[str] = field(default_factory=list)
    # A table in the text of a document that embeds the dataset (`datasets:`): the values it
    # shows, keyed like the dataset's positions; published with it, so taken as earlier.
    text: str = ""
    text_path: str = ""
    cells: dict[frozenset, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The table as staff know it (title, and which release)."""
        if self.text:
            return self.text
        title = f"《{self.doc.title}》"
        return f"{title}（{self.release} 发布的更正前版本）" if self.release else title

    @property
    def series(self) -> str:
        """Declared series (same name and value type: one linked set)."""
        return f"{self.doc.table.series}\x00{self.part.kind}" if self.doc.table.series else ""

    @property
    def unit(self) -> str:
        """Unit of the values."""
        t = self.doc.table
        return t.columns[self.part.cols[0]].unit or t.unit


def protect(docs: list[Document], live: set[str], texts: list[Document] = ()) -> list[Problem]:
    """Audit every linked set of tables and withhold more where needed; the problems of tables
    that cannot be published. `texts`: documents that embed datasets, whose own Markdown tables
    are audited with them. Drops the source values from every DataTable afterwards."""
    entries = _entries(docs, live)
    _extracts(entries)
    problems = _missing_periods(entries)
    text_entries, text_problems = _text_tables(entries, texts, live)
    entries = sorted(entries + text_entries, key=lambda e: (e.order, e.part.kind))
    problems += text_problems
    groups = _groups(entries)
    for group in groups:
        problems += _protect_group(group)
    for doc in docs:
        _finish(doc.table, [e for e in entries if e.doc is doc and not e.release])
    for group in groups:
        _derived_across(group)
    for doc in docs:
        doc.table.control, doc.table.releases, doc.table.derived = [], [], {}
    return problems


def _derived_columns(table: DataTable) -> list[int]:
    return [j for j, c in enumerate(table.columns) if c.base or (c.type == "percent" and not c.total)]


def _position(part: Part, r: int, c: int) -> sdc.Position | None:
    """The sdc position of a published (row, column) of the part's table, None outside the part."""
    if c in part.cols:
        ci = part.cols.index(c)
        return ("cell", part.body.index(r), ci) if r in part.body else ("col", ci) if r == part.total_row else None
    if c == part.total_col and c is not None:
        return ("row", part.body.index(r)) if r in part.body else ("grand",) if r == part.total_row else None
    return None


def _share_member(e: Entry, j: int) -> Member | None:
    """The numerators and complements of a percent column as the joint model sees them: per row,
    numerator + complement = the base count (the same unknowns as the count table's), the total
    row's numerator the sum of the others', a published percentage bounding its numerator.
    Numerators of columns with the same title and base title are the same quantity across tables."""
    t, part, m = e.doc.table, e.part, e.member
    col = t.columns[j]
    b = [c.name for c in t.columns].index(col.base)
    h = 0.5 * 10.0 ** -max(col.decimals, 0)
    keys, values, relations, hidden, need, ranges = {}, {}, [], set(), {}, {}
    rows = []
    for r, row in enumerate(t.rows):
        bp = _position(part, r, b)
        v = row[j] if row[j] != SYMBOL else t.derived.get((r, j))
        if bp is None or v is None:
            continue
        rows.append(r)
        base = float(sdc._value(part.table, bp))
        version, labels_ = m.keys[bp]
        keys[("b", r)] = m.keys[bp]
        what = f"{col.title}\x00{t.columns[b].title}"  # the same share of the same count
        keys[("n", r)] = (version, labels_ | {f"\x00numerator\x00{what}"})
        keys[("c", r)] = (version, labels_ | {f"\x00complement\x00{what}"})
        values[("b", r)], values[("n", r)], values[("c", r)] = base, v * base / 100, base - v * base / 100
        relations.append(([("n", r), ("c", r)], ("b", r)))
        hidden |= {("n", r), ("c", r)} | ({("b", r)} if row[b] == SYMBOL else set())
        wide = (base * (v - 2 * h) / 100, base * (v + 2 * h) / 100)
        for x, (lo, hi) in ((("n", r)), wide), (("c", r), (base - wide[1], base - wide[0])):
            small = any(0 < k < t.threshold for k in range(math.ceil(lo - 1e-6), math.floor(hi + 1e-6) + 1))
            need[x] = float(t.threshold) if small else 0.0
        if row[j] != SYMBOL:
            shown = float(display(row[j], col))
            lo, hi = max(0.0, base * (shown - h) / 100), min(base, base * (shown + h) / 100)
            ranges[("n", r)], ranges[("c", r)] = (lo, hi), (base - hi, base - lo)
    total = part.total_row
    if total in rows:
        body = [r for r in rows if r != total]
        relations += [([(x, r) for r in body], (x, total)) for x in ("n", "c")]
    if not rows:
        return None
    return Member(f"{e.name}“{col.title}”", m.atoms, keys, values, relations, hidden, need, ranges)


def _derived_across(group: list[Entry]) -> None:
    """Percentages and means across the tables of a linked set (rule stats.derived).

    The numerators of percentages add up across tables like the counts (a quarter's women are
    its months' women): the shares of the set join the joint model (`_share_member`); when the
    set's published percentages narrow a numerator or complement that could be 0 < n < T below
    T, every percentage and mean of the set's current tables is withheld (fail closed). Means are
    not modelled: once one is withheld in a table of the set, all of them are."""
    entries = [e for e in group if not e.refused and e.member is not None]
    tables = list({id(e.doc.table): e.doc for e in entries if not e.release}.values())
    if len(tables) < 2:
        return
    shares = [s for e in entries if not e.release for j, c in enumerate(e.doc.table.columns)
              if c.type == "percent" and c.base for s in [_share_member(e, j)] if s is not None]
    means = any(row[j] == SYMBOL for d in tables for j, c in enumerate(d.table.columns)
                if c.type == "number" and c.base for row in d.table.rows)
    if shares and not means:
        model = Model([e.member for e in entries] + shares)
        # Infeasible: shares of one title and base that do not add up across the tables (another
        # quantity under the same name, or rounded some other way): nothing is proven, fail closed.
        if model.feasible() and not model.failures([(s, p) for s in shares for p in sorted(s.hidden)]):
            return
    elif not means:
        return
    for doc in tables:
        t, hidden = doc.table, 0
        for j in _derived_columns(t):
            for row in t.rows:
                if row[j] != SYMBOL and row[j] is not None:
                    row[j] = SYMBOL
                    hidden += 1
        if hidden:
            t.secondary += hidden
            others = "、".join(f"《{d.title}》" for d in tables if d is not doc)
            t.staff_notes.append(f"[stats.derived] 与关联表（{others}）中的百分比、平均数相加减，可推算出小于 {t.threshold} "
                                 f"的人数或已隐去的数值，本表的百分比、平均数另隐去 {hidden} 个数值")


def _date(doc: Document, live: set[str]) -> dt.date:
    return (doc.published or doc.created) if doc.source_path in live or doc.withdrawn else LATER


def _entries(docs: list[Document], live: set[str]) -> list[Entry]:
    out = []
    for doc in docs:
        if doc.disclosure is Disclosure.WITHHELD or doc.table.microdata:
            continue  # never published: nothing a reader could combine
        period = _period(doc.table.temporal)
        last = dt.date.min
        for published, parts in doc.table.releases:
            day = dt.date.fromisoformat(published)
            last = max(last, day)
            out += [Entry(doc, p, published, (day, not p.sensitive, doc.index_no, 0), period) for p in parts]
        day = max(_date(doc, live), last)
        # Same day: tables with sensitive cells first, so aggregates take the extra suppression.
        out += [Entry(doc, p, "", (day, not p.sensitive, doc.index_no, 1), period) for p in doc.table.control]
    return sorted(out, key=lambda e: (e.order, e.part.kind))


def _period(temporal: str) -> tuple[dt.date, dt.date] | None:
    if not temporal:
        return None
    start, end = temporal.split("/")
    return dt.date.fromisoformat(start), dt.date.fromisoformat(end)


def _missing_periods(entries: list[Entry]) -> list[Problem]:
    seen, out = set(), []
    for e in entries:
        if e.series and e.period is None and e.doc.source_path not in seen:
            seen.add(e.doc.source_path)
            out.append(Problem(e.doc.source_path, f"属于系列“{e.doc.table.series}”的数据集须填写统计时期的起止日期",
                               "temporal", e.doc.line_of("temporal"),
                               "写成 起始日期/截止日期，如 2026-07-01/2026-09-30，用于与同系列其他时期的表联合核验",
                               "data.temporal"))
    return out


# --- keys: what a position means across tables -------------------------------------------------

def labels(part: Part, p: sdc.Position) -> frozenset:
    """The category labels a position is restricted to. A table with a single value column and no
    total column names its measure there, not a category: its cells are keyed by the row alone."""
    single = len(part.titles) == 1 and part.total_col is None and not part.category
    row = {part.labels[p[1]]} if p[0] in ("cell", "row") else set()
    col = {part.titles[p[-1]]} if p[0] in ("cell", "col") and not single else set()
    return frozenset(row | col)


def _text_tables(entries: list[Entry], texts: list[Document], live: set[str]) -> tuple[list[Entry], list[Problem]]:
    """The count tables in the text of documents that embed a dataset, as fixed members of the
    dataset's linked set: each number in a row labelled like a row of the dataset (or its total
    row) and under a header naming one of its value columns is that value, known to the reader.
    A number the dataset shows differently is another quantity under the same labels: nothing is
    proven, so the document is blocked (fail closed), as is a numeric column whose header names
    no column of the dataset while its row names a row in which the dataset withholds a value.
    Taken in publication order like the tables (on one day before them): the dataset, when it
    comes later, withholds more; a document whose table would narrow a value of a dataset
    already online is refused (the text cannot be partly withheld)."""
    from ..review.text import Lines
    from ..review.tokens import find_tables

    current = {(e.doc.source_path, e.part.kind): e for e in entries if not e.release}
    out: list[Entry] = []
    problems: list[Problem] = []
    for text in texts:
        tables = find_tables(text.body, Lines(text.body)) if "|" in text.body else []
        for t in tables:
            line = text.body_line + t.line - 1
            for ref in text.datasets:
                for kind in ("count", "number"):
                    e = current.get((ref, kind))
                    if e is None:
                        continue
                    cells, bad = _text_cells(e, t)
                    if bad:
                        problems.append(Problem(
                            text.source_path, f"正文第 {line} 行的表格与嵌入的数据集《{e.doc.title}》有相同的分类，{bad}，"
                            "无法与数据集联合核验；与数据集对照相加减可能推算出数据集已隐去的数值", None, line,
                            "删去正文中的这张表，或改为只引用数据集中已公开的数值；确需列出时请与统计和保密工作人员商定",
                            "stats.recoverable"))
                    elif cells:
                        name = f"《{text.title}》正文第 {line} 行的表格"
                        out.append(Entry(e.doc, e.part, "\x00" + text.source_path, (_date(text, live), False, "", line),
                                         e.period, text=name, text_path=text.source_path, cells=cells))
    return out, problems


def _text_cells(e: Entry, t) -> tuple[dict[frozenset, float], str]:
    """The values a Markdown table shows of the dataset's positions (by labels), or why it cannot
    be modelled."""
    part = e.part
    values = {labels(part, p): v for p, v in _values(part).items()}
    withheld_rows = {part.labels[p[1]] for p in part.hidden if p[0] in ("cell", "row")}
    rows = {label: label for label in part.labels}
    if part.total_label:
        rows[part.total_label] = None
    columns: dict[int, str | None] = {}
    for j, h in enumerate(t.header[1:], start=1):
        hits = [c for c in part.titles if c and c in h.text]
        total = bool(part.total_title) and part.total_title in h.text and not hits
        columns[j] = hits[0] if len(hits) == 1 else "" if total else None
    cells: dict[frozenset, float] = {}
    for row in t.rows:
        if not row or row[0].text.strip() not in rows:
            continue
        label = rows[row[0].text.strip()]
        for j in range(1, len(row)):
            text = row[j].text.strip().replace(",", "")
            try:
                v = float(text)
            except ValueError:
                continue
            col = columns.get(j)
            if col is None:
                if label in withheld_rows or (label is None and part.hidden):
                    return {}, f"“{row[0].text.strip()} / {t.header[j].text if j < len(t.header) else ''}”的数值对应不到数据集的列"
                continue
            key = frozenset(({label} if label else set()) | ({col} if col else set()))
            if len(part.titles) == 1 and part.total_col is None and not part.category:
                key = frozenset({label} if label else set())
            if key not in values:
                continue
            if abs(values[key] - v) > 1e-9:
                return {}, f"“{row[0].text.strip()} / {t.header[j].text}”的数值与数据集不一致"
            cells[key] = v
    return cells, ""


def _extracts(entries: list[Entry]) -> None:
    """A one-column table whose column title is a value column of another table of the same kind
    is an extract of that column (the 因灾 column of a table by town and cause), not a measure:
    key it by row and column so that it links with the full table (fail closed: the joint audit
    then decides)."""
    titles: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if len(e.part.titles) > 1 or e.part.total_col is not None:
            titles[e.part.kind] |= set(e.part.titles)
    for e in entries:
        if len(e.part.titles) == 1 and e.part.total_col is None and e.part.titles[0] in titles[e.part.kind]:
            e.part.category = True


def place(part: Part, p: sdc.Position) -> str:
    """“row / column” of a position, as published."""
    row = part.labels[p[1]] if p[0] in ("cell", "row") else part.total_label
    col = part.titles[p[-1]] if p[0] in ("cell", "col") else part.total_title
    return f"“{row} / {col}”"


def _values(part: Part) -> dict[sdc.Position, float]:
    return {p: float(sdc._value(part.table, p)) for p in sdc.positions(part.table)}


# --- which tables are linked -------------------------------------------------------------------

def _groups(entries: list[Entry]) -> list[list[Entry]]:
    """Linked sets: declared series, earlier releases with their dataset, detected links."""
    parent = list(range(len(entries)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple, int] = {}
    for i, e in enumerate(entries):
        for key in ((e.doc.source_path, e.part.kind), (e.series,) if e.series else None):
            if key is not None:
                parent[find(i)] = find(first.setdefault(key, i))
    current = [i for i, e in enumerate(entries) if not e.release]
    for x, i in enumerate(current):
        for j in current[x + 1:]:
            a, b = entries[i], entries[j]
            if find(i) == find(j):
                continue
            reason = _detected(a, b)
            if reason:
                parent[find(i)] = find(j)
                a.notes.append(_undeclared(b, reason))
                b.notes.append(_undeclared(a, reason))
    groups: dict[int, list[Entry]] = defaultdict(list)
    for i, e in enumerate(entries):
        groups[find(i)].append(e)
    return [g for g in groups.values() if len(g) > 1]  # a table alone keeps its exact single-table audit


def _undeclared(other: Entry, reason: str) -> str:
    return (f"与 {other.doc.source_path} {other.name}关联（{reason}），但未声明为同一系列；已一并做防推算核验。"
            "如属同一统计指标，请在两个描述文件中填写相同的 series")


def _detected(a: Entry, b: Entry) -> str:
    """Why two tables that declare no common series are linked ("" when they are not)."""
    if a.part.kind != b.part.kind or a.unit != b.unit or a.doc is b.doc:
        return ""
    shared_labels = (set(a.part.labels) | set(a.part.titles)) & (set(b.part.labels) | set(b.part.titles))
    if len(shared_labels) < 2:
        return ""
    if a.period and b.period:
        equal = a.period == b.period
        inner, outer = (a, b) if b.period[0] <= a.period[0] and a.period[1] <= b.period[1] else (b, a)
        nested = not equal and outer.period[0] <= inner.period[0] and inner.period[1] <= outer.period[1]
    else:
        equal, nested = a.doc.table.period == b.doc.table.period, False
        inner, outer = a, b
    if not (equal or nested):
        return ""
    va = {labels(a.part, p): v for p, v in _values(a.part).items()}
    vb = {labels(b.part, p): v for p, v in _values(b.part).items()}
    common = [k for k in va if k in vb]
    if len(common) < 2:
        return ""
    shown = "、".join(sorted(shared_labels)[:4])
    if equal and all(abs(va[k] - vb[k]) < 1e-6 for k in common):
        return f"统计时期相同，有相同的分类（{shown}）且共同的 {len(common)} 个数值（含合计）完全一致"
    if equal:
        # Values differ (a partial table with totals of its own, another breakdown): still linked,
        # fail closed; the values that disagree are kept apart (_separate) and the joint audit decides.
        return f"统计时期相同，有相同的分类（{shown}）"
    # Nested periods: the shorter period's cells are at most the longer one's (an additive count;
    # a stock such as 在册人数 is not). Margins are not compared: a partial table's own totals
    # are smaller, its margins are kept apart (_separate).
    cells_a = {labels(a.part, p) for p in _values(a.part) if p[0] == "cell"}
    cells_b = {labels(b.part, p) for p in _values(b.part) if p[0] == "cell"}
    vi = va if inner is a else vb
    vo = vb if inner is a else va
    if all(vi[k] <= vo[k] + 1e-6 for k in common if k in cells_a and k in cells_b):
        return f"统计时期 {_span(inner)} 包含在 {_span(outer)} 之内，有相同的分类（{shown}）"
    return ""


def _span(e: Entry) -> str:
    return f"{e.period[0]}～{e.period[1]}" if e.period else e.doc.table.period


def _atoms(group: list[Entry]) -> dict[int, tuple[int, ...]]:
    """Time atoms: the finest pieces the periods of the group cut time into (undated tables: one
    atom per period text), and for each entry the atoms its period covers."""
    cuts = sorted({d for e in group if e.period for d in (e.period[0], e.period[1] + dt.timedelta(days=1))})
    undated = sorted({e.doc.table.period for e in group if not e.period})
    out = {}
    for e in group:
        if e.period:
            out[id(e)] = tuple(i for i in range(len(cuts) - 1)
                               if e.period[0] <= cuts[i] and cuts[i + 1] <= e.period[1] + dt.timedelta(days=1))
        else:
            out[id(e)] = (len(cuts) + undated.index(e.doc.table.period),)
    return out


def _keys(e: Entry, current: dict[frozenset, float]) -> dict[sdc.Position, Key]:
    """Keys of an entry's positions. A value an earlier release published differently from the
    current one gets its own version: the correction changed it, they are different unknowns."""
    keys = {}
    for p, v in _values(e.part).items():
        k = labels(e.part, p)
        same = not e.release or (k in current and abs(current[k] - v) < 1e-9)
        keys[p] = ("" if same else e.release, k)
    return keys


def _members(group: list[Entry]) -> None:
    atoms = _atoms(group)
    current: dict[tuple[str, str], dict[frozenset, float]] = {}
    for e in group:
        if not e.release:
            current[(e.doc.source_path, e.part.kind)] = {labels(e.part, p): v for p, v in _values(e.part).items()}
    for e in group:
        if e.text:
            keys = {("cell", i, 0): ("", k) for i, k in enumerate(sorted(e.cells, key=sorted))}
            e.member = Member(e.name, atoms[id(e)], keys, {p: e.cells[k[1]] for p, k in keys.items()}, [])
            continue
        need = {p: e.part.width(p) for p in sdc.positions(e.part.table)}
        e.member = Member(e.name, atoms[id(e)], _keys(e, current.get((e.doc.source_path, e.part.kind), {})),
                          _values(e.part), sdc._constraints(e.part.table), set(e.part.hidden), need)


# --- the joint suppression ---------------------------------------------------------------------

def _protect_group(group: list[Entry]) -> list[Problem]:
    _members(group)
    if not _consistent(group):
        _separate(group, margins=False)
    if not _consistent(group):
        _separate(group, margins=True)
    if not _consistent(group):
        problems = [_inconsistent(e, group) for e in group if not e.release and e.series]
        # Undeclared links whose values cannot be reconciled: nothing is proven, fail closed —
        # the earliest table stands, the later ones are refused.
        undeclared = [e for e in group if not e.release and not e.series]
        first = next((e for e in group if not e.release), None)
        for e in undeclared:
            if e is not first and not any(p.path == e.doc.source_path for p in problems):
                e.refused = True
                problems.append(_inconsistent(e, group, declared=False))
        return problems
    problems: list[Problem] = []
    done: list[Entry] = []
    for e in group:
        problem = _add(done, e)
        if problem is None:
            done.append(e)
        else:
            e.refused = True
            problems.append(problem)
    if done:
        _intervals(done)
    return problems


def _consistent(group: list[Entry]) -> bool:
    """Whether the declared links hold on the source values (nothing withheld: all equations)."""
    saved = [e.member.hidden for e in group]
    for e in group:
        e.member.hidden = set()
    ok = Model([e.member for e in group]).feasible()
    for e, h in zip(group, saved, strict=True):
        e.member.hidden = h
    return ok


def _separate(group: list[Entry], margins: bool) -> None:
    """Keep apart the values of tables linked without a declared series that do not agree: a
    value a later table publishes differently for the same labels and period (a partial table's
    own totals) is another quantity, its own unknown. With `margins`, every total of those tables
    is its own unknown (only their cells are shared)."""
    seen: dict[tuple, tuple[float, Entry]] = {}
    for e in group:
        m = e.member
        assert m is not None
        tag = f"\x00{e.doc.source_path}\x00{e.release}"
        for p in sorted(m.keys):
            k = (m.atoms, m.keys[p])
            if k not in seen:
                seen[k] = (m.values[p], e)
                continue
            value, other = seen[k]
            if other.doc is e.doc or (e.series and e.series == other.series):
                continue
            if (margins and p[0] != "cell") or abs(value - m.values[p]) > 1e-9:
                m.keys[p] = (tag, m.keys[p][1])


def _inconsistent(e: Entry, group: list[Entry], declared: bool = True) -> Problem:
    others = "、".join(sorted({x.name for x in group if x.doc is not e.doc}))
    if not declared:
        return Problem(e.doc.source_path,
                       f"与统计时期相同或包含、分类相同的 {others} 数值对不上，无法联合核验；为防止相加减推算出已隐去的数值，"
                       "本表暂不发布", None, None,
                       "核对各表数据；如确属同一统计指标，请在描述文件中填写相同的 series 以便联合核验，"
                       "或与统计和保密工作人员商定发布口径", "stats.series")
    return Problem(e.doc.source_path, f"与同系列的 {others} 数值对不上：各时期之和或共同的合计不一致，无法联合核验",
                   "series", None, "核对各表数据；如不是同一可相加的统计指标（如时点数），请不要填写相同的 series",
                   "stats.series")


def _add(done: list[Entry], e: Entry) -> Problem | None:
    """Withhold in e until the set done + [e] passes the joint audit; a problem if it cannot."""
    m, part = e.member, e.part
    assert m is not None
    linked_to = _connected(done, m)
    if not linked_to:
        return None  # nothing published shares a period with it: the single-table audit holds
    if e.text:  # a table in a document's text: nothing of it can be withheld
        fails = Model([x.member for x in linked_to] + [m]).failures()
        return _refusal(e, done, fails) if fails else None
    # What the earlier tables give away on their own: this table withheld entirely.
    floor = Model([x.member for x in linked_to] + [m])
    opened = set(m.hidden)
    floor.withhold(m, set(m.values))
    m.hidden = opened

    def given(positions: set[sdc.Position]) -> set[sdc.Position]:
        hidden, m.hidden = m.hidden, set(m.values)
        out = {p for _, p, _lo, _hi in floor.failures([(m, p) for p in sorted(positions)])}
        m.hidden = hidden
        return out

    lost = given(part.sensitive)
    if lost:
        return _refusal(e, done, [f for f in floor.failures([(m, p) for p in sorted(lost)])])
    # Values earlier tables already narrow are no secret and protect nothing: publish them.
    known = given(m.hidden - part.sensitive)
    m.hidden -= known
    model = Model([x.member for x in linked_to] + [m])
    while True:
        fails = model.failures()
        if not fails:
            return None
        more = given({p for f, p, _lo, _hi in fails if f is m and p not in part.sensitive and p not in known})
        if more:
            known |= more
            model.publish(m, more)
            continue
        extra = _candidates(m, fails, known)
        if not extra:
            return _refusal(e, done, fails)
        threshold = part.need if part.required is None else 0.0
        completed = sdc.suppress(part.table, threshold, sensitive=m.hidden | extra, required=part.required)
        model.withhold(m, completed - m.hidden - known)


def _connected(done: list[Entry], m: Member) -> list[Entry]:
    """The earlier tables linked to m through shared time atoms (directly or via each other)."""
    atoms, found, grew = set(m.atoms), [], True
    rest = list(done)
    while grew:
        grew = False
        for x in list(rest):
            if atoms & set(x.member.atoms):
                atoms |= set(x.member.atoms)
                found.append(x)
                rest.remove(x)
                grew = True
    return sorted(found, key=done.index)


def _candidates(m: Member, fails: list, known: set[sdc.Position]) -> set[sdc.Position]:
    """Cells of the new table to withhold for the narrowed values: the same value first, then
    values that contain it or that it contains, then the smallest value the periods share."""
    add: set[sdc.Position] = set()
    for f, p, _lo, _hi in fails:
        label, overlap = f.keys[p][1], bool(set(m.atoms) & set(f.atoms))

        def rank(q: sdc.Position, label: frozenset = label, overlap: bool = overlap) -> tuple:
            k = m.keys[q][1]
            close = 0 if k == label else 1 if k <= label or k >= label else 2
            return (close if overlap else 3, m.values[q] == 0, m.values[q], q)

        open_ = [q for q in m.values if q not in m.hidden and q not in add and q not in known]
        if open_:
            add.add(min(open_, key=rank))
    return add


def _refusal(e: Entry, done: list[Entry], fails: list) -> Problem:
    by_member = {id(x.member): x for x in [*done, e]}
    cells = []
    for f, p, lo, hi in fails[:3]:
        owner = by_member[id(f)]
        where = "本表" if owner is e else owner.name
        high = "无上限" if hi == float("inf") else f"{hi:.10g}"
        cells.append(f"{where}隐去的{place(owner.part, p)}可被推算到 {lo:.10g}～{high}")
    others = "、".join(dict.fromkeys(x.name for x in done)) or "无"
    if e.text:
        return Problem(e.text_path, f"{e.name}与已发布的数据集（{others}）合并计算后，{'；'.join(cells)}，区间宽度不足",
                       None, None, "删去正文中的这张表，或改为只引用数据集中已公开的数值", "stats.recoverable")
    return Problem(e.doc.source_path,
                   f"与已发布的关联表（{others}）合并计算后，{'；'.join(cells)}，区间宽度不足，"
                   "本表即使全部隐去也无法防止推算", "series", None,
                   "这些数值已可由已发布的表相减或相加得出：请与统计和保密工作人员商定合并类别、"
                   "调整发布口径或更正已发布的表", "stats.recoverable")


def _intervals(done: list[Entry]) -> None:
    """Each withheld value's range given everything published (the staff preview shows it): the
    exact interval where the audit computed one, else the span of the feasible points it found
    (the value can take at least every value in it)."""
    model = Model([e.member for e in done])
    assert model.failures() == []  # every table was added only once the set passed
    for e in done:
        if e.release:
            continue
        found = {p: model.span(model.expr(e.member, p)) for p in sorted(e.member.hidden)}
        e.added = len(e.member.hidden - e.part.hidden)
        e.released = len(e.part.hidden - e.member.hidden)
        if e.added:
            e.notes.append(f"为防止与同系列的其他表相加减推算，另隐去 {e.added} 个数值")
        if e.released:
            e.notes.append(f"有 {e.released} 个数值已可由先发布的关联表得出，隐去也无从保护，照常公开")
        e.part.hidden = set(e.member.hidden)
        mark(e.doc.table, e.part, found, e.member.need, exact=False)


def _finish(table: DataTable, entries: list[Entry]) -> None:
    """Counts, notes and derived values after the joint audit; drop the source values."""
    table.secondary += sum(e.added - e.released for e in entries)
    derive(table)
    for e in entries:
        table.staff_notes += [n for n in e.notes if n not in table.staff_notes]
    if table.releases:
        days = "、".join(d for d, _ in table.releases)
        table.notes.append(f"本表为更正后的版本，替代 {days} 发布的版本；保密处理已将更正前的版本一并计入。")
    if any(e.added for e in entries):
        table.notes.append("本表与同一系列其他时期或分组的表一并做了保密处理，隐去的数值无法由各表相加减推算出来。")
