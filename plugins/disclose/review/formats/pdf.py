"""PDF: the text layer of every page (pdfminer.six layout analysis), text drawn over by a
filled shape or an image later in the page (a failed redaction), pages with no text at all
(scans), the document information (Author, Title, ...), and everything else of the file a
reader can see: every string of every object (annotations and notes, link targets, form-field
values, bookmark titles, named destinations), XMP metadata streams, and embedded files (read
as an attachment of the same name, one level deep; a file embedded in those blocks).

The text layer is read line by line; letter-spaced digits or digit groups set apart come out as
pieces on lines of their own, so each page is also checked with the lines of digits joined (as
Markdown soft breaks are), keeping only findings that cross such a join.

pdfminer's layout objects are stamped with their drawing order before the layout analysis
groups them: a box drawn after a character covers it, a box drawn before it is a background
(table shading) and does not.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from ..parts import Extracted, Segment, Special

Reader = Callable[[str, bytes], tuple[str | None, Extracted]]
ORDER = "_disclose_order"
PDF_INFO = (("Title", "标题"), ("Subject", "主题"), ("Keywords", "关键词"), ("Author", "作者"),
            ("Creator", "创建程序"))


def _walk(item: Any) -> Iterator[Any]:
    yield item
    if hasattr(item, "__iter__") and not isinstance(item, str | bytes):
        for child in item:
            yield from _walk(child)


def _aggregator(rsrc: Any, laparams: Any) -> Any:
    from pdfminer.converter import PDFPageAggregator

    class Ordered(PDFPageAggregator):
        def end_page(self, page: Any) -> None:
            for i, obj in enumerate(_walk(self.cur_item)):
                setattr(obj, ORDER, i)
            super().end_page(page)

    return Ordered(rsrc, laparams=laparams)


def _text(layout: Any) -> tuple[str, list[Any]]:
    """Page text line by line, and for each character of it the LTChar (None for spaces)."""
    from pdfminer.layout import LTAnno, LTChar, LTFigure, LTTextLine

    text: list[str] = []
    chars: list[Any] = []

    def add(items: Any) -> None:
        for ch in items:
            t = ch.get_text()
            text.append(t)
            chars.extend([ch if isinstance(ch, LTChar) else None] * len(t))
        if not text or not text[-1].endswith("\n"):
            text.append("\n")
            chars.append(None)

    for obj in _walk(layout):
        if isinstance(obj, LTTextLine):
            add(obj)
    # Characters in figures (form XObjects) are not grouped into lines by the analysis.
    for fig in (o for o in layout if isinstance(o, LTFigure)):
        add(c for c in _walk(fig) if isinstance(c, LTChar | LTAnno))
    return "".join(text), chars


def _covers(layout: Any) -> list[tuple[int, tuple[float, float, float, float]]]:
    """Filled shapes and images, with their drawing order."""
    from pdfminer.layout import LTCurve, LTImage

    return [(getattr(o, ORDER, -1), o.bbox) for o in _walk(layout)
            if (isinstance(o, LTCurve) and o.fill) or isinstance(o, LTImage)]


def _hidden(chars: list[Any], covers: list[tuple[int, tuple[float, float, float, float]]]) -> list[bool]:
    out = []
    for ch in chars:
        if ch is None or not covers:
            out.append(False)
            continue
        order = getattr(ch, ORDER, 0)
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.y0 + ch.y1) / 2
        out.append(any(o > order and x0 <= cx <= x1 and y0 <= cy <= y1 for o, (x0, y0, x1, y1) in covers))
    return out


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    return runs


JOINED = "跨行相连"
# A line break between a digit (or a separator, a check character) and a digit.
_JOIN = re.compile(r"(?<=[0-9０-９Xx \-])\n(?=[ ]*[0-9０-９])")


def _joined(where: str, text: str) -> Segment | None:
    """The page with its lines of digits joined; a zero-width mark at each join, findings kept
    only where they cross one."""
    if not _JOIN.search(text):
        return None
    pieces, marks, pos, last = [], [], 0, 0
    for m in _JOIN.finditer(text):
        pieces.append(text[last:m.start()])
        pos += m.start() - last
        marks.append((pos, pos, JOINED))
        last = m.end()
    pieces.append(text[last:])
    return Segment(where, "".join(pieces), tuple(marks), only=JOINED)


def _strings(obj: Any, out: list[str], specs: list[dict], depth: int = 0) -> None:
    """Every string inside a PDF object (dictionaries, arrays), decoded, and the file
    specifications with embedded files (/EF) in it, direct ones too (a FileAttachment
    annotation's /FS). References are not followed: every object of the file is visited on its
    own (`_objects`)."""
    from pdfminer.pdftypes import PDFStream
    from pdfminer.utils import decode_text

    if depth > 32:
        return
    if isinstance(obj, bytes):
        out.append(decode_text(obj))
    elif isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, PDFStream):
        _strings(obj.attrs, out, specs, depth + 1)
    elif isinstance(obj, dict):
        if "EF" in obj:
            specs.append(obj)
        for value in obj.values():
            _strings(value, out, specs, depth + 1)
    elif isinstance(obj, list | tuple):
        for value in obj:
            _strings(value, out, specs, depth + 1)


def _objects(document: Any) -> Iterator[tuple[int, Any]]:
    seen = set()
    for xref in document.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            try:
                yield objid, document.getobj(objid)
            except Exception:  # noqa: BLE001 - a free or broken entry
                continue


def _name(value: Any) -> str:
    from pdfminer.utils import decode_text

    return decode_text(value) if isinstance(value, bytes) else str(value or "")


def _file_parts(document: Any, out: Extracted, depth: int, read: Reader | None) -> None:
    """Strings of every object but the document information (read above), XMP metadata,
    embedded files."""
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import PSLiteral

    from . import ooxml

    # The document information is read above (with its Author for attach.metadata).
    info_ids = {getattr(xref.get_trailer().get("Info"), "objid", None) for xref in document.xrefs}
    strings: list[str] = []
    xmp: list[str] = []
    embedded: list[tuple[str, bytes]] = []
    specs: list[dict] = []
    streams: set[int] = set()
    for objid, obj in _objects(document):
        if objid in info_ids:
            continue
        if isinstance(obj, PDFStream):
            kind = obj.attrs.get("Type")
            sub = obj.attrs.get("Subtype")
            kind = kind.name if isinstance(kind, PSLiteral) else kind
            sub = sub.name if isinstance(sub, PSLiteral) else sub
            if kind == "Metadata" or sub == "XML":
                xml = obj.get_data().decode("utf-8", "replace")
                xmp += ooxml.texts(xml) + ooxml.attrs(xml)
            continue  # content streams are read as page text; fonts, images hold none
        if isinstance(obj, dict | list):
            _strings(obj, strings, specs)
    for spec in specs:
        ef = resolve1(spec.get("EF"))
        if isinstance(ef, dict):
            name = _name(resolve1(spec.get("UF")) or resolve1(spec.get("F")))
            for key in ("UF", "F", "DOS", "Mac", "Unix"):
                stream = resolve1(ef.get(key))
                if isinstance(stream, PDFStream) and id(stream) not in streams:
                    streams.add(id(stream))
                    embedded.append((name, stream.get_data()))
    extra = out.part()
    text = ooxml.join(strings)
    extra.line(Segment("文件对象（批注、链接、表单、书签等）", text))
    extra.line(Segment("XMP 元数据", ooxml.join(xmp)))
    for name, blob in embedded:
        where = f"嵌入文件 {name}"
        if depth:
            out.specials.append(Special(
                "attach.unsupported", where, "嵌入文件中又嵌入了文件，系统不再逐层检查，因此阻止发布",
                "请删除 PDF 中的嵌入文件，改为单独的附件（PDF、DOCX、XLSX 或 CSV）"))
            continue
        _embedded(name, blob, where, out, read)


def _embedded(name: str, blob: bytes, where: str, out: Extracted, read: Reader | None) -> None:
    from pathlib import PurePosixPath

    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    text: str | None = None
    if suffix == ".pdf":
        inner = _read(blob, 1, read)  # a parser error fails the whole file closed (attach.broken)
    elif read is not None:
        text, inner = read(suffix, blob)
    else:
        inner = Extracted(specials=[Special("attach.unsupported", "", "嵌入文件无法自动检查，因此阻止发布",
                                            "请删除 PDF 中的嵌入文件，改为单独的附件")])
    if text is not None:
        out.part().line(Segment(where, text))
        return
    for part in inner.parts:
        part.segments[:] = [replace(seg, where=f"{where} {seg.where}") for seg in part.segments]
        out.parts.append(part)
    out.specials += [replace(sp, where=f"{where} {sp.where}".strip()) for sp in inner.specials]
    out.people |= inner.people


def read_pdf(data: bytes, read: Reader | None = None) -> Extracted:
    """Every page's text layer, the document information, every string of the file, XMP
    metadata and embedded files of a PDF; `read` (formats.read, passed in so this module does
    not import its package) reads an embedded file of another type. Without it they block."""
    return _read(data, 0, read)


def _read(data: bytes, depth: int, read: Reader | None) -> Extracted:
    """Every page's text layer and the document information of a PDF."""
    from pdfminer.layout import LAParams, LTChar, LTCurve, LTImage
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    out = Extracted()
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    info = out.part()
    for entry in document.info:
        for key, label in PDF_INFO:
            value = resolve1(entry.get(key))
            text = decode_text(value) if isinstance(value, bytes) else str(value or "")
            if key == "Author":
                out.people.add(text)
            info.line(Segment(f"文件属性 {label}", text))
    rsrc = PDFResourceManager()
    # boxes_flow=None: lines still form, the costly hierarchical grouping of boxes is skipped.
    device = _aggregator(rsrc, LAParams(boxes_flow=None))
    interpreter = PDFPageInterpreter(rsrc, device)
    pages = out.part()
    for n, page in enumerate(PDFPage.create_pages(document), 1):
        interpreter.process_page(page)
        layout = device.get_result()
        text, chars = _text(layout)
        covers = _covers(layout)
        runs = [(a, b) for a, b in _runs(_hidden(chars, covers)) if text[a:b].strip()]
        pages.line(Segment(f"第{n}页", text, tuple((a, b, "被遮盖") for a, b in runs)))
        joined = _joined(f"第{n}页", text)
        if joined is not None:
            pages.line(joined)
        if runs:
            count = sum(len(text[a:b].strip()) for a, b in runs)
            out.specials.append(Special(
                "attach.redaction", f"第{n}页",
                f"第 {n} 页有 {count} 个字符被填充方块或图片盖住，但仍在文字层中，可被复制和检索：涂黑无效",
                "用 PDF 软件的“编辑/密文（涂黑）”功能真正删除文字，或在源文件中删除后重新生成 PDF",
                f"【被遮盖的 {count} 个字符】"))
        objects = list(_walk(layout))
        if not any(isinstance(o, LTChar) for o in objects) and \
                any(isinstance(o, LTImage | LTCurve) for o in objects):
            out.specials.append(Special(
                "attach.no_text", f"第{n}页", f"第 {n} 页没有文字层（可能是扫描件），内容无法自动检查",
                "请审查员逐页查看图像内容；能提供文字版 PDF 时请替换"))
    _file_parts(document, out, depth, read)
    return out
