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

from tests.conftest import SiteCopy, commit_all

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
    from tests.conftest import ROOT, run_cli

    run = run_cli(["-s", str(ROOT / "pelicanconf.py"), "inspect", "--date", "2026-11-23", "--format", "json",
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
