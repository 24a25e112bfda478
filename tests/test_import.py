"""`disclose import`: saved pages of an existing disclosure site become our documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from disclose.importer.extract import decode, meta_from_lines
from disclose.importer.fields import field_of, parse_date, status_of

from tests.conftest import ROOT, SiteCopy, run_cli

FIXTURES = ROOT / "tests" / "fixtures" / "import"
PAGES = sorted(p.name for p in FIXTURES.iterdir() if not p.name.endswith(".json"))


@pytest.mark.parametrize("name", PAGES)
def test_fixture_imports_to_expected_json(name: str):
    result = run_cli(["import", f"tests/fixtures/import/{name}", "--dry-run", "--format", "json"], cwd=ROOT)
    got = json.loads(result.stdout)[0]
    assert got.pop("body_chars") > 50
    expected = json.loads((FIXTURES / f"{Path(name).stem}.expected.json").read_text(encoding="utf-8"))
    assert got == expected


def test_labels_dates_and_values():
    assert field_of("索 引 号：") == "index_no" and field_of("发布 机构") == "publisher"
    assert field_of("文　　号:") == "doc_no" and field_of("浏览次数") is None
    for text in ("2007-03-06", "2007/3/6", "2007.03.06", "2007年3月6日", "2007-03-06 10:30:00"):
        assert parse_date(text).isoformat() == "2007-03-06"
    assert parse_date("有效") is None
    assert status_of("有效") == ("有效", None) and status_of("2025-12-31")[0] == "废止"
    assert meta_from_lines("发布时间: 2013.08.15 来源:江屿市民政局　浏览次数: 1024") == {
        "published": "2013.08.15", "publisher": "江屿市民政局"}


def test_gbk_and_gb18030_detection():
    text = "关于做好低保资金发放工作的通知。各县（市、区）民政局：现将有关事项通知如下。" * 3
    decoded, name = decode(text.encode("gbk"))
    assert decoded == text and name in ("gbk", "gb18030")  # GB18030 is a superset of GBK
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    rare = text + "𠀀"  # outside GBK: only GB18030 encodes it
    decoded, name = decode(rare.encode("gb18030"))
    assert decoded == rare and name in ("gb18030", "gbk")


def test_import_writes_documents_that_build_and_never_duplicates(site: SiteCopy, tmp_path: Path):
    args = ["import", str(FIXTURES), "--publisher", "mzj", "--category", "通知公告"]
    first = site.cli(*args)
    assert first.returncode == 1  # the page without any date cannot be imported, and says so
    assert "no-metadata.txt" in first.stdout and "缺少产生日期和发布日期" in first.stdout
    assert "导入 3，跳过 0，失败 1" in first.stdout
    written = sorted(p for p in site.path("content/mzj").rglob("*.md"))
    assert len(written) == 3
    gbk = next(p.read_text(encoding="utf-8") for p in written if "年度报告" in p.read_text(encoding="utf-8"))
    assert "主动公开政府信息156条" in gbk  # Chinese intact from the GBK page
    assert "【打印本页】" not in "".join(p.read_text() for p in written)
    assert "网站标识码" not in "".join(p.read_text() for p in written)
    ledger_before = site.read("content/index-numbers.ledger")
    assert "MB0A12342/2024-00012\t" in ledger_before  # the page's own number, kept and recorded

    second = site.cli(*args)
    assert "导入 0，跳过 3，失败 1" in second.stdout
    assert sorted(site.path("content/mzj").rglob("*.md")) == written
    assert site.read("content/index-numbers.ledger") == ledger_before

    assert site.cli("check").returncode == 0
    out = tmp_path / "preview"
    assert site.cli("build", "--preview", "-o", str(out)).returncode == 0
    page = (out / "xxgk/MB0A12342/2024-00012.html").read_text()
    for cell in ("关于做好2024年度城乡低保资金发放工作的通知", "MB0A12342/2024-00012", "通知公告",
                 "江民发〔2024〕5号", "测试县民政局", "2024-03-06", "2024-03-08", "待保密审查"):
        assert cell in page
    published = site.cli("build", "-o", str(tmp_path / "out"))
    assert "待保密审查" in published.stderr  # imported documents wait for review like any other
