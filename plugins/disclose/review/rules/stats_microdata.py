"""stats.microdata: record-level tables with direct identifiers."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..names import PERSON_HEADERS, header_index, is_official_table
from ..rule import Rule

DIRECT = ("身份证", "证件号", "公民身份号码", "家庭住址", "住址", "银行卡", "卡号")
CONTACT = ("手机", "联系电话", "电话")


class Microdata(Rule):
    id = "stats.microdata"
    title = "逐人记录表"
    description = "表格逐行列出个人记录，且含身份证号、证件号、住址、银行卡等直接标识列（或姓名列加电话列）。"
    severity = Severity.BLOCK

    def check(self, ctx: Context) -> Iterator[Finding]:
        for table in ctx.tables:
            if is_official_table(table) or not table.rows:
                continue
            direct = header_index(table, DIRECT)
            if not direct and header_index(table, PERSON_HEADERS):
                direct = header_index(table, CONTACT)
            if direct:
                head = table.header[direct[0]]
                yield ctx.finding(self, head.start, head.end,
                                  f"表格逐行列出个人记录，含直接标识列“{head.text}”",
                                  "删除直接标识列；统计信息只公开汇总数据")


RULE = Microdata()
