"""One inventory of what a document publishes, and the path rules every file in it obeys.

A document publishes its source, its attachments, every local file its body links or embeds,
and (a dataset) its data files. `of()` lists them once, in `corpus._Worker`, and that one list
is what is hashed (approval/hashing.py), author-checked (approval/gitinfo.py), checked for
confidentiality (review/attachments.py), copied to the output (site/generator.py) and leak-tested
(tests/test_inventory.py). A file in no published document's inventory is never copied.

Paths: `locate()` is the only way a document names a file. It refuses absolute paths and
escapes, files outside the document's own folder tree, hidden (.git) and private (_review)
folders, raw data/ files, other documents' sources, and any symbolic link on the way (checked
with lstat on every component, not by comparing resolved paths). `read_bytes()` opens the file
component by component with O_NOFOLLOW, so even a link swapped in after the check is not followed.
`find_links()` refuses every symlink under content/ and data/, used or not.
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import urls
from .errors import Problem

if TYPE_CHECKING:
    from .model import Document

SOURCE, ATTACHMENT, LINKED, DATA, EMBEDDED = "source", "attachment", "linked", "data", "embedded"
LINK_HINT = "用文件本身代替链接，或删除链接"


@dataclass(frozen=True)
class Item:
    """One file of a document: repo-relative path, what it is, and where it is copied ("" = not)."""

    path: str
    kind: str
    dest: str = ""


@dataclass(frozen=True)
class Inventory:
    """Every file whose bytes a document publishes or depends on."""

    items: tuple[Item, ...]

    def paths(self, *kinds: str) -> list[str]:
        """Paths of the given kinds (all when none), first occurrence order, without repeats."""
        return list(dict.fromkeys(i.path for i in self.items if not kinds or i.kind in kinds))

    @property
    def source(self) -> str:
        return self.items[0].path

    def authored(self) -> list[str]:
        """The files whose writers are the document's authors (four-eyes)."""
        return self.paths(SOURCE, ATTACHMENT, LINKED, DATA)

    def hashed(self) -> list[str]:
        """The files besides the source that the content hash covers (sorted)."""
        return sorted(set(self.paths(ATTACHMENT, LINKED, DATA, EMBEDDED)))

    def checked(self) -> list[str]:
        """The files whose contents the confidentiality check reads like attachments."""
        return self.paths(ATTACHMENT, LINKED)

    def copies(self) -> list[tuple[str, str]]:
        """(repo path, output path) of every file copied to the output."""
        return list(dict.fromkeys((i.path, i.dest) for i in self.items if i.dest))


def of(doc: Document, linked: Iterable[tuple[str, str]] = ()) -> Inventory:
    """The inventory of a read document; `linked` = (repo path, output path) of the files its
    rendered body links or embeds (`Rendered.assets`)."""
    items = [Item(doc.source_path, SOURCE)]
    folder = urls.doc_files(doc)
    items += [Item(a.path, ATTACHMENT, f"{folder}/{a.name}") for a in doc.attachments]
    items += [Item(src, LINKED, dest) for src, dest in linked]
    items += [Item(p, DATA if doc.is_dataset else EMBEDDED) for p in doc.datasets]
    return Inventory(tuple(items))


def clashes(doc: Document, inv: Inventory) -> list[Problem]:
    """Two different files that would be published under one name: one would hide the other."""
    seen: dict[str, str] = {}
    out = []
    for src, dest in inv.copies():
        if dest in seen and seen[dest] != src:
            out.append(Problem(doc.source_path, f"“{seen[dest]}”和“{src}”发布后同名（{dest.rsplit('/', 1)[-1]}），"
                               "后者会覆盖前者", "attachments" if src in inv.paths(ATTACHMENT) else "body",
                               None, "给其中一个文件改名", "meta.attachment"))
        seen.setdefault(dest, src)
    return out


# --- paths ---------------------------------------------------------------------------------------

class LinkError(OSError):
    """A symbolic link (or a path that is not a plain relative path) where a file was expected."""

    def __init__(self, rel: str, link: str = "", target: str = "") -> None:
        self.rel, self.link, self.target = rel, link, target
        super().__init__(f"“{link}”是符号链接（指向“{target}”）" if link else f"“{rel}”不是仓库内的相对路径")


def _parts(rel: str) -> list[str]:
    parts = rel.split("/")
    if not rel or rel.startswith("/") or "\\" in rel or any(p in ("", ".", "..") for p in parts):
        raise LinkError(rel)
    return parts


def symlink_on_path(root: Path, rel: str) -> tuple[str, str] | None:
    """(link, its target) for the first component of `rel` under `root` that is a symbolic link."""
    cur = root
    parts = _parts(rel)
    for i, part in enumerate(parts):
        cur = cur / part
        try:
            st = os.lstat(cur)
        except OSError:
            return None
        if stat.S_ISLNK(st.st_mode):
            return "/".join(parts[: i + 1]), os.readlink(cur)
    return None


def read_bytes(root: Path, rel: str) -> bytes:
    """The bytes of the regular file `rel` under `root`, never through a symbolic link.

    Each folder is opened relative to the previous one with O_NOFOLLOW, then the file itself, so
    a link anywhere on the way (even one swapped in after the checks) fails instead of being
    followed. LinkError names the link; FileNotFoundError/IsADirectoryError as usual.
    """
    parts = _parts(rel)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            try:
                nxt = os.open(part, flags | (0 if last else os.O_DIRECTORY), dir_fd=fd)
            except OSError as exc:
                found = symlink_on_path(root, "/".join(parts[: i + 1]))
                if found:
                    raise LinkError(rel, *found) from None
                raise exc from None
            os.close(fd)
            fd = nxt
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(f"{rel} 不是普通文件")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Rules:
    """What a document may name: repo-relative folders (POSIX, no trailing slash)."""

    data: str                      # raw data files (datasets' CSV): never an attachment or link
    private: tuple[str, ...]       # review records, roster, policy, report counts, the ledger

    @classmethod
    def of(cls, settings: object, content_rel: str) -> Rules:
        """From the site settings (None: the defaults, for fixed pages and tests)."""
        base = "" if content_rel in ("", ".") else content_rel.rstrip("/") + "/"
        data = "data"
        private = [f"{base}_review", f"{base}_report"]
        if settings is not None:
            s = settings  # config.Settings
            data = s.opendata.folder.strip("/")  # type: ignore[attr-defined]
            for rel in (s.approval.records, s.approval.roster, s.approval.policy,  # type: ignore[attr-defined]
                        s.index_numbers.ledger, s.report.counts):  # type: ignore[attr-defined]
                first = rel.strip("/").split("/", 1)
                private.append(base + (first[0] if len(first) > 1 else rel.strip("/")))
        return cls(data, tuple(dict.fromkeys(p for p in private if p)))


@dataclass(frozen=True)
class Refusal:
    """Why a document may not name a file (Chinese), with hint and rule id."""

    message: str
    hint: str
    code: str


def locate(repo_root: Path, source_path: str, target: str, rules: Rules,
           what: str = "链接的文件") -> tuple[str, Refusal | None]:
    """The repo-relative path `target` (written in `source_path`) names, and why it may not be
    published (None if it may). Tested on the path as written, before anything is resolved.
    `what` is "附件" for an attachment (field attachments) or "链接的文件" (the body)."""
    attached = what == "附件"
    shown = f"{what}“{target}”"
    basic = "meta.invalid" if attached else "meta.link"  # missing or outside: as before this module
    code = "meta.attachment" if attached else "meta.link"
    where = "附件应放在 content/ 下、与文档相邻的文件夹中" if attached else "只链接文档旁的文件或外部网址"
    beside = "附件和链接的文件只能放在本文档所在文件夹或其子文件夹（如 files、附件）中"
    if target.startswith(("/", "\\")) or "://" in target or "\\" in target or ":" in target.split("/", 1)[0]:
        return "", Refusal(f"{shown}位于仓库之外", where, basic)
    base = posixpath.dirname(source_path)
    rel = posixpath.normpath(posixpath.join(base, target))
    if rel == ".." or rel.startswith("../"):
        return "", Refusal(f"{shown}位于仓库之外", where, basic)
    parts = rel.split("/")
    hidden = next((p for p in parts if p.startswith(".")), None)
    if hidden:
        return rel, Refusal(f"{shown}位于隐藏文件夹或是隐藏文件（{hidden}，如 .git 中可能有仓库凭据），不能发布",
                            beside, code)
    low = rel.lower()  # a case-insensitive file system opens _REVIEW/ as _review/
    if any(low == p.lower() or low.startswith(p.lower() + "/") for p in rules.private):
        return rel, Refusal(f"{shown}是审核记录、人员名册或索引号台账等系统文件，不能发布", beside, code)
    if low == rules.data.lower() or low.startswith(rules.data.lower() + "/"):
        return rel, Refusal(f"“{rel}”是数据集的原始数据，不能作为附件或链接发布（其中可能有未经保密处理的数值）",
                            "链接数据集页面，或在文档头部用 datasets: 嵌入经保密处理的数据表", "data.raw_link")
    if rel.lower().endswith(".md"):
        return rel, Refusal(f"{shown}是文档的源文件，不能作为附件发布", "要引用其他文档，请在正文中链接它", code)
    folder = base + "/" if base else ""
    if not rel.startswith(folder):
        return rel, Refusal(f"{shown}不在本文档所在的文件夹（{base or '仓库根目录'}）或其子文件夹内，不能发布",
                            beside, code)
    found = symlink_on_path(repo_root, rel)
    if found:
        return rel, Refusal(f"{shown}是符号链接（{found[0]} 指向“{found[1]}”），不能发布", LINK_HINT, "meta.symlink")
    try:
        mode = os.lstat(repo_root / rel).st_mode
    except OSError:
        mode = 0
    if not stat.S_ISREG(mode):
        return rel, Refusal(f"{shown}不存在", "检查文件名和路径（相对于本文档所在文件夹）", basic)
    return rel, None


def find_links(repo_root: Path, folders: Iterable[Path]) -> list[Problem]:
    """Every symbolic link under the given folders (content/, data/), and any on their way."""
    problems: list[Problem] = []
    root = Path(os.path.abspath(repo_root))
    for folder in folders:
        top = Path(os.path.abspath(folder))
        try:
            rel_top = top.relative_to(root).as_posix()
        except ValueError:
            continue
        if rel_top != ".":
            found = symlink_on_path(root, rel_top)
            if found:
                problems.append(_link_problem(*found))
                continue
        if not top.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(top):  # never follows links into folders
            # Hidden folders are skipped: nothing in them can be named (locate refuses them).
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(dirnames + filenames):
                path = Path(dirpath, name)
                if path.is_symlink():
                    problems.append(_link_problem(path.relative_to(root).as_posix(), os.readlink(path)))
    return problems


def _link_problem(link: str, target: str) -> Problem:
    return Problem(link, f"“{link}”是符号链接（指向“{target}”），不能发布，也不会被读取", None, None, LINK_HINT,
                   "meta.symlink")
