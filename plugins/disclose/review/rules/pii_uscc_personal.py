"""pii.uscc_personal: credit codes of individual businesses (个体工商户, 92…)."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule
from ..validators import is_personal_uscc


class PersonalUscc(Rule):
    id = "pii.uscc_personal"
    title = "个体工商户统一社会信用代码"
    description = "以 92 开头、GB 32100 校验正确的代码，可关联到经营者个人。"
    severity = Severity.WARN

    def check(self, ctx: Context) -> Iterator[Finding]:
        for tok in ctx.of_kind("uscc"):
            if is_personal_uscc(tok.value):
                yield ctx.finding(self, tok.start, tok.end, "个体工商户的统一社会信用代码可能关联到个人",
                                  "确认公开依据（如行政处罚公示）后由审查员接受，否则删除")


RULE = PersonalUscc()
