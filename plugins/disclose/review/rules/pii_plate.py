"""pii.plate: licence plates next to a person."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule
from ._common import near, person_table

# Personal context: a plate near one of these words is a person's vehicle (the one list).
CONTEXT = ("车主", "驾驶", "当事人", "名下", "本人", "机动车", "家属", "私家车", "个人车辆", "其车辆",
           "号牌", "车牌", "车号", "车辆", "轿车", "小型", "申请人", "违法", "违章", "违停")
# Official context: the vehicles of an agency are public (公务用车 lists).
OFFICIAL = ("公务", "单位车辆", "执法车", "公车", "警车", "单位用车")


class Plate(Rule):
    id = "pii.plate"
    title = "机动车号牌"
    description = ("省份简称 + 字母 +（可有间隔点）5-6 位（新能源号牌 6 位；学、挂字号牌 4 位加汉字），"
                   "附近有车主、驾驶人、号牌、车辆等语境；公务用车、执法车辆不报告。")
    severity = Severity.WARN

    def check(self, ctx: Context) -> Iterator[Finding]:
        for tok in ctx.of_kind("plate"):
            if near(ctx, tok, OFFICIAL, 30, 10):
                continue
            if person_table(ctx, tok.start) or near(ctx, tok, CONTEXT, 15, 10):
                yield ctx.finding(self, tok.start, tok.end, "个人车辆号牌", "遮盖号牌中间字符（如 浙A***12）")


RULE = Plate()
