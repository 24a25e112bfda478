"""Helpers shared by several rules (context words, person tables)."""

from __future__ import annotations

from ..context import Context, Token
from ..names import PERSON_HEADERS, header_index, is_official_table


def near(ctx: Context, token: Token, words: tuple[str, ...], before: int = 15, after: int = 10) -> bool:
    """Whether any of `words` stands near the token on its line."""
    window = ctx.window(token.start, token.end, before, after)
    return any(w in window for w in words)


def person_table(ctx: Context, offset: int) -> bool:
    """Whether the offset lies in a row of a table listing private persons."""
    table = ctx.in_table_row(offset)
    return bool(table and header_index(table, PERSON_HEADERS) and not is_official_table(table))
