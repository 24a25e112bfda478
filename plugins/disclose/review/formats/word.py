"""Word (.docx): body paragraphs and tables, headers, footers, footnotes, endnotes, comments,
tracked insertions and deletions, hidden text, file properties.

python-docx opens the package and its parts; the text is read from the WordprocessingML itself,
because python-docx's `text` leaves out deleted text (w:delText) and does not say what is hidden.
A paragraph is checked as it reads now (insertions in, deletions out); when it has tracked
deletions, also as it read before, keeping only findings that touch the deleted text — so a
corrected phone number neither hides the old one nor merges with it into one long number.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from lxml import etree

from ..parts import Extracted, Part, Segment
from . import ooxml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
DELETED, INSERTED = (W + "del", W + "moveFrom"), (W + "ins", W + "moveTo")
_PARTS = re.compile(r"^/word/(header|footer|footnotes|endnotes|comments)(\d*)\.xml$")
# Parts read above as text (the sweep takes only their attribute values and fallbacks) and the
# core properties read through python-docx; every other part is swept whole (ooxml.sweep).
_READ = re.compile(r"word/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
_SKIP = re.compile(r"docProps/core\.xml")
_PART_LABEL = {"header": "页眉", "footer": "页脚", "footnotes": "脚注", "endnotes": "尾注", "comments": "批注"}


@dataclass
class _Run:
    text: str
    deleted: bool
    inserted: bool
    label: str  # "隐藏文字", "域代码" or ""


def _is_on(el: etree._Element | None) -> bool:
    return el is not None and el.get(W + "val", "true").lower() not in ("false", "0", "off")


def _runs(el: etree._Element, out: list[_Run], people: set[str], deleted: bool = False,
          inserted: bool = False, label: str = "") -> list[_Run]:
    """The text of an element in document order, with its revision and visibility state."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag == MC_FALLBACK or tag in (W + "rPr", W + "pPr"):
            continue  # comments, the duplicate of a text box, formatting (incl. rPrChange)
        if tag in DELETED or tag in INSERTED:
            people.add(child.get(W + "author", ""))
            _runs(child, out, people, deleted or tag in DELETED, inserted or tag in INSERTED, label)
        elif tag == W + "r":
            rpr = child.find(W + "rPr")
            hidden = rpr is not None and (_is_on(rpr.find(W + "vanish")) or _is_on(rpr.find(W + "specVanish")))
            _runs(child, out, people, deleted, inserted, "隐藏文字" if hidden else label)
        elif tag in (W + "t", W + "delText"):
            out.append(_Run(child.text or "", deleted, inserted, label))
        elif tag == W + "instrText":
            out.append(_Run(child.text or "", deleted, inserted, "域代码"))
        elif tag == W + "tab":
            out.append(_Run("\t", deleted, inserted, label))
        elif tag in (W + "br", W + "cr", W + "p"):
            if tag == W + "p":
                _runs(child, out, people, deleted, inserted, label)
            out.append(_Run(" ", deleted, inserted, label))
        elif tag == W + "noBreakHyphen":
            out.append(_Run("-", deleted, inserted, label))
        else:
            _runs(child, out, people, deleted, inserted, label)
    return out


def _view(runs: list[_Run], now: bool) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """The text as it reads now (deletions out) or before (insertions out), with marks."""
    text, marks, pos = [], [], 0
    for run in runs:
        if (run.deleted if now else run.inserted):
            continue
        label = "修订删除" if run.deleted else run.label
        if label:
            marks.append((pos, pos + len(run.text), label))
        text.append(run.text)
        pos += len(run.text)
    return "".join(text), tuple(marks)


def _segments(el: etree._Element, where: str, people: set[str]) -> list[Segment]:
    runs = _runs(el, [], people)
    text, marks = _view(runs, now=True)
    segments = [Segment(where, text, marks)]
    if any(r.deleted for r in runs):
        before, before_marks = _view(runs, now=False)
        segments.append(Segment(where, before, before_marks, only="修订删除"))
    return segments


class _Walker:
    """Block-level content (paragraphs, tables, content controls) of one container, in order."""

    def __init__(self, part: Part, name: str, people: set[str]) -> None:
        self.part, self.name, self.people = part, name, people
        self.paragraphs = self.tables = 0

    def walk(self, container: etree._Element) -> None:
        for child in container:
            if child.tag == W + "p":
                self.paragraphs += 1
                for seg in _segments(child, f"{self.name}第{self.paragraphs}段", self.people):
                    self.part.line(seg)
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "del"):
                self.walk(child)

    def table(self, tbl: etree._Element) -> None:
        self.tables += 1
        rows, later = [], []
        for r, tr in enumerate(tbl.iterchildren(W + "tr"), 1):
            row: list[Segment | None] = []
            for c, tc in enumerate(tr.iterchildren(W + "tc"), 1):
                segs = _segments(tc, f"{self.name}表格{self.tables}第{r}行第{c}列", self.people)
                row.append(segs[0])
                later += segs[1:]
            rows.append(row)
        self.part.table(rows)
        for seg in later:
            self.part.line(seg)


def read_docx(data: bytes) -> Extracted:
    """Every text-bearing part of a .docx file."""
    import docx

    document = docx.Document(io.BytesIO(data))
    out = Extracted()
    core = document.core_properties
    out.people.update(p for p in (core.author, core.last_modified_by) if p)
    props = out.part()
    for label, value in (("标题", core.title), ("主题", core.subject), ("关键词", core.keywords),
                         ("备注", core.comments), ("类别", core.category)):
        props.line(Segment(f"文件属性 {label}", value or ""))
    _Walker(out.part(), "", out.people).walk(document.element.body)
    for part in sorted(document.part.package.iter_parts(), key=lambda p: str(p.partname)):
        m = _PARTS.match(str(part.partname))
        if not m:
            continue
        kind, label = m.group(1), _PART_LABEL[m.group(1)] + m.group(2)
        root = part.element if hasattr(part, "element") else etree.fromstring(part.blob, _SAFE)
        if kind in ("header", "footer"):
            _Walker(out.part(), label, out.people).walk(root)
            continue
        target = out.part()
        for item in root:  # w:comment, w:footnote, w:endnote
            note_id = item.get(W + "id", "")
            if kind != "comments" and note_id in ("-1", "0"):
                continue  # separator notes
            out.people.add(item.get(W + "author", ""))
            name = _PART_LABEL[kind] + str(int(note_id) + 1 if kind == "comments" and note_id.isdigit() else note_id)
            # A note of several paragraphs is one segment, a line per paragraph.
            paragraphs = [_segments(p, name, out.people) for p in item.iter(W + "p")]
            text = "\n".join(s[0].text for s in paragraphs)
            target.line(Segment(name, text))
            for segs in paragraphs:
                for seg in segs[1:]:
                    target.line(seg)
    swept, unreadable = out.part(), []
    for seg in ooxml.sweep(data, _READ, _SKIP, unreadable):
        swept.line(seg)
    out.specials += ooxml.unreadable_specials(unreadable)
    return out
