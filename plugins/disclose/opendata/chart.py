"""Charts drawn at build time as inline SVG: readable without JavaScript, labelled in Chinese,
with a title and a description for screen readers. Drawn from the published table only: a
withheld value is not drawn (its place says [c]) and never enters the scale.
"""

from __future__ import annotations

from html import escape

from .table import SYMBOL, DataTable

WIDTH = 720
COLOURS = ("#1f5fa8", "#b3541e", "#2e7d4f", "#6b4fa0")  # >= 4.5:1 on white


def series_columns(t: DataTable) -> list[int]:
    """The columns drawn: the total column if there is one, else up to four value columns."""
    values = [j for j, c in enumerate(t.columns) if c.type in ("count", "number") and j]
    totals = [j for j in values if t.columns[j].total]
    return totals[:1] if totals else [j for j in values if not t.columns[j].base][:4]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    return float(((int(value) // step) + 1) * step)


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def chart_svg(t: DataTable, title: str, ident: str) -> str:
    """The chart for a table ('' when the table has nothing to draw)."""
    cols = series_columns(t)
    rows = [r for r in range(len(t.rows)) if r != t.total_row]
    if t.chart == "none" or not cols or not rows:
        return ""
    return (_line if t.chart == "line" else _bar)(t, title, ident, cols, rows)


def _frame(ident: str, title: str, desc: str, height: int, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
            f'width="100%" role="img" aria-labelledby="{ident}-title {ident}-desc" '
            f'font-family="sans-serif" font-size="13">'
            f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
            f"{body}</svg>")


def _legend(t: DataTable, cols: list[int], y: int) -> str:
    out, x = [], 10
    for k, j in enumerate(cols):
        name = t.columns[j].title
        out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{COLOURS[k]}"/>'
                   f'<text x="{x + 18}" y="{y}">{escape(name)}</text>')
        x += 30 + 14 * len(name)
    return "".join(out)


def _describe(t: DataTable, cols: list[int], rows: list[int], kind: str) -> str:
    parts = []
    for j in cols:
        shown = [(t.rows[r][0], t.rows[r][j]) for r in rows if t.rows[r][j] != SYMBOL]
        if not shown:
            continue
        top = max(shown, key=lambda x: x[1])
        low = min(shown, key=lambda x: x[1])
        unit = t.columns[j].unit
        parts.append(f"{t.columns[j].title}：最高为{top[0]} {_num(top[1])}{unit}，最低为{low[0]} {_num(low[1])}{unit}")
    hidden = sum(t.rows[r][j] == SYMBOL for r in rows for j in cols)
    tail = f"；{hidden} 个数值不予公开（[c]），图中未绘出" if hidden else ""
    return f"{kind}，共 {len(rows)} 项。" + "；".join(parts) + tail + "。完整数值见下方数据表。"


def _bar(t: DataTable, title: str, ident: str, cols: list[int], rows: list[int]) -> str:
    label_w = min(200, 16 + 14 * max(len(str(t.rows[r][0])) for r in rows))
    bar_h, gap = 16, 10
    group = bar_h * len(cols) + gap
    top = 40 if len(cols) > 1 else 16
    height = top + group * len(rows) + 30
    visible = [t.rows[r][j] for r in rows for j in cols if t.rows[r][j] != SYMBOL]
    scale_max = _nice_max(max(visible, default=0))
    plot_w = WIDTH - label_w - 70
    out = [_legend(t, cols, 22)] if len(cols) > 1 else []
    for i, r in enumerate(rows):
        y = top + i * group
        out.append(f'<text x="{label_w - 8}" y="{y + group / 2}" text-anchor="end">{escape(str(t.rows[r][0]))}</text>')
        for k, j in enumerate(cols):
            v = t.rows[r][j]
            by = y + k * bar_h
            if v == SYMBOL:
                out.append(f'<text x="{label_w + 4}" y="{by + bar_h - 3}" fill="#444">{SYMBOL}</text>')
                continue
            w = plot_w * v / scale_max
            out.append(f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="{bar_h - 2}" fill="{COLOURS[k]}"/>'
                       f'<text x="{label_w + w + 4:.1f}" y="{by + bar_h - 3}">{_num(v)}</text>')
    axis_y = top + group * len(rows)
    out.append(f'<line x1="{label_w}" y1="{top - 4}" x2="{label_w}" y2="{axis_y}" stroke="#555"/>')
    unit = t.columns[cols[0]].unit
    out.append(f'<text x="{label_w}" y="{axis_y + 18}" fill="#444">0</text>'
               f'<text x="{label_w + plot_w}" y="{axis_y + 18}" text-anchor="end" fill="#444">'
               f"{_num(scale_max)}{escape(unit)}</text>")
    return _frame(ident, title, _describe(t, cols, rows, "条形图"), height, "".join(out))


def text_width(text: str, size: float = 13) -> float:
    """A generous width estimate of a label in a sans-serif font: CJK one em, others 0.62 em."""
    return sum(size if ord(c) > 0x2e7f else size * 0.62 for c in text)


def _labelled(t: DataTable, rows: list[int], step: float) -> list[int]:
    """Which x positions get a label: evenly spaced so that no two labels touch, the last always."""
    width = max(text_width(str(t.rows[r][0])) for r in rows) + 8
    every = max(1, int(-(-width // step)))  # ceil
    shown = list(range(0, len(rows), every))
    if shown[-1] != len(rows) - 1:
        if (len(rows) - 1 - shown[-1]) * step < width:
            shown.pop()
        shown.append(len(rows) - 1)
    return shown


def _line(t: DataTable, title: str, ident: str, cols: list[int], rows: list[int]) -> str:
    # Room on the right for half of the last label; the legend row above the unit label.
    left, right, top, bottom = 60, 50, 56, 50
    height = 320
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    visible = [t.rows[r][j] for r in rows for j in cols if t.rows[r][j] != SYMBOL]
    scale_max = _nice_max(max(visible, default=0))
    step = plot_w / max(1, len(rows) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top + plot_h - plot_h * v / scale_max

    out = [_legend(t, cols, 18)]
    for frac in (0, 0.5, 1):
        y = top + plot_h - plot_h * frac
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#ccc"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{_num(scale_max * frac)}</text>')
    for i in _labelled(t, rows, step):
        x = left + i * step
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 22}" text-anchor="middle">'
                   f"{escape(str(t.rows[rows[i]][0]))}</text>")
    for k, j in enumerate(cols):
        segment: list[str] = []
        paths = []
        for i, r in enumerate(rows):
            v = t.rows[r][j]
            if v == SYMBOL:  # a gap: the line does not pass through a withheld value
                if segment:
                    paths.append(segment)
                segment = []
                x, _ = xy(i, 0)
                out.append(f'<text x="{x:.1f}" y="{top + plot_h - 4}" text-anchor="middle" fill="#444">{SYMBOL}</text>')
                continue
            x, y = xy(i, v)
            segment.append(f"{x:.1f},{y:.1f}")
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{COLOURS[k]}"/>')
        if segment:
            paths.append(segment)
        out += [f'<polyline points="{" ".join(p)}" fill="none" stroke="{COLOURS[k]}" stroke-width="2"/>'
                for p in paths]
    unit = t.columns[cols[0]].unit
    if unit:
        out.append(f'<text x="{left - 6}" y="{top - 12}" text-anchor="end" fill="#444">（{escape(unit)}）</text>')
    return _frame(ident, title, _describe(t, cols, rows, "折线图"), height, "".join(out))
