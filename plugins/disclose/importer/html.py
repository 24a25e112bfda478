"""Reading a saved HTML page: metadata from the DOM, the title, the original URL, the body."""

from __future__ import annotations

import re
from typing import Any

import lxml.html

from . import dom
from .body import clean_paragraphs
from .fields import doc_no_line
from .labels import Found, remainder, scan

# class/id words of page furniture (navigation, header, footer, sharing, QR codes, tools).
NOISE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|header|head|top|topbar|banner|logo|footer|foot|bottom|copyright|"
    r"crumbs?|breadcrumb\w*|location|position|dqwz|share|bdshare|print|qr|qrcode|ewm|erweima|"
    r"tools?|toolbar|editor|related|xgwz|xglj|pagenav|prev|next|fontsize|sidebar|leftnav|"
    r"left-?col|rightnav|siteinfo|jiucuo)($|[\s_-])", re.I)
# class/id words of the content container on common government CMS templates.
CONTENT = re.compile(r"UCAP-CONTENT|zoom|TRS_Editor|article-content|pages_content|xxgk_content|"
                     r"bt_content|maincontent|Section0|^content$|^zw$|^txt$|^wzy|detail", re.I)
TITLE_ATTR = re.compile(r"title|^tit$|^bt$|biaoti|headline", re.I)
# Separators between a document title and the site or column name in <title>.
TITLE_SEPS = ("_", "｜", "|", " - ", "--", "——", " — ")
SITE_WORDS = re.compile(r"(政府|人民|网|门户|局|委|办|厅|中心|部|院|会|署|分局|平台|公开)$")
SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
STRAY_END = re.compile(r"</\s*(html|body)\s*>", re.I)


def attrs(el: Any) -> str:
    """class and id of an element, space-separated."""
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip()


def parse(text: str) -> Any:
    """The DOM; a stray </html> or </body> before the content does not end the document."""
    text = STRAY_END.sub("", re.sub(r"^\s*<\?xml[^>]*>", "", text))
    return lxml.html.document_fromstring(text)


def original_url(text: str, tree: Any) -> str:
    """The page's own URL when the saved copy names it (canonical, og:url, 'saved from')."""
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content',
                  '//meta[@name="url"]/@content'):
        found = tree.xpath(xpath)
        if found and found[0].startswith(("http://", "https://")):
            return found[0].strip()
    m = SAVED_FROM.search(text[:2000])
    return m.group(1) if m else ""


def title_from_head(head: str) -> str:
    """<title> without the site name: cut at the separator before the site or column name,
    never at a '-' inside the title itself (1-10月…)."""
    title = " ".join(head.split())
    for sep in TITLE_SEPS:
        if sep in title:
            return title.split(sep)[0].strip()
    while "-" in title:
        left, right = title.rsplit("-", 1)
        if not SITE_WORDS.search(right.strip()) or not left.strip():
            break
        title = left.strip()
    return title


def _excluded_heading(el: Any) -> bool:
    if el.find(".//img") is not None:
        return True
    for anc in [el, *el.iterancestors()]:
        if re.search(r"logo|header|^head$|banner|nav|menu|top", attrs(anc), re.I) and dom.tag_of(anc) != "body":
            return True
    return any((a.get("href") or "").strip() in ("/", "./", "index.html", "/index.html") for a in el.iter("a"))


def headings(tree: Any) -> list[Any]:
    """Title-like elements of the content, in document order (logos and banners left out)."""
    body = tree.find("body")
    out = []
    for el in (body if body is not None else tree).iter():
        tag = dom.tag_of(el)
        if tag in ("h1", "h2", "h3") or (tag in ("div", "p", "td", "span") and TITLE_ATTR.search(attrs(el))):
            text = dom.text_of(el)
            if 4 <= len(text) <= 150 and not _excluded_heading(el):
                out.append(el)
    return out


def pick_title(found: Found, tree: Any, head: str) -> tuple[str, str, Any]:
    """(title, where it came from, the heading element used or None)."""
    heads = headings(tree)
    meta = found.first("title")
    if meta:
        return meta, "meta", next((h for h in heads if dom.text_of(h) == meta), None)
    cleaned = title_from_head(head)
    for h in heads:
        if cleaned and (dom.text_of(h) in head or cleaned in dom.text_of(h)):
            return dom.text_of(h), "heading", h
    if heads and dom.tag_of(heads[0]) == "h1":
        return dom.text_of(heads[0]), "heading", heads[0]
    return cleaned, "head", None


def _strip_metadata(lines: dom.Lines, found: Found) -> None:
    meta_chars: dict[Any, int] = {}
    for i, spans in found.spans.items():
        owner = lines.owners[i]
        if owner is None:
            continue
        rest = "".join(remainder(lines.cells[i], spans))
        rest = re.sub(r"[^\s:：]{1,8}[:：]\s*\S{0,12}", "", rest)  # 浏览次数：312, 字体：大 中 小
        meta_chars[owner] = meta_chars.get(owner, 0) + sum(map(len, lines.cells[i])) - len(rest)
    for owner, chars in meta_chars.items():
        if owner.getparent() is not None and len(dom.text_of(owner).replace(" ", "")) - chars < 15:
            dom.remove(owner)


def _drop_noise(tree: Any) -> None:
    for el in list(tree.iter()):
        if el.getparent() is None:
            continue
        tag = dom.tag_of(el)
        if not tag or tag in dom.DROP or tag == "o:p":
            dom.remove(el)
        elif el.get("hidden") is not None or dom.HIDDEN.search(el.get("style") or ""):
            dom.remove(el)
    protected = {a for el in tree.iter() if isinstance(el.tag, str) and CONTENT.search(attrs(el))
                 for a in [el, *el.iterancestors()]}
    for el in list(tree.iter()):
        if el.getparent() is None or el in protected or not isinstance(el.tag, str):
            continue
        if dom.tag_of(el) not in ("body", "html") and NOISE.search(attrs(el)):
            dom.remove(el)
        elif dom.tag_of(el) in ("ul", "ol", "div", "td") and _link_list(el):
            dom.remove(el)


def _link_list(el: Any) -> bool:
    text = dom.text_of(el)
    links = [dom.text_of(a) for a in el.iter("a")]
    return len(links) >= 3 and len(text) < 300 and sum(map(len, links)) >= 0.7 * len(text.replace(" ", ""))


def _container(tree: Any) -> Any:
    body = tree.find("body")
    hinted = [el for el in tree.iter() if isinstance(el.tag, str) and CONTENT.search(attrs(el))
              and len(dom.text_of(el)) >= 40]
    if not hinted:
        return body if body is not None else tree
    best = max(hinted, key=lambda el: len(dom.text_of(el)))
    return best


def _unwrap_layout(root: Any) -> None:
    for table in list(root.iter("table")):
        if table.getparent() is not None and not dom.is_data_table(table):
            for part in list(table.iter("tbody", "thead", "tfoot", "tr")):
                part.tag = "div"
            for cell in list(table.iter("td", "th")):
                cell.tag = "div"
            table.tag = "div"


def read_html(text: str) -> tuple[Found, str, str, str, list[str], list[str]]:
    """(labels, title, title source, original URL, body paragraphs, notes) of one page."""
    tree = parse(text)
    head = tree.findtext(".//title") or ""
    url = original_url(text, tree)
    for el in list(tree.iter()):
        if dom.tag_of(el) in ("script", "style", "noscript") or not isinstance(el.tag, str):
            dom.remove(el)
    lines = dom.lines_of(tree.find("body") if tree.find("body") is not None else tree)
    found = scan(lines.cells)
    title, source, heading = pick_title(found, tree, head)
    if heading is not None:
        _doc_no_under(found, heading)
        dom.remove(heading)
    _strip_metadata(lines, found)
    _drop_noise(tree)
    root = _container(tree)
    _unwrap_layout(root)
    paragraphs = dom.markdown(root)
    return found, title, source, url, clean_paragraphs(paragraphs, title), []


def _doc_no_under(found: Found, heading: Any) -> None:
    """A 文号 printed as its own element right under the title heading."""
    nxt = heading.getnext()
    if nxt is not None and (number := doc_no_line(dom.text_of(nxt))):
        if not found.first("doc_no"):
            found.add("doc_no", number)
        dom.remove(nxt)
