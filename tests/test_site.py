"""Building sites: every page type is there, held-back content is nowhere, failures fail closed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from disclose.build import build_site
from disclose.errors import BuildError, DocumentError

from tests.conftest import ROOT, SiteCopy, all_text

CANARIES = ("金丝雀甲", "金丝雀乙", "金丝雀丙", "金丝雀丁", "金丝雀戊")




@pytest.fixture
def built(site: SiteCopy, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build_site(site.conf, out)
    return out


def test_page_types(built: Path):
    for rel in ("index.html", "mulu/index.html", "mulu/quanbu/index.html", "mulu/quanbu/2.html",
                "mulu/fenlei/zcwj/index.html", "mulu/fenlei/gfxwj/index.html",
                "mulu/jigou/mzj/index.html", "mulu/niandu/2026/index.html",
                "mulu/fangshi/zhudong/index.html", "mulu/fangshi/yishenqing/index.html",
                "xxgk/MB0A12342/2026-00001.html", "zhinan.html", "404.html", "search.html",
                "feeds/all.atom.xml", "sitemap.xml", "theme/css/print.css",
                "files/MB0A12342/2026-00001/table.csv"):
        assert (built / rel).is_file(), rel


def test_document_page_metadata_block_and_meta_tags(built: Path):
    html = (built / "xxgk/MB0A12342/2026-00001.html").read_text()
    for label in ("信息名称", "索引号", "组配分类", "公开方式", "文件编号", "发布机构", "产生日期",
                  "发布日期", "有效性", "内容概述"):
        assert f'<th scope="row">{label}</th>' in html
    for meta in ('name="SiteName" content="测试县政府信息公开"', 'name="SiteDomain"',
                 'name="SiteIDCode" content="9999000001"', 'name="ColumnName" content="工作计划"',
                 'name="ArticleTitle" content="测试县民政局2026年工作计划"',
                 'name="PubDate" content="2026-01-09"', 'name="ContentSource" content="测试县民政局"'):
        assert meta in html
    for footer in ("主办单位：测试县人民政府办公室", "网站标识码：9999000001", "测ICP备00000001号",
                   "测公网安备 99990000000001号", "0999-1234567"):
        assert footer in html
    assert 'href="/xxgk/MB0A12342/2026-00002.html">现行办法</a>' in html


def test_abolished_page_links_replacement(built: Path):
    html = (built / "xxgk/MB0A12342/2025-00001.html").read_text()
    assert "本文件已废止" in html and "废止日期：2026-02-01" in html
    assert '<a href="/xxgk/MB0A12342/2026-00002.html">测试县临时救助办法（2026年修订）</a>' in html
    assert "测民规〔2025〕1号" in html  # 文号 normalised from (2025)


def test_on_request_item_has_metadata_but_no_body(built: Path):
    html = (built / "xxgk/MB0A12342/2026-00003.html").read_text()
    assert "关于临时救助资金安排的请示" in html and "依申请公开" in html
    assert "信息公开指南" in html


def test_held_back_content_appears_in_no_output_file(built: Path):
    for rel, text in all_text(built).items():
        for canary in CANARIES:
            assert canary not in text, f"{canary} leaked into {rel}"
    assert not (built / "xxgk/MB0A12342/2026-00004.html").exists()


def test_catalogue_is_paginated_and_complete(built: Path):
    first = (built / "mulu/quanbu/index.html").read_text()
    second = (built / "mulu/quanbu/2.html").read_text()
    assert "第 1 / 2 页" in first and 'rel="next" href="/mulu/quanbu/2.html"' in first
    listed = [n for n in ("2026-00001", "2026-00002", "2026-00003", "2025-00001")
              if n in first + second]
    assert len(listed) == 4


def test_sample_site_builds_without_withheld_item(tmp_path: Path):
    out = tmp_path / "sample"
    result = build_site(ROOT / "pelicanconf.py", out)
    assert result.published >= 15
    reasons = {path: reason for path, _, reason in result.held_back}
    assert reasons["content/mzj/2026/2026-binzang-buju-yanjiu.md"] == "不予公开"
    withheld = (ROOT / "content/mzj/2026/2026-binzang-buju-yanjiu.md").read_text()
    body = withheld.split("---", 2)[2].strip()
    for rel, text in all_text(out).items():
        assert "关于滨江片区殡葬设施布局调整的内部研究意见" not in text, rel
        assert body not in text, rel
        assert "MB0A12342/2026-00007" not in text, rel


def test_failed_build_leaves_previous_output_untouched(site: SiteCopy, tmp_path: Path):
    out = tmp_path / "out"
    build_site(site.conf, out)
    before = all_text(out)
    site.replace("content/a/plan.md", "created: 2026-01-05", "created: 2026-02-30")
    with pytest.raises(DocumentError):
        build_site(site.conf, out)
    assert all_text(out) == before
    site.replace("content/a/plan.md", "created: 2026-02-30", "created: 2026-01-05")
    broken_theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", broken_theme)
    (broken_theme / "templates/document.html").write_text("{% extends 'base.html' %}{% block content %}{{ 1/0 }}{% endblock %}")
    site.write("pelicanconf.py", site.read("pelicanconf.py") + f"\nTHEME = {str(broken_theme)!r}\n")
    with pytest.raises(BuildError):
        build_site(site.conf, out)
    assert all_text(out) == before
    assert not list(tmp_path.glob(".out.*")), "staging folder left behind"


def test_parallel_and_serial_corpus_agree(site: SiteCopy, monkeypatch: pytest.MonkeyPatch):
    from disclose import config
    from disclose.build import load_settings
    from disclose.corpus import load_corpus

    s = load_settings(site.conf)
    args = (Path(s["PATH"]), site.root, config.load(s["DISCLOSE"]))
    site.replace("content/a/plan.md", "按季度开展低保动态复核。", "联系人手机 13812345678。")

    def snapshot():
        c = load_corpus(*args)
        return ([d.index_no for d in c.published], [h.reason for h in c.held_back],
                [str(p) for p in c.problems], {k: [f.fingerprint for f in c.findings_of(k)] for k in c.checked_paths()},
                {k: c.output(k).html for k in c.checked_paths() if c.output(k) is not None})

    monkeypatch.setenv("DISCLOSE_JOBS", "1")
    serial = snapshot()
    monkeypatch.setenv("DISCLOSE_JOBS", "2")
    assert snapshot() == serial
    assert any("保密检查" in reason for reason in serial[1])


def test_guide_and_apply_pages_come_from_configuration(tmp_path: Path):
    out = tmp_path / "sample"
    build_site(ROOT / "pelicanconf.py", out)
    guide = (out / "zhinan.html").read_text()
    for text in ("江屿市人民政府办公室政务公开科", "江屿市滨江大道 1 号市民中心 3 号楼", "0579-88880000",
                 "0579-88880001", "xxgk@jiangyu.gov.cn.example", "工作日 上午 8:30-12:00", "行政规范性文件",
                 "江屿市人力资源和社会保障局", "20 个工作日内公开"):
        assert text in guide, text
    apply = (out / "shenqing.html").read_text()
    assert "政府信息公开申请" in apply and "xxgk@jiangyu.gov.cn.example" in apply
    assert "/shenqing.html" in (out / "sitemap.xml").read_text()
