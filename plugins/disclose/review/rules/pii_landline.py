"""pii.landline: fixed-line numbers; only a problem in rows of personal records."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context, Token
from ..finding import Finding
from ..rule import Rule
from ..validators import is_landline
from ._common import ALLOWED_PHONES, person_table


def _national(ctx: Context, tok: Token, value: str) -> str:
    """+86 10 6642 0000 / 0086-571-88888888 as the national number (0 + area code + number);
    a mobile number after +86 and any other digits are returned as they are."""
    if tok.value.startswith("0086"):
        rest = value[4:]
    elif value.startswith("86") and (tok.value[2:3] in (" ", "-") or ctx.text[tok.start - 1:tok.start] == "+"):
        rest = value[2:]
    else:
        return value
    if not rest or rest[0] == "0" or (len(rest) == 11 and rest[0] == "1"):
        return value
    return "0" + rest


class Landline(Rule):
    id = "pii.landline"
    title = "固定电话"
    description = "0 + 区号 + 7-8 位号码（区号可在括号中，或写作 +86 区号）；出现在个人信息表格的行中时阻止发布，其他情况仅列出。"
    options = {"allowed_phones": ALLOWED_PHONES}
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Finding]:
        allowed = ctx.options.allowed_phones
        allowed_digits = {"".join(c for c in a if c.isdigit()) for a in allowed}
        # Plain runs (0579-82345678) and area codes in brackets ((010)37283893, （0351）89082910).
        for tok in (*ctx.of_kind("num"), *ctx.of_kind("tel")):
            value = tok.digits
            value = _national(ctx, tok, value)
            if not is_landline(value) or value in allowed_digits or tok.value in allowed:
                continue
            if person_table(ctx, tok.start):
                yield ctx.finding(self, tok.start, tok.end, "个人信息表格中有固定电话号码",
                                  "删除个人的联系电话", Severity.BLOCK)
            else:
                yield ctx.finding(self, tok.start, tok.end, "固定电话号码（请确认是单位公开电话）",
                                  "单位电话可加入 DISCLOSE.review.allowed_phones")


RULE = Landline()
