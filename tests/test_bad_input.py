"""Every kind of bad input gets one exact Chinese message naming file, line and field."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import SiteCopy

P = "content/a/plan.md"
OLD = "content/a/policy-old.md"
LEDGER = "content/index-numbers.ledger"
YAML_HINT = "（提示：检查冒号后是否有空格、缩进是否一致；值中含冒号或 # 时用引号括起来）"


def swap(rel: str, old: str, new: str):
    return lambda s: s.replace(rel, old, new)


def put(rel: str, text):
    return lambda s: s.write(rel, text(s) if callable(text) else text)


CASES = {
    "malformed_yaml": (
        swap(P, "keywords: 工作计划、养老", "keywords: [工作计划"),
        f"{P}:9: [meta.yaml] 字段 front_matter：YAML 格式错误：列表缺少右方括号“]”或逗号{YAML_HINT}"),
    "duplicate_yaml_key": (
        swap(P, "disclosure: 主动公开", "disclosure: 主动公开\ntitle: 重复"),
        f"{P}:6: [meta.duplicate_field] 字段 title：字段重复出现（第一次在第 2 行）（提示：删除重复的一行）"),
    "missing_field": (
        swap(P, "category: 工作计划\n", ""),
        f"{P}:1: [meta.missing] 字段 category：缺少必填字段（组配分类）（提示：在 YAML 头部添加一行 category: …）"),
    "unknown_field": (
        swap(P, "keywords:", "keyword:"),
        f"{P}:9: [meta.unknown_field] 字段 keyword：未知字段“keyword”（提示：是否应为 keywords？）"),
    "wrong_type": (
        swap(P, "title: 测试县民政局2026年工作计划", "title: [1, 2]"),
        f"{P}:2: [meta.invalid] 字段 title：应为非空文本（提示：在冒号后填写内容；含特殊字符时用引号括起来）"),
    "wrong_type_list": (
        swap(P, "keywords: 工作计划、养老", "keywords: {a: 1}"),
        f"{P}:9: [meta.invalid] 字段 keywords：应为文本列表（提示：写成 [低保, 社会救助] 或用顿号分隔）"),
    "impossible_date": (
        swap(P, "created: 2026-01-05", "created: 2026-02-30"),
        f"{P}:7: [meta.invalid] 字段 created：日期“2026-02-30”不存在（提示：检查月份和日期，例如 2 月没有 30 日）"),
    "date_format": (
        swap(P, "created: 2026-01-05", "created: 2026/1/5"),
        f"{P}:7: [meta.invalid] 字段 created：日期格式应为 YYYY-MM-DD，实际为“2026/1/5”（提示：例如 2026-03-15）"),
    "published_before_created": (
        swap(P, "published: 2026-01-09", "published: 2025-12-31"),
        f"{P}:8: [meta.dates] 字段 published：发布日期 2025-12-31 早于产生日期 2026-01-05（提示：发布日期不能早于产生日期）"),
    "unknown_category": (
        swap(P, "category: 工作计划", "category: 工作规划"),
        f"{P}:4: [meta.invalid] 字段 category：未配置的组配分类“工作规划”（提示：可用分类：zcwj（政策文件）、gfxwj（行政规范性文件）、gzjh（工作计划）、tzgg（通知公告））"),
    "unknown_publisher": (
        swap(P, "publisher: mzj", "publisher: 测试县民政厅"),
        f"{P}:6: [meta.invalid] 字段 publisher：未配置的发布机构“测试县民政厅”（提示：可用机构：mzj（测试县民政局）、czj（测试县财政局））"),
    "unknown_disclosure": (
        swap(P, "disclosure: 主动公开", "disclosure: 公开"),
        f"{P}:5: [meta.invalid] 字段 disclosure：公开方式“公开”无效（提示：只能是：主动公开、依申请公开、不予公开）"),
    "duplicate_index_no": (
        swap("content/a/request.md", "MB0A12342/2026-00003", "MB0A12342/2026-00001"),
        "content/a/request.md:3: [meta.index_no_duplicate] 字段 index_no：索引号 MB0A12342/2026-00001 与 "
        "content/a/plan.md 重复（提示：对后加入的文件运行 disclose renumber 文件路径）"),
    "not_utf8": (
        put(P, lambda s: s.read(P).encode("gbk")),
        f"{P}:2: [meta.encoding] 字段 encoding：文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码（Windows 中文版记事本、"
        f"Word 另存为文本时常见）；第一个无法解码的字节在第 2 行（提示：转换为 UTF-8 后再提交：iconv -f GB18030 -t "
        f"UTF-8 {P} -o {P}.utf8 && mv {P}.utf8 {P}，或在编辑器中“另存为 UTF-8”）"),
    "attachment_missing": (
        swap(P, "files/table.csv", "files/tabel.csv"),
        f"{P}:10: [meta.invalid] 字段 attachments：附件“files/tabel.csv”不存在（提示：检查文件名和路径（相对于本文档所在文件夹））"),
    "attachment_outside_repo": (
        swap(P, "files/table.csv", "../../../../etc/passwd"),
        f"{P}:10: [meta.invalid] 字段 attachments：附件“../../../../etc/passwd”位于仓库之外（提示：附件应放在 content/ 下、与文档相邻的文件夹中）"),
    "raw_html": (
        swap(P, "按季度开展低保动态复核。", "按季度开展<script>alert(1)</script>复核。"),
        f"{P}:19: [meta.raw_html] 字段 body：正文含有 HTML 标签或注释（可能隐藏内容或脚本）（提示：用 Markdown 语法代替 HTML；要显示尖括号请写成 \\<）"),
    "html_comment": (
        swap(P, "按季度开展低保动态复核。", "<!-- 内部备注 -->"),
        f"{P}:19: [meta.raw_html] 字段 body：正文含有 HTML 标签或注释（可能隐藏内容或脚本）（提示：用 Markdown 语法代替 HTML；要显示尖括号请写成 \\<）"),
    "link_outside_repo": (
        swap(P, "(policy-new.md)", "(../../../secret.md)"),
        f"{P}:15: [meta.link] 字段 body：链接“../../../secret.md”指向仓库之外（提示：只链接仓库内的文件或外部网址）"),
    "javascript_link": (
        swap(P, "(policy-new.md)", "(javascript:alert(1))"),
        f"{P}:15: [meta.link] 字段 body：不允许的链接“javascript:alert(1)”（提示：链接只能使用 http、https、mailto 或文档旁的文件）"),
    "link_to_withheld": (
        swap(P, "(policy-new.md)", "(withheld.md)"),
        f"{P}:15: [meta.link] 字段 body：链接的文档“withheld.md”不会公开（提示：不要链接未公开、不予公开或依申请公开的文档）"),
    "no_front_matter": (
        put(P, "标题\n正文\n"),
        f"{P}:1: [meta.front_matter] 字段 front_matter：缺少 YAML 头部：文件第一行必须是 ---（提示：用 disclose new 生成文件骨架，或参照示例文档补上头部）"),
    "unclosed_front_matter": (
        put(P, "---\ntitle: x\n正文\n"),
        f"{P}:1: [meta.front_matter] 字段 front_matter：YAML 头部没有结束：找不到第二个 --- 行（提示：在元数据之后、正文之前加一行 ---）"),
    "hand_typed_index_no": (
        swap(P, "MB0A12342/2026-00001", "MB0A12342/2026-00099"),
        f"{P}:3: [meta.index_no_unissued] 字段 index_no：索引号 MB0A12342/2026-00099 未在台账中登记（不能手工填写索引号）（提示：删除 index_no 一行后运行 disclose number 文件路径，由系统分配）"),
    "index_no_form": (
        swap(P, "MB0A12342/2026-00001", "MB0A12342-2026-1"),
        f"{P}:3: [meta.index_no] 字段 index_no：索引号“MB0A12342-2026-1”格式不符（提示：格式应如 MB0A12342/2026-00001，由 disclose new 生成）"),
    "index_no_other_org": (
        swap(P, "publisher: mzj", "publisher: czj"),
        f"{P}:3: [meta.index_no] 字段 index_no：索引号中的机构代码 MB0A12342 不是发布机构“测试县财政局”的代码 11339900MB0B56784A（提示：索引号由发布机构决定，请用 disclose renumber 重新分配）"),
    "index_no_other_year": (
        swap(P, "created: 2026-01-05", "created: 2025-12-30"),
        f"{P}:3: [meta.index_no] 字段 index_no：索引号年份 2026 与产生日期年份 2025 不一致（提示：索引号按产生日期的年份编号，请用 disclose renumber 重新分配）"),
    "ledger_duplicate_after_merge": (
        put(LEDGER, lambda s: s.read(LEDGER) + "MB0A12342/2026-00005\t2026-05-01\ta.md\n"
                                                "MB0A12342/2026-00005\t2026-05-01\tb.md\n"),
        f"{LEDGER}:9: [meta.ledger_duplicate] 字段 ledger：索引号 MB0A12342/2026-00005 在台账中登记了两次（第 8 行和第 9 行，可能来自两个分支的合并）（提示：保留先登记的一行，对另一篇文件（b.md）运行 disclose renumber 文件路径）"),
    "abolished_without_date": (
        swap(OLD, "abolished: 2026-02-01\n", ""),
        f"{OLD}:10: [meta.dates] 字段 status：有效性为“废止”时必须填写废止日期 abolished（提示：添加一行 abolished: YYYY-MM-DD，或用 disclose abolish 命令）"),
    "replacement_unknown": (
        swap(OLD, "replaced_by: MB0A12342/2026-00002", "replaced_by: MB0A12342/2026-00077"),
        f"{OLD}:12: [meta.replaced_by] 字段 replaced_by：替代文件索引号 MB0A12342/2026-00077 不存在（提示：填写替代本文件的新文件的索引号）"),
    "valid_but_abolished_date": (
        swap(P, "published: 2026-01-09", "published: 2026-01-09\nabolished: 2026-05-01"),
        f"{P}:9: [meta.dates] 字段 abolished：文件有效时不能填写废止日期或替代文件（提示：先把 status 改为 废止 或 失效）"),
    "valid_until_before_created": (
        swap(P, "published: 2026-01-09", "published: 2026-01-09\nvalid_until: 2025-12-31"),
        f"{P}:9: [meta.dates] 字段 valid_until：有效期至 2025-12-31 早于产生日期 2026-01-05"),
    "valid_until_format": (
        swap(P, "published: 2026-01-09", "published: 2026-01-09\nvalid_until: 2028年1月"),
        f"{P}:9: [meta.invalid] 字段 valid_until：日期格式应为 YYYY-MM-DD，实际为“2028年1月”（提示：例如 2026-03-15）"),
    "interprets_unknown": (
        swap(P, "published: 2026-01-09", "published: 2026-01-09\ninterprets: MB0A12342/2026-00077"),
        f"{P}:9: [meta.interprets] 字段 interprets：解读的文件索引号 MB0A12342/2026-00077 不存在（提示：填写被解读的政策文件（原文）的索引号）"),
    "interprets_withheld": (
        swap(P, "published: 2026-01-09", "published: 2026-01-09\ninterprets: MB0A12342/2026-00004"),
        f"{P}:9: [meta.interprets] 字段 interprets：解读的文件 MB0A12342/2026-00004 不予公开或已撤回，不能关联（提示：填写被解读的政策文件（原文）的索引号）"),
    "unsupported_file": (
        put("content/a/notice.docx", b"PK"),
        "content/a/notice.docx: [meta.file_type] 不支持的文件类型 .docx（提示：文档请写成 .md 文件；附件请放在名为 files 或 附件 的文件夹中）"),
}


def test_fixture_site_is_clean(site: SiteCopy):
    assert site.problems() == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_message(site: SiteCopy, case: str):
    mutate, expected = CASES[case]
    mutate(site)
    assert expected in site.problems()


def test_ledger_conflict_markers(site: SiteCopy):
    site.write(LEDGER, site.read(LEDGER) + "<<<<<<< HEAD\nMB0A12342/2026-00005\t2026-05-01\ta.md\n"
               "=======\nMB0A12342/2026-00005\t2026-05-01\tb.md\n>>>>>>> branch\n")
    problems = site.problems()
    assert problems[0].startswith(f"{LEDGER}:8: [meta.ledger_conflict] 字段 ledger：索引号台账中有未解决的 git 合并冲突")
    assert any("[meta.ledger_duplicate]" in p for p in problems)


def test_every_problem_of_a_file_is_reported_at_once(site: SiteCopy):
    site.replace(P, "category: 工作计划", "category: 无")
    site.replace(P, "publisher: mzj", "publisher: 无")
    fields = [p.split("字段 ")[1].split("：")[0] for p in site.problems()]
    assert fields[:2] == ["category", "publisher"]


@pytest.mark.parametrize("case", ["raw_html", "missing_field", "not_utf8"])
def test_cli_check_exits_1_naming_file_line_field(site: SiteCopy, case: str):
    mutate, expected = CASES[case]
    mutate(site)
    m = re.match(r"(?P<path>[^:]+):(?P<line>\d+): \[(?P<code>[^\]]+)\] 字段 (?P<field>[^：]+)：(?P<msg>.*?)（提示：", expected)
    result = site.cli("check")
    assert result.returncode == 1, result.stderr
    assert m["path"] in result.stdout
    assert f"{m['line']}:1  阻止  {m['code']}  字段 {m['field']}：{m['msg']}" in result.stdout
    report = json.loads(site.cli("check", "--format", "json").stdout)
    finding = next(f for file in report["files"] if file["path"] == m["path"] for f in file["findings"])
    assert (finding["rule"], finding["line"], finding["severity"]) == (m["code"], int(m["line"]), "block")
    assert finding["message"] == f"字段 {m['field']}：{m['msg']}"
