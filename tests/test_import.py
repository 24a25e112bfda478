"""`disclose import`: saved pages of an existing disclosure site become our documents.

Each page under tests/fixtures/import imitates one shape found on real sites (hand-written text);
its .expected.json is written by hand from the page: every metadata field, the original index
number and URL, and what the body must start and end with, its length, what must not be in it
and how many tables it keeps. `?` in an expected value stands for a digit of a serial that
depends on the site's ledger."""

from __future__ import annotations

import csv
import gzip
import io
import json
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path

import pytest
from disclose.importer.extract import decode, meta_from_lines
from disclose.importer.fields import field_of, parse_date, status_of, title_mark
from disclose.search.encode import encode_text
from disclose.search.sqlite_index import Searcher

from tests.conftest import ROOT, SiteCopy, commit_all, run_cli_in_process

FIXTURES = ROOT / "tests" / "fixtures" / "import"
PAGES = sorted(p.name for p in FIXTURES.iterdir() if not p.name.endswith(".json"))
SCORED = ("title", "index_no", "doc_no", "publisher", "created", "published", "category", "validity",
          "body_start", "length", "clean", "shape")


@cache
def dry_run() -> dict[str, dict]:
    """One dry run of the real CLI over every fixture page, by file name."""
    result = run_cli_in_process(["import", "tests/fixtures/import", "--dry-run", "--format", "json"], cwd=ROOT)
    return {Path(r["source"]).name: r for r in json.loads(result.stdout)}


def expected(name: str) -> dict:
    return json.loads((FIXTURES / f"{Path(name).stem}.expected.json").read_text(encoding="utf-8"))


def same(got, want) -> bool:
    if isinstance(want, str) and isinstance(got, str) and ("?" in want or "|" in want):
        return any(fnmatchcase(got, w) for w in want.split("|"))
    return got == want


def _tables(body: str) -> int:
    return sum(1 for line in body.splitlines() if line.startswith("|---"))


def field_scores(got: dict, exp: dict) -> dict[str, bool]:
    """Which of the 12 scored fields of one page are exactly right."""
    m, e = got["metadata"], exp["metadata"]
    body = got.get("body", "")
    original = (got.get("original") or {}).get("index_no", m.get("index_no"))
    spec = exp["body"]
    text = body.lstrip("#-*> ")
    return {
        "title": m.get("title") == e["title"],
        "index_no": original == exp["original"]["index_no"],
        "doc_no": m.get("doc_no") == e["doc_no"],
        "publisher": m.get("publisher") == e["publisher"],
        "created": m.get("created") == e["created"],
        "published": m.get("published") == e["published"],
        "category": m.get("category") == e["category"],
        "validity": (m.get("status") or "有效") == e["status"],
        "body_start": text.startswith(spec["first"]),
        "length": spec["chars"][0] <= len(body) <= spec["chars"][1],
        "clean": not any(s in body for s in spec["absent"]) and body.rstrip().endswith(spec["last"]),
        "shape": _tables(body) == spec["tables"] and body.count(spec["first"]) == 1,
    }


@pytest.mark.parametrize("name", PAGES)
def test_fixture_imports_to_expected_json(name: str):
    got, exp = dry_run()[name], expected(name)
    assert got["source"] == exp["source"] and same(got["encoding"], exp["encoding"])
    for key, want in exp["metadata"].items():
        assert same(got["metadata"][key], want), (key, got["metadata"][key], want)
    assert got["original"] == exp["original"]
    assert len(got["warnings"]) == len(exp["warnings"])
    assert all(same(g, w) for g, w in zip(got["warnings"], exp["warnings"], strict=True)), got["warnings"]
    assert got.get("error") == exp.get("error")
    assert got["body_chars"] == len(got["body"])
    wrong = [k for k, ok in field_scores(got, exp).items() if not ok]
    assert not wrong, (wrong, got["body"])


def test_every_scored_field_of_every_fixture_is_right():
    scores = [field_scores(dry_run()[n], expected(n)) for n in PAGES]
    right = sum(sum(s.values()) for s in scores)
    assert right == len(PAGES) * len(SCORED), f"{right}/{len(PAGES) * len(SCORED)}"


def test_labels_dates_and_values():
    assert field_of("索 引 号：") == "index_no" and field_of("发布 机构") == "publisher"
    assert field_of("索\u2002引\u2002号：") == "index_no" and field_of("公文名称") == "title"
    assert field_of("文　　号:") == "doc_no" and field_of("浏览次数") is None
    for text in ("2007-03-06", "2007/3/6", "2007.03.06", "2007年3月6日", "2007-03-06 10:30:00"):
        assert parse_date(text).isoformat() == "2007-03-06"
    assert parse_date("有效") is None
    assert status_of("有效") == ("有效", None) and status_of("2025-12-31")[0] == "废止"
    assert status_of("有效 关于废止部分行政规范性文件的通知") == ("有效", None)
    assert status_of("已失效")[0] == "失效" and status_of("废止")[0] == "废止"
    assert title_mark("关于印发某办法的通知（已废止）") == ("关于印发某办法的通知", "废止")
    assert title_mark("关于某事项的通知(失效)") == ("关于某事项的通知", "失效")
    assert title_mark("关于废止部分文件的通知") == ("关于废止部分文件的通知", None)
    assert meta_from_lines("发布时间: 2013.08.15 10:02　来源:江屿市民政局　浏览次数: 1024") == {
        "published": "2013.08.15 10:02", "publisher": "江屿市民政局"}
    # A label inside prose is not a label; a value stops at the next label.
    assert meta_from_lines("本次活动时间：5月1日") == {}
    assert meta_from_lines("时间：2023-06-12　浏览次数：88") == {"published": "2023-06-12"}


def test_gbk_and_gb18030_detection():
    text = "关于做好低保资金发放工作的通知。各县（市、区）民政局：现将有关事项通知如下。" * 3
    decoded, name = decode(text.encode("gbk"))
    assert decoded == text and name in ("gbk", "gb18030")  # GB18030 is a superset of GBK
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    rare = text + "𠀀"  # outside GBK: only GB18030 encodes it
    decoded, name = decode(rare.encode("gb18030"))
    assert decoded == rare and name in ("gb18030", "gbk")


def test_import_writes_documents_that_build_keeps_old_numbers_and_never_duplicates(site: SiteCopy, tmp_path: Path):
    redirects = tmp_path / "redirects.csv"
    args = ["import", str(FIXTURES), "--publisher", "mzj", "--category", "通知公告"]
    planned = site.cli(*args, "--dry-run", "--redirects", str(tmp_path / "planned.csv"))
    assert "将分配索引号 MB0A12342/2015-00001" in planned.stdout  # the dry run says what the run will do
    assert "原索引号 014119539/2015-00117 保留为“原索引号”" in planned.stdout
    assert not list(site.path("content/mzj").rglob("*.md"))
    first = site.cli(*args, "--redirects", str(redirects))
    assert first.returncode == 1  # the page without any date cannot be imported, and says so
    assert "no-metadata.txt" in first.stdout and "缺少产生日期和发布日期" in first.stdout
    assert "导入 14，跳过 0，失败 1" in first.stdout
    written = sorted(site.path("content/mzj").rglob("*.md"))
    assert len(written) == 14
    texts = {p: p.read_text(encoding="utf-8") for p in written}
    gbk = next(t for t in texts.values() if "年度报告" in t and "2022年" in t)
    assert "主动公开政府信息156条" in gbk  # Chinese intact from the GBK page
    joined = "".join(texts.values())
    for noise in ("【打印本页】", "网站标识码", "扫一扫", "@font-face", "繁体版", "浏览次数"):
        assert noise not in joined
    old = next(t for t in texts.values() if "临时救助实施办法" in t)
    assert 'legacy_index_no: "014119539/2015-00117"' in old and "index_no: MB0A12342/2015-00001" in old
    assert "status: 废止\nabolished: 2015-04-16" in old
    ledger_before = site.read("content/index-numbers.ledger")
    assert "MB0A12342/2024-00012\t" in ledger_before  # the page's own number, kept and recorded
    assert "MB0A12342/2015-00001\t" in ledger_before

    rows = list(csv.DictReader(io.StringIO(redirects.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 14
    by_old = {r["原索引号"]: r for r in rows}
    assert by_old["014119539/2015-00117"]["新网址"] == "https://xxgk.ceshi.example/xxgk/MB0A12342/2015-00001.html"
    assert by_old["014119539/2015-00117"]["原网址"] == ""
    county = by_old["014119539/2007-00022"]
    assert county["原网址"] == "http://mzj.jiangyu.gov.cn.example/art/2007/5/9/art_1229_22.html"
    assert county["本站索引号"] == "MB0A12342/2007-00001"
    nginx = redirects.with_suffix(".conf").read_text(encoding="utf-8")
    assert 'map $request_uri $disclose_redirect {' in nginx
    assert '"/art/2007/5/9/art_1229_22.html" "https://xxgk.ceshi.example/xxgk/MB0A12342/2007-00001.html";' in nginx
    assert '"/chinese/docview.html?docId=107731" "https://xxgk.ceshi.example/xxgk/MB0A12342/2023-' in nginx
    assert "014119539/2015-00117 → https://xxgk.ceshi.example/xxgk/MB0A12342/2015-00001.html" in nginx
    assert (tmp_path / "planned.csv").read_text(encoding="utf-8-sig") == redirects.read_text(encoding="utf-8-sig")

    second = site.cli(*args, "--redirects", str(redirects))
    assert "导入 0，跳过 14，失败 1" in second.stdout
    assert sorted(site.path("content/mzj").rglob("*.md")) == written
    assert site.read("content/index-numbers.ledger") == ledger_before
    assert len(list(csv.DictReader(io.StringIO(redirects.read_text(encoding="utf-8-sig"))))) == 14

    assert site.cli("check").returncode == 0
    doc = next(d for d in site.corpus().documents if d.index_no == "MB0A12342/2015-00001")
    assert doc.legacy_index_no == "014119539/2015-00117" and str(doc.status) == "废止"
    out = tmp_path / "preview"
    assert site.cli("build", "--preview", "-o", str(out)).returncode == 0
    assert len(list((out / "xxgk/MB0A12342").rglob("*.html"))) >= 14
    page = (out / "xxgk/MB0A12342/2024-00012.html").read_text()
    for cell in ("关于做好2024年度城乡低保资金发放工作的通知", "MB0A12342/2024-00012", "通知公告",
                 "江民发〔2024〕5号", "测试县民政局", "2024-03-06", "2024-03-08", "待保密审查"):
        assert cell in page
    penalty = next(p.read_text() for p in (out / "xxgk/MB0A12342").glob("2023-*.html")
                   if "行政处罚信息公开表" in p.read_text())
    assert "<table" in penalty and "江金罚决字〔2023〕7号" in penalty  # the real table stays a table
    published = site.cli("build", "-o", str(tmp_path / "out"))
    assert "待保密审查" in published.stderr  # imported documents wait for review like any other

    # Once approved, the old number is shown on the page and found by both search indexes.
    commit_all(site.root, "导入旧网站文件")
    source = doc.source_path
    for person in ("shencha", "lingdao"):
        assert site.approve(source, person).returncode == 0
    commit_all(site.root, "审核记录")
    out = tmp_path / "approved"
    assert site.cli("build", "-o", str(out)).returncode == 0
    page = (out / "xxgk/MB0A12342/2015-00001.html").read_text(encoding="utf-8")
    row = page.split("原索引号</th>", 1)[1].split("</tr>", 1)[0]
    assert "014119539/2015-00117" in row
    total, hits = Searcher(out / "search" / "index.sqlite").search("014119539/2015-00117")
    assert total == 1 and hits[0].url.endswith("MB0A12342/2015-00001.html")
    fragments = b"".join(gzip.decompress(p.read_bytes()) for p in (out / "pagefind/fragment").iterdir())
    assert encode_text("原索引号 014119539/2015-00117").encode() in fragments


def test_import_help_names_the_redirect_map():
    out = run_cli_in_process(["import", "--help"], cwd=ROOT).stdout
    assert "--redirects" in out and "nginx" in out and "--old-base" in out
