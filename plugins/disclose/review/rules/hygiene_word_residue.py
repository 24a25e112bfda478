"""hygiene.word_residue: leftovers of Word HTML (o:p, mso- styles)."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule


class WordResidue(Rule):
    id = "hygiene.word_residue"
    title = "Word 残留代码"
    description = "从 Word 复制时留下的 o:p、mso- 样式、span style 等代码。"
    severity = Severity.WARN

    def check(self, ctx: Context) -> Iterator[Finding]:
        seen: set[int] = set()
        for tok in ctx.of_kind("residue"):
            line = ctx.lines.position(tok.start)[0]
            if line not in seen:
                seen.add(line)
                yield ctx.finding(self, tok.start, tok.end, "正文中有从 Word 复制留下的代码",
                                  "用纯文本粘贴，或删除这些代码")


RULE = WordResidue()
