"""Markdown to HTML for documents: no raw HTML, no unsafe or escaping links, assets collected."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from .errors import Problem

SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
# Links to other documents are written as this marker and resolved once the corpus knows which
# documents are published (rendering runs before that decision, possibly in another process).
DOC_MARK = "disclose-doc:"
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HTML_RE = re.compile(r"<\s*[A-Za-z!/?]")
_CODE_SPAN_RE = re.compile(r"(`+).+?\1")
SUMMARY_CHARS = 120


@dataclass
class Rendered:
    """HTML of a body, the files it links to, its first paragraph and any problems."""

    html: str
    assets: list[tuple[str, str]] = field(default_factory=list)  # (repo path, output path)
    doc_links: list[tuple[str, str, int]] = field(default_factory=list)  # (repo path, href, line)
    first_paragraph: str = ""
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Job:
    source_path: str
    body_line: int
    repo_root: Path
    asset_dir: str
    site_url: str
    out: Rendered


class _LinkCheck(Treeprocessor):
    """Checks every link and image; rewrites local files to their published copies."""

    job: _Job | None = None

    def run(self, root: etree.Element) -> None:
        job = self.job
        assert job is not None
        for el in root.iter():
            if el.tag == "p" and not job.out.first_paragraph:
                job.out.first_paragraph = "".join(el.itertext()).strip()
            attr = {"a": "href", "img": "src"}.get(el.tag)
            if attr and el.get(attr) is not None:
                el.set(attr, self.check(job, el.get(attr, "")))

    def check(self, job: _Job, target: str) -> str:
        if target.startswith("#") or target.lower().startswith(SAFE_SCHEMES):
            return target
        if _SCHEME_RE.match(target) or target.startswith("//"):
            self.bad(job, target, f"不允许的链接“{target[:40]}”",
                     "链接只能使用 http、https、mailto 或文档旁的文件")
            return "#"
        path_part = target.split("#", 1)[0].split("?", 1)[0]
        if not path_part:
            return target
        base = posixpath.dirname(job.source_path)
        rel = posixpath.normpath(posixpath.join(base, path_part))
        full = (job.repo_root / rel).resolve()
        if path_part.startswith("/") or rel.startswith("..") or \
                not full.is_relative_to(job.repo_root.resolve()):
            self.bad(job, target, f"链接“{target}”指向仓库之外", "只链接仓库内的文件或外部网址")
            return "#"
        if not full.is_file():
            self.bad(job, target, f"链接的文件“{target}”不存在", "检查文件名和相对路径")
            return "#"
        if rel.endswith(".md"):
            job.out.doc_links.append((rel, target, _line_of(job, target)))
            return DOC_MARK + rel
        out = f"{job.asset_dir}/{posixpath.basename(rel)}"
        job.out.assets.append((rel, out))
        return f"{job.site_url}/{out}"

    def bad(self, job: _Job, target: str, message: str, hint: str) -> None:
        line = _line_of(job, target)
        job.out.problems.append(Problem(job.source_path, message, "body", line, hint, "meta.link"))


def _line_of(job: _Job, needle: str) -> int:
    text = Path(job.repo_root / job.source_path).read_text(encoding="utf-8-sig")
    pos = text.find(needle)
    return text.count("\n", 0, pos) + 1 if pos >= 0 else job.body_line


class Renderer:
    """One reusable Markdown instance (building it is the slow part)."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(
            extensions=["tables", "sane_lists", "footnotes", "toc"],
            extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-4"}},
            output_format="html",
        )
        self.links = _LinkCheck(self.md)
        self.md.treeprocessors.register(self.links, "disclose_links", 1)

    def render(self, body: str, *, source_path: str, body_line: int, repo_root: Path,
               asset_dir: str, site_url: str = "") -> Rendered:
        """Render a Markdown body; raw HTML and bad links become problems, never output."""
        out = Rendered("")
        raw_line = find_raw_html(body)
        if raw_line is not None:
            out.problems.append(Problem(
                source_path, "正文含有 HTML 标签或注释（可能隐藏内容或脚本）", "body",
                body_line + raw_line, "用 Markdown 语法代替 HTML；要显示尖括号请写成 \\<",
                "meta.raw_html"))
            return out
        self.links.job = _Job(source_path, body_line, repo_root, asset_dir, site_url, out)
        try:
            self.md.reset()
            out.html = self.md.convert(body)
        finally:
            self.links.job = None
        return out


def resolve_doc_links(out: Rendered, source_path: str, site_url: str,
                      url_of: Callable[[str], str | None]) -> list[Problem]:
    """Replace document-link markers by URLs; a link to an unpublished document is a problem."""
    problems = []
    for rel, target, line in out.doc_links:
        url = url_of(rel)
        if url is None:
            problems.append(Problem(source_path, f"链接的文档“{target}”不会公开", "body", line,
                                    "不要链接未公开、不予公开或依申请公开的文档", "meta.link"))
        out.html = out.html.replace(f'"{DOC_MARK}{rel}"', f'"{site_url}/{url}"' if url else '"#"')
    return problems


def find_raw_html(body: str) -> int | None:
    """0-based line of the first raw HTML tag or comment outside code, or None."""
    fenced = False
    for i, line in enumerate(body.split("\n")):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or line.startswith(("    ", "\t")):
            continue
        if _HTML_RE.search(_CODE_SPAN_RE.sub("", line.replace("\\<", ""))):
            if re.search(r"<(https?://|mailto:)[^>\s]+>", line) and not _HTML_RE.search(
                    re.sub(r"<(https?://|mailto:)[^>\s]+>", "", line)):
                continue
            return i
    return None


def summarise(text: str, limit: int = SUMMARY_CHARS) -> str:
    """A 内容概述 from the first paragraph: whitespace folded, cut at `limit` characters."""
    text = " ".join(text.split())
    text = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
