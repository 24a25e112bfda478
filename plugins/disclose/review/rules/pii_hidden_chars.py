"""pii.hidden_chars: invisible characters and character references that hide text from the check.

A zero-width space (U+200B), a soft hyphen (U+00AD) or a word joiner inside `138​1234​5678`
splits the number for the scanner while the page shows it whole; `&#49;&#51;&#56;…` is drawn as
digits by the browser. Rather than reading through them (which would need offsets that differ
between the checked and the shown text), every invisible format character (Unicode category Cf)
and every character reference that stands for a letter, a digit or such a character, or that stands
between two digits (138&nbsp;1234&nbsp;5678: a separator the scan cannot see), is refused:
a government document has no use for either, and removing them is always possible. One finding
per line.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule

# Every format character (Unicode category Cf, Unicode 15), written out: computing it from
# unicodedata at import cost 0.3 s per process. tests/test_datacells.py compares it with
# unicodedata, so a newer Unicode that adds Cf characters fails the test, not the check.
FORMAT_CHARS = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
                "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
                "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
_INVISIBLE = re.compile(f"[{FORMAT_CHARS}]")
# Numeric references (browsers also decode them without the semicolon) and named ones.
_REF = r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,7};?|[A-Za-z][A-Za-z0-9]{1,31};)"
_REFERENCE = re.compile(_REF)
# References standing between digits (138&nbsp;1234&nbsp;5678, 138&ndash;1234, 138&#46;1234):
# whatever they show, they split the number for the check while the page shows it whole.
_BETWEEN_DIGITS = re.compile(f"&(?<=[0-9]&){_REF[1:]}(?:{_REF})*(?=[0-9])")


def _hides(ref: str) -> str | None:
    """The character a reference stands for, when it is a letter, a digit or invisible."""
    decoded = html.unescape(ref if ref.endswith(";") else ref + ";")
    if decoded == ref or len(decoded) != 1:
        return None
    return decoded if decoded.isalnum() or unicodedata.category(decoded) == "Cf" else None


def _name(ch: str) -> str:
    return f"U+{ord(ch):04X}" + (f" {unicodedata.name(ch)}" if unicodedata.name(ch, "") else "")


class HiddenChars(Rule):
    id = "pii.hidden_chars"
    title = "不可见字符和字符引用"
    description = ("零宽空格（U+200B）、软连字符（U+00AD）等不可见格式字符（Unicode Cf 类），代表字母、"
                   "数字或不可见字符的字符引用（如 &#49;），以及夹在数字之间的字符引用（如 138&nbsp;1234）："
                   "可把身份证号、手机号拆开躲过检查，而网页照常显示，因此一律阻止发布。")
    severity = Severity.BLOCK

    def check(self, ctx: Context) -> Iterator[Finding]:
        seen: set[int] = set()
        text = ctx.text
        hits: list[tuple[int, int, str]] = []
        if not text.isascii():
            hits += [(m.start(), m.end(), f"不可见字符 {_name(m.group())}") for m in _INVISIBLE.finditer(text)]
        if "&" in text:
            for m in _REFERENCE.finditer(text):
                ch = _hides(m.group())
                if ch is not None:
                    what = f"“{ch}”" if ch.isalnum() else f"不可见字符 {_name(ch)}"
                    hits.append((m.start(), m.end(), f"字符引用 {m.group()}（显示为{what}）"))
            for m in _BETWEEN_DIGITS.finditer(text):
                hits.append((m.start(), m.end(), f"数字之间的字符引用 {m.group()}"))
        for start, end, what in sorted(hits):
            line = ctx.lines.position(start)[0]
            if line not in seen:
                seen.add(line)
                yield ctx.finding(self, start, end, f"正文中有{what}，可能把号码或姓名拆开躲过保密检查",
                                  "删除不可见字符；字母和数字直接输入，不要写成 &#…; 形式")


RULE = HiddenChars()
