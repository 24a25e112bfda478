"""pii.bank_card: bank card numbers (issuer prefix and Luhn)."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ...schema import Option
from ..context import Context
from ..finding import Finding
from ..rule import Rule
from ..validators import is_bank_card, is_id_card
from ._common import near

# Card and account words: a Luhn-valid number near one of these blocks (the one list of this rule).
CONTEXT = ("卡号", "账号", "帐号", "账户", "帐户", "银行卡", "开户", "借记卡", "信用卡", "社保卡",
           "储蓄卡", "存折", "收款")


class BankCard(Rule):
    id = "pii.bank_card"
    title = "银行卡号"
    description = "16-19 位、发卡行前缀（62、4、5、35、60）且 Luhn 校验正确；附近有卡号、账号、账户等字样时阻止发布。"
    severity = Severity.BLOCK
    options = {"allowed_accounts": Option("允许公开的单位银行账号", (), type=tuple[str, ...],
                                          prepare=lambda accounts: frozenset(a.replace(" ", "") for a in accounts))}

    def check(self, ctx: Context) -> Iterator[Finding]:
        allowed = ctx.options.allowed_accounts
        for tok in ctx.of_kind("num"):
            value = tok.digits
            if value in allowed or not is_bank_card(value) or is_id_card(value):
                continue
            if near(ctx, tok, CONTEXT, 20, 5):
                yield ctx.finding(self, tok.start, tok.end, "发现完整的银行卡号",
                                  "删除或只保留后 4 位；单位公开的收款账号请加入允许清单")
            else:
                yield ctx.finding(self, tok.start, tok.end, "疑似银行卡号（校验位正确）",
                                  "核实是否为个人银行卡号", Severity.WARN)


RULE = BankCard()
