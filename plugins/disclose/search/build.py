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
    """Pagefind and the SQLite build run in their own processes while Pelican writes the pages
    (a thread would hold the GIL that page rendering needs)."""

    def __init__(self, corpus: Corpus, output: Path) -> None:
        self.docs = search_docs(corpus)
        self.output = output
        self.sqlite_path = output / corpus.settings.search.sqlite_path
        self.static = StaticIndex(self.docs, output, corpus.settings.search.shard_size)
        ctx = multiprocessing.get_context("fork")
        self.errors = ctx.SimpleQueue()
        self.process = ctx.Process(target=self._sqlite, name="sqlite-index", daemon=True)

    def _sqlite(self) -> None:
        try:
            self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            sqlite_index.build(self.docs, self.sqlite_path)
        except BaseException as exc:  # reported by wait() in the parent
            self.errors.put(f"{exc}\n{traceback.format_exc(limit=3)}")
            raise SystemExit(1) from None

    def start(self) -> None:
        """Start both indexes."""
        self.static.start()
        self.process.start()

    def abort(self) -> None:
        """Stop everything after a failure elsewhere in the build."""
        self.static.abort()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()

    def wait(self) -> None:
        """Wait for both; raise BuildError if either failed."""
        self.process.join()
        self.static.wait()
        if self.process.exitcode != 0:
            detail = self.errors.get() if not self.errors.empty() else f"退出码 {self.process.exitcode}"
            raise BuildError(f"服务器检索索引建立失败：{detail}")
