"""pii.passport: passport and Hong Kong / Macau permit numbers with their context."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule
from ._common import near, person_table

CONTEXT = ("护照", "通行证", "证件号")


class Passport(Rule):
    id = "pii.passport"
    title = "护照或通行证号码"
    description = ("护照（E、G、D、S、P 开头）和港澳、回乡通行证号码，附近有护照、通行证等字样；"
                   "在个人信息表格中阻止发布。")
    severity = Severity.WARN

    def check(self, ctx: Context) -> Iterator[Finding]:
        for tok in ctx.of_kind("passport"):
            in_table = person_table(ctx, tok.start)
            if not (in_table or near(ctx, tok, CONTEXT, 15, 5)):
                continue
            yield ctx.finding(self, tok.start, tok.end, "疑似护照或通行证号码", "删除或遮盖证件号码",
                              Severity.BLOCK if in_table else None)


RULE = Passport()
