"""Metadata labels of real disclosure pages, mapped onto our fields, and their value parsers."""

from __future__ import annotations

import datetime as dt
import re

# Templates the labels come from (the key names the template in the table below).
TEMPLATES = {
    "gov": "国务院政策文件库（中国政府网政策页：表格单元格，标签加粗）",
    "xxgk2008": "2008 年版政府信息公开目录（索引号、信息名称、生成日期、组配分类表格）",
    "prov": "省级政府信息公开平台（li/font、span 分开排列，体裁分类、有效性）",
    "county": "县区规范性文件库（公文名称、发文机关、成文日期、有效性）",
    "news": "通用 CMS 新闻页信息栏（发布时间、来源、时间，后接浏览次数等）",
    "reg": "监管机构行政处罚公示页（索引号、时间，文号印在标题下）",
    "export": "采集工具导出的文本（标题、栏目、原文链接、发布时间、来源）",
}

# One row per label: (label, our field, templates it was seen in). Compared without spaces,
# &ensp;/&nbsp;/ideographic spaces and colons. "weak" labels are ordinary words too: they count
# only at the start of a line or cell, or right after another label's value.
LABELS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("信息名称", "title", ("xxgk2008",)),
    ("公文名称", "title", ("county",)),
    ("文件名称", "title", ("county",)),
    ("标题", "title", ("gov", "export")),
    ("文章标题", "title", ("news",)),
    ("名称", "title", ("xxgk2008",)),
    ("索引号", "index_no", ("gov", "xxgk2008", "prov", "county", "reg")),
    ("信息索引号", "index_no", ("prov",)),
    ("索引", "index_no", ("xxgk2008",)),
    ("组配分类", "category", ("xxgk2008", "prov")),
    ("主题分类", "category", ("gov", "prov", "county")),
    ("信息分类", "category", ("xxgk2008",)),
    ("所属分类", "category", ("news",)),
    ("分类", "category", ("xxgk2008",)),
    ("体裁分类", "genre", ("prov", "county")),
    ("信息类别", "genre", ("xxgk2008",)),
    ("栏目", "column", ("export",)),
    ("所属栏目", "column", ("news",)),
    ("公开方式", "disclosure", ("xxgk2008", "prov")),
    ("公开形式", "disclosure", ("xxgk2008",)),
    ("公开属性", "disclosure", ("prov",)),
    ("公开类型", "disclosure", ("prov",)),
    ("发文字号", "doc_no", ("gov", "county")),
    ("文件编号", "doc_no", ("xxgk2008",)),
    ("文号", "doc_no", ("xxgk2008", "news")),
    ("发文号", "doc_no", ("county",)),
    ("发布机构", "publisher", ("xxgk2008", "prov")),
    ("发文机关", "publisher", ("gov", "county")),
    ("发文单位", "publisher", ("county",)),
    ("发布单位", "publisher", ("news",)),
    ("发布机关", "publisher", ("prov",)),
    ("信息来源", "publisher", ("news",)),
    ("来源", "publisher", ("news", "export")),
    ("产生日期", "created", ("xxgk2008",)),
    ("生成日期", "created", ("xxgk2008",)),
    ("成文日期", "created", ("gov", "county")),
    ("形成日期", "created", ("prov",)),
    ("发文日期", "created", ("county",)),
    ("发布日期", "published", ("gov", "xxgk2008", "news")),
    ("发布时间", "published", ("news", "export")),
    ("公开日期", "published", ("xxgk2008",)),
    ("公开时间", "published", ("prov",)),
    ("时间", "published", ("news", "reg")),
    ("日期", "published", ("news",)),
    ("有效性", "status", ("prov", "county")),
    ("时效性", "status", ("xxgk2008",)),
    ("时效", "status", ("xxgk2008",)),
    ("效力状态", "status", ("prov",)),
    ("废止日期", "abolished", ("xxgk2008",)),
    ("失效日期", "abolished", ("prov",)),
    ("内容概述", "summary", ("xxgk2008",)),
    ("内容摘要", "summary", ("prov",)),
    ("摘要", "summary", ("news",)),
    ("概述", "summary", ("xxgk2008",)),
    ("主题词", "keywords", ("xxgk2008", "gov")),
    ("关键词", "keywords", ("news",)),
    ("关键字", "keywords", ("news",)),
    ("原文链接", "url", ("export",)),
    ("原文地址", "url", ("export",)),
    ("网址", "url", ("export",)),
)
WEAK = frozenset({"标题", "名称", "索引", "分类", "栏目", "文号", "来源", "时间", "日期", "时效", "摘要",
                  "概述", "网址"})
_INDEX = {label: name for label, name, _ in LABELS}
_STRIP = re.compile(r"[\s\u3000\u2002\u2003\xa0:：\[\]【】]")
SPACE = "[\\s\u3000\u2002\u2003\xa0]*"


def field_of(label: str) -> str | None:
    """Our field for a label such as '索&ensp;引&ensp;号：' or '发布 机构', or None."""
    return _INDEX.get(_STRIP.sub("", label))


def is_weak(label: str) -> bool:
    """Whether a label is also an ordinary word (时间, 来源 …)."""
    return _STRIP.sub("", label) in WEAK


def all_labels() -> list[str]:
    """Every known label, longest first (for scanning 'label:value' text)."""
    return sorted(_INDEX, key=len, reverse=True)


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_date(value: str) -> dt.date | None:
    """2007-03-06, 2007/3/6, 2007.03.06, 2007年3月6日, with or without a time; None otherwise."""
    m = _DATE.search(value or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def disclosure_of(value: str) -> str | None:
    """主动公开 / 依申请公开 / 不予公开 from a page's 公开方式 value."""
    for word in ("依申请公开", "不予公开", "主动公开"):
        if word in (value or ""):
            return word
    return None


_STATE = re.compile(r"^[\s\u3000]*(?:已|己)?(有效|现行有效|废止|失效|部分失效|废除|停止执行|被修订)")


def status_of(value: str) -> tuple[str, dt.date | None]:
    """有效 / 废止 / 失效 (and the date) from the 有效性 or 废止日期 value alone: the state word
    must open the value (text after it, such as a linked notice, is not read)."""
    value = (value or "").strip()
    head = value[:12]
    m = _STATE.match(head)
    day = parse_date(head)
    if m and m.group(1) in ("失效", "停止执行"):
        return "失效", day
    if m and m.group(1) in ("废止", "废除"):
        return "废止", day
    if day and not m:  # a 废止日期 holding a date
        return "废止", day
    return "有效", None


_TITLE_MARK = re.compile(r"[（(【\[]\s*(已?废止|已?失效)\s*[)）】\]]\s*$")


def title_mark(title: str) -> tuple[str, str | None]:
    """(title without a trailing （已废止）/（失效） mark, the state it names or None)."""
    m = _TITLE_MARK.search(title or "")
    if not m:
        return title, None
    return title[:m.start()].rstrip(), "失效" if "失效" in m.group(1) else "废止"


DOC_NO = re.compile(r"^[（(]?\s*([\u4e00-\u9fff]{1,16}\s*[〔\[［【(（﹝]\s*\d{4}\s*[〕\]］】)）﹞]\s*第?\s*\d{1,5}\s*号)"
                    r"\s*[)）]?$")


def doc_no_line(text: str) -> str | None:
    """The 文号 when a whole line is one (江金罚决字〔2023〕7号), else None."""
    m = DOC_NO.match((text or "").strip())
    return m.group(1) if m else None
