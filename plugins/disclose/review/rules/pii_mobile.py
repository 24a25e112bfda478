"""pii.mobile: mainland mobile numbers in allocated segments."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule
from ..text import mask_identifier
from ..validators import is_mobile, repair_slips
from ._common import ALLOWED_PHONES


class Mobile(Rule):
    id = "pii.mobile"
    title = "手机号码"
    description = "11 位手机号（可带 +86、0086），号段已分配（phonenumbers 判定为移动号码）；字母 O、l、I 代替数字的录入错误修正后有效时提示。"
    options = {"allowed_phones": ALLOWED_PHONES}
    severity = Severity.BLOCK

    def check(self, ctx: Context) -> Iterator[Finding]:
        allowed = ctx.options.allowed_phones
        for tok in ctx.of_kind("num"):
            value = tok.digits
            if len(value) == 13 and value.startswith("86"):
                value = value[2:]  # +86 / 86-
            elif len(value) == 15 and value.startswith("0086"):
                value = value[4:]
            if len(value) == 11 and value not in allowed and is_mobile(value):
                yield ctx.finding(self, tok.start, tok.end, "发现完整的手机号码",
                                  "删除或遮盖中间 4 位（如 138****5678）；单位公开电话请加入允许清单")
        for tok in ctx.of_kind("slip"):
            repaired = repair_slips(tok.value)
            if len(repaired) == 11 and repaired not in allowed and is_mobile(repaired):
                yield ctx.finding(self, tok.start, tok.end, "疑似手机号码（含字母 O、l 或 I，修正后是有效号码）",
                                  "核实是否为录入错误的手机号码；是则删除或遮盖", Severity.WARN,
                                  shown=mask_identifier(tok.value))


RULE = Mobile()
