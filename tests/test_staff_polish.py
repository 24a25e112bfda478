"""What staff and reviewers see day to day (issue 18 items 2-7): the preview's dates, one overdue
rule everywhere, duplicate index numbers blamed on the copy, a full-width colon reported on its line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import SiteCopy, commit_all, run_cli_in_process

DRAFT = "11339900MB0B56784A/2026-00001"    # 主动公开, created 2026-04-01, waiting: overdue on 2026-06-01
WITHHELD = "MB0A12342/2026-00004"          # 不予公开: never published, so never overdue


def _page(out: Path, index_no: str) -> str:
    return (out / "xxgk" / f"{index_no}.html").read_text(encoding="utf-8")


def test_preview_says_not_yet_published_instead_of_none(site: SiteCopy, tmp_path: Path):
    out = tmp_path / "preview"
    assert site.cli("build", "--preview", "-o", str(out)).returncode == 0
    page = _page(out, DRAFT)
    assert "金丝雀丁尚未发布的草稿" in page
    row = re.search(r"<th scope=\"row\">发布日期</th>\s*<td>(.*?)</td>", page).group(1)
    assert row == "尚未发布"
    assert 'name="PubDate"' not in page
    for path in out.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert ">None<" not in text and '"None"' not in text, path


def _imported(site: SiteCopy) -> None:
    """A page imported from the old site: created and published in 2025, waiting for review here."""
    result = site.cli("new", "--title", "测试县民政局2025年春节慰问活动的通知", "--publisher", "mzj",
                      "--category", "tzgg", "--created", "2025-01-06", "--path", "content/a/imported.md")
    assert result.returncode == 0, result.stderr
    site.replace("content/a/imported.md", "# published: 发布日期，发布时填写（YYYY-MM-DD）", "published: 2025-01-08")


def _late(site: SiteCopy) -> str:
    """A document created in March and withdrawn before it was ever published."""
    result = site.cli("new", "--title", "测试县民政局误建的通知", "--publisher", "mzj", "--category", "tzgg",
                      "--created", "2026-03-02", "--path", "content/a/late.md")
    assert result.returncode == 0, result.stderr
    assert site.cli("withdraw", "content/a/late.md", "--reason", "重复建立").returncode == 0
    return re.search(r"index_no: (\S+)", site.read("content/a/late.md")).group(1)


def test_one_overdue_rule_for_preview_audit_deadlines_and_build(site: SiteCopy, tmp_path: Path):
    _imported(site)
    withdrawn = _late(site)
    commit_all(site.root, "补登")
    imported = re.search(r"index_no: (\S+)", site.read("content/a/imported.md")).group(1)

    audit = {r["index_no"]: r["deadline"]["overdue"]
             for r in json.loads(site.cli("audit", "--format", "json").stdout)["documents"]}
    late = [r["index_no"] for r in json.loads(site.cli("deadlines", "--format", "json").stdout)["overdue"]]
    out = tmp_path / "preview"
    built = site.cli("build", "--preview", "-o", str(out))
    assert built.returncode == 0, built.stderr
    notes = [line for line in built.stderr.splitlines() if "超过公开时限" in line]
    banner = {n: "已超过公开时限" in _page(out, n) for n in (DRAFT, WITHHELD, imported)}

    # The truth: only the waiting 主动公开 draft (due 2026-04-30, still unpublished on 2026-06-01).
    assert late == [DRAFT]
    assert [n for n, overdue in audit.items() if overdue] == [DRAFT]
    assert len(notes) == 1 and DRAFT in notes[0]
    assert banner == {DRAFT: True, WITHHELD: False, imported: False}
    assert not audit[WITHHELD] and not audit[withdrawn] and not audit[imported]
    text = site.cli("deadlines").stdout
    assert "1 篇超过" in text and WITHHELD not in text and withdrawn not in text


def test_duplicate_index_number_is_blamed_on_the_copy(site: SiteCopy):
    # Staff start a new notice by copying a published one and forget to renumber it.
    site.write("content/a/plan-copy.md", site.read("content/a/plan.md").replace("2026年工作计划", "2026年工作计划（草稿）"))
    site.write("content/index-numbers.ledger",
               site.read("content/index-numbers.ledger").replace("tests/fixtures/site/", ""))
    new = site.cli("check", "content/a/plan-copy.md")
    assert new.returncode == 1
    assert "meta.index_no_duplicate" in new.stdout and "与 content/a/plan.md 重复" in new.stdout
    old = site.cli("check", "content/a/plan.md")
    assert "meta.index_no_duplicate" not in old.stdout, old.stdout


def test_duplicate_without_ledger_path_blames_the_later_document(site: SiteCopy):
    # The fixture's ledger records paths from another root: the earlier created document keeps it.
    text = site.read("content/a/plan.md").replace("created: 2026-01-05", "created: 2026-05-20")
    site.write("content/a/0-early-name.md", text.replace("published: 2026-01-09", "published: 2026-05-21"))
    new = site.cli("check", "content/a/0-early-name.md")
    assert new.returncode == 1 and "与 content/a/plan.md 重复" in new.stdout
    assert "meta.index_no_duplicate" not in site.cli("check", "content/a/plan.md").stdout


def test_full_width_colon_is_reported_on_its_line_without_spurious_warnings(site: SiteCopy):
    result = site.cli("new", "--title", "测试县民政局通知", "--publisher", "mzj", "--category", "tzgg",
                      "--created", "2026-05-20", "--path", "content/a/colon.md")
    assert result.returncode == 0, result.stderr
    lines = site.read("content/a/colon.md").split("\n")
    assert lines[1].startswith("title: ")
    lines[1] = lines[1].replace("title: ", "title：", 1)
    site.write("content/a/colon.md", "\n".join(lines))
    report = json.loads(site.cli("check", "--format", "json", "content/a/colon.md").stdout)
    findings = next(f for f in report["files"] if f["path"] == "content/a/colon.md")["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("meta.yaml", 2)]
    assert "全角冒号" in findings[0]["message"]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_preview_server(folder: Path, port: int):
    import os
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "disclose.site.preview_server", "--port", str(port), str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())


def test_preview_server_chinese_404_and_busy_port(tmp_path: Path):
    import urllib.error
    import urllib.request

    folder = tmp_path / "preview"
    folder.mkdir()
    (folder / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    port = _free_port()
    server = _start_preview_server(folder, port)
    try:
        assert "预览地址" in server.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        assert "首页" in urllib.request.urlopen(f"{base}/").read().decode()
        try:
            urllib.request.urlopen(f"{base}/missing.html")
            raise AssertionError("a missing page must be 404")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
            body = exc.read().decode("utf-8")
            assert "页面不存在" in body and 'lang="zh-CN"' in body and "Not Found" not in body
        (folder / "404.html").write_text("<h1>本站的找不到页面</h1>", encoding="utf-8")
        try:
            urllib.request.urlopen(f"{base}/another.html")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404 and "本站的找不到页面" in exc.read().decode("utf-8")

        # A second server on the same port: a clear Chinese message with the fix, exit 2.
        busy = _start_preview_server(folder, port)
        _, err = busy.communicate(timeout=30)
        assert busy.returncode == 2
        assert f"端口 {port} 已被占用" in err and f"PORT={port + 1}" in err and "Traceback" not in err
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_makefile_and_readme_use_the_preview_server():
    from tests.conftest import ROOT

    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "disclose.site.preview_server --port $(PORT)" in make and "http.server" not in make
    assert "PORT=8001" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_example_path_is_the_next_free_number(tmp_path: Path):
    # README step 1 runs `disclose new` and step 3 checks the file it makes: that must be the
    # file the command really creates in the sample site (a taken number would mislead newcomers).
    import shutil

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"disclose new (--title .*?)\n\s*```", readme, re.S).group(1)
    args = re.findall(r'"([^"]*)"|(\S+)', command.replace("\\\n", " "))
    argv = [a or b for a, b in args]
    promised = re.search(r"disclose check (content/\S+\.md)", readme).group(1)
    site = tmp_path / "sample"
    site.mkdir()
    for name in ("pelicanconf.py", "content", "data"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, site / name)
    (site / "theme").symlink_to(ROOT / "theme")
    result = run_cli_in_process(["new", *argv], cwd=site)
    assert result.returncode == 0, result.stderr
    assert (site / promised).is_file(), (promised, result.stdout)


def test_review_report_time_is_china_time(site: SiteCopy, tmp_path: Path):
    report = tmp_path / "审查报告.html"
    site.cli("check", "--html", str(report))
    assert "生成时间：2026-06-01 09:00（UTC+8）" in report.read_text(encoding="utf-8")  # DISCLOSE_TODAY pins 09:00 CST
