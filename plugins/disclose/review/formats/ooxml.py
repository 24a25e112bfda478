"""Every part of an OOXML package (DOCX, XLSX) the format's own reader does not read as text.

A DOCX or XLSX attachment is published byte for byte, so whatever its package holds reaches a
visitor: alt text of pictures, link targets (`.rels` Target), field instructions, document
variables, custom properties, custom XML, glossary, text boxes' fallbacks, embedded workbooks and
documents. The sweep reads, per XML part:

- parts the reader already reads as text (`read`): only their attribute values (alt text
  `descr`, field `instr`, ...) and the text of markup-compatibility fallbacks that differs from
  the choice shown (the reader skips fallbacks as duplicates);
- relationship parts: their Target attributes;
- any other XML part: its text and attribute values;
- an embedded OOXML package (`*.docx`, `*.xlsx`, ...): swept whole, one level deep.

Attribute values that are only layout (sizes, revision ids, colours, font signatures) carry no
text; they are dropped by name so they neither cost time nor make false findings.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

from ..parts import Segment, Special

MAX_PART = 4 * 1024 * 1024
MAX_EMBEDDED = 64 * 1024 * 1024
EMBEDDED = (".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm")
_TEXT = re.compile(r">([^<>]+)<")
_ATTR = re.compile(r"\s([A-Za-z_][\w.:-]*)=\"([^\"]*)\"|\s([A-Za-z_][\w.:-]*)='([^']*)'")
_TARGET = re.compile(r"\sTarget=\"([^\"]*)\"|\sTarget='([^']*)'")
# Attribute names (after the prefix) that hold layout, identifiers or hashes, never text.
_LAYOUT = re.compile(
    r"(?:rsid\w*|paraId|textId|panose1|usb\d|csb\d|id|cx|cy|x|y|w|h|l|t|r|b|dist\w|rot|"
    r"[a-z]*[Cc]olor|fill|val2|sz|szCs|after|before|line|lineRule|left|right|hanging|firstLine|"
    r"pos|type|uri|xmlns|Requires|Ignorable|anchorId|editId|embed|link|spid|s|ht|customHeight|"
    r"width|height|top|bottom|header|footer|gutter|space|num|cols|code|orient|w14|w15|nsid|tmpl|"
    # VML (legacy shapes, comment boxes): geometry and drawing switches
    r"style|path|coordsize|coordorigin|spt|adj|inset|insetmode|connecttype|joinstyle|ext|"
    r"extrusionok|gradientshapeok|connectlocs|connectangles|filled|stroked|insetpen|on|fillok|"
    r"strokeok|shadowok|arrowok|oleicon|preferrelative|lockrotationcenter|aspectratio|"
    r"ObjectType|Anchor|AutoFill|Row|Column|Visible|MoveWithCells|SizeWithCells)")
_FALLBACK = re.compile(r"<(\w+:)?Choice\b[^>]*>(.*?)</(?:\w+:)?Choice>\s*<(\w+:)?Fallback\b[^>]*>(.*?)"
                       r"</(?:\w+:)?Fallback>", re.S)


_SKIP_NAME: dict[str, bool] = {}


def attrs(xml: str) -> list[str]:
    """Attribute values of an XML text, but those of layout attributes."""
    out = []
    skip = _SKIP_NAME
    for n1, v1, n2, v2 in _ATTR.findall(xml):
        name, value = (n1, v1) if n1 else (n2, v2)
        if not value:
            continue
        dropped = skip.get(name)
        if dropped is None:
            dropped = skip[name] = name.startswith("xmlns") or \
                bool(_LAYOUT.fullmatch(name.rpartition(":")[2]))
        if not dropped:
            out.append(value)
    return out


_UTF16_RUN = re.compile(rb"(?:[\x20-\x7e]\x00){6,}")
_UTF8_RUN = re.compile(rb"(?:[\x20-\x7e\t]|[\xe4-\xe9][\x80-\xbf]{2}){6,}")


def _printable(blob: bytes) -> list[str]:
    """Runs of text in a binary file: ASCII and UTF-8 (CJK), and ASCII in UTF-16LE (OLE streams)."""
    runs = [m.decode("utf-8", "replace") for m in _UTF8_RUN.findall(blob)]
    runs += [m.decode("utf-16-le", "replace") for m in _UTF16_RUN.findall(blob)]
    return runs


def texts(xml: str) -> list[str]:
    """Text nodes of an XML text."""
    return _TEXT.findall(xml)


def join(values: list[str]) -> str:
    """Distinct non-blank values, unescaped, a line each."""
    unique = (html.unescape(v).strip() if "&" in v else v.strip() for v in dict.fromkeys(values))
    return "\n".join(dict.fromkeys(t for t in unique if t))


def sweep(data: bytes, read: re.Pattern[str], skip: re.Pattern[str], unreadable: list[str],
          depth: int = 0) -> list[Segment]:
    """Located text of every part of the package `data`: parts matching `read` are read by the
    format reader (attributes and fallbacks only here), parts matching `skip` hold no text.
    Embedded packages that cannot be read (not a ZIP, too large, nested twice) are added to
    `unreadable`: the caller blocks on them (fail closed)."""
    out: list[Segment] = []
    prefix = "嵌入文件 " if depth else "文件部件 "
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            name = info.filename
            low = name.lower()
            if low.endswith(EMBEDDED):
                if depth or info.file_size > MAX_EMBEDDED:
                    unreadable.append(name)
                    continue
                try:
                    segs = sweep(z.read(info), _NOTHING, _NOTHING, unreadable, depth + 1)
                except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, KeyError):
                    unreadable.append(name)
                    continue
                out += [Segment(f"{name} {s.where}", s.text) for s in segs]
                continue
            if "/embeddings/" in low and not low.endswith((".xml", ".rels")):
                # An OLE object or other embedded file (a package object wraps a file's bytes
                # as they are): its readable runs of text are checked.
                text = join(_printable(z.open(info).read(MAX_EMBEDDED)))
                if text:
                    out.append(Segment(f"嵌入对象 {name}", text))
                continue
            if not low.endswith((".xml", ".vml", ".rels")) or _NOISE.fullmatch(name) or \
                    (depth == 0 and skip.fullmatch(name)):
                continue
            xml = z.open(info).read(MAX_PART).decode("utf-8", "replace")
            if xml.startswith("<?xml"):
                xml = xml[xml.find("?>") + 2:]  # the declaration's version and encoding
            if low.endswith(".rels"):
                values = [a or b for a, b in _TARGET.findall(xml)]
            elif depth == 0 and read.fullmatch(name):
                values = attrs(xml)
                for m in _FALLBACK.finditer(xml):
                    shown = "".join(texts(m.group(2)))
                    hidden = texts(m.group(4))
                    if "".join(hidden) != shown:
                        values += hidden
            else:
                values = texts(xml) + attrs(xml)
            text = join(values)
            if text:
                out.append(Segment(f"{prefix}{name}", text))
    return out


_NOTHING = re.compile(r"(?!)")
# Parts of any package that hold no text a reader sees: content types, themes (font and colour
# names), font tables (font signatures).
_NOISE = re.compile(r"\[Content_Types\]\.xml|(?:\w+/)?theme/.*|(?:\w+/)?fontTable\.xml", re.I)


def unreadable_specials(names: list[str]) -> list[Special]:
    """attach.unsupported for embedded packages the sweep could not read."""
    return [Special("attach.unsupported", f"嵌入文件 {name}",
                    "文件中嵌入的文件无法自动检查（损坏、过大或多层嵌套），附件按原样发布，因此阻止发布",
                    "请删除嵌入的对象，改为单独的附件（PDF、DOCX、XLSX 或 CSV）后重新提交")
            for name in dict.fromkeys(names)]
