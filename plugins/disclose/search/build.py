"""Building both search indexes alongside the page writing (overlapped, not a second pass)."""

from __future__ import annotations

import threading
from pathlib import Path

from ..corpus import Corpus
from ..errors import BuildError
from . import sqlite_index
from .documents import search_docs
from .static import StaticIndex


class SearchBuild:
    """Pagefind runs as a subprocess and SQLite in a thread while Pelican writes the pages."""

    def __init__(self, corpus: Corpus, output: Path) -> None:
        self.docs = search_docs(corpus)
        self.output = output
        self.sqlite_path = output / corpus.settings.search.sqlite_path
        self.static = StaticIndex(self.docs, output)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._sqlite, name="sqlite-index")

    def _sqlite(self) -> None:
        try:
            self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            sqlite_index.build(self.docs, self.sqlite_path)
        except BaseException as exc:  # reported by wait()
            self.error = exc

    def start(self) -> None:
        """Start both indexes."""
        self.static.start()
        self.thread.start()

    def abort(self) -> None:
        """Stop everything after a failure elsewhere in the build."""
        self.static.abort()
        self.thread.join()

    def wait(self) -> None:
        """Wait for both; raise BuildError if either failed."""
        self.thread.join()
        self.static.wait()
        if self.error:
            raise BuildError(f"服务器检索索引建立失败：{self.error}") from self.error
