"""Cleaning the body paragraphs of HTML pages and text dumps: the noise real pages carry."""

from __future__ import annotations

import re

# Word styles pasted as text (@font-face, p.MsoNormal{mso-…}, /* Style Definitions */).
CSS = re.compile(r"/\*.*?\*/|@font-face\s*\{[^{}]*\}|[\w.#:,\s-]*\{[^{}]*(mso-|font-family|margin)[^{}]*\}",
                 re.S | re.I)
# Short lines of page furniture: QR codes, tools, sharing, font size, correction links.
FURNITURE = re.compile(
    r"扫一扫|扫码|二维码|手机(打开|浏览|扫描)|打印本页|关闭窗口|【?打印】?|【?关闭】?|分享到|"
    r"字号|字体[:：]|【?我要纠错】?|责任编辑|浏览次数|访问量|点击数|返回顶部|收藏本页|上一篇|下一篇|"
    r"相关链接|相关文件|相关阅读|当前位置|您当前的位置|您现在的位置")
# Footer lines of the old site (what follows them to the end is footer too).
FOOTER = re.compile(r"主办单位|承办单位|网站标识码|ICP备|公网安备|版权所有|技术支持|联系地址|联系电话|"
                    r"联系我们|网站地图|地址[:：].{0,30}号|邮编[:：]|建议使用.*浏览器|分辨率")
# Entries of a site's navigation in plain-text dumps.
NAV_WORDS = re.compile(r"^(网站首页|首页|繁体版?|简体版?|无障碍(浏览)?|长者模式|关怀版|English|设为首页|"
                       r"加入收藏|网站地图|政务公开|政务服务|互动交流|走进\S{1,4}|新闻中心|信息公开|"
                       r"政府信息公开|办事服务|公众参与|数据发布|专题专栏|机构概况)$")
FURNITURE_MAX = 40  # a longer line is text even when it mentions a QR code


def is_furniture(line: str) -> bool:
    """A short line that belongs to the page, not to the document."""
    text = line.strip("#-*| \u3000")
    return not text or (len(text) <= FURNITURE_MAX and bool(FURNITURE.search(text))) or bool(NAV_WORDS.match(text))


def strip_css(text: str) -> str:
    """Text with Word/CSS residue taken out."""
    return re.sub(r"[ \u3000]{2,}", " ", CSS.sub("", text)).strip()


def _drop_footer(paragraphs: list[str]) -> list[str]:
    for i, p in enumerate(paragraphs):
        if i >= len(paragraphs) * 0.5 and len(p) <= 120 and FOOTER.search(p) and not p.startswith("|"):
            return paragraphs[:i]
    return paragraphs


def _dedupe(paragraphs: list[str]) -> list[str]:
    """A body printed twice (print copy, mobile copy): keep the first run."""
    out: list[str] = []
    seen: set[str] = set()
    for p in paragraphs:
        if len(p) >= 12 and p in seen:
            continue
        seen.add(p)
        out.append(p)
    return out


def clean_paragraphs(paragraphs: list[str], title: str) -> list[str]:
    """The document's own paragraphs: no CSS, furniture, footer, repeated copy or repeated title."""
    out = []
    for p in paragraphs:
        p = p if p.startswith("|") else strip_css(p)
        if not p or is_furniture(p) or p.strip("# ") == title:
            continue
        out.append(p)
    return _dedupe(_drop_footer(out))
