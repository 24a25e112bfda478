"""Format readers for attachments: each takes a file's bytes apart into located text.

`read(suffix, data)` returns the decoded text of a plain text file (checked as it is, with its
own lines), or None and an `Extracted` with parts and specials. A parser error on untrusted
input is caught here, at the one boundary, and becomes attach.broken: a file we cannot read is
never passed as clean.
"""

from __future__ import annotations

from collections.abc import Callable

from ..parts import Extracted, Special
from .encoding import decode

TEXT = frozenset((".txt", ".md", ".markdown", ".text", ".json", ".xml", ".svg", ".yml", ".yaml"))
# Types we cannot read (attach.unsupported blocks: fail closed), named for the reviewer; anything
# else unknown is named by its suffix.
UNSUPPORTED = {
    ".doc": "旧版 Word 文档（.doc）", ".wps": "WPS 文字文档（.wps）", ".et": "WPS 表格（.et）",
    ".dps": "WPS 演示文稿（.dps）", ".ppt": "PowerPoint 演示文稿（.ppt）",
    ".pptx": "PowerPoint 演示文稿（.pptx）", ".ofd": "OFD 版式文件（.ofd）", ".rtf": "RTF 文档（.rtf）",
    ".zip": "压缩包（.zip）", ".rar": "压缩包（.rar）", ".7z": "压缩包（.7z）",
    ".odt": "OpenDocument 文档（.odt）", ".ods": "OpenDocument 表格（.ods）",
}


def _readers() -> dict[str, Callable[[bytes], Extracted]]:
    from . import image, pdf, sheet, word

    return {".csv": sheet.read_csv, ".tsv": sheet.read_tsv, ".xlsx": sheet.read_xlsx,
            ".xlsm": sheet.read_xlsx, ".xls": sheet.read_xls, ".docx": word.read_docx,
            ".docm": word.read_docx, ".pdf": lambda data: pdf.read_pdf(data, read), ".jpg": image.read_image,
            ".jpeg": image.read_image, ".png": image.read_image, ".tif": image.read_image,
            ".tiff": image.read_image, ".webp": image.read_image, ".gif": image.read_image,
            ".bmp": image.read_image}


def read(suffix: str, data: bytes) -> tuple[str | None, Extracted]:
    """The text of a text file, or the parts and specials of any other file."""
    if suffix in TEXT:
        text = decode(data)
        if text is not None:
            return text, Extracted()
        return None, Extracted(specials=[Special(
            "attach.broken", "", f"{suffix} 文件不是 UTF-8 或 GBK 编码的文本，无法检查",
            "确认文件类型与扩展名一致；文本请存为 UTF-8")])
    reader = _readers().get(suffix)
    if reader is None:
        kind = UNSUPPORTED.get(suffix, f"“{suffix or '无扩展名'}”类型的文件")
        return None, Extracted(specials=[Special(
            "attach.unsupported", "", f"系统无法自动检查{kind}的内容，附件按原样发布，因此阻止发布",
            "请转换为 PDF、DOCX、XLSX 或 CSV 后重新提交（系统即可自动检查），或删除该附件")])
    try:
        return None, reader(data)
    except Exception as exc:  # noqa: BLE001 - any parser failure on untrusted input fails closed
        return None, _broken(suffix, exc)


def _broken(suffix: str, exc: Exception) -> Extracted:
    return Extracted(specials=[Special(
        "attach.broken", "", f"{suffix} 文件已损坏、加密或与扩展名不符，无法检查（{type(exc).__name__}）",
        "用相应软件打开确认；另存为正常的文件（不加密码）后重新提交")])
