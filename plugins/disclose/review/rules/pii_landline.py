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
    description = "0 + 区号 + 7-8 位号码；出现在个人信息表格的行中时阻止发布，其他情况仅列出。"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Finding]:
        allowed = ctx.options.allowed_phones
        for tok in ctx.of_kind("num"):
            value = tok.digits
            if not is_landline(value) or value in allowed or tok.value in allowed:
                continue
            if person_table(ctx, tok.start):
                yield ctx.finding(self, tok.start, tok.end, "个人信息表格中有固定电话号码",
                                  "删除个人的联系电话", Severity.BLOCK)
            else:
                yield ctx.finding(self, tok.start, tok.end, "固定电话号码（请确认是单位公开电话）",
                                  "单位电话可加入 DISCLOSE.review.allowed_phones")


RULE = Landline()
