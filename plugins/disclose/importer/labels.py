"""Finding label/value pairs in lines of cells, the shape both HTML pages and text dumps take.

A page is first turned into lines (a paragraph, list item or table row each), each a list of
cells (one cell outside tables). A label is a known label standing as a whole cell, or followed
by a colon; its value is the rest of the cell up to the next label, else the next cell, else the
next line (label and value in separate elements, or split by a line break)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .fields import SPACE, all_labels, field_of, is_weak, parse_date

_LABEL_RE = re.compile(
    "(?<![\u4e00-\u9fff])(" + "|".join(SPACE.join(map(re.escape, label)) for label in all_labels())
    + f"){SPACE}[:：]")
# A value ends where the next "something:" begins (浏览次数: 1024, 字号: 大 中 小).
_NEXT_LABEL = re.compile(r"[\s\u3000]+(?!\d)[^\s:：，。；]{1,8}[:：]")
# One-word values (numbers, names, dates) end at a wide space; titles and summaries do not.
_ONE_WORD = {"index_no", "doc_no", "publisher", "status", "abolished", "disclosure", "category",
             "genre", "column", "url"}
_WIDE_GAP = re.compile(r"\u3000|\s{2,}|\t|\xa0")
_TIME = re.compile(r"\s*\d{1,2}:\d{2}(:\d{2})?")
_SEP = " \u3000\xa0\t|｜·•"
# How far a value may run on into the next line when its own line held only the label.
NEXT_LINE_MAX = 100


@dataclass
class Found:
    """Label values (first one of each field wins, every one kept) and where they were."""

    values: dict[str, list[str]] = field(default_factory=dict)
    spans: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)  # line -> (cell, start, end)
    whole: set[int] = field(default_factory=set)  # lines that are a value of the line before

    def first(self, name: str) -> str:
        """The first value of a field, or ''."""
        return (self.values.get(name) or [""])[0]

    def add(self, name: str, value: str) -> None:
        if value:
            self.values.setdefault(name, []).append(value)

    def mark(self, line: int, cell: int, start: int, end: int) -> None:
        self.spans.setdefault(line, []).append((cell, start, end))


def _cut(name: str, value: str) -> str:
    cut = _NEXT_LABEL.search(value)
    value = value[:cut.start()] if cut else value
    if name in ("created", "published"):
        m = re.search(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?", value)
        if m and parse_date(m.group(0)):
            t = _TIME.match(value, m.end())
            return value[:t.end() if t else m.end()].strip(_SEP)
    if name in _ONE_WORD:
        gap = _WIDE_GAP.search(value.strip(_SEP))
        value = value.strip(_SEP)
        value = value[:gap.start()] if gap else value
    return value.strip(_SEP)


def _whole_label(cell: str) -> str | None:
    text = cell.strip(_SEP)
    return field_of(text) if 0 < len(text) <= 12 else None


def _is_label_line(cells: list[str]) -> bool:
    return any(_whole_label(c) or _LABEL_RE.match(c.strip(_SEP)) for c in cells)


def scan(lines: list[list[str]]) -> Found:
    """Every label/value pair in these lines."""
    found = Found()
    for i, cells in enumerate(lines):
        if i in found.whole:
            continue
        for j, cell in enumerate(cells):
            _scan_cell(found, lines, i, j, cell)
    return found


def _scan_cell(found: Found, lines: list[list[str]], i: int, j: int, cell: str) -> None:
    cells = lines[i]
    name = _whole_label(cell)
    if name:
        if j + 1 < len(cells) and not _whole_label(cells[j + 1]):
            found.add(name, _cut(name, cells[j + 1].strip(_SEP)))
            found.mark(i, j, 0, len(cell))
            found.mark(i, j + 1, 0, len(cells[j + 1]))
        elif len(cells) == 1:
            _value_on_next_line(found, lines, i, name)
        return
    marks, end = [], 0
    for m in _LABEL_RE.finditer(cell):
        if is_weak(m.group(1)) and cell[end:m.start()].strip(_SEP):
            continue  # an ordinary word in prose, not a label
        marks.append(m)
        end = m.end()
        name = field_of(m.group(1))
        nxt = next((n for n in _LABEL_RE.finditer(cell, m.end())), None)
        raw = cell[m.end():nxt.start() if nxt else len(cell)]
        value = _cut(name, raw)
        end = m.end() + (raw.find(value) + len(value) if value else 0)
        found.mark(i, j, m.start(), end)
        if value:
            found.add(name, value)
        elif nxt is None and j + 1 < len(cells) and not _whole_label(cells[j + 1]):
            found.add(name, _cut(name, cells[j + 1].strip(_SEP)))
            found.mark(i, j + 1, 0, len(cells[j + 1]))
        elif nxt is None and j == len(cells) - 1:
            _value_on_next_line(found, lines, i, name)


def _value_on_next_line(found: Found, lines: list[list[str]], i: int, name: str) -> None:
    found.mark(i, len(lines[i]) - 1, 0, len(lines[i][-1]))
    if i + 1 >= len(lines) or len(lines[i + 1]) != 1 or _is_label_line(lines[i + 1]):
        return
    text = lines[i + 1][0].strip(_SEP)
    if 0 < len(text) <= NEXT_LINE_MAX:
        found.add(name, _cut(name, text))
        found.whole.add(i + 1)
        found.mark(i + 1, 0, 0, len(lines[i + 1][0]))


def remainder(cells: list[str], spans: list[tuple[int, int, int]]) -> list[str]:
    """The cells of a line with the label/value spans taken out."""
    out = []
    for j, cell in enumerate(cells):
        keep = [True] * len(cell)
        for c, start, end in spans:
            if c == j:
                keep[start:end] = [False] * (end - start)
        out.append("".join(ch for ch, k in zip(cell, keep, strict=True) if k))
    return out
