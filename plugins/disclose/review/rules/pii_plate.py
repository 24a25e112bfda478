"""pii.plate: licence plates next to a person."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..registry import Rule
from ._common import near, person_table

CONTEXT = ("车主", "驾驶人", "驾驶员", "当事人", "名下", "本人", "机动车所有人")


class Plate(Rule):
    id = "pii.plate"
    title = "机动车号牌"
    description = "省份简称 + 字母 + 5-6 位，附近有车主、驾驶人等个人语境。"
    severity = Severity.WARN

    def check(self, ctx: Context) -> Iterator[Finding]:
        for tok in ctx.of_kind("plate"):
            if near(ctx, tok, ("公务", "单位车辆"), 30, 10):
                continue
            if person_table(ctx, tok.start) or near(ctx, tok, CONTEXT, 15, 10):
                yield ctx.finding(self, tok.start, tok.end, "个人车辆号牌", "遮盖号牌中间字符（如 浙A***12）")


RULE = Plate()
