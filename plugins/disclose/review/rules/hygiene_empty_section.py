"""hygiene.empty_section: a heading with nothing under it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule

_HEADING = re.compile(r"^(#{1,6})\s+\S")


class EmptySection(Rule):
    id = "hygiene.empty_section"
    title = "空章节"
    description = "标题下面没有内容就接着同级或更高级的标题，或文件就此结束。"
    severity = Severity.WARN

    def check(self, ctx: Context) -> Iterator[Finding]:
        body_line = ctx.lines.position(ctx.body_start)[0] if ctx.body_start else 1
        lines = ctx.text.split("\n")
        heads = [(i, len(m.group(1))) for i, line in enumerate(lines)
                 if i + 1 >= body_line and (m := _HEADING.match(line))]
        for n, (i, level) in enumerate(heads):
            nxt = heads[n + 1] if n + 1 < len(heads) else None
            end = nxt[0] if nxt else len(lines)
            if any(line.strip() for line in lines[i + 1:end]):
                continue
            if nxt is None or nxt[1] <= level:
                start = ctx.lines.starts[i]
                yield ctx.finding(self, start, start + len(lines[i]), "章节标题下没有内容",
                                  "补写内容或删除该标题")


RULE = EmptySection()
