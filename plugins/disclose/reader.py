"""Reading one Markdown file into a validated Document (or Page); fails closed with Problems.

This is the only place a Document is built. Cross-document rules (duplicate index numbers,
the ledger, replacements) live in corpus.py.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .clock import today
from .config import Settings
from .errors import DocumentError, Problem
from .frontmatter import Source, SourceError, decode, parse_yaml, split
from .inert import markup_hint, markup_problem
from .inventory import Rules, locate
from .model import Attachment, Disclosure, Document, Page, Validity
from .svg import refusal

DOC_FIELDS = {
    "title": "信息名称", "index_no": "索引号", "legacy_index_no": "原索引号", "category": "组配分类", "disclosure": "公开方式",
    "doc_no": "文件编号", "publisher": "发布机构", "created": "产生日期", "published": "发布日期",
    "status": "有效性", "abolished": "废止日期", "replaced_by": "替代文件索引号",
    "summary": "内容概述", "keywords": "主题词", "attachments": "附件", "datasets": "数据",
    "withdrawn": "撤回日期", "withdrawn_reason": "撤回原因",
    "interprets": "解读的文件索引号", "valid_until": "有效期至",
}
REQUIRED = ("title", "index_no", "category", "disclosure", "publisher", "created")
PAGE_FIELDS = {"title": "标题", "slug": "网址名", "summary": "概述"}

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BRACKETS = re.compile(r"[\[［【〔﹝(（〈<]\s*(\d{4})\s*[\]］】〕﹞)）〉>]")


class FieldError(Exception):
    """A field value is wrong; carries the Chinese message and hint."""

    def __init__(self, message: str, hint: str | None = None, code: str = "meta.invalid") -> None:
        super().__init__(message)
        self.message, self.hint, self.code = message, hint, code


def parse_date(value: Any) -> dt.date:
    """An ISO date (YYYY-MM-DD) that exists in the calendar."""
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not _DATE_RE.match(text):
        raise FieldError(f"日期格式应为 YYYY-MM-DD，实际为“{text}”", "例如 2026-03-15")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError(f"日期“{text}”不存在", "检查月份和日期，例如 2 月没有 30 日") from None


def normalise_doc_no(value: str) -> str:
    """文号 with its year in 〔〕: 江民发[2026]3号 -> 江民发〔2026〕3号."""
    return _BRACKETS.sub(lambda m: f"〔{m.group(1)}〕", value.strip().replace(" ", ""))


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FieldError("应为非空文本", "在冒号后填写内容；含特殊字符时用引号括起来")
    return value.strip()


def _inert(value: str, multiline: bool = False) -> str:
    """The value itself, if it is plain text that every output can show as it is."""
    why = markup_problem(value, multiline)
    if why:
        raise FieldError(why, markup_hint())
    return value


def _plain(value: Any) -> str:
    """One line of plain text (title, numbers): no markup, no control characters."""
    return _inert(_text(value))


def _prose(value: Any) -> str:
    """Plain text that may span lines (summary, reasons)."""
    return _inert(_text(value), multiline=True)


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        words = tuple(w for w in re.split(r"[\s,，、;；]+", value) if w)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        words = tuple(v.strip() for v in value if v.strip())
    else:
        raise FieldError("应为文本列表", "写成 [低保, 社会救助] 或用顿号分隔")
    return tuple(_inert(w) for w in words)


def _enum(enum: type, label: str) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        try:
            return enum(str(value).strip())
        except ValueError:
            allowed = "、".join(e.value for e in enum)
            raise FieldError(f"{label}“{value}”无效", f"只能是：{allowed}") from None
    return convert


class _Reader:
    """Builds one Document from a Source, collecting every problem of the file."""

    def __init__(self, src: Source, settings: Settings, repo_root: Path, rules: Rules | None = None) -> None:
        self.src, self.settings, self.repo_root = src, settings, repo_root
        self.rules = rules or Rules.of(settings, "content")
        self.problems: list[Problem] = []

    def problem(self, field: str, message: str, hint: str | None = None,
                code: str = "meta.invalid") -> None:
        line = self.src.lines.get(field, 1 if field in REQUIRED else None)
        self.problems.append(Problem(self.src.path, message, field, line, hint, code))

    def get(self, name: str, convert: Callable[[Any], Any], default: Any = None) -> Any:
        if name not in self.src.meta or self.src.meta[name] in (None, ""):
            if name in REQUIRED:
                self.problem(name, f"缺少必填字段（{DOC_FIELDS[name]}）",
                             f"在 YAML 头部添加一行 {name}: …", code="meta.missing")
            return default
        try:
            return convert(self.src.meta[name])
        except FieldError as exc:
            self.problem(name, exc.message, exc.hint, exc.code)
            return default

    def unknown_fields(self, known: dict[str, str]) -> None:
        for key in self.src.meta:
            if key not in known:
                close = difflib.get_close_matches(str(key), list(known), n=1)
                hint = (f"是否应为 {close[0]}？" if close
                        else f"可用字段：{', '.join(known)}")
                self.problem(str(key), f"未知字段“{key}”", hint, code="meta.unknown_field")

    def category(self, value: Any) -> str:
        cat = self.settings.category(str(value).strip())
        if cat is None:
            names = "、".join(f"{c.id}（{c.name}）" for c, _ in self.settings.all_categories())
            raise FieldError(f"未配置的组配分类“{value}”", f"可用分类：{names}")
        return cat.id

    def publisher(self, value: Any) -> str:
        org = self.settings.publisher(str(value).strip())
        if org is None:
            names = "、".join(f"{o.id}（{o.name}）" for o in self.settings.publishers)
            raise FieldError(f"未配置的发布机构“{value}”", f"可用机构：{names}")
        return org.id

    def attachments(self, value: Any) -> tuple[Attachment, ...]:
        if not isinstance(value, list):
            raise FieldError("应为列表", "每项写成 - path: 文件名 和 title: 标题，或直接写文件名")
        out = []
        for item in value:
            if isinstance(item, str):
                rel, title = item, item.rsplit("/", 1)[-1]
            elif isinstance(item, dict) and isinstance(item.get("path"), str) \
                    and set(item) <= {"path", "title"}:
                rel, title = item["path"], str(item.get("title") or item["path"].rsplit("/", 1)[-1])
            else:
                raise FieldError(f"附件项无效：{item!r}", "写成 - path: 文件名 和 title: 标题")
            why = markup_problem(title)
            if why:
                raise FieldError(f"附件“{rel}”的标题{why}", markup_hint())
            attachment = self.resolve_file(rel, title)
            why = refusal(self.repo_root / attachment.path)
            if why:
                raise FieldError(f"附件“{rel}”：{why}", "图片请用 PNG/JPEG，或删去 SVG 中的脚本、事件属性和外部引用；"
                                 "网页文件请转为 PDF 后作为附件")
            out.append(attachment)
        return tuple(out)

    def resolve_file(self, rel: str, title: str) -> Attachment:
        """The attachment, if the document may publish it (inventory.locate: tested as written,
        no symbolic link on the way, inside the document's folder tree, no private file)."""
        path, refused = locate(self.repo_root, self.src.path, rel, self.rules, "附件")
        if refused is not None:
            raise FieldError(refused.message, refused.hint, refused.code)
        return Attachment(path, title, (self.repo_root / path).lstat().st_size)

    def build(self, check_unknown: bool = True) -> Document:
        if check_unknown:
            self.unknown_fields(DOC_FIELDS)
        g = self.get
        doc = Document(
            source_path=self.src.path,
            title=g("title", _plain, ""),
            index_no=g("index_no", _plain, ""),
            legacy_index_no=g("legacy_index_no", _plain, ""),
            category=g("category", self.category, ""),
            disclosure=g("disclosure", _enum(Disclosure, "公开方式"), Disclosure.WITHHELD),
            publisher=g("publisher", self.publisher, ""),
            created=g("created", parse_date, dt.date.min),
            published=g("published", parse_date),
            doc_no=g("doc_no", lambda v: _inert(normalise_doc_no(_text(v))), ""),
            status=g("status", _enum(Validity, "有效性"), Validity.VALID),
            abolished=g("abolished", parse_date),
            replaced_by=g("replaced_by", _plain, ""),
            summary=g("summary", _prose, ""),
            keywords=g("keywords", _keywords, ()),
            attachments=g("attachments", self.attachments, ()),
            datasets=g("datasets", _keywords, ()),
            withdrawn=g("withdrawn", parse_date),
            withdrawn_reason=g("withdrawn_reason", _prose, ""),
            interprets=g("interprets", _plain, ""),
            valid_until=g("valid_until", parse_date),
            body=self.src.body, body_line=self.src.body_line, field_lines=dict(self.src.lines),
        )
        self.check_dates(doc)
        return _lapse(doc)

    def check_dates(self, doc: Document) -> None:
        if doc.published and doc.created != dt.date.min and doc.published < doc.created:
            self.problem("published", f"发布日期 {doc.published} 早于产生日期 {doc.created}",
                         "发布日期不能早于产生日期", code="meta.dates")
        if doc.status is not Validity.VALID and doc.abolished is None:
            self.problem("abolished" if "abolished" in self.src.lines else "status",
                         f"有效性为“{doc.status}”时必须填写废止日期 abolished",
                         "添加一行 abolished: YYYY-MM-DD，或用 disclose abolish 命令", "meta.dates")
        if doc.status is Validity.VALID and (doc.abolished or doc.replaced_by):
            self.problem("abolished" if doc.abolished else "replaced_by",
                         "文件有效时不能填写废止日期或替代文件", "先把 status 改为 废止 或 失效",
                         "meta.dates")
        if doc.withdrawn and not doc.withdrawn_reason:
            self.problem("withdrawn", "撤回文件必须写明撤回原因 withdrawn_reason", "用 disclose withdraw 命令撤回",
                         "meta.withdrawn")
        if doc.valid_until and doc.created != dt.date.min and doc.valid_until < doc.created:
            self.problem("valid_until", f"有效期至 {doc.valid_until} 早于产生日期 {doc.created}",
                         code="meta.dates")
        if doc.interprets and doc.interprets == doc.index_no:
            self.problem("interprets", "解读不能指向文件自身", "填写被解读的政策文件的索引号", "meta.interprets")
        if doc.abolished and doc.created != dt.date.min and doc.abolished < doc.created:
            self.problem("abolished", f"废止日期 {doc.abolished} 早于产生日期 {doc.created}",
                         code="meta.dates")


def _lapse(doc: Document) -> Document:
    """A valid document past its 有效期至 is 失效 from the next day on, without anyone editing it."""
    if doc.valid_until is None or doc.status is not Validity.VALID or doc.valid_until >= today():
        return doc
    doc.status, doc.abolished = Validity.EXPIRED, doc.valid_until + dt.timedelta(days=1)
    return doc


def load_source(path: Path, repo_root: Path) -> Source:
    """Decode and split one file; raise DocumentError with the Problem when that fails."""
    rel = path.resolve().relative_to(repo_root.resolve()).as_posix()
    try:
        return split(rel, decode(rel, path.read_bytes()))
    except SourceError as exc:
        raise DocumentError([exc.problem]) from None


def read_document(path: Path, repo_root: Path, settings: Settings, rules: Rules | None = None) -> Document:
    """The validated Document in `path`, or DocumentError listing every problem in the file."""
    reader = _Reader(load_source(path, repo_root), settings, repo_root, rules)
    doc = reader.build()
    if reader.problems:
        raise DocumentError(reader.problems)
    return doc


def read_dataset(path: Path, repo_root: Path, settings: Settings, rules: Rules | None = None) -> Document:
    """A dataset (data/<name>.yml) as a Document whose `table` is already disclosure-controlled.

    The descriptor's disclosure metadata is read exactly like a document's front matter (so the
    ledger, the gate and the catalogues treat both alike); its `description` is the body.
    Every problem of the descriptor, its data and the disclosure control is raised together.
    """
    from .opendata import dataset, table  # here: opendata needs pandas and scipy, documents do not

    rel = path.resolve().relative_to(repo_root.resolve()).as_posix()
    try:
        text = decode(rel, path.read_bytes())
        meta, lines = parse_yaml(rel, text)
    except SourceError as exc:
        raise DocumentError([exc.problem]) from None
    doc_meta = {k: v for k, v in meta.items() if k in dataset.DOC_KEYS}
    doc_meta.setdefault("disclosure", Disclosure.PROACTIVE.value)  # 统计信息: proactive (条例 Art. 20)
    description = meta.get("description") if isinstance(meta.get("description"), str) else ""
    src = Source(rel, text, doc_meta, lines, description, lines.get("description", 1) + 1)
    reader = _Reader(src, settings, repo_root, rules)
    doc = reader.build(check_unknown=False)
    problems = list(reader.problems)
    try:
        ds = dataset.load(path, repo_root, meta, lines)
        doc.datasets = tuple(ds.files())  # hashed with the descriptor: approval covers the data too
        doc.table = table.build(ds, settings)
    except DocumentError as exc:
        problems.extend(exc.problems)
    if problems:
        raise DocumentError(problems)
    return doc


def read_page(path: Path, repo_root: Path) -> Page:
    """A fixed page (content/pages/): title and ASCII slug required, nothing else allowed."""
    src = load_source(path, repo_root)
    reader = _Reader(src, None, repo_root)  # type: ignore[arg-type]
    reader.unknown_fields(PAGE_FIELDS)
    title = reader.get("title", _plain, "")
    slug = reader.get("slug", _text, "")
    if not title:
        reader.problem("title", "缺少必填字段（标题）", code="meta.missing")
    if not slug or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        reader.problem("slug", "网址名 slug 必填，只能含小写字母、数字和连字符", code="meta.invalid")
    if reader.problems:
        raise DocumentError(reader.problems)
    return Page(src.path, title, slug, src.body, src.body_line)
