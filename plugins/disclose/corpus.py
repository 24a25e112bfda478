"""The whole content tree: every document read, cross-checked, rendered and sorted into
published or held back. The CLI (`disclose check`) and the Pelican plugin share this one path.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any

from . import inventory as inventory_mod
from .approval import records, sshsig, statements
from .approval import trust as trust_mod
from .approval.gate import Gate, Verdict
from .approval.gitinfo import Authors, History
from .approval.hashing import content_hash
from .approval.live import LiveVersion, published_files
from .approval.live import find as find_live
from .approval.roster import Roster
from .config import Settings
from .errors import ConfigError, DocumentError, LedgerError, Problem
from .frontmatter import SourceError, front_block, parse_yaml, split
from .indexno import parse_index_no
from .inventory import Inventory, Rules
from .ledger import Ledger
from .model import Disclosure, Document, Page
from .reader import read_dataset, read_document, read_page
from .render import DOC_MARK, Rendered, Renderer, resolve_doc_links, summarise
from .review import Checker, Finding, ReviewSettings, attachments, blocking, decoded
from .urls import doc_files, doc_url, page_files

PAGES_DIR = trust_mod.PAGES_DIR
# Files that look like documents but that we do not read: refusing them beats ignoring them.
UNSUPPORTED = {".markdown", ".mkd", ".mdown", ".rst", ".html", ".htm", ".txt", ".docx", ".doc"}


from .clock import today  # noqa: E402  (re-exported: the CLI and tests use corpus.today)


class State(Enum):
    """Where a document stands in the gate; the value is the Chinese label shown to staff."""

    PUBLISH = "将发布"
    LIVE_APPROVED = "网站继续显示已批准的版本"   # the current edit waits; the approved bytes stay live
    WAITING = "暂不发布"                       # review, approval, author or findings pending
    SCHEDULED = "发布日期未到"
    ERROR = "有错误，需先修正"
    WITHHELD = "不予公开"
    WITHDRAWN = "已撤回"

    @property
    def online(self) -> bool:
        """Whether the public site shows the document (this or its approved version)."""
        return self in (State.PUBLISH, State.LIVE_APPROVED)


@dataclass
class Entry:
    """Everything the corpus knows about one document (or dataset): one record, one state."""

    doc: Document
    sha: str = ""
    records: records.Records | None = None
    findings: list[Finding] = field(default_factory=list)
    rendered: Rendered | None = None
    authors: Authors | None = None
    verdict: Verdict | None = None
    state: State = State.WAITING
    reason: str = ""
    live: LiveVersion | None = None
    inventory: Inventory | None = None  # every file this version publishes (inventory.py)

    @property
    def path(self) -> str:
        return self.doc.source_path

    @property
    def label(self) -> str:
        """The state as staff read it: the state and, when held back, why."""
        return self.state.value if self.state is State.PUBLISH else (self.reason or self.state.value)


@dataclass
class HeldBack:
    """A document that is not published, and why (Chinese)."""

    doc: Document
    reason: str


@dataclass
class Corpus:
    """Every document and page of a site, with problems and the publish decision."""

    settings: Settings
    repo_root: Path
    content_root: Path
    documents: list[Document] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    entries: dict[str, Entry] = field(default_factory=dict)        # documents and datasets, by path
    page_output: dict[str, Rendered] = field(default_factory=dict)  # fixed pages, by path
    page_findings: dict[str, list[Finding]] = field(default_factory=dict)  # pages, unreadable files
    published: list[Document] = field(default_factory=list)  # what the output shows (approved versions)
    held_back: list[HeldBack] = field(default_factory=list)
    ledger: Ledger | None = None
    preview: bool = False
    withdrawn: list[Document] = field(default_factory=list)  # approved withdrawals: notice pages only
    gate: Gate | None = None        # the gate the documents were judged with
    history: History | None = None  # authorship from commit signatures
    trust_note: str = ""  # how the roster and policy were verified (or why not, in a preview)
    signed_pages: dict[str, str] | None = None  # fixed pages the verified policy pins (path → hash)
    held_pages: list[tuple[str, str]] = field(default_factory=list)  # fixed pages not published, why
    _snapshots: list[Any] = field(default_factory=list)

    def by_index(self) -> dict[str, Document]:
        """Documents keyed by index number."""
        return {d.index_no: d for d in self.documents}

    def entry(self, path: str) -> Entry | None:
        return self.entries.get(path)

    def findings_of(self, path: str) -> list[Finding]:
        e = self.entries.get(path)
        return e.findings if e is not None else self.page_findings.get(path, [])

    def checked_paths(self) -> list[str]:
        return [*self.entries, *self.page_findings]

    def output(self, path: str) -> Rendered | None:
        """The rendered body that goes out for this path: the approved version's when it is live."""
        e = self.entries.get(path)
        if e is None:
            return self.page_output.get(path)
        if e.live is not None and not self.preview:
            return e.live.rendered
        return e.rendered

    def inventory(self, path: str) -> Inventory | None:
        """The inventory of the version that goes out for this path (the approved one when live)."""
        e = self.entries.get(path)
        if e is None:
            return None
        if e.live is not None and not self.preview:
            return e.live.inventory
        return e.inventory

    def files_root(self, path: str) -> Path:
        """Where the published bytes of this document's files are read from."""
        e = self.entries.get(path)
        if e is not None and e.live is not None and not self.preview:
            return e.live.files_root
        return self.repo_root

    def state_label(self, path: str) -> str:
        e = self.entries.get(path)
        return e.label if e is not None else State.ERROR.value

    def raise_for_problems(self) -> None:
        """Fail closed: raise DocumentError listing every problem, if there is any."""
        if self.problems:
            files = len({p.path for p in self.problems})
            raise DocumentError(self.problems,
                                f"{files} 个文件有 {len(self.problems)} 个问题，构建已停止，未发布任何内容：")


def rel(path: Path, root: Path) -> str:
    """Repo-relative POSIX path."""
    return path.resolve().relative_to(root.resolve()).as_posix()


def find_sources(content_root: Path, repo_root: Path) -> tuple[list[Path], list[Path], list[Problem]]:
    """Markdown documents, pages, and problems for document-like files we would not read."""
    docs, pages, problems = [], [], []
    pages_dir = (content_root / PAGES_DIR).resolve()
    for dirpath, dirnames, filenames in os.walk(content_root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        is_page = Path(dirpath).resolve() == pages_dir
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if path.is_symlink():
                continue  # refused by inventory.find_links, never read
            suffix = path.suffix.lower()
            if suffix == ".md":
                (pages if is_page else docs).append(path)
            elif suffix in UNSUPPORTED and not _is_attachment_dir(path, content_root):
                problems.append(Problem(rel(path, repo_root), f"不支持的文件类型 {suffix}",
                                        code="meta.file_type",
                                        hint="文档请写成 .md 文件；附件请放在名为 files 或 附件 的文件夹中"))
    return docs, pages, problems


def find_datasets(data_root: Path) -> list[Path]:
    """Dataset descriptors: every .yml/.yaml file under data/."""
    if not data_root.is_dir():
        return []
    return sorted(p for p in data_root.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()
                  and not p.is_symlink()  # refused by inventory.find_links, never read
                  and not any(part.startswith(".") for part in p.relative_to(data_root).parts))


def _is_attachment_dir(path: Path, content_root: Path) -> bool:
    parts = path.resolve().relative_to(content_root.resolve()).parts[:-1]
    return any(p in ("files", "附件", "attachments") for p in parts)


def review_settings(settings: Settings) -> ReviewSettings:
    """The check's settings from DISCLOSE.review: the severities and every rule option in it
    (the rules declare them, `Rule.options`; the checker prepares them)."""
    r = settings.review
    return ReviewSettings(dict(r.severity), {f.name: getattr(r, f.name) for f in dataclasses.fields(r)
                                             if f.name != "severity"})


@dataclass
class FileResult:
    """What reading, checking and rendering one file produced."""

    path: str
    item: Document | Page | None
    problems: list[Problem]
    findings: list[Finding]
    rendered: Rendered | None
    sha: str = ""
    records: records.Records | None = None
    inventory: Inventory | None = None
    verified: frozenset[bytes] = frozenset()  # statements.preverify of the records


class _Worker:
    """Per-process state for processing files (inherited by forked workers)."""

    def __init__(self, settings: Settings, repo_root: Path, content_root: Path, site_url: str,
                 render: bool) -> None:
        self.settings, self.repo_root, self.site_url, self.render = settings, repo_root, site_url, render
        self.content_rel = rel_or(content_root, None, repo_root)
        self.rules = Rules.of(settings, self.content_rel)
        self.checker = Checker(review_settings(settings))
        self.renderer = Renderer()

    def at(self, root: Path) -> _Worker:
        """The same worker reading files under another root (an approved version's snapshot)."""
        other = _Worker.__new__(_Worker)
        other.__dict__.update(self.__dict__)
        other.repo_root = root
        return other

    def __call__(self, job: tuple[Path, str]) -> FileResult:
        path, kind = job
        is_page = kind == "page"
        key = rel(path, self.repo_root)
        problems: list[Problem] = []
        item: Document | Page | None = None
        read = {"page": lambda: read_page(path, self.repo_root),
                "doc": lambda: read_document(path, self.repo_root, self.settings, self.rules),
                "dataset": lambda: read_dataset(path, self.repo_root, self.settings, self.rules)}[kind]
        try:
            item = read()
        except DocumentError as exc:
            problems.extend(exc.problems)
        findings = _review(self.checker, path, key)
        if kind == "dataset":
            # The data files (table, contributors, earlier releases) are checked cell by cell like
            # an attachment's CSV: names or ID numbers in any cell block the dataset.
            data = [rel(d, self.repo_root) for d in _data_files(path, self.repo_root, item)]
            findings += attachments.check_files(self.checker, data, self.repo_root, verbatim=False)
        if is_page:
            problems.extend(Problem(key, f"{f.message}：{f.excerpt}", "body", f.line, f.hint, f.rule)
                            for f in blocking(findings))
        rendered = None
        # Documents are always rendered: the files their bodies link are part of their inventory.
        if item is not None and (self.render or isinstance(item, Document)):
            asset = page_files(item.slug) if isinstance(item, Page) else doc_files(item)
            rendered = self.renderer.render(item.body, source_path=key, body_line=item.body_line,
                                            repo_root=self.repo_root, asset_dir=asset,
                                            site_url=self.site_url, rules=self.rules)
            problems.extend(rendered.problems)
            if isinstance(item, Document) and not item.summary and item.full_text_public:
                item = replace(item, summary=summarise(rendered.first_paragraph))  # before the gate
        result = FileResult(key, item, problems, findings, rendered)
        if isinstance(item, Document):
            # One inventory: what is hashed, author-checked, checked, copied (inventory.py).
            inv = result.inventory = inventory_mod.of(item, rendered.assets if rendered is not None else ())
            problems.extend(inventory_mod.clashes(item, inv))
            # Attachments' and linked files' contents block the document like its body.
            findings += attachments.check_files(self.checker, inv.checked(), self.repo_root)
            # Hash and approval records are per file too: computed here, in parallel.
            result.sha = content_hash(inv, self.repo_root)
            a = self.settings.approval
            root = self.repo_root / self.content_rel / a.records
            result.records, rec_problems = records.load(root, item.index_no, f"{self.content_rel}/{a.records}")
            result.problems.extend(rec_problems)
            # The signature arithmetic, in parallel; the gate (in the parent) decides what counts.
            result.verified = statements.preverify(item.index_no, result.records)
        return result


def _data_files(descriptor: Path, repo_root: Path, item: Document | Page | None) -> list[Path]:
    """The CSV files of a dataset (from the read item, else every CSV beside the descriptor's name)."""
    if isinstance(item, Document):
        return [repo_root / p for p in item.datasets]
    return sorted(descriptor.parent.glob(f"{descriptor.stem}*.csv"))


_CURRENT: _Worker | None = None


def _run_in_worker(job: tuple[Path, str]) -> FileResult:
    assert _CURRENT is not None
    return _CURRENT(job)


def jobs_for(count: int) -> int:
    """Worker processes: DISCLOSE_JOBS, else one per core for large sites, else none."""
    pinned = os.environ.get("DISCLOSE_JOBS")
    if pinned:
        return max(1, int(pinned))
    return (os.cpu_count() or 1) if count >= PARALLEL_FROM else 1


PARALLEL_FROM = 200  # below this, starting processes costs more than it saves


def _process_all(worker: _Worker, jobs: list[tuple[Path, str]],
                 progress: Callable[[str], None] | None) -> Iterator[FileResult]:
    global _CURRENT
    n = jobs_for(len(jobs))
    if n == 1 or "fork" not in multiprocessing.get_all_start_methods():
        for job in jobs:
            result = worker(job)
            if progress:
                progress(result.path)
            yield result
        return
    _CURRENT = worker  # forked workers inherit it; nothing large is pickled on the way in
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            for result in pool.imap(_run_in_worker, jobs, chunksize=max(1, len(jobs) // (n * 8))):
                if progress:
                    progress(result.path)
                yield result
    finally:
        _CURRENT = None


def load_corpus(content_root: Path, repo_root: Path, settings: Settings, *,
                site_url: str = "", render: bool = True, preview: bool = False,
                progress: Callable[[str], None] | None = None, trust: str | None = None,
                require_trust: bool = False) -> Corpus:
    """Read, validate, check, cross-check and render every file under content_root.

    Per-file work (read, check, render) runs in parallel on large sites; decisions that need
    the whole corpus (ledger, duplicates, publishing, links between documents) come after.
    `trust` is the administrator key(s) (--trust / DISCLOSE_TRUST); with `require_trust` a
    missing or failed trust anchor raises TrustError instead of judging anything.
    """
    corpus = Corpus(settings, repo_root, content_root, preview=preview)
    worker = _Worker(settings, repo_root, content_root, site_url, render)
    doc_paths, page_paths, corpus.problems = find_sources(content_root, repo_root)
    # No symbolic link anywhere under content/ and data/: refused, named with its target.
    corpus.problems += inventory_mod.find_links(repo_root, [content_root, repo_root / settings.opendata.folder])
    jobs = [(p, "doc") for p in doc_paths] + [(p, "page") for p in page_paths] + \
        [(p, "dataset") for p in find_datasets(repo_root / settings.opendata.folder)]
    for result in _process_all(worker, jobs, progress):
        corpus.problems.extend(result.problems)
        sshsig.remember(result.verified)
        if isinstance(result.item, Document):
            corpus.documents.append(result.item)
            corpus.entries[result.path] = Entry(result.item, result.sha, result.records, result.findings,
                                                result.rendered, inventory=result.inventory)
            continue
        corpus.page_findings[result.path] = result.findings
        if isinstance(result.item, Page):
            corpus.pages.append(result.item)
            if result.rendered is not None:
                corpus.page_output[result.path] = result.rendered
    _check_ledger(corpus)
    _check_cross_references(corpus)
    _check_shared_files(corpus)
    _decide(corpus, worker, trust, require_trust)
    _gate_pages(corpus)
    _protect_linked_tables(corpus)
    if render:
        _finish_rendering(corpus, site_url)
    return corpus


def _protect_linked_tables(corpus: Corpus) -> None:
    """Disclosure control across tables and releases (opendata/linked.py): needs every dataset
    and the publish decision, so it runs after _decide; its refusals are problems of the dataset."""
    bad = {p.path for p in corpus.problems}
    # The version that goes out: the approved one while an edit waits (it is what is online).
    outgoing = [e.live.doc if e.live is not None and not corpus.preview else e.doc for e in corpus.entries.values()]
    tables = [d for d in outgoing if d.is_dataset and d.table is not None and d.source_path not in bad]
    if tables:
        from .opendata import linked

        texts = [d for d in outgoing if not d.is_dataset and d.datasets and d.source_path not in bad]
        corpus.problems.extend(linked.protect(tables, {d.source_path for d in corpus.published}, texts))


def _review(checker: Checker, path: Path, key: str) -> list[Finding]:
    """Run the confidentiality check on one file, even when its front matter is broken.

    The raw text is checked as written; the front matter (a dataset descriptor: the whole
    file) is also checked as YAML decodes it, as the site shows it (review/decoded.py)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return []  # reported as meta.encoding; nothing readable to check
    front: Any = {}
    lines: dict[str, int] = {}
    body_start, parsed = 0, False
    block = front_block(text) if path.suffix not in (".yml", ".yaml") else None
    if block and (any(k in block[0] for k in checker.front_keys) or decoded.may_differ(block[0])):
        try:
            src = split(key, text)
            front, lines, body_start, parsed = src.meta, src.lines, len(text) - len(src.body), True
        except SourceError:
            body_start = block[1]  # broken YAML: the body still starts after the closing fence
    elif block:
        # No rule reads any key this front matter has and every value reads back as written:
        # only the body offset is needed, and the YAML parse (the largest per-file cost of the
        # check of small files) is skipped.
        body_start = block[1]
    elif path.suffix in (".yml", ".yaml"):
        try:
            front, lines = parse_yaml(key, text)
            parsed = True
        except SourceError:
            pass  # reported by the reader; the raw text is still checked
    front = front if isinstance(front, dict) else {}
    findings = checker.check_text(key, text, front=front if block else {}, front_lines=lines if block else {},
                                  body_start=body_start)
    if parsed and front:
        findings += decoded.check_values(checker, key, front, lines, text, findings,
                                         default_line=2 if block else 1)
        findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return findings


def _check_ledger(corpus: Corpus) -> None:
    s = corpus.settings
    ledger_path = corpus.content_root / s.index_numbers.ledger
    try:
        corpus.ledger = Ledger.load(ledger_path, s.index_numbers.form, rel_or(ledger_path, corpus))
    except LedgerError as exc:
        corpus.problems.extend(exc.problems)
        return
    issued = corpus.ledger.numbers()
    for doc in corpus.documents:
        line = doc.line_of("index_no")
        parsed = parse_index_no(s.index_numbers.form, doc.index_no)
        org = s.publisher(doc.publisher)
        if parsed is None:
            example = s.index_numbers.form.format(org_code=org.code if org else "机构代码",
                                                  year=doc.year, serial=1)
            corpus.problems.append(Problem(doc.source_path, f"索引号“{doc.index_no}”格式不符",
                                           "index_no", line, f"格式应如 {example}，由 disclose new 生成",
                                           "meta.index_no"))
            continue
        if org and parsed.org_code != org.code:
            corpus.problems.append(Problem(
                doc.source_path, f"索引号中的机构代码 {parsed.org_code} 不是发布机构“{org.name}”的代码 "
                f"{org.code}", "index_no", line, "索引号由发布机构决定，请用 disclose renumber 重新分配",
                "meta.index_no"))
        if parsed.year != doc.year:
            corpus.problems.append(Problem(
                doc.source_path, f"索引号年份 {parsed.year} 与产生日期年份 {doc.year} 不一致",
                "index_no", line, "索引号按产生日期的年份编号，请用 disclose renumber 重新分配",
                "meta.index_no"))
        if doc.index_no not in issued:
            corpus.problems.append(Problem(
                doc.source_path, f"索引号 {doc.index_no} 未在台账中登记（不能手工填写索引号）",
                "index_no", line, "删除 index_no 一行后运行 disclose number 文件路径，由系统分配",
                "meta.index_no_unissued"))


def rel_or(path: Path, corpus: Corpus | None, repo_root: Path | None = None) -> str:
    """Repo-relative path where possible (the ledger may live outside the repository)."""
    try:
        return rel(path, repo_root or corpus.repo_root)  # type: ignore[union-attr]
    except ValueError:
        return str(path)


def _number_owner(corpus: Corpus, number: str, docs: list[Document]) -> Document:
    """Which of the files sharing an index number keeps it: the one the ledger issued it to
    (a copied file, not the original, is then blamed); else the earliest created."""
    if len(docs) > 1 and corpus.ledger is not None:
        issued_to = {e.path for e in corpus.ledger.entries if e.index_no == number}
        for doc in docs:
            if doc.source_path in issued_to:
                return doc
    return min(docs, key=lambda d: (d.created, d.source_path))


def _check_cross_references(corpus: Corpus) -> None:
    seen: dict[str, list[Document]] = defaultdict(list)
    for doc in corpus.documents:
        if doc.index_no:
            seen[doc.index_no].append(doc)
    for number, docs in seen.items():
        owner = _number_owner(corpus, number, docs)
        for doc in docs:
            if doc is owner:
                continue
            corpus.problems.append(Problem(
                doc.source_path, f"索引号 {number} 与 {owner.source_path} 重复", "index_no",
                doc.line_of("index_no"), "对后加入的文件运行 disclose renumber 文件路径",
                "meta.index_no_duplicate"))
    for doc in corpus.documents:
        if doc.replaced_by and (doc.replaced_by not in seen or doc.replaced_by == doc.index_no):
            corpus.problems.append(Problem(
                doc.source_path, f"替代文件索引号 {doc.replaced_by} 不存在", "replaced_by",
                doc.line_of("replaced_by"), "填写替代本文件的新文件的索引号", "meta.replaced_by"))
        elif doc.replaced_by and (not seen[doc.replaced_by][0].is_public or seen[doc.replaced_by][0].withdrawn):
            # The page of the abolished document would show the number of one that is not public.
            corpus.problems.append(Problem(
                doc.source_path, f"替代文件 {doc.replaced_by} 不予公开或已撤回，不能作为替代文件", "replaced_by",
                doc.line_of("replaced_by"), "替代文件须为公开的文件；没有公开的替代文件时删除 replaced_by 一行",
                "meta.replaced_by"))
    _check_interprets(corpus, seen)
    datasets = {d.source_path: d for d in corpus.documents if d.is_dataset}
    for doc in corpus.documents:
        if doc.is_dataset:
            continue
        for ref in doc.datasets:
            target = datasets.get(ref)
            if target is None:
                corpus.problems.append(Problem(
                    doc.source_path, f"引用的数据集“{ref}”不存在或无效", "datasets", doc.line_of("datasets"),
                    f"写数据集描述文件相对于仓库根目录的路径，如 {corpus.settings.opendata.folder}/示例.yml",
                    "meta.datasets"))
            elif not target.full_text_public:
                corpus.problems.append(Problem(
                    doc.source_path, f"引用的数据集“{ref}”不是主动公开的，不能嵌入", "datasets",
                    doc.line_of("datasets"), code="meta.datasets"))
    slugs: dict[str, str] = {}
    for page in corpus.pages:
        if page.slug in slugs:
            corpus.problems.append(Problem(page.source_path, f"网址名 {page.slug} 与 {slugs[page.slug]} 重复",
                                           "slug", None, code="meta.duplicate_slug"))
        slugs[page.slug] = page.source_path


def _check_shared_files(corpus: Corpus) -> None:
    """A file of a 不予公开 or withdrawn document is never published through another document."""
    kinds = (inventory_mod.ATTACHMENT, inventory_mod.LINKED, inventory_mod.DATA)
    private: dict[str, Entry] = {}
    for e in corpus.entries.values():
        if e.inventory is not None and (e.doc.disclosure is Disclosure.WITHHELD or e.doc.withdrawn):
            for path in e.inventory.paths(*kinds):
                private.setdefault(path, e)
    for e in corpus.entries.values():
        if e.inventory is None:
            continue
        for item in e.inventory.items:
            owner = private.get(item.path)
            if item.kind not in kinds or owner is None or owner is e:
                continue
            why = "不予公开" if owner.doc.disclosure is Disclosure.WITHHELD else "已撤回"
            field_ = {inventory_mod.ATTACHMENT: "attachments", inventory_mod.LINKED: "body"}.get(item.kind, "csv")
            line = e.doc.line_of("attachments") if item.kind == inventory_mod.ATTACHMENT else \
                _line_naming(corpus.repo_root, e.path, item.path, e.doc.body_line)
            corpus.problems.append(Problem(
                e.path, f"“{item.path}”也是{why}的文档 {owner.path} 的附件或链接文件，不能通过本文档发布", field_,
                line, f"{why}文档的文件不能发布；确需公开请另存一份经审查的文件", "meta.attachment"))


def _line_naming(repo_root: Path, source: str, path: str, default: int) -> int:
    """The first line of `source` naming the file `path` (by its name), else `default`."""
    try:
        text = (repo_root / source).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return default
    pos = text.find(path.rsplit("/", 1)[-1])
    return text.count("\n", 0, pos) + 1 if pos >= 0 else default


def interpretations(published: Iterable[Document]) -> dict[str, list[Document]]:
    """The 政策解读 among `published`, by the index number each interprets, oldest first (the
    site's 政策解读 row and the search index's related link both read this)."""
    out: dict[str, list[Document]] = {}
    for d in sorted((d for d in published if d.interprets), key=lambda d: (d.published or d.created, d.index_no)):
        out.setdefault(d.interprets, []).append(d)
    return out


def _check_interprets(corpus: Corpus, seen: dict[str, list[Document]]) -> None:
    """A 政策解读 names an existing, public policy document (its page will link the original)."""
    for doc in corpus.documents:
        if not doc.interprets:
            continue
        target = seen.get(doc.interprets, [None])[0]
        if target is None:
            why = f"解读的文件索引号 {doc.interprets} 不存在"
        elif not target.is_public or target.withdrawn:
            why = f"解读的文件 {doc.interprets} 不予公开或已撤回，不能关联"
        elif target.interprets:
            why = f"解读的文件 {doc.interprets} 本身是解读，应关联政策原文"
        else:
            continue
        corpus.problems.append(Problem(doc.source_path, why, "interprets", doc.line_of("interprets"),
                                       "填写被解读的政策文件（原文）的索引号", "meta.interprets"))


def _gate(corpus: Corpus, trust: str | None, require_trust: bool) -> tuple[Gate | None, History | None]:
    """The publish gate (roster verified against the trust anchor) and the authorship history.

    (None, None) with a problem when the roster is unreadable. TrustError when the trust is
    required (a real build) but missing or broken; in a preview the roster is used as it is
    and the note says so.
    """
    a = corpus.settings.approval
    roster_path = corpus.content_root / a.roster
    try:
        roster = Roster.load(roster_path, rel_or(roster_path, corpus))
    except ConfigError as exc:
        corpus.problems.extend(exc.problems)
        return None, None
    policy_path = corpus.content_root / a.policy
    shown = rel_or(policy_path, corpus)
    baseline: str | None = None
    try:
        anchor = trust_mod.resolve_anchor(trust)
        if anchor is None:
            raise trust_mod.TrustError(
                "没有信任锚：发布前必须用 --trust 管理员公钥文件 或环境变量 DISCLOSE_TRUST 提供管理员公钥"
                "（示例网站见 README“审核与签名”）。")
        policy = trust_mod.verify(policy_path, shown, corpus.settings, roster.raw, anchor)
        baseline = None if policy.baseline in ("", "-") else policy.baseline
        corpus.trust_note = f"名册和审核制度经管理员签名核验（{policy.signed_at}）"
        corpus.signed_pages = dict(policy.pages)
    except trust_mod.TrustError as exc:
        if require_trust:
            raise
        corpus.trust_note = f"未核验：{exc}"
        loaded = trust_mod.load_policy(policy_path)
        baseline = loaded.baseline if loaded and loaded.baseline not in ("", "-") else None
    history = History.read(corpus.repo_root, roster, baseline)
    return Gate(tuple(a.stages), roster), history


def _authors(history: History | None, files: list[str], upto: str | None = None) -> Authors:
    if history is None:
        return Authors(frozenset(), False, "不是 git 仓库，无法从提交历史确定作者")
    return history.authors_of(files, upto=upto)


def _judge(corpus: Corpus, gate: Gate, history: History | None, entry: Entry) -> Verdict:
    doc = entry.doc
    entry.authors = _authors(history, published_files(entry))
    assert entry.records is not None
    entry.verdict = gate.judge(doc, entry.sha, entry.authors, entry.records, entry.findings)
    return entry.verdict


def _decide(corpus: Corpus, worker: _Worker, trust: str | None, require_trust: bool) -> None:
    on = today()
    gate, history = _gate(corpus, trust, require_trust)
    corpus.gate, corpus.history = gate, history
    bad = {p.path for p in corpus.problems}
    for entry in sorted(corpus.entries.values(), key=lambda e: (e.doc.published or e.doc.created,
                                                               e.doc.index_no), reverse=True):
        doc = entry.doc
        if doc.source_path in bad or gate is None:
            entry.state, entry.reason = State.ERROR, State.ERROR.value
        elif doc.disclosure is Disclosure.WITHHELD:
            entry.state, entry.reason = State.WITHHELD, State.WITHHELD.value
        elif doc.withdrawn:
            # Off the site at once; the notice page at its URL waits for the withdrawal's approval.
            verdict = _judge(corpus, gate, history, entry)
            entry.state, entry.reason = State.WITHDRAWN, f"已撤回（{doc.withdrawn}）：{doc.withdrawn_reason}"
            if verdict.reason is None:
                corpus.withdrawn.append(doc)
            else:
                entry.reason += f"；撤回说明页{verdict.reason}"
        else:
            verdict = _judge(corpus, gate, history, entry)
            if verdict.reason is None and doc.published is None:
                doc = entry.doc = replace(doc, published=verdict.publish_date)  # a new value, not a change
            if verdict.reason is None and doc.published and doc.published > on:
                entry.state, entry.reason = State.SCHEDULED, f"发布日期 {doc.published} 尚未到达"
            elif verdict.reason is None:
                entry.state, entry.reason = State.PUBLISH, ""
            else:
                entry.state, entry.reason = State.WAITING, verdict.reason
                _keep_approved_version(corpus, gate, history, worker, entry, on)
        _place(corpus, entry, bad)
    corpus.documents = [corpus.entries[d.source_path].doc if d.source_path in corpus.entries else d
                        for d in corpus.documents]
    corpus.published.sort(key=lambda d: (d.published or d.created, d.index_no), reverse=True)


def _gate_pages(corpus: Corpus) -> None:
    """Publish a fixed page only when the administrator-signed policy pins its path and hash.

    Pages are site configuration with no four-eyes approval, so without a verified policy
    naming them (no trust anchor, a broken signature, an edit after signing) none is published
    and a generated page of the same slug (index, 404, search…) stays. The staff preview shows
    them as they are and lists what a real build would leave out.
    """
    from .approval import trust as trust_mod

    pinned = corpus.signed_pages or {}
    keep: list[Page] = []
    for page in corpus.pages:
        sha = trust_mod.page_hash(corpus.repo_root, page.source_path)
        if sha and pinned.get(page.source_path) == sha:
            keep.append(page)
            continue
        why = ("固定页面未经管理员签名或签名后被改动过" if corpus.signed_pages is not None
               else "名册和审核制度未经管理员签名核验，固定页面一律不发布")
        corpus.held_pages.append((page.source_path,
                                  f"{why}，不发布（approval.page_unsigned）；同名的自动生成页面保持不变。"
                                  "请管理员核对后运行 disclose roster sign 重新签名并提交"))
        if corpus.preview:
            keep.append(page)
        else:
            corpus.page_output.pop(page.source_path, None)
    corpus.pages = keep


def _place(corpus: Corpus, entry: Entry, bad: set[str]) -> None:
    """Put the document in the published list (the version that goes out) or hold it back."""
    doc = entry.doc
    if entry.state is State.LIVE_APPROVED and not corpus.preview:
        corpus.published.append(entry.live.doc)  # type: ignore[union-attr]
        corpus.held_back.append(HeldBack(doc, entry.reason))  # the edit itself is held back
    elif entry.state is State.PUBLISH or (corpus.preview and doc.source_path not in bad and not doc.withdrawn):
        corpus.published.append(doc)
    else:
        corpus.held_back.append(HeldBack(doc, entry.reason))


def _keep_approved_version(corpus: Corpus, gate: Gate, history: History | None, worker: _Worker,
                           entry: Entry, on: Any) -> None:
    """When the current version waits, publish the last approved one, recovered from git."""
    if history is None or entry.records is None:
        return
    found = find_live(corpus, gate, history, worker, entry)
    if found is None:
        return
    if found.doc.published is None:
        found.doc = replace(found.doc, published=found.verdict.publish_date)
    if found.doc.published and found.doc.published > on:
        return
    entry.live = found
    entry.reason = f"{entry.reason}；网站继续显示 {found.verdict.chain[-1].at[:10]} 批准的版本（提交 {found.commit[:10]}）"
    entry.state = State.LIVE_APPROVED


def _finish_rendering(corpus: Corpus, site_url: str) -> None:
    """Resolve links between documents, derive summaries, hold back what now has problems.

    A link to a 不予公开 or 依申请公开 document is an error (its author should not link it);
    a link to a document that is only waiting for approval holds the linking document back.
    """
    urls = {d.source_path: doc_url(d) for d in corpus.published if d.full_text_public}
    by_path = {d.source_path: d for d in corpus.documents}
    waiting: dict[str, str] = {}
    outputs = [(p, e.rendered) for p, e in corpus.entries.items()]
    outputs += [(p, e.live.rendered) for p, e in corpus.entries.items() if e.live is not None]
    outputs += list(corpus.page_output.items())
    for path, out in outputs:
        if out is None:
            continue
        remaining = []
        for link in out.doc_links:
            doc = by_path.get(link[0])
            if link[0] not in urls and doc is not None and doc.full_text_public:
                waiting.setdefault(path, f"链接的文档“{link[1]}”尚未发布")
                out.html = out.html.replace(f'"{DOC_MARK}{link[0]}"', f'"{site_url}/{doc_url(doc)}"')
            else:
                remaining.append(link)
        out.doc_links = remaining
        corpus.problems.extend(resolve_doc_links(out, path, site_url, urls.get))
    live = {d.source_path for d in corpus.published}
    live_numbers = {d.index_no for d in corpus.published}
    for doc in corpus.published:
        for ref in doc.datasets if not doc.is_dataset else ():
            if ref not in live:
                waiting.setdefault(doc.source_path, f"嵌入的数据集“{ref}”尚未发布")
        if doc.interprets and doc.interprets not in live_numbers:
            waiting.setdefault(doc.source_path, f"解读的政策文件 {doc.interprets} 尚未发布")
    bad = {p.path for p in corpus.problems}
    hold = {d.source_path: ("有错误，需先修正" if d.source_path in bad else waiting[d.source_path])
            for d in corpus.published if d.source_path in bad or (d.source_path in waiting and not corpus.preview)}
    held_numbers = {d.index_no for d in corpus.published if d.source_path in hold}
    for d in corpus.published:  # an original held back just now takes its interpretations with it
        if d.interprets in held_numbers and d.source_path not in hold and not corpus.preview:
            hold[d.source_path] = f"解读的政策文件 {d.interprets} 尚未发布"
    corpus.held_back += [HeldBack(d, hold[d.source_path]) for d in corpus.published if d.source_path in hold]
    corpus.published = [d for d in corpus.published if d.source_path not in hold]
    for path, reason in hold.items():
        e = corpus.entries[path]
        e.state, e.reason, e.live = State.WAITING, reason, None
