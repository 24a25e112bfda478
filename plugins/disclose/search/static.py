"""The static index: bigram-encoded twin pages, indexed by Pagefind's standard binary.

Twins are written to a temporary folder (never deployed) at the paths of the real pages, so
Pagefind's result URLs are the real URLs. `<html lang="und">` keeps Pagefind from segmenting
the bigrams again (with `zh` it re-segments and exactness drops).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import BuildError
from .documents import SearchDoc
from .encode import encode_text

EMPTY = "__empty__.html"  # the one twin of a site with nothing published


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


def twin(doc: SearchDoc) -> str:
    """The minimal twin page of one document."""
    meta = _tags("meta", [("title", doc.title), ("index_no", doc.index_no), ("publisher", doc.publisher),
                          ("published", doc.published), ("doc_no", doc.doc_no), ("validity", doc.validity),
                          ("related", doc.related), ("related_url", doc.related_url)])
    filters = _tags("filter", [("category", doc.category), ("publisher", doc.publisher),
                               ("year", str(doc.year)), ("disclosure", doc.disclosure),
                               ("validity", doc.validity)])
    return ("<!DOCTYPE html><html lang=\"und\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(doc.title)}</title></head><body>"
            f"<main data-pagefind-body data-pagefind-sort=\"date:{doc.published}\">{meta}{filters}"
            f"<p>{html.escape(encode_text(doc.text))}</p></main></body></html>")


class StaticIndex:
    """Writes twins and runs Pagefind in the background while the site is being written."""

    def __init__(self, docs: list[SearchDoc], output: Path) -> None:
        self.docs, self.output = docs, output
        self.twins = Path(tempfile.mkdtemp(prefix="disclose-twins-"))
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        """Write every twin, then start Pagefind (returns at once)."""
        for doc in self.docs:
            path = self.twins / doc.url
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(twin(doc), encoding="utf-8")
        if not self.docs:
            # Pagefind refuses an empty site; this placeholder is dropped by search.js.
            (self.twins / EMPTY).write_text(
                '<html lang="und"><body><main data-pagefind-body><p>zzz</p></main></body></html>',
                encoding="utf-8")
        self.process = subprocess.Popen(
            [str(pagefind_binary()), "--site", str(self.twins), "--output-path",
             str(self.output / "pagefind"), "--silent"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def abort(self) -> None:
        """Stop Pagefind and remove the twins (the build failed elsewhere)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.twins, ignore_errors=True)

    def wait(self) -> None:
        """Wait for Pagefind; fail the build if it failed. The twins are removed either way."""
        try:
            if self.process is None:
                return
            out, _ = self.process.communicate(timeout=1800)
            if self.process.returncode != 0:
                raise BuildError(f"Pagefind 建立检索索引失败：{out[-2000:]}")
        finally:
            shutil.rmtree(self.twins, ignore_errors=True)
