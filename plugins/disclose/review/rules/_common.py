"""Helpers shared by several rules (context words, person tables) and the options they share."""

from __future__ import annotations

from ...schema import Option, at_least
from ..context import Context, Token
from ..names import PERSON_HEADERS, header_index, is_official_table


def _phone_forms(phones: tuple[str, ...]) -> frozenset[str]:
    """Each allowed number as written and without separators (0579-88880000, 057988880000)."""
    return frozenset(p for raw in phones for p in (raw, raw.replace("-", "").replace(" ", "")))


# Options of more than one rule (pii.mobile and pii.landline; stats.small_cell and
# stats.recoverable, also the datasets' default threshold): one object, listed by each rule.
ALLOWED_PHONES = Option("允许公开的单位电话（如 0579-88880000 或 057988880000）", (),
                        type=tuple[str, ...], prepare=_phone_forms)
SMALL_CELL_THRESHOLD = Option("统计表小单元格阈值 T（计数 0 < n < T 阻止发布）", 5, type=int,
                              checks=[at_least(1, "阈值必须为正整数")])


def near(ctx: Context, token: Token, words: tuple[str, ...], before: int = 15, after: int = 10) -> bool:
    """Whether any of `words` stands near the token on its line."""
    window = ctx.window(token.start, token.end, before, after)
    return any(w in window for w in words)


def person_table(ctx: Context, offset: int) -> bool:
    """Whether the offset lies in a row of a table listing private persons."""
    table = ctx.in_table_row(offset)
    return bool(table and header_index(table, PERSON_HEADERS) and not is_official_table(table))
