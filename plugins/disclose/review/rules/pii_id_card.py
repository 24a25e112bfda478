"""pii.id_card: 18-character resident and foreign permanent-residence identity numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule
from ..text import mask_identifier
from ..validators import is_foreign_permanent_id, is_id_card, repair_slips
from ._common import near

# Words that make an all-digit 18-character code starting with 9 a credit code, not an ID.
USCC_CONTEXT = ("信用代码", "社会信用", "纳税人识别号", "注册号", "组织机构代码")


class IdCard(Rule):
    id = "pii.id_card"
    title = "居民身份证号码"
    description = ("18 位身份证号：省份代码、真实出生日期和 GB 11643 校验码均正确才报告；"
                   "外国人永久居留身份证号码（9 开头，2023 版）同样阻止发布；"
                   "录入错误（字母 O、l、I 代替数字）修正后有效时提示。")
    severity = Severity.BLOCK

    def check(self, ctx: Context) -> Iterator[Finding]:
        hint = "删除号码，或按规定遮盖出生日期等中间 8 位（如 3308**********1234）"
        for tok in ctx.of_kind("num"):
            value = tok.digits
            if len(value) != 18 or "*" in value:
                continue
            if is_id_card(value):
                yield ctx.finding(self, tok.start, tok.end, "发现完整的居民身份证号码", hint)
            elif is_foreign_permanent_id(value) and not near(ctx, tok, USCC_CONTEXT, 20, 5):
                yield ctx.finding(self, tok.start, tok.end, "发现完整的外国人永久居留身份证号码", hint)
        # An all-digit foreign ID also has the shape of a credit code, so the scan may have
        # taken it as one.
        for tok in ctx.of_kind("uscc"):
            if is_foreign_permanent_id(tok.value) and not near(ctx, tok, USCC_CONTEXT, 20, 5):
                yield ctx.finding(self, tok.start, tok.end, "发现完整的外国人永久居留身份证号码", hint)
        yield from self._split_over_cells(ctx, hint)
        yield from self._masked_beside_birth_date(ctx, hint)
        for tok in ctx.of_kind("slip"):
            repaired = repair_slips(tok.value)
            if len(repaired) == 18 and (is_id_card(repaired) or is_foreign_permanent_id(repaired)):
                yield ctx.finding(self, tok.start, tok.end,
                                  "疑似身份证号码（含字母 O、l 或 I，修正后校验正确）",
                                  "核实是否为录入错误的身份证号码；是则删除或遮盖", Severity.WARN,
                                  shown=mask_identifier(tok.value))


    def _masked_beside_birth_date(self, ctx: Context, hint: str) -> Iterator[Finding]:
        """An ID masked as the rules ask (its 8 birth-date digits hidden: 330102********1233)
        with the birth date on the same line or table row (出生日期 column, 出生/生日 beside it)
        gives the whole ID back; blocked when the date fills it to a valid check character."""
        for tok in ctx.of_kind("num"):
            value = tok.digits
            if len(value) != 18 or value[6:14] != "********" or "*" in value[:6] + value[14:]:
                continue
            line = ctx.line_of(tok.start)
            table = ctx.in_table_row(tok.start)
            words = line + ("".join(c.text for c in table.header) if table else "")
            if "出生" not in words and "生日" not in words:
                continue
            for m in _DATE.finditer(line):
                year, month, day = (g for g in m.groups() if g is not None)
                whole = f"{value[:6]}{year}{int(month):02d}{int(day):02d}{value[14:]}"
                if is_id_card(whole):
                    yield ctx.finding(self, tok.start, tok.end,
                                      "遮盖的身份证号码可由同一行的出生日期还原（还原后校验正确）",
                                      "删除出生日期，或删除身份证号码", shown=mask_identifier(tok.value))
                    break

    def _split_over_cells(self, ctx: Context, hint: str) -> Iterator[Finding]:
        """An ID written over 2-5 adjacent cells of a table row (110105 | 19491231 | 002X), one
        empty cell allowed between two parts, is read whole on screen. Tables in documents and attachments' sheets alike (cells become
        a pipe table). Only IDs: their check character makes a chance join in a table of
        counts negligible, unlike mobile numbers."""
        if not ctx.tables:
            return
        text = ctx.text
        for m in _CELL_RUN.finditer(text):
            base = m.start(1)
            cells = [(c.start(), c.end(), c.group()) for c in _CELL.finditer(m.group(1))]
            if m.end() < len(text) and text[m.end()] not in " |\n":
                cells = cells[:-1]  # the last cell holds more than the number
            if sum(len(c) for _, _, c in cells) < 18:
                continue
            for i, (start, _, first) in enumerate(cells):
                joined = first
                for _, end, nxt in cells[i + 1:i + 5]:
                    if joined[-1] in "Xx":
                        break
                    joined += nxt
                    if len(joined) >= 18:
                        if len(joined) == 18 and (is_id_card(joined) or is_foreign_permanent_id(joined)):
                            yield ctx.finding(self, base + start, base + end,
                                              "身份证号码被拆在相邻单元格中（连读后校验正确）", hint,
                                              shown=mask_identifier(joined.upper()))
                        break


# Adjacent table cells holding only digits (a final X allowed): `110105 | 19491231 | 002X`;
# an empty cell between two of them is skipped (`3301021985 |  | 03171233`).
# Found from the pipe (a literal: sre skips ahead fast); the lookahead drops runs too short for
# 18 digits and a pipe before any cell is looked at.
_CELL_RUN = re.compile(r"\|(?=[ 0-9Xx|]{19}) *([0-9]{1,17}[Xx]?(?: *\|(?: *\|)? *[0-9]{1,17}[Xx]?)+)")
_CELL = re.compile(r"[0-9]+[Xx]?")
# Dates a birth date is written as: 1985-03-17, 1985.3.17, 1985/03/17, 1985年3月17日, 19850317.
_DATE = re.compile(r"((?:19|20)[0-9]{2}) ?[-./年] ?([0-9]{1,2}) ?[-./月] ?([0-9]{1,2})"
                   r"|(?<![0-9])((?:19|20)[0-9]{2})([01][0-9])([0-3][0-9])(?![0-9])")
RULE = IdCard()
