"""Everything a rule sees about one file: text, positions, tokens, tables, options."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Severity
from .finding import Finding
from .names import person_names
from .scan import scan
from .text import Lines, mask_text, normalise, restore_unmasked
from .tokens import Cell, Table, Token, find_tables

__all__ = ["Cell", "Context", "Options", "Table", "Token", "find_tables"]  # re-exported for rules


class Options:
    """The rules' options for one check, as attributes (`ctx.options.allowed_phones`): every
    option the rules declare (`Rule.options`), prepared by the engine from DISCLOSE.review."""

    def __init__(self, values: Mapping[str, Any] | None = None) -> None:
        self.__dict__.update(values or {})

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("check options are read-only")


@dataclass
class Context:
    """One file prepared for the rules. Offsets are the same in `raw` and `text`."""

    path: str
    raw: str
    options: Options = field(default_factory=Options)
    front: dict[str, Any] = field(default_factory=dict)
    front_lines: dict[str, int] = field(default_factory=dict)
    body_start: int = 0

    def __post_init__(self) -> None:
        self.text = normalise(self.raw)
        self.lines = Lines(self.text)
        self.tokens = scan(self.text)
        self.tables = find_tables(self.text, self.lines)
        self._names: set[str] | None = None
        self._by_kind: dict[str, list[Token]] = {}
        for t in self.tokens:
            self._by_kind.setdefault(t.kind, []).append(t)

    @property
    def person_names(self) -> set[str]:
        """Names of private persons in this file (person-table cells, labelled names)."""
        if self._names is None:
            self._names = person_names(self.tables, self.text)
        return self._names

    def masked(self, start: int, end: int) -> str:
        """Original text of [start, end) with identifiers and personal names masked."""
        norm = self.text[start:end]
        return self.mask_names(restore_unmasked(mask_text(norm), norm, self.raw[start:end]))

    def mask_names(self, text: str) -> str:
        """Mask every known personal name in a piece of text."""
        for name in self.person_names:
            if name in text:
                text = text.replace(name, name[:1] + "*" * (len(name) - 1))
        return text

    def of_kind(self, kind: str) -> list[Token]:
        """Tokens of one kind."""
        return self._by_kind.get(kind, [])

    def window(self, start: int, end: int, before: int = 15, after: int = 15) -> str:
        """Normalised text around a span, on the same line."""
        line_no, _ = self.lines.position(start)
        ls, le = self.lines.span(line_no)
        return self.text[max(ls, start - before):min(le, end + after)]

    def line_of(self, offset: int) -> str:
        """The whole normalised line holding an offset."""
        return self.lines.line_text(self.lines.position(offset)[0])

    def in_table_row(self, offset: int) -> Table | None:
        """The table whose body row holds this offset, if any."""
        for table in self.tables:
            for row in table.rows:
                if row and row[0].start - 2 <= offset <= row[-1].end + 2:
                    return table
        return None

    def finding(self, rule: Any, start: int, end: int, message: str, hint: str,
                severity: Severity | None = None, shown: str | None = None) -> Finding:
        """A finding at [start, end) with a masked excerpt of the surrounding line."""
        line, col = self.lines.position(start)
        ls, le = self.lines.span(line)
        a, b = max(ls, start - 12), min(le, end + 12)
        # Mask the whole line, then cut: an identifier cut by the window is still masked whole.
        masked = self.masked(ls, le)
        middle = shown if shown is not None else masked[start - ls:end - ls]
        excerpt = masked[a - ls:start - ls] + "【" + middle + "】" + masked[end - ls:b - ls]
        return Finding(rule.id, severity or rule.severity, self.path, line, col, excerpt.strip(),
                       message, hint, col + (end - start))
