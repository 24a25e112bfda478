"""The URL scheme (plugins/disclose/urls.py) and the rule that templates take every URL from it."""

from __future__ import annotations

import re

from disclose import urls

from tests.conftest import ROOT

TEMPLATES = ROOT / "theme" / "templates"


class _Doc:
    def __init__(self, index_no: str) -> None:
        self.index_no = index_no


def test_urls_of_a_document_derive_from_its_index_number():
    # Oracle: the paths of the reviewed golden site (tests/golden/site) and README's scheme.
    doc = _Doc("MB0A12342/2026-00001")
    assert urls.doc_url(doc) == "xxgk/MB0A12342/2026-00001.html"
    assert (ROOT / "tests" / "golden" / "site" / urls.doc_url(doc)).is_file()
    assert urls.doc_files(doc) == "files/MB0A12342/2026-00001"
    # Characters outside [0-9A-Za-z/_-] become '-' (indexno.url_path); no leading or trailing '/'.
    assert urls.doc_url(_Doc("/江屿 01.2/")) == "xxgk/---01-2.html"


def test_catalogue_pages():
    golden = ROOT / "tests" / "golden" / "site"
    for url in (urls.CATALOGUE, urls.all_documents(), urls.category("tzgg"),
                urls.listing_page(urls.listing_base("publisher", "mzj"), 2),
                urls.listing_page(urls.listing_base("year", "2025")),
                urls.listing_page(urls.listing_base("channel", "yishenqing")),
                urls.HOME, urls.GUIDE, urls.APPLY, urls.SEARCH, urls.NOT_FOUND, urls.OPENDATA, urls.SITEMAP):
        assert (golden / url).is_file(), url
    assert urls.listing_page("mulu/quanbu", 3) == "mulu/quanbu/3.html"
    assert urls.page_url("guanyu") == "guanyu.html" and urls.page_files("guanyu") == "files/guanyu"


def test_templates_take_urls_and_flags_from_code():
    """No page path written into a template (only theme assets and the favicon are), no
    comparison with a display string, no reach into the corpus."""
    for path in sorted(TEMPLATES.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"(?:href|src)=\"\{\{ SITEURL \}\}/([^\"{]+)", text):
            assert m.group(1).startswith(("theme/", "favicon.")), (path.name, m.group(0))
        assert not re.search(r"[=!]= ?'[^\x00-\x7f]", text), path.name  # d.disclosure == '依申请公开'
        assert "disclose.corpus" not in text, path.name
