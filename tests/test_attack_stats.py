"""Attack canary: a document that embeds a dataset also has its own Markdown table, giving one
withheld cell's value (西镇 因灾 11, not small: the check's small-cell rule lets it pass). The
reader then recovers the primary-suppressed count 东镇 因灾 = 20 − 7 − 11 = 2 from the column
total of the dataset's published CSV. The disclosure control audits datasets with datasets
(linked.py), never with the tables in documents' text, even the one on the same page.

The reader below uses only the published files: the CSV download and the page's HTML table.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from disclose.build import build_site

from tests.conftest import SiteCopy, commit_all
from tests.linked_helpers import Oracle
from tests.test_datasets import CSV, DATASET, EMBED

T = 5
DOC_TABLE = "\n其中西镇因灾救助情况如下。\n\n| 乡镇 | 因灾救助人次 |\n| --- | --- |\n| 西镇 | 11 |\n"


def _reader_bounds(csv_text: str, html: str) -> dict[str, tuple[float, float]]:
    """Interval of each withheld 因灾 (b) cell from the column total and every published value
    of that column, in the CSV or in a table of the page (exact arithmetic: one unknown left)."""
    rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
    total_text = next(r for r in rows if r["town"] == "合计")["b"]
    known = {r["town"]: float(r["b"]) for r in rows if r["town"] != "合计" and r["b"] != "[c]"}
    for town, value in re.findall(r"<tr>\s*<td>(\S+?)</td>\s*<td>(\d+)</td>\s*</tr>", html):
        known.setdefault(town, float(value))  # the document's own table: 乡镇 | 因灾
    unknown = [r["town"] for r in rows if r["town"] != "合计" and r["town"] not in known]
    if total_text == "[c]":  # the column total withheld: this reader has nothing to subtract from
        return {t: (0.0, float("inf")) for t in unknown}  # (the LP oracle of the test covers the rest)
    total = float(total_text)
    rest = total - sum(known.values())
    if len(unknown) == 1:
        return {unknown[0]: (rest, rest)}
    return {t: (0.0, rest) for t in unknown}


def test_a_documents_table_does_not_give_back_a_withheld_cell_of_its_dataset(site: SiteCopy, tmp_path: Path):
    site.write("data/jiuzhu.yml", DATASET)
    site.write("data/jiuzhu.csv", CSV)
    site.write("content/a/tongbao.md", EMBED + DOC_TABLE)
    assert site.cli("number", "data/jiuzhu.yml").returncode == 0
    assert site.cli("number", "content/a/tongbao.md").returncode == 0
    commit_all(site.root, "新增数据集", email="writer@ceshi.example")
    for person in ("shencha", "lingdao"):
        for path in ("data/jiuzhu.yml", "content/a/tongbao.md"):
            r = site.approve(path, person, "--opinion", "同意公开。")
            assert r.returncode == 0, r.stderr
    commit_all(site.root, "审核记录")
    out = tmp_path / "out"
    build_site(site.conf, out)
    index = site.read("data/jiuzhu.yml").split("\n", 1)[0].split(": ")[1]
    csv_text = (out / "files" / index / "data.csv").read_text(encoding="utf-8")
    assert "[c]" in csv_text  # the dataset withholds cells
    page = next(p for p in (out / "xxgk").rglob("*.html") if "其中西镇因灾救助情况如下" in p.read_text())
    html = page.read_text(encoding="utf-8")
    for town, (lo, hi) in _reader_bounds(csv_text, html).items():
        assert hi - lo >= T, f"{town} 因灾 pinned to [{lo}, {hi}]"
    # The independent LP oracle: the published CSV with its totals, and the page's table cell
    # 西镇 因灾 = 11 stated equal to that cell of the CSV.
    assert re.search(r"<td>西镇</td>\s*<td>11</td>", html)
    oracle = Oracle()
    oracle.table("csv", list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff")))))
    oracle.table("page", [["town", "b"], ["西镇", "11"]], total_row=False, total_col=False)
    oracle.relate(("page", 0, 0), [("csv", 1, 1)])
    assert oracle.narrow(T) == {}


def test_held_the_dataset_alone_keeps_its_withheld_cells_wide(site: SiteCopy, tmp_path: Path):
    """The same reader on the dataset page alone: no withheld cell narrowed (the product holds)."""
    site.write("data/jiuzhu.yml", DATASET)
    site.write("data/jiuzhu.csv", CSV)
    site.write("content/a/tongbao.md", EMBED)
    assert site.cli("number", "data/jiuzhu.yml").returncode == 0
    assert site.cli("number", "content/a/tongbao.md").returncode == 0
    commit_all(site.root, "新增数据集", email="writer@ceshi.example")
    for person in ("shencha", "lingdao"):
        for path in ("data/jiuzhu.yml", "content/a/tongbao.md"):
            assert site.approve(path, person, "--opinion", "同意公开。").returncode == 0
    commit_all(site.root, "审核记录")
    out = tmp_path / "out"
    build_site(site.conf, out)
    index = site.read("data/jiuzhu.yml").split("\n", 1)[0].split(": ")[1]
    csv_text = (out / "files" / index / "data.csv").read_text(encoding="utf-8")
    bounds = _reader_bounds(csv_text, "")
    assert bounds and all(hi - lo >= T for lo, hi in bounds.values()), bounds


# --- two datasets of one period: a partial table with its own total is not linked ---------------

PART = (DATASET.replace("测试县2026年上半年各乡镇临时救助人次", "测试县2026年上半年西片乡镇临时救助人次")
        .replace("jiuzhu.csv", "xipian.csv")
        .replace("  - {name: c, title: 其他, type: count, unit: 人次}\n", ""))
PART_CSV = "town,a,b,total\n西镇,25,11,36\n南镇,18,7,25\n合计,43,18,61\n"


def test_a_partial_dataset_of_the_same_period_does_not_give_back_a_withheld_cell(site: SiteCopy, tmp_path: Path):
    assert "其他" not in PART and "xipian.csv" in PART
    site.write("data/jiuzhu.yml", DATASET)
    site.write("data/jiuzhu.csv", CSV)
    site.write("data/xipian.yml", PART)
    site.write("data/xipian.csv", PART_CSV)
    site.write("content/a/tongbao.md", EMBED.replace("datasets: [data/jiuzhu.yml]",
                                                     "datasets: [data/jiuzhu.yml, data/xipian.yml]"))
    for path in ("data/jiuzhu.yml", "data/xipian.yml", "content/a/tongbao.md"):
        assert site.cli("number", path).returncode == 0
    commit_all(site.root, "新增数据集", email="writer@ceshi.example")
    for person in ("shencha", "lingdao"):
        for path in ("data/jiuzhu.yml", "data/xipian.yml", "content/a/tongbao.md"):
            r = site.approve(path, person, "--opinion", "同意公开。")
            assert r.returncode == 0, r.stderr
    commit_all(site.root, "审核记录")
    out = tmp_path / "out"
    build_site(site.conf, out)
    downloads = {}
    for name in ("jiuzhu", "xipian"):
        index = site.read(f"data/{name}.yml").split("\n", 1)[0].split(": ")[1]
        downloads[name] = (out / "files" / index / "data.csv").read_text(encoding="utf-8")
    assert "[c]" in downloads["jiuzhu"]
    # The reader: the partial table's 因灾 values, as if they were a table on a page.
    part_rows = [r for r in csv.DictReader(io.StringIO(downloads["xipian"].lstrip("\ufeff"))) if r["town"] != "合计"]
    as_html = "".join(f"<tr><td>{r['town']}</td><td>{r['b']}</td></tr>" for r in part_rows if r["b"] != "[c]")
    for town, (lo, hi) in _reader_bounds(downloads["jiuzhu"], as_html).items():
        assert hi - lo >= T, f"{town} 因灾 pinned to [{lo}, {hi}]"


# --- one column of a published table, published as a table of its own ----------------------------

ONE_COLUMN = (DATASET.replace("jiuzhu.csv", "yinzai.csv").replace("各乡镇临时救助人次", "各乡镇因灾临时救助人次")
              .replace("  - {name: a, title: 因病, type: count, unit: 人次}\n", "")
              .replace("  - {name: c, title: 其他, type: count, unit: 人次}\n", "")
              .replace("  - {name: total, title: 合计, type: count, unit: 人次, total: true}\n", ""))
ONE_COLUMN_CSV = "town,b\n东镇,2\n西镇,11\n南镇,7\n合计,20\n"  # the 因灾 column of CSV, as it is


def test_a_one_column_extract_does_not_give_back_a_withheld_cell(site: SiteCopy, tmp_path: Path):
    assert [r.split(",")[2] for r in CSV.splitlines()[1:]] == [r.split(",")[1] for r in ONE_COLUMN_CSV.splitlines()[1:]]
    site.write("data/jiuzhu.yml", DATASET)
    site.write("data/jiuzhu.csv", CSV)
    site.write("data/yinzai.yml", ONE_COLUMN)
    site.write("data/yinzai.csv", ONE_COLUMN_CSV)
    site.write("content/a/tongbao.md", EMBED.replace("datasets: [data/jiuzhu.yml]",
                                                     "datasets: [data/jiuzhu.yml, data/yinzai.yml]"))
    for path in ("data/jiuzhu.yml", "data/yinzai.yml", "content/a/tongbao.md"):
        assert site.cli("number", path).returncode == 0
    commit_all(site.root, "新增数据集", email="writer@ceshi.example")
    for person in ("shencha", "lingdao"):
        for path in ("data/jiuzhu.yml", "data/yinzai.yml", "content/a/tongbao.md"):
            r = site.approve(path, person, "--opinion", "同意公开。")
            assert r.returncode == 0, r.stderr
    commit_all(site.root, "审核记录")
    out = tmp_path / "out"
    build_site(site.conf, out)
    downloads = {}
    for name in ("jiuzhu", "yinzai"):
        index = site.read(f"data/{name}.yml").split("\n", 1)[0].split(": ")[1]
        downloads[name] = (out / "files" / index / "data.csv").read_text(encoding="utf-8")
    extract = [r for r in csv.DictReader(io.StringIO(downloads["yinzai"].lstrip("\ufeff"))) if r["town"] != "合计"]
    as_html = "".join(f"<tr><td>{r['town']}</td><td>{r['b']}</td></tr>" for r in extract if r["b"] != "[c]")
    for town, (lo, hi) in _reader_bounds(downloads["jiuzhu"], as_html).items():
        assert hi - lo >= T, f"{town} 因灾 pinned to [{lo}, {hi}]"


def test_a_documents_table_that_disagrees_with_its_dataset_blocks_the_document(site: SiteCopy, tmp_path: Path):
    """Fail closed: a number under the dataset's labels that the dataset shows differently cannot
    be modelled with it (another quantity, or an error): the document is held, naming the table."""
    site.write("data/jiuzhu.yml", DATASET)
    site.write("data/jiuzhu.csv", CSV)
    site.write("content/a/tongbao.md", EMBED + DOC_TABLE.replace("| 11 |", "| 12 |"))
    assert site.cli("number", "data/jiuzhu.yml").returncode == 0
    assert site.cli("number", "content/a/tongbao.md").returncode == 0
    commit_all(site.root, "新增数据集", email="writer@ceshi.example")
    for person in ("shencha", "lingdao"):
        for path in ("data/jiuzhu.yml", "content/a/tongbao.md"):
            assert site.approve(path, person, "--opinion", "同意公开。").returncode == 0
    commit_all(site.root, "审核记录")
    r = site.cli("build")
    text = r.stdout + r.stderr
    assert "content/a/tongbao.md" in text and "stats.recoverable" in text and "正文第" in text, text
    assert "“西镇 / 因灾救助人次”的数值与数据集不一致" in text, text
