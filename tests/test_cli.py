"""The real `disclose` command: exit codes, index numbers from the ledger, JSON output."""

from __future__ import annotations

import json

from tests.conftest import ROOT, SiteCopy, run_cli, run_cli_in_process

LEDGER = "content/index-numbers.ledger"


def test_check_sample_site_exits_0():
    result = run_cli_in_process(["check"], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "阻止发布 0 项" in result.stdout


def test_usage_error_exits_2_in_chinese(site: SiteCopy):
    result = site.cli("check", "--format", "xml")
    assert result.returncode == 2
    assert "用法错误" in result.stderr and "无效的选项" in result.stderr
    assert run_cli(["frobnicate"], cwd=site.root).returncode == 2  # `python -m disclose`: the exit status


def test_check_json(site: SiteCopy):
    site.replace("content/a/plan.md", "category: 工作计划", "category: 无此分类")
    result = site.cli("check", "--format", "json", "content/a")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    plan = next(f for f in report["files"] if f["path"] == "content/a/plan.md")
    assert plan["findings"][0]["rule"] == "meta.invalid"
    assert plan["findings"][0]["line"] == 4
    assert plan["findings"][0]["severity"] == "block"
    assert report["summary"]["block"] == 1


def test_check_limits_to_given_paths(site: SiteCopy):
    site.replace("content/a/plan.md", "category: 工作计划", "category: 无此分类")
    assert site.cli("check", "content/pages").returncode == 0
    assert site.cli("check", "content/a/plan.md").returncode == 1


def test_new_issues_next_number_and_records_it(site: SiteCopy):
    result = site.cli("new", "--title", "测试县民政局关于开展冬季救助的通知", "--publisher", "mzj",
                      "--category", "通知公告", "--created", "2026-05-20")
    assert result.returncode == 0, result.stderr
    assert "MB0A12342/2026-00005" in result.stdout
    doc = site.path("content/mzj/2026/2026-00005.md")
    assert "index_no: MB0A12342/2026-00005" in doc.read_text()
    assert "MB0A12342/2026-00005\t" in site.read(LEDGER)
    # The skeleton passes the check (no published date yet: held back, not an error).
    assert site.cli("check").returncode == 0


def test_numbers_are_never_reused_after_deletion(site: SiteCopy):
    site.cli("new", "--title", "甲", "--publisher", "czj", "--category", "tzgg",
             "--created", "2026-05-01")
    first = site.path("content/czj/2026/2026-00002.md")
    assert first.exists()
    first.unlink()
    result = site.cli("new", "--title", "乙", "--publisher", "czj", "--category", "tzgg",
                      "--created", "2026-05-02")
    assert "11339900MB0B56784A/2026-00003" in result.stdout


def test_number_and_renumber(site: SiteCopy):
    site.write("content/a/extra.md", "---\ntitle: 补充通知\ncategory: 通知公告\ndisclosure: 主动公开\n"
               "publisher: mzj\ncreated: 2025-06-01\n---\n\n正文。\n")
    missing = site.cli("check")
    assert missing.returncode == 1 and "字段 index_no：缺少必填字段" in missing.stdout
    result = site.cli("number", "content/a/extra.md")
    assert result.returncode == 0 and "MB0A12342/2025-00002" in result.stdout
    assert site.cli("check").returncode == 0
    again = site.cli("number", "content/a/extra.md")
    assert again.returncode == 1 and "已有索引号" in again.stderr
    renumbered = site.cli("renumber", "content/a/extra.md")
    assert "MB0A12342/2025-00003" in renumbered.stdout
    ledger = site.read(LEDGER)
    assert "MB0A12342/2025-00002\t" in ledger and "MB0A12342/2025-00003\t" in ledger


def test_new_with_unknown_publisher(site: SiteCopy):
    result = site.cli("new", "--title", "x", "--publisher", "nope", "--category", "tzgg")
    assert result.returncode == 1
    assert "未配置的发布机构“nope”" in result.stderr


def test_build_command_reports_held_back(site: SiteCopy, tmp_path):
    result = site.cli("build", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "发布 4 篇，暂不发布 2 篇" in result.stderr
    assert "content/a/withheld.md（MB0A12342/2026-00004）：不予公开" in result.stderr


def test_build_command_fails_closed(site: SiteCopy, tmp_path):
    site.replace("content/a/plan.md", "publisher: mzj", "publisher: 无")
    result = site.cli("build", "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "构建已停止，未发布任何内容" in result.stderr
    assert "content/a/plan.md:6: [meta.invalid] 字段 publisher" in result.stderr
    assert not (tmp_path / "out").exists()


def test_help_texts_are_chinese():
    result = run_cli_in_process(["-h"], cwd=ROOT)
    assert result.returncode == 0
    for cmd in ("new", "number", "renumber", "check", "build", "publish", "rules", "config-doc"):
        assert cmd in result.stdout
    assert "新建文档骨架" in result.stdout


def test_rules_lists_every_rule():
    from disclose.review.registry import default_registry

    result = run_cli_in_process(["rules"], cwd=ROOT)
    assert result.returncode == 0
    for rule_id in default_registry().ids():
        assert rule_id in result.stdout


def test_config_doc_lists_every_option():
    from disclose import config

    result = run_cli_in_process(["config-doc"], cwd=ROOT)
    for name, _, help_text in config.describe():
        assert f"{name}\t" in result.stdout and help_text in result.stdout


def test_in_process_runner_matches_a_real_process(site: SiteCopy):
    """The tests' in-process runner (cli.main(argv)) gives what `python -m disclose` gives: exit
    status, stdout (rich tables included) and stderr, for success, findings and a usage error."""
    site.replace("content/a/plan.md", "category: 工作计划", "category: 无此分类")
    for argv in (["check"], ["check", "--format", "json", "content/a"], ["check", "--format", "xml"],
                 ["rules"], ["number", "content/无此文件.md"]):
        inner, outer = site.cli(*argv), site.cli_process(*argv)
        assert (inner.returncode, inner.stdout, inner.stderr) == (outer.returncode, outer.stdout, outer.stderr), argv


def test_in_process_build_matches_a_real_process(site: SiteCopy, tmp_path):
    """Builds run in the test's process too (Pelican in-process, as build_site always runs): same
    exit status, summary and held-back lines on stderr, and Pelican's own line on stdout, as
    `python -m disclose` — only the seconds taken differ."""
    import re

    def seconds(text: str) -> str:
        return re.sub(r"(用时 |in )[\d.]+( 秒| seconds)", r"\1N\2", text)

    def both(*argv: str) -> tuple[int, str, str]:
        inner = site.cli(*argv, "-o", str(tmp_path / "inner"))
        outer = site.cli_process(*argv, "-o", str(tmp_path / "outer"))
        assert inner.returncode == outer.returncode, argv
        assert seconds(inner.stdout) == seconds(outer.stdout).replace("outer", "inner"), argv
        assert seconds(inner.stderr) == seconds(outer.stderr).replace("outer", "inner"), argv
        return inner.returncode, inner.stdout, inner.stderr

    code, out, err = both("build")
    assert code == 0 and "Done: Processed" in out and "构建完成" in err and "  暂不发布 " in err
    assert both("build", "--preview")[2].startswith("预览构建完成")
    assert both("publish", "--strict")[0] == 1
    assert both("build", "--content", "无此目录")[0] == 2
    site.replace("content/a/plan.md", "category: 工作计划", "category: 无此分类")
    code, _, err = both("publish")
    assert code == 1 and "构建已停止" in err and "未配置的组配分类“无此分类”" in err


def test_clone_of_the_sample_is_the_working_tree_with_its_history(tmp_path):
    """clone_sample: the repository's history (approvals need it) and the working tree's files,
    committed or not (oracle: git's own list of the working tree and the files' bytes)."""
    import subprocess

    from tests.conftest import clone_sample

    clone = clone_sample(tmp_path / "clone").root
    head = ["git", "rev-parse", "HEAD"]
    assert subprocess.run(head, cwd=clone, capture_output=True, text=True).stdout == \
        subprocess.run(head, cwd=ROOT, capture_output=True, text=True).stdout
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True).stdout.split("\0")
    for rel in filter(None, listed):
        if (ROOT / rel).is_file() and not (ROOT / rel).is_symlink():
            assert (clone / rel).read_bytes() == (ROOT / rel).read_bytes(), rel
    assert (clone / "tests/conftest.py").read_text(encoding="utf-8") == \
        (ROOT / "tests/conftest.py").read_text(encoding="utf-8")
