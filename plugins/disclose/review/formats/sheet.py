"""Spreadsheets and CSV: every sheet (hidden ones too), every cell (hidden rows and columns
too), comments, defined names, headers and footers, file properties. Cells are located A1-style
as Excel shows them (`Sheet2!C14`); what a reader of the sheet would not see is labelled."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from openpyxl.utils import get_column_letter

from ..parts import Extracted, Segment
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


def _csv(data: bytes, delimiter: str) -> Extracted:
    text = decode(data)
    if text is None:
        raise ValueError("not UTF-8 or GB 18030 text")
    out = Extracted()
    rows = [[Segment(f"{get_column_letter(c)}{r}", v) if v else None for c, v in enumerate(row, 1)]
            for r, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1)]
    out.part().table(rows)
    return out


def read_csv(data: bytes) -> Extracted:
    """A CSV file as one table."""
    return _csv(data, ",")


def read_tsv(data: bytes) -> Extracted:
    """A tab-separated file as one table."""
    return _csv(data, "\t")


def read_xlsx(data: bytes) -> Extracted:
    """Every sheet of an XLSX workbook, with comments, names, headers and footers."""
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
            text = _value(cell.value)
            if not text:
                continue
            label = sheet_label + ("（隐藏行）" if r in hidden_rows else "") + \
                ("（隐藏列）" if get_column_letter(c) in hidden_cols else "")
            row = by_row.setdefault(r, [])
            row.extend([None] * (c - len(row)))
            row[c - 1] = Segment(f"{ws.title}!{cell.coordinate}{label}", text)
        out.part().table([by_row[r] for r in sorted(by_row)])
        for name, dn in ws.defined_names.items():
            extra.line(Segment(f"{ws.title}!定义名称 {name}", dn.attr_text or ""))
        for hf_name in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"):
            hf = getattr(ws, hf_name)
            for side in (hf.left, hf.center, hf.right):
                kind = "页眉" if "Header" in hf_name else "页脚"
                extra.line(Segment(f"{ws.title}!{kind}{sheet_label}", side.text or ""))
    return out


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
