"""Markdown to HTML for documents: no raw HTML, no unsafe or escaping links, assets collected.

Two barriers keep a body inert. Markdown's own raw-HTML paths (the HTML block preprocessor and
the inline HTML pattern) are replaced by one that reports the tag as a problem, so whatever the
parser would have passed through raw — inside a list, after an indented line, next to a fence
— is found where the parser finds it. Then the HTML passes an allow-list sanitiser (nh3), so a
gap in the first barrier still cannot publish a script, an event attribute or a javascript: URL.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode
from markdown.inlinepatterns import HTML_RE, InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .errors import Problem
from .inventory import Rules, locate
from .svg import refusal

SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
# Links to other documents are written as this marker and resolved once the corpus knows which
# documents are published (rendering runs before that decision, possibly in another process).
DOC_MARK = "disclose-doc:"
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
SUMMARY_CHARS = 120
_TAG_TEXT = re.compile(r"<\s*[A-Za-z!/?][^<>\n]{0,40}")
_REFUSAL_HINT = "图片请用 PNG/JPEG，或删去 SVG 中的脚本、事件属性和外部引用；网页文件请转为 PDF 后作为附件"

# What Markdown (tables, footnotes, toc, fenced code, sane lists) produces; nothing else survives.
_TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "img", "em", "strong",
         "code", "pre", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "sup", "div"}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}, "li": {"id"},
               "sup": {"id"}, "th": {"style"}, "td": {"style"},
               **{f"h{i}": {"id"} for i in range(1, 7)}}
_CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote", "toc"}}
_SCHEMES = {"http", "https", "mailto", "tel", DOC_MARK[:-1]}


def sanitise(html: str) -> str:
    """The allow-list barrier after Markdown: known tags and attributes, safe URL schemes only."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, allowed_classes=_CLASSES,
                     url_schemes=_SCHEMES, filter_style_properties={"text-align"}, link_rel=None,
                     strip_comments=True)


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
    rules: Rules
    raw_html: list[str] = field(default_factory=list)


class _RawHtml(InlineProcessor):
    """Takes the place of Markdown's raw-HTML pattern: the tag is recorded, kept as plain text."""

    job: _Job | None = None

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:  # noqa: N802 (Markdown API)
        if self.job is not None:
            self.job.raw_html.append(m.group(1))
        return m.group(1), m.start(0), m.end(0)


class _LinkCheck(Treeprocessor):
    """Checks every link and image; rewrites local files to their published copies."""

    job: _Job | None = None

    def run(self, root: etree.Element) -> None:
        job = self.job
        assert job is not None
        self.tag_like_text(job, root)
        for el in root.iter():
            attr = {"a": "href", "img": "src"}.get(el.tag)
            if attr and el.get(attr) is not None:
                el.set(attr, self.check(job, el.get(attr, "")))

    @staticmethod
    def tag_like_text(job: _Job, root: etree.Element) -> None:
        """A "<" before a letter that Markdown kept as text (a tag it did not parse, e.g. with a
        quote in an unquoted value) is refused like raw HTML: staff write \\< or code for that.
        Runs before Markdown unescapes \\<, so an escaped one is not seen here."""
        code = {d for el in root.iter() if el.tag in ("code", "pre") for d in el.iter()}
        parent = {c: p for p in root.iter() for c in p}
        for el in root.iter():
            for text, owner in ((el.text, el), (el.tail, parent.get(el))):
                m = _TAG_TEXT.search(text or "") if owner not in code else None
                if m:
                    job.raw_html.append(m.group())

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
        if path_part.startswith(("/", "\\")) or rel == ".." or rel.startswith("../"):
            self.bad(job, target, f"链接“{target}”指向仓库之外", "只链接仓库内的文件或外部网址")
            return "#"
        if rel.endswith(".md"):  # another document: resolved once the corpus knows what is published
            if not (job.repo_root / rel).is_file():
                self.bad(job, target, f"链接的文件“{target}”不存在", "检查文件名和相对路径")
                return "#"
            job.out.doc_links.append((rel, target, _line_of(job, target)))
            return DOC_MARK + rel
        # Any other local file is published as a copy: only files the document may publish.
        rel, refused = locate(job.repo_root, job.source_path, path_part, job.rules)
        if refused is not None:
            job.out.problems.append(Problem(job.source_path, refused.message.replace(
                f"“{path_part}”", f"“{target}”", 1), "body", _line_of(job, target), refused.hint, refused.code))
            return "#"
        full = job.repo_root / rel
        why = refusal(full)
        if why:
            job.out.problems.append(Problem(job.source_path, f"链接的文件“{target}”：{why}", "body",
                                            _line_of(job, target), _REFUSAL_HINT, "meta.active_file"))
            return "#"
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
            extensions=["tables", "sane_lists", "footnotes", "toc", "fenced_code"],
            extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-4"}},
            output_format="html",
        )
        self.md.ESCAPED_CHARS.append("<")  # \< shows a "<", as the raw-HTML hint tells staff
        self.md.preprocessors.deregister("html_block")  # block HTML then meets _RawHtml inline
        self.raw = _RawHtml(HTML_RE, self.md)
        self.md.inlinePatterns.register(self.raw, "html", 90)
        self.links = _LinkCheck(self.md)
        self.md.treeprocessors.register(self.links, "disclose_links", 1)

    def render(self, body: str, *, source_path: str, body_line: int, repo_root: Path,
               asset_dir: str, site_url: str = "", rules: Rules | None = None) -> Rendered:
        """Render a Markdown body; raw HTML and bad links become problems, never output.
        `rules` say which files the body may link (inventory.locate; default folders if None)."""
        out = Rendered("")
        job = _Job(source_path, body_line, repo_root, asset_dir, site_url, out, rules or Rules.of(None, "content"))
        self.links.job = self.raw.job = job
        try:
            self.md.reset()
            html = self.md.convert(body)
        finally:
            self.links.job = self.raw.job = None
        if job.raw_html:
            out.problems.append(Problem(
                source_path, "正文含有 HTML 标签或注释（可能隐藏内容或脚本）", "body",
                _line_in_body(body, body_line, job.raw_html[0]),
                "用 Markdown 语法代替 HTML；要显示尖括号请写成 \\<", "meta.raw_html"))
            out.assets.clear()
            return out
        out.html = sanitise(html)
        out.first_paragraph = first_paragraph(out.html)
        return out


def _line_in_body(body: str, body_line: int, needle: str) -> int:
    pos = body.find(needle)
    if pos < 0:  # Markdown unescaped or joined it: fall back to the tag's start
        pos = body.find(needle.split()[0].split(">")[0])
    return body_line + (body.count("\n", 0, pos) if pos >= 0 else 0)


class _FirstParagraph(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.done, self.parts = 0, False, []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "p" and not self.done:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self.depth:
            self.depth, self.done = self.depth - 1, True

    def handle_data(self, data: str) -> None:
        if self.depth and not self.done:
            self.parts.append(data)


def first_paragraph(html: str) -> str:
    """Text of the first paragraph of rendered HTML (entities decoded: plain text, not markup)."""
    parser = _FirstParagraph()
    end = html.find("</p>")  # the first paragraph ends there: the rest need not be parsed
    parser.feed(html if end < 0 else html[:end + 4])
    return "".join(parser.parts).strip()


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


def summarise(text: str, limit: int = SUMMARY_CHARS) -> str:
    """A 内容概述 from the first paragraph: whitespace folded, cut at `limit` characters."""
    text = " ".join(text.split())
    text = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
