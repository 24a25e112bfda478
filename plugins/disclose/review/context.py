"""Everything a rule sees about one file: text, positions, tokens, tables, options."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..model import Severity
from .finding import Finding
from .text import Lines, mask_text, normalise, restore_unmasked


@dataclass(frozen=True)
class Options:
    """Check options from DISCLOSE.review (allow-lists, thresholds)."""

    small_cell_threshold: int = 5
    allowed_phones: frozenset[str] = frozenset()
    allowed_email_domains: frozenset[str] = frozenset()
    allowed_accounts: frozenset[str] = frozenset()
    renamed_orgs: tuple[tuple[str, str, str], ...] = ()  # local renames: (old, new, since YYYY-MM-DD)


class Token(NamedTuple):
    """A candidate found by the single scan: kind, offsets and the normalised text.

    (Named tuples: made by the thousand per file, and much cheaper to build than frozen
    dataclasses.)"""

    kind: str
    start: int
    end: int
    value: str
    digits: str  # the value without spaces and hyphens (masks and X kept)


class Cell(NamedTuple):
    """One cell of a Markdown table."""

    text: str
    start: int
    end: int


@dataclass
class Table:
    """A Markdown pipe table: header cells, rows of cells, first line number."""

    header: list[Cell]
    rows: list[list[Cell]]
    line: int
    memo: dict[str, Any] = field(default_factory=dict)  # per-table results shared by rules

    def column(self, i: int) -> list[Cell]:
        """Cells of column i (rows shorter than i are skipped)."""
        return [r[i] for r in self.rows if i < len(r)]


_SEP_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
# The same separator row found in the whole text at once (one C scan instead of a match per line).
_SEP_LINE = re.compile(r"^[^\S\n]*\|?[^\S\n]*:?-{3,}:?[^\S\n]*(?:\|[^\S\n]*:?-{3,}:?[^\S\n]*)*"
                       r"\|?[^\S\n]*$", re.M)


def _cells(line: str, offset: int) -> list[Cell]:
    out = []
    stripped = line.rstrip()
    body_start = len(line) - len(line.lstrip())
    if stripped[body_start:body_start + 1] == "|":
        body_start += 1
    end = len(stripped) - 1 if stripped.endswith("|") else len(stripped)
    pos = offset + body_start
    for part in line[body_start:end].split("|"):
        text = part.strip()
        start = pos + len(part) - len(part.lstrip())
        out.append(Cell(text, start, start + len(text)))
        pos += len(part) + 1
    return out


def find_tables(text: str, lines: Lines) -> list[Table]:
    """Every pipe table in the text."""
    tables: list[Table] = []
    if "|" not in text or "---" not in text:
        return tables
    next_free = 0  # first offset not yet inside a table
    for m in _SEP_LINE.finditer(text):
        sep_start = m.start()
        if sep_start < next_free or sep_start == 0:
            continue
        i = lines.position(sep_start)[0] - 1  # 0-based index of the separator line
        head_start, head_end = lines.span(i)
        head = text[head_start:head_end]
        if "|" not in head:
            continue
        table = Table(_cells(head, head_start), [], i)
        j = i + 2  # 1-based number of the first body line
        n_lines = len(lines.starts)
        while j <= n_lines:
            row_start, row_end = lines.span(j)
            row = text[row_start:row_end]
            if "|" not in row or not row.strip():
                break
            table.rows.append(_cells(row, row_start))
            j += 1
        tables.append(table)
        next_free = lines.starts[j - 1] if j <= n_lines else len(text)
    return tables


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
        from .scan import scan

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
            from .rules._common import person_names

            self._names = person_names(self)
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
