"""Images: EXIF (GPS position, author and owner names, descriptions, comments), PNG text
chunks and XMP. The pixels are not read (no OCR); Pillow parses only the metadata here."""

from __future__ import annotations

import io
from typing import Any

from ..parts import Extracted, Segment, Special

GPS_IFD, EXIF_IFD = 0x8825, 0x8769
# Tag -> label; the person tags also go to Extracted.people.
TEXT_TAGS = {0x010E: "图像描述", 0x013B: "作者", 0x8298: "版权", 0x9C9B: "标题", 0x9C9C: "备注",
             0x9C9D: "作者", 0x9C9E: "关键词", 0x9C9F: "主题"}
EXIF_TEXT_TAGS = {0x9286: "用户注释", 0xA430: "相机所有者", 0xA431: "机身序列号"}
PERSON_TAGS = frozenset((0x013B, 0x9C9D, 0xA430))


def _text(tag: int, value: Any) -> str:
    if isinstance(value, bytes):
        if 0x9C9B <= tag <= 0x9C9F:  # Windows XP tags: UTF-16LE
            return value.decode("utf-16-le", "replace").rstrip("\x00")
        if tag == 0x9286:  # UserComment: 8-byte character code, then the text
            code, body = value[:8], value[8:]
            return body.decode("utf-16" if code.startswith(b"UNICODE") else "utf-8", "replace").rstrip("\x00")
        return value.decode("utf-8", "replace").rstrip("\x00")
    return str(value).rstrip("\x00")


def _degrees(value: Any) -> float | None:
    try:
        d, m, s = (float(x) for x in value)
    except (TypeError, ValueError):
        return None
    return d + m / 60 + s / 3600


def read_image(data: bytes) -> Extracted:
    """The metadata of an image file."""
    from PIL import Image

    out = Extracted()
    part = out.part()
    with Image.open(io.BytesIO(data)) as img:
        exif = img.getexif()
        for tags, ifd in ((TEXT_TAGS, exif), (EXIF_TEXT_TAGS, exif.get_ifd(EXIF_IFD))):
            for tag, label in tags.items():
                if tag in ifd:
                    text = _text(tag, ifd[tag])
                    part.line(Segment(f"EXIF {label}", text))
                    if tag in PERSON_TAGS:
                        out.people.add(text)
        gps = exif.get_ifd(GPS_IFD)
        lat, lon = _degrees(gps.get(2)), _degrees(gps.get(4))
        if lat is not None and lon is not None:
            out.specials.append(Special(
                "attach.gps", "EXIF GPS", f"图片记录了拍摄地点（约北纬/南纬 {lat:.1f}°、东经/西经 {lon:.1f}°）",
                "发布前清除图片的位置信息（EXIF），或重新导出不含元数据的图片",
                f"【GPS {gps.get(1, '')} {lat:.1f}° {gps.get(3, '')} {lon:.1f}°】"))
        for key, value in img.info.items():
            if isinstance(value, str) and key not in ("dpi", "gamma"):
                part.line(Segment(f"图片文本 {key}", value))
            elif key == "xmp" and isinstance(value, bytes):
                part.line(Segment("XMP", value.decode("utf-8", "replace")))
    return out
