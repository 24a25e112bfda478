"""Attack canary: a character reference typed in a title (&#x3c;img …&#x3e;, allowed because
metadata refuses only literal angle brackets) comes out of the Atom feed as markup: the feed
title, once parsed as XML, is `<img src=x onerror=…>` (Pelican's striptags() unescapes it,
then it is escaped only once). Feed readers that render titles as HTML run it. The summary of
the same feed keeps the text as typed, so the expected value is what the clerk wrote.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from disclose.build import build_site

from tests.conftest import SiteCopy, commit_all

DOC = "content/a/plan.md"
TYPED = "&#x3c;img src=x onerror=alert(1)&#x3e;"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_title_character_references_stay_text_in_the_feed(site: SiteCopy, tmp_path: Path):
    site.replace(DOC, "title: 测试县民政局2026年工作计划", f"title: '测试县民政局2026年工作计划{TYPED}'")
    commit_all(site.root, "修改")
    for person in ("shencha", "lingdao"):
        r = site.approve(DOC, person)
        assert r.returncode == 0, r.stderr
    commit_all(site.root, "审核记录")
    out = tmp_path / "out"
    build_site(site.conf, out)
    page = (out / "xxgk" / "MB0A12342" / "2026-00001.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page  # the page itself holds
    titles = [e.findtext(f"{ATOM}title") for e in ET.parse(out / "feeds" / "all.atom.xml").getroot()
              .iter(f"{ATOM}entry")]
    ours = [t for t in titles if t and t.startswith("测试县民政局2026年工作计划")]
    assert ours, titles
    assert all("<img" not in t for t in ours), ours
    assert ours == [f"测试县民政局2026年工作计划{TYPED}"]
