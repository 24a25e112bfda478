"""An oracle for "inert output", written independently of the code under test: it parses every
published file the way a browser or a spreadsheet would and lists what would be live.

- HTML/SVG: a <script> other than the theme's own files, an event attribute (on…=), a
  javascript:/vbscript:/data:text/html URL, an iframe/object/embed/base element. Feeds: the same
  checks on the HTML carried in their entries.
- CSV/XLSX: a cell that a spreadsheet reads as a formula (OWASP "CSV Injection": a cell starting
  with = + - @ tab CR LF), an XLSX cell of formula type or an <f> element in a sheet.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

THEME_SCRIPTS = {"/theme/js/a11y.js", "/theme/js/search.js"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite"}
ACTIVE_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


class _Live(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {k for k, _ in attrs}
        values = {k: v or "" for k, v in attrs}
        if tag == "script" and values.get("src") not in THEME_SCRIPTS:
            self.found.append(f"<script {attrs}>")
        if tag in ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        for name in names:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name == "srcdoc":
                self.found.append(f"<{tag} srcdoc>")
        for name, value in values.items():
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                url = re.sub(r"[\x00-\x20]", "", value).lower()
                if url.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.append(f"<{tag} {name}={value[:40]}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")

    handle_startendtag = handle_starttag


def live_in_html(text: str) -> list[str]:
    """What a browser would run or follow as script in this HTML/SVG."""
    parser = _Live()
    parser.feed(text)
    parser.close()
    return parser.found


def live_in_feed(text: str) -> list[str]:
    """Atom entries carry HTML in <content>/<summary> (type="html"): check that HTML."""
    root = ElementTree.fromstring(text.encode("utf-8"))
    found = []
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] in ("content", "summary", "description") and el.text:
            found += live_in_html(el.text)
    return found


def formula_cell(value: object) -> bool:
    """Whether a spreadsheet would evaluate this cell (a negative number is a number, not a formula)."""
    return isinstance(value, str) and value.startswith(FORMULA) and not _NUMBER.fullmatch(value)


def formulas_in_csv(raw: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(raw.decode("utf-8-sig")))
    return [cell for row in rows for cell in row if formula_cell(cell)]


def formulas_in_xlsx(raw: bytes) -> list[str]:
    import openpyxl

    found = []
    book = openpyxl.load_workbook(io.BytesIO(raw))
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or formula_cell(cell.value):
                    found.append(f"{ws.title}!{cell.coordinate}={cell.value!r}")
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and re.search(rb"<(\w+:)?f[ >]", z.read(name)):
                found.append(f"{name}: <f> element")
    return found


def live_files(out: Path) -> dict[str, list[str]]:
    """Every published file with something live in it (empty when the output is inert)."""
    bad: dict[str, list[str]] = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm", ".svg"):
            found = live_in_html(raw.decode("utf-8"))
        elif suffix == ".xml" and b"<feed" in raw[:400]:
            found = live_in_feed(raw.decode("utf-8"))
        elif suffix == ".csv":
            found = formulas_in_csv(raw)
        elif suffix == ".xlsx":
            found = formulas_in_xlsx(raw)
        elif suffix == ".json" and path.relative_to(out).parts[0] == "pagefind-text":
            # fetched by the search page: no raw angle bracket may stand in it (a sniffing
            # browser or a careless consumer could take it for markup)
            found = [f"raw {ch!r}" for ch in "<>" if ch.encode() in raw]
        else:
            continue
        if found:
            bad[path.relative_to(out).as_posix()] = found
    return bad


def texts(out: Path) -> Iterator[tuple[str, str]]:
    """Every published file as text: gzip (Pagefind) decompressed, XLSX unpacked, SQLite dumped."""
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        rel, raw = path.relative_to(out).as_posix(), path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        if raw[:4] == b"PK\x03\x04":
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                yield rel, "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        elif raw[:16] == b"SQLite format 3\x00":
            db = sqlite3.connect(path)
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            rows = [str(c) for t in tables for row in db.execute(f'SELECT * FROM "{t}"') for c in row]
            db.close()
            yield rel, "\n".join(rows)
        else:
            yield rel, raw.decode("utf-8", "replace")


def files_holding(out: Path, needle: str) -> list[str]:
    """Published files in which `needle` appears (as stored, after unpacking)."""
    return [rel for rel, text in texts(out) if needle in text]
