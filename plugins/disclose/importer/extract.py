"""Reading one saved page: encoding, metadata block (table, list or label lines), clean body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from charset_normalizer import from_bytes

from .fields import all_labels, field_of

BOILERPLATE = re.compile(
    r"【?(打印本页|关闭窗口|打印|关闭|返回顶部|收藏|分享到)】?|"
    r"(主办单位|承办单位|网站标识码|ICP备|公网安备|联系我们|网站地图|版权所有|技术支持)")


@dataclass
class Page:
    """What was found on one page."""

    source: str
    encoding: str
    raw_meta: dict[str, str] = field(default_factory=dict)
    body: str = ""
    warnings: list[str] = field(default_factory=list)


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 (with or without BOM) first, else the detector's best guess
    among Chinese encodings, decoded with GB18030 (a superset of GB2312 and GBK)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw, cp_isolation=["gb18030", "gbk", "gb2312", "big5", "utf_16"]).best()
    name = (best.encoding if best else "gb18030").lower().replace("_", "-")
    if name in ("gb2312", "gbk", "gb18030", "cp936"):
        return raw.decode("gb18030", errors="replace"), "gb18030" if name == "gb18030" else "gbk"
    return str(best) if best else raw.decode("gb18030", errors="replace"), name


def _text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


def _pairs_from_cells(cells: list[str]) -> list[tuple[str, str]]:
    out, i = [], 0
    while i < len(cells) - 1:
        if field_of(cells[i]):
            out.append((cells[i], cells[i + 1]))
            i += 2
        else:
            i += 1
    return out


def _meta_from_tables(tree: Any) -> tuple[dict[str, str], list[Any]]:
    found: dict[str, str] = {}
    used = []
    for table in tree.iter("table"):
        pairs = []
        for row in table.iter("tr"):
            cells = [_text(c) for c in row if c.tag in ("td", "th")]
            pairs += _pairs_from_cells(cells)
        if len(pairs) >= 2:
            for label, value in pairs:
                found.setdefault(field_of(label), value)
            used.append(table)
    for dl in tree.iter("dl"):
        terms = [(_text(dt_), dt_.getnext()) for dt_ in dl.iter("dt")]
        pairs = [(t, _text(dd)) for t, dd in terms if dd is not None and dd.tag == "dd" and field_of(t)]
        if len(pairs) >= 2:
            for label, value in pairs:
                found.setdefault(field_of(label), value)
            used.append(dl)
    return found, used


def _label_pattern() -> re.Pattern[str]:
    spaced = ["\\s*".join(map(re.escape, label)) for label in all_labels()]
    return re.compile(rf"({'|'.join(spaced)})\s*[:：]\s*")


_LABEL_RE = _label_pattern()
# A value ends where the next "something:" begins (浏览次数: 1024, 字号: 大 中 小).
_NEXT_LABEL = re.compile(r"[\s\u3000]+[^\s:：]{1,8}[:：]")


def meta_from_lines(text: str) -> dict[str, str]:
    """label:value pairs in plain text, several per line allowed (发布时间: … 来源: …)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        marks = list(_LABEL_RE.finditer(line))
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(line)
            value = line[m.end():end]
            cut = _NEXT_LABEL.search(value)
            value = (value[:cut.start()] if cut else value).strip(" \u3000|｜")
            key = field_of(m.group(1))
            if key and key not in found:
                found[key] = value
    return found


def read_page(source: str, raw: bytes) -> Page:
    """Decode and take apart one saved page (HTML or text)."""
    text, encoding = decode(raw)
    page = Page(source, encoding)
    if "\ufffd" in text:
        page.warnings.append("页面含有无法解码的字符（已替换为 �），请核对原文")
    is_html = bool(re.search(r"<\s*(html|body|div|p|table)\b", text[:5000], re.I))
    if is_html:
        _read_html(page, text)
    else:
        page.raw_meta = meta_from_lines(text)
        lines = [ln for ln in text.splitlines() if not _LABEL_RE.search(ln) and not BOILERPLATE.search(ln)]
        if "title" not in page.raw_meta:
            first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
            if first is not None:
                page.raw_meta["title"] = lines.pop(first).strip()
                page.warnings.append("未找到“信息名称”，取自第一行")
        page.body = "\n".join(lines).strip()
    _hygiene(page, text)
    return page


def _read_html(page: Page, text: str) -> None:
    import lxml.html
    import trafilatura

    tree = lxml.html.fromstring(text)
    meta, used = _meta_from_tables(tree)
    for el in used:
        el.getparent().remove(el)
    title = tree.findtext(".//title") or ""
    flat = "\n".join(" ".join(t.split()) for t in tree.itertext() if t.strip())
    for key, value in meta_from_lines(flat).items():
        meta.setdefault(key, value)
    if "title" not in meta:
        h1 = tree.find(".//h1")
        meta_title = _text(h1) if h1 is not None else re.split(r"[-_|｜]", title)[0].strip()
        if meta_title:
            meta["title"] = meta_title
            page.warnings.append("未找到“信息名称”，取自页面标题")
    page.raw_meta = meta
    cleaned = lxml.html.tostring(tree, encoding="unicode")
    body = trafilatura.extract(cleaned, output_format="markdown", include_tables=True,
                               include_comments=False, include_links=False, favor_recall=True) or ""
    lines = [ln for ln in body.splitlines()
             if not BOILERPLATE.search(ln) and not _LABEL_RE.match(ln.strip("#* "))]
    page.body = "\n".join(lines).strip()


def _hygiene(page: Page, text: str) -> None:
    if re.search(r"o:p>|mso-", text):
        page.warnings.append("原页面含有 Word 残留代码（o:p、mso-），正文已清理，请核对格式")
    if re.search(r"[\u4e00-\u9fff]\?\?|\?\?[\u4e00-\u9fff]", text):
        page.warnings.append("原页面含有“??”乱码，请对照原件修正")
