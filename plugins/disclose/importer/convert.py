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
from ..indexno import format_index_no, parse_index_no
from ..newdoc import open_ledger, yaml_quote
from ..reader import normalise_doc_no
from .extract import Page
from .fields import disclosure_of, parse_date, status_of

FIELDS = ("title", "index_no", "category", "disclosure", "doc_no", "publisher", "created", "published",
          "status", "summary")


@dataclass
class Result:
    """The outcome for one page: its mapped metadata, where it went, or why it failed."""

    page: Page
    metadata: dict[str, Any] = field(default_factory=dict)
    written: str = ""
    skipped: str = ""
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        """The --dry-run --format json contract."""
        return {"source": self.page.source, "encoding": self.page.encoding,
                "metadata": {k: self.metadata.get(k) for k in FIELDS},
                "body_chars": len(self.page.body), "warnings": self.page.warnings,
                **({"error": self.error} if self.error else {}),
                **({"skipped": self.skipped} if self.skipped else {}),
                **({"written": self.written} if self.written else {})}


def map_metadata(page: Page, settings: Settings, publisher: str | None) -> dict[str, Any]:
    """Our metadata from the page's labels (None where not found)."""
    raw = page.raw_meta
    meta: dict[str, Any] = {k: None for k in FIELDS}
    meta["title"] = raw.get("title") or None
    meta["index_no"] = (raw.get("index_no") or "").strip() or None
    meta["doc_no"] = normalise_doc_no(raw["doc_no"]) if raw.get("doc_no") else None
    meta["summary"] = raw.get("summary") or None
    meta["disclosure"] = disclosure_of(raw.get("disclosure", "")) if raw.get("disclosure") else None
    for key in ("created", "published"):
        day = parse_date(raw.get(key, ""))
        meta[key] = day.isoformat() if day else None
    if raw.get("status"):
        status, day = status_of(raw["status"])
        meta["status"] = status
        if day:
            meta["abolished"] = day.isoformat()
    if raw.get("category"):
        cat = settings.category(raw["category"].split("/")[-1].split(">")[-1].strip())
        meta["category"] = cat.name if cat else raw["category"]
    org = settings.publisher(publisher) if publisher else settings.publisher(raw.get("publisher", "").strip())
    meta["publisher"] = org.id if org else (raw.get("publisher") or None)
    if raw.get("keywords"):
        meta["keywords"] = [w for w in raw["keywords"].replace("，", " ").replace("、", " ").replace(",", " ").split() if w]
    return meta


def problems_of(meta: dict[str, Any], settings: Settings) -> list[str]:
    """Why this page cannot become a valid document (Chinese), empty when it can."""
    out = []
    if not meta.get("title"):
        out.append("缺少信息名称")
    if not meta.get("created") and not meta.get("published"):
        out.append("缺少产生日期和发布日期")
    if not meta.get("publisher") or settings.publisher(str(meta["publisher"])) is None:
        out.append(f"发布机构“{meta.get('publisher') or '未知'}”未配置（可用 --publisher 指定）")
    if not meta.get("category") or settings.category(str(meta["category"])) is None:
        out.append(f"组配分类“{meta.get('category') or '未知'}”未配置（可用 --category 指定默认分类）")
    return out


def duplicate_of(meta: dict[str, Any], corpus: Corpus, ledger_numbers: set[str]) -> str | None:
    """The existing document this page already became (same index number, or same title,
    publisher and date), so importing twice adds nothing."""
    for doc in corpus.documents:
        if meta.get("index_no") and doc.index_no == meta["index_no"]:
            return doc.source_path
        if doc.title == meta.get("title") and doc.publisher == meta.get("publisher") and \
                doc.created.isoformat() == (meta.get("created") or meta.get("published")):
            return doc.source_path
    return None


def write(meta: dict[str, Any], body: str, settings: Settings, content_root: Path, repo_root: Path,
          source: str) -> tuple[Path, str, str | None]:
    """Write the document and record its index number; returns (path, index number, note)."""
    org = settings.publisher(str(meta["publisher"]))
    assert org is not None
    created = dt.date.fromisoformat(meta["created"] or meta["published"])
    ledger = open_ledger(content_root, settings)
    form = settings.index_numbers.form
    note = None
    kept = meta.get("index_no")
    parsed = parse_index_no(form, kept) if kept else None
    if kept and parsed and parsed.org_code == org.code and parsed.year == created.year and kept not in ledger:
        index_no = kept
    else:
        index_no = format_index_no(form, org.code, created.year, ledger.next_serial(org.code, created.year))
        if kept:
            note = f"原索引号 {kept} 不符合本站格式或已被使用，已重新分配 {index_no}"
    serial = parse_index_no(form, index_no).serial
    target = content_root / org.id / str(created.year) / f"{created.year}-{serial:05d}.md"
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{created.year}-{serial:05d}-{n}.md")
    lines = ["---", f"title: {yaml_quote(meta['title'])}", f"index_no: {index_no}",
             f"category: {settings.category(str(meta['category'])).id}",
             f"disclosure: {meta.get('disclosure') or '主动公开'}"]
    if meta.get("doc_no"):
        lines.append(f"doc_no: {yaml_quote(meta['doc_no'])}")
    lines += [f"publisher: {org.id}", f"created: {created.isoformat()}"]
    if meta.get("published"):
        lines.append(f"published: {meta['published']}")
    if meta.get("status") and meta["status"] != "有效" and meta.get("abolished"):
        lines += [f"status: {meta['status']}", f"abolished: {meta['abolished']}"]
    if meta.get("summary"):
        lines.append(f"summary: {yaml_quote(meta['summary'])}")
    if meta.get("keywords"):
        lines.append("keywords: [" + ", ".join(yaml_quote(k) for k in meta["keywords"]) + "]")
    # Imported text is text: angle brackets must not become raw HTML in our Markdown.
    body = re.sub(r"<(?=[A-Za-z!/?])", r"\\<", body.strip())
    lines += ["---", "", body, ""]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines), encoding="utf-8")
    rel = target.resolve().relative_to(repo_root.resolve()).as_posix()
    ledger.issue(index_no, rel, today())
    return target, index_no, note
