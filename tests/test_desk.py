"""The review desk (disclose desk): its access rules, the queue, what changed, signed decisions,
and the real browser flow from a clerk's commit to `make publish`.

Security properties are tested over HTTP against the Flask app (no token, foreign Host,
missing CSRF token, cross-origin POST, stale hash) and the real CLI process (loopback only).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from disclose.approval import gitinfo
from disclose.desk.changes import inline_diff, text_diff
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.browser import chromium
from tests.conftest import SiteCopy, clone_sample, commit_all, git
from tests.test_approval import DOC, add_doc, record_file

BASE = "http://127.0.0.1:5000"
MOBILE = "13912345678"  # a planted finding (pii.mobile, blocks); masked it reads 139****5678
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")


def desk(site: SiteCopy, person: str, port: int = 5000):  # noqa: ANN201
    """The desk app of `person` (their demo key) on `site`, its guard bound to `port`."""
    from disclose.cli.base import Site
    from disclose.desk.app import Desk, create_app
    from disclose.desk.security import Guard

    guard = Guard()
    app = create_app(Desk(Site(str(site.conf)), person, site.key(person)), guard)
    guard.bind(app, port)
    return app, guard


def logged_in(app, guard):  # noqa: ANN001, ANN201
    client = app.test_client()
    r = client.get(f"/?token={guard.token}", base_url=BASE)
    assert r.status_code == 302 and r.headers["Location"] == "/"
    return client


def form_values(html: str, form_id: str | None = None) -> dict[str, str]:
    if form_id:
        html = html.split(f'id="{form_id}"', 1)[1]
    return {"csrf": re.search(r'name="csrf" value="([^"]+)"', html).group(1),
            "sha": re.search(r'name="sha" value="([0-9a-f]{64})"', html).group(1)}


# --- access ---------------------------------------------------------------------------------

def test_no_token_wrong_token_and_a_spent_token_are_refused(site: SiteCopy):
    app, guard = desk(site, "shencha")
    stranger = app.test_client()
    r = stranger.get("/", base_url=BASE)
    assert r.status_code == 403 and "security.token" in r.text and "拒绝访问" in r.text
    assert stranger.get(f"/doc/{DOC}", base_url=BASE).status_code == 403
    assert stranger.get("/preview/index.html", base_url=BASE).status_code == 403
    assert stranger.get("/?token=" + guard.token[:-1] + "x", base_url=BASE).status_code == 403
    client = logged_in(app, guard)
    assert client.get("/", base_url=BASE).status_code == 200
    again = app.test_client().get(f"/?token={guard.token}", base_url=BASE)  # one-time
    assert again.status_code == 403 and "已使用" in again.text
    assert client.get(f"/?token={guard.token}", base_url=BASE).status_code == 302  # same browser: fine
    cookie = client.get_cookie("desk-5000", domain="127.0.0.1")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Strict"
    r = client.get("/", base_url=BASE)
    assert r.headers["Cache-Control"] == "no-store" and r.headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'self'" in r.headers["Content-Security-Policy"]


def test_foreign_host_is_refused_even_with_the_session(site: SiteCopy):
    """DNS rebinding: evil.example resolving to 127.0.0.1 sends its own name as Host."""
    app, guard = desk(site, "shencha")
    r = app.test_client().get(f"/?token={guard.token}", base_url=BASE, headers={"Host": "evil.example:5000"})
    assert r.status_code == 403 and not guard.spent  # a foreign page does not even spend the token
    client = logged_in(app, guard)
    for host in ("evil.example:5000", "evil.example", "127.0.0.1:5001", "127.0.0.1.evil.example:5000"):
        r = client.get("/", base_url=BASE, headers={"Host": host})
        assert r.status_code == 403 and "security.host" in r.text, host
    assert client.get("/", base_url=BASE).status_code == 200


def test_posts_need_the_csrf_token_and_the_same_origin(site: SiteCopy):
    add_doc(site)
    app, guard = desk(site, "shencha")
    client = logged_in(app, guard)
    page = client.get(f"/doc/{DOC}", base_url=BASE)
    assert page.status_code == 200
    values = form_values(page.text, "approve-form")
    record = record_file(site)
    before = record.read_bytes() if record.exists() else None

    def post(data: dict[str, str], headers: dict[str, str] | None = None):  # noqa: ANN202
        return client.post(f"/doc/{DOC}", base_url=BASE, data={"action": "approve", **data}, headers=headers or {})

    r = post({"sha": values["sha"]})
    assert r.status_code == 403 and "security.csrf" in r.text
    r = post({"sha": values["sha"], "csrf": "forged"})
    assert r.status_code == 403 and "security.csrf" in r.text
    r = post(values, {"Origin": "http://evil.example"})
    assert r.status_code == 403 and "security.origin" in r.text
    r = post(values, {"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403 and "security.origin" in r.text
    other = app.test_client()  # the right token from a page, without the session: still refused
    assert other.post(f"/doc/{DOC}", base_url=BASE, data={"action": "approve", **values}).status_code == 403
    assert (record.read_bytes() if record.exists() else None) == before
    ok = post(values, {"Origin": BASE})
    assert ok.status_code == 200 and "待领导审批" in ok.text


def test_a_form_for_an_older_version_is_refused(site: SiteCopy):
    add_doc(site)
    app, guard = desk(site, "shencha")
    client = logged_in(app, guard)
    values = form_values(client.get(f"/doc/{DOC}", base_url=BASE).text, "approve-form")
    site.replace(DOC, "送温暖工作。", "送温暖工作。打开页面之后改的一句。")
    commit_all(site.root, "修改")
    r = client.post(f"/doc/{DOC}", base_url=BASE, data={"action": "approve", **values})
    assert r.status_code == 409 and "desk.stale" in r.text and "文档在您打开页面后已修改" in r.text
    assert not record_file(site).exists()
    fresh = form_values(r.text, "approve-form")  # the page shown again carries the new version
    assert fresh["sha"] != values["sha"]
    assert client.post(f"/doc/{DOC}", base_url=BASE, data={"action": "approve", **fresh}).status_code == 200


def test_the_desk_listens_on_loopback_only_by_default(site: SiteCopy):
    refused = site.cli("desk", "--key", site.key("shencha"), "--host", "0.0.0.0", "--port", "0")
    assert refused.returncode == 1 and "desk.host" in refused.stderr
    env = {**os.environ, "DISCLOSE_TODAY": "2026-06-01"}
    proc = subprocess.Popen([sys.executable, "-m", "disclose", "-s", str(site.conf), "desk", "--key",
                             site.key("shencha"), "--port", "0"], cwd=site.root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        first = proc.stdout.readline() + proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=\S+", first)
        assert m and "审查员甲" in first, first
        port = int(m.group(1))
        # The kernel's own table: the listening socket is bound to 127.0.0.1 (0100007F), nothing else.
        listening = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                     + Path("/proc/net/tcp6").read_text().splitlines()[1:]]
        ours = [f[1] for f in listening if f[3] == "0A" and int(f[1].rsplit(":", 1)[1], 16) == port]
        assert ours == [f"0100007F:{port:04X}"]
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        for address in _non_loopback_addresses():
            with pytest.raises(OSError):
                socket.create_connection((address, port), timeout=2).close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _non_loopback_addresses() -> list[str]:
    out = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    return [a for a in out if ":" not in a and not a.startswith("127.")]


def test_the_person_is_the_one_whose_key_signs(site: SiteCopy):
    from disclose.approval.roster import Roster
    from disclose.desk.cli import identify

    roster = Roster.load(site.path("content/_review/roster.yml"), "roster")
    assert identify(roster, site.key("lingdao")) == "lingdao"
    assert identify(roster, site.key("shencha")) == "shencha"


# --- queue, decisions, changes ------------------------------------------------------------------

def test_queue_reject_and_my_documents(site: SiteCopy):
    add_doc(site)
    reviewer, rguard = desk(site, "shencha")
    client = logged_in(reviewer, rguard)
    queue = client.get("/", base_url=BASE).text
    assert "关于做好2026年度冬季送温暖工作的通知" in queue.split('id="queue"')[1].split("</table>")[0]
    approver, aguard = desk(site, "lingdao", 5000)
    assert "目前没有等待您办理的文档" in logged_in(approver, aguard).get("/", base_url=BASE).text

    values = form_values(client.get(f"/doc/{DOC}", base_url=BASE).text, "reject-form")
    r = client.post(f"/doc/{DOC}", base_url=BASE, data={"action": "reject", "opinion": "  ", **values})
    assert r.status_code == 400 and "退回时必须" in r.text and not record_file(site).exists()
    r = client.post(f"/doc/{DOC}", base_url=BASE, data={"action": "reject", "opinion": "请补充发文日期。", **values})
    assert r.status_code == 200 and "保密审查退回" in r.text and "请补充发文日期。" in r.text
    log = git(site.root, "log", "-1", "--format=%s")
    assert "审查员甲保密审查退回" in log and "MB0A12342/2026-00005" in log
    assert git(site.root, "show", "--name-only", "--format=", "HEAD").split() == [
        record_file(site).relative_to(site.root).as_posix()]
    after = client.get("/", base_url=BASE).text.split('id="queue-title"')[1].split('id="mine-title"')[0]
    assert "金丝雀丁尚未发布的草稿" in after and "冬季送温暖" not in after  # back with the clerk

    clerk, cguard = desk(site, "staff")  # the author, by commit signature
    mine = logged_in(clerk, cguard).get("/", base_url=BASE).text
    row = mine.split('id="mine"')[1].split("</table>")[0]
    assert "保密审查退回" in row and "请补充发文日期。" in row
    assert "关于做好2026年度冬季送温暖工作的通知" not in mine.split('id="mine-title"')[0]  # not in staff's queue


def test_decisions_are_signed_statements_and_signed_commits_that_publish(site: SiteCopy, tmp_path: Path):
    from disclose.build import build_site

    add_doc(site, body=f"经办人手机：{MOBILE}。")
    reviewer, rguard = desk(site, "shencha")
    client = logged_in(reviewer, rguard)
    page = client.get(f"/doc/{DOC}", base_url=BASE).text
    findings = page.split('id="findings"')[1].split("</table>")[0]
    assert "139****5678" in findings and MOBILE not in findings and "pii.mobile" in findings
    assert 'id="new-doc"' in page
    values = form_values(page, "approve-form")
    r = client.post(f"/doc/{DOC}", base_url=BASE, data={"action": "approve", **values})
    assert r.status_code == 400 and "阻止发布的检查问题未处理" in r.text
    line = re.search(r'name="finding" value="pii\.mobile@(\d+)"', page).group(1)
    r = client.post(f"/doc/{DOC}", base_url=BASE, data={"action": "accept", "finding": f"pii.mobile@{line}",
                                                          "opinion": "单位公开的值班手机", **values})
    assert r.status_code == 200, r.text
    r = client.post(f"/doc/{DOC}", base_url=BASE, data={"action": "approve", **values})
    assert r.status_code == 200 and "待领导审批" in r.text
    approver, aguard = desk(site, "lingdao")
    aclient = logged_in(approver, aguard)
    page = aclient.get(f"/doc/{DOC}", base_url=BASE).text
    r = aclient.post(f"/doc/{DOC}", base_url=BASE, data={"action": "approve", **form_values(page, "approve-form")})
    assert r.status_code == 200 and "审批完成" in r.text

    # The same statements the CLI makes: the audit verifies each signature; each commit is signed
    # by the person who decided (git's SSH signature, verified against the roster).
    audit = site.cli("audit", "--format", "json")
    assert audit.returncode == 0
    assert audit.stdout.count('"signature": "有效"') >= 3
    gitinfo.clear_cache()
    corpus = site.corpus()
    history = corpus.history
    heads = git(site.root, "log", "-3", "--format=%H").split()
    assert [history.signer(c).person for c in heads] == ["lingdao", "shencha", "shencha"]
    out = tmp_path / "out"
    result = build_site(site.conf, out)
    assert DOC not in {p for p, _, _ in result.held_back}
    # The accepted finding is published as written: the acceptance, not the desk, let it through.
    assert MOBILE in (out / "xxgk/MB0A12342/2026-00005.html").read_text()


def test_text_diff_marks_character_runs_not_lines():
    old = "第一条 本办法适用于全县。\n第二条 申请人应当提交身份证明和户口簿。\n第三条 本办法自发布之日起施行。"
    new = "第一条 本办法适用于全县。\n第二条 申请人应当提交身份证明、户口簿和收入证明。\n第三条 本办法自发布之日起施行。"
    lines = text_diff(old, new)
    changed = [line for line in lines if line.changed]
    assert len(changed) == 1
    segs = changed[0].segments
    assert ("insert", "、") in segs and ("delete", "和") in segs and ("insert", "和收入证明") in segs
    assert segs[0] == ("equal", "第二条 申请人应当提交身份证明")
    assert inline_diff("Version 2.1 of the form", "Version 2.2 of the form") == [
        ("equal", "Version "), ("delete", "2.1"), ("insert", "2.2"), ("equal", " of the form")]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="一二三四五六七八九十人民政府通知，。、ab1\n ", max_size=60),
       st.text(alphabet="一二三四五六七八九十人民政府通知，。、ab1\n ", max_size=60))
def test_diff_reproduces_both_texts(old: str, new: str):
    """Oracle: the equal and deleted parts spell the old text, the equal and inserted ones the
    new text: the lines of the new text (all but the removed ones) spell it line by line."""
    segs = inline_diff(old, new)
    assert "".join(t for op, t in segs if op != "insert") == old
    assert "".join(t for op, t in segs if op != "delete") == new
    lines = text_diff(old, new)
    if not any(line.skipped for line in lines):
        assert "\n".join("".join(t for op, t in line.segments if op != "delete")
                         for line in lines if not line.removed) == "\n".join(new.splitlines())


# --- the real browser flow --------------------------------------------------------------------

@contextmanager
def serving(app, guard) -> Iterator[str]:  # noqa: ANN001
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    guard.bind(app, server.server_port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield guard.url()
    finally:
        server.shutdown()
        server.server_close()


def axe_violations(driver) -> list:  # noqa: ANN001
    driver.execute_script(AXE)
    result = driver.execute_async_script("""
        const done = arguments[0];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
          .then(r => done(r.violations.map(v => [v.id, v.impact, v.nodes.length])));
    """)
    return [v for v in result if v[1] in ("serious", "critical")]


def shoot(driver, name: str) -> None:  # noqa: ANN001
    """With DESK_SCREENSHOTS=folder, save the page as docs/screenshots/desk-NAME.png would be."""
    folder = os.environ.get("DESK_SCREENSHOTS")
    if folder:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1200, min(max(height, 800), 2400))
        driver.save_screenshot(str(Path(folder) / f"desk-{name}.png"))
        driver.set_window_size(1200, 1000)


def then_wait(driver, act) -> None:  # noqa: ANN001
    """Do `act` (a click, ENTER) and wait until the browser has loaded the next page."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    act()
    # ChromeDriver may answer a probe of the old element with "unhandled inspector error" while
    # the page is being replaced (seen once in CI): that is not the answer, so ask again.
    wait = WebDriverWait(driver, 120, ignored_exceptions=(WebDriverException,))
    wait.until(ec.staleness_of(old))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def tab_to(driver, predicate, limit: int = 80):  # noqa: ANN001, ANN201
    """Press TAB until the focused element satisfies predicate (keyboard only)."""
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        el = driver.switch_to.active_element
        if predicate(el):
            return el
    raise AssertionError("never reached with TAB")


NOTICE = """---
title: 关于做好2026年度冬季送温暖工作的通知
category: 通知公告
disclosure: 主动公开
publisher: mzj
created: 2026-11-02
---

各乡镇（街道）：请做好困难群众冬季送温暖工作。

经办人手机：13912345678。

请于十二月十日前报送工作总结。
"""


def test_browser_flow_from_commit_to_make_publish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    today = "2026-11-23"
    monkeypatch.setenv("DISCLOSE_TODAY", today)
    clone = tmp_path / "sample"
    sample = clone_sample(clone)
    git(clone, "config", "user.name", "desk-test")
    git(clone, "config", "user.email", "desk-test@jiangyu.gov.cn.example")
    sample.sign_git("wangli")  # the clerk writes and commits, signed
    doc = "content/mzj/2026/2026-songwennuan.md"
    sample.write(doc, NOTICE)
    assert sample.cli("number", doc, today=today).returncode == 0
    commit_all(clone, "新增：冬季送温暖通知")
    page_url = "xxgk/MB0A12342/2026-00011.html"
    title = "关于做好2026年度冬季送温暖工作的通知"

    reviewer, rguard = desk(sample, "zhouqing")
    approver, aguard = desk(sample, "linzhiyuan")
    with serving(reviewer, rguard) as rurl, serving(approver, aguard) as aurl, chromium() as driver:
        rbase, abase = rurl.split("/?")[0], aurl.split("/?")[0]
        driver.get(f"{rbase}/")
        assert "security.token" in driver.find_element(By.TAG_NAME, "body").text  # no token: 403

        # Reviewer: queue with the token, the document, the masked finding.
        driver.get(rurl)
        assert driver.current_url == f"{rbase}/"  # the token left the address bar
        queue = driver.find_element(By.ID, "queue")
        assert title in queue.text and "待保密审查" in queue.text
        assert axe_violations(driver) == []
        shoot(driver, "queue")
        then_wait(driver, queue.find_element(By.LINK_TEXT, title).click)
        findings = driver.find_element(By.ID, "findings").text
        assert "139****5678" in findings and MOBILE not in findings and "pii.mobile" in findings
        assert driver.find_element(By.ID, "new-doc").is_displayed()
        frame = driver.find_element(By.ID, "preview")
        driver.switch_to.frame(frame)
        assert title in driver.find_element(By.TAG_NAME, "h1").text  # the page as the site renders it
        driver.switch_to.default_content()
        assert axe_violations(driver) == []
        then_wait(driver, driver.find_element(By.ID, "reject").click)  # 退回 without an opinion
        assert "退回时必须" in driver.find_element(By.ID, "desk-error").text
        driver.find_element(By.CSS_SELECTOR, "form.accept input[type=text]").send_keys("单位公开的值班手机")
        then_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.accept button").click)
        assert "接受" in driver.find_element(By.ID, "result").text
        then_wait(driver, driver.find_element(By.LINK_TEXT, "返回文档").click)
        then_wait(driver, driver.find_element(By.ID, "approve").click)
        assert "待领导审批" in driver.find_element(By.ID, "next").text

        # Approver, keyboard only: TAB to the document in her queue, ENTER, TAB to 同意, ENTER.
        driver.get(aurl)
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        assert driver.switch_to.active_element.text == "跳到正文"
        link = tab_to(driver, lambda el: el.text == title)
        then_wait(driver, lambda: link.send_keys(Keys.ENTER))
        assert driver.find_element(By.TAG_NAME, "h1").text == title
        button = tab_to(driver, lambda el: el.get_attribute("id") == "approve")
        then_wait(driver, lambda: button.send_keys(Keys.ENTER))
        assert "审批完成" in driver.find_element(By.ID, "next").text

        # The clerk changes one sentence and commits; the reviewer sees exactly that lit up.
        sample.replace(doc, "请于十二月十日前报送工作总结。", "请于十二月五日前报送工作总结和照片。")
        commit_all(clone, "修改报送时间")
        driver.get(f"{rbase}/")
        assert title in driver.find_element(By.ID, "queue").text
        then_wait(driver, driver.find_element(By.LINK_TEXT, title).click)
        diff = driver.find_element(By.ID, "text-diff")
        inserted = [e.text for e in diff.find_elements(By.TAG_NAME, "ins")]
        deleted = [e.text for e in diff.find_elements(By.TAG_NAME, "del")]
        assert inserted == ["五", "和照片"] and deleted == ["十"]
        assert "请于十二月" in diff.text and "报送工作总结" in diff.text
        shoot(driver, "document")
        driver.find_element(By.CSS_SELECTOR, "form.accept input[type=text]").send_keys("单位公开的值班手机")
        then_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.accept button").click)
        then_wait(driver, driver.find_element(By.LINK_TEXT, "返回文档").click)
        driver.find_element(By.ID, "approve-opinion").send_keys("不涉密，同意公开。")
        then_wait(driver, driver.find_element(By.ID, "approve").click)
        assert "待领导审批" in driver.find_element(By.ID, "next").text
        shoot(driver, "result")
        driver.get(f"{abase}/")
        then_wait(driver, driver.find_element(By.LINK_TEXT, title).click)
        then_wait(driver, driver.find_element(By.ID, "approve").click)
        assert "审批完成" in driver.find_element(By.ID, "next").text

    # `make publish` puts the approved edit online.
    bin_dir = Path(sys.executable).parent
    out = tmp_path / "out"
    r = subprocess.run(["make", "-o", "install", "publish", f"BIN={bin_dir}", f"OUTPUT={out}"], cwd=clone,
                       capture_output=True, text=True, timeout=600, env={**os.environ, "DISCLOSE_TODAY": today})
    assert r.returncode == 0, r.stderr
    assert f"暂不发布 {doc}" not in r.stderr
    assert "请于十二月五日前报送工作总结和照片。" in (out / page_url).read_text(encoding="utf-8")


def test_changes_name_fields_and_attachments_against_the_approved_version(site: SiteCopy):
    plan = "content/a/plan.md"
    site.replace(plan, "title: 测试县民政局2026年工作计划", "title: 测试县民政局2026年度工作计划（修订）")
    site.replace(plan, "    title: 附件：任务分解表\n", "    title: 附件：任务分解表\n  - path: files/contacts.csv\n"
                 "    title: 附件：联系表\n")
    site.write("content/a/files/contacts.csv", "单位,电话\n县民政局,0571-12345678\n")
    table = site.path("content/a/files/table.csv")
    table.write_text(table.read_text(encoding="utf-8") + f"联系人手机,{MOBILE}\n", encoding="utf-8")
    commit_all(site.root, "修订工作计划")
    app, guard = desk(site, "shencha")
    page = logged_in(app, guard).get(f"/doc/{plan}", base_url=BASE).text
    assert 'id="new-doc"' not in page
    fields = re.sub(r"<[^>]+>", "|", page.split('id="field-changes"')[1].split("</table>")[0])
    assert "信息名称||测试县民政局2026年工作计划||测试县民政局2026年度工作计划（修订）" in re.sub(r"\|+", "||", fields)
    assert "发布日期" not in fields and "主题词" not in fields  # unchanged fields are not listed
    assert "正文没有改动" in page
    rows = page.split('id="attachment-changes"')[1].split("</table>")[0].split("<tr>")
    table_row = next(r for r in rows if "files/table.csv" in r)
    new_row = next(r for r in rows if "files/contacts.csv" in r)
    assert "已修改" in table_row and "pii.mobile" in table_row and "139****5678" in table_row
    assert MOBILE not in table_row
    assert "新增" in new_row


def test_a_changed_dataset_shows_its_data_file_as_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DISCLOSE_TODAY", "2026-11-23")
    clone = tmp_path / "sample"
    sample = clone_sample(clone)
    sample.sign_git("wangli")
    sample.replace("data/rsj-2026-jiuye-yuedu.csv", "2026年1月,612,", "2026年1月,613,")
    commit_all(clone, "更正1月新增就业人数")
    app, guard = desk(sample, "zhouqing")
    client = logged_in(app, guard)
    queue = client.get("/", base_url=BASE).text.split('id="queue"')[1].split("</table>")[0]
    row = next(r for r in queue.split("<tr>") if "2026年1—10月全市城镇就业主要指标（月度）" in r)
    assert "数据集" in row and "待保密审查" in row
    page = client.get("/doc/data/rsj-2026-jiuye-yuedu.yml", base_url=BASE).text
    assert 'id="new-doc"' not in page
    rows = page.split('id="attachment-changes"')[1].split("</table>")[0].split("<tr>")
    row = next(r for r in rows if "data/rsj-2026-jiuye-yuedu.csv" in r)
    assert "数据文件" in row and "已修改" in row
