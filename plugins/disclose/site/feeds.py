"""Atom feeds that pass the W3C feed validator (RFC 4287): absolute links and ids, `xml:lang`,
a feed author, entries with distinct `updated` times, and content for every entry.

`FeedWriter` is the Writer Pelican uses (the `get_writer` signal) for `feeds/all.atom.xml`;
`site/generator.py` uses the same helpers for `feeds/data.atom.xml`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape
from typing import Any

from feedgenerator import Atom1Feed, get_tag_uri
from pelican.writers import Writer

from .. import urls
from ..model import Disclosure, Document

CHINA = dt.timezone(dt.timedelta(hours=8))


def absolute_base(site_url: str, domain: str) -> str:
    """The absolute site URL: SITEURL when it is one, else https:// plus the configured domain
    (a feed's links and ids must be absolute; `tag:None,…` ids came from an empty SITEURL)."""
    return site_url.rstrip("/") if site_url.startswith(("http://", "https://")) else f"https://{domain}"


def distinct_times(docs: Iterable[Document]) -> dict[str, dt.datetime]:
    """Each document's feed time (China time): its publication date at midnight, documents of
    the same day one second apart in index-number order, so no two entries share `updated`."""
    by_day: dict[dt.date, list[Document]] = {}
    for d in docs:
        by_day.setdefault(d.published or d.created, []).append(d)
    out = {}
    for day, same in by_day.items():
        for n, d in enumerate(sorted(same, key=lambda d: d.index_no)):
            out[d.source_path] = dt.datetime.combine(day, dt.time(), CHINA) + dt.timedelta(seconds=n)
    return out


def new_feed(title: str, base: str, path: str, description: str, author: str, lang: str = "zh-CN") -> Atom1Feed:
    """An Atom feed with the language and the feed-level author RFC 4287 asks for."""
    return Atom1Feed(title=title, link=f"{base}/", feed_url=f"{base}/{path}", description=description,
                     language=lang, author_name=author, author_link=f"{base}/")


def entry_id(link: str, when: dt.datetime) -> str:
    """A stable tag: URI from the entry's absolute link and its date."""
    return get_tag_uri(link, when)


def request_note(doc: Document, base: str) -> str:
    """The content of an entry whose full text is not published (依申请公开): summary and how to apply."""
    return (f"<p>{escape(doc.summary or doc.title)}</p><p>本信息依申请公开，申请方式见"
            f"<a href=\"{base}/{urls.APPLY}\">依申请公开办理说明</a>（索引号 {escape(doc.index_no)}）。</p>")


class FeedWriter(Writer):
    """Pelican's Writer with standard Atom feeds (see the module docstring)."""

    def write_feed(self, elements: list[Any], context: dict[str, Any], path: str | None = None,
                   url: str | None = None, feed_type: str = "atom", override_output: bool = False,
                   feed_title: str | None = None) -> Any:
        corpus = context.get("DISCLOSE_CORPUS") or self.settings["DISCLOSE_CORPUS"]
        base = absolute_base(context.get("SITEURL", ""), corpus.settings.site.domain)
        self._disclose = (corpus, base, distinct_times(e.doc for e in elements if hasattr(e, "doc")))
        context = {**context, "SITEURL": base, "FEED_DOMAIN": base}
        return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)

    def _create_new_feed(self, feed_type: str, feed_title: str | None, context: dict[str, Any]) -> Any:
        if feed_type != "atom":
            return super()._create_new_feed(feed_type, feed_title, context)
        corpus, base, _ = self._disclose
        site = corpus.settings.site
        title = f"{site.name} - {feed_title}" if feed_title else site.name
        feed = new_feed(title, base, "", context.get("SITESUBTITLE", "") or "新发布的政府信息",
                        site.host_org, context.get("DEFAULT_LANG") or "zh-CN")
        feed.feed["feed_url"] = self.feed_url
        return feed

    def _add_item_to_the_feed(self, feed: Any, item: Any) -> None:
        doc: Document | None = getattr(item, "doc", None)
        if doc is None or not isinstance(feed, Atom1Feed):
            return super()._add_item_to_the_feed(feed, item)
        corpus, base, times = self._disclose
        link = f"{base}/{item.url}"
        when = times[doc.source_path]
        full = doc.disclosure is Disclosure.PROACTIVE
        content = item.get_content(base) if full else ""
        if not content.strip():
            content = request_note(doc, base) if not full else f"<p>{escape(doc.summary or doc.title)}</p>"
        # The document's title as the plain text it is (the reader refused markup in it). Not
        # Pelican's striptags(), which decodes character references: "&#x3c;img…" typed by a
        # clerk would come out as a live "<img…" in the feed.
        feed.add_item(title=doc.title, link=link, unique_id=entry_id(link, when),
                      description=escape(doc.summary) if doc.summary else None, content=content,
                      categories=[corpus.settings.category(doc.category).name],
                      author_name=corpus.settings.publisher(doc.publisher).name,
                      pubdate=when, updateddate=when)
