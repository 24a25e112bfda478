"""One import run over saved pages: find them, read, map, dedupe, plan index numbers, write,
redirect map; and how each page fared, as staff read it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..corpus import load_corpus
from ..newdoc import open_ledger
from ..urls import doc_url
from . import convert
from .extract import read_page
from .redirects import Redirect, new_url

SUFFIXES = (".html", ".htm", ".shtml", ".txt")  # what a folder given to the import is searched for


def page_files(paths: list[Path]) -> list[tuple[Path, Path | None]]:
    """(page file, the folder it was found in, or None for a file given directly); folders are
    searched for SUFFIXES, in name order."""
    files: list[tuple[Path, Path | None]] = []
    for p in paths:
        if p.is_dir():
            files += [(f, p) for f in sorted(p.rglob("*")) if f.suffix.lower() in SUFFIXES]
        else:
            files.append((p, None))
    return files


@dataclass
class Options:
    """What the staff member asked for on the command line."""

    publisher: str | None = None
    category: str | None = None
    dry_run: bool = False
    old_base: str | None = None  # the old site's address of the folder given (for pages without a URL)


def _old_url(page_url: str, path: Path, root: Path | None, base: str | None) -> str:
    if page_url or not base or root is None:
        return page_url
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    return base.rstrip("/") + "/" + rel


def run(files: list[tuple[Path, Path | None]], settings: Settings, content_root: Path, repo_root: Path,
        options: Options, advance: Callable[[str], None] = lambda _: None,
        ) -> tuple[list[convert.Result], list[Redirect]]:
    """Import (or, in a dry run, plan) every page; return the results and the redirect map."""
    corpus = load_corpus(content_root, repo_root, settings, render=False)
    ledger = open_ledger(content_root, settings)
    seen: set[tuple] = set()
    results, redirects = [], []
    for path, root in files:
        result = _one(path, settings, corpus, ledger, options, seen)
        result.page.url = _old_url(result.page.url, path, root, options.old_base)
        results.append(result)
        if result.new_url:
            redirects.append(Redirect(result.page.url, result.original_index_no,
                                      str(result.metadata.get("index_no") or ""), result.new_url, str(path)))
        if result.planned and not options.dry_run:
            target = convert.write(result.metadata, result.page.body, settings, content_root, repo_root,
                                   result.metadata["index_no"], ledger)
            result.written = (target.relative_to(repo_root).as_posix() if target.is_relative_to(repo_root)
                              else str(target))
        advance(str(path))
    return results, redirects


def _one(path: Path, settings: Settings, corpus, ledger, options: Options, seen: set[tuple]) -> convert.Result:
    page = read_page(str(path), path.read_bytes())
    meta = convert.map_metadata(page, settings, options.publisher)
    if options.category and (not meta["category"] or settings.category(str(meta["category"])) is None):
        meta["category"] = options.category
    original = page.found.first("index_no")
    result = convert.Result(page, meta, original_index_no=original)
    key = (meta["title"], meta["publisher"], meta["created"] or meta["published"])
    if problems := convert.problems_of(meta, settings):
        result.error = "；".join(problems)
        return result
    if (dup := convert.duplicate_of(meta, original, corpus)) or key in seen:
        result.skipped = f"已导入过（{dup.source_path if dup else '本次导入中重复'}）"
        if dup:
            meta["index_no"] = dup.index_no
            result.new_url = new_url(settings.site.domain, doc_url(dup))
        return result
    seen.add(key)
    index_no, note = convert.assign_index_no(meta, original, settings, ledger)
    meta["index_no"] = index_no
    if index_no != original and original:
        meta["legacy_index_no"] = original
    if note:
        page.warnings.append(note)
    result.new_url = new_url(settings.site.domain, doc_url(_Numbered(index_no)))
    result.planned = True
    return result


@dataclass(frozen=True)
class _Numbered:
    """Enough of a document for urls.doc_url (the one URL scheme) before it exists."""

    index_no: str


def outcome(r: convert.Result) -> str:
    """One page's line: where it came from, how many fields were found, what became of it."""
    state = (r.error and f"失败：{r.error}" or r.skipped
             or (f"已写入 {r.written}，索引号 {r.metadata['index_no']}，待审核" if r.written
                 else f"可导入（试运行），将分配索引号 {r.metadata['index_no']}"))
    found = sum(1 for k in convert.FIELDS if r.metadata.get(k))
    return f"{r.page.source}（{r.page.encoding}，找到 {found}/{len(convert.FIELDS)} 个字段）：{state}"


def summary(results: list[convert.Result], dry_run: bool) -> str:
    """The closing line of a run: pages imported, skipped, failed and to be looked at."""
    done = sum(1 for r in results if r.written or (dry_run and r.planned))
    failed = sum(1 for r in results if r.error)
    skipped = sum(1 for r in results if r.skipped)
    attention = sum(1 for r in results if r.page.warnings and not r.error)
    return (f"共 {len(results)} 个页面：导入 {done}，跳过 {skipped}，失败 {failed}，需核对 {attention}。"
            + ("（试运行，未写入任何文件）" if dry_run else "导入的文档需经保密检查和审核后才会发布。"))
