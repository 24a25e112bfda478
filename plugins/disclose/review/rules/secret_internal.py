"""secret.internal: internal-use markings (内部资料, 注意保存, 工作秘密 …)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule

_MARKERS = re.compile(r"内部资料|注意保存|工作秘密|内部文件|此件不公开|不得外传")
_FILLER = re.compile(r"[\s#>*【】\[\]（）()〔〕\-—·,，、:：]")
# Prose that names the category of secrets rather than marking this document.
_PROSE = re.compile(r"(?:国家秘密|保守|涉及|泄露|知悉|定密)[^。；;]{0,6}$")
# A marker in brackets at the head of a line marks the document whatever follows
# (【工作秘密】本文件不得对外公开); not the text of a Markdown link ([内部资料](files/a.pdf)).
_HEAD_MARK = re.compile(r"^[\s#>*]*[【\[〔（(]\s*(?:内部资料|注意保存|工作秘密|内部文件|此件不公开|不得外传)"
                        r"(?:[\s、，,]*(?:内部资料|注意保存|工作秘密|内部文件|此件不公开|不得外传))*\s*[】\]〕）)](?!\()")
MARKING_LINE_REST = 4  # characters a marking line may hold besides the markers


class SecretInternal(Rule):
    id = "secret.internal"
    title = "内部事项标志"
    description = "内部资料、注意保存、工作秘密、内部文件、此件不公开、不得外传：单独成行、在行首括号中或在元数据中时阻止发布，正文中出现时提示。"
    severity = Severity.BLOCK

    def check(self, ctx: Context) -> Iterator[Finding]:
        body_line = ctx.lines.position(ctx.body_start)[0] if ctx.body_start else 1
        for tok in ctx.of_kind("internal"):
            line_no = ctx.lines.position(tok.start)[0]
            line = ctx.lines.line_text(line_no)
            in_front = ctx.body_start and line_no < body_line
            rest = _FILLER.sub("", _MARKERS.sub("", line))
            if in_front or len(rest) <= MARKING_LINE_REST or _HEAD_MARK.match(line):
                yield ctx.finding(self, tok.start, tok.end, f"文件标有“{tok.value}”，属于内部事项",
                                  "内部事项不得公开；确需公开的，删除标注并经审查确认")
                continue
            before = ctx.text[max(ctx.lines.span(line_no)[0], tok.start - 12):tok.start]
            if tok.value == "工作秘密" and _PROSE.search(before):
                continue
            yield ctx.finding(self, tok.start, tok.end, f"正文中出现“{tok.value}”",
                              "确认不是对本文件的标注", Severity.WARN)


RULE = SecretInternal()
