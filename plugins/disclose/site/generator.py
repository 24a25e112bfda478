"""Our Pelican generator: home page, catalogue (目录) pages, sitemap, 404 and attachments.

Everything here is computed from corpus.published only; held-back documents never reach it.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pelican.generators import Generator

from .. import svg, urls
from ..corpus import Corpus
from ..inventory import read_bytes
from ..model import Disclosure, Document
from ..opendata import dcat_ap, outputs
from ..urls import doc_url
from . import feeds
from .views import SiteView


@dataclass
class Listing:
    """One catalogue listing (a category, a publisher, a year, a channel) before pagination."""

    kind: str
    key: str
    title: str
    base: str
    docs: list[Document]


@dataclass
class PageOf:
    """One page of a paginated listing."""

    number: int
    count: int
    url: str
    docs: list[Document]
    prev_url: str | None
    next_url: str | None


class CatalogueGenerator(Generator):
    """Writes the pages Pelican has no notion of, from the validated corpus."""

    def generate_context(self) -> None:
        corpus: Corpus = self.settings["DISCLOSE_CORPUS"]
        self.corpus = corpus
        self.view = SiteView(corpus)
        self.context["disclose"] = self.view

    def listings(self) -> list[Listing]:
        """Every catalogue listing: all, per category (parents include children), publisher,
        year and channel."""
        s, docs = self.corpus.settings, self.view.public
        out = [Listing("all", "all", "全部信息", urls.listing_base("all"), docs)]
        for cat, parent in s.all_categories():
            if cat.id in self.view.hidden:
                continue
            ids = {cat.id} | {c.id for c in cat.children}
            title = f"{parent.name} › {cat.name}" if parent else cat.name
            out.append(Listing("category", cat.id, title, urls.listing_base("category", cat.id),
                               [d for d in docs if d.category in ids]))
        for org in s.publishers:
            out.append(Listing("publisher", org.id, org.name, urls.listing_base("publisher", org.id),
                               [d for d in docs if d.publisher == org.id]))
        by_year: dict[int, list[Document]] = defaultdict(list)
        for d in docs:
            by_year[d.year].append(d)
        for year in sorted(by_year, reverse=True):
            out.append(Listing("year", str(year), f"{year} 年", urls.listing_base("year", str(year)),
                               by_year[year]))
        for channel in (Disclosure.PROACTIVE, Disclosure.ON_REQUEST):
            out.append(Listing("channel", channel.slug, str(channel),
                               urls.listing_base("channel", channel.slug),
                               [d for d in docs if d.disclosure is channel]))
        return out

    def paginate(self, listing: Listing) -> list[PageOf]:
        """Split a listing into pages of DISCLOSE.page_size rows (one empty page if none)."""
        size = self.corpus.settings.page_size
        chunks = [listing.docs[i:i + size] for i in range(0, len(listing.docs), size)] or [[]]
        n = len(chunks)
        return [PageOf(i + 1, n, urls.listing_page(listing.base, i + 1), chunk,
                       urls.listing_page(listing.base, i) if i else None,
                       urls.listing_page(listing.base, i + 2) if i + 1 < n else None)
                for i, chunk in enumerate(chunks)]

    def generate_output(self, writer: Any) -> None:
        listings = self.listings()
        write = writer.write_file
        write(urls.HOME, self.get_template("index"), self.context, page_name="home",
              latest=self.view.public[: self.corpus.settings.latest_count], listings=listings)
        write(urls.CATALOGUE, self.get_template("catalogue_overview"), self.context,
              page_name="catalogue", listings=listings)
        for listing in listings:
            for page in self.paginate(listing):
                write(page.url, self.get_template("catalogue"), self.context,
                      page_name="catalogue", listing=listing, page=page)
        for doc in self.corpus.withdrawn:
            write(doc_url(doc), self.get_template("withdrawn"), self.context, page_name="withdrawn", doc=doc)
        slugs = {p.slug for p in self.corpus.pages}
        for slug, template in urls.GENERATED_PAGES.items():
            if slug not in slugs:  # a page in content/pages with this slug replaces the generated one
                write(urls.page_url(slug), self.get_template(template), self.context, page_name=slug)
        self.write_datasets(write)
        write(urls.SEARCH, self.get_template("search"), self.context, page_name="search")
        write(urls.NOT_FOUND, self.get_template("404"), self.context, page_name="404")
        if self.corpus.preview:  # staff only: the preview is never published
            from ..clock import today
            from ..inspection import inspect, lines

            report = inspect(self.corpus, today())
            write(urls.INSPECTION, self.get_template("inspection"), self.context, page_name="inspection",
                  report=report, report_lines=lines(report))
        self.write_sitemap(listings)
        self.write_robots()
        self.copy_favicons()
        self.copy_assets()

    def base_url(self) -> str:
        """Absolute site URL for machine catalogues (SITEURL, else https:// plus the site's domain)."""
        url = self.settings.get("SITEURL", "")
        return url if url.startswith(("http://", "https://")) else f"https://{self.corpus.settings.site.domain}"

    def write_datasets(self, write: Any) -> None:
        """Dataset pages, their downloads, the 数据开放 section and data.json.

        Every file is made from the disclosure-controlled table (doc.table); only published
        datasets get here (held-back and withdrawn ones are not in view.public).
        """
        base = self.base_url()
        public = [d for d in self.view.public if d.is_dataset]
        for doc in public:
            write(doc_url(doc), self.get_template("dataset"), self.context, page_name="dataset", doc=doc)
        for doc in self.view.datasets:
            folder = Path(self.output_path, urls.doc_files(doc))
            folder.mkdir(parents=True, exist_ok=True)
            for download in outputs.DOWNLOADS:  # a new format: one entry in that registry
                (folder / download.name).write_bytes(download.render(doc, self.corpus.settings, base))
        catalog = outputs.catalog([(d, d.table.licence) for d in self.view.datasets], self.corpus.settings, base)
        Path(self.output_path, urls.DATA_CATALOG).write_text(
            json.dumps(catalog, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        ap = dcat_ap.catalog(self.view.datasets, self.corpus.settings, base)
        Path(self.output_path, urls.DCAT_AP).write_text(
            json.dumps(ap, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        write(urls.OPENDATA, self.get_template("opendata"), self.context, page_name="opendata")
        self.write_data_feed(base)

    def write_data_feed(self, base: str) -> None:
        """feeds/data.atom.xml: the newest published datasets, for people who follow the data
        (not written while there are none: an empty feed would carry the build time)."""
        if not self.view.datasets:
            return
        site = self.corpus.settings.site
        feed = feeds.new_feed(f"{site.name} - 数据开放", base, urls.DATA_FEED, "新发布和更新的数据集",
                              site.host_org)
        feed.feed["link"] = f"{base}/{urls.OPENDATA}"
        times = feeds.distinct_times(self.view.datasets)
        newest = sorted(self.view.datasets, key=lambda d: (times[d.source_path], d.index_no), reverse=True)
        for doc in newest[: self.settings.get("FEED_MAX_ITEMS") or 50]:
            link, when = f"{base}/{doc_url(doc)}", times[doc.source_path]
            summary = escape(f"{doc.summary}（{doc.table.period}；索引号 {doc.index_no}）")
            feed.add_item(title=doc.title, link=link, unique_id=link, description=summary,
                          content=f"<p>{summary}</p><p><a href=\"{base}/{urls.doc_files(doc)}/data.csv\">"
                                  "下载 CSV</a></p>",
                          author_name=self.corpus.settings.publisher(doc.publisher).name,
                          pubdate=when, updateddate=when)
        path = Path(self.output_path, urls.DATA_FEED)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            feed.write(out, "utf-8")

    def write_sitemap(self, listings: list[Listing]) -> None:
        """sitemap.xml: absolute URLs of every public HTML page (home, catalogue pages, documents,
        datasets, fixed and generated pages, search); not the 404 page nor withdrawal notices."""
        base = self.base_url()
        rows = [(f"{base}/", None), (f"{base}/{urls.CATALOGUE}", None)]
        rows += [(f"{base}/{p.url}", None) for li in listings for p in self.paginate(li)]
        rows += [(f"{base}/{doc_url(d)}", (d.published or d.created).isoformat())
                 for d in self.view.public]
        rows += [(f"{base}/{urls.page_url(p.slug)}", None) for p in self.corpus.pages]
        rows += [(f"{base}/{urls.OPENDATA}", None), (f"{base}/{urls.SEARCH}", None)]
        rows += [(f"{base}/{urls.page_url(slug)}", None) for slug in urls.GENERATED_PAGES
                 if slug not in {p.slug for p in self.corpus.pages}]
        body = "".join(
            f"<url><loc>{escape(loc)}</loc>{f'<lastmod>{mod}</lastmod>' if mod else ''}</url>\n"
            for loc, mod in rows)
        Path(self.output_path, urls.SITEMAP).write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{body}</urlset>\n", encoding="utf-8")

    def write_robots(self) -> None:
        """robots.txt: everything may be crawled, the sitemap named; a staff preview forbids all."""
        if self.corpus.preview:
            text = "# 工作人员预览，不得公开或收录\nUser-agent: *\nDisallow: /\n"
        else:
            text = f"User-agent: *\nAllow: /\n\nSitemap: {self.base_url()}/{urls.SITEMAP}\n"
        Path(self.output_path, urls.ROBOTS).write_text(text, encoding="utf-8")

    def copy_favicons(self) -> None:
        """favicon.svg and favicon.ico at the site root, where browsers ask for them."""
        for name in ("favicon.svg", "favicon.ico"):
            source = Path(self.theme, "static", name)
            if source.is_file():
                shutil.copyfile(source, Path(self.output_path, name))

    def copy_assets(self) -> None:
        """Copy the attachments and linked files of full-text documents: exactly the copies their
        inventories list (the approved version's, when it is the one that goes out), read
        without following any link. Nothing else under content/ is ever copied."""
        for doc in self.view.public:
            if doc.disclosure is not Disclosure.PROACTIVE:
                continue
            inv = self.corpus.inventory(doc.source_path)
            if inv is None:
                raise RuntimeError(f"{doc.source_path}: no inventory")  # every read document has one
            root = self.corpus.files_root(doc.source_path)  # the approved version's bytes
            for src, dest in inv.copies():
                data = read_bytes(root, src)  # LinkError here fails the build: nothing is followed
                if src.lower().endswith(".svg"):
                    data = svg.clean(data)  # checked when read; SvgRefused here fails the build
                target = Path(self.output_path, dest)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
