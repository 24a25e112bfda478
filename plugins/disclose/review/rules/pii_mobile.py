"""pii.mobile: mainland mobile numbers in allocated segments."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule
from ..scan import loose, shaped
from ..text import mask_identifier
from ..validators import is_mobile, repair_slips
from ._common import ALLOWED_PHONES, near, person_table

# A mobile number written with list marks or long white space runs between its groups
# (139，1234，5678) is only taken for one beside one of these words: a list of counts has the
# same shape.
PHONE_WORDS = ("电话", "手机", "联系", "致电", "号码", "热线", "短信", "微信", "QQ", "Tel", "TEL", "tel")


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
            elif len(value) == 12 and value.startswith("01"):
                value = value[1:]  # a trunk 0 dialled before it (no area code is 01 + 10 digits)
            if (len(value) == 11 and value not in allowed and is_mobile(value) and not shaped(tok.value)
                    and (not loose(tok.value) or near(ctx, tok, PHONE_WORDS, 15, 5))):
                yield ctx.finding(self, tok.start, tok.end, "发现完整的手机号码",
                                  "删除或遮盖中间 4 位（如 138****5678）；单位公开电话请加入允许清单")
        yield from self._split_over_cells(ctx, allowed)
        yield from self._complementary_masks(ctx, allowed)
        for tok in ctx.of_kind("slip"):
            repaired = repair_slips(tok.value)
            if len(repaired) == 11 and repaired not in allowed and is_mobile(repaired):
                yield ctx.finding(self, tok.start, tok.end, "疑似手机号码（含字母 O、l 或 I，修正后是有效号码）",
                                  "核实是否为录入错误的手机号码；是则删除或遮盖", Severity.WARN,
                                  shown=mask_identifier(tok.value))


    def _complementary_masks(self, ctx: Context, allowed: frozenset[str]) -> Iterator[Finding]:
        """Two masks of one number hiding different digits (139****5678, later 1391234****)
        give it whole: masked mobile numbers of a document whose shown digits agree (3+ in
        common) and together show all 11 make a valid number."""
        masked = list(dict.fromkeys(
            (tok.digits, tok) for tok in ctx.of_kind("num")
            if len(tok.digits) == 11 and "*" in tok.digits and tok.digits[0] == "1")) [:200]
        seen: set[str] = set()
        for j, (b, tok) in enumerate(masked):
            for a, _ in masked[:j]:
                if a == b:
                    continue
                common = 0
                for x, y in zip(a, b, strict=True):
                    if x == "*" and y == "*" or x != "*" and y != "*" and x != y:
                        break
                    common += x != "*" and y != "*"
                else:
                    whole = "".join(y if x == "*" else x for x, y in zip(a, b, strict=True))
                    if common >= 3 and whole not in seen and whole not in allowed and is_mobile(whole):
                        seen.add(whole)
                        yield ctx.finding(self, tok.start, tok.end,
                                          "同一手机号码的两处遮盖隐去了不同的数字，合起来是完整号码",
                                          "统一遮盖方式（如都遮盖中间 4 位）", shown=mask_identifier(whole))

    def _split_over_cells(self, ctx: Context, allowed: frozenset[str]) -> Iterator[Finding]:
        """A mobile number written over 2-3 adjacent cells (138 | 1234 | 5678) of a row of a
        table listing persons (姓名, 申请人 … columns). Only there: in a table of counts, adjacent
        numbers often join into a valid-looking mobile number."""
        for table in ctx.tables:
            if not table.rows or not person_table(ctx, table.rows[0][0].start):
                continue
            yield from self._cells_of(ctx, allowed, table.rows[0][0].start, table.rows[-1][-1].end)

    def _cells_of(self, ctx: Context, allowed: frozenset[str], first_row: int, last_row: int) -> Iterator[Finding]:
        text = ctx.text
        for m in _CELL_RUN.finditer(text, max(0, first_row - 2), min(len(text), last_row + 2)):
            base = m.start(1)
            cells = [(c.start(), c.end(), c.group()) for c in _CELL.finditer(m.group(1))]
            if m.end() < len(text) and text[m.end()] not in " |\n":
                cells = cells[:-1]  # the last cell holds more than the number
            for i, (start, _, first) in enumerate(cells):
                if first[0] != "1" or len(first) >= 11:
                    continue
                joined = first
                for _, end, nxt in cells[i + 1:i + 3]:
                    joined += nxt
                    if len(joined) >= 11:
                        if len(joined) == 11 and joined not in allowed and is_mobile(joined):
                            yield ctx.finding(self, base + start, base + end,
                                              "手机号码被拆在相邻单元格中（连读后是有效号码）",
                                              "删除个人的手机号码，或遮盖中间 4 位", shown=mask_identifier(joined))
                        break


# Adjacent table cells holding only digits, found from the pipe; the lookahead drops runs too
# short for 11 digits and a pipe.
_CELL_RUN = re.compile(r"\|(?=[ 0-9|]{12}) *([0-9]{1,10}(?: *\| *[0-9]{1,10})+)")
_CELL = re.compile(r"[0-9]+")
RULE = Mobile()
