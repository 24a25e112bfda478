"""pii.address: private home addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..registry import Rule

_ADDRESS = re.compile(r"[0-9]+(?:号楼|幢|栋|号院)[0-9]*(?:单元)?[0-9]+(?:室|号)|[0-9]+号[0-9]+室")
PERSON = ("家住", "住址", "居住", "户籍", "现住", "住所", "家庭地址", "租住")
OFFICE = ("办公地址", "单位地址", "地址：", "受理地点", "办公楼", "市民中心", "服务中心")


class Address(Rule):
    id = "pii.address"
    title = "个人住址"
    description = "门牌、楼栋、单元、室号，且附近有家住、住址、户籍等个人语境。"
    severity = Severity.WARN

    def check(self, ctx: Context) -> Iterator[Finding]:
        for m in _ADDRESS.finditer(ctx.text):
            window = ctx.window(m.start(), m.end(), 25, 5)
            if any(w in window for w in OFFICE) or not any(w in window for w in PERSON):
                continue
            yield ctx.finding(self, m.start(), m.end(), "疑似个人住址（门牌号）",
                              "删除门牌、楼栋和室号，只保留到村（社区）")


RULE = Address()
