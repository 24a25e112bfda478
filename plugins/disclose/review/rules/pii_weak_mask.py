"""pii.weak_mask: a masked identifier that still gives the number back."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule

# Fewest hidden characters for a masked form to be safe, by identifier length.
MIN_HIDDEN = {18: 8, 15: 6, 11: 4, 16: 4, 17: 4, 19: 4}


class WeakMask(Rule):
    id = "pii.weak_mask"
    title = "遮盖不足"
    description = "身份证号遮盖少于 8 位、银行卡号或手机号遮盖少于 4 位，仍可还原。"
    severity = Severity.BLOCK

    def check(self, ctx: Context) -> Iterator[Finding]:
        for tok in ctx.of_kind("num"):
            value = tok.digits
            hidden = value.count("*")
            if not hidden or len(value) not in MIN_HIDDEN:
                continue
            if len(value) == 11 and not value.startswith("1"):
                continue
            if hidden < MIN_HIDDEN[len(value)]:
                yield ctx.finding(
                    self, tok.start, tok.end, f"号码只遮盖了 {hidden} 位，可以被还原",
                    f"至少遮盖 {MIN_HIDDEN[len(value)]} 位（身份证遮盖出生日期 8 位，手机号和卡号遮盖中间 4 位以上）")


RULE = WeakMask()
