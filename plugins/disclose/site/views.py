"""What the templates see: lookups over the published documents, named for the theme."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from .. import urls
from ..config import Category, Organisation
from ..corpus import Corpus, interpretations
from ..model import Disclosure, Document, Page, Validity
from ..opendata import chart, outputs

if TYPE_CHECKING:
    from ..opendata.dataset import Column


@dataclass(frozen=True)
class Link:
    """A titled link with an optional note (file size, index number)."""

    title: str
    url: str
    note: str = ""


# What a dataset column's type is called on its page (字段说明).
COLUMN_TYPES = {"string": "文本", "date": "日期", "count": "计数（整数）", "number": "数值", "percent": "百分比"}


def human_size(size: int) -> str:
    """File size for people: 12 KB, 1.2 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"


@dataclass(frozen=True)
class DatasetView:
    """What a dataset page (or a document embedding a dataset) shows."""

    doc: Document
    url: str
    table: Markup
    chart: Markup
    downloads: list[Link]
    withheld: int


class SiteView:
    """Template helper exposed as `disclose` in every template."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.settings = corpus.settings
        self.site = corpus.settings.site
        self.preview: bool = corpus.preview  # a staff preview (never published)
        self.public: list[Document] = list(corpus.published)
        self._by_index = {d.index_no: d for d in self.public}
        self._by_path = {d.source_path: d for d in self.public}
        # 政策解读 by the index number they interpret, oldest first (one pass, not one per page)
        self._interpretations = interpretations(self.public)
        self.datasets: list[Document] = [d for d in self.public if d.is_dataset and d.full_text_public]
        from ..inspection import blank_categories

        # inspection.hide_blank: columns without a published document are left out everywhere
        self.hidden: set[str] = blank_categories(self.settings, self.public) \
            if self.settings.inspection.hide_blank else set()

    def canonical(self, site_url: str, output_file: str) -> str:
        """The absolute URL of the page being written (its rel=canonical): the home page as `/`."""
        from .feeds import absolute_base

        base = absolute_base(site_url, self.site.domain)
        return f"{base}/" if output_file == urls.HOME else f"{base}/{output_file}"

    def body(self, item: Document | Page) -> Markup:
        """The rendered body of a full-text document or a page: HTML that passed the sanitiser
        in render.py (the only body HTML the theme marks safe)."""
        if isinstance(item, Document) and not item.full_text_public:
            return Markup("")
        out = self.corpus.output(item.source_path)  # the approved version's body when it is live
        return Markup(out.html if out is not None else "")

    def org(self, org_id: str) -> Organisation:
        """The publisher of a document."""
        org = self.settings.publisher(org_id)
        assert org is not None, org_id  # the reader validated it
        return org

    def category_name(self, cat_id: str) -> str:
        """父类 › 子类 name of a category."""
        cat = self.settings.category(cat_id)
        parent = self.settings.parent_of(cat_id)
        name = cat.name if cat else cat_id
        return f"{parent.name} › {name}" if parent else name

    def is_abolished(self, doc: Document) -> bool:
        """Whether the document is 废止 or 失效."""
        return doc.status is not Validity.VALID

    def replacement(self, doc: Document) -> Link | None:
        """The replacing document, when it is published; nothing at all while it is not (the
        number of an unpublished document is not public: the corpus refuses 不予公开 ones)."""
        target = self._by_index.get(doc.replaced_by) if doc.replaced_by else None
        return Link(target.title, urls.doc_url(target), target.index_no) if target is not None else None

    def original(self, doc: Document) -> Link | None:
        """The policy a 政策解读 interprets (原文); the corpus holds the interpretation back until it
        is published, so None only for a document that interprets nothing."""
        target = self._by_index.get(doc.interprets) if doc.interprets else None
        return Link(target.title, urls.doc_url(target), target.index_no) if target is not None else None

    def interpretations(self, doc: Document) -> list[Link]:
        """The published interpretations (政策解读) of a policy document, oldest first."""
        return [Link(d.title, urls.doc_url(d), d.index_no) for d in self._interpretations.get(doc.index_no, [])]

    def attachments(self, doc: Document) -> list[Link]:
        """Downloadable attachments (full-text documents only)."""
        if doc.disclosure is not Disclosure.PROACTIVE:
            return []
        return [Link(a.title, f"{urls.doc_files(doc)}/{a.name}", human_size(a.size))
                for a in doc.attachments]

    def tree(self) -> list[tuple[Category, int, list[tuple[Category, int]]]]:
        """The category tree with the number of public documents in each node."""
        counts: dict[str, int] = {}
        for d in self.public:
            counts[d.category] = counts.get(d.category, 0) + 1
        out = []
        for top in self.settings.categories:
            if top.id in self.hidden:
                continue
            kids = [(c, counts.get(c.id, 0)) for c in top.children if c.id not in self.hidden]
            out.append((top, counts.get(top.id, 0) + sum(n for _, n in kids), kids))
        return out

    def preview_state(self, doc: Document) -> str | None:
        """In a staff preview: the document's publish state; None on the real site."""
        return self.corpus.state_label(doc.source_path) if self.corpus.preview else None

    def preview_deadline(self, doc: Document) -> str | None:
        """In a staff preview: the publication deadline, when it is missed."""
        if not self.corpus.preview:
            return None
        from ..approval.audit import deadline

        d = deadline(self.corpus, doc)
        return f"已超过公开时限（应于 {d['due']} 前公开）" if d["overdue"] else None

    def preview_findings(self, doc: Document) -> list:
        """In a staff preview: the check's findings (masked) for the banner."""
        return self.corpus.findings_of(doc.source_path) if self.corpus.preview else []

    def annual_report_url(self) -> str | None:
        """Catalogue page of the annual reports, if configured."""
        cat = self.settings.category(self.settings.annual_report_category) \
            if self.settings.annual_report_category else None
        return urls.category(cat.id) if cat and cat.id not in self.hidden else None

    def dataset(self, doc: Document, ident: str = "data") -> DatasetView:
        """Table, chart and downloads of a published dataset."""
        t = doc.table
        caption = f"{doc.title}（{t.period}{'，单位：' + t.unit if t.unit else ''}）"
        folder = urls.doc_files(doc)
        return DatasetView(
            doc, urls.doc_url(doc), Markup(outputs.table_html(t, caption, f"{ident}-table")),
            Markup(chart.chart_svg(t, f"{doc.title}（{t.period}）", f"{ident}-chart")),
            [Link(d.label, f"{folder}/{d.name}", d.name) for d in outputs.DOWNLOADS], t.withheld)

    def column_type(self, column: Column) -> str:
        """The Chinese name of a dataset column's type."""
        return COLUMN_TYPES[column.type]

    def staff_notes(self, doc: Document) -> list[str]:
        """In a staff preview: a dataset's notes for reviewers; nothing on the real site."""
        return list(doc.table.staff_notes) if self.preview else []

    def audit(self, doc: Document) -> list:
        """In a staff preview: the disclosure-control audit of a dataset (range of each withheld
        value given the published totals); nothing on the real site."""
        return list(doc.table.audit) if self.preview else []

    def embedded(self, doc: Document) -> list[DatasetView]:
        """The published datasets a document embeds (the corpus holds it back until they are)."""
        if doc.is_dataset:
            return []
        out = []
        for i, ref in enumerate(doc.datasets):
            target = self._by_path.get(ref)
            if target is not None and target.is_dataset:
                out.append(self.dataset(target, f"embed{i + 1}"))
        return out

    def datasets_by(self, kind: str) -> list[tuple[str, list[Document]]]:
        """Published datasets grouped by category or publisher, in configured order."""
        if kind == "category":
            keys = [(c.id, self.category_name(c.id)) for c, _ in self.settings.all_categories()]
            attr = "category"
        else:
            keys = [(o.id, o.name) for o in self.settings.publishers]
            attr = "publisher"
        groups = [(name, [d for d in self.datasets if getattr(d, attr) == key]) for key, name in keys]
        return [(name, docs) for name, docs in groups if docs]
