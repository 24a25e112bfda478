"""SVG files are published only through a strict allow-list, and other active file types never.

A browser opening an SVG (or HTML, XML) file from the site runs its scripts with the site's
origin. `clean` rebuilds an SVG from allow-listed drawing elements only; anything that could run
or fetch something (scripts, event attributes, foreignObject, foreign namespaces, external
references, animation, DOCTYPE/entities) makes it refuse the file with a reason, rather than
quietly publish something other than what was approved.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Editor bookkeeping (Inkscape, Sodipodi, RDF metadata): dropped, never rendered.
_DROPPED_NS = {
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#",
}
_ELEMENTS = {
    "svg", "g", "defs", "symbol", "use", "title", "desc", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop",
    "clipPath", "mask", "pattern", "marker", "style", "filter", "feGaussianBlur", "feOffset", "feBlend",
    "feColorMatrix", "feComposite", "feFlood", "feMerge", "feMergeNode", "feMorphology", "feDropShadow",
}
_DROPPED_ELEMENTS = {"metadata"}
# Served by a browser as active documents: never published as attachments or linked files.
ACTIVE_SUFFIXES = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt", ".js", ".mjs",
                   ".svgz", ".swf"}
_URL = re.compile(r"url\s*\(\s*['\"]?\s*([^)'\"\s]*)", re.I)
_BAD_CSS = re.compile(r"@import|expression\s*\(|javascript:|\\|<", re.I)


class SvgRefused(Exception):
    """The SVG cannot be published; the message (Chinese) says what was found."""


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        return ns, local
    return "", tag


def _check_css(text: str, where: str) -> None:
    if _BAD_CSS.search(text):
        raise SvgRefused(f"{where}中的样式含有 @import、expression、javascript: 或转义字符")
    for target in _URL.findall(text):
        if not target.startswith("#"):
            raise SvgRefused(f"{where}中的样式引用了外部资源“{target[:60]}”")


def _check_attributes(el: ET.Element, name: str) -> None:
    for key in list(el.attrib):
        value = el.attrib[key]
        ns, local = _split(key)
        if ns in _DROPPED_NS:
            del el.attrib[key]
            continue
        if ns not in ("", XLINK_NS, XML_NS):
            raise SvgRefused(f"元素 <{name}> 有未知命名空间的属性“{local}”")
        if local.lower().startswith("on"):
            raise SvgRefused(f"元素 <{name}> 有事件属性 {local}（可执行脚本）")
        if "javascript:" in re.sub(r"[\s\x00-\x1f]", "", value).lower():
            raise SvgRefused(f"元素 <{name}> 的属性 {local} 含有 javascript:")
        if local == "href" and not value.startswith("#"):
            raise SvgRefused(f"元素 <{name}> 引用了外部资源“{value[:60]}”")
        if local == "style" or "url(" in value.lower():
            _check_css(value, f"元素 <{name}> 的 {local} 属性")


def _clean_tree(el: ET.Element) -> None:
    ns, name = _split(el.tag)
    if ns != SVG_NS or name not in _ELEMENTS:
        raise SvgRefused(f"含有不允许的元素 <{name}>" + ("（可执行脚本）" if name == "script" else ""))
    _check_attributes(el, name)
    if name == "style":
        _check_css(el.text or "", "<style> 元素")
    for child in list(el):
        child_ns, child_name = _split(child.tag) if isinstance(child.tag, str) else ("", "")
        if not isinstance(child.tag, str) or child_ns in _DROPPED_NS or \
                (child_ns == SVG_NS and child_name in _DROPPED_ELEMENTS):
            el.remove(child)  # comments, processing instructions, editor metadata
        else:
            _clean_tree(child)


def clean(data: bytes) -> bytes:
    """The SVG rebuilt from allow-listed elements and attributes; SvgRefused says why not."""
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.I):
        raise SvgRefused("含有 DOCTYPE 或实体声明（可引用外部文件）")
    if re.search(rb"<\?xml-stylesheet", data, re.I):
        raise SvgRefused("含有 xml-stylesheet 处理指令（可加载外部样式或脚本）")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SvgRefused(f"不是有效的 XML（{exc}）") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise SvgRefused("根元素不是 SVG 命名空间中的 <svg>")
    _clean_tree(root)
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def refusal(path: Path) -> str | None:
    """Why this file cannot be published as an attachment or linked file (Chinese), or None."""
    suffix = path.suffix.lower()
    if suffix in ACTIVE_SUFFIXES:
        return f"“{suffix}”文件在浏览器中可执行脚本，不能作为附件或链接文件发布"
    if suffix == ".svg":
        try:
            clean(path.read_bytes())
        except SvgRefused as exc:
            return f"SVG 文件{exc}，不能发布"
    return None
