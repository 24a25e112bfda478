"""Signal handlers that plug the corpus into Pelican; every extension point is listed here."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Author
from pelican.readers import BaseReader

from .. import config, urls
from ..corpus import Corpus, load_corpus
from ..model import Disclosure, Page
from ..search.build import SearchBuild
from .feeds import FeedWriter
from .generator import CatalogueGenerator

CORPUS_KEY = "DISCLOSE_CORPUS"
SEARCH_KEY = "DISCLOSE_SEARCH_BUILD"
LOOKUP_KEY = "DISCLOSE_BY_PATH"
WHILE_INDEXING_KEY = "DISCLOSE_WHILE_INDEXING"  # callable(corpus): the build's closing work


def repo_root_of(settings: dict[str, Any]) -> Path:
    """The repository root: the parent of the content folder."""
    return Path(settings["PATH"]).resolve().parent


def on_initialized(pelican: Any) -> None:
    """Validate configuration and read every document before Pelican reads anything."""
    s = pelican.settings
    # Every template escapes by default, whatever pelicanconf.py says: what staff type is text.
    # Only HTML our code built (sanitised bodies, tables, charts) is marked safe, in the theme.
    # Templates do not change during a build: no modification check on every get_template.
    s["JINJA_ENVIRONMENT"] = {**s.get("JINJA_ENVIRONMENT", {}), "autoescape": True, "auto_reload": False}
    # The URL scheme (urls.py) is the one source of every link a template writes.
    s["JINJA_GLOBALS"] = {**s.get("JINJA_GLOBALS", {}), "urls": urls}
    # Nothing under content/ is copied wholesale: only the files of published documents'
    # inventories (site/generator.py copy_assets), whatever STATIC_PATHS pelicanconf.py sets.
    s["STATIC_PATHS"] = []
    # build.py writes into a fresh staging folder; Pelican must not empty it after the search
    # indexes have started writing into it (it would, with DELETE_OUTPUT_DIRECTORY, between
    # reading and writing).
    s["DELETE_OUTPUT_DIRECTORY"] = pelican.delete_outputdir = False
    site_settings = config.load(s.get(config.CONFIG_NAME))
    preview = bool(s.get("DISCLOSE_PREVIEW"))
    corpus = load_corpus(Path(s["PATH"]), repo_root_of(s), site_settings,
                         site_url=s.get("SITEURL", ""), preview=preview,
                         trust=s.get("DISCLOSE_TRUST"), require_trust=not preview)
    corpus.raise_for_problems()
    s[CORPUS_KEY] = corpus
    # Pelican hands the reader absolute paths; index both lookups once, not per file.
    root = str(corpus.repo_root.resolve())
    s[LOOKUP_KEY] = {
        **{str(Path(root, p.source_path)): p for p in corpus.pages},
        **{str(Path(root, d.source_path)): d for d in corpus.published},
    }
    start_search(s)


def start_search(settings: dict[str, Any]) -> None:
    """Start both search indexes as soon as the corpus is final (they read only the corpus),
    while Pelican reads and writes the pages."""
    corpus: Corpus = settings[CORPUS_KEY]
    # The staff preview gets an index of everything it shows (it is never published).
    settings[SEARCH_KEY] = SearchBuild(corpus, Path(settings["OUTPUT_PATH"])) \
        if corpus.settings.search.enabled else None
    if settings[SEARCH_KEY]:
        settings[SEARCH_KEY].start()


class DiscloseReader(BaseReader):
    """Hands Pelican the already validated and rendered documents; skips held-back ones."""

    enabled = True
    file_extensions = ["md"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        corpus: Corpus = self.settings[CORPUS_KEY]
        lookup = self.settings[LOOKUP_KEY]
        # Pelican's absolute path is normally the key itself; resolving (a stat per component)
        # only on a miss. No symbolic link is under content/ (refused), so both name one file.
        item = lookup.get(source_path) or lookup.get(str(Path(source_path).resolve()))
        if isinstance(item, Page):
            return corpus.page_output[item.source_path].html, {
                "title": item.title, "slug": item.slug, "save_as": urls.page_url(item.slug),
                "url": urls.page_url(item.slug), "template": "page", "disclose_page": item}
        if item is None:
            # Held back: Pelican drops it entirely, so nothing of it can reach any output.
            return "", {"status": "skip"}
        doc, key = item, item.source_path
        published = doc.published or doc.created
        out = corpus.output(key)
        html = out.html if doc.disclosure is Disclosure.PROACTIVE and out is not None else ""
        url = urls.doc_url(doc)
        return html, {
            "title": doc.title, "slug": url[:-5], "save_as": url, "url": url,
            "date": dt.datetime.combine(published, dt.time()), "status": "published",
            "template": "document", "summary": escape(doc.summary), "doc": doc,  # Pelican: HTML
            "author": Author(corpus.settings.publisher(doc.publisher).name, self.settings),
        }


def on_readers_init(readers: Any) -> None:
    """Replace Pelican's Markdown reader with ours."""
    readers.reader_classes["md"] = DiscloseReader


def get_generators(pelican: Any) -> type:
    """Our catalogue, home page, sitemap and attachment copier."""
    return CatalogueGenerator


def get_writer(pelican: Any) -> type:
    """Our Writer: standard Atom feeds (site/feeds.py)."""
    return FeedWriter


def finish_search(pelican: Any) -> None:
    """Wait for the indexes; a failure fails the build (the old output stays). The build's own
    closing work (WHILE_INDEXING_KEY: its deadline and inspection notes) runs first, while the
    indexes finish: the pages are written and one core would otherwise wait idle."""
    hook = pelican.settings.get(WHILE_INDEXING_KEY)
    if hook:
        hook(pelican.settings[CORPUS_KEY])
    job = pelican.settings.get(SEARCH_KEY)
    if job:
        job.wait()


def register() -> None:
    """Connect every handler (the full list of extension points we use)."""
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(on_readers_init)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(finish_search)
