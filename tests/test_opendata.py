"""Open data on the real sample site: disclosure control reaches every output, downloads agree
cell by cell, data.json and datapackage.json validate against their published schemas.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from disclose.opendata import sdc
from disclose.opendata.table import SYMBOL
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from .conftest import ROOT, SiteCopy, clone_sample

SCHEMAS = ROOT / "tests" / "schemas"
T = 5
# The sample datasets: descriptor, index-number path of its files and pages.
SAMPLES = {
    "data/mzj-2026q3-linshi-jiuzhu.yml": "MB0A12342/2026-00009",
    "data/rsj-2026-jiuye-yuedu.yml": "MB0B56784/2026-00004",
    "data/rsj-2026-yanglao-jiaofei.yml": "MB0B56784/2026-00005",
}
NOTICE = "xxgk/MB0A12342/2026-00010.html"  # embeds the first dataset


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = clone_sample(tmp_path_factory.mktemp("opendata") / "clone", keys="fixture")
    clone = site.root
    result = site.cli("build", today="2026-11-23")
    assert result.returncode == 0, result.stderr
    return clone / "output"


def source(descriptor: str) -> list[list[str]]:
    """The unsuppressed sample data (header first)."""
    csv_path = ROOT / descriptor.replace(".yml", ".csv")
    return list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))


class _Tables(HTMLParser):
    """Cell texts of every <table class="data"> in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._in = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table" and ("class", "data") in attrs:
            self._in = True
            self.tables.append([])
        elif self._in and tag == "tr":
            self.tables[-1].append([])
        elif self._in and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in = False
        elif self._in and tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_tables(path: Path) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tables


def downloads(out: Path, index: str) -> dict[str, list[list[str]]]:
    """Every tabular rendering of a dataset as rows of text (header row dropped)."""
    folder = out / "files" / index
    rows_csv = list(csv.reader(io.StringIO((folder / "data.csv").read_bytes().decode("utf-8-sig"))))[1:]
    data = json.loads((folder / "data.json").read_text(encoding="utf-8"))
    names = [c["name"] for c in data["columns"]]
    rows_json = [[_text(rec[n]) for n in names] for rec in data["data"]]
    sheet = openpyxl.load_workbook(folder / "data.xlsx")["数据"]
    rows_xlsx = [[_text(v) for v in row] for row in sheet.iter_rows(min_row=2, values_only=True)]
    rows_html = html_tables(out / "xxgk" / f"{index}.html")[0][1:]
    return {"csv": rows_csv, "json": rows_json, "xlsx": rows_xlsx, "html": rows_html}


def _text(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def test_sample_datasets_have_pages_tables_charts_and_downloads(out: Path):
    for descriptor, index in SAMPLES.items():
        page = (out / "xxgk" / f"{index}.html").read_text(encoding="utf-8")
        assert '<table class="data"' in page and "<caption>" in page and 'scope="col"' in page
        svg = re.search(r"<svg[^>]*role=\"img\"[^>]*>.*?</svg>", page, re.S)
        assert svg and "<title" in svg.group(0) and "<desc" in svg.group(0), descriptor
        for name in ("data.csv", "data.xlsx", "data.json", "datapackage.json"):
            assert (out / "files" / index / name).stat().st_size > 0
            assert f"files/{index}/{name}" in page
        assert (out / "files" / index / "data.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    listing = (out / "shuju" / "index.html").read_text(encoding="utf-8")
    assert all(f"xxgk/{index}.html" in listing for index in SAMPLES.values())
    assert "按主题分类" in listing and "按发布机构" in listing


def test_the_downloads_written_and_linked_are_the_registry(out: Path):
    """site/generator.py writes, the dataset page links and data.json lists what
    outputs.DOWNLOADS declares, nothing else (a new format is one entry there)."""
    from disclose.opendata.outputs import DOWNLOADS

    catalog = json.loads((out / "data.json").read_text(encoding="utf-8"))
    for index in SAMPLES.values():
        assert sorted(p.name for p in (out / "files" / index).iterdir()) == sorted(d.name for d in DOWNLOADS)
        page = (out / "xxgk" / f"{index}.html").read_text(encoding="utf-8")
        assert all(f"files/{index}/{d.name}" in page and d.label in page for d in DOWNLOADS)
        entry = next(e for e in catalog["dataset"] if e["describedBy"].endswith(f"files/{index}/datapackage.json"))
        assert sorted(d["downloadURL"].rsplit("/", 1)[1] for d in entry["distribution"]) == \
            ["data.csv", "data.json", "data.xlsx"]


def _same(rows: list[list[str]], csv_rows: list[list[str]], typed: bool) -> bool:
    """Text renderings agree character for character; typed ones (JSON, XLSX numbers) by value,
    since 1778.0 and 1778 are one number there."""
    def number(text: str) -> float | str:
        try:
            return float(text)
        except ValueError:
            return text

    if not typed:
        return rows == csv_rows
    return [[number(v) for v in r] for r in rows] == [[number(v) for v in r] for r in csv_rows]


def test_downloads_agree_cell_by_cell(out: Path):
    for index in SAMPLES.values():
        renderings = downloads(out, index)
        assert renderings["csv"], index
        for name, rows in renderings.items():
            assert _same(rows, renderings["csv"], name in ("json", "xlsx")), f"{index}: {name} differs from the CSV"
    notice = html_tables(out / NOTICE)
    assert notice and notice[0][1:] == downloads(out, SAMPLES["data/mzj-2026q3-linshi-jiuzhu.yml"])["csv"]


def test_magnitude_columns_keep_one_number_of_decimals(out: Path):
    """Issue 16 item 4: 1778.0 next to 634.8, not 1778; the same in the page and the CSV."""
    index = SAMPLES["data/rsj-2026-yanglao-jiaofei.yml"]
    rows = downloads(out, index)
    for name in ("csv", "html"):
        for row in rows[name]:
            for text in row[1:]:
                assert text == "[c]" or re.fullmatch(r"\d+\.\d", text), (name, row)
    assert any("1778.0" in row for row in rows["html"])


def test_small_cells_are_the_symbol_everywhere(out: Path):
    """Every count below T in the sample sources is [c] in every rendering and in the search index."""
    db = sqlite3.connect(out / "search" / "index.sqlite")
    texts = "\n".join(r[0] for r in db.execute("SELECT * FROM texts").fetchall() if isinstance(r[0], str)) + \
        "\n".join(str(c) for r in db.execute("SELECT * FROM texts").fetchall() for c in r)
    checked = 0
    for descriptor, index in SAMPLES.items():
        rows = source(descriptor)
        header, body = rows[0], rows[1:]
        renderings = downloads(out, index)
        for r, row in enumerate(body):
            for c, value in enumerate(row[1:], start=1):
                if header[c] == "female_share" or "." in value or not 0 < int(value) < T:
                    continue
                checked += 1
                for name, published in renderings.items():
                    assert published[r][c] == SYMBOL, f"{index} {name}: {row[0]}/{header[c]}"
        for r in range(len(body)):  # the search index holds the published rows, [c] included
            assert "\t".join(renderings["csv"][r]) in texts, f"{index}: row {r + 1} not indexed as published"
    assert checked == 5  # 3 in the area table, 2 in the monthly series


def _texts(out: Path) -> Iterator[tuple[Path, str]]:
    """Every output file as text: markup without tags, JSON compact, XLSX and Pagefind
    fragments unpacked, the SQLite index's stored texts."""
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.suffix in (".png", ".woff2", ".wasm", ".pf_index", ".pf_meta", ".ico"):
            continue
        raw = path.read_bytes()
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            yield path, "\n".join("\t".join(_text(v) for v in row if v is not None)
                                  for ws in book for row in ws.iter_rows(values_only=True))
        elif path.suffix == ".pf_fragment":
            yield path, gzip.decompress(raw).decode("utf-8", "replace")
        elif path.suffix == ".sqlite":
            db = sqlite3.connect(path)
            yield path, "\n".join(str(c) for row in db.execute("SELECT text, flat FROM texts") for c in row)
            db.close()
        elif path.suffix == ".json":
            yield path, json.dumps(json.loads(raw), ensure_ascii=False).replace("}", "}\n")
        else:
            text = raw.decode("utf-8", "replace")
            yield path, re.sub(r"<[^>]+>", " ", re.sub(r"</tr>|</text>\s*<text[^>]*>(?=[^<]*[^\d\s.<])", "\n", text))


def test_no_output_file_holds_a_withheld_value(out: Path):
    """Leak test over every file written (pages, downloads, catalogues, both search indexes):
    after a withheld cell's row label, up to the next label, its true value never appears."""
    withheld = []
    for descriptor, index in SAMPLES.items():
        header, *body = source(descriptor)
        published = downloads(out, index)["csv"]
        labels = [row[0] for row in body]
        for r, row in enumerate(body):
            shown = {published[r][j] for j in range(1, len(row)) if published[r][j] != SYMBOL}
            for c in range(1, len(row)):
                if published[r][c] == SYMBOL and _text(float(row[c])) not in shown:
                    withheld.append((row[0], _text(float(row[c])), [x for x in labels if x != row[0]]))
    assert len(withheld) >= 12
    scanned = 0
    for path, text in _texts(out):
        scanned += 1
        for label, value, others in withheld:
            for m in re.finditer(re.escape(label), text):
                segment = text[m.end(): m.end() + 300]
                stops = [segment.find(x) for x in [*others, "\n", "}"] if segment.find(x) >= 0]
                segment = segment[: min(stops, default=len(segment))]
                numbers = re.findall(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])", segment)
                assert value not in numbers, f"{path.relative_to(out)}: {label} … {value}: {segment[:120]}"
    assert scanned > 100


def test_lp_audit_passes_for_every_published_table(out: Path):
    """Re-audit the published CSVs against the true values: every withheld count stays at least
    T wide; every sensitive magnitude cell keeps p% of its largest contributor."""
    for descriptor, index in SAMPLES.items():
        header, *body = source(descriptor)
        published = downloads(out, index)["csv"]
        values = [j for j, h in enumerate(header) if j and h not in ("total", "female_share")]
        has_total_row = body[-1][0] == "合计"
        rows = body[:-1] if has_total_row else body
        t = sdc.Table([[float(row[j]) for j in values] for row in rows],
                      row_totals="total" in header, col_totals=has_total_row)
        hidden = {("cell", r, k) for r in range(len(rows)) for k, j in enumerate(values)
                  if published[r][j] == SYMBOL}
        if "yanglao" in descriptor:
            parts = defaultdict(list)
            mingxi = (ROOT / "data" / "rsj-2026-yanglao-jiaofei-mingxi.csv").read_text(encoding="utf-8")
            for rec in csv.DictReader(io.StringIO(mingxi)):
                parts[(rec["row"], rec["column"])].append(float(rec["value"]))
            required = {}
            for (_, r, k) in hidden:
                p = sorted(parts[(rows[r][0], header[values[k]])], reverse=True)
                if len(p) < 3 or sum(p[:2]) > 0.85 * sum(p) or sum(p) - sum(p[:2]) < 0.1 * p[0]:
                    required[("cell", r, k)] = 0.1 * p[0]
            assert len(required) == 3
            assert sdc.audit(t, hidden, 0, required) == []
        else:
            assert sdc.audit(t, hidden, T) == [], descriptor


def _dcat_validator() -> jsonschema.Validator:
    base = "https://project-open-data.cio.gov/v1.1/schema/"
    catalog = json.loads((SCHEMAS / "dcat-us-1.1" / "catalog.json").read_text())
    dataset = json.loads((SCHEMAS / "dcat-us-1.1" / "dataset-non-federal.json").read_text())
    registry = Registry().with_resources([
        (base + "catalog.json", Resource.from_contents(catalog, default_specification=DRAFT4)),
        (base + "dataset-non-federal.json", Resource.from_contents(dataset, default_specification=DRAFT4)),
    ])
    return jsonschema.Draft4Validator(catalog, registry=registry, format_checker=jsonschema.FormatChecker())


def test_data_json_validates_against_dcat_us_1_1(out: Path):
    catalog = json.loads((out / "data.json").read_text(encoding="utf-8"))
    errors = sorted(_dcat_validator().iter_errors(catalog), key=str)
    assert not errors, errors[:3]
    assert catalog["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    assert sorted(d["identifier"] for d in catalog["dataset"]) == sorted(SAMPLES.values())
    for d in catalog["dataset"]:
        urls = [x["downloadURL"] for x in d["distribution"]]
        assert {x["mediaType"] for x in d["distribution"]} >= {"text/csv", "application/json"}
        for url in urls:
            assert (out / url.split("/", 3)[3]).is_file(), url
    bad = dict(catalog, dataset=[dict(catalog["dataset"][0], accessLevel="公开")])
    assert list(_dcat_validator().iter_errors(bad)), "the schema must reject a wrong accessLevel"


def test_every_datapackage_validates_against_the_frictionless_profile(out: Path):
    profile = json.loads((SCHEMAS / "frictionless" / "tabular-data-package.json").read_text())
    for index in SAMPLES.values():
        package = json.loads((out / "files" / index / "datapackage.json").read_text(encoding="utf-8"))
        jsonschema.Draft4Validator(profile).validate(package)
        resource = package["resources"][0]
        assert SYMBOL in resource["schema"]["missingValues"] and package["id"] == index
        text = (out / "files" / index / resource["path"]).read_bytes().decode(resource["encoding"])
        header, *rows = list(csv.reader(io.StringIO(text)))
        fields = resource["schema"]["fields"]
        assert header == [f["name"] for f in fields]
        parse = {"integer": int, "number": float, "string": str}
        for row in rows:  # every value is a missing value or of its field's Table Schema type
            for value, f in zip(row, fields, strict=True):
                if value not in resource["schema"]["missingValues"]:
                    parse[f["type"]](value)
                    assert f["type"] != "integer" or int(value) >= f["constraints"]["minimum"]
    broken = dict(package, resources=[dict(resource, name="Not Valid!")])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(profile).validate(broken)


def test_chart_draws_only_published_values(out: Path):
    page = (out / "xxgk" / f"{SAMPLES['data/rsj-2026-jiuye-yuedu.yml']}.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert "<polyline" in svg and "折线图" in svg and SYMBOL in svg
    labels = set(re.findall(r">(\d+(?:\.\d+)?)<", svg))
    assert "4" not in labels and "3" not in labels  # the withheld February and October values


def test_check_reports_what_disclosure_control_did(out: Path):
    result = SiteCopy(out.parent).cli("check", "data/", today="2026-11-23")
    assert result.returncode == 0, result.stderr
    assert ("数据集 data/mzj-2026q3-linshi-jiuzhu.yml：隐去 6 个数值（3 个低于阈值或集中于少数单位" in result.stdout)
    assert "线性规划核验 6 个隐去位置全部通过" in result.stdout


def test_data_feed_lists_the_published_datasets(out: Path):
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.parse(out / "feeds" / "data.atom.xml").getroot()
    links = [e.find(f"{atom}link").get("href") for e in root.findall(f"{atom}entry")]
    assert sorted(link.split("/xxgk/")[1] for link in links) == sorted(f"{i}.html" for i in SAMPLES.values())


def test_an_imported_datasets_old_index_number_is_an_alternative_identifier():
    """A dataset brought over from an old site keeps its 原索引号 in data.json beside the new,
    stable identifier; the catalogue still validates."""
    import dataclasses

    from disclose import config
    from disclose.build import load_settings
    from disclose.corpus import load_corpus
    from disclose.opendata.outputs import catalog

    s = load_settings(ROOT / "pelicanconf.py")
    settings = config.load(s["DISCLOSE"])
    corpus = load_corpus(Path(s["PATH"]), ROOT, settings)
    dataset = next(d for d in corpus.documents if d.is_dataset)
    old = dataclasses.replace(dataset, legacy_index_no="014119539/2019-00042")
    data = catalog([(old, "cc-by-4.0"), (dataset, "cc-by-4.0")], settings, "https://xxgk.ceshi.example")
    first, second = data["dataset"]
    assert first["identifier"] == dataset.index_no and first["adms:identifier"] == ["014119539/2019-00042"]
    assert "adms:identifier" not in second
    assert not list(_dcat_validator().iter_errors(data))


def test_dataset_page_shows_reviewers_notes_only_in_the_preview(out: Path, tmp_path: Path):
    """The audit of withheld values and the staff notes are for reviewers: in the staff preview's
    dataset page, never in the published one. The column dictionary names each type in Chinese."""
    import yaml

    preview = tmp_path / "preview"
    result = SiteCopy(out.parent).cli("build", "--preview", "-o", str(preview), today="2026-11-23")
    assert result.returncode == 0, result.stderr
    descriptor = "data/mzj-2026q3-linshi-jiuzhu.yml"
    page = f"xxgk/{SAMPLES[descriptor]}.html"
    public, staff = ((o / page).read_text(encoding="utf-8") for o in (out, preview))
    assert "保密处理核验（预览" not in public and "预览提示" not in public
    audit = re.search(r'<section class="notice notice-preview" aria-labelledby="audit-h">(.*?)</section>', staff, re.S)
    assert audit, "the preview shows the audit"
    rows = re.findall(r"<tr><td>.*?</td></tr>", audit.group(1).split("<tbody>")[1])
    assert len(rows) == 6 and all(r.endswith("<td>通过</td></tr>") for r in rows)  # 6 withheld (check output)
    names = {"string": "文本", "count": "计数（整数）", "number": "数值", "percent": "百分比", "date": "日期"}
    columns = yaml.safe_load((ROOT / descriptor).read_text(encoding="utf-8"))["columns"]
    for col in columns:
        assert f"<td><code>{col['name']}</code></td><td>{col['title']}</td><td>{names[col['type']]}</td>" in public
