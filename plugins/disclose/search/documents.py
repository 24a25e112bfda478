"""What gets indexed: one SearchDoc per published document, from the corpus only."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..corpus import Corpus, interpretations
from ..model import Disclosure
from ..urls import doc_url

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class SearchDoc:
    """The searchable view of a published document."""

    url: str
    title: str
    index_no: str
    publisher: str
    publisher_id: str
    doc_no: str
    category: str
    category_id: str
    year: int
    disclosure: str
    published: str
    text: str  # title, metadata line and body (plain text)
    validity: str = "有效"  # 有效性: 有效, 废止 or 失效 (valid_until passed)
    related: str = ""      # 原文 of an interpretation, or the 政策解读 of a policy
    related_url: str = ""


def plain(fragment: str) -> str:
    """Text of an HTML fragment."""
    return html.unescape(_TAG.sub(" ", fragment))


def search_docs(corpus: Corpus) -> list[SearchDoc]:
    """Every published document, ready for both indexes; bodies only of 主动公开 documents."""
    s = corpus.settings
    out = []
    by_index = {d.index_no: d for d in corpus.published}
    interpreted = interpretations(corpus.published)
    for d in corpus.published:
        org = s.publisher(d.publisher)
        cat = s.category(d.category)
        parent = s.parent_of(d.category)
        rendered = corpus.output(d.source_path)
        body = plain(rendered.html) if d.disclosure is Disclosure.PROACTIVE and rendered is not None else d.summary
        if d.is_dataset and d.full_text_public:
            from ..opendata.outputs import plain_text

            body = f"{body}\n{plain_text(d.table)}"  # the published (suppressed) table only
        legacy = f" 原索引号 {d.legacy_index_no}" if d.legacy_index_no else ""
        meta_line = (f"索引号 {d.index_no}{legacy} 发布机构 {org.name if org else ''} {d.doc_no} "
                     f"主题词 {' '.join(d.keywords)}")
        original = by_index.get(d.interprets) if d.interprets else None
        linked = [original] if original else interpreted.get(d.index_no, [])
        label = "原文" if original else "政策解读"
        related = f"{label}：" + "；".join(f"《{x.title}》" for x in linked) if linked else ""
        out.append(SearchDoc(
            url=doc_url(d), title=d.title, index_no=d.index_no, publisher=org.name if org else "",
            publisher_id=d.publisher, doc_no=d.doc_no,
            category=(f"{parent.name}/{cat.name}" if parent else cat.name) if cat else d.category,
            category_id=d.category, year=d.year, disclosure=str(d.disclosure),
            published=(d.published or d.created).isoformat(),
            text=f"{d.title}\n{body}\n{meta_line}", validity=str(d.status), related=related,
            related_url=doc_url(linked[0]) if linked else ""))
    return out
