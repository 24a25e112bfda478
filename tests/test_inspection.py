"""The 政府网站 inspection (国办秘函〔2019〕19号) on the fixture site with the date pinned.

Expected dates are worked out by hand from the fixture's publication dates (the oracle is the
calendar, not the code): 通知公告 last published 2026-03-05, 行政规范性文件 2026-02-01,
工作计划 2026-01-09.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from disclose import config
from disclose.build import build_site
from disclose.errors import ConfigError
from disclose.inspection.periods import add_period

from tests.conftest import SiteCopy, clone_sample, commit_all

INSPECTION = """
# -- inspection test settings --
DISCLOSE["categories"] = DISCLOSE["categories"] + [{"id": "rsxx", "name": "人事信息"}]
DISCLOSE["inspection"] = {"columns": {"tzgg": "news", "gzjh": "yearly", "zcwj": "notice"},
                          "veto_overdue": 2%s}
"""


def configure(site: SiteCopy, extra: str = "") -> None:
    base = site.read("pelicanconf.py").split("\n# -- inspection test settings --")[0]
    site.write("pelicanconf.py", base + INSPECTION % extra)


def inspect_json(site: SiteCopy, day: str, *args: str) -> tuple[int, dict]:
    run = site.cli("inspect", "--date", day, "--format", "json", *args)
    assert run.returncode in (0, 1), run.stderr
    return run.returncode, json.loads(run.stdout)


def threshold(report: dict, ident: str) -> dict:
    return next(t for t in report["thresholds"] if t["id"] == ident)


@pytest.mark.parametrize(("start", "period", "due"), [
    ("2026-05-01", "14d", "2026-05-15"), ("2026-08-31", "6m", "2027-02-28"),
    ("2024-02-29", "1y", "2025-02-28"), ("2026-01-31", "1m", "2026-02-28"), ("2026-03-05", "6m", "2026-09-05"),
])
def test_periods_are_calendar_periods(start: str, period: str, due: str):
    assert add_period(dt.date.fromisoformat(start), period) == dt.date.fromisoformat(due)


def test_each_veto_threshold_on_the_day_before_and_on_the_day(site: SiteCopy):
    configure(site)
    # 首页: newest item 2026-03-05, two weeks later is 03-19; from 03-20 it is over two weeks.
    _, before = inspect_json(site, "2026-03-19")
    _, on = inspect_json(site, "2026-03-20")
    assert before["home"]["newest"]["published"] == "2026-03-05"
    assert not threshold(before, "home")["crossed"] and threshold(before, "home")["days_left"] == 1
    assert threshold(on, "home")["crossed"]
    # 通知公告 (news, 14 days) is overdue from 03-20 too: one column of the two that fail the site.
    assert before["overdue_columns"] == [] and on["overdue_columns"] == ["tzgg"]
    # Second column: 政策文件 (6 months from 2026-02-01, due 08-01) -> two overdue from 08-02.
    _, before = inspect_json(site, "2026-08-01")
    _, on = inspect_json(site, "2026-08-02")
    t = threshold(before, "overdue_columns")
    assert (t["crossed"], t["count"], t["crosses_on"], t["days_left"]) == (False, 1, "2026-08-02", 1)
    t = threshold(on, "overdue_columns")
    assert (t["crossed"], t["count"]) == (True, 2) and on["overdue_columns"] == ["zcwj", "tzgg"]
    cols = {c["id"]: c for c in on["columns"]}
    assert cols["zcwj"]["newest"] == "2026-02-01" and cols["zcwj"]["due"] == "2026-08-01"
    assert cols["gzjh"]["due"] == "2027-01-09" and not cols["gzjh"]["overdue"]


def test_blank_columns_and_their_threshold(site: SiteCopy):
    configure(site, ', "veto_blank": 1')
    _, report = inspect_json(site, "2026-06-01")
    assert report["blank_columns"] == ["rsxx"]  # configured and shown, nothing published
    assert threshold(report, "blank_columns")["crossed"] and threshold(report, "blank_columns")["count"] == 1


def test_scheduled_run_fails_seven_days_ahead(site: SiteCopy):
    configure(site)
    # The home page crosses on 03-20: eight days after 03-12 (pass), seven after 03-13 (fail).
    assert site.cli("inspect", "--date", "2026-03-12", "--days", "7").returncode == 0
    late = site.cli("inspect", "--date", "2026-03-13", "--days", "7")
    assert late.returncode == 1 and "7 天内将触及单项否决" in late.stdout and "首页最新信息" in late.stdout
    # Without --days the report never fails (the build and staff use it as information).
    assert site.cli("inspect", "--date", "2026-03-25").returncode == 0


def test_hide_blank_removes_the_column_from_every_page_and_the_sitemap(site: SiteCopy, tmp_path: Path):
    configure(site)
    shown = tmp_path / "shown"
    build_site(site.conf, shown)
    assert (shown / "mulu/fenlei/rsxx/index.html").is_file() and "人事信息" in (shown / "index.html").read_text()
    configure(site, ', "hide_blank": True')
    out = tmp_path / "hidden"
    result = build_site(site.conf, out)
    assert not (out / "mulu/fenlei/rsxx").exists()
    texts = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*")
             if p.suffix in (".html", ".xml")}
    assert [p for p, t in texts.items() if "rsxx" in t or "人事信息" in t] == []
    assert "mulu/fenlei/tzgg/index.html" in texts["sitemap.xml"]
    assert any("已隐藏的空白栏目：人事信息" in line for line in result.inspection)


def test_build_warns_and_preview_has_the_inspection_page(site: SiteCopy, tmp_path: Path):
    configure(site)
    built = site.cli("build", "-o", str(tmp_path / "out"))
    assert built.returncode == 0 and "单项否决：首页最新信息超过 14 天未更新——已触及" in built.stderr
    assert not (tmp_path / "out/jiancha.html").exists()  # staff only: never on the public site
    assert site.cli("build", "--preview", "-o", str(tmp_path / "preview")).returncode == 0
    page = (tmp_path / "preview/jiancha.html").read_text(encoding="utf-8")
    assert "网站检查" in page and "单项否决" in page and "空白栏目" in page and "通知公告" in page
    assert 'href="/jiancha.html"' in (tmp_path / "preview/index.html").read_text(encoding="utf-8")
    assert "jiancha.html" not in (tmp_path / "out/index.html").read_text(encoding="utf-8")


def test_missing_site_elements_are_listed_and_urls_must_be_web_addresses(site: SiteCopy):
    _, report = inspect_json(site, "2026-06-01")
    assert "党政机关网站标识（site.conac_url）" in report["missing_elements"]
    assert "“我为政府网站找错”入口（site.error_report_url）" in report["missing_elements"]
    assert "网站标识码" not in report["missing_elements"]
    raw = {"site": {"name": "x", "domain": "x.example", "host_org": "x", "site_id_code": "9999000001",
                    "icp": "x", "psb": "x", "conac_url": "javascript:alert(1)",
                    "contact": {"address": "x", "phone": "x", "email": "x@x.example"}},
           "publishers": [{"id": "mzj", "name": "测试县民政局", "code": "MB0A12342"}],
           "categories": [{"id": "tzgg", "name": "通知公告"}],
           "inspection": {"columns": {"tzgg": "weekly"}, "periods": {"news": "2 weeks"}}}
    with pytest.raises(ConfigError) as exc:
        config.load(raw)
    fields = {p.field for p in exc.value.problems}
    assert {"DISCLOSE.site.conac_url", "DISCLOSE.inspection.columns", "DISCLOSE.inspection.periods"} <= fields


SAMPLE_FOOTER = ("承办单位：江屿市大数据发展管理中心", "党政机关网站标识", "我为政府网站找错")


def test_sample_site_report_is_clean_but_one_column(tmp_path: Path):
    from tests.conftest import ROOT, run_cli_in_process

    run = run_cli_in_process(["-s", str(ROOT / "pelicanconf.py"), "inspect", "--date", "2026-11-23", "--format", "json",
                   "--days", "7"], cwd=ROOT, today="2026-11-23")
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert not any(t["crossed"] for t in report["thresholds"])
    assert report["overdue_columns"] == [] and report["blank_columns"] == [] and report["missing_elements"] == []
    near = [c for c in report["columns"] if c["days_left"] is not None and c["days_left"] <= 30]
    assert [(c["name"], c["due"]) for c in near] == [("政策文件", "2026-12-10")]  # 2026-06-10 + 6 months
    assert report["interpretation"]["interpreted"] == 1 and report["interpretation"]["normative"] == 3


def test_sample_footer_shows_the_required_elements(tmp_path: Path):
    from tests.conftest import ROOT

    out = tmp_path / "sample"
    build_site(ROOT / "pelicanconf.py", out, {"DISCLOSE_PREVIEW": True})
    home = (out / "index.html").read_text(encoding="utf-8")
    assert all(text in home for text in SAMPLE_FOOTER)
    assert re.search(r'<a class="conac" href="https://[^"]+"', home)


# --- policy and interpretation, both ways --------------------------------------------------------

POLICY = "content/a/policy-new.md"
POLICY_NO = "MB0A12342/2026-00002"
JIEDU = """---
title: 《测试县临时救助办法（2026年修订）》政策解读
category: 通知公告
disclosure: 主动公开
publisher: mzj
created: 2026-02-03
interprets: {target}
---

现就临时救助办法的修订内容解读如下。
"""


def add_approved(site: SiteCopy, path: str, text: str) -> None:
    site.write(path, text)
    assert site.cli("number", path).returncode == 0
    commit_all(site.root, "新增文档")
    for person in ("shencha", "lingdao"):
        run = site.approve(path, person)
        assert run.returncode == 0, run.stderr
    commit_all(site.root, "审核记录")


def test_interpretation_and_policy_link_both_ways_and_in_search(site: SiteCopy, tmp_path: Path):
    from disclose.search.sqlite_index import Searcher

    add_approved(site, "content/a/jiedu.md", JIEDU.format(target=POLICY_NO))
    # An interpretation of a document that is not published yet (the draft) waits for it.
    add_approved(site, "content/a/jiedu-draft.md", JIEDU.format(target="11339900MB0B56784A/2026-00001")
                 .replace("《测试县临时救助办法（2026年修订）》政策解读", "草稿的解读"))
    out = tmp_path / "out"
    result = build_site(site.conf, out)
    held = {p: r for p, _, r in result.held_back}
    assert held["content/a/jiedu-draft.md"] == "解读的政策文件 11339900MB0B56784A/2026-00001 尚未发布"
    jiedu_no = site.read("content/a/jiedu.md").split("index_no: ", 1)[1].split("\n", 1)[0]
    jiedu_url = f"xxgk/{jiedu_no.replace('/', '/')}.html"
    policy_page = (out / "xxgk/MB0A12342/2026-00002.html").read_text(encoding="utf-8")
    jiedu_page = (out / jiedu_url).read_text(encoding="utf-8")
    assert re.search(r'<tr class="doc-interpretations"><th scope="row">政策解读</th><td colspan="3">'
                     rf'<a href="/{re.escape(jiedu_url)}">《测试县临时救助办法（2026年修订）》政策解读</a>', policy_page)
    assert re.search(r'<tr class="doc-original"><th scope="row">原文</th><td colspan="3">'
                     r'<a href="/xxgk/MB0A12342/2026-00002.html">测试县临时救助办法（2026年修订）</a>', jiedu_page)
    assert "草稿的解读" not in policy_page
    searcher = Searcher(out / "search/index.sqlite")
    _, hits = searcher.search("临时救助办法")
    by_no = {h.index_no: h for h in hits}
    assert by_no[POLICY_NO].related == "政策解读：《《测试县临时救助办法（2026年修订）》政策解读》"
    assert by_no[POLICY_NO].related_url == jiedu_url
    assert by_no[jiedu_no].related == "原文：《测试县临时救助办法（2026年修订）》"
    assert by_no[jiedu_no].related_url == "xxgk/MB0A12342/2026-00002.html"
    # The share of 行政规范性文件 with an interpretation (2 published: the old and the new 办法).
    site.write("pelicanconf.py", site.read("pelicanconf.py") + '\nDISCLOSE["report"] = {"normative_categories": ["gfxwj"]}\n')
    _, report = inspect_json(site, "2026-06-01")
    assert (report["interpretation"]["interpreted"], report["interpretation"]["normative"]) == (1, 2)


def test_interprets_must_name_a_public_document(site: SiteCopy):
    site.write("content/a/jiedu.md", JIEDU.format(target="MB0A12342/2026-00004"))  # 不予公开
    site.write("content/a/jiedu2.md", JIEDU.format(target="MB0A12342/2026-09999").replace("政策解读", "解读二"))
    for path in ("content/a/jiedu.md", "content/a/jiedu2.md"):
        assert site.cli("number", path).returncode == 0
    problems = site.problems()
    assert any("content/a/jiedu.md" in p and "meta.interprets" in p and "不予公开或已撤回" in p for p in problems)
    assert any("content/a/jiedu2.md" in p and "MB0A12342/2026-09999 不存在" in p for p in problems)


# --- 有效期至 -------------------------------------------------------------------------------------

def test_valid_until_in_the_past_shows_expired_everywhere(site: SiteCopy, tmp_path: Path):
    from disclose.report import annual
    from disclose.search.sqlite_index import Searcher

    site.replace(POLICY, "summary: 修订后的临时救助办法。", "summary: 修订后的临时救助办法。\nvalid_until: 2026-05-31")
    commit_all(site.root, "有效期")
    for person in ("shencha", "lingdao"):
        assert site.approve(POLICY, person).returncode == 0
    commit_all(site.root, "审核记录")
    out = tmp_path / "out"
    build_site(site.conf, out)  # today is pinned to 2026-06-01: the day after 有效期至
    page = (out / "xxgk/MB0A12342/2026-00002.html").read_text(encoding="utf-8")
    assert "<strong>本文件已失效</strong>（失效日期：2026-06-01）" in page
    assert "有效性</th><td>失效（失效日期：2026-06-01）" in page and "有效期至" in page
    listing = (out / "mulu/fenlei/gfxwj/index.html").read_text(encoding="utf-8")
    row = listing.split("测试县临时救助办法（2026年修订）", 1)[1].split("</td>", 1)[0]
    assert '<span class="badge badge-abolished">已失效</span>' in row
    searcher = Searcher(out / "search/index.sqlite")
    assert [h.index_no for h in searcher.search("临时救助", validity="失效")[1]] == [POLICY_NO]
    assert POLICY_NO not in [h.index_no for h in searcher.search("临时救助", validity="有效")[1]]
    browser_filter(out)
    rows = {r.name: r for r in annual.table2(site.corpus(), 2026, "mzj", {"行政规范性文件": ("gfxwj",)})}
    assert (rows["行政规范性文件"].issued, rows["行政规范性文件"].valid) == (1, 0)
    # The day before it lapses the page still says 有效 (the clock decides, nobody edits the file).
    before = site.cli("build", "-o", str(tmp_path / "before"), today="2026-05-31")
    assert before.returncode == 0
    assert "本文件已失效" not in (tmp_path / "before/xxgk/MB0A12342/2026-00002.html").read_text(encoding="utf-8")


def browser_filter(out: Path) -> None:
    """The search page's 有效性 filter (Pagefind) keeps only the lapsed document, with its badge."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.browser import chromium, serve

    with serve(out) as base, chromium() as driver:
        driver.get(f"{base}/search.html?q=%E4%B8%B4%E6%97%B6%E6%95%91%E5%8A%A9&validity=%E5%A4%B1%E6%95%88&stay=1")
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li"))
        items = driver.find_elements(By.CSS_SELECTOR, "#search-results li")
        assert len(items) == 1 and "测试县临时救助办法（2026年修订）" in items[0].text and "已失效" in items[0].text
        options = [o.get_attribute("value") for o in driver.find_elements(By.CSS_SELECTOR, "select[name=validity] option")]
        assert "失效" in options and "有效" in options


def test_documents_about_to_lapse_are_listed_90_days_ahead(site: SiteCopy):
    site.replace(POLICY, "summary: 修订后的临时救助办法。", "summary: 修订后的临时救助办法。\nvalid_until: 2026-05-31")
    commit_all(site.root, "有效期")
    for person in ("shencha", "lingdao"):
        assert site.approve(POLICY, person).returncode == 0
    commit_all(site.root, "审核记录")
    _, early = inspect_json(site, "2026-03-01")  # 91 days before
    _, due = inspect_json(site, "2026-03-02")    # 90 days before
    assert early["expiring"] == []
    assert [(d["index_no"], d["days_left"]) for d in due["expiring"]] == [(POLICY_NO, 90)]


# --- outdated institution names -------------------------------------------------------------

def _doc(created: str, body: str) -> str:
    return f"---\ntitle: 通知\ncreated: {created}\n---\n\n{body}\n"


def test_outdated_name_follows_renames_up_to_the_document_date():
    from disclose.review import Checker

    checker = Checker()
    hint_2020 = [f.hint for f in checker.check_text("a.md", _doc("2020-05-01", "报中国银监会备案。"))
                 if f.rule == "hygiene.outdated_org"]
    hint_2024 = [f.hint for f in checker.check_text("a.md", _doc("2024-05-01", "报中国银监会备案。"))
                 if f.rule == "hygiene.outdated_org"]
    assert hint_2020 and hint_2020[0].startswith("改为现名称“中国银行保险监督管理委员会”")
    assert hint_2024 and hint_2024[0].startswith("改为现名称“国家金融监督管理总局”")
    # 银保监会 itself was current from 2018 until the 2023 reform.
    assert not [f for f in checker.check_text("a.md", _doc("2022-05-01", "报中国银保监会备案。"))
                if f.rule == "hygiene.outdated_org"]


def outdated_findings(site: SiteCopy) -> list[dict]:
    run = site.cli("check", "content/a/plan.md", "--format", "json")
    return [f for file in json.loads(run.stdout)["files"] for f in file["findings"]
            if f["rule"] == "hygiene.outdated_org"]


def test_local_renames_from_the_configuration_warn_in_disclose_check(site: SiteCopy):
    site.write("pelicanconf.py", site.read("pelicanconf.py") + '\nDISCLOSE["review"] = {"renamed_orgs": [\n'
               '    {"old": "测试县工商行政管理局", "new": "测试县市场监督管理局", "since": "2019-02-01"}]}\n')
    site.replace("content/a/plan.md", "按季度开展低保动态复核。", "按季度开展低保动态复核，会同测试县工商行政管理局和国土资源部门。")
    found = outdated_findings(site)
    assert [(f["severity"], f["hint"].split("；")[0]) for f in found] == [("warn", "改为现名称“测试县市场监督管理局”")]
    # The same sentence in a document created before the rename is left alone.
    site.replace("content/a/plan.md", "created: 2026-01-05", "created: 2018-12-30")
    assert outdated_findings(site) == []


# --- the sample site: the 低保 办法 and its 政策解读 ------------------------------------------------

def test_sample_policy_and_interpretation_link_both_ways_in_pages_and_browser_search(tmp_path: Path):

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.browser import chromium, serve

    site = clone_sample(tmp_path / "clone")
    clone = site.root
    assert site.cli("build", today="2026-11-23").returncode == 0
    out = clone / "output"
    policy = (out / "xxgk/MB0A12342/2026-00002.html").read_text(encoding="utf-8")
    jiedu = (out / "xxgk/MB0A12342/2026-00004.html").read_text(encoding="utf-8")
    assert re.search(r'政策解读</th><td colspan="3"><a href="/xxgk/MB0A12342/2026-00004.html">'
                     r'《江屿市最低生活保障审核确认办法（2026年修订）》政策解读</a>', policy)
    assert re.search(r'原文</th><td colspan="3"><a href="/xxgk/MB0A12342/2026-00002.html">'
                     r'江屿市最低生活保障审核确认办法（2026年修订）</a>', jiedu)
    with serve(out) as base, chromium() as driver:
        driver.get(f"{base}/search.html?q=%E5%AE%A1%E6%A0%B8%E7%A1%AE%E8%AE%A4%E5%8A%9E%E6%B3%95")  # 审核确认办法
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results p.related a"))
        related = {a.text: a.get_attribute("href")
                   for a in driver.find_elements(By.CSS_SELECTOR, "#search-results p.related a")}
        assert related["原文：《江屿市最低生活保障审核确认办法（2026年修订）》"].endswith("/xxgk/MB0A12342/2026-00002.html")
        assert related["政策解读：《《江屿市最低生活保障审核确认办法（2026年修订）》政策解读》"].endswith(
            "/xxgk/MB0A12342/2026-00004.html")
        driver.find_element(By.CSS_SELECTOR, "#search-results p.related a[href$='2026-00004.html']").click()
        WebDriverWait(driver, 30).until(lambda d: "xxgk/MB0A12342/2026-00004" in d.current_url)
