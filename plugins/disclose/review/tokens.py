"""Tokens, table cells and Markdown pipe tables: the pieces the scan and the rules share.

Below `context.py` and `scan.py` (both import from here; this module imports only `text.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .text import Lines


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
