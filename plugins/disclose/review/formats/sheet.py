"""Spreadsheets and CSV: every sheet (hidden ones too), every cell (hidden rows and columns
too), comments, defined names, headers and footers, file properties. Cells are located A1-style
as Excel shows them (`Sheet2!C14`); what a reader of the sheet would not see is labelled."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any
from urllib.parse import unquote

from openpyxl.utils import get_column_letter

from ..parts import Extracted, Segment, Special
from ..text import mask_text
from .encoding import decode


def _value(v: Any) -> str:
    """A cell value as the text a reader sees (integral floats without .0: phone numbers)."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e17:
        return str(int(v))
    if isinstance(v, dt.datetime | dt.date | dt.time):
        return v.isoformat()
    return str(v)


# A cell a spreadsheet program runs as a formula when it opens a CSV file (OWASP "CSV
# injection"): it starts with = + - @ (full-width forms too, after blanks, tabs and line breaks:
# the same starts inert.FORMULA_START neutralises in our own outputs). Numbers (-3.5, +2.1%,
# -1,234.50, 1.2E+5) and dashes standing for "no data" (-, --) are read as values, not formulas.
_FORMULA_START = "=+-@\uff1d\uff0b\uff0d\uff20"
_NOT_FORMULA = re.compile(r"[+\-\uff0b\uff0d]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?%?"
                          r"|[\-+\uff0b\uff0d\s]*")
_MAX_FORMULA_FINDINGS = 50


def _formula_cell(value: str) -> bool:
    v = value.lstrip(" \u3000\t\r\n")
    return bool(v) and v[0] in _FORMULA_START and not _NOT_FORMULA.fullmatch(v.rstrip())


def _csv(data: bytes, delimiter: str) -> Extracted:
    text = decode(data)
    if text is None:
        raise ValueError("not UTF-8 or GB 18030 text")
    out = Extracted()
    rows = [[Segment(f"{get_column_letter(c)}{r}", v) if v else None for c, v in enumerate(row, 1)]
            for r, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1)]
    out.part().table(rows)
    # CSV files are published byte for byte: a formula cell would run in a visitor's spreadsheet.
    formulas = [c for row in rows for c in row if c is not None and _formula_cell(c.text)]
    for cell in formulas[:_MAX_FORMULA_FINDINGS]:
        first = cell.text.lstrip(" \u3000\t\r\n")[0]
        out.specials.append(Special(
            "attach.formula", cell.where,
            f"单元格以“{first}”开头，用 Excel、WPS 打开时会当作公式执行（CSV 公式注入）"
            + (f"；共 {len(formulas)} 个这样的单元格" if len(formulas) > 1 else ""),
            "附件按原样发布：删去开头的 = + - @，或在前面加英文单引号 '；确需公式的表格请改用 XLSX 文件",
            mask_text(cell.text.strip()[:40])))
    return out


def read_csv(data: bytes) -> Extracted:
    """A CSV file as one table."""
    return _csv(data, ",")


def read_tsv(data: bytes) -> Extracted:
    """A tab-separated file as one table."""
    return _csv(data, "\t")


def read_xlsx(data: bytes) -> Extracted:
    """Every sheet of an XLSX workbook, with comments, names, headers and footers. A cell is
    checked as a reader sees it too: a formula with its cached value and its literals joined
    (="1101"&"0519…"), a number with the literal text of its custom format ("110105"0), a
    hyperlink's address."""
    from openpyxl import load_workbook

    # Not read_only: only the full reader gives comments, hidden rows/columns and headers.
    wb = load_workbook(io.BytesIO(data), read_only=False, data_only=False)
    out = Extracted()
    props = wb.properties
    out.people.update(p for p in (props.creator, props.lastModifiedBy) if p)
    extra = out.part()
    for field_name in ("title", "subject", "description", "keywords", "category"):
        extra.line(Segment(f"文件属性 {field_name}", _value(getattr(props, field_name, None))))
    for name, dn in wb.defined_names.items():
        extra.line(Segment(f"定义名称 {name}", dn.attr_text or ""))
    cached = _cached_values(data, wb)
    out.specials += _other_parts(data, extra)
    for ws in wb.worksheets:
        sheet_label = "" if ws.sheet_state == "visible" else "（隐藏工作表）"
        hidden_rows = {r for r, d in ws.row_dimensions.items() if d.hidden}
        hidden_cols = {c for c, d in ws.column_dimensions.items() if d.hidden}
        by_row: dict[int, list[Segment | None]] = {}
        # ws._cells holds only the cells that exist: iterating max_row x max_column would walk
        # millions of empty cells when one stray cell sits far away (openpyxl is pinned).
        for (r, c), cell in sorted(ws._cells.items()):
            if cell.comment is not None:
                out.people.add(cell.comment.author or "")
                extra.line(Segment(f"{ws.title}!{cell.coordinate} 批注{sheet_label}", cell.comment.text))
            label = sheet_label + ("（隐藏行）" if r in hidden_rows else "") + \
                ("（隐藏列）" if get_column_letter(c) in hidden_cols else "")
            link = cell.hyperlink
            if link is not None:
                target = " ".join(t for t in (link.target, link.location) if t)
                shown = unquote(target)
                extra.line(Segment(f"{ws.title}!{cell.coordinate} 超链接{label}",
                                   target + (" " + shown if shown != target else "")))
            text = _shown(cell, cached.get((ws.title, r, c)))
            if not text:
                continue
            row = by_row.setdefault(r, [])
            row.extend([None] * (c - len(row)))
            row[c - 1] = Segment(f"{ws.title}!{cell.coordinate}{label}", text)
        rows = [by_row[r] for r in sorted(by_row)]
        out.part().table(rows)
        for name, dn in ws.defined_names.items():
            extra.line(Segment(f"{ws.title}!定义名称 {name}", dn.attr_text or ""))
        for dv in ws.data_validations.dataValidation:  # drop-down lists and input prompts
            shown = " ".join(t for t in (dv.formula1, dv.formula2, dv.promptTitle, dv.prompt,
                                         dv.errorTitle, dv.error) if t)
            extra.line(Segment(f"{ws.title}!数据验证 {dv.sqref}{sheet_label}", shown))
        for hf_name in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"):
            hf = getattr(ws, hf_name)
            for side in (hf.left, hf.center, hf.right):
                kind = "页眉" if "Header" in hf_name else "页脚"
                extra.line(Segment(f"{ws.title}!{kind}{sheet_label}", side.text or ""))
    return out


# Parts of an XLSX package openpyxl reads into the workbook (checked through it: cells, comments,
# cell hyperlinks) or the core properties. Every other part is swept (ooxml.sweep): text boxes,
# shapes and pictures (alt text, link targets in their .rels), legacy VML text boxes, chart titles
# and caches, pivot caches (which keep the source rows even when the source sheet was deleted),
# external-link caches, threaded comments, connections, custom XML, custom properties, embedded
# documents.
# Sheets and shared strings are skipped (their size would cost the most, openpyxl reads all of
# their text); the workbook and comments give their attribute values.
_READ_PARTS = re.compile(r"(?:xl/workbook\.xml|xl/comments[^/]*\.xml|xl/comments/[^/]*\.xml)", re.I)
_SKIP_PARTS = re.compile(r"(?:docProps/core\.xml|xl/styles\.xml|xl/calcChain\.xml|xl/sharedStrings\.xml"
                         r"|xl/worksheets/sheet\d+\.xml|xl/worksheets/_rels/sheet\d+\.xml\.rels)", re.I)


def _other_parts(data: bytes, extra: Any) -> list[Special]:
    from . import ooxml

    unreadable: list[str] = []
    for seg in ooxml.sweep(data, _READ_PARTS, _SKIP_PARTS, unreadable):
        extra.line(seg)
    return ooxml.unreadable_specials(unreadable)


def _shown(cell: Any, cached: Any) -> str:
    """A cell's text for the check: its value, and what a reader sees when that differs."""
    v = cell.value
    if cell.data_type == "f":
        formula = v if isinstance(v, str) else getattr(v, "text", None) or ""
        pieces = [formula]
        literals = [m.group(1).replace('""', '"') if m.group(1) is not None else m.group(2)
                    for m in _LITERAL.finditer(formula)]
        if len(literals) > 1:
            pieces.append("".join(literals))
        if cached not in (None, ""):
            pieces.append(_value(cached))
        return " ".join(p for p in pieces if p)
    text = _value(v)
    # Built-in formats (ids below 164) carry no literal digits: only custom ones are rendered.
    if not text or cell._style.numFmtId < 164:
        return text
    shown = _formatted(v, cell.number_format)
    return f"{text} {shown}" if shown and shown != text else text


# String literals ("1101", quotes doubled inside) and number literals of a formula; a digit
# that belongs to a reference (A1, $B$2, 1:3) or a name is not a literal.
_LITERAL = re.compile(r'"((?:[^"]|"")*)"|(?<![A-Za-z0-9_$.:!])([0-9]+(?:\.[0-9]+)?)(?![0-9A-Za-z_(!:])')


def _cached_values(data: bytes, wb: Any) -> dict[tuple[str, int, int], Any]:
    """The values Excel saved for formula cells (what a reader of the file sees): read again,
    only when the workbook has formulas, with the streaming reader."""
    wanted = {(ws.title, r, c) for ws in wb.worksheets for (r, c), cell in ws._cells.items()
              if cell.data_type == "f"}
    if not wanted:
        return {}
    from openpyxl import load_workbook

    values: dict[tuple[str, int, int], Any] = {}
    cached_wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for title in {t for t, _, _ in wanted}:
            for row in cached_wb[title].iter_rows():
                for cell in row:
                    key = (title, getattr(cell, "row", 0), getattr(cell, "column", 0))
                    if key in wanted and cell.value is not None:
                        values[key] = cell.value
    finally:
        cached_wb.close()
    return values


_FORMAT_SECTION = re.compile(r'(?:"[^"]*"|\\.|[^;])+')
_FORMAT_TOKEN = re.compile(r'"([^"]*)"|\\(.)|([_*]).|\[[^\]]*\]|([0#?])|(\.)|(@)|(.)', re.S)


def _formatted(v: Any, fmt: str | None) -> str | None:
    """The text a custom number format shows for a number or text, when the format carries
    literal text ("110105"0, \\1\\3\\8 0000, "1101"@); None for formats without literals, dates."""
    if not fmt or fmt == "General" or isinstance(v, bool) or not isinstance(v, int | float | str):
        return None
    if '"' not in fmt and "\\" not in fmt:
        return None
    sections = _FORMAT_SECTION.findall(fmt)
    if isinstance(v, str):
        section = next((sec for sec in sections if "@" in sec), None)
        if section is None:
            return None
    else:
        section = sections[1] if v < 0 and len(sections) > 1 else sections[0]
    tokens = []  # (kind, text): lit, ph (placeholder char), dot, at
    for m in _FORMAT_TOKEN.finditer(section):
        quoted, escaped, _skip, ph, dot, at, other = m.groups()
        if quoted is not None or escaped is not None:
            tokens.append(("lit", quoted if quoted is not None else escaped))
        elif ph:
            tokens.append(("ph", ph))
        elif dot:
            tokens.append(("dot", "."))
        elif at:
            tokens.append(("at", "@"))
        elif other is not None:
            if other.lower() in "ymdhse" and not isinstance(v, str):
                return None  # a date, time or scientific format: shown by openpyxl's value
            tokens.append(("pct", "%") if other == "%" else ("lit", "" if other == "," else other))
    if isinstance(v, str):
        return "".join(t if k in ("lit", "pct") else v if k == "at" else "" for k, t in tokens)
    dot_at = next((i for i, (k, _) in enumerate(tokens) if k == "dot"), len(tokens))
    int_ph = [i for i, (k, _) in enumerate(tokens[:dot_at]) if k == "ph"]
    frac_ph = [i for i, (k, _) in enumerate(tokens[dot_at:], dot_at) if k == "ph"]
    number = abs(v) * (100 if any(k == "pct" for k, _ in tokens) else 1)
    whole, frac = f"{number:.{len(frac_ph)}f}".partition(".")[::2]
    filled = {i: "" for i in int_ph + frac_ph}
    digits = whole.lstrip("0")
    for n, i in enumerate(reversed(int_ph)):
        if n == len(int_ph) - 1:
            filled[i] = digits
        else:
            filled[i] = digits[-1:] if digits else ("0" if tokens[i][1] == "0" else "")
            digits = digits[:-1]
        if not filled[i] and tokens[i][1] == "0":
            filled[i] = "0"
    for i, d in zip(frac_ph, frac, strict=False):
        filled[i] = d
    out = []
    for i, (k, t) in enumerate(tokens):
        if k == "ph":
            out.append(filled[i])
        elif k in ("lit", "pct"):
            out.append(t)
        elif k == "dot" and frac_ph:
            out.append(".")
    return ("-" if v < 0 and len(sections) < 2 and (int_ph or frac_ph) else "") + "".join(out)


def read_xls(data: bytes) -> Extracted:
    """Every sheet of a legacy XLS workbook (xlrd), with cell notes and names."""
    import xlrd

    book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    out = Extracted()
    out.people.add(book.user_name or "")
    extra = out.part()
    for name in book.name_obj_list:
        extra.line(Segment(f"定义名称 {name.name}", getattr(name, "formula_text", "") or ""))
    for sheet in book.sheets():
        sheet_label = "" if sheet.visibility == 0 else "（隐藏工作表）"
        rows: list[list[Segment | None]] = []
        for r in range(sheet.nrows):
            row_hidden = r in sheet.rowinfo_map and sheet.rowinfo_map[r].hidden
            row: list[Segment | None] = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                value = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate_as_datetime(value, book.datemode)
                text = _value(value) if cell.ctype not in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) else ""
                if text and cell.ctype in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_TEXT):
                    fmt = book.format_map.get(book.xf_list[cell.xf_index].format_key)
                    shown = _formatted(value, fmt.format_str if fmt else None)
                    text = f"{text} {shown}" if shown and shown != text else text
                col_hidden = c in sheet.colinfo_map and sheet.colinfo_map[c].hidden
                label = sheet_label + ("（隐藏行）" if row_hidden else "") + ("（隐藏列）" if col_hidden else "")
                ref = f"{get_column_letter(c + 1)}{r + 1}"
                row.append(Segment(f"{sheet.name}!{ref}{label}", text) if text else None)
            rows.append(row)
        out.part().table(rows)
        for (r, c), note in sheet.cell_note_map.items():
            out.people.add(note.author or "")
            extra.line(Segment(f"{sheet.name}!{get_column_letter(c + 1)}{r + 1} 批注{sheet_label}", note.text))
    return out
