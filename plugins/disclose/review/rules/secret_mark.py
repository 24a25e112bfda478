"""secret.mark: classification marks (密级标志)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule

_PERIOD = re.compile(r"\s*[★☆*＊]\s*(?:[0-9]+\s*(?:年|个月|月)|长期|[0-9]+年?)?")
_LEVEL_ONLY = re.compile(r"^[\s【\[（(]*(?:绝密|机密|秘密)[\s】\]）)]*$")
HEAD_LINES = 8
PUBLIC_LEVELS = ("公开", "非密", "无")


class SecretMark(Rule):
    id = "secret.mark"
    title = "密级标志"
    description = ("绝密/机密/秘密 + ★ + 保密期限（如 机密★10年），文首单独一行的密级，"
                   "或 YAML 中公开/非密以外的 密级 字段。")
    severity = Severity.BLOCK
    front_keys = ("密级", "classification")

    def check(self, ctx: Context) -> Iterator[Finding]:
        body_line = ctx.lines.position(ctx.body_start)[0] if ctx.body_start else 1
        for tok in ctx.of_kind("mark"):
            star = _PERIOD.match(ctx.text, tok.end)
            if star and star.group().strip():
                yield ctx.finding(self, tok.start, star.end(), "文件带有密级标志，涉密文件不得公开",
                                  "确认文件已解密并经保密审查；示例性引用请由审查员接受")
                continue
            line_no = ctx.lines.position(tok.start)[0]
            if line_no - body_line < HEAD_LINES and _LEVEL_ONLY.match(ctx.lines.line_text(line_no)):
                yield ctx.finding(self, tok.start, tok.end, "文首有单独一行的密级标注",
                                  "涉密文件不得公开；确认已解密后删除该行")
        for key in self.front_keys:
            value = str(ctx.front.get(key, "")).strip()
            if key in ctx.front and value not in PUBLIC_LEVELS:
                offset = ctx.lines.starts[ctx.front_lines[key] - 1]
                yield ctx.finding(self, offset, offset + len(key), f"元数据中的密级为“{value}”",
                                  "涉密文件不得公开")


RULE = SecretMark()
