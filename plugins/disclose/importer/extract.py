"""Reading one saved page: encoding, labels, title, original URL and a clean Markdown body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from .labels import Found, scan


@dataclass
class Page:
    """What was found on one page."""

    source: str
    encoding: str
    found: Found = field(default_factory=Found)
    title: str = ""
    title_source: str = ""  # meta / heading / head / first_line
    url: str = ""
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


def meta_from_lines(text: str) -> dict[str, str]:
    """label:value pairs in plain text, several per line allowed (发布时间: … 来源: …)."""
    found = scan([[line] for line in text.splitlines()])
    return {name: values[0] for name, values in found.values.items()}


_TITLE_NOTES = {
    "heading": "未找到“信息名称”，取自正文标题",
    "head": "未找到“信息名称”，取自页面标题（已去掉网站名称）",
    "first_line": "未找到“信息名称”，取自第一行",
}


def read_page(source: str, raw: bytes) -> Page:
    """Decode and take apart one saved page (HTML or text)."""
    from .html import read_html
    from .text import read_text

    text, encoding = decode(raw)
    page = Page(source, encoding)
    if "\ufffd" in text:
        page.warnings.append("页面含有无法解码的字符（已替换为 �），请核对原文")
    is_html = bool(re.search(r"<\s*(html|body|div|p|table)\b", text[:5000], re.I))
    found, title, how, url, paragraphs, notes = (read_html if is_html else read_text)(text)
    page.found, page.title, page.title_source, page.url = found, title, how, url
    page.body = "\n\n".join(paragraphs)
    if how in _TITLE_NOTES and title:
        page.warnings.append(_TITLE_NOTES[how])
    page.warnings += notes
    _hygiene(page, text)
    return page


def _hygiene(page: Page, text: str) -> None:
    if re.search(r"o:p>|mso-", text):
        page.warnings.append("原页面含有 Word 残留代码（o:p、mso-），正文已清理，请核对格式")
    if re.search(r"[\u4e00-\u9fff]\?\?|\?\?[\u4e00-\u9fff]", text):
        page.warnings.append("原页面含有“??”乱码，请对照原件修正")
