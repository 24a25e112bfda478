"""pii.id_card_legacy: 15-digit first-generation identity card numbers."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule
from ..validators import is_legacy_id
from ._common import near

# Words that make a 15-digit number an ID (the one list of this rule).
CONTEXT = ("身份证", "证件", "公民身份")


class LegacyIdCard(Rule):
    id = "pii.id_card_legacy"
    title = "15 位身份证号码"
    description = "15 位一代身份证号：省份、出生日期有效，且附近有“身份证”等字样。"
    severity = Severity.WARN

    def check(self, ctx: Context) -> Iterator[Finding]:
        for tok in ctx.of_kind("num"):
            value = tok.digits
            if len(value) == 15 and is_legacy_id(value) and near(ctx, tok, CONTEXT):
                yield ctx.finding(self, tok.start, tok.end, "疑似 15 位居民身份证号码",
                                  "核实后删除或遮盖中间的出生日期")


RULE = LegacyIdCard()
