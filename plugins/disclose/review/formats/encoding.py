"""Plain text in attachments: UTF-8 or GB 18030 (own module: readers and `read` both use it)."""

from __future__ import annotations


def decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else GB 18030 (a superset of GBK); None for binary data."""
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
