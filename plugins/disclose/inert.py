"""Whatever staff type stays inert in every output: metadata without markup or control
characters, spreadsheet cells that no spreadsheet reads as a formula.

The HTML side (autoescaping templates, the allow-list sanitiser after Markdown, SVG) is in
render.py, svg.py and site/plugin.py; this module holds the small rules they and the readers share.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls (tab, LF and CR allowed where a value may span lines), DEL, and the
# bidirectional overrides/isolates that make text display in another order than it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_ANGLE = re.compile("[<>\uff1c\uff1e]")  # full-width ＜＞ too: NFKC (and some converters) fold them to < >
# A spreadsheet (Excel, LibreOffice, WPS) reads a cell starting with one of these as a formula
# (OWASP "CSV Injection"); full-width forms too, as some input methods and converters fold them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def markup_problem(value: str, multiline: bool = False) -> str | None:
    """Why a metadata value cannot be published as plain text (Chinese), or None if it can."""
    if _ANGLE.search(value):
        return "含有尖括号 < 或 >（元数据只能是纯文本，不能含 HTML 标签）"
    return control_problem(value, multiline)


def control_problem(value: str, multiline: bool = True) -> str | None:
    """Why a value holds an invisible control character (Chinese), or None."""
    m = _CONTROL.search(value) or (None if multiline else re.search("[\t\n\r]", value))
    if m:
        return f"含有控制字符 U+{ord(m.group()):04X}（{unicodedata.name(m.group(), '不可见字符')}）"
    return None


def markup_hint() -> str:
    """How to fix a value refused by markup_problem."""
    return "删除尖括号和不可见字符；书名号请用《》，文号年份请用〔〕"


def neutralise_cell(text: str) -> str:
    """A text cell for CSV/XLSX that no spreadsheet evaluates: a leading ' before a formula start."""
    return "'" + text if text.lstrip(" \u3000").startswith(FORMULA_START) else text
