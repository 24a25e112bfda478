"""An HTML page as lines of cells (for labels) and as Markdown (for the body), on the DOM."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

BLOCK = frozenset("""address article aside blockquote body center dd details dir div dl dt fieldset
figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody
thead tfoot tr ul caption title""".split())
CELL = frozenset({"td", "th", "dt", "dd"})
DROP = frozenset({"script", "style", "noscript", "iframe", "object", "embed", "select", "option",
                  "button", "input", "textarea", "head", "map", "svg", "canvas", "video", "audio"})
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def tag_of(el: Any) -> str:
    """Lower-case local tag name ('' for comments and processing instructions)."""
    return el.tag.lower().rsplit(":", 1)[-1] if isinstance(el.tag, str) else ""


def text_of(el: Any) -> str:
    """Whitespace-collapsed text of an element."""
    return " ".join("".join(el.itertext()).split())


@dataclass
class Lines:
    """Lines of cells, each remembering the element it came from."""

    cells: list[list[str]] = field(default_factory=list)
    owners: list[Any] = field(default_factory=list)
    cur: list[str] = field(default_factory=list)
    owner: Any = None
    in_cell: bool = False

    def flush(self, owner: Any) -> None:
        """End the current line; the next one belongs to owner."""
        cells = [re.sub(r"[ \t\r\n\f\v]+", " ", c).strip(" \u3000") for c in self.cur]
        if any(cells):
            self.cells.append([c for c in cells if c] if len(cells) > 1 else cells)
            self.owners.append(self.owner)
        self.cur, self.owner = [], owner

    def brk(self, owner: Any) -> None:
        """A block boundary: a new line, or a wide space inside a table cell."""
        if self.in_cell:
            self.add("\u3000")
        else:
            self.flush(owner)

    def add(self, text: str | None) -> None:
        if text:
            if not self.cur:
                self.cur.append("")
            self.cur[-1] += text


def lines_of(root: Any) -> Lines:
    """The page's text as lines (paragraphs, items, rows), cells kept apart within a row."""
    out = Lines()
    _walk(root, out)
    out.flush(None)
    return out


def _walk(el: Any, out: Lines) -> None:
    tag = tag_of(el)
    if not tag or tag in DROP:
        return
    if tag == "br":
        out.brk(el.getparent())
        return
    saved = out.in_cell
    if tag == "table":
        out.flush(el)
        out.in_cell = False
    elif tag in CELL and not _has_blocks(el):
        out.cur.append("")
        out.in_cell = True
    elif tag in BLOCK or tag in CELL:
        out.brk(el)
    out.add(el.text)
    for child in el:
        _walk(child, out)
        out.add(child.tail)
    if tag in ("table", "tr", "dl"):
        out.flush(el.getparent())
    elif tag in CELL and out.in_cell:
        out.cur.append("")
    elif tag in BLOCK or tag in CELL:
        out.brk(el.getparent())
    out.in_cell = saved


def _has_blocks(el: Any) -> bool:
    """Whether a table cell lays out blocks (a layout cell) rather than holding one value."""
    return any(tag_of(d) in BLOCK for d in el.iterdescendants())


def remove(el: Any) -> None:
    """Take an element out, keeping its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def unwrap(el: Any) -> None:
    """Replace an element by its children (a layout table by its cells' content)."""
    parent = el.getparent()
    if parent is None:
        return
    idx = parent.index(el)
    div = etree.Element("div")
    div.text = el.text
    for child in list(el):
        div.append(child)
    div.tail = el.tail
    parent[idx] = div


def is_data_table(table: Any) -> bool:
    """A table of data (kept as a table), as opposed to one that lays out the page."""
    rows = [r for r in table.iter("tr") if _owner_table(r) is table]
    if len(rows) < 2 or any(_owner_table(t) is table for t in table.iter("table") if t is not table):
        return False
    widths = [len([c for c in r if tag_of(c) in ("td", "th")]) for r in rows]
    if max(widths) < 2 or sum(w >= 2 for w in widths) < len(rows) / 2:
        return False
    for cell in table.iter("td", "th"):
        if len(text_of(cell)) > 200 or any(tag_of(b) in ("p", "div", "ul", "h1", "h2") and len(text_of(b)) > 60
                                           for b in cell.iter()):
            return False
    return True


def _owner_table(el: Any) -> Any:
    for anc in el.iterancestors():
        if tag_of(anc) == "table":
            return anc
    return None


def markdown(root: Any) -> list[str]:
    """Paragraphs of Markdown: text blocks, headings, lists, and data tables as pipe tables."""
    blocks: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buf).split())
        if text:
            blocks.append(text)
        buf.clear()

    def walk(el: Any) -> None:
        tag = tag_of(el)
        if not tag or tag in DROP:
            return
        if tag == "table" and is_data_table(el):
            flush()
            blocks.append(_pipe_table(el))
            return
        if tag == "br":
            flush()
            return
        block = tag in BLOCK or tag in CELL
        if block:
            flush()
        if tag in HEADINGS:
            buf.append("#" * max(2, int(tag[1])) + " ")
        elif tag == "li":
            buf.append("- ")
        buf.append(el.text or "")
        for child in el:
            walk(child)
            buf.append(child.tail or "")
        if block:
            flush()

    walk(root)
    flush()
    return [b for b in blocks if b.strip("#- ")]


def _pipe_table(table: Any) -> str:
    rows = []
    for r in table.iter("tr"):
        row = []
        for c in r:
            if tag_of(c) in ("td", "th"):
                row.append(text_of(c).replace("|", "\\|") or " ")
                row += [" "] * (int(c.get("colspan", "1") or 1) - 1 if str(c.get("colspan", "1")).isdigit() else 0)
        if row:
            rows.append(row)
    width = max(len(r) for r in rows)
    rows = [r + [" "] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
