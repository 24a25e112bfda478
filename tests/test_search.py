"""Exact Chinese search: encoding, both indexes against substring truth, CLI, server, browser."""

from __future__ import annotations

import json
import random
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from disclose.build import build_site
from disclose.search.encode import decode, encode_query, encode_text, normalise
from disclose.search.sqlite_index import Searcher

from tests.browser import chromium, serve
from tests.conftest import ROOT, SiteCopy

sys.path.insert(0, str(ROOT))
from bench.corpus import approve_all, generate, write_ours  # noqa: E402


def test_encoding_round_trip_and_queries():
    assert encode_text("低保标准，2026年") == "低保 保标 标准 准 zz2c 20 02 26 6年 年"
    assert decode(encode_text("低保标准")) == "低保标准"
    assert encode_query("低保").tokens == ("低保",)
    assert encode_query("低").prefix == "低"
    assert encode_query("钟民发〔2007〕12号").tokens == ("钟民", "民发", "发", "zz3014", "20", "00", "07", "7",
                                                     "zz3015", "12", "2号")
    assert encode_query("80%").tokens == ("80", "0", "zz25")
    assert decode(encode_text("钟民发〔2007〕12号，占比80%")) == "钟民发〔2007〕12号,占比80%"
    assert encode_query("ＡＢＣ１２").tokens == ("ab", "bc", "c1", "12")  # NFKC, lower case
    assert encode_query("   ").empty
    assert decode("<mark>低保</mark> 保标 标准 准") == "<mark>低保</mark>标准"


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
           "。全年", "任务。"]
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


def test_sqlite_index_is_exact(corpus_site):
    _, texts, out = corpus_site
    searcher = Searcher(out / "search" / "index.sqlite")
    for q in queries(texts):
        total, hits = searcher.search(q, limit=1000)
        assert {h.url for h in hits} == truth(texts, q), q
        assert total == len(truth(texts, q))


def test_static_index_is_exact_through_pagefind_js(corpus_site):
    _, texts, out = corpus_site
    qs = queries(texts)
    with serve(out) as base, chromium() as driver:
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
            done(out);
        """, qs)
    for q in qs:
        got = {u.lstrip("/") for u in results[q]}
        assert got == truth(texts, q), q


def test_search_cli_and_sample(tmp_path: Path):
    site = SiteCopy(tmp_path / "clone")
    import subprocess

    subprocess.run(["git", "clone", "-q", str(ROOT), str(site.root)], check=True)
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



def test_browser_search_filter_and_open(tmp_path: Path):
    import subprocess

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    site = SiteCopy(clone)
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
