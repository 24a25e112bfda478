"""Dataset descriptors and data (toward issue 6): validation names file, row and column."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from disclose.errors import DocumentError
from disclose.opendata.dataset import load

from tests.conftest import ROOT, all_text

FIXTURES = Path(__file__).parent / "fixtures" / "datasets"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(FIXTURES, dest)
    return dest


def problems(data: Path) -> list[str]:
    with pytest.raises(DocumentError) as exc:
        load(data / "dibao.yml", data.parent)
    return [str(p) for p in exc.value.problems]


def test_valid_dataset_loads(data: Path):
    ds = load(data / "dibao.yml", data.parent)
    assert ds.descriptor.period == "2026年6月" and ds.data_path == "data/dibao.csv"
    assert list(ds.frame["total"]) == [123, 110, 212, 445]


def test_wrong_type_names_row_and_column(data: Path):
    csv = data / "dibao.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("98,12,110", "98,十二,110"), encoding="utf-8")
    assert problems(data) == ["data/dibao.csv:3: [data.type] 字段 rural：第 2 行“农村”的值“十二”不是数字"]


def test_totals_that_do_not_add_up(data: Path):
    csv = data / "dibao.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("98,12,110", "98,12,111"), encoding="utf-8")
    found = problems(data)
    assert "data/dibao.csv:3: [data.total] 字段 total：第 2 行的“合计”111 不等于各项之和 110" in found


def test_missing_column_unknown_unit_and_gbk(data: Path):
    yml = data / "dibao.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("unit: 人, total: true", "unit: 名, total: true"),
                   encoding="utf-8")
    assert any("计量单位“名”未登记" in p for p in problems(data))
    shutil.copy(FIXTURES / "dibao.yml", yml)
    csv = data / "dibao.csv"
    csv.write_bytes(csv.read_text(encoding="utf-8").encode("gbk"))
    assert "CSV 文件不是 UTF-8 编码" in problems(data)[0]
    csv.write_text("town,urban,total\n合计,1,1\n", encoding="utf-8")
    assert problems(data) == ["data/dibao.csv:1: [data.column] 字段 columns：缺少列 rural"]


# --- disclosure control on dataset shapes -------------------------------------------------

def settings():
    from disclose import config
    from disclose.build import load_settings

    return config.load(load_settings(ROOT / "pelicanconf.py")["DISCLOSE"])


def table_of(tmp_path: Path, descriptor: str, files: dict[str, str] | None = None):
    from disclose.opendata.table import build

    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "t.yml").write_text(descriptor, encoding="utf-8")
    for name, text in (files or {}).items():
        (data / name).write_text(text, encoding="utf-8")
    return build(load(data / "t.yml", tmp_path), settings())


def refused(tmp_path: Path, descriptor: str, files: dict[str, str] | None = None) -> str:
    with pytest.raises(DocumentError) as exc:
        table_of(tmp_path, descriptor, files)
    return "\n".join(str(p) for p in exc.value.problems)


HEAD = "period: 2026年\nsource: 测试\n"


def test_multiway_and_subtotal_tables_are_refused(tmp_path: Path):
    multi = HEAD + """table: [[城东, 男, 12], [城东, 女, 9]]
columns:
  - {name: area, title: 地区, type: string}
  - {name: sex, title: 性别, type: string}
  - {name: n, title: 人数, type: count, unit: 人}
"""
    assert "[stats.multiway]" in refused(tmp_path, multi) and "多维交叉表" in refused(tmp_path, multi)
    sub = HEAD + """table: [[城东, 12], [城西, 9], [城区小计, 21], [青山, 7]]
columns:
  - {name: area, title: 地区, type: string}
  - {name: n, title: 人数, type: count, unit: 人}
"""
    message = refused(tmp_path, sub)
    assert "[stats.subtotal]" in message and "第 3 行“城区小计”是小计行" in message


def test_microdata_needs_quasi_identifiers_no_direct_identifiers_and_k_anonymity(tmp_path: Path):
    rows = "\n".join(["[30-39, 男, 城东, 1200]"] * 5 + ["[40-49, 女, 城西, 900]"] * 5 + ["[60-69, 男, 石门, 700]"])
    base = HEAD + f"""microdata: true
table: [{rows.replace(chr(10), ', ')}]
columns:
  - {{name: age, title: 年龄段, type: string}}
  - {{name: sex, title: 性别, type: string}}
  - {{name: town, title: 乡镇, type: string}}
  - {{name: amount, title: 救助金额, type: number, unit: 元}}
"""
    assert "必须声明准标识符" in refused(tmp_path, base)
    with_qi = base + "quasi_identifiers: [age, sex, town]\n"
    message = refused(tmp_path, with_qi)
    assert "[stats.microdata]" in message and "不满足 5-匿名" in message and "有 1 组少于 5 条记录" in message
    t = table_of(tmp_path, with_qi.replace("[60-69, 男, 石门, 700]", "[40-49, 女, 城西, 700]"))
    assert t.microdata and len(t.rows) == 11 and t.chart == "none"
    named = with_qi.replace("{name: sex, title: 性别", "{name: name, title: 姓名")
    named = named.replace("quasi_identifiers: [age, sex, town]", "quasi_identifiers: [age, town]")
    assert "个体数据含直接标识符列：姓名" in refused(tmp_path, named)


def test_percentages_are_withheld_with_their_base(tmp_path: Path):
    t = table_of(tmp_path, HEAD + """table: [[1月, 27, 55.6], [2月, 4, 50.0], [3月, 31, 58.1]]
columns:
  - {name: month, title: 月份, type: string}
  - {name: n, title: 人数, type: count, unit: 人}
  - {name: share, title: 女性占比, type: percent, unit: "%", base: n}
""")
    assert t.rows == [["1月", 27, 55.6], ["2月", "[c]", "[c]"], ["3月", 31, 58.1]]
    assert t.chart == "line" and t.audit[0].low == 0 and t.audit[0].high == float("inf")


MAGNITUDE = HEAD + """csv: m.csv
contributors: m-detail.csv
total_row: 合计
columns:
  - {name: area, title: 地区, type: string}
  - {name: a, title: 甲类, type: number, unit: 万元}
  - {name: b, title: 乙类, type: number, unit: 万元}
  - {name: total, title: 合计, type: number, unit: 万元, total: true}
"""


def magnitude_files(detail: str) -> dict[str, str]:
    return {"m.csv": "area,a,b,total\n东,100,60,160\n西,80,50,130\n南,90,70,160\n合计,270,180,450\n",
            "m-detail.csv": "row,column,value\n" + detail}


def spread(row: str, col: str, value: int, n: int = 5) -> str:
    return "".join(f"{row},{col},{value / n}\n" for _ in range(n))


def test_dominance_p_percent_and_minimum_contributors(tmp_path: Path):
    even = "".join(spread(r, c, v) for r, c, v in
                   [("东", "a", 100), ("东", "b", 60), ("西", "a", 80), ("西", "b", 50), ("南", "a", 90), ("南", "b", 70)])
    t = table_of(tmp_path, MAGNITUDE, magnitude_files(even))
    assert t.withheld == 0
    # One firm holds 90 of 100 in 东/甲类: (2, 85) dominance; with p = 10% it needs ±9 of protection.
    dominated = even.replace(spread("东", "a", 100), "东,a,90\n东,a,4\n东,a,3\n东,a,3\n")
    t = table_of(tmp_path, MAGNITUDE, magnitude_files(dominated))
    assert t.rows[0][1] == "[c]" and t.primary == 1 and t.withheld == 4  # a rectangle
    line = next(a for a in t.audit if a.row == "东" and a.column == "甲类")
    assert line.need == pytest.approx(9.0) and line.high - line.low >= 9.0
    # Two contributors only: below the minimum of 3, withheld whatever their shares.
    two = even.replace(spread("西", "b", 50), "西,b,26\n西,b,24\n")
    assert table_of(tmp_path, MAGNITUDE, magnitude_files(two)).rows[1][2] == "[c]"
    # Contributions that do not add up to the published value are an error, not a guess.
    wrong = even.replace(spread("南", "b", 70), "南,b,40\n南,b,20\n")
    assert "明细之和 60 不等于表中数值 70" in refused(tmp_path, MAGNITUDE, magnitude_files(wrong))


def test_contributors_are_read_by_load_and_disclosure_control_reads_no_file(tmp_path: Path):
    """dataset.load reads the contributors CSV; table.build works from the loaded dataset alone
    (both files deleted before it runs) and still withholds the dominated cell."""
    from disclose.opendata.table import build

    data = tmp_path / "data"
    data.mkdir()
    (data / "t.yml").write_text(MAGNITUDE, encoding="utf-8")
    even = "".join(spread(r, c, v) for r, c, v in
                   [("东", "b", 60), ("西", "a", 80), ("西", "b", 50), ("南", "a", 90), ("南", "b", 70)])
    for name, text in magnitude_files("东,a,90\n东,a,4\n东,a,3\n东,a,3\n" + even).items():
        (data / name).write_text(text, encoding="utf-8")
    dataset = load(data / "t.yml", tmp_path)
    assert dataset.contributions[("东", "a")] == [90.0, 4.0, 3.0, 3.0]
    (data / "m-detail.csv").unlink()
    (data / "m.csv").unlink()
    assert build(dataset, settings()).rows[0][1] == "[c]"


def test_a_contributors_value_that_is_no_number_is_refused_when_loading(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "t.yml").write_text(MAGNITUDE, encoding="utf-8")
    for name, text in magnitude_files("东,a,100\n东,b,六十\n").items():
        (data / name).write_text(text, encoding="utf-8")
    with pytest.raises(DocumentError) as exc:
        load(data / "t.yml", tmp_path)
    assert [str(p) for p in exc.value.problems] == [
        "data/m-detail.csv:3: [data.type] 字段 value：第 2 行的 value“六十”不是数字"]


# --- datasets through the gate on a fixture site ------------------------------------------

DATASET = """title: 测试县2026年上半年各乡镇临时救助人次
publisher: mzj
category: tzgg
created: 2026-05-20
summary: 按乡镇分列的临时救助人次。
period: 2026年上半年
unit: 人次
source: 测试县民政局
csv: jiuzhu.csv
columns:
  - {name: town, title: 乡镇, type: string}
  - {name: a, title: 因病, type: count, unit: 人次}
  - {name: b, title: 因灾, type: count, unit: 人次}
  - {name: c, title: 其他, type: count, unit: 人次}
  - {name: total, title: 合计, type: count, unit: 人次, total: true}
total_row: 合计
"""
CSV = "town,a,b,c,total\n东镇,30,2,12,44\n西镇,25,11,9,45\n南镇,18,7,14,39\n合计,73,20,35,128\n"
EMBED = """---
title: 关于上半年临时救助情况的通报
category: tzgg
disclosure: 主动公开
publisher: mzj
created: 2026-05-21
datasets: [data/jiuzhu.yml]
---

上半年临时救助情况见下表。
"""


def test_datasets_pass_the_gate_and_leave_the_catalogue_when_withdrawn(site, tmp_path: Path):
    from disclose.build import build_site

    from tests.conftest import commit_all

    site.write("data/jiuzhu.yml", DATASET)
    site.write("data/jiuzhu.csv", CSV)
    site.write("content/a/tongbao.md", EMBED)
    assert site.cli("number", "data/jiuzhu.yml").returncode == 0
    assert site.cli("number", "content/a/tongbao.md").returncode == 0
    commit_all(site.root, "新增数据集", email="writer@ceshi.example")
    index = site.read("data/jiuzhu.yml").split("\n", 1)[0].split(": ")[1]
    page = f"xxgk/{index}.html"
    out = tmp_path / "out"
    build_site(site.conf, out)
    assert json.loads((out / "data.json").read_text())["dataset"] == []
    assert not (out / page).exists() and not (out / "files" / index).exists()
    assert "上半年临时救助情况见下表" not in "".join(all_text(out).values())  # embedding waits too
    for person in ("shencha", "lingdao"):
        for path in ("data/jiuzhu.yml", "content/a/tongbao.md"):
            result = site.approve(path, person, "--opinion", "同意公开。")
            assert result.returncode == 0, result.stderr
    commit_all(site.root, "审核记录")
    build_site(site.conf, out)
    catalog = json.loads((out / "data.json").read_text())
    assert [d["identifier"] for d in catalog["dataset"]] == [index]
    assert "东镇" in (out / page).read_text() and (out / "files" / index / "data.csv").is_file()
    notice = next(t for name, t in all_text(out).items()
                  if name.endswith(".html") and "上半年临时救助情况见下表" in t)  # the page, not its search text
    assert '<table class="data"' in notice and "[c]" in notice

    # Editing the data after approval holds the edit back (approval binds the CSV too); the
    # approved version stays online byte for byte until the edit is approved.
    def downloads() -> dict[str, object]:  # XLSX zips carry the build time: compare its cells
        import openpyxl

        return {p.name: ([[c.value for c in row] for ws in openpyxl.load_workbook(p) for row in ws.iter_rows()]
                         if p.suffix == ".xlsx" else p.read_bytes()) for p in (out / "files" / index).iterdir()}

    approved = downloads()
    site.write("data/jiuzhu.csv", CSV.replace("30,2,12,44", "30,3,11,44").replace("18,7,14,39", "18,6,15,39"))
    commit_all(site.root, "改数")
    result = build_site(site.conf, out)
    assert "网站继续显示" in dict((p, r) for p, _, r in result.held_back)["data/jiuzhu.yml"]
    assert [d["identifier"] for d in json.loads((out / "data.json").read_text())["dataset"]] == [index]
    assert downloads() == approved
    site.write("data/jiuzhu.csv", CSV)
    commit_all(site.root, "改回")

    assert site.cli("withdraw", "data/jiuzhu.yml", "--reason", "统计口径有误").returncode == 0
    commit_all(site.root, "撤回数据集")
    build_site(site.conf, out)
    assert json.loads((out / "data.json").read_text())["dataset"] == []
    assert not (out / "files" / index).exists()
    assert all("东镇" not in text for rel, text in all_text(out).items()), "withdrawn data left in output"


def test_raw_data_files_are_never_attachments_or_links(site):
    site.write("data/jiuzhu.csv", CSV)
    # Two documents: a refused attachment stops the reading of its file before the body's links.
    site.write("content/a/leak.md", EMBED.replace("datasets: [data/jiuzhu.yml]\n",
                                                  "attachments: [../../data/jiuzhu.csv]\n"))
    site.write("content/a/leak2.md", EMBED.replace("datasets: [data/jiuzhu.yml]\n", "")
               + "\n[原始数据](../../data/jiuzhu.csv)\n")
    for path in ("content/a/leak.md", "content/a/leak2.md"):
        assert site.cli("number", path).returncode == 0
    found = [p for p in site.problems() if "[data.raw_link]" in p]
    assert [p.split(":", 1)[0] for p in found] == ["content/a/leak.md", "content/a/leak2.md"], found
    assert all("“data/jiuzhu.csv”是数据集的原始数据" in p for p in found)


def test_a_table_of_named_people_is_refused_even_when_not_declared_microdata(tmp_path: Path):
    names = HEAD + """table: [[张某某, 1200], [李某某, 900]]
columns:
  - {name: name, title: 姓名, type: string}
  - {name: amount, title: 救助金额, type: number, unit: 元}
"""
    assert "[stats.microdata] 字段 columns：表中含直接标识符列：姓名" in refused(tmp_path, names)


def test_large_values_are_written_in_full(tmp_path: Path):
    from disclose.opendata.outputs import csv_bytes

    t = table_of(tmp_path, HEAD + """table: [[2025年, 12345678, 23456789.5]]
columns:
  - {name: year, title: 年度, type: string}
  - {name: a, title: 户数, type: count, unit: 户}
  - {name: b, title: 金额, type: number, unit: 元}
""")
    assert csv_bytes(t).decode("utf-8-sig").splitlines()[1] == "2025年,12345678,23456789.5"


def test_new_dataset_skeleton_is_numbered_and_guides_staff(site):
    result = site.cli("new", "--dataset", "--title", "测试县2026年各乡镇低保人数", "--publisher", "mzj",
                      "--category", "tzgg", "--created", "2026-05-25")
    assert result.returncode == 0, result.stderr
    assert "已新建数据集" in result.stdout
    descriptor = next(site.path("data").glob("mzj-2026-*.yml"))
    text = descriptor.read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("index_no: MB0A12342/2026-")
    assert descriptor.with_suffix(".csv").is_file()
    # The skeleton is valid but for its missing rows, and says so: staff fill in columns and rows.
    csv_name = descriptor.with_suffix(".csv").name
    assert [p for p in site.problems() if p.startswith("data/")] == [
        f"data/{csv_name}: [data.empty] 字段 rows：数据表没有数据行（提示：在 CSV 中填入各行数据（合计行之外））"]
