"""pii.landline: fixed-line numbers; only a problem in rows of personal records."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..registry import Rule
from ..validators import is_landline
from ._common import person_table


class Landline(Rule):
    id = "pii.landline"
    title = "固定电话"
    description = "0 + 区号 + 7-8 位号码（区号可在括号中）；出现在个人信息表格的行中时阻止发布，其他情况仅列出。"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Finding]:
        allowed = ctx.options.allowed_phones
        allowed_digits = {"".join(c for c in a if c.isdigit()) for a in allowed}
        # Plain runs (0579-82345678) and area codes in brackets ((010)37283893, （0351）89082910).
        for tok in (*ctx.of_kind("num"), *ctx.of_kind("tel")):
            value = tok.digits
            if not is_landline(value) or value in allowed_digits or tok.value in allowed:
                continue
            if person_table(ctx, tok.start):
                yield ctx.finding(self, tok.start, tok.end, "个人信息表格中有固定电话号码",
                                  "删除个人的联系电话", Severity.BLOCK)
            else:
                yield ctx.finding(self, tok.start, tok.end, "固定电话号码（请确认是单位公开电话）",
                                  "单位电话可加入 DISCLOSE.review.allowed_phones")


RULE = Landline()
