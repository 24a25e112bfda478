"""What changed since the last approved version: metadata fields, text (character runs for
Chinese, words for Latin script and numbers), attachments added, removed or changed.

The last approved version is the one the corpus keeps live (`Entry.live`), else the newest
version in git history carrying a signed approval (`approval/live.find`, the same search the
build uses); without one the document is new (新文档).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import Corpus, Entry, LiveVersion, _Worker
from ..model import Attachment, Document
from ..reader import DOC_FIELDS
from ..review.finding import Finding

# One token per Han character (Chinese has no spaces: a changed word is a run of changed
# characters), one per run of Latin letters/digits, one per run of spaces, else one character.
TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+(?:[.,:][0-9]+)*|\s+|.", re.S)
CONTEXT = 2  # unchanged lines kept around a change


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass
class Line:
    """One line of the text diff: segments of (op, text) with op in equal/insert/delete, or a
    note that unchanged lines were left out."""

    segments: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0
    removed: bool = False  # old lines with nothing of the new text on them

    @property
    def changed(self) -> bool:
        return any(op != "equal" for op, _ in self.segments)


@dataclass(frozen=True)
class AttachmentChange:
    path: str
    title: str
    change: str                    # 新增 / 删除 / 已修改 / 未改动
    findings: tuple[Finding, ...]  # the current file's own findings (masked)


@dataclass
class Changes:
    base: LiveVersion | None
    fields: list[FieldChange]
    text: list[Line]
    attachments: list[AttachmentChange]

    @property
    def is_new(self) -> bool:
        return self.base is None

    @property
    def text_changed(self) -> bool:
        return any(line.changed for line in self.text)


def last_approved(corpus: Corpus, entry: Entry) -> LiveVersion | None:
    """The last approved version other than the current one, or None (新文档)."""
    if entry.live is not None:
        return entry.live
    if corpus.gate is None or corpus.history is None or entry.records is None:
        return None
    if not corpus.gate.approved_hashes(entry.records, entry.sha):
        return None
    from ..approval import live

    worker = _Worker(corpus.settings, corpus.repo_root, corpus.content_root, "", True)
    return live.find(corpus, corpus.gate, corpus.history, worker, entry)


def _value(doc: Document, name: str) -> str:
    """A field as written in the front matter ('' when the version does not write it: values the
    build derives, such as a summary or publish date, are not edits)."""
    if name not in doc.field_lines:
        return ""
    value = getattr(doc, name, "")
    if isinstance(value, tuple):
        return "、".join(v.title if isinstance(v, Attachment) else str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def field_changes(old: Document, new: Document) -> list[FieldChange]:
    out = []
    for name, label in DOC_FIELDS.items():
        if name == "attachments":
            continue  # compared by file below
        a, b = _value(old, name), _value(new, name)
        if a != b:
            out.append(FieldChange(name, label, a, b))
    return out


def _merge(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for op, text in segments:
        if text and out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        elif text:
            out.append((op, text))
    return out


def inline_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Token-level diff of two strings: (op, text) with op equal/delete/insert."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    segs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            segs.append(("equal", "".join(a[i1:i2])))
            continue
        segs.append(("delete", "".join(a[i1:i2])))
        segs.append(("insert", "".join(b[j1:j2])))
    return _merge(segs)


def text_diff(old: str, new: str) -> list[Line]:
    """Lines of the new text with changes marked; a changed block of lines is diffed by tokens
    (so one changed sentence in a paragraph is what lights up, not the paragraph)."""
    a, b = old.splitlines(), new.splitlines()
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: list[Line] = []
    ops = sm.get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            lines = b[j1:j2]
            head = lines[:CONTEXT] if n > 0 else []
            tail = lines[-CONTEXT:] if n < len(ops) - 1 else []
            if len(head) + len(tail) >= len(lines):
                out += [Line([("equal", x)]) for x in lines]
            else:
                out += [Line([("equal", x)]) for x in head]
                out.append(Line(skipped=len(lines) - len(head) - len(tail)))
                out += [Line([("equal", x)]) for x in tail]
            continue
        if j1 == j2:  # lines only removed: shown struck through, not lines of the new text
            gone = "\n".join(a[i1:i2])
            if gone:
                out.append(Line([("delete", gone)], removed=True))
            continue
        segs = inline_diff("\n".join(a[i1:i2]), "\n".join(b[j1:j2]))
        line = Line()
        for op, text in segs:  # split back into the new text's lines, keeping each op's marking
            if op == "delete":  # deleted line breaks are no lines of the new text: kept inside <del>
                line.segments.append((op, text))
                continue
            parts = text.split("\n")
            for k, part in enumerate(parts):
                if k:
                    out.append(line)
                    line = Line()
                if part:
                    line.segments.append((op, part))
        out.append(line)
    return out


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def attachment_changes(corpus: Corpus, entry: Entry, base: LiveVersion | None) -> list[AttachmentChange]:
    doc = entry.doc

    def files(d: Document) -> list[Attachment]:  # a dataset's data files count as its attachments
        return [*d.attachments, *(Attachment(p, "数据文件", 0) for p in (d.datasets if d.is_dataset else ()))]

    old = {a.path: a for a in files(base.doc)} if base else {}
    out = []
    for a in files(doc):
        own = tuple(f for f in entry.findings if f.path == a.path or f.path.startswith(a.path + "!"))
        if base is None or a.path not in old:
            change = "新增"
        elif _digest(corpus.repo_root / a.path) != _digest(base.files_root / a.path):
            change = "已修改"
        else:
            change = "未改动"
        out.append(AttachmentChange(a.path, a.title, change, own))
    current = {a.path for a in files(doc)}
    out += [AttachmentChange(p, a.title, "删除", ()) for p, a in old.items() if p not in current]
    return out


def changes(corpus: Corpus, entry: Entry) -> Changes:
    base = last_approved(corpus, entry)
    if base is None:
        return Changes(None, [], [], attachment_changes(corpus, entry, None))
    return Changes(base, field_changes(base.doc, entry.doc), text_diff(base.doc.body, entry.doc.body),
                   attachment_changes(corpus, entry, base))
