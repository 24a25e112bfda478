"""Every `disclose` command given malformed arguments: a Chinese usage message and exit 2, never a
Python traceback (issue 18 item 1). The real CLI runs in a copy of the fixture site."""

from __future__ import annotations

import re

import pytest

from tests.conftest import SiteCopy, signed_copy

DOC = "content/a/plan.md"

# (arguments, a fragment the message must contain). Dates get the same wording as a bad date
# in front matter (reader.parse_date), so staff see one message for one mistake.
CASES = [
    (["new", "--title", "甲", "--publisher", "mzj", "--category", "tzgg", "--created", "2026/11/20"],
     "日期格式应为 YYYY-MM-DD，实际为“2026/11/20”"),
    (["new", "--title", "甲", "--publisher", "mzj", "--category", "tzgg", "--created", "2026-02-30"],
     "日期“2026-02-30”不存在"),
    (["new", "--title", "  ", "--publisher", "mzj", "--category", "tzgg"], "--title"),
    (["new", "--title", "甲", "--publisher", "mzj"], "缺少必填参数"),
    (["new", "--title", "甲", "--publisher", "mzj", "--category", "tzgg", "--disclosure", "公开"], "无效的选项"),
    (["number"], "缺少必填参数"),
    (["number", "content/无此文件.md"], "路径不存在"),
    (["renumber", "content/无此文件.md"], "路径不存在"),
    (["check", "content/无此文件夹"], "路径不存在"),
    (["check", "--format", "xml"], "无效的选项"),
    (["build", "--content", "无此目录", "-o", "out"], "内容目录不存在"),
    (["build", "--bogus"], "无法识别的参数"),
    (["publish", "--content", "无此目录", "-o", "out"], "内容目录不存在"),
    (["approve", "content/无此文件.md", "--as", "reviewer"], "路径不存在"),
    (["approve", DOC], "缺少必填参数"),
    (["accept", DOC, "pii.landline", "--as", "reviewer", "--reason", "公开电话"], "规则@行号"),
    (["accept", DOC, "pii.landline@3", "--as", "reviewer", "--reason", " "], "--reason"),
    (["audit", "--format", "pdf"], "无效的选项"),
    (["search", "低保", "--year", "二〇二六"], "年度应为整数，实际为“二〇二六”"),
    (["search", "低保", "--limit", "0"], "条数应在 1 到"),
    (["search", ""], "QUERY"),
    (["search-server", "--port", "99999"], "端口应在 0 到 65535 之间"),  # 0: any free port
    (["search-server", "--threads", "0"], "并发数应在 1 到"),
    (["search", "低保", "--backend", "postgres"], "--dsn"),
    (["search-index"], "--dsn"),
    (["search-index", "--backend", "sqlite"], "无效的选项"),
    (["search-server", "--port", "http"], "端口应为整数"),
    (["import", "无此目录/"], "路径不存在"),
    (["import", "--format", "xml", "x"], "无效的选项"),
    (["abolish", DOC, "--date", "2026/12/01"], "日期格式应为 YYYY-MM-DD，实际为“2026/12/01”"),
    (["abolish", DOC, "--date", "2026-13-01"], "日期“2026-13-01”不存在"),
    (["abolish", "content/无此文件.md"], "路径不存在"),
    (["withdraw", DOC, "--reason", "误发", "--date", "12月1日"], "日期格式应为 YYYY-MM-DD，实际为“12月1日”"),
    (["withdraw", DOC, "--reason", "误发", "--date", "2026-11-31"], "日期“2026-11-31”不存在"),
    (["withdraw", DOC], "缺少必填参数"),
    (["roster", "publish"], "无效的选项"),
    (["deadlines", "--format", "xml"], "无效的选项"),
    (["report", "annual", "--year", "明年", "--publisher", "mzj"], "年度应为整数"),
    (["report", "annual", "--year", "26", "--publisher", "mzj"], "年度应在 1949 到"),
    (["report", "annual", "--year", "2026", "--publisher", "无此机构"], "未配置的发布机构“无此机构”"),
    (["report", "monthly", "--year", "2026", "--publisher", "mzj"], "无效的选项"),
    (["rules", "--all"], "无法识别的参数"),
    (["config-doc", "extra"], "无法识别的参数"),
    (["inspect", "--date", "2026/12/01"], "日期格式应为 YYYY-MM-DD，实际为“2026/12/01”"),
    (["inspect", "--days", "-1"], "天数应在 0 到"),
    (["linkcheck", "--workers", "0"], "并发数应在 1 到"),
    (["linkcheck", "-o", "无此目录"], "找不到已构建的网站"),
    (["desk", "--port", "http"], "端口应为整数"),
    (["frobnicate"], "无效的选项"),
    ([], "缺少必填参数"),
]

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteCopy:
    return signed_copy(tmp_path_factory.mktemp("args") / "site")


def test_every_command_has_a_malformed_case():
    """Commands come from the one table (cli/registry.py, filled by @command); each needs a case
    above, and the parser offers exactly the table's commands."""
    from disclose.cli import build_parser, load_commands

    table = set(load_commands())
    assert len(table) >= 20 and {"new", "check", "build", "search", "desk"} <= table  # the modules registered
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(sub.choices) == table
    missing = table - {args[0] for args, _ in CASES if args}
    assert not missing, f"commands without a malformed-argument case: {sorted(missing)}"


@pytest.mark.parametrize(("args", "fragment"), CASES, ids=[" ".join(a) or "(none)" for a, _ in CASES])
def test_malformed_arguments_exit_2_in_chinese(site: SiteCopy, args: list[str], fragment: str):
    before = site.read(DOC)
    result = site.cli(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr
    assert "用法错误" in result.stderr, result.stderr
    assert fragment in result.stderr, result.stderr
    message = result.stderr.split("用法错误：", 1)[1]
    assert re.search(r"[\u4e00-\u9fff]", message)  # the explanation itself is Chinese
    assert site.read(DOC) == before  # nothing was changed by a refused command


def test_dates_read_by_the_cli_are_used(site: SiteCopy):
    # The typed value reaches the command: the created date decides the index number's year.
    result = site.cli("new", "--title", "测试县民政局二〇二五年补登文件", "--publisher", "mzj", "--category", "tzgg",
                      "--created", "2025-12-30")
    assert result.returncode == 0, result.stderr
    assert "/2025-" in result.stdout


def test_unknown_category_and_publisher_list_ids_with_names(site: SiteCopy):
    # `new` and `check` name the choices the same way: id（名称）.
    result = site.cli("new", "--title", "甲", "--publisher", "无此机构", "--category", "通知通告")
    assert result.returncode == 1
    assert "tzgg（通知公告）" in result.stderr and "gfxwj（行政规范性文件）" in result.stderr
    assert "mzj（" in result.stderr


def test_a_settings_file_pelican_refuses_is_a_message_not_a_traceback(site: SiteCopy, tmp_path):
    conf = tmp_path / "pelicanconf.py"
    conf.write_text(site.conf.read_text(encoding="utf-8") + '\nTHEME = "无此主题"\n', encoding="utf-8")
    result = site.cli("check", settings=str(conf))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "无法使用" in result.stderr and "THEME" in result.stderr


def test_a_command_name_is_declared_once():
    from disclose.cli import load_commands
    from disclose.cli.registry import command

    load_commands()
    with pytest.raises(ValueError, match="declared twice"):
        command("check", help="另一个 check")(lambda args: 0)
