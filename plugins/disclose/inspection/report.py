"""The inspection report as staff read it (text lines) and as machines read it (JSON)."""

from __future__ import annotations

from typing import Any

from ..model import Document
from ..urls import doc_url
from .inspect import Column, Inspection, Threshold, class_label
from .periods import label


def _doc(d: Document) -> dict[str, Any]:
    return {"index_no": d.index_no, "title": d.title, "url": doc_url(d),
            "published": (d.published or d.created).isoformat()}


def _column(c: Column) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "update_class": c.update_class, "update_class_label": class_label(c.update_class),
            "period": c.period, "count": c.count, "newest": c.newest.isoformat() if c.newest else None,
            "due": c.due.isoformat() if c.due else None, "days_left": c.days_left,
            "overdue": c.overdue, "blank": c.blank, "hidden": c.hidden}


def _threshold(t: Threshold, r: Inspection) -> dict[str, Any]:
    return {"id": t.id, "label": t.label, "count": t.count, "limit": t.limit, "crossed": t.crossed,
            "crosses_on": t.crosses_on.isoformat() if t.crosses_on else None,
            "days_left": (t.crosses_on - r.day).days if t.crosses_on and not t.crossed else (0 if t.crossed else None)}


def to_json(r: Inspection) -> dict[str, Any]:
    """The report as a JSON-ready dict (the contract of `disclose inspect --format json`)."""
    share = len(r.interpreted) / len(r.normative) if r.normative else None
    interpreted = {d.index_no for d in r.interpreted}
    return {
        "date": r.day.isoformat(),
        "home": {"newest": _doc(r.home_newest) if r.home_newest else None,
                 "due": r.home_due.isoformat() if r.home_due else None},
        "thresholds": [_threshold(t, r) for t in r.thresholds],
        "columns": [_column(c) for c in r.columns],
        "overdue_columns": [c.id for c in r.overdue],
        "blank_columns": [c.id for c in r.blank],
        "hidden_columns": [c.id for c in r.hidden],
        "interpretation": {"normative": len(r.normative), "interpreted": len(r.interpreted), "share": share,
                           "without": [_doc(d) for d in r.normative if d.index_no not in interpreted]},
        "missing_elements": r.missing_elements,
        "expiring": [{**_doc(d), "valid_until": d.valid_until.isoformat(),
                      "days_left": (d.valid_until - r.day).days} for d in r.expiring],
        "expired": [{**_doc(d), "valid_until": d.valid_until.isoformat()} for d in r.expired],
    }


def threshold_line(t: Threshold, r: Inspection) -> str:
    """One veto item: crossed, or how far away."""
    count = f"（目前 {t.count} 个）" if t.count is not None else ""
    if t.crossed:
        return f"单项否决：{t.label}{count}——已触及"
    if t.crosses_on is None:
        return f"否决项“{t.label}”{count}：未触及"
    return f"否决项“{t.label}”{count}：如不更新，将于 {t.crosses_on} 触及（还有 {(t.crosses_on - r.day).days} 天）"


def lines(r: Inspection) -> list[str]:
    """The report as Chinese lines for staff (the build prints them as warnings)."""
    out = [f"网站检查（{r.day}）"]
    if r.home_newest:
        out.append(f"首页最新信息：{r.home_newest.index_no}《{r.home_newest.title}》"
                   f"（{r.home_newest.published or r.home_newest.created}），应于 {r.home_due} 前更新")
    else:
        out.append("首页没有已发布的信息")
    out += [threshold_line(t, r) for t in r.thresholds]
    for c in r.overdue:
        out.append(f"栏目未按时更新：{c.name}（{class_label(c.update_class)}，每 {label(c.period)}），"
                   f"最新信息 {c.newest}，已超期 {-c.days_left} 天")
    for c in r.columns:
        if c.days_left is not None and 0 <= c.days_left <= 30:
            out.append(f"栏目即将超期：{c.name}（{class_label(c.update_class)}，每 {label(c.period)}），"
                       f"最新信息 {c.newest}，应于 {c.due} 前更新（还有 {c.days_left} 天）")
    for c in r.blank:
        out.append(f"空白栏目：{c.name}（没有已发布的信息）")
    hidden = [c.name for c in r.hidden]
    if hidden:
        out.append(f"已隐藏的空白栏目：{'、'.join(hidden)}")
    if r.normative:
        out.append(f"行政规范性文件有政策解读的比例：{len(r.interpreted)}/{len(r.normative)}"
                   f"（{100 * len(r.interpreted) / len(r.normative):.0f}%）")
    for name in r.missing_elements:
        out.append(f"缺少网站要素：{name}")
    for d in r.expiring:
        out.append(f"有效期即将届满：{d.index_no}《{d.title}》有效期至 {d.valid_until}"
                   f"（还有 {(d.valid_until - r.day).days} 天），请按时修订或确认失效")
    return out
