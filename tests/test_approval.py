"""Approvals nobody can forge: signed decisions, authors from commit signatures, a roster and
policy pinned by the administrator key, and the last approved version staying live.

Each attack is written as a committer with write access would try it, with a canary string
in the document: the canary must reach no published file, and the message must say why.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from disclose.approval import records, sshsig, statements
from disclose.approval.workdays import Calendar
from disclose.build import build_site

from tests.conftest import ROOT, SiteCopy, clone_sample, commit_all, git, key, run_cli, sign_policy

CANARY = "鹦鹉螺金丝雀"  # its bigram 螺金 (searched for) also shows in the search indexes
DOC = "content/a/songwennuan.md"
NEW_DOC = """---
title: 关于做好2026年度冬季送温暖工作的通知
category: 通知公告
disclosure: 主动公开
publisher: mzj
created: 2026-05-20
---

各乡镇（街道）：请做好困难群众冬季送温暖工作。
"""


def leaks(out: Path, needle: str = "螺金") -> list[str]:
    """Every output file holding the needle: pages, feeds, sitemap, data.json, downloads,
    unpacked XLSX, decompressed Pagefind files and the SQLite index (raw bytes)."""
    hits = []
    for p in out.rglob("*") if out.exists() else ():
        if not p.is_file():
            continue
        raw = p.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        if raw[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                raw = b"".join(z.read(n) for n in z.namelist())
        if needle.encode() in raw:
            hits.append(p.relative_to(out).as_posix())
    return hits


def held(result) -> dict[str, str]:  # noqa: ANN001
    return {p: r for p, _, r in result.held_back}


def add_doc(site: SiteCopy, body: str = CANARY, path: str = DOC) -> str:
    site.write(path, NEW_DOC.replace("送温暖工作。", f"送温暖工作。{body}"))
    assert site.cli("number", path).returncode == 0
    commit_all(site.root, "新增通知")
    return path


def approve_both(site: SiteCopy, path: str = DOC) -> None:
    for person in ("shencha", "lingdao"):
        r = site.approve(path, person)
        assert r.returncode == 0, r.stderr
    commit_all(site.root, "审核记录")


def record_file(site: SiteCopy, path: str = DOC) -> Path:
    index = site.read(path).split("index_no: ", 1)[1].split("\n", 1)[0]
    return site.path(f"content/_review/records/{index}.yml")


def sha_of(site: SiteCopy, path: str = DOC) -> str:
    return site.corpus().entry(path).sha


def unsigned_commit(site: SiteCopy, message: str, *extra: str) -> None:
    git(site.root, "add", "-A")
    git(site.root, "-c", "commit.gpgsign=false", "commit", "-q", "-m", message, *extra)


def build(site: SiteCopy, tmp_path: Path):  # noqa: ANN201
    return build_site(site.conf, tmp_path / "out")


# --- the genuine flow ------------------------------------------------------------------------

def test_genuine_flow_publishes_and_the_approved_version_stays_live(site: SiteCopy, tmp_path: Path):
    add_doc(site)
    out = tmp_path / "out"
    assert "待保密审查" in held(build_site(site.conf, out))[DOC]
    refused = site.approve(DOC, "lingdao")
    assert refused.returncode == 1 and "当前内容还没有通过保密审查，不能领导审批" in refused.stderr
    ok = site.approve(DOC, "shencha", "--opinion", "不涉密，同意公开。")
    assert ok.returncode == 0 and "审查员甲（shencha）" in ok.stdout and "已用本人密钥签名" in ok.stdout
    assert site.approve(DOC, "lingdao").returncode == 0
    commit_all(site.root, "审核记录")
    assert DOC not in held(build_site(site.conf, out))
    page = out / "xxgk" / "MB0A12342" / "2026-00005.html"
    approved = page.read_bytes()
    assert CANARY in approved.decode() and 'content="2026-06-01"' in approved.decode()

    # An edit waits for review; the approved bytes stay online (not a 404), nothing of the edit leaks.
    site.replace(DOC, "送温暖工作。", "送温暖工作。新增内容句号")
    commit_all(site.root, "修改")
    result = build_site(site.conf, out)
    assert "保密审查后内容已修改" in held(result)[DOC] and "网站继续显示" in held(result)[DOC]
    assert page.read_bytes() == approved
    assert leaks(out, "新增内容句号") == []
    assert not site.cli("deadlines", "--format", "json").stdout.count("2026-00005")  # never overdue again
    preview = site.cli("build", "--preview", "-o", str(tmp_path / "preview"))
    assert preview.returncode == 0
    assert "新增内容句号" in (tmp_path / "preview/xxgk/MB0A12342/2026-00005.html").read_text()

    approve_both(site)
    build_site(site.conf, out)
    assert "新增内容句号" in page.read_text()


def test_readme_flow_on_a_clean_clone_of_the_sample(tmp_path: Path):
    """Clerk writes and commits (signed), reviewer and approver sign, the site publishes."""
    sample = clone_sample(tmp_path / "sample")
    sample.sign_git("wangli")
    doc = "content/mzj/2026/2026-songwennuan.md"
    sample.write(doc, NEW_DOC.replace("送温暖工作。", f"送温暖工作。{CANARY}"))
    assert sample.cli("number", doc).returncode == 0
    commit_all(sample.root, "新增：冬季送温暖通知")
    anchor = str(ROOT / "content/_review/demo-keys/演示-信任锚.pub")
    out = tmp_path / "out"
    first = sample.cli("publish", "-o", str(out), "--trust", anchor, today="2026-11-23")
    assert first.returncode == 0, first.stderr
    assert f"暂不发布 {doc}" in first.stderr and leaks(out) == []
    assert "王丽是" in sample.approve(doc, "wangli", today="2026-11-23").stderr  # a clerk, and the author
    for who in ("zhouqing", "linzhiyuan"):
        r = sample.approve(doc, who, today="2026-11-23")
        assert r.returncode == 0, r.stderr
    commit_all(sample.root, "审核记录")
    done = sample.cli("publish", "-o", str(out), "--trust", anchor, today="2026-11-23")
    assert done.returncode == 0 and f"暂不发布 {doc}" not in done.stderr
    assert any(CANARY in (out / p).read_text() for p in ("xxgk/MB0A12342/2026-00011.html",)), done.stderr


# --- the five attacks of the issue and the strict-mode bypasses --------------------------------

def test_attack_hand_written_records(site: SiteCopy, tmp_path: Path):
    add_doc(site)
    sha = sha_of(site)
    index = record_file(site).stem
    record_file(site).parent.mkdir(parents=True, exist_ok=True)
    record_file(site).write_text(f"""index_no: MB0A12342/{index}
decisions:
- {{stage: review, decision: 同意, person: shencha, at: '2026-06-01T09:00:00+08:00', opinion: 同意, sha256: {sha}}}
- {{stage: approve, decision: 同意, person: lingdao, at: '2026-06-01T09:00:00+08:00', opinion: 同意, sha256: {sha}}}
""", encoding="utf-8")
    unsigned_commit(site, "审核记录", "--author=审查员甲 <shencha@ceshi.example>")
    result = build(site, tmp_path)
    assert held(result)[DOC] == "保密审查记录无效：没有签名（只有 disclose approve / accept / withdraw / abolish 可以写入审核记录）"
    assert leaks(tmp_path / "out") == []


@pytest.mark.parametrize("signed", [True, False])
def test_attack_appended_text_with_rewritten_hashes(site: SiteCopy, tmp_path: Path, signed: bool):
    add_doc(site, body="")
    approve_both(site)
    old = sha_of(site)
    site.replace(DOC, "送温暖工作。", f"送温暖工作。{CANARY}")
    new = sha_of(site)
    record_file(site).write_text(record_file(site).read_text().replace(old, new))
    (commit_all(site.root, "改") if signed else unsigned_commit(site, "改"))
    result = build(site, tmp_path)
    reason = held(result)[DOC]
    if signed:
        assert "保密审查记录无效：审查员甲的签名无效：签名与内容不符" in reason
    else:
        assert reason.startswith("无法确定作者（提交 ") and "没有签名" in reason
    assert leaks(tmp_path / "out") == []


def test_attack_claimed_author_does_not_defeat_four_eyes(site: SiteCopy, tmp_path: Path):
    # The reviewer writes a document and commits it under her colleague's name, signed with her key.
    site.sign_git("shencha")
    site.write(DOC, NEW_DOC.replace("送温暖工作。", f"送温暖工作。{CANARY}"))
    site.cli("number", DOC)
    git(site.root, "add", "-A")
    git(site.root, "commit", "-q", "-m", "起草", "--author=撰稿人丙 <staff@ceshi.example>")
    refused = site.approve(DOC, "shencha")
    assert refused.returncode == 1 and "审查员甲是 content/a/songwennuan.md 的作者" in refused.stderr
    # The same without her signature: the author is unknown and nobody can approve.
    site.replace(DOC, "送温暖工作。", "送温暖工作！")
    unsigned_commit(site, "改", "--author=撰稿人丙 <staff@ceshi.example>")
    unknown = site.approve(DOC, "lingdao")
    assert unknown.returncode == 1 and "没有签名，作者不明" in unknown.stderr
    assert "没有签名，作者不明" in held(build(site, tmp_path))[DOC]
    assert leaks(tmp_path / "out") == []


def test_attack_adding_oneself_to_the_roster_stops_the_publish(site: SiteCopy, tmp_path: Path):
    add_doc(site)
    attacker = tmp_path / "xiaowang"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(attacker)], check=True)
    site.write("content/_review/roster.yml", site.read("content/_review/roster.yml") + f"""  - id: xiaowang
    name: 小王
    roles: [reviewer, approver]
    keys: [{attacker.with_suffix(".pub").read_text().strip()}]
""")
    sha, index = sha_of(site), site.corpus().entry(DOC).doc.index_no
    rec = records.Records(index)
    for stage in ("review", "approve"):
        d = records.Decision(stage, "同意", "xiaowang", "2026-06-01T09:00:00+08:00", "同意", sha)
        rec.decisions.append(replace(d, signature=sshsig.sign(statements.decision_bytes(index, d),
                                                              statements.NAMESPACE, str(attacker))))
    records.save(site.path("content/_review/records"), rec)
    commit_all(site.root, "加人")
    out = tmp_path / "out"
    result = site.cli("publish", "-o", str(out))
    assert result.returncode == 2
    assert "审核人员名册在管理员签名后被改动过" in result.stderr and "disclose roster sign" in result.stderr
    assert "content/_review/policy.yml" in result.stderr and not out.exists()


def test_attack_changing_the_stages_stops_the_publish(site: SiteCopy, tmp_path: Path):
    site.write("pelicanconf.py", site.read("pelicanconf.py") + '\nDISCLOSE["approval"] = {"stages": ["review"]}\n')
    commit_all(site.root, "只要审查")
    result = site.cli("publish", "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "审核环节配置（DISCLOSE.approval.stages）与管理员签名的 review,approve 不符" in result.stderr
    # A new administrator signature makes the policy count again (the fixture's admin demo key).
    sign_policy(site.root)
    assert site.cli("publish", "-o", str(tmp_path / "out")).returncode == 0


def test_attack_author_approves_as_colleagues(site: SiteCopy, tmp_path: Path):
    add_doc(site)
    refused = site.cli("approve", DOC, "--as", "shencha", "--key", key("staff"))
    assert refused.returncode == 1 and "无法以审查员甲的身份签名" in refused.stderr
    # Signing statements in the colleagues' names with her own key does not count either.
    sha, index = sha_of(site), site.corpus().entry(DOC).doc.index_no
    rec = records.Records(index)
    for stage, person in (("review", "shencha"), ("approve", "lingdao")):
        d = records.Decision(stage, "同意", person, "2026-06-01T09:00:00+08:00", "同意", sha)
        rec.decisions.append(replace(d, signature=sshsig.sign(statements.decision_bytes(index, d),
                                                              statements.NAMESPACE, key("staff"))))
    records.save(site.path("content/_review/records"), rec)
    commit_all(site.root, "审核记录")
    reason = held(build(site, tmp_path))[DOC]
    assert reason.startswith("保密审查记录无效：审查员甲的签名无效：签名密钥 SHA256:") and "不是登记的密钥" in reason
    assert leaks(tmp_path / "out") == []


def test_no_trust_anchor_refuses_to_publish(site: SiteCopy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("DISCLOSE_TRUST")
    # A real process: the exit status of the console script itself when the anchor is missing.
    result = run_cli(["-s", str(site.conf), "publish", "-o", str(tmp_path / "out")], cwd=site.root)
    assert result.returncode == 2 and "没有信任锚" in result.stderr and not (tmp_path / "out").exists()
    wrong = tmp_path / "wrong.pub"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(wrong.with_suffix(""))], check=True)
    result = site.cli("publish", "-o", str(tmp_path / "out"), "--trust", str(wrong))
    assert result.returncode == 2 and "管理员签名无效" in result.stderr
    # The staff preview needs no keys.
    assert site.cli("build", "--preview", "-o", str(tmp_path / "p")).returncode == 0


# --- replay, role, revocation, tampering --------------------------------------------------------

def _statement(site: SiteCopy, person: str, stage: str, index: str, sha: str, signer: str | None = None,
               at: str = "2026-06-01T09:00:00+08:00") -> records.Decision:
    d = records.Decision(stage, "同意", person, at, "同意", sha)
    return replace(d, signature=sshsig.sign(statements.decision_bytes(index, d), statements.NAMESPACE,
                                            key(signer or person)))


def test_replay_to_another_document_or_stage(site: SiteCopy, tmp_path: Path):
    # Genuine approvals of the fixture's plan (MB0A12342/2026-00001) copied to a new document.
    add_doc(site)
    sha, index = sha_of(site), site.corpus().entry(DOC).doc.index_no
    plan = records.load(site.path("content/_review/records"), "MB0A12342/2026-00001", "r")[0]
    replayed = records.Records(index, [replace(d, sha256=sha) for d in plan.decisions])
    records.save(site.path("content/_review/records"), replayed)
    commit_all(site.root, "复制")
    assert "签名与内容不符" in held(build(site, tmp_path))[DOC]
    # Same document, the review statement presented as the approval (another stage).
    review = _statement(site, "shencha", "review", index, sha)
    records.save(site.path("content/_review/records"), records.Records(index, [
        review, replace(review, stage="approve", person="lingdao")]))
    commit_all(site.root, "换环节")
    assert "领导审批记录无效：分管领导乙的签名无效" in held(build(site, tmp_path))[DOC]
    assert leaks(tmp_path / "out") == []


def test_role_mismatch(site: SiteCopy, tmp_path: Path):
    add_doc(site)
    sha, index = sha_of(site), site.corpus().entry(DOC).doc.index_no
    records.save(site.path("content/_review/records"), records.Records(index, [
        _statement(site, "shencha", "review", index, sha), _statement(site, "shencha", "approve", index, sha)]))
    commit_all(site.root, "审查员审批")
    assert held(build(site, tmp_path))[DOC] == \
        "领导审批记录无效：审查员甲的角色（保密审查员）不能办理领导审批，需要分管领导"
    assert leaks(tmp_path / "out") == []


def test_revoked_key(site: SiteCopy, tmp_path: Path):
    add_doc(site)
    approve_both(site)
    roster = site.read("content/_review/roster.yml")
    pub = Path(key("lingdao") + ".pub").read_text().split()[1]
    line = next(x for x in roster.splitlines() if pub in x)
    site.write("content/_review/roster.yml", roster.replace(line, line + "\n        revoked: 2026-01-01"))
    sign_policy(site.root)
    reason = held(build(site, tmp_path))[DOC]
    assert reason.startswith("领导审批记录无效：分管领导乙的密钥 SHA256:") and "已于 2026-01-01 吊销" in reason
    assert leaks(tmp_path / "out") == []


@pytest.mark.parametrize("field,old,new", [("opinion", "opinion: 同意公开", "opinion: 同意公开！"),
                                           ("time", "T09:00:00+08:00", "T08:00:00+08:00")])
def test_tampered_opinion_or_time(site: SiteCopy, tmp_path: Path, field: str, old: str, new: str):
    add_doc(site)
    approve_both(site)
    text = record_file(site).read_text()
    assert old in text
    record_file(site).write_text(text.replace(old, new))
    commit_all(site.root, "改记录")
    assert "签名与内容不符" in held(build(site, tmp_path))[DOC]
    assert leaks(tmp_path / "out") == []


def test_unsigned_change_after_the_baseline_holds_back_and_names_the_commit(site: SiteCopy, tmp_path: Path):
    site.replace("content/a/plan.md", "按季度开展低保动态复核。", f"按季度开展低保动态复核。{CANARY}")
    unsigned_commit(site, "未签名的修改")
    commit = git(site.root, "rev-parse", "HEAD").strip()[:10]
    reason = held(build(site, tmp_path))["content/a/plan.md"]
    assert f"提交 {commit} 没有签名" in reason and "网站继续显示" in reason  # the approved plan stays
    assert leaks(tmp_path / "out") == []
    assert "按季度开展低保动态复核" in (tmp_path / "out/xxgk/MB0A12342/2026-00001.html").read_text()


# --- everyday rules kept from before ------------------------------------------------------------

def test_uncommitted_document_cannot_be_approved(site: SiteCopy):
    site.write("content/a/new.md", NEW_DOC.replace("publisher: mzj", "publisher: czj"))
    site.cli("number", "content/a/new.md")
    result = site.approve("content/a/new.md", "shencha")
    assert result.returncode == 1 and "尚未提交，无法从提交历史确定作者" in result.stderr


def test_unknown_person_wrong_role_and_blocking_findings(site: SiteCopy):
    site.replace("content/a/plan.md", "按季度开展低保动态复核。", "联系人手机 13812345678。")
    commit_all(site.root)
    nobody = site.cli("approve", "content/a/plan.md", "--as", "nobody")
    assert "“nobody”不在审核人员名册" in nobody.stderr and "shencha（审查员甲）" in nobody.stderr
    refused = site.approve("content/a/plan.md", "shencha")
    assert refused.returncode == 1 and "还有 1 项阻止发布的检查问题未处理：pii.mobile@19" in refused.stderr
    wrong = site.cli("accept", "content/a/plan.md", "pii.mobile@19", "--as", "lingdao", "--key", key("lingdao"),
                     "--reason", "x")
    assert "只有保密审查员可以接受检查问题" in wrong.stderr
    nothing = site.cli("accept", "content/a/plan.md", "pii.mobile@3", "--as", "shencha", "--key", key("shencha"),
                       "--reason", "x")
    assert "第 3 行没有 pii.mobile 问题；本文档当前的问题：pii.mobile@19" in nothing.stderr
    ok = site.cli("accept", "content/a/plan.md", "pii.mobile@19", "--as", "审查员甲", "--key", key("shencha"),
                  "--reason", "值班手机，按规定公开")
    assert ok.returncode == 0, ok.stderr  # the roster name works as well as the id
    assert site.approve("content/a/plan.md", "shencha").returncode == 0
    report = json.loads(site.cli("check", "--format", "json").stdout)
    assert report["summary"]["block"] == 0 and report["summary"]["accepted"] == 1


def test_missing_git_history_holds_back(site: SiteCopy, tmp_path: Path):
    import shutil

    shutil.rmtree(site.path(".git"))
    from disclose.approval import gitinfo

    gitinfo.clear_cache()
    result = build_site(site.conf, tmp_path / "out")
    assert held(result)["content/a/plan.md"] == "无法确定作者（不是 git 仓库，无法从提交历史确定作者），暂不发布"
    assert result.published == 0


def test_strict_publish_and_audit(site: SiteCopy, tmp_path: Path):
    strict = site.cli("publish", "-o", str(tmp_path / "out"), "--strict")
    assert strict.returncode == 1 and "严格模式：有 1 篇文档暂不发布" in strict.stderr
    audit = json.loads(site.cli("audit", "--format", "json").stdout)["documents"]
    assert len(audit) == 6
    plan = next(d for d in audit if d["index_no"] == "MB0A12342/2026-00001")
    assert plan["published"] and [d["stage"] for d in plan["decisions"]] == ["review", "approve"]
    assert plan["decisions"][0]["name"] == "审查员甲" and plan["decisions"][0]["current"]
    assert [d["signature"] for d in plan["decisions"]] == ["有效", "有效"]
    assert plan["authors"] == ["撰稿人丙"] and plan["authors_known"]
    assert len(plan["content_sha256"]) == 64
    draft = next(d for d in audit if d["index_no"] == "11339900MB0B56784A/2026-00001")
    assert not draft["published"] and draft["state"] == "待保密审查" and draft["deadline"]["overdue"]
    csv_out = site.cli("audit", "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("索引号,信息名称,内容指纹")
    assert "审查员甲" in site.cli("audit").stdout


def test_chinese_file_names_can_be_approved(site: SiteCopy, tmp_path: Path):
    path = "content/a/冬季 送温暖（通知）.md"
    add_doc(site, path=path)
    approve_both(site, path)
    result = build(site, tmp_path)
    assert path not in held(result)
    assert CANARY in (tmp_path / "out/xxgk/MB0A12342/2026-00005.html").read_text()


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
    for path in (unapproved, on_request):
        assert site.approve(path, "shencha").returncode == 0
    assert site.approve(on_request, "lingdao").returncode == 0
    assert site.approve(voided, "shencha").returncode == 0  # only reviewed, then changed
    site.replace(voided, "正文。", "正文！")
    commit_all(site.root)
    out = tmp_path / "out"
    result = build_site(site.conf, out)
    held_names = {p.rsplit("/", 1)[-1][:-3] for p, _, _ in result.held_back}
    assert {"draft", "unapproved", "voided", "blocked", "withheld"} <= held_names
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


# --- the sample site ----------------------------------------------------------------------------

@pytest.fixture
def sample(tmp_path: Path) -> SiteCopy:
    """A clone of this repository: the real sample site with its real git history."""
    copy = clone_sample(tmp_path / "sample")
    copy.sign_git("wangli")
    return copy


def test_sample_site_publishes_from_a_fresh_clone(sample: SiteCopy, tmp_path: Path):
    result = sample.cli("publish", "-o", str(tmp_path / "out"), today="2026-11-23")
    assert result.returncode == 0, result.stderr
    assert "发布 22 篇，暂不发布 2 篇" in result.stderr
    assert "待保密审查" in result.stderr
    audit = json.loads(sample.cli("audit", "--format", "json").stdout)["documents"]
    assert any(d["acceptances"] for d in audit)
    assert all(x["signature"] == "有效" for d in audit for x in d["decisions"] + d["acceptances"])


def test_withdrawing_a_sample_document(sample: SiteCopy, tmp_path: Path):
    from tests.conftest import all_text

    doc = "content/mzj/2025/2025-yanglao-jiancha-tongzhi.md"
    w = sample.cli("withdraw", doc, "--reason", "检查范围表述有误，已另行发布", "--as", "linzhiyuan",
                   "--key", sample.key("linzhiyuan"), today="2026-11-23")
    assert w.returncode == 0 and "已记录林志远签名的撤回决定" in w.stdout, w.stderr
    commit_all(sample.root, "撤回")
    out = tmp_path / "out"
    assert sample.cli("publish", "-o", str(out), today="2026-11-23").returncode == 0
    assert not (out / "xxgk/MB0A12342/2025-00003.html").exists()  # off at once; the notice waits
    for who in ("hewen", "linzhiyuan"):
        assert sample.approve(doc, who, "--opinion", "同意撤回", today="2026-11-23").returncode == 0
    assert sample.cli("publish", "-o", str(out), today="2026-11-23").returncode == 0
    for rel, text in all_text(out).items():
        if rel != "xxgk/MB0A12342/2025-00003.html":
            assert "MB0A12342/2025-00003" not in text and "养老机构服务质量检查" not in text, rel
        assert "消防安全、食品安全和特种设备安全管理情况" not in text, rel
    notice = (out / "xxgk/MB0A12342/2025-00003.html").read_text()
    assert "此信息已撤回" in notice and "检查范围表述有误" in notice
    audit = json.loads(sample.cli("audit", "--format", "json").stdout)["documents"]
    stages = [d["stage"] for d in next(x for x in audit if x["index_no"] == "MB0A12342/2025-00003")["decisions"]]
    assert "withdraw" in stages

