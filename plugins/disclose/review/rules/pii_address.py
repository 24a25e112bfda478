"""pii.address: private home addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule

# Building / unit / room (5幢2单元301室, 12号楼1单元201室, 8号302室), or a street, lane or road
# with a house number (马连洼街道289号, 人民路88号, 青石巷3弄12号).
# (Two patterns, each starting with a character class, so sre's prefix scan skips ahead.)
_BUILDING = re.compile(r"[0-9][0-9]*(?:(?:号楼|幢|栋|号院)[0-9]*(?:单元|门)?[0-9]+(?:室|号)|号[0-9]+室)")
_STREET = re.compile(r"[路街道巷弄里村组]([0-9]+(?:-[0-9]+)?号)(?![楼院])")
# Person context (the one list of this rule): labels and verbs of where a person lives.
PERSON = ("家住", "住址", "居住", "户籍", "现住", "住所", "家庭地址", "租住", "住在", "家庭住址",
          "户籍地址", "居住地址")
# Person labels that end in 地址: removed before looking for office words, so 户籍地址： is not
# taken for an agency's 地址：.
_PERSON_LABEL = re.compile(r"(?:户籍|家庭|居住|现住|现居住)地址")
OFFICE = ("办公地址", "单位地址", "地址：", "地址:", "受理地点", "办公楼", "市民中心", "服务中心",
          "办事大厅", "政务", "窗口")


class Address(Rule):
    id = "pii.address"
    title = "个人住址"
    description = "门牌号、楼栋、单元、室号，且附近有家住、住址、户籍等个人语境；单位办公地址不报告。"
    severity = Severity.WARN

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not any(w in ctx.text for w in PERSON):
            return  # no person context anywhere (str.find is much cheaper than the pattern)
        spans: list[list[int]] = []
        for start, end in sorted({m.span() for m in _BUILDING.finditer(ctx.text)}
                                 | {m.span(1) for m in _STREET.finditer(ctx.text)}):
            if spans and start <= spans[-1][1]:  # 人民路88号 + 3幢502室: one address
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
        for start, end in spans:
            window = ctx.window(start, end, 30, 5)
            office_window = _PERSON_LABEL.sub("", window)
            if any(w in office_window for w in OFFICE) or not any(w in window for w in PERSON):
                continue
            yield ctx.finding(self, start, end, "疑似个人住址（门牌号）",
                              "删除门牌、楼栋和室号，只保留到村（社区）")


RULE = Address()
