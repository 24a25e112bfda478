"""What the quarterly 政府网站 inspection checks (国办秘函〔2019〕19号), computed from the
published site only: column freshness, blank columns, the home page's newest item, the veto
thresholds, policy interpretations, required site elements and documents about to lapse."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..config import UPDATE_CLASSES, Category, Settings
from ..model import Document, Validity
from .periods import add_period, label

DEFAULT_PERIODS = {"news": "14d", "notice": "6m", "yearly": "1y"}


@dataclass
class Column:
    """One column (a leaf category) with its update class and its newest published item."""

    id: str
    name: str
    update_class: str
    period: str = ""
    count: int = 0
    newest: dt.date | None = None
    due: dt.date | None = None     # last day that still counts as updated in time
    days_left: int | None = None   # negative: overdue by that many days
    hidden: bool = False           # blank and hidden by inspection.hide_blank

    @property
    def blank(self) -> bool:
        return self.count == 0

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


@dataclass
class Threshold:
    """A 单项否决 item: how far the site is from failing it."""

    id: str
    label: str
    count: int | None      # columns so far (None for the home page)
    limit: int | None
    crossed: bool
    crosses_on: dt.date | None  # first day it is crossed if nothing is published (None: not by time)

    def within(self, day: dt.date, days: int) -> bool:
        """Whether it is crossed now or will be within `days` days."""
        return self.crossed or (self.crosses_on is not None and self.crosses_on <= day + dt.timedelta(days=days))


@dataclass
class Inspection:
    """The whole report for one day."""

    day: dt.date
    columns: list[Column]         # columns with their update class (freshness)
    blank: list[Column]           # shown leaf columns without a published document
    hidden: list[Column]          # blank leaf columns hidden by inspection.hide_blank
    home_newest: Document | None
    home_due: dt.date | None
    thresholds: list[Threshold]
    normative: list[Document] = field(default_factory=list)
    interpreted: list[Document] = field(default_factory=list)
    missing_elements: list[str] = field(default_factory=list)
    expiring: list[Document] = field(default_factory=list)
    expired: list[Document] = field(default_factory=list)

    @property
    def overdue(self) -> list[Column]:
        return [c for c in self.columns if c.overdue and not c.blank]

    def failing_within(self, days: int) -> list[Threshold]:
        """Veto items crossed now or within `days` days."""
        return [t for t in self.thresholds if t.within(self.day, days)]


def columns_of(settings: Settings) -> list[tuple[Category, str, set[str]]]:
    """The columns whose freshness is checked: (category, update class, category ids it covers).

    A parent with a class is one column holding its children's documents too; a child with a
    class of its own is a column as well; other categories count as leaves with class none.
    """
    cols = settings.inspection.columns
    out = []
    for cat, parent in settings.all_categories():
        cls = cols.get(cat.id)
        if cls is None and (cat.children or (parent is not None and parent.id in cols)):
            continue  # unconfigured parent: its children are the columns; covered by the parent's column
        out.append((cat, cls or "none", {cat.id} | {c.id for c in cat.children}))
    return out


def leaves_of(settings: Settings) -> list[Category]:
    """The categories shown as listings of their own documents (no children)."""
    return [cat for cat, _ in settings.all_categories() if not cat.children]


def _date(doc: Document) -> dt.date:
    return doc.published or doc.created


def blank_categories(settings: Settings, public: list[Document]) -> set[str]:
    """Ids of categories with no published document (a parent is blank when all its children are)."""
    used = {d.category for d in public}
    blank = set()
    for cat, _ in settings.all_categories():
        if not ({cat.id} | {c.id for c in cat.children}) & used:
            blank.add(cat.id)
    return blank


def _column(cat: Category, cls: str, docs: list[Document], day: dt.date, periods: dict[str, str],
            hide_blank: bool) -> Column:
    col = Column(cat.id, cat.name, cls, periods.get(cls, ""), len(docs))
    if docs:
        col.newest = max(_date(d) for d in docs)
        if col.period:
            col.due = add_period(col.newest, col.period)
            col.days_left = (col.due - day).days
    col.hidden = hide_blank and not docs
    return col


def _crossing(dues: list[dt.date], limit: int, day: dt.date) -> tuple[bool, dt.date | None]:
    """(crossed now, first day crossed) for 'limit or more columns past their due date'."""
    if len(dues) < limit:
        return False, None
    first = sorted(dues)[limit - 1] + dt.timedelta(days=1)
    return first <= day, first


def inspect(corpus: Any, day: dt.date) -> Inspection:
    """The inspection report of the published site (corpus.published) on `day`."""
    s: Settings = corpus.settings
    ins = s.inspection
    public = [d for d in corpus.published if _date(d) <= day]
    periods = {**DEFAULT_PERIODS, **ins.periods}
    columns = [_column(cat, cls, [d for d in public if d.category in ids], day, periods, ins.hide_blank)
               for cat, cls, ids in columns_of(s)]
    leaves = [_column(cat, "none", [d for d in public if d.category == cat.id], day, {}, ins.hide_blank)
              for cat in leaves_of(s)]
    newest = max(public, key=lambda d: (_date(d), d.index_no), default=None)
    home_due = add_period(_date(newest), ins.home_period) if newest else None
    dues = [c.due for c in columns if c.due is not None]
    crossed, first = _crossing(dues, ins.veto_overdue, day)
    blank = [c for c in leaves if c.blank and not c.hidden]
    thresholds = [
        Threshold("home", f"首页最新信息超过 {label(ins.home_period)}未更新", None, None,
                  home_due is None or day > home_due, home_due + dt.timedelta(days=1) if home_due else None),
        Threshold("overdue_columns", f"{ins.veto_overdue} 个及以上栏目未按时更新",
                  sum(1 for c in columns if c.overdue), ins.veto_overdue, crossed, first),
        Threshold("blank_columns", f"{ins.veto_blank} 个及以上空白栏目", len(blank), ins.veto_blank,
                  len(blank) >= ins.veto_blank, None),
    ]
    normative_ids = set(s.report.normative_categories)
    normative = [d for d in public if d.category in normative_ids]
    interpreted_numbers = {d.interprets for d in public if d.interprets}
    horizon = day + dt.timedelta(days=ins.validity_days)
    return Inspection(
        day, columns, blank, [c for c in leaves if c.hidden], newest, home_due, thresholds, normative,
        [d for d in normative if d.index_no in interpreted_numbers], missing_elements(s),
        sorted((d for d in public if d.valid_until and d.status is not Validity.ABOLISHED
                and day <= d.valid_until <= horizon), key=lambda d: (d.valid_until, d.index_no)),
        [d for d in public if d.valid_until and d.valid_until < day and d.status is not Validity.ABOLISHED])


def missing_elements(s: Settings) -> list[str]:
    """Required site elements (政府网站发展指引) that the configuration leaves empty."""
    site = s.site
    wanted = [("网站标识码", site.site_id_code), ("ICP 备案号", site.icp), ("公安机关备案号", site.psb),
              ("党政机关网站标识（site.conac_url）", site.conac_url),
              ("“我为政府网站找错”入口（site.error_report_url）", site.error_report_url),
              ("主办单位（site.host_org）", site.host_org), ("承办单位（site.undertaker）", site.undertaker),
              ("联系电话", site.contact.phone), ("联系地址", site.contact.address), ("电子邮箱", site.contact.email)]
    return [name for name, value in wanted if not value.strip()]


def class_label(cls: str) -> str:
    """Chinese label of an update class."""
    return UPDATE_CLASSES.get(cls, cls)
