"""pii.email: personal e-mail addresses (free mail providers)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Severity
from ...schema import Option
from ..context import Context
from ..finding import Finding
from ..rule import Rule

PERSONAL_DOMAINS = ("qq.com", "163.com", "126.com", "gmail.com", "sina.com", "sina.cn", "sohu.com",
                    "hotmail.com", "outlook.com", "yeah.net", "foxmail.com", "139.com", "aliyun.com",
                    "yahoo.com", "icloud.com", "live.com", "189.cn", "wo.cn")
_LOCAL = re.compile(r"[A-Za-z0-9._%+-]{1,64}$")
_DOMAIN = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


class Email(Rule):
    id = "pii.email"
    title = "个人电子邮箱"
    description = "QQ、163、126、Gmail 等个人邮箱；gov.cn 和单位自有域名不报告。"
    severity = Severity.WARN
    options = {"allowed_email_domains": Option("允许公开的邮箱域名（gov.cn 总是允许）", (), type=tuple[str, ...],
                                               prepare=lambda domains: frozenset(d.lower() for d in domains))}

    def check(self, ctx: Context) -> Iterator[Finding]:
        allowed = ctx.options.allowed_email_domains
        for tok in ctx.of_kind("at"):
            local = _LOCAL.search(ctx.text[max(0, tok.start - 64):tok.start])
            domain = _DOMAIN.match(ctx.text[tok.end:tok.end + 80])
            if not local or not domain:
                continue
            host = domain.group().lower()
            if host in allowed or host.endswith(".gov.cn") or host not in PERSONAL_DOMAINS:
                continue
            start, end = tok.start - len(local.group()), tok.end + len(domain.group())
            yield ctx.finding(self, start, end, "个人电子邮箱地址", "改用单位公开邮箱，或删除",
                              shown=local.group()[:1] + "*" * (len(local.group()) - 1) + "@" + host)


RULE = Email()
