"""pii.name_list: private persons listed with personal data."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..names import (
    LABELLED_NAME,
    PERSON_HEADERS,
    has_name_label,
    header_index,
    is_masked_name,
    is_official_table,
    unmasked_names,
)
from ..rule import Rule
from ..text import mask_name


class NameList(Rule):
    id = "pii.name_list"
    title = "个人名单"
    description = ("表格中有姓名、户主、申请人、救助对象、患者等列且姓名未遮盖时阻止发布；"
                   "正文中姓名与身份证号、电话等同行出现时提示。")
    severity = Severity.BLOCK

    def check(self, ctx: Context) -> Iterator[Finding]:
        for table in ctx.tables:
            if is_official_table(table):
                continue
            for col in header_index(table, PERSON_HEADERS):
                names = unmasked_names(table.column(col))
                if names:
                    first = names[0]
                    yield ctx.finding(
                        self, first.start, first.end,
                        f"表格“{table.header[col].text}”列列出了 {len(names)} 个未遮盖的个人姓名",
                        "公示确需列出姓名时只保留姓氏（如 张**），并删除身份证号、电话、住址等列",
                        shown=mask_name(first.text))
        yield from self.labelled_names(ctx)

    def labelled_names(self, ctx: Context) -> Iterator[Finding]:
        if not has_name_label(ctx.text):
            return
        for m in LABELLED_NAME.finditer(ctx.text):
            name = m.group(1)
            if is_masked_name(name) or ctx.in_table_row(m.start()):
                continue
            line = ctx.line_of(m.start())
            if any(ch.isdigit() for ch in line) and _has_identifier(line):
                yield ctx.finding(self, m.start(1), m.end(1), "姓名与身份证号、电话等个人信息同时出现",
                                  "删除或遮盖姓名和号码", Severity.WARN, shown=mask_name(name))


def _has_identifier(line: str) -> bool:
    digits = re.findall(r"[0-9*]{11,}[0-9Xx]?", line.replace(" ", "").replace("-", ""))
    return bool(digits)


RULE = NameList()
