"""hygiene.mojibake: garbled text (U+FFFD, ?? inside Chinese, GBK read as Latin-1)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule

_CJK = re.compile(r"[\u4e00-\u9fff]")


class Mojibake(Rule):
    id = "hygiene.mojibake"
    title = "乱码"
    description = "替换字符 U+FFFD、中文中间的 ??、按 Latin-1 误读的 GBK/UTF-8 字节。"
    severity = Severity.WARN

    def check(self, ctx: Context) -> Iterator[Finding]:
        for tok in ctx.of_kind("moji"):
            if tok.value.startswith("?"):
                if "?" not in ctx.raw[tok.start:tok.end]:
                    continue  # full-width ？？ is punctuation, not a lost character
                around = ctx.text[max(0, tok.start - 1):tok.start] + ctx.text[tok.end:tok.end + 1]
                if not _CJK.search(around):
                    continue
            yield ctx.finding(self, tok.start, tok.end, "文本中有乱码", "从原始文件重新复制该段文字，并确认文件为 UTF-8")


RULE = Mojibake()
