"""Building both search indexes alongside the page writing (overlapped, not a second pass)."""

from __future__ import annotations

import multiprocessing
import traceback
from pathlib import Path

from ..corpus import Corpus
from ..errors import BuildError
from . import sqlite_index
from .documents import search_docs
from .static import StaticIndex


class SearchBuild:
    """Both indexes in a forked writer while Pelican writes the pages (a thread would hold the
    GIL that page rendering needs): it encodes each text once, writes the twins Pagefind
    indexes (shard by shard, each indexed as soon as it is written) and the texts, then builds
    the SQLite index from the same encodings."""

    def __init__(self, corpus: Corpus, output: Path) -> None:
        self.docs = search_docs(corpus)
        self.output = output
        self.sqlite_path = output / corpus.settings.search.sqlite_path
        self.errors = multiprocessing.get_context("fork").SimpleQueue()
        self.static = StaticIndex(self.docs, output, corpus.settings.search.shard_size, after=self._sqlite)

    def _sqlite(self, encodings: list[tuple[str, str]]) -> None:
        try:
            self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            sqlite_index.build(self.docs, self.sqlite_path, encodings)
        except BaseException as exc:  # reported by wait() in the parent
            self.errors.put(f"{exc}\n{traceback.format_exc(limit=3)}")
            raise SystemExit(1) from None

    def start(self) -> None:
        """Start both indexes."""
        self.static.start()

    def abort(self) -> None:
        """Stop everything after a failure elsewhere in the build."""
        self.static.abort()

    def wait(self) -> None:
        """Wait for both; raise BuildError if either failed."""
        try:
            self.static.wait()
        except BuildError:
            if not self.errors.empty():
                raise BuildError(f"服务器检索索引建立失败：{self.errors.get()}") from None
            raise
