"""The located pieces a format reader returns: Segment, Special, Part, Extracted.

Below both `attachments.py` (which checks them) and `formats/` (which builds them), so neither
imports the other at module level.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Segment:
    """A located piece of text; `marks` label ranges of it (added to the location of a finding
    that overlaps them); with `only`, findings are kept only where they overlap such a mark."""

    where: str
    text: str
    marks: tuple[tuple[int, int, str], ...] = ()
    only: str = ""


@dataclass(frozen=True)
class Special:
    """A finding that comes from reading the file, not from the text rules."""

    rule: str
    where: str
    message: str
    hint: str
    excerpt: str = ""


class Part:
    """Text checked in one go, built from segments written as lines or as a pipe table."""

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._pos = 0
        self.starts: list[int] = []
        self.segments: list[Segment] = []

    def _add(self, text: str, seg: Segment | None = None) -> None:
        if seg is not None:
            self.starts.append(self._pos)
            self.segments.append(seg)
        self._chunks.append(text)
        self._pos += len(text)

    def line(self, seg: Segment) -> None:
        """One segment on its own line(s)."""
        if seg.text.strip():
            self._add(_plain(seg.text), seg)
            self._add("\n")

    def table(self, rows: list[list[Segment | None]]) -> None:
        """Rows of cells as a pipe table; rows before the first with two values are lines."""
        rows = [r for r in rows if any(c is not None and c.text.strip() for c in r)]
        head = next((i for i, r in enumerate(rows) if sum(bool(c and c.text.strip()) for c in r) >= 2), None)
        if head is None:
            for cell in (c for r in rows for c in r if c is not None):
                self.line(cell)
            return
        for cell in (c for r in rows[:head] for c in r if c is not None):
            self.line(cell)
        width = max(len(r) for r in rows[head:])
        self._add("\n")
        for i, row in enumerate(rows[head:]):
            for j in range(width):
                cell = row[j] if j < len(row) else None
                self._add("| ")
                if cell is not None and cell.text:
                    self._add(_cell(cell.text), cell)
                self._add(" ")
            self._add("|\n")
            if i == 0:
                self._add("|" + " --- |" * width + "\n")
        self._add("\n")

    @property
    def text(self) -> str:
        """The whole text of the part."""
        return "".join(self._chunks)


def _plain(text: str) -> str:
    # Only our own table rows may hold "|": a cell or paragraph must not open a table.
    return text.replace("|", "｜").replace("\r", " ")


def _cell(text: str) -> str:
    return _plain(text).replace("\n", " ")


@dataclass
class Extracted:
    """What a format reader found in one file."""

    parts: list[Part] = field(default_factory=list)
    specials: list[Special] = field(default_factory=list)
    people: set[str] = field(default_factory=set)  # authors in file properties, comments, revisions

    def part(self) -> Part:
        """A new part of this file."""
        self.parts.append(Part())
        return self.parts[-1]
