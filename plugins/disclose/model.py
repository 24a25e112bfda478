"""The typed document model: one Document per Markdown file, built only by the reader."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Disclosure(StrEnum):
    """公开方式: the channel a document is released through (条例 Art. 14-16, 19-20)."""

    PROACTIVE = "主动公开"
    ON_REQUEST = "依申请公开"
    WITHHELD = "不予公开"

    @property
    def slug(self) -> str:
        """ASCII path segment for catalogue URLs."""
        return {"主动公开": "zhudong", "依申请公开": "yishenqing", "不予公开": "buyu"}[self.value]


class Validity(StrEnum):
    """有效性 of a document."""

    VALID = "有效"
    ABOLISHED = "废止"
    EXPIRED = "失效"


class Severity(StrEnum):
    """How much a finding of the check matters."""

    BLOCK = "block"
    WARN = "warn"
    INFO = "info"


@dataclass(frozen=True)
class Attachment:
    """A file that belongs to a document (附件), repo-relative."""

    path: str
    title: str
    size: int

    @property
    def name(self) -> str:
        """File name without folders."""
        return self.path.rsplit("/", 1)[-1]


@dataclass(eq=False)  # an entity: two documents are the same only if they are one object
class Document:
    """One disclosure item, as validated from its front matter and body."""

    source_path: str
    title: str
    index_no: str
    category: str
    disclosure: Disclosure
    publisher: str
    created: dt.date
    published: dt.date | None = None
    doc_no: str = ""
    status: Validity = Validity.VALID
    abolished: dt.date | None = None
    replaced_by: str = ""
    summary: str = ""
    legacy_index_no: str = ""  # 原索引号: the number an imported document had on the old site
    keywords: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    datasets: tuple[str, ...] = ()
    withdrawn: dt.date | None = None
    withdrawn_reason: str = ""
    interprets: str = ""  # 政策解读: the index number of the policy document it interprets
    valid_until: dt.date | None = None  # 有效期至: 失效 from the next day on (set by the reader)
    body: str = ""
    body_line: int = 1
    field_lines: dict[str, int] = field(default_factory=dict)
    table: Any = None  # opendata.table.DataTable: set for datasets (data/*.yml), already suppressed

    @property
    def is_dataset(self) -> bool:
        """Whether this item is a dataset (a descriptor in data/) rather than a Markdown document."""
        return self.table is not None

    @property
    def year(self) -> int:
        """Year of creation, the year of the index number."""
        return self.created.year

    @property
    def is_public(self) -> bool:
        """Whether the document may appear in the output at all (not 不予公开)."""
        return self.disclosure is not Disclosure.WITHHELD

    @property
    def full_text_public(self) -> bool:
        """Whether the body is published (主动公开 only)."""
        return self.disclosure is Disclosure.PROACTIVE

    @property
    def on_request(self) -> bool:
        """Whether it is released on request (依申请公开): listed with its metadata, body not published."""
        return self.disclosure is Disclosure.ON_REQUEST

    def line_of(self, name: str) -> int | None:
        """Line of a front-matter field in the source file, if known."""
        return self.field_lines.get(name)


@dataclass(frozen=True)
class Page:
    """A fixed page of the site (指南, 关于), from content/pages/."""

    source_path: str
    title: str
    slug: str
    body: str
    body_line: int = 1
