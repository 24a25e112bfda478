"""pii.id_card: 18-character resident identity card numbers."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..registry import Rule
from ..validators import is_id_card


class IdCard(Rule):
    id = "pii.id_card"
    title = "居民身份证号码"
    description = "18 位身份证号：省份代码、真实出生日期和 GB 11643 校验码均正确才报告。"
    severity = Severity.BLOCK

    def check(self, ctx: Context) -> Iterator[Finding]:
        for tok in ctx.of_kind("num"):
            value = tok.digits
            if len(value) == 18 and "*" not in value and is_id_card(value):
                yield ctx.finding(self, tok.start, tok.end, "发现完整的居民身份证号码",
                                  "删除号码，或按规定遮盖出生日期等中间 8 位（如 3308**********1234）")


RULE = IdCard()
