"""Metadata labels of real disclosure pages, mapped onto our fields, and their value parsers."""

from __future__ import annotations

import datetime as dt
import re

# Our field -> label variants seen on government CMS pages (compared without spaces or colons).
LABELS = {
    "title": ("信息名称", "标题", "名称", "文件名称", "文章标题"),
    "index_no": ("索引号", "索引", "信息索引号"),
    "category": ("组配分类", "主题分类", "信息分类", "分类", "所属分类", "体裁分类"),
    "disclosure": ("公开方式", "公开形式", "公开属性", "公开类型"),
    "doc_no": ("文件编号", "发文字号", "文号", "发文号"),
    "publisher": ("发布机构", "发文机关", "发文单位", "来源", "发布单位", "信息来源"),
    "created": ("产生日期", "成文日期", "生成日期", "形成日期", "发文日期"),
    "published": ("发布日期", "发布时间", "公开日期", "公开时间"),
    "status": ("废止日期", "有效性", "时效", "效力状态"),
    "summary": ("内容概述", "摘要", "内容摘要", "概述"),
    "keywords": ("主题词", "关键词", "关键字"),
}
_INDEX = {label: field for field, labels in LABELS.items() for label in labels}
_STRIP = re.compile(r"[\s\u3000:：\[\]【】]")


def field_of(label: str) -> str | None:
    """Our field for a label such as '索 引 号：' or '发布 机构', or None."""
    return _INDEX.get(_STRIP.sub("", label))


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


def status_of(value: str) -> tuple[str, dt.date | None]:
    """有效 / 废止 / 失效 (and the date) from 废止日期 or 有效性 values such as '有效' or a date."""
    value = (value or "").strip()
    day = parse_date(value)
    if day:
        return "废止", day
    if "失效" in value:
        return "失效", None
    if "废止" in value:
        return "废止", None
    return "有效", None
