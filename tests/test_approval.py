"""Review and approval bound to content, and the publish gate (issue: 先审查、后公开)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import subprocess
from pathlib import Path

import pytest
from disclose.approval.workdays import Calendar
from disclose.build import build_site

from tests.conftest import ROOT, SiteCopy, commit_all, run_cli

NEW_DOC = """---
title: 关于做好2026年度冬季送温暖工作的通知
category: 通知公告
disclosure: 主动公开
publisher: mzj
created: 2026-05-20
---

各乡镇（街道）：请做好困难群众冬季送温暖工作。
"""


@pytest.fixture
def sample(tmp_path: Path) -> SiteCopy:
    """A clone of this repository: the real sample site with its real git history."""
    dest = tmp_path / "sample"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(dest)], check=True)
    return SiteCopy(dest)


def test_cli_flow_on_the_sample_site(sample: SiteCopy, tmp_path: Path):
    doc = "content/mzj/2026/2026-songwennuan.md"
    sample.write(doc, NEW_DOC)
    assert sample.cli("number", doc).returncode == 0
    commit_all(sample.root, "新增：冬季送温暖通知", email="writer@jiangyu.gov.cn.example")
    out = tmp_path / "out"

    result = sample.cli("publish", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"暂不发布 {doc}" in result.stderr and "待保密审查" in result.stderr

    refused = sample.cli("approve", doc, "--as", "linzhiyuan")
    assert refused.returncode == 1
    assert "当前内容还没有通过保密审查，不能领导审批" in refused.stderr

    ok = sample.cli("approve", doc, "--as", "zhouqing", "--opinion", "不涉密，同意公开。")
    assert ok.returncode == 0 and "周晴（zhouqing）" in ok.stdout and "保密审查意见为“同意”" in ok.stdout
    assert "待领导审批" in sample.cli("publish", "-o", str(out)).stderr
    assert sample.cli("approve", doc, "--as", "linzhiyuan").returncode == 0
    commit_all(sample.root, "审核记录", email="writer@jiangyu.gov.cn.example")

    published = sample.cli("publish", "-o", str(out))
    assert published.returncode == 0 and doc not in published.stderr
    page = out / "xxgk" / "MB0A12342" / "2026-00011.html"
    assert "冬季送温暖" in page.read_text()
    assert 'content="2026-06-01"' in page.read_text()  # 发布日期 from the approval (pinned today)

    sample.replace(doc, "送温暖工作。", "送温暖工作！")
    commit_all(sample.root, "修改一个字", email="writer@jiangyu.gov.cn.example")
    voided = sample.cli("publish", "-o", str(out))
    assert "保密审查后内容已修改，原保密审查失效，需重新保密审查" in voided.stderr
    assert not page.exists()


def test_author_cannot_approve_own_document(sample: SiteCopy):
    doc = "content/mzj/2026/2026-songwennuan.md"
    sample.write(doc, NEW_DOC)
    sample.cli("number", doc)
    commit_all(sample.root, "周晴起草", email="zhouqing@jiangyu.gov.cn.example")
    result = sample.cli("approve", doc, "--as", "zhouqing")
    assert result.returncode == 1
    assert "周晴是 content/mzj/2026/2026-songwennuan.md 的作者，不能审核自己的文档（四眼原则）" in result.stderr


def test_uncommitted_document_cannot_be_approved(site: SiteCopy):
    site.write("content/a/new.md", NEW_DOC.replace("publisher: mzj", "publisher: czj"))
    site.cli("number", "content/a/new.md")
    result = site.cli("approve", "content/a/new.md", "--as", "shencha")
    assert result.returncode == 1 and "尚未提交，无法从提交历史确定作者" in result.stderr


def test_unknown_person_wrong_role_and_blocking_findings(site: SiteCopy):
    site.replace("content/a/plan.md", "按季度开展低保动态复核。", "联系人手机 13812345678。")
    commit_all(site.root)
    assert "不在审核人员名册" in site.cli("approve", "content/a/plan.md", "--as", "nobody").stderr
    refused = site.cli("approve", "content/a/plan.md", "--as", "shencha")
    assert refused.returncode == 1 and "还有 1 项阻止发布的检查问题未处理：pii.mobile@19" in refused.stderr
    wrong = site.cli("accept", "content/a/plan.md", "pii.mobile@19", "--as", "lingdao", "--reason", "x")
    assert "只有保密审查员可以接受检查问题" in wrong.stderr
    nothing = site.cli("accept", "content/a/plan.md", "pii.mobile@3", "--as", "shencha", "--reason", "x")
    assert "第 3 行没有 pii.mobile 问题；本文档当前的问题：pii.mobile@19" in nothing.stderr
    ok = site.cli("accept", "content/a/plan.md", "pii.mobile@19", "--as", "shencha",
                  "--reason", "值班手机，按规定公开")
    assert ok.returncode == 0
    assert site.cli("approve", "content/a/plan.md", "--as", "shencha").returncode == 0
    report = json.loads(site.cli("check", "--format", "json").stdout)
    assert report["summary"]["block"] == 0 and report["summary"]["accepted"] == 1


def test_author_review_record_is_rejected_by_the_gate(site: SiteCopy, tmp_path: Path):
    # A hand-written record by the author (staff) for the current content does not count.
    rec = site.path("content/_review/records/MB0A12342/2026-00001.yml")
    text = rec.read_text()
    sha = text.split("sha256: ")[1].split()[0]
    rec.write_text(text.replace("acceptances: []", f"""- stage: review
  decision: 同意
  person: staff
  at: '2026-06-01T10:00:00+08:00'
  opinion: 自己审自己
  sha256: {sha}
acceptances: []"""))
    result = build_site(site.conf, tmp_path / "out")
    reasons = dict((p, r) for p, _, r in result.held_back)
    assert reasons["content/a/plan.md"] == "保密审查记录无效：撰稿人丙是本文档的作者，不能审核自己的文档"


def test_require_own_commit(site: SiteCopy, tmp_path: Path):
    site.write("pelicanconf.py", site.read("pelicanconf.py")
               + '\nDISCLOSE["approval"] = {"require_own_commit": True}\n')
    commit_all(site.root)
    result = build_site(site.conf, tmp_path / "out")
    reasons = dict((p, r) for p, _, r in result.held_back)
    assert reasons["content/a/plan.md"] == "保密审查记录无效：审核记录不是由审查员甲本人提交的"


def test_missing_git_history_holds_back(site: SiteCopy, tmp_path: Path):
    import shutil

    shutil.rmtree(site.path(".git"))
    from disclose.approval import gitinfo

    gitinfo.clear_cache()
    result = build_site(site.conf, tmp_path / "out")
    reasons = dict((p, r) for p, _, r in result.held_back)
    assert reasons["content/a/plan.md"] == "无法确定作者（不是 git 仓库，无法从提交历史确定作者），暂不发布"
    assert result.published == 0


def test_strict_publish_and_audit(site: SiteCopy, tmp_path: Path):
    strict = site.cli("publish", "-o", str(tmp_path / "out"), "--strict")
    assert strict.returncode == 1 and "严格模式：有 1 篇文档暂不发布" in strict.stderr
    audit = json.loads(site.cli("audit", "--format", "json").stdout)["documents"]
    assert len(audit) == 6
    plan = next(d for d in audit if d["index_no"] == "MB0A12342/2026-00001")
    assert plan["published"] and [d["stage"] for d in plan["decisions"]] == ["review", "approve"]
    assert plan["decisions"][0]["name"] == "审查员甲" and plan["decisions"][0]["current"]
    assert len(plan["content_sha256"]) == 64
    draft = next(d for d in audit if d["index_no"] == "11339900MB0B56784A/2026-00001")
    assert not draft["published"] and draft["state"] == "待保密审查" and draft["deadline"]["overdue"]
    csv_out = site.cli("audit", "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("索引号,信息名称,内容指纹")
    assert "审查员甲" in site.cli("audit").stdout


def test_preview_shows_unapproved_with_banner(site: SiteCopy, tmp_path: Path):
    result = site.cli("build", "--preview", "-o", str(tmp_path / "preview"))
    assert result.returncode == 0
    draft = (tmp_path / "preview/xxgk/11339900MB0B56784A/2026-00001.html").read_text()
    assert "预览（仅供工作人员核对，不会发布此页）" in draft and "待保密审查" in draft
    assert "已超过公开时限（应于 2026-04-30 前公开）" in draft


def test_leak_canaries_in_every_kind_of_held_back_document(site: SiteCopy, tmp_path: Path):
    canaries = {}

    def add(name: str, disclosure: str = "主动公开", extra: str = "") -> str:
        path = f"content/a/{name}.md"
        canary = f"金丝雀{name}"
        canaries[name] = canary
        site.write(path, NEW_DOC.replace("title: 关于做好2026年度冬季送温暖工作的通知", f"title: {canary}标题")
                   .replace("disclosure: 主动公开", f"disclosure: {disclosure}")
                   .replace("困难群众冬季送温暖工作。", f"{canary}正文。{extra}"))
        site.cli("number", path)
        return path

    add("draft")
    unapproved = add("unapproved")
    voided = add("voided")
    add("blocked", extra="联系手机 13812345678。")
    add("withheld", "不予公开")
    on_request = add("onrequest", "依申请公开")
    commit_all(site.root)
    for path in (unapproved, voided, on_request):
        assert site.cli("approve", path, "--as", "shencha").returncode == 0
    assert site.cli("approve", voided, "--as", "lingdao").returncode == 0
    assert site.cli("approve", on_request, "--as", "lingdao").returncode == 0
    site.replace(voided, "正文。", "正文！")
    commit_all(site.root)
    out = tmp_path / "out"
    result = build_site(site.conf, out)
    held = {p.rsplit("/", 1)[-1][:-3] for p, _, _ in result.held_back}
    assert {"draft", "unapproved", "voided", "blocked", "withheld"} <= held
    # Search indexes hold the bigram encoding: a leaked canary would show as its tokens.
    tokens = {name: f"雀{name[0]}" for name in canaries if name != "onrequest"} | {"onrequest": "t正"}
    assert (out / "pagefind").is_dir() and (out / "search" / "index.sqlite").is_file()
    for p in out.rglob("*"):
        if p.is_file():
            raw = p.read_bytes()
            if raw[:2] == b"\x1f\x8b":
                raw = gzip.decompress(raw)
            text = raw.decode("utf-8", errors="replace")
            for name, canary in canaries.items():
                if name == "onrequest":
                    assert f"{canary}正文" not in text, f"{name} body in {p}"
                else:
                    assert canary not in text, f"{name} in {p}"
                assert tokens[name] not in text, f"{name} (encoded) in {p}"
    assert "金丝雀onrequest标题" in (out / "mulu/fangshi/yishenqing/index.html").read_text()
    # Positive control: the published title's encoding is visible to this scan.
    pagefind_text = "".join(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                            for p in (out / "pagefind").rglob("*") if p.is_file()
                            and p.read_bytes()[:2] == b"\x1f\x8b")
    assert "t标" in pagefind_text


def test_workday_calendar_and_hand_extension():
    import chinese_calendar

    cal = Calendar(holidays=frozenset({dt.date(2027, 1, 1)}))
    # 2026-09-30 + 20 working days crosses the National Day holiday (official data).
    due, by_hand = cal.add_workdays(dt.date(2026, 9, 30), 20)
    assert due == chinese_calendar.find_workday(20, dt.date(2026, 9, 30)) and not by_hand
    assert (due - dt.date(2026, 9, 30)).days > 28
    due, by_hand = cal.add_workdays(dt.date(2026, 12, 25), 5)
    assert due == dt.date(2027, 1, 4) and by_hand  # 1 January declared by hand, weekends skipped


def test_sample_site_publishes_from_a_fresh_clone(sample: SiteCopy, tmp_path: Path):
    result = sample.cli("publish", "-o", str(tmp_path / "out"), today="2026-11-23")
    assert result.returncode == 0, result.stderr
    assert "发布 22 篇，暂不发布 2 篇" in result.stderr
    assert "待保密审查" in result.stderr
    audit = json.loads(run_cli(["audit", "--format", "json"], cwd=sample.root).stdout)["documents"]
    assert any(d["acceptances"] for d in audit)


def test_withdrawing_a_sample_document(sample: SiteCopy, tmp_path: Path):
    from tests.test_site import all_text

    doc = "content/mzj/2025/2025-yanglao-jiancha-tongzhi.md"
    assert sample.cli("withdraw", doc, "--reason", "检查范围表述有误，已另行发布").returncode == 0
    commit_all(sample.root, "撤回", email="writer@jiangyu.gov.cn.example")
    for who in ("hewen", "linzhiyuan"):
        assert sample.cli("approve", doc, "--as", who, "--opinion", "同意撤回", today="2026-11-23").returncode == 0
    out = tmp_path / "out"
    assert sample.cli("publish", "-o", str(out), today="2026-11-23").returncode == 0
    for rel, text in all_text(out).items():
        if rel != "xxgk/MB0A12342/2025-00003.html":
            assert "MB0A12342/2025-00003" not in text and "养老机构服务质量检查" not in text, rel
        assert "消防安全、食品安全和特种设备安全管理情况" not in text, rel
    notice = (out / "xxgk/MB0A12342/2025-00003.html").read_text()
    assert "此信息已撤回" in notice and "检查范围表述有误" in notice
