"""Issue 13, one inventory per document: its source, attachments, the files its body links or
embeds, and its data files. That one list is hashed (approval covers every byte), author-checked
(four-eyes), checked for confidentiality, copied to the output, and nothing else is copied.

Each attack is written as a committer with write access would try it against an approved,
published document of a signed fixture copy, and carries a canary: the canary reaches no file
of the output (pages, feeds, sitemap, downloads, unpacked XLSX, decompressed Pagefind files,
SQLite), and the refusal names the file, the rule id and the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from disclose import inventory
from disclose.build import build_site
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SiteCopy, commit_all, git
from tests.inert_oracle import files_holding
from tests.test_attachments import ID
from tests.test_inert import SVG_OK, WRITER, approve, doc, number

DOC = "content/a/fubiao.md"
BODY = "详见[附表](files/biao.txt)。\n\n![示意图](files/tu.svg)\n"
FIRST = "附表第一版：项目,金额\n"
WITHHELD_CANARY = "金丝雀丙"  # the body of content/a/withheld.md, a 不予公开 document of the fixture


def published_site(site: SiteCopy, tmp_path: Path, body: str = BODY, **fields: str) -> Path:
    """An approved document linking files/biao.txt and files/tu.svg, built into tmp_path/out."""
    site.write("content/a/files/biao.txt", FIRST)
    site.write("content/a/files/tu.svg", SVG_OK)
    site.write(DOC, doc(title="关于附表的通知", body=body, **fields))
    number(site, DOC)
    commit_all(site.root, "新增附表通知", email=WRITER)
    approve(site, DOC)
    out = tmp_path / "out"
    result = site.cli("build", "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def leaks(out: Path, canary: str) -> list[str]:
    """Output files holding the canary as stored (gzip, XLSX and SQLite unpacked), or holding its
    search-index form (the indexes store bigrams: the one after 雀 stands for the canary)."""
    found = files_holding(out, canary)
    if "雀" in canary and len(canary) > canary.index("雀") + 1:
        found += files_holding(out, canary[canary.index("雀"):][:2])
    return found


def published_copy(out: Path, name: str) -> Path:
    found = [p for p in (out / "files").rglob(name)]
    assert len(found) == 1, found
    return found[0]


def snapshot(out: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}


def refused_build(site: SiteCopy, out: Path) -> str:
    """Build again into `out`: the build must stop and leave the previous output as it was."""
    before = snapshot(out)
    result = site.cli("build", "-o", str(out))
    text = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in text, text
    assert snapshot(out) == before
    return text


# --- Why 1: linked files are approved, author-checked and checked like attachments ------------

def test_linked_file_changed_after_approval_is_not_published(site: SiteCopy, tmp_path: Path):
    out = published_site(site, tmp_path)
    assert published_copy(out, "biao.txt").read_text() == FIRST  # positive control: it is published
    site.write("content/a/files/biao.txt", "金丝雀附表：改过的内容\n")
    commit_all(site.root, "只改附表", email=WRITER)
    result = build_site(site.conf, out)
    held = {path: reason for path, _, reason in result.held_back}
    assert "网站继续显示" in held[DOC] and "批准的版本" in held[DOC], held
    assert leaks(out, "金丝雀附表") == []
    # The last approved version stays live, byte for byte (DESIGN.md section 4).
    assert published_copy(out, "biao.txt").read_text() == FIRST
    assert (out / "xxgk/MB0A12342/2026-00005.html").is_file()


def test_approval_is_void_once_a_linked_file_changes(site: SiteCopy, tmp_path: Path):
    published_site(site, tmp_path)
    before = inventory_of(site, DOC)
    assert [i.kind for i in before.items] == ["source", "linked", "linked"]
    assert site.corpus().entry(DOC).state.name == "PUBLISH"
    site.write("content/a/files/tu.svg", SVG_OK.replace("#1f5fa8", "#a81f1f"))  # a different picture
    commit_all(site.root, "改图", email=WRITER)
    after = inventory_of(site, DOC)
    assert after.paths() == before.paths()
    entry = site.corpus().entry(DOC)
    assert entry is not None and entry.state.name == "LIVE_APPROVED", entry.reason


def inventory_of(site: SiteCopy, path: str) -> inventory.Inventory:
    entry = site.corpus().entry(path)
    assert entry is not None and entry.inventory is not None
    return entry.inventory


def test_svg_given_a_script_after_approval_is_refused(site: SiteCopy, tmp_path: Path):
    out = published_site(site, tmp_path)
    site.write("content/a/files/tu.svg", SVG_OK.replace("</svg>", "<script>alert('金丝雀脚本')</script></svg>"))
    commit_all(site.root, "图里加脚本", email=WRITER)
    text = refused_build(site, out)
    assert f"{DOC}:" in text and "[meta.active_file]" in text and "tu.svg" in text and "可执行脚本" in text
    assert leaks(out, "金丝雀脚本") == []


def test_linked_file_is_checked_like_an_attachment(site: SiteCopy, tmp_path: Path):
    site.write("content/a/files/mingdan.csv", f"姓名,身份证号,手机\n张三,{ID},13812345678\n")
    site.write(DOC, doc(title="关于名单的公示", body="名单见[附表](files/mingdan.csv)。"))
    number(site, DOC)
    commit_all(site.root, "名单", email=WRITER)
    check = site.cli("check")
    assert check.returncode == 1
    # Located in the linked file, like an attachment's findings.
    assert "mingdan.csv!B2 1:1  阻止  pii.id_card" in check.stdout, check.stdout
    assert "mingdan.csv!C2 1:1  阻止  pii.mobile" in check.stdout, check.stdout
    refused = site.approve(DOC, "shencha")  # the reviewer cannot sign it off
    assert refused.returncode == 1 and "pii.id_card" in refused.stderr, refused.stderr
    out = tmp_path / "out"
    result = build_site(site.conf, out)
    assert DOC in {p for p, _, _ in result.held_back}
    assert leaks(out, ID) == [] and leaks(out, "13812345678") == []


def test_author_of_a_linked_file_may_not_approve_it(site: SiteCopy, tmp_path: Path):
    published_site(site, tmp_path)
    site.sign_git("shencha")  # the reviewer herself changes only the linked file
    site.write("content/a/files/biao.txt", "金丝雀审查员改的附表\n")
    commit_all(site.root, "改附表")
    refused = site.approve(DOC, "shencha")
    assert refused.returncode == 1 and f"审查员甲是 {DOC} 的作者" in refused.stderr, refused.stderr


# --- Why 2: symlinks are refused, copying never follows a link ---------------------------------

SYMLINKS = {
    # the source of a 不予公开 document, in place of an approved linked file
    "withheld_source": ("content/a/files/biao.txt", "../withheld.md", WITHHELD_CANARY),
    # raw, unsuppressed statistics under data/
    "raw_data": ("content/a/files/biao.txt", "../../../data/raw.csv", "金丝雀原始数据"),
    # a folder on the way: resolve-then-compare would accept it (it stays inside content/a)
    "folder": ("content/a/files", "../secret", "金丝雀文件夹"),
}


@pytest.mark.parametrize("case", sorted(SYMLINKS))
def test_symlink_in_place_of_a_published_file_is_refused(site: SiteCopy, tmp_path: Path, case: str):
    link, target, canary = SYMLINKS[case]
    out = published_site(site, tmp_path)
    site.write("data/raw.csv", "乡镇,人数\n东镇,3\n金丝雀原始数据,1\n")
    site.write("content/a/secret/biao.txt", "金丝雀文件夹\n")
    site.write("content/a/secret/tu.svg", SVG_OK)
    path = site.path(link)
    if path.is_dir():
        for child in path.iterdir():
            child.unlink()
        path.rmdir()
    else:
        path.unlink()
    os.symlink(target, path)
    commit_all(site.root, "换成链接", email=WRITER)
    text = refused_build(site, out)
    assert f"{link}: [meta.symlink]" in text and f"“{target}”" in text and "符号链接" in text, text
    assert leaks(out, canary) == []
    assert published_copy(out, "biao.txt").read_text() == FIRST


@pytest.mark.parametrize("where", ["content/a/files/unused.csv", "data/linked.csv", "content/a/linked.md"])
def test_any_symlink_under_content_or_data_is_refused(site: SiteCopy, where: str):
    site.path(where).parent.mkdir(parents=True, exist_ok=True)
    os.symlink("/etc/hostname", site.path(where))
    problems = [p for p in site.problems() if p.startswith(f"{where}: [meta.symlink]")]
    assert problems == [f"{where}: [meta.symlink] “{where}”是符号链接（指向“/etc/hostname”），不能发布，"
                        "也不会被读取（提示：用文件本身代替链接，或删除链接）"], site.problems()


def test_symlinked_attachment_is_refused_with_its_field(site: SiteCopy):
    os.symlink("../withheld.md", site.path("content/a/files/fujian.csv"))
    site.write(DOC, doc(attachments="[{path: files/fujian.csv, title: 附件一：工作方案}]"))
    number(site, DOC)
    found = [p for p in site.problems() if p.startswith(f"{DOC}:")]
    assert found == [f"{DOC}:8: [meta.symlink] 字段 attachments：附件“files/fujian.csv”是符号链接"
                     "（content/a/files/fujian.csv 指向“../withheld.md”），不能发布"
                     "（提示：用文件本身代替链接，或删除链接）"], found


def test_reading_never_follows_a_link_on_any_component(tmp_path: Path):
    """resolve()-then-compare accepts a link that stays inside the tree; lstat per component does not."""
    (tmp_path / "a" / "real").mkdir(parents=True)
    (tmp_path / "a" / "real" / "x.csv").write_text("数据")
    os.symlink("real", tmp_path / "a" / "files")
    assert (tmp_path / "a" / "files" / "x.csv").resolve().is_relative_to(tmp_path)  # what a resolve check sees
    assert inventory.read_bytes(tmp_path, "a/real/x.csv") == "数据".encode()
    with pytest.raises(inventory.LinkError) as err:
        inventory.read_bytes(tmp_path, "a/files/x.csv")
    assert err.value.link == "a/files" and err.value.target == "real"
    assert inventory.symlink_on_path(tmp_path, "a/files/x.csv") == ("a/files", "real")
    assert inventory.symlink_on_path(tmp_path, "a/real/x.csv") is None
    os.symlink("x.csv", tmp_path / "a" / "real" / "y.csv")
    with pytest.raises(inventory.LinkError):
        inventory.read_bytes(tmp_path, "a/real/y.csv")
    with pytest.raises(inventory.LinkError):
        inventory.read_bytes(tmp_path, "a/../a/real/x.csv")  # no ".." either


# --- Why 3: what a document may attach or link -------------------------------------------------

def _git_config_canary(site: SiteCopy) -> None:
    git(site.root, "config", "disclose.canary", "金丝雀凭据")


CONTAINMENT = {
    # attachments: [{path: <a 不予公开 document's source>}]
    "other_source": (dict(attachments="[{path: withheld.md, title: 附件一：工作方案}]"), "attachments",
                     "是文档的源文件", WITHHELD_CANARY),
    "git_config": (dict(body="[配置](../../.git/config)"), "body", "位于隐藏文件夹", "金丝雀凭据"),
    "git_config_attached": (dict(attachments="[../../.git/config]"), "attachments", "位于隐藏文件夹", "金丝雀凭据"),
    "review_records": (dict(body="[名册](../_review/roster.yml)"), "body", "审核记录",
                       "AAAAICy/eZJrEdQ0CUTYbi"),  # a key of the roster
    "raw_data": (dict(body="[原始数据](../../data/raw.csv)"), "body", "数据集的原始数据", "金丝雀原始数据"),
    "configuration": (dict(attachments="[../../pelicanconf.py]"), "attachments", "不在本文档所在的文件夹",
                      "金丝雀配置"),
    "other_folder": (dict(body="[别处](../b/files/x.csv)"), "body", "不在本文档所在的文件夹", "金丝雀别处"),
}


@pytest.mark.parametrize("case", sorted(CONTAINMENT))
def test_document_may_attach_or_link_only_its_own_files(site: SiteCopy, tmp_path: Path, case: str):
    fields, field, reason, canary = CONTAINMENT[case]
    out = published_site(site, tmp_path)
    _git_config_canary(site)
    site.write("data/raw.csv", "乡镇,人数\n金丝雀原始数据,1\n")
    site.write("content/b/files/x.csv", "金丝雀别处\n")
    site.replace("pelicanconf.py", "DISCLOSE = {", "# 金丝雀配置\nDISCLOSE = {")
    head = site.read(DOC).split("\n---\n\n", 1)[0]  # the approved front matter, with its index number
    extra = "".join(f"\n{k}: {v}" for k, v in fields.items() if k != "body")
    site.write(DOC, f"{head}{extra}\n---\n\n{fields.get('body', BODY)}\n")
    commit_all(site.root, "改附件", email=WRITER)
    found = [p for p in site.problems() if p.startswith(f"{DOC}:")]
    assert len(found) == 1 and f"字段 {field}：" in found[0] and reason in found[0], found
    assert "[meta.link]" in found[0] or "[data.raw_link]" in found[0] or "[meta.attachment]" in found[0]
    refused_build(site, out)
    assert leaks(out, canary) == []


def test_withheld_documents_file_is_never_published_through_another(site: SiteCopy, tmp_path: Path):
    out = published_site(site, tmp_path)
    site.write("content/a/files/fangan.csv", "工作方案,金丝雀方案\n")
    site.replace("content/a/withheld.md", "published: 2026-03-03",
                 "published: 2026-03-03\nattachments:\n  - path: files/fangan.csv\n    title: 工作方案")
    site.replace(DOC, "详见[附表](files/biao.txt)。", "详见[附表](files/biao.txt)和[方案](files/fangan.csv)。")
    commit_all(site.root, "借道发布", email=WRITER)
    found = [p for p in site.problems() if p.startswith(f"{DOC}:")]
    assert found == [f"{DOC}:10: [meta.attachment] 字段 body：“content/a/files/fangan.csv”也是不予公开的文档 "
                     "content/a/withheld.md 的附件或链接文件，不能通过本文档发布（提示：不予公开文档的文件不能发布；"
                     "确需公开请另存一份经审查的文件）"], found
    refused_build(site, out)
    assert leaks(out, "金丝雀方案") == []


# --- only what an inventory lists is copied ----------------------------------------------------

def test_only_inventory_files_are_copied(site: SiteCopy, tmp_path: Path):
    site.write("content/a/files/unlisted.csv", "金丝雀未列出\n")
    site.write("content/a/files/fu.csv", "项目,金额\n合计,2\n")
    out = published_site(site, tmp_path, body=BODY + "\n[附件二](files/fu.csv)\n",
                         attachments="[{path: files/table.csv, title: 附件一}]")
    copied = {p.relative_to(out).as_posix() for p in (out / "files").rglob("*") if p.is_file()}
    # Written by hand: the plan's attachment (approved fixture document) and this document's four.
    assert copied == {"files/MB0A12342/2026-00001/table.csv",
                      "files/MB0A12342/2026-00005/table.csv", "files/MB0A12342/2026-00005/biao.txt",
                      "files/MB0A12342/2026-00005/tu.svg", "files/MB0A12342/2026-00005/fu.csv"}
    for rel, src in (("2026-00005/biao.txt", "biao.txt"), ("2026-00005/fu.csv", "fu.csv"),
                     ("2026-00005/table.csv", "table.csv")):
        assert (out / "files/MB0A12342" / rel).read_bytes() == site.path(f"content/a/files/{src}").read_bytes()
    assert leaks(out, "金丝雀未列出") == []


def test_two_files_with_one_published_name_are_refused(site: SiteCopy):
    site.write("content/a/files/x/table.csv", "一\n")
    site.write(DOC, doc(body="[表](files/x/table.csv)", attachments="[files/table.csv]"))
    number(site, DOC)
    found = [p for p in site.problems() if p.startswith(f"{DOC}:")]
    assert len(found) == 1 and "[meta.attachment]" in found[0] and "table.csv" in found[0], found


def test_content_hash_covers_linked_files(site: SiteCopy, tmp_path: Path):
    """Oracle: the hash of the same document whose linked file differs by one byte differs."""
    site.write("content/a/files/biao.txt", FIRST)
    site.write("content/a/files/tu.svg", SVG_OK)
    site.write(DOC, doc(body=BODY))
    number(site, DOC)
    first = site.corpus().entry(DOC).sha
    site.write("content/a/files/biao.txt", FIRST.replace("一", "二"))
    second = site.corpus().entry(DOC).sha
    site.write("content/a/files/biao.txt", FIRST)
    assert first != second and site.corpus().entry(DOC).sha == first


# --- property: locate() against an independent oracle ------------------------------------------

SEGMENTS = ["..", ".", "files", "sub", "x.csv", "y.csv", "z.csv", "a", "b", "content", "data", "raw.csv",
            ".git", "config", "_review", "roster.yml", "other.md", "link.csv", "linkdir", "nowhere.csv",
            "pelicanconf.py", "secret.csv"]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with every kind of file a document might try to name, and links inside it."""
    repo = Path(os.path.realpath(tmp_path_factory.mktemp("tree")))
    files = {".git/config": "凭据", "content/_review/roster.yml": "名册", "content/a/doc.md": "---\n",
             "content/a/other.md": "---\n", "content/a/files/x.csv": "x", "content/a/files/sub/y.csv": "y",
             "content/b/files/z.csv": "z", "data/raw.csv": "原始", "pelicanconf.py": "配置",
             "content/a/real/secret.csv": "s"}
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    os.symlink("files/x.csv", repo / "content/a/link.csv")      # a link that stays in the folder
    os.symlink("files", repo / "content/a/linkdir")             # a folder link that stays in the folder
    os.symlink("../../data/raw.csv", repo / "content/a/files/secret.csv")  # a link out of it
    return repo


def oracle_allows(repo: Path, target: str) -> bool:
    """Written from the rules, with os.path.realpath instead of lstat: the file is a regular file
    in content/a or below, reached through no link, in no hidden or underscore folder, not a .md."""
    if not target or target.startswith("/"):
        return False
    full = os.path.normpath(os.path.join(repo, "content/a", target))
    if os.path.realpath(full) != full or not os.path.isfile(full):
        return False
    parts = os.path.relpath(full, repo).split(os.sep)
    return parts[:2] == ["content", "a"] and len(parts) > 2 and not full.endswith(".md") \
        and not any(p.startswith((".", "_")) for p in parts)


@settings(max_examples=400, deadline=None)
@given(segs=st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=5), absolute=st.booleans())
def test_locate_agrees_with_an_independent_oracle(tree: Path, segs: list[str], absolute: bool):
    target = ("/" if absolute else "") + "/".join(segs)
    rel, refused = inventory.locate(tree, "content/a/doc.md", target, inventory.Rules.of(None, "content"))
    assert (refused is None) == oracle_allows(tree, target), (target, refused)
    if refused is None:
        assert inventory.read_bytes(tree, rel) == (tree / rel).read_bytes()


def test_oracle_and_locate_on_named_cases(tree: Path):
    """Positive and negative controls for the property above (both sides must see them)."""
    rules = inventory.Rules.of(None, "content")
    cases = {"files/x.csv": True, "files/sub/y.csv": True, "./files/../files/x.csv": True, "link.csv": False,
             "linkdir/x.csv": False, "files/secret.csv": False, "../b/files/z.csv": False, "other.md": False,
             "../../.git/config": False, "../_review/roster.yml": False, "../../data/raw.csv": False,
             "../../pelicanconf.py": False, "real/secret.csv": True, "/etc/passwd": False}
    for target, allowed in cases.items():
        assert oracle_allows(tree, target) is allowed, target
        assert (inventory.locate(tree, "content/a/doc.md", target, rules)[1] is None) is allowed, target


def test_pelican_static_paths_copy_nothing(site: SiteCopy, tmp_path: Path):
    """Pelican would copy STATIC_PATHS wholesale (its default is images/): forced empty."""
    site.replace("pelicanconf.py", "DISCLOSE = {", 'STATIC_PATHS = ["a", "images"]\nDISCLOSE = {')
    site.write("content/images/tu.png", "金丝雀图片目录")
    out = tmp_path / "out"
    build_site(site.conf, out)
    assert (out / "xxgk/MB0A12342/2026-00001.html").is_file()  # positive control: the site is built
    assert not (out / "a").exists() and not (out / "images").exists()
    assert leaks(out, WITHHELD_CANARY) == [] and leaks(out, "金丝雀图片目录") == []


def test_dataset_file_through_a_symlinked_folder_is_refused(tmp_path: Path):
    """resolve()-then-compare accepts data/sub/x.csv (sub -> real stays in data/); lstat does not."""
    from disclose.errors import DocumentError
    from disclose.opendata.dataset import data_file

    (tmp_path / "data" / "real").mkdir(parents=True)
    (tmp_path / "data" / "real" / "x.csv").write_text("a,b\n")
    os.symlink("real", tmp_path / "data" / "sub")
    assert data_file(tmp_path / "data" / "d.yml", "real/x.csv", "csv", "data/d.yml", 9).is_file()
    with pytest.raises(DocumentError) as err:
        data_file(tmp_path / "data" / "d.yml", "sub/x.csv", "csv", "data/d.yml", 9)
    assert [str(p) for p in err.value.problems] == [
        "data/d.yml:9: [meta.symlink] 字段 csv：csv 指定的文件“sub/x.csv”是符号链接（sub 指向“real”），不能读取"
        "（提示：用文件本身代替链接，或删除链接）"]
