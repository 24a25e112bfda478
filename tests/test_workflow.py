"""Everyday workflow commands: abolish, withdraw, deadlines."""

from __future__ import annotations

import json
from pathlib import Path

from disclose.build import build_site

from tests.conftest import SiteCopy, all_text, commit_all

PLAN = "content/a/plan.md"


def test_withdraw_removes_content_everywhere_and_leaves_a_notice(site: SiteCopy, tmp_path: Path):
    out = tmp_path / "out"
    build_site(site.conf, out)
    assert "测试县民政局2026年工作计划" in (out / "feeds/all.atom.xml").read_text()
    result = site.cli("withdraw", PLAN, "--reason", "误将内部工作安排作为计划发布")
    assert result.returncode == 0 and "已撤回 MB0A12342/2026-00001" in result.stdout
    commit_all(site.root, "撤回")
    build_site(site.conf, out)
    for rel, text in all_text(out).items():
        assert "测试县民政局2026年工作计划" not in text, rel
        assert "按季度开展低保动态复核" not in text, rel
    assert not (out / "xxgk/MB0A12342/2026-00001.html").exists()  # notice waits for approval
    audit = json.loads(site.cli("audit", "--format", "json").stdout)["documents"]
    plan = next(d for d in audit if d["index_no"] == "MB0A12342/2026-00001")
    assert plan["state"].startswith("已撤回（2026-06-01）：误将内部工作安排作为计划发布")

    assert site.approve(PLAN, "shencha", "--opinion", "同意撤回").returncode == 0
    assert site.approve(PLAN, "lingdao", "--opinion", "同意撤回").returncode == 0
    build_site(site.conf, out)
    notice = (out / "xxgk/MB0A12342/2026-00001.html").read_text()
    assert "此信息已撤回" in notice and "误将内部工作安排作为计划发布" in notice
    assert "测试县民政局2026年工作计划" not in notice and "按季度" not in notice
    assert "2026-00001" not in (out / "sitemap.xml").read_text()
    assert "MB0A12342/2026-00001" not in (out / "feeds/all.atom.xml").read_text()


def test_abolish_needs_new_approval(site: SiteCopy, tmp_path: Path):
    doc = "content/a/policy-new.md"
    result = site.cli("abolish", doc, "--date", "2026-05-01")
    assert result.returncode == 0 and "需重新保密审查和审批" in result.stdout
    assert "status: 废止" in site.read(doc) and "abolished: 2026-05-01" in site.read(doc)
    assert site.cli("abolish", doc, "--replaced-by", "MB0A12342/2099-00001").returncode == 2
    commit_all(site.root, "废止")
    held = dict((p, r) for p, _, r in build_site(site.conf, tmp_path / "out").held_back)
    assert "内容已修改" in held[doc]


def test_deadlines(site: SiteCopy):
    result = site.cli("deadlines")
    assert result.returncode == 0
    assert "11339900MB0B56784A/2026-00001  金丝雀丁尚未发布的草稿：应于 2026-04-30 前公开，尚未发布（待保密审查）" in result.stdout
    data = json.loads(site.cli("deadlines", "--format", "json").stdout)
    assert [d["index_no"] for d in data["overdue"]] == ["11339900MB0B56784A/2026-00001"]
