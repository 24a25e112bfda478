"""The URL scheme: the one place that maps a document, its files, a catalogue (目录) page, a feed
or a fixed page to its URL.

Every URL here is relative to the site root and is also the page's output path (the site is
static: `xxgk/X.html` is written to `output/xxgk/X.html` and served at `SITEURL/xxgk/X.html`).
A document's URLs derive from its index number only, so they stay stable across edits.
Templates get this module as the global `urls` (site/plugin.py); Python code imports it.
It sits below the corpus: it imports nothing of ours but `indexno`.
"""

from __future__ import annotations

from typing import Protocol

from .indexno import url_path

# Pages of the site (output path = URL).
HOME = "index.html"
CATALOGUE = "mulu/index.html"        # 信息公开目录: every listing
SEARCH = "search.html"
NOT_FOUND = "404.html"
INSPECTION = "jiancha.html"          # staff preview only
OPENDATA = "shuju/index.html"        # 数据开放
# Machine-readable files.
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
DATA_CATALOG = "data.json"           # DCAT-US 1.1
DCAT_AP = "catalog.jsonld"
DATA_FEED = "feeds/data.atom.xml"

# Catalogue listings: kind -> folder of its pages ("all" has no key).
_LISTINGS = {"all": "mulu/quanbu", "category": "mulu/fenlei", "publisher": "mulu/jigou",
             "year": "mulu/niandu", "channel": "mulu/fangshi"}


class Numbered(Protocol):
    """Anything with an index number: a Document, or a planned one (the importer)."""

    @property
    def index_no(self) -> str: ...


def doc_url(doc: Numbered) -> str:
    """A document's (or dataset's, or withdrawal notice's) page."""
    return f"xxgk/{url_path(doc.index_no)}.html"


def doc_files(doc: Numbered) -> str:
    """Folder of a document's attachments and linked files, and of a dataset's downloads."""
    return f"files/{url_path(doc.index_no)}"


def page_url(slug: str) -> str:
    """A fixed page (content/pages, or a generated one such as `zhinan`)."""
    return f"{slug}.html"


# The fixed pages generated from configuration (slug -> template) unless content/pages has a page
# with that slug: 政府信息公开指南 and 依申请公开办理说明.
GENERATED_PAGES = {"zhinan": "guide", "shenqing": "apply"}
GUIDE = page_url("zhinan")
APPLY = page_url("shenqing")


def page_files(slug: str) -> str:
    """Folder of the files a fixed page links."""
    return f"files/{slug}"


def listing_base(kind: str, key: str = "") -> str:
    """Folder of a catalogue listing's pages: `all`, or `category`/`publisher`/`year`/`channel`
    with the category id, organisation id, year or channel slug."""
    base = _LISTINGS[kind]
    return base if kind == "all" else f"{base}/{key}"


def listing_page(base: str, n: int = 1) -> str:
    """Page n of a listing (`listing_base`): index.html, 2.html, …"""
    return f"{base}/index.html" if n == 1 else f"{base}/{n}.html"


def category(cat_id: str) -> str:
    """The first page of a category's listing."""
    return listing_page(listing_base("category", cat_id))


def all_documents() -> str:
    """The first page of the listing of every published document."""
    return listing_page(listing_base("all"))
