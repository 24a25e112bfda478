"""The static index: bigram-encoded twin pages, indexed by Pagefind's standard binary.

Twins are written to a temporary folder (never deployed) at the paths of the real pages, so
Pagefind's result URLs are the real URLs. The folder is memory-backed (/dev/shm) when that has
room: creating, reading and deleting thousands of small files on a journalled disk that other
processes of the build are writing to cost about a third of `make publish`'s time.
`<html lang="und">` keeps Pagefind from segmenting the bigrams again (with `zh` it re-segments
and exactness drops).

The document's own text, from which search.js cuts excerpts with the original punctuation, is
not a Pagefind meta field: Pagefind 1.5 indexes every meta value word by word, which cost 40%
of its time and a third of the index for words no query uses. It is a small JSON file per
document under `pagefind-text/` (the page's path + `.json`), fetched only for a shown result.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from ..errors import BuildError
from ..procs import alive
from .documents import SearchDoc
from .encode import normalise_and_encode

SHM = Path("/dev/shm")
TWINS_PREFIX = "disclose-twins-"  # + the building process's id + "-" + a random part
TWIN_BYTES = 64 * 1024  # room asked of /dev/shm per document (a twin is about 8 KB)
EMPTY = "__empty__.html"  # the one twin of a site with nothing published
TEXT_DIR = "pagefind-text"  # output folder of the documents' texts for excerpts (search.js)


def pagefind_binary() -> Path:
    """The standard (not extended) Pagefind binary from the pagefind-bin wheel."""
    import pagefind_bin

    path = Path(pagefind_bin.__file__).parent / "pagefind"
    if not path.is_file():
        raise BuildError("找不到 Pagefind 程序（pagefind-bin 包），请运行 make install")
    return path


def _tags(kind: str, pairs: list[tuple[str, str]]) -> str:
    # One empty element per value: Pagefind reads "key:value" from the attribute itself.
    return "".join(f'<span data-pagefind-{kind}="{html.escape(k)}:{html.escape(v)}"></span>'
                   for k, v in pairs if v)


def twin(doc: SearchDoc, encoding: str | None = None) -> str:
    """The minimal twin page of one document: short meta fields for the result list, filters,
    and the encoded text (`encoding`, else computed; what Pagefind indexes)."""
    meta = _tags("meta", [("title", doc.title), ("index_no", doc.index_no), ("publisher", doc.publisher),
                          ("published", doc.published), ("doc_no", doc.doc_no), ("validity", doc.validity),
                          ("related", doc.related), ("related_url", doc.related_url)])
    filters = _tags("filter", [("category", doc.category), ("publisher", doc.publisher),
                               ("year", str(doc.year)), ("disclosure", doc.disclosure),
                               ("validity", doc.validity)])
    return ("<!DOCTYPE html><html lang=\"und\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(doc.title)}</title></head><body>"
            f"<main data-pagefind-body data-pagefind-sort=\"date:{doc.published}\">{meta}{filters}"
            f"<p>{html.escape(normalise_and_encode(doc.text)[1] if encoding is None else encoding)}</p></main></body></html>")


def text_json(doc: SearchDoc) -> str:
    """The `pagefind-text` file of one document: its text as its page shows it (whitespace
    collapsed), as JSON with `<`, `>` and `&` escaped, so no browser can take it for markup."""
    body = json.dumps({"text": " ".join(doc.text.split())}, ensure_ascii=False)
    return body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def text_path(doc: SearchDoc) -> str:
    """Where `text_json(doc)` is written, relative to the output (search.js derives it from the
    result's URL the same way)."""
    return f"{TEXT_DIR}/{doc.url}.json"


@dataclass(frozen=True)
class Shard:
    """One Pagefind index: its folder under the output (`pagefind` is the primary) and docs."""

    folder: str
    docs: tuple[SearchDoc, ...]


def plan_shards(docs: list[SearchDoc], size: int) -> list[Shard]:
    """Documents in shards of at most `size` (0: one shard), cut at year boundaries: whole years
    are packed together, newest first, and a year larger than `size` is split (in category
    order) into as few shards of equal size as hold it.
    The first shard (the newest years) is the primary index in `pagefind/`."""
    ordered = sorted(docs, key=lambda d: (-d.year, d.category_id, d.url))
    if size <= 0 or len(ordered) <= size:
        return [Shard("pagefind", tuple(ordered))]
    years: dict[int, list[SearchDoc]] = {}
    for d in ordered:
        years.setdefault(d.year, []).append(d)
    groups: list[tuple[str, list[SearchDoc]]] = []
    current: list[SearchDoc] = []
    span: list[int] = []
    for year, ds in years.items():
        if len(ds) > size:
            if current:
                groups.append((_label(span), current))
                current, span = [], []
            # In equal parts (3,027 in shards of 3,000: 1,514 + 1,513, not 3,000 + 27): every
            # shard costs a Pagefind run and a fetch per query, a small one as much as a full one.
            parts = -(-len(ds) // size)
            bounds = [len(ds) * k // parts for k in range(parts + 1)]
            for n in range(parts):
                groups.append((f"{year}-{n + 1}", ds[bounds[n]:bounds[n + 1]]))
            continue
        if len(current) + len(ds) > size:
            groups.append((_label(span), current))
            current, span = [], []
        current += ds
        span.append(year)
    if current:
        groups.append((_label(span), current))
    return [Shard("pagefind" if i == 0 else f"pagefind-{label}", tuple(ds))
            for i, (label, ds) in enumerate(groups)]


def twin_folder(count: int, shm: Path = SHM) -> Path:
    """A new temporary folder for the twins of `count` documents: in memory (/dev/shm) when it
    is writable and has room for them with a margin, else in the system's temporary folder.
    Its name carries this process's id: twins a killed build left behind are removed here."""
    prefix = f"{TWINS_PREFIX}{os.getpid()}-"
    try:
        if os.access(shm, os.W_OK):
            remove_stale_twins(shm)
            if shutil.disk_usage(shm).free > 256 * 2**20 + count * TWIN_BYTES:
                return Path(tempfile.mkdtemp(prefix=prefix, dir=shm))
    except OSError:
        pass
    remove_stale_twins(Path(tempfile.gettempdir()))
    return Path(tempfile.mkdtemp(prefix=prefix))


def remove_stale_twins(folder: Path) -> list[Path]:
    """Remove the twin folders under `folder` whose build process no longer exists (a killed
    build leaves its twins, in memory when under /dev/shm, until someone removes them)."""
    removed = []
    for path in folder.glob(f"{TWINS_PREFIX}*-*"):
        pid = path.name[len(TWINS_PREFIX):].split("-", 1)[0]
        if path.is_dir() and not path.is_symlink() and pid.isdigit() and int(pid) != os.getpid() \
                and not alive(int(pid)) and path.stat().st_uid == os.getuid():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _label(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[-1]}-{years[0]}"


class StaticIndex:
    """Writes twins and runs Pagefind, one shard after another (so memory stays bounded by the
    largest shard), in the background while the site is being written. pagefind/shards.json
    lists the shard folders for search.js (primary first; the others are merged with
    Pagefind's mergeIndex)."""

    def __init__(self, docs: list[SearchDoc], output: Path, shard_size: int = 0,
                 after: Callable[[list[tuple[str, str]]], None] | None = None) -> None:
        """`after`, when given, runs in the writer once every twin and text is written, with
        `normalise_and_encode(doc.text)` of each document in `docs` order (the SQLite index reuses them); an
        exception there fails the build (`wait`)."""
        self.docs, self.output, self.after = docs, output, after
        self.shards = plan_shards(docs, shard_size)
        self.twins = twin_folder(len(docs))
        self.process: subprocess.Popen[str] | None = None
        self.writer: multiprocessing.process.BaseProcess | None = None
        self.progress: Connection | None = None
        self.thread: threading.Thread | None = None
        self.error = ""
        self.stopped = threading.Event()

    def _write_twins(self, shard: Shard, root: Path, encodings: dict[int, tuple[str, str]]) -> None:
        root.mkdir(parents=True, exist_ok=True)
        made: set[Path] = set()
        for doc in shard.docs:
            path = root / doc.url
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            encodings[id(doc)] = pair = normalise_and_encode(doc.text)  # shards hold the objects of self.docs
            path.write_text(twin(doc, pair[1]), encoding="utf-8")
        if not shard.docs:
            # Pagefind refuses an empty site; this placeholder is dropped by search.js.
            (root / EMPTY).write_text(
                '<html lang="und"><body><main data-pagefind-body><p>zzz</p></main></body></html>',
                encoding="utf-8")

    def _write_texts(self) -> None:
        made: set[Path] = set()
        for doc in self.docs:
            path = self.output / text_path(doc)
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_text(text_json(doc), encoding="utf-8")

    def _ready(self, wanted: object) -> bool:
        """Wait for the writer to report `wanted` (a shard's number, or "texts"; it reports in
        order); False when it died (its end of the pipe closes: EOF) or the build is aborted."""
        assert self.progress is not None
        while not self.stopped.is_set():
            if self.progress.poll(0.5):
                try:
                    return self.progress.recv() == wanted
                except EOFError:
                    return False
        return False

    def _run(self) -> None:
        try:
            assert self.writer is not None
            for n, shard in enumerate(self.shards):
                # Each shard is indexed as soon as its twins are written (pipelined with the rest).
                if not self._ready(n):
                    self._writer_failed()
                    return
                root = self.twins / str(n)
                self.process = subprocess.Popen(
                    [str(pagefind_binary()), "--site", str(root), "--output-path",
                     str(self.output / shard.folder), "--silent"],
                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                out, _ = self.process.communicate(timeout=1800)
                shutil.rmtree(root, ignore_errors=True)
                if self.stopped.is_set():
                    return
                if self.process.returncode != 0:
                    self.error = f"Pagefind 建立检索索引失败（{shard.folder}）：{out[-2000:]}"
                    return
            if not self._ready("texts") or not self._ready("after"):
                self._writer_failed()
                return
            self.writer.join()
            (self.output / "pagefind" / "shards.json").write_text(
                json.dumps({"shards": [s.folder for s in self.shards],
                            "documents": [len(s.docs) for s in self.shards]}), encoding="utf-8")
        except Exception as exc:  # reported by wait()
            self.error = f"Pagefind 建立检索索引失败：{exc}"

    def _writer_failed(self) -> None:
        if not self.stopped.is_set():
            assert self.writer is not None
            self.writer.join(timeout=30)
            self.error = f"检索索引页面写入失败（退出码 {self.writer.exitcode}）"

    def _write_all(self, progress: Connection) -> None:
        """In the forked writer: each shard's twins (reported one by one), the texts, then
        `after` (reported as "after"; the writer exits non-zero if it fails)."""
        encodings: dict[int, tuple[str, str]] = {}
        for n, shard in enumerate(self.shards):
            self._write_twins(shard, self.twins / str(n), encodings)
            progress.send(n)
        self._write_texts()
        progress.send("texts")
        if self.after is not None:
            self.after([encodings[id(d)] for d in self.docs])
        progress.send("after")

    def start(self) -> None:
        """Start writing twins and running Pagefind (returns at once). The twins are encoded and
        written by a forked process (in a thread they would hold the GIL that page rendering
        needs; forked here, in the main thread, not from a thread); Pagefind indexes each shard
        as soon as the writer reports it written."""
        ctx = multiprocessing.get_context("fork")
        self.progress, sender = ctx.Pipe(duplex=False)
        self.writer = ctx.Process(target=self._write_all, args=(sender,), name="pagefind-twins", daemon=True)
        self.writer.start()
        sender.close()  # the writer holds the only sending end: its death reads as EOF here
        self.thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self.thread.start()

    def abort(self) -> None:
        """Stop Pagefind and remove the twins (the build failed elsewhere)."""
        self.stopped.set()
        if self.writer is not None and self.writer.is_alive():
            self.writer.kill()
        if self.process and self.process.poll() is None:
            self.process.kill()
        if self.thread:
            self.thread.join()
        shutil.rmtree(self.twins, ignore_errors=True)

    def wait(self) -> None:
        """Wait for every shard; fail the build if one failed. The twins are removed either way."""
        try:
            if self.thread is not None:
                self.thread.join()
            if self.error:
                raise BuildError(self.error)
        finally:
            shutil.rmtree(self.twins, ignore_errors=True)
