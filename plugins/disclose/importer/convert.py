"""Turning a read page into one of our documents: field mapping, index numbers, dedupe, writing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..clock import today
from ..config import Settings
from ..corpus import Corpus
from ..frontmatter import compose, dump_fields, quoted
from ..indexno import format_index_no, parse_index_no
from ..ledger import Entry, Ledger
from ..reader import normalise_doc_no
from .extract import Page
from .fields import disclosure_of, parse_date, status_of, title_mark

FIELDS = ("title", "index_no", "legacy_index_no", "category", "disclosure", "doc_no", "publisher",
          "created", "published", "status", "abolished", "summary")


@dataclass
class Result:
    """The outcome for one page: its mapped metadata, where it went, or why it failed."""

    page: Page
    metadata: dict[str, Any] = field(default_factory=dict)
    original_index_no: str = ""
    new_url: str = ""
    planned: bool = False  # importable: gets an index number (written unless a dry run)
    written: str = ""
    skipped: str = ""
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        """The --dry-run --format json contract."""
        return {"source": self.page.source, "encoding": self.page.encoding,
                "metadata": {k: self.metadata.get(k) for k in FIELDS},
                "original": {"index_no": self.original_index_no or None, "url": self.page.url or None},
                "new_url": self.new_url or None,
                "body": self.page.body, "body_chars": len(self.page.body), "warnings": self.page.warnings,
                **({"error": self.error} if self.error else {}),
                **({"skipped": self.skipped} if self.skipped else {}),
                **({"written": self.written} if self.written else {})}


def _publisher(settings: Settings, name: str, fallback: str | None) -> tuple[str | None, str | None]:
    """(our publisher id or the page's name, a note when matched loosely)."""
    name = name.strip()
    if name and (org := settings.publisher(name)):
        return org.id, None
    if len(name) >= 3:
        near = [o for o in settings.publishers if o.name.endswith(name) or name.startswith(o.name)]
        if len(near) == 1:
            return near[0].id, f"发布机构“{name}”按名称对应为“{near[0].name}”，请核对"
    if fallback and (org := settings.publisher(fallback)):
        note = f"页面上的发布机构“{name}”未配置，按 --publisher 记为“{org.name}”" if name else None
        return org.id, note
    return name or None, None


def _category(settings: Settings, page: Page) -> str | None:
    """The first configured category named by 组配分类/主题分类, then 体裁分类, then 栏目; else the
    page's own 主题分类 text."""
    values = [v for key in ("category", "genre", "column") for v in page.found.values.get(key, [])]
    for value in values:
        for part in reversed([p.strip() for p in re.split(r"[/\\>＞|｜]", value) if p.strip()]):
            if cat := settings.category(part):
                return cat.name
        if cat := settings.category(value.strip()):
            return cat.name
    return values[0] if values else None


def map_metadata(page: Page, settings: Settings, publisher: str | None) -> dict[str, Any]:
    """Our metadata from the page's labels (None where not found)."""
    raw = page.found
    meta: dict[str, Any] = {k: None for k in FIELDS}
    title, mark = title_mark(page.title)
    meta["title"] = title or None
    meta["doc_no"] = normalise_doc_no(raw.first("doc_no")) if raw.first("doc_no") else None
    meta["summary"] = raw.first("summary") or None
    meta["disclosure"] = disclosure_of(raw.first("disclosure"))
    for key in ("created", "published"):
        day = parse_date(raw.first(key))
        meta[key] = day.isoformat() if day else None
    status, day = status_of(raw.first("status"))
    ab_status, ab_day = status_of(raw.first("abolished"))
    if status == "有效" and ab_status != "有效":
        status = ab_status
    if status == "有效" and mark:
        status = mark
    day = day or ab_day
    meta["status"] = status
    if status != "有效":
        if day is None:
            fallback = meta["published"] or meta["created"]
            page.warnings.append(f"原页面标注为{status}，但没有废止日期；暂以 {fallback or '导入日期'} 作为废止日期，请核对")
            day = dt.date.fromisoformat(fallback) if fallback else today()
        meta["abolished"] = day.isoformat()
    meta["category"] = _category(settings, page)
    meta["publisher"], note = _publisher(settings, raw.first("publisher"), publisher)
    if note:
        page.warnings.append(note)
    if raw.first("keywords"):
        meta["keywords"] = [w for w in re.split(r"[\s,，、;；]+", raw.first("keywords")) if w]
    return meta


def problems_of(meta: dict[str, Any], settings: Settings) -> list[str]:
    """Why this page cannot become a valid document (Chinese), empty when it can."""
    out = []
    if not meta.get("title"):
        out.append("缺少信息名称（title）")
    if not meta.get("created") and not meta.get("published"):
        out.append("缺少产生日期和发布日期（created/published）")
    if not meta.get("publisher") or settings.publisher(str(meta["publisher"])) is None:
        out.append(f"发布机构“{meta.get('publisher') or '未知'}”未配置（publisher，可用 --publisher 指定）")
    if not meta.get("category") or settings.category(str(meta["category"])) is None:
        out.append(f"组配分类“{meta.get('category') or '未知'}”未配置（category，可用 --category 指定默认分类）")
    return out


def duplicate_of(meta: dict[str, Any], original: str, corpus: Corpus) -> Any:
    """The existing document this page already became (its original number kept or recorded
    as 原索引号, or the same title, publisher and date), so importing twice adds nothing."""
    for doc in corpus.documents:
        if original and original in (doc.index_no, getattr(doc, "legacy_index_no", "")):
            return doc
        if doc.title == meta.get("title") and doc.publisher == meta.get("publisher") and \
                doc.created.isoformat() == (meta.get("created") or meta.get("published")):
            return doc
    return None


def assign_index_no(meta: dict[str, Any], original: str, settings: Settings,
                    ledger: Ledger) -> tuple[str, str | None]:
    """(this site's index number, a note when the original is kept as 原索引号). The original is
    kept as the index number when it already has this site's form, organisation and year and
    is free. The number is reserved in the in-memory ledger, so a dry run plans like a real run."""
    org = settings.publisher(str(meta["publisher"]))
    assert org is not None
    created = dt.date.fromisoformat(meta["created"] or meta["published"])
    form = settings.index_numbers.form
    parsed = parse_index_no(form, original) if original else None
    if parsed and parsed.org_code == org.code and parsed.year == created.year and original not in ledger:
        index_no, note = original, None
    else:
        index_no = format_index_no(form, org.code, created.year, ledger.next_serial(org.code, created.year))
        note = f"原索引号 {original} 保留为“原索引号”（legacy_index_no），本站索引号为 {index_no}" if original else None
    ledger.entries.append(Entry(index_no, today().isoformat(), "(导入计划)"))
    return index_no, note


def front_matter(meta: dict[str, Any], settings: Settings, index_no: str) -> dict[str, Any]:
    """The front-matter fields of an imported document, in the order staff read them."""
    org = settings.publisher(str(meta["publisher"]))
    created = meta["created"] or meta["published"]
    fields: dict[str, Any] = {"title": quoted(meta["title"]), "index_no": index_no}
    if meta.get("legacy_index_no"):
        fields["legacy_index_no"] = quoted(meta["legacy_index_no"])
    fields["category"] = settings.category(str(meta["category"])).id
    fields["disclosure"] = meta.get("disclosure") or "主动公开"
    if meta.get("doc_no"):
        fields["doc_no"] = quoted(meta["doc_no"])
    fields["publisher"] = org.id
    fields["created"] = dt.date.fromisoformat(created)
    if meta.get("published") and meta["published"] >= created:
        fields["published"] = dt.date.fromisoformat(meta["published"])
    if meta.get("status") and meta["status"] != "有效":
        fields["status"] = meta["status"]
        fields["abolished"] = dt.date.fromisoformat(max(meta["abolished"], created))
    if meta.get("summary"):
        fields["summary"] = quoted(meta["summary"])
    if meta.get("keywords"):
        fields["keywords"] = [quoted(k) for k in meta["keywords"]]
    return fields


def write(meta: dict[str, Any], body: str, settings: Settings, content_root: Path, repo_root: Path,
          index_no: str, ledger: Ledger) -> Path:
    """Write the document and record its index number in the ledger file."""
    org = settings.publisher(str(meta["publisher"]))
    assert org is not None
    year = dt.date.fromisoformat(meta["created"] or meta["published"]).year
    serial = parse_index_no(settings.index_numbers.form, index_no).serial
    target = content_root / org.id / str(year) / f"{year}-{serial:05d}.md"
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{year}-{serial:05d}-{n}.md")
    # Imported text is text: angle brackets must not become raw HTML in our Markdown.
    body = re.sub(r"<(?=[A-Za-z!/?])", r"\\<", body.strip())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(compose(dump_fields(front_matter(meta, settings, index_no)), body + "\n"),
                      encoding="utf-8")
    rel = target.resolve().relative_to(repo_root.resolve()).as_posix()
    ledger.entries = [e for e in ledger.entries if e.index_no != index_no]
    ledger.issue(index_no, rel, today())
    return target
