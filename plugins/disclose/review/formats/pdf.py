"""PDF: the text layer of every page (pdfminer.six layout analysis), text drawn over by a
filled shape or an image later in the page (a failed redaction), pages with no text at all
(scans), and the document information (Author, Title, ...).

pdfminer's layout objects are stamped with their drawing order before the layout analysis
groups them: a box drawn after a character covers it, a box drawn before it is a background
(table shading) and does not.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from ..parts import Extracted, Segment, Special

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


def read_pdf(data: bytes) -> Extracted:
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
    return out
