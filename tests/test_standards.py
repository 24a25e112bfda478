"""What harvesters, auditors and crawlers check (issue 18 items 12-15), on the built sample site:
robots.txt, favicons, canonical links, descriptions, unique titles, a complete sitemap, related
metadata headers, valid Atom feeds and quoted attributes. The oracles are the files on disk and the
standards' own rules, not the code under test."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from disclose.build import build_site

from tests.conftest import SiteCopy, build_sample_on, signed_copy

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BASE = "https://xxgk.jiangyu.gov.cn.example"  # the sample's SITEURL is empty: its domain is used


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site as published on 2026-12-02 (datasets, 依申请公开 items, pagination)."""
    return build_sample_on("2026-12-02", tmp_path_factory.mktemp("standards") / "out")


_ATTR = re.compile(r"""\s*([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")


def unquoted_attributes(tag_text: str) -> list[str]:
    """Names of attributes whose value is written without quotes, read left to right."""
    rest = re.sub(r"^<[^\s>/]+", "", tag_text).rstrip(">").rstrip("/")
    out, pos = [], 0
    while (m := _ATTR.match(rest, pos)) and m.end() > pos:
        if m.group(2) and m.group(2)[0] not in "\"'":
            out.append(m.group(1))
        pos = m.end()
    return out


def test_the_attribute_oracle():
    assert unquoted_attributes('<td class=num>') == ["class"]
    assert unquoted_attributes('<meta name="viewport" content="width=device-width, initial-scale=1">') == []
    assert unquoted_attributes("<a href='x' hidden data-x=1 title=\"a=b\">") == ["data-x"]


class Page(HTMLParser):
    """The parts of one HTML page the checks need."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str]] = []
        self.metas: list[dict[str, str]] = []
        self.title, self._in_title = "", False
        self.unquoted: list[str] = []
        self.region_divs = 0
        self.meta_table_cells: list[tuple[str, dict[str, str]]] = []
        self._in_meta_table = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        raw = self.get_starttag_text() or ""
        # Every attribute value written with quotes: name="…" or name='…' (html-validate attr-quotes).
        self.unquoted += [f"{tag} {name}" for name in unquoted_attributes(raw)]
        if tag == "link":
            self.links.append(a)
        elif tag == "meta":
            self.metas.append(a)
        elif tag == "title":
            self._in_title = True
        elif tag == "div" and a.get("role") == "region":
            self.region_divs += 1
        elif tag == "table" and a.get("class") == "metadata":  # label/value pairs ("metadata columns" has column heads)
            self._in_meta_table = True
        elif tag in ("th", "td") and self._in_meta_table:
            self.meta_table_cells.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "table":
            self._in_meta_table = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def pages(out: Path) -> dict[str, Page]:
    return {p.relative_to(out).as_posix(): Page(p.read_text(encoding="utf-8"))
            for p in sorted(out.rglob("*.html")) if "pagefind" not in p.parts}


def withdrawal_notices(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*.html")
            if "此信息已撤回" in p.read_text(encoding="utf-8")}


def test_robots_txt_names_the_sitemap(sample: Path):
    lines = (sample / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines and "Disallow: /" not in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines


def test_staff_preview_is_closed_to_crawlers(site: SiteCopy, tmp_path: Path):
    out = tmp_path / "preview"
    assert site.cli("build", "--preview", "-o", str(out)).returncode == 0
    assert "Disallow: /" in (out / "robots.txt").read_text(encoding="utf-8").splitlines()
    index = Page((out / "index.html").read_text(encoding="utf-8"))
    assert {"name": "robots", "content": "noindex, nofollow"} in index.metas


def test_favicons_exist_and_every_page_links_them(sample: Path):
    ico = (sample / "favicon.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 1  # ICONDIR of an .ico file
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32} <= sizes
    svg = ET.fromstring((sample / "favicon.svg").read_bytes())
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    for rel, page in pages(sample).items():
        icons = {x["href"] for x in page.links if x.get("rel") == "icon"}
        assert icons == {"/favicon.svg", "/favicon.ico"}, rel


def test_canonical_description_and_unique_titles(sample: Path):
    titles: dict[str, str] = {}
    for rel, page in pages(sample).items():
        canon = [x["href"] for x in page.links if x.get("rel") == "canonical"]
        if rel == "404.html":
            assert canon == []
            continue
        assert canon == [f"{BASE}/" if rel == "index.html" else f"{BASE}/{rel}"], rel
        described = [m["content"] for m in page.metas if m.get("name", "").lower() == "description"]
        assert len(described) == 1 and described[0].strip(), rel
        assert page.title.strip() not in titles, (rel, titles.get(page.title.strip()))
        titles[page.title.strip()] = rel
    assert "第 2 页" in Path(sample / "mulu/quanbu/2.html").read_text(encoding="utf-8").split("</title>")[0]


def test_sitemap_lists_every_public_page(sample: Path):
    root = ET.parse(sample / "sitemap.xml").getroot()
    locs = [u.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for u in root]
    assert len(locs) == len(set(locs))
    assert all(loc.startswith(f"{BASE}/") for loc in locs)  # the protocol wants absolute URLs
    on_disk = set(pages(sample)) - {"404.html"} - withdrawal_notices(sample)
    expected = {f"{BASE}/" if rel == "index.html" else f"{BASE}/{rel}" for rel in on_disk}
    assert set(locs) == expected
    assert f"{BASE}/mulu/index.html" in locs


def test_metadata_headers_are_related_to_their_cells(sample: Path):
    # pa11y/HTML_CodeSniffer H43: in a table of label/value pairs every th says what it heads.
    checked = 0
    for rel, page in pages(sample).items():
        for tag, attrs in page.meta_table_cells:
            if tag == "th":
                assert attrs.get("scope") == "row", rel
                checked += 1
    assert checked > 100


def test_attributes_are_quoted_and_regions_are_sections(sample: Path):
    for rel, page in pages(sample).items():
        assert page.unquoted == [], (rel, page.unquoted[:5])
        assert page.region_divs == 0, rel
    dataset = next(p for r, p in pages(sample).items() if "数据集信息" in (sample / r).read_text(encoding="utf-8"))
    assert dataset.region_divs == 0


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/data.atom.xml"])
def test_feeds_follow_rfc_4287(sample: Path, feed: str):
    root = ET.parse(sample / feed).getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.get(XML_LANG, "").lower() == "zh-cn"
    entries = root.findall(f"{ATOM}entry")
    assert entries
    feed_author = root.find(f"{ATOM}author/{ATOM}name")
    # RFC 4287 4.1.1: a feed has an author unless every entry has one.
    assert (feed_author is not None and feed_author.text) or all(e.find(f"{ATOM}author") is not None for e in entries)
    ids = [root.findtext(f"{ATOM}id")] + [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    for ident in ids:
        assert re.match(r"^(https://|tag:[a-z0-9.-]+\.[a-z]+,\d{4}-\d\d-\d\d:)", ident), ident
        assert "None" not in ident
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert len(updated) == len(set(updated)), "two entries share atom:updated"
    for e in entries:
        content = e.find(f"{ATOM}content")
        assert content is not None and re.sub(r"<[^>]+>|\s", "", content.text or ""), e.findtext(f"{ATOM}title")
        for link in e.findall(f"{ATOM}link"):
            assert link.get("href", "").startswith(f"{BASE}/")


def test_feed_ids_are_absolute_with_an_empty_siteurl(tmp_path: Path):
    site = signed_copy(tmp_path / "site")  # the fixture's SITEURL is empty too
    out = tmp_path / "out"
    build_site(site.conf, out)
    text = (out / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert "tag:None" not in text and "<id>/</id>" not in text
    request = next(e for e in ET.fromstring(text).findall(f"{ATOM}entry") if "依申请" in (e.findtext(f"{ATOM}content") or ""))
    assert "shenqing.html" in request.findtext(f"{ATOM}content")
