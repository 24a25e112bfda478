"""Exact Chinese search: encoding, both indexes against substring truth, CLI, server, browser."""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from disclose.build import build_site
from disclose.search.encode import Query, decode, encode_query, encode_text, normalise
from disclose.search.sqlite_index import Searcher, excerpt

from tests.browser import chromium, serve
from tests.conftest import ROOT, SiteCopy, clone_sample

sys.path.insert(0, str(ROOT))
from bench.corpus import approve_all, generate, write_ours  # noqa: E402


def test_encoding_round_trip_and_queries():
    assert encode_text("低保标准，2026年") == "低保 保标 标准 准 zz2cz 20 02 26 6年 年"
    assert decode(encode_text("低保标准")) == "低保标准"
    assert encode_query("低保").tokens == ("低保",)
    assert encode_query("低").prefix == "低"
    assert encode_query("钟民发〔2007〕12号").tokens == ("钟民", "民发", "发", "zz3014z", "20", "00", "07", "7",
                                                     "zz3015z", "12", "2号")
    assert encode_query("80%").tokens == ("80", "0", "zz25z")
    assert decode(encode_text("钟民发〔2007〕12号，占比80%")) == "钟民发〔2007〕12号,占比80%"
    assert encode_query("ＡＢＣ１２").tokens == ("ab", "bc", "c1", "12")  # NFKC, lower case
    assert encode_query("   ").empty
    assert decode("<mark>低保</mark> 保标 标准 准") == "<mark>低保</mark>标准"
    # 文号 brackets as people type them are the official 〔〕 (GB/T 9704: 年份用六角括号).
    for style in ("江民规[2026]1号", "江民规(2026)1号", "江民规【2026】1号", "江民规［2026］1号",
                  "江民规（2026）1号", "江民规〖2026〗1号"):
        assert normalise(style) == "江民规〔2026〕1号", style
        assert encode_query(style) == encode_query("江民规〔2026〕1号")
    # A final single character after punctuation may start a longer run in the document.
    assert encode_query("，统") == Query(("zz2cz",), "统")
    assert encode_query("，统筹").tokens == ("zz2cz", "统筹")


def test_excerpt_keeps_words_and_punctuation():
    text = ("本机关发布 索引号 MB0A12342/2026-00006 发布机构 江屿市民政局（办公室）。依据江民规〔2026〕1号，"
            "统筹推进全市社会救助工作；确保困难群众基本生活：“应保尽保”。") * 2
    for q in ("统筹", "江民规[2026]1号", "（办公室）", "社会救助", "234", "困难群众基本生活：“"):
        got = excerpt(text, normalise(q))
        inner = got.removeprefix("…").removesuffix("…").replace("<mark>", "").replace("</mark>", "")
        start = text.find(inner)
        assert start >= 0, (q, got)  # the document's own characters, full-width punctuation included
        end = start + len(inner)
        for i in (start, end):  # never inside an index number or a Latin word
            assert not (0 < i < len(text) and text[i - 1].isascii() and text[i].isascii()
                        and not text[i - 1].isspace() and not text[i].isspace()), (q, got)
        marked = got.split("<mark>")[1].split("</mark>")[0]
        assert normalise(marked) == normalise(q)
        assert got.startswith("…") == (start > 0) and got.endswith("…") == (end < len(text))
    assert excerpt(text, "统筹").split("<mark>")[0] == "…发布机构 江屿市民政局（办公室）。依据江民规〔2026〕1号，"


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], Path]:
    """A few hundred generated documents, approved and built: (site, {url: normalised text}, output)."""
    root = tmp_path_factory.mktemp("searchsite")
    docs = list(generate(240, seed=7))
    write_ours(docs, root / "content")
    # Plant index-number-like strings and 文号 so exact identifiers are tested too.
    for i, path in enumerate(sorted((root / "content").rglob("*.md"))[:30]):
        text = path.read_text(encoding="utf-8")
        path.write_text(text + f"\n依据江民发〔2025〕{i + 1}号文件执行，参见 014119539/2007-{i:05d}。占比80%。\n",
                        encoding="utf-8")
    # The same 文号 form typed with other brackets, as staff do (known set: PLANTED).
    for i, path in enumerate(sorted((root / "content").rglob("*.md"))[30:36]):
        open_, close = "[(【［（〖"[i], "])】］）〗"[i]
        with path.open("a", encoding="utf-8") as f:
            f.write(f"\n另见江民函{open_}2024{close}{i + 1}号。\n")
    anchor = approve_all(root, root / "content")
    out = root / "output"
    build_site(ROOT / "pelicanconf.py", out, {"PATH": str(root / "content"), "DISCLOSE_TRUST": str(anchor)})
    searcher = Searcher(out / "search" / "index.sqlite")
    rows = searcher.con.execute("SELECT url, text FROM docs JOIN texts USING (id)").fetchall()
    return root, {url: normalise(text) for url, text in rows}, out


def queries(texts: dict[str, str]) -> list[str]:
    rng = random.Random(11)
    pool = [t for t in texts.values()]
    out = ["低保", "社会救助", "养老服务", "2025年", "80%", "014119539/2007-00003", "江民发〔2025〕7号",
           "江民发〔2025〕1号", "救", "年", "居家养老", "不存在的词语", "工作机制", "〔2025〕", "〔", "%",
           "。全年", "任务。", "，统", "。全", "，社", "、养", "z", "Z", "，z", "江民发[2025]7号", "江民发（2025）7号", "江民发【2025】1号"]
    for n in (2, 2, 2, 4, 4, 4, 3, 6):
        text = rng.choice(pool)
        start = rng.randrange(0, max(1, len(text) - n))
        candidate = text[start:start + n]
        if all(ch.isalnum() for ch in candidate):
            out.append(candidate)
    return out


def truth(texts: dict[str, str], q: str) -> set[str]:
    nq = normalise(q)
    return {url for url, text in texts.items() if nq in text}


def planted(site: Path) -> dict[str, str]:
    """{url: 文号} of the documents given 江民函<bracket>2024<bracket>N号, from their files."""
    import re

    out = {}
    for path in (site / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        m = re.search(r"另见(江民函.2024.\d号)", text)
        if m:
            idx = re.search(r"index_no: (\S+)", text).group(1)
            out[f"xxgk/{idx}.html"] = m.group(1)
    return out


def test_every_bracket_style_finds_every_other(corpus_site):
    site, _, out = corpus_site
    searcher = Searcher(out / "search" / "index.sqlite")
    docs = planted(site)
    assert len(docs) == 6
    for url, doc_no in docs.items():
        n = doc_no[-2]
        for open_, close in ("〔〕", "[]", "()", "【】", "［］", "（）"):
            _, hits = searcher.search(f"江民函{open_}2024{close}{n}号", limit=100)
            assert [h.url for h in hits] == [url], (doc_no, open_)
        _, hits = searcher.search(f"江民函〔2024〕{n}号", limit=100)
        assert hits[0].excerpt.count("<mark>") == 1 and doc_no in hits[0].excerpt  # shown as written


def test_excerpt_texts_are_the_documents_own_text_and_inert(corpus_site):
    """pagefind-text/<page>.json holds each published document's own text (what the SQLite index
    holds, whitespace folded) and nothing else; `<`, `>` and `&` never appear raw in it."""
    _, texts, out = corpus_site
    con = Searcher(out / "search" / "index.sqlite").con
    stored = dict(con.execute("SELECT url, text FROM docs JOIN texts USING (id)").fetchall())
    files = {str(p.relative_to(out / "pagefind-text"))[:-5]: p for p in (out / "pagefind-text").rglob("*.json")}
    assert set(files) == set(stored) == set(texts)
    for url, path in files.items():
        raw = path.read_text(encoding="utf-8")
        assert not {"<", ">", "&"} & set(raw), url
        assert json.loads(raw) == {"text": " ".join(stored[url].split())}, url


def test_filter_values_are_literal_not_like_wildcards(corpus_site):
    """A category or publisher typed as `%` or `_` matches nothing: a visitor's filter value is
    a name, never a LIKE pattern (it would have matched every sub-category)."""
    _, _, out = corpus_site
    searcher = Searcher(out / "search" / "index.sqlite")
    # Precondition: unescaped, "%/%" and "%/_%" would match sub-categories here.
    assert searcher.con.execute("SELECT count(*) FROM docs WHERE category LIKE '%/%'").fetchone()[0] > 0
    total, _ = searcher.search("工作")
    assert total > 0
    for value in ("%", "_", "%%", "_%", "\\"):
        assert searcher.search("工作", category=value)[0] == 0, value
        assert searcher.search("工作", publisher=value)[0] == 0, value


def test_excerpt_text_file_escapes_markup():
    from disclose.search.documents import SearchDoc
    from disclose.search.static import text_json

    doc = SearchDoc("xxgk/a.html", "t", "i", "p", "p", "", "c", "c", 2026, "主动公开", "2026-01-01",
                    "写作 <img src=x onerror=alert(1)> &amp; A&B\n第二行")
    raw = text_json(doc)
    assert not {"<", ">", "&"} & set(raw)
    assert json.loads(raw)["text"] == "写作 <img src=x onerror=alert(1)> &amp; A&B 第二行"


def test_sqlite_index_is_exact(corpus_site):
    _, texts, out = corpus_site
    searcher = Searcher(out / "search" / "index.sqlite")
    for q in queries(texts):
        total, hits = searcher.search(q, limit=1000)
        assert {h.url for h in hits} == truth(texts, q), q
        assert total == len(truth(texts, q))


EXCERPTS = [
    ("<img src=x onerror=alert('1')> 低保标准 & \"应保尽保\"", "低保"),
    ("本机关发布 索引号 MB0A12342/2026-00006 发布机构 江屿市民政局（办公室）。依据江民规〔2026〕1号，统筹推进全市"
     "社会救助工作；确保困难群众基本生活。" * 2, "江民规[2026]1号"),
    ("x" * 50 + " ABCDEF123 " + "低保" * 30 + " Ｗｏｒｄ２０２６ 结束", "低保低保"),
    ("第一段。\n\n  第二段（二）低保　标准", "(二)低保 标准"),
]


def test_static_index_is_exact_through_pagefind_js(corpus_site):
    _, texts, out = corpus_site
    qs = queries(texts)
    with serve(out) as base, chromium() as driver:
        driver.get(f"{base}/search.html")
        results = driver.execute_async_script("""
            const [queries, excerpts, done] = arguments;
            const m = await import('/theme/js/search.js');
            const pagefind = await m.loadPagefind('');
            const out = {};
            for (const q of queries) {
              const rs = await m.search(pagefind, q);
              out[q] = (await Promise.all(rs.map(r => r.data()))).map(d => d.url);
            }
            out['@excerpts'] = excerpts.map(([t, q]) => m.excerpt(t, q));
            done(out);
        """, qs, EXCERPTS)
    for q in qs:
        got = {u.lstrip("/") for u in results[q]}
        assert got == truth(texts, q), q
    # search.js cuts the same excerpts as the server, markup in the text escaped.
    assert results["@excerpts"] == [excerpt(t, normalise(q)) for t, q in EXCERPTS]
    assert "&lt;img" in results["@excerpts"][0] and "<img" not in results["@excerpts"][0]


def test_sharded_static_index_is_exact(corpus_site, tmp_path: Path):
    """The same documents in Pagefind shards of at most 70 (by year), merged by search.js with
    mergeIndex: every query returns exactly the documents containing it, filters included."""

    from disclose.search.documents import SearchDoc
    from disclose.search.static import StaticIndex

    _, texts, out = corpus_site
    sharded = tmp_path / "out"
    shutil.copytree(out, sharded, ignore=shutil.ignore_patterns("pagefind*"))
    con = Searcher(out / "search" / "index.sqlite").con
    rows = con.execute("SELECT url, title, index_no, publisher, publisher_id, doc_no, category, category_id, "
                       "year, disclosure, published, text FROM docs JOIN texts USING (id)").fetchall()
    docs = [SearchDoc(*row) for row in rows]
    index = StaticIndex(docs, sharded, shard_size=70)
    index.start()
    index.wait()
    listing = json.loads((sharded / "pagefind" / "shards.json").read_text())
    assert len(listing["shards"]) >= 4 and max(listing["documents"]) <= 70
    assert sum(listing["documents"]) == len(docs) == len(texts)
    for folder in listing["shards"]:
        assert (sharded / folder / "pagefind-entry.json").is_file()
    years = {d.url: d.year for d in docs}
    qs = queries(texts)
    with serve(sharded) as base, chromium() as driver:
        driver.get(f"{base}/search.html")
        results = driver.execute_async_script("""
            const [queries, done] = arguments;
            const m = await import('/theme/js/search.js');
            const pagefind = await m.loadPagefind('');
            const out = {};
            for (const q of queries) {
              const rs = await m.search(pagefind, q);
              out[q] = (await Promise.all(rs.map(r => r.data()))).map(d => d.url);
            }
            const y = await m.search(pagefind, '工作', { filters: { year: '2025' } });
            out['@2025'] = (await Promise.all(y.map(r => r.data()))).map(d => d.url);
            done(out);
        """, qs)
    for q in qs:
        assert {u.lstrip("/") for u in results[q]} == truth(texts, q), q
    assert {u.lstrip("/") for u in results["@2025"]} == {u for u in truth(texts, "工作") if years[u] == 2025}


@pytest.fixture(scope="module")
def pg_dsn() -> Iterator[str]:

    from tests.pg import cluster

    with cluster(Path(tempfile.mkdtemp(prefix="disclose-pg-"))) as dsn:
        yield dsn


def test_postgres_backend_is_exact_and_answers_like_sqlite(corpus_site, pg_dsn: str):
    from disclose.search import pg_index

    _, texts, out = corpus_site
    index = out / "search" / "index.sqlite"
    assert pg_index.build(pg_index.docs_from_sqlite(index), pg_dsn) == len(texts)
    pg = pg_index.PgSearcher(pg_dsn)
    lite = Searcher(index)
    for q in queries(texts) + ["江民函[2024]1号", "江民函〔2024〕3号", "%", "_", "\\", "%_", "a_b"]:
        total, hits = pg.search(q, limit=1000)
        assert {h.url for h in hits} == truth(texts, q), q
        assert total == len(truth(texts, q))
        # The same interface and the same page: filters, order, scores, excerpts.
        for kw in ({}, {"year": 2025}, {"sort": "date", "offset": 5}):
            assert pg.search(q, **kw) == lite.search(q, **kw), (q, kw)
    category = lite.search("工作", limit=1)[1][0].category
    assert pg.search("工作", category=category) == lite.search("工作", category=category)
    # Injection attempts are text like any other.
    assert pg.search("' OR 1=1; DROP TABLE disclose_search; --")[0] == 0
    assert pg.search("低保")[0] == len(truth(texts, "低保"))


def test_postgres_server_and_cli(site: SiteCopy, tmp_path: Path, pg_dsn: str):
    from tests.conftest import commit_all
    from tests.test_search_server import PLAN, PLAN_TITLE, get, search_server

    out = tmp_path / "out"
    build_site(site.conf, out)
    index = out / "search" / "index.sqlite"
    loaded = site.cli("search-index", "--index", str(index), "--backend", "postgres", "--dsn", pg_dsn)
    assert loaded.returncode == 0 and "PostgreSQL 检索索引已更新" in loaded.stderr, loaded.stderr
    found = json.loads(site.cli("search", PLAN_TITLE, "--backend", "postgres", "--dsn", pg_dsn,
                                "--format", "json").stdout)
    assert found["total"] == 1
    assert site.cli("search", "低保", "--backend", "postgres").returncode == 2  # no DSN: usage error
    with search_server(index, "--backend", "postgres", "--dsn", pg_dsn) as base:
        assert get(base, {"q": PLAN_TITLE})[1]["total"] == 1
        assert get(base, {"q": "低保", "year": "99999999999999999999999"})[0] == 400
        assert site.cli("withdraw", PLAN, "--reason", "误将内部工作安排作为计划发布").returncode == 0
        commit_all(site.root, "撤回")
        build_site(site.conf, out)
        assert site.cli("search-index", "--index", str(index), "--backend", "postgres",
                        "--dsn", pg_dsn).returncode == 0
        status, data = get(base, {"q": PLAN_TITLE})  # the running server, not restarted
        assert status == 200 and data["total"] == 0


def test_search_cli_and_sample(tmp_path: Path):
    site = clone_sample(tmp_path / "clone", keys="fixture")
    assert site.cli("build", today="2026-11-23").returncode == 0
    result = site.cli("search", "低保", "--format", "json")
    data = json.loads(result.stdout)
    assert data["total"] >= 5
    first = data["results"][0]
    assert {"index_no", "title", "url", "publisher", "published", "score", "excerpt"} <= set(first)
    assert "低保" in first["title"] + first["excerpt"]
    assert any(r["title"].startswith("江屿市最低生活保障审核确认办法") for r in data["results"][:3])
    filtered = json.loads(site.cli("search", "低保", "--year", "2025", "--format", "json").stdout)
    assert filtered["results"] and all(r["year"] == 2025 for r in filtered["results"])
    for bad in ("", "   ", "x" * 500):
        r = site.cli("search", bad)
        assert r.returncode == 2 and "Traceback" not in r.stderr and "用法错误" in r.stderr
    for style in ("江民规〔2026〕1号", "江民规[2026]1号", "江民规(2026)1号", "江民规【2026】1号", "江民规（2026）1号"):
        found = json.loads(site.cli("search", style, "--format", "json").stdout)["results"]
        assert "MB0A12342/2026-00002" in [r["index_no"] for r in found], style
    # The 2025 办法 is written with ASCII brackets in its file; the official form finds it.
    found = json.loads(site.cli("search", "江民规〔2025〕1号", "--format", "json").stdout)["results"]
    assert "MB0A12342/2025-00002" in [r["index_no"] for r in found]
    for bad in (["--year", "99999999999999999999"], ["--year", "abc"], ["--limit", "0"]):
        r = site.cli("search", "低保", *bad)
        assert r.returncode == 2 and "Traceback" not in r.stderr and "用法错误" in r.stderr, bad
    injection = site.cli("search", "' OR 1=1; DROP TABLE docs; --", "--format", "json")
    assert injection.returncode == 0 and json.loads(injection.stdout)["total"] == 0
    assert site.cli("search", "低保").returncode == 0  # the table is still there


def test_search_server(tmp_path: Path, corpus_site):
    from disclose.search.server import make_app

    _, texts, out = corpus_site

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    httpd = make_server("127.0.0.1", 0, make_app(out / "search" / "index.sqlite"), handler_class=Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"

    def get(query: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(f"{base}/search?{query}", timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    try:
        status, data = get("q=%E4%BD%8E%E4%BF%9D")
        assert status == 200 and data["total"] == len(truth(texts, "低保"))
        assert get("q=")[0] == 400 and "请输入检索词" in get("q=")[1]["error"]
        assert get("q=" + "a" * 1000)[0] == 400
        assert get("q=%25%25%25")[0] == 200  # punctuation is searchable, exactly
        assert get("q=x&year=abc")[0] == 400
        status, data = get("q=%27%20OR%201%3D1--")
        assert status == 200 and data["total"] == 0
    finally:
        httpd.shutdown()


def test_query_time_is_bounded(corpus_site):
    from disclose.search.sqlite_index import QueryTimeout

    from tests.test_search_server import get, search_server

    _, _, out = corpus_site
    index = out / "search" / "index.sqlite"
    with pytest.raises(QueryTimeout):
        Searcher(index, timeout=1e-6).search("的")  # every document: thousands of SQLite steps
    # A budget no query can meet: the real server answers 503 with a message, then goes on.
    with search_server(index, "--query-timeout", "0.000001") as base:
        status, data = get(base, {"q": "的"})
        assert status == 503 and "超时" in data["error"]
    with search_server(index) as base:
        assert get(base, {"q": "的"})[0] == 200


def test_browser_search_filter_and_open(tmp_path: Path):

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    clone = tmp_path / "clone"
    site = clone_sample(clone, keys="fixture")
    assert site.cli("build", today="2026-11-23").returncode == 0
    with serve(clone / "output") as base, chromium() as driver:
        driver.get(f"{base}/index.html")
        box = driver.find_element(By.ID, "q")
        box.send_keys("低保标准")
        box.submit()
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.body.dataset.searchReady"))
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li"))
        first = driver.find_element(By.CSS_SELECTOR, "#search-results li")
        assert "关于调整城乡居民最低生活保障标准的请示" in first.text
        assert "MB0A12342/2026-00006" in first.text
        assert driver.find_element(By.CSS_SELECTOR, "#search-results mark").text
        # Filter by year: 2026 keeps it, 2025 leaves nothing.
        from selenium.webdriver.support.select import Select

        Select(driver.find_element(By.NAME, "year")).select_by_value("2025")
        WebDriverWait(driver, 30).until(lambda d: "没有找到" in d.find_element(By.ID, "search-status").text)
        Select(driver.find_element(By.NAME, "year")).select_by_value("2026")
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li a"))
        driver.find_element(By.CSS_SELECTOR, "#search-results li a").click()
        WebDriverWait(driver, 30).until(lambda d: "xxgk/MB0A12342/2026-00006" in d.current_url)
        assert "关于调整城乡居民最低生活保障标准的请示" in driver.title
        # An exact index number jumps straight to its document.
        driver.get(f"{base}/search.html?q=MB0A12342%2F2026-00002")
        WebDriverWait(driver, 30).until(lambda d: "xxgk/MB0A12342/2026-00002" in d.current_url)
        # So does a 文号 in any bracket style (the document writes 〔〕, or [] for the 2025 one).
        from urllib.parse import quote

        for style, target in (("江民规〔2026〕1号", "2026-00002"), ("江民规[2026]1号", "2026-00002"),
                              ("江民规(2026)1号", "2026-00002"), ("江民规【2026】1号", "2026-00002"),
                              ("江民规（2026）1号", "2026-00002"), ("江民规〔2025〕1号", "2025-00002")):
            driver.get(f"{base}/search.html?q={quote(style)}")
            WebDriverWait(driver, 30).until(lambda d, t=target: f"xxgk/MB0A12342/{t}" in d.current_url)
            assert driver.current_url.endswith(f"xxgk/MB0A12342/{target}.html"), style

        # Submitting on search.html itself, by Enter and by the button: each result once.
        import re
        import time

        from selenium.webdriver.common.keys import Keys

        index = Searcher(clone / "output" / "search" / "index.sqlite")
        flat = dict(index.con.execute("SELECT url, flat FROM docs JOIN texts USING (id)").fetchall())
        driver.get(f"{base}/search.html")
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.body.dataset.searchReady"))
        for query, how in (("低保", "enter"), ("工作", "button"), ("养老", "enter"), ("，统", "button")):
            box = driver.find_element(By.ID, "q")
            box.clear()
            box.send_keys(query)
            if how == "enter":
                box.send_keys(Keys.ENTER)
            else:
                driver.find_element(By.CSS_SELECTOR, "#search-form button[type=submit]").click()
            WebDriverWait(driver, 30).until(lambda d, q=query: f"“{q}”共找到" in d.find_element(By.ID, "search-status").text)
            time.sleep(1.5)  # a second, late rendering would append its copy by now
            total = int(re.search(r"共找到 (\d+) 条", driver.find_element(By.ID, "search-status").text).group(1))
            assert total == index.search(query, limit=1)[0], query  # the same count as the server index
            links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#search-results li h2 a")]
            assert len(links) == len(set(links)) == min(total, 20), (query, how, total, len(links))
            # Excerpts: the document's own text (full-width punctuation kept), whole words.
            for item in driver.find_elements(By.CSS_SELECTOR, "#search-results li"):
                url = item.find_element(By.CSS_SELECTOR, "h2 a").get_attribute("href").split(base + "/", 1)[1]
                shown = item.find_element(By.CSS_SELECTOR, ".excerpt").text.strip("…")
                text = flat[url]
                at = text.find(shown)
                assert at >= 0 and query in shown or normalise(query) in normalise(shown), (url, shown)
                assert not (0 < at and text[at - 1].isascii() and shown[0].isascii()
                            and not text[at - 1].isspace() and not shown[0].isspace()), (url, shown)


def _few_docs(n: int = 5) -> list:
    from disclose.search.documents import SearchDoc

    return [SearchDoc(f"xxgk/d{i}.html", f"标题{i}", f"MB0A12342/2026-{i:05d}", "民政局", "mzj", "", "其他文件",
                      "qtwj", 2026 - i % 2, "主动公开", "2026-01-01", f"标题{i}\n正文第{i}篇，低保标准。")
            for i in range(n)]


def test_static_index_fails_the_build_when_the_twin_writer_dies(tmp_path: Path, monkeypatch):
    """A writer that dies mid-way (here: on the third document) is reported, never awaited forever."""
    from disclose.errors import BuildError
    from disclose.search import static

    real = static.twin
    monkeypatch.setattr(static, "twin", lambda d, *a: real(d, *a) if not d.url.endswith("d2.html") else 1 / 0)
    index = static.StaticIndex(_few_docs(), tmp_path / "out", shard_size=2)
    index.start()
    done = threading.Event()
    threading.Timer(60, lambda: done.is_set() or index.abort()).start()
    with pytest.raises(BuildError, match="检索索引页面写入失败"):
        index.wait()
    done.set()
    assert not index.twins.exists()
    assert not (tmp_path / "out" / "pagefind" / "shards.json").exists()


def test_static_index_fails_the_build_when_pagefind_fails(tmp_path: Path, monkeypatch):
    from disclose.errors import BuildError
    from disclose.search import static

    monkeypatch.setattr(static, "pagefind_binary", lambda: Path("/bin/false"))
    index = static.StaticIndex(_few_docs(), tmp_path / "out", shard_size=2)
    index.start()
    with pytest.raises(BuildError, match="Pagefind 建立检索索引失败"):
        index.wait()
    assert not index.twins.exists()


def test_static_index_pipelines_shards_and_writes_every_text(tmp_path: Path):
    """Shards are indexed as their twins are written; every document's text file is there at the end."""
    from disclose.search import static

    docs = _few_docs(7)
    out = tmp_path / "out"
    index = static.StaticIndex(docs, out, shard_size=2)
    index.start()
    index.wait()
    listing = json.loads((out / "pagefind" / "shards.json").read_text())
    assert sum(listing["documents"]) == 7 and all(n <= 2 for n in listing["documents"]) and len(listing["shards"]) >= 4
    for folder in listing["shards"]:
        assert (out / folder / "pagefind-entry.json").is_file()
    for d in docs:
        assert json.loads((out / static.text_path(d)).read_text())["text"] == " ".join(d.text.split())
    assert not index.twins.exists()


def test_a_year_larger_than_a_shard_is_split_into_equal_parts():
    """3,027 documents of one year in shards of 3,000 are two shards of about 1,513, not 3,000 + 27
    (a tiny shard costs a whole Pagefind run and a fetch per query)."""
    from dataclasses import replace

    from disclose.search import static

    one = _few_docs(1)[0]
    docs = [replace(one, url=f"xxgk/d{i}.html") for i in range(3027)]
    sizes = sorted(len(s.docs) for s in static.plan_shards(docs, 3000))
    assert sizes == [1513, 1514]
    assert sorted(len(s.docs) for s in static.plan_shards(docs[:7], 3)) == [2, 2, 3]
    shards = static.plan_shards(docs, 1000)
    assert [s.folder for s in shards] == ["pagefind", "pagefind-2026-2", "pagefind-2026-3", "pagefind-2026-4"]
    assert sorted(len(s.docs) for s in shards) == [756, 757, 757, 757]
    assert sorted(d.url for s in shards for d in s.docs) == sorted(d.url for d in docs)


def test_twins_go_to_memory_when_it_has_room_else_to_the_temporary_folder(tmp_path: Path):
    from disclose.search import static

    shm = tmp_path / "shm"
    shm.mkdir()
    folder = static.twin_folder(10, shm)
    assert folder.parent == shm and folder.is_dir()
    folder = static.twin_folder(10, tmp_path / "no-such-folder")
    assert folder.parent == Path(tempfile.gettempdir()) and folder.is_dir()
    folder.rmdir()
    too_many = shutil.disk_usage(shm).free // static.TWIN_BYTES + 1
    folder = static.twin_folder(too_many, shm)
    assert folder.parent == Path(tempfile.gettempdir())
    folder.rmdir()


def test_the_sqlite_index_is_built_from_the_twins_encodings_and_its_failure_fails_the_build(tmp_path: Path):
    """The writer encodes each text once: `after` gets (normalised, encoded) per document in the
    order given; an exception there is a failed build, never a silent missing index."""
    from disclose.errors import BuildError
    from disclose.search import static

    docs = _few_docs(5)
    got: list = []
    index = static.StaticIndex(docs, tmp_path / "out", shard_size=2, after=got.extend)
    index.start()
    index.wait()
    assert got == []  # it ran in the forked writer: nothing comes back to this process

    def record(encodings: list) -> None:
        (tmp_path / "seen.json").write_text(json.dumps(encodings, ensure_ascii=False), encoding="utf-8")

    index = static.StaticIndex(docs, tmp_path / "out2", shard_size=2, after=record)
    index.start()
    index.wait()
    seen = json.loads((tmp_path / "seen.json").read_text(encoding="utf-8"))
    assert seen == [[normalise(" ".join(d.text.split())), encode_text(" ".join(d.text.split()))] for d in docs]

    def fail(encodings: list) -> None:
        raise RuntimeError("sqlite is full")

    index = static.StaticIndex(docs, tmp_path / "out3", shard_size=2, after=fail)
    index.start()
    with pytest.raises(BuildError, match="检索索引页面写入失败"):
        index.wait()
    assert not (tmp_path / "out3" / "pagefind" / "shards.json").exists()


def test_a_failed_sqlite_index_fails_the_whole_build(site: SiteCopy, tmp_path: Path, monkeypatch):
    """The SQLite index is built in the search writer after the twins; its failure is the build's,
    named as the server-side index, and no output is put in place."""
    from disclose.errors import BuildError
    from disclose.search import sqlite_index

    def full(*args: object, **kw: object) -> None:
        raise OSError("磁盘已满（测试）")

    monkeypatch.setattr(sqlite_index, "build", full)
    out = tmp_path / "out"
    with pytest.raises(BuildError, match="服务器检索索引建立失败：磁盘已满（测试）"):
        build_site(site.conf, out)
    assert not (out / "index.html").exists()


def test_twins_a_killed_build_left_behind_are_removed_by_the_next(tmp_path: Path):
    """Twins live in memory (/dev/shm): a killed build's must not stay there until a reboot.
    Only folders of processes that no longer exist go, never a running build's."""
    import subprocess

    from disclose.search import static

    shm = tmp_path / "shm"
    shm.mkdir()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    stale = shm / f"disclose-twins-{gone}-abc"
    (stale / "xxgk").mkdir(parents=True)
    (stale / "xxgk" / "d.html").write_text("twin", encoding="utf-8")
    running = shm / f"disclose-twins-{os.getppid()}-def"  # this test's parent: alive
    running.mkdir()
    other = shm / "someone-elses-folder"
    other.mkdir()
    folder = static.twin_folder(1, shm)
    assert not stale.exists() and running.is_dir() and other.is_dir()
    assert folder.parent == shm and folder.name.startswith(f"disclose-twins-{os.getpid()}-")
