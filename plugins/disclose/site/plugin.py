"""Signal handlers that plug the corpus into Pelican; every extension point is listed here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Author
from pelican.readers import BaseReader

from .. import config
from ..corpus import Corpus, doc_url, load_corpus, rel
from ..model import Disclosure
from .generator import CatalogueGenerator

CORPUS_KEY = "DISCLOSE_CORPUS"


def repo_root_of(settings: dict[str, Any]) -> Path:
    """The repository root: the parent of the content folder."""
    return Path(settings["PATH"]).resolve().parent


def on_initialized(pelican: Any) -> None:
    """Validate configuration and read every document before Pelican reads anything."""
    s = pelican.settings
    site_settings = config.load(s.get(config.CONFIG_NAME))
    corpus = load_corpus(Path(s["PATH"]), repo_root_of(s), site_settings,
                         site_url=s.get("SITEURL", ""))
    corpus.raise_for_problems()
    s[CORPUS_KEY] = corpus


class DiscloseReader(BaseReader):
    """Hands Pelican the already validated and rendered documents; skips held-back ones."""

    enabled = True
    file_extensions = ["md"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        corpus: Corpus = self.settings[CORPUS_KEY]
        key = rel(Path(source_path), corpus.repo_root)
        for page in corpus.pages:
            if page.source_path == key:
                return corpus.rendered[key].html, {
                    "title": page.title, "slug": page.slug, "save_as": f"{page.slug}.html",
                    "url": f"{page.slug}.html", "template": "page", "disclose_page": page}
        doc = next((d for d in corpus.published if d.source_path == key), None)
        if doc is None:
            # Held back: Pelican drops it entirely, so nothing of it can reach any output.
            return "", {"status": "skip"}
        published = doc.published or doc.created
        html = corpus.rendered[key].html if doc.disclosure is Disclosure.PROACTIVE else ""
        url = doc_url(doc)
        return html, {
            "title": doc.title, "slug": url[:-5], "save_as": url, "url": url,
            "date": dt.datetime.combine(published, dt.time()), "status": "published",
            "template": "document", "summary": doc.summary, "doc": doc,
            "author": Author(corpus.settings.publisher(doc.publisher).name, self.settings),
        }


def on_readers_init(readers: Any) -> None:
    """Replace Pelican's Markdown reader with ours."""
    readers.reader_classes["md"] = DiscloseReader


def get_generators(pelican: Any) -> type:
    """Our catalogue, home page, sitemap and attachment copier."""
    return CatalogueGenerator


def register() -> None:
    """Connect every handler (the full list of extension points we use)."""
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(on_readers_init)
    signals.get_generators.connect(get_generators)
