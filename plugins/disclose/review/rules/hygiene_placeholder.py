"""hygiene.placeholder: asterisks left from redaction templates (*万人, **年)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule

_BOLD = re.compile(r"\*\*[^*\n]+\*\*")


class Placeholder(Rule):
    id = "hygiene.placeholder"
    title = "未填写的占位符"
    description = "模板中的星号占位符没有换成实际数字，如“*万人”“**年”。"
    severity = Severity.WARN

    def check(self, ctx: Context) -> Iterator[Finding]:
        for tok in ctx.of_kind("placeholder"):
            line_no = ctx.lines.position(tok.start)[0]
            ls, _ = ctx.lines.span(line_no)
            line = ctx.lines.line_text(line_no)
            if any(m.start() <= tok.start - ls < m.end() for m in _BOLD.finditer(line)):
                continue  # Markdown bold, not a placeholder
            if tok.start > 0 and ctx.text[tok.start - 1].isdigit():
                continue  # part of a masked number
            yield ctx.finding(self, tok.start, tok.end + 1, "模板占位符没有填写实际内容",
                              "填入实际数字，或删除该句")


RULE = Placeholder()
