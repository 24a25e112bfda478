"""Everything written from a dataset: HTML table, SVG chart, CSV/XLSX/JSON downloads,
datapackage.json and the DCAT-US data.json — all from the DataTable, never from the source data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from ..config import Settings
from ..inert import neutralise_cell
from ..model import Document
from ..urls import doc_files, doc_url
from .table import SYMBOL, DataTable, display

DCAT_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
FREQUENCIES = {"每日": "R/P1D", "每周": "R/P1W", "每月": "R/P1M", "每季度": "R/P3M", "每半年": "R/P6M",
               "每年": "R/P1Y", "不定期": "irregular"}
TABLE_SCHEMA_TYPES = {"count": "integer", "number": "number", "percent": "number", "string": "string",
                      "date": "string"}




def table_html(t: DataTable, caption: str, table_id: str = "") -> str:
    """An accessible table: caption, scoped headers, totals marked, the footnote when needed."""
    ident = f' id="{escape(table_id)}"' if table_id else ""
    note_id = f"{table_id or 'data'}-note"
    unit = '<span class="unit">（{}）</span>'
    head = "".join(f'<th scope="col">{escape(c.title)}{unit.format(escape(c.unit)) if c.unit else ""}</th>'
                   for c in t.columns)
    body = []
    for r, row in enumerate(t.rows):
        cells = []
        for c, col in enumerate(t.columns):
            text = escape(t.text(r, c))
            if row[c] == SYMBOL:
                text = f'<abbr title="不予公开，见表注" aria-describedby="{note_id}">{text}</abbr>'
            if c == 0 and not t.microdata:
                cells.append(f'<th scope="row">{text}</th>')
            else:
                num = ' class="num"' if col.type in ("count", "number", "percent") else ""
                cells.append(f"<td{num}>{text}</td>")
        cls = ' class="total"' if r == t.total_row else ""
        body.append(f"<tr{cls}>{''.join(cells)}</tr>")
    note = (f'<p class="table-note" id="{note_id}">{escape(t.footnote)}</p>' if t.withheld else "")
    # A labelled <section> is a region (html-validate prefers it to role="region"); focusable to scroll.
    return (f'<section class="table-wrap" aria-label="{escape(caption)}" tabindex="0">'
            f'<table class="data"{ident}><caption>{escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></section>{note}")


def plain_text(t: DataTable) -> str:
    """The published table as text, for the search index."""
    lines = ["\t".join(c.title for c in t.columns)]
    lines += ["\t".join(t.text(r, c) for c in range(len(t.columns))) for r in range(len(t.rows))]
    return "\n".join(lines)


NUMERIC = ("count", "number", "percent")


def sheet_value(value: Any, col: Any) -> Any:
    """A published value for a spreadsheet: numbers stay numbers (a negative number is data, not
    a formula); every text — [c] included — is neutralised so no spreadsheet evaluates it."""
    if col.type in NUMERIC and value != SYMBOL:
        return json_value(value, col)
    return neutralise_cell(display(value, col))


def csv_bytes(t: DataTable) -> bytes:
    """CSV with a UTF-8 BOM (Excel opens it as UTF-8), header = column names; no cell is a formula."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([neutralise_cell(c.name) for c in t.columns])
    for row in t.rows:
        w.writerow([display(v, c) if c.type in NUMERIC and v != SYMBOL else neutralise_cell(display(v, c))
                    for c, v in zip(t.columns, row, strict=True)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def json_value(value: Any, col: Any) -> Any:
    """A published value for JSON: numbers as numbers, SYMBOL as the string."""
    if value == SYMBOL:
        return SYMBOL
    if col.type == "count":
        return int(value)
    if col.type in ("number", "percent"):
        return int(value) if float(value).is_integer() else float(value)
    return value


def json_bytes(doc: Document, t: DataTable) -> bytes:
    """The JSON download: metadata, columns and one object per row."""
    payload = {
        "title": doc.title, "identifier": doc.index_no, "symbol": SYMBOL, "footnote": t.footnote,
        "columns": [{"name": c.name, "title": c.title, "type": c.type, "unit": c.unit} for c in t.columns],
        "data": [{c.name: json_value(v, c) for c, v in zip(t.columns, row, strict=True)} for row in t.rows],
    }
    return (json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def xlsx_bytes(doc: Document, t: DataTable, meta: list[tuple[str, str]]) -> bytes:
    """An XLSX workbook: the table (titles as header) and a 说明 sheet with metadata and the footnote."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    _append(ws, [f"{c.title}（{c.unit}）" if c.unit else c.title for c in t.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in t.rows:
        _append(ws, [sheet_value(v, c) for c, v in zip(t.columns, row, strict=True)])
    ws.freeze_panes = "B2"
    for j, col in enumerate(t.columns, start=1):  # wide enough for the Chinese header and the values
        longest = max([len(str(ws.cell(1, j).value)) * 2] + [len(display(v, col)) for v in (r[j - 1] for r in t.rows)])
        ws.column_dimensions[get_column_letter(j)].width = min(40, longest + 2)
    about = wb.create_sheet("说明")
    for key, value in [("数据集", doc.title), ("索引号", doc.index_no), *meta, ("符号说明", t.footnote)]:
        _append(about, [key, value])
    stamp = dt.datetime.combine(doc.published or doc.created, dt.time())
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.title = doc.title
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _append(ws: Any, values: list[Any]) -> None:
    """A row whose texts are neutralised and typed as strings (openpyxl types "=…" as a formula)."""
    ws.append([neutralise_cell(v) if isinstance(v, str) else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def package_name(doc: Document) -> str:
    """A Data Package name (lower-case, digits, -._/) derived from the index number."""
    return re.sub(r"[^a-z0-9._-]+", "-", doc.index_no.lower()).strip("-")


def datapackage(doc: Document, t: DataTable, settings: Settings, licence: str, base_url: str) -> dict[str, Any]:
    """A Tabular Data Package describing the CSV download; SYMBOL is a missing value."""
    fields = []
    for c in t.columns:
        f: dict[str, Any] = {"name": c.name, "title": c.title, "type": TABLE_SCHEMA_TYPES[c.type]}
        if c.unit:
            f["description"] = f"单位：{c.unit}"
        if c.type == "count":
            f["constraints"] = {"minimum": 0}
        fields.append(f)
    lic = {"name": licence, "title": licence}
    if licence in settings.opendata.licences:
        lic["path"] = settings.opendata.licences[licence]
    return {
        "profile": "tabular-data-package",
        "name": package_name(doc),
        "id": doc.index_no,
        "title": doc.title,
        "description": doc.summary or doc.title,
        "homepage": f"{base_url}/{doc_url(doc)}",
        "keywords": list(doc.keywords),
        "licenses": [lic],
        "created": dt.datetime.combine(doc.published or doc.created, dt.time()).isoformat() + "Z",
        "resources": [{
            "profile": "tabular-data-resource",
            "name": "data",
            "path": "data.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "schema": {"fields": fields, "missingValues": ["", SYMBOL]},
        }],
    }


def catalog(datasets: list[tuple[Document, str]], settings: Settings, base_url: str) -> dict[str, Any]:
    """DCAT-US 1.1 data.json of the published datasets (identifier = index number, stable)."""
    contact = settings.opendata.contact_name or settings.site.host_org
    entries = []
    for doc, licence in datasets:
        org = settings.publisher(doc.publisher)
        cat = settings.category(doc.category)
        folder = f"{base_url}/{doc_files(doc)}"
        modified = (doc.published or doc.created).isoformat()
        entry: dict[str, Any] = {
            "@type": "dcat:Dataset",
            "identifier": doc.index_no,
            "title": doc.title,
            "description": doc.summary or doc.title,
            "keyword": list(doc.keywords) or [cat.name if cat else doc.category],
            "issued": modified,
            "modified": modified,
            "publisher": {"@type": "org:Organization", "name": org.name if org else doc.publisher},
            "contactPoint": {"@type": "vcard:Contact", "fn": contact,
                             "hasEmail": f"mailto:{settings.site.contact.email}"},
            "accessLevel": "public",
            "landingPage": f"{base_url}/{doc_url(doc)}",
            "language": ["zh-CN"],
            "theme": [cat.name if cat else doc.category],
            "describedBy": f"{folder}/datapackage.json",
            "describedByType": "application/json",
            "distribution": [
                {"@type": "dcat:Distribution", "title": d.label, "downloadURL": f"{folder}/{d.name}",
                 "mediaType": d.media_type, "format": d.name.rsplit(".", 1)[1].upper()}
                for d in DOWNLOADS if d.distribution],
        }
        if licence in settings.opendata.licences:
            entry["license"] = settings.opendata.licences[licence]
        if doc.legacy_index_no:  # 原索引号 of an imported dataset: DCAT-AP's alternative identifier
            entry["adms:identifier"] = [doc.legacy_index_no]
        if doc.table.spatial:
            entry["spatial"] = doc.table.spatial
        if doc.table.temporal:
            entry["temporal"] = doc.table.temporal
        frequency = doc.table.frequency
        if frequency in FREQUENCIES:
            entry["accrualPeriodicity"] = FREQUENCIES[frequency]
        entries.append(entry)
    return {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@id": f"{base_url}/data.json",
        "@type": "dcat:Catalog",
        "conformsTo": DCAT_SCHEMA,
        "describedBy": f"{DCAT_SCHEMA}/catalog.json",
        "dataset": entries,
    }


# --- the downloads of a dataset: one registry, written in a loop by site/generator.py ----------

Render = Callable[[Document, Settings, str], bytes]  # (published dataset, settings, site URL) -> file


@dataclass(frozen=True)
class Download:
    """One download of a dataset: file name, label (dataset page), media type, how it is made
    (from `doc.table` only) and whether catalogues list it as a distribution of the data."""

    name: str
    label: str
    media_type: str
    render: Render
    distribution: bool = True


def _csv(doc: Document, settings: Settings, base: str) -> bytes:
    return csv_bytes(doc.table)


def _xlsx(doc: Document, settings: Settings, base: str) -> bytes:
    t = doc.table
    meta = [("统计时期", t.period), ("计量单位", t.unit), ("数据来源", t.source), ("开放许可", t.licence),
            ("网页", f"{base}/{doc_url(doc)}")]
    return xlsx_bytes(doc, t, meta)


def _json(doc: Document, settings: Settings, base: str) -> bytes:
    return json_bytes(doc, doc.table)


def _datapackage(doc: Document, settings: Settings, base: str) -> bytes:
    package = datapackage(doc, doc.table, settings, doc.table.licence, base)
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


DOWNLOADS = (
    Download("data.csv", "CSV（UTF-8，Excel 可直接打开）", "text/csv", _csv),
    Download("data.xlsx", "Excel 工作簿（XLSX）", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             _xlsx),
    Download("data.json", "JSON", "application/json", _json),
    # Describes data.csv: catalogues point to it with describedBy, not as a distribution.
    Download("datapackage.json", "数据包描述（Frictionless Data Package）", "application/json", _datapackage,
             distribution=False),
)
