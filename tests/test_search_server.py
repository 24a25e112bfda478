"""The search server as operators run it: `disclose search-server` in its own process (waitress),
driven over loopback sockets. Every server is bounded: it listens on 127.0.0.1 only, on a free
port, and is killed by the fixture whatever the test does."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from disclose.build import build_site

from tests.conftest import SiteCopy, commit_all

PLAN = "content/a/plan.md"
PLAN_TITLE = "测试县民政局2026年工作计划"  # the fixture's canary: its title, unique in the site
PLAN_BODY = "按季度开展低保动态复核"


@contextmanager
def search_server(index: Path, *extra: str) -> Iterator[str]:
    """`disclose search-server --port 0` on index; yields its base URL, stops it afterwards."""
    proc = subprocess.Popen([sys.executable, "-m", "disclose", "search-server", "--index", str(index),
                             "--port", "0", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "COLUMNS": "300"})
    try:
        line = proc.stderr.readline()  # the announcement names the bound port
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, f"no address announced: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"
        yield f"http://127.0.0.1:{m.group(1)}"
    finally:
        proc.kill()
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()


def get(base: str, query: str | dict, timeout: float = 10) -> tuple[int, dict]:
    qs = query if isinstance(query, str) else urllib.parse.urlencode(query)
    try:
        with urllib.request.urlopen(f"{base}/search?{qs}", timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_withdrawn_document_leaves_a_running_server(site: SiteCopy, tmp_path: Path):
    out = tmp_path / "out"
    build_site(site.conf, out)
    index = out / "search" / "index.sqlite"
    with search_server(index) as base:
        status, data = get(base, {"q": PLAN_TITLE})
        assert status == 200 and data["total"] == 1  # positive control: the canary is served
        assert get(base, {"q": PLAN_BODY})[1]["total"] == 1
        assert site.cli("withdraw", PLAN, "--reason", "误将内部工作安排作为计划发布").returncode == 0
        commit_all(site.root, "撤回")
        build_site(site.conf, out)  # the real publish: a new folder swapped in for output/
        for q in (PLAN_TITLE, PLAN_BODY, "工作计划"):
            status, data = get(base, {"q": q})
            assert status == 200, data
            assert all(PLAN_TITLE not in r["title"] for r in data["results"]), q
        assert get(base, {"q": PLAN_TITLE})[1]["total"] == 0
        # During the swap (index missing) the answer is 503 with a message, then service resumes.
        moved = index.with_name("moved.sqlite")
        index.rename(moved)
        status, data = get(base, {"q": "低保"})
        assert status == 503 and "正在更新" in data["error"]
        moved.rename(index)
        assert get(base, {"q": "低保"})[0] == 200


def test_slow_client_does_not_block_others_and_is_dropped(site: SiteCopy, tmp_path: Path):
    out = tmp_path / "out"
    build_site(site.conf, out)
    with search_server(out / "search" / "index.sqlite", "--threads", "2", "--timeout", "2") as base:
        port = int(base.rsplit(":", 1)[1])
        # More idle half-requests than worker threads: none of them may hold a worker.
        slow = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(5)]
        try:
            for s in slow:
                s.sendall(b"GET /search?q=a HTTP/1.1\r\n")  # and never the end of the headers
            start = time.monotonic()
            with ThreadPoolExecutor(4) as pool:
                answers = list(pool.map(lambda q: get(base, {"q": q}, timeout=5), ["低保", "民政", "计划", "工作"]))
            assert all(status == 200 for status, _ in answers)
            assert time.monotonic() - start < 5
            # The server closes idle connections by itself (channel timeout 2 s, checked every 1 s).
            for s in slow:
                s.settimeout(10)
                assert s.recv(1024) == b""  # EOF, not a wait until our own timeout
            assert time.monotonic() - start < 10
        finally:
            for s in slow:
                s.close()


def test_parameters_are_validated(site: SiteCopy, tmp_path: Path):
    out = tmp_path / "out"
    build_site(site.conf, out)
    with search_server(out / "search" / "index.sqlite") as base:
        bad = {
            "year=99999999999999999999999": "year",  # was a SQLite overflow and HTTP 500
            "year=-1": "year", "year=20x6": "year", "year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96": "year",
            "page=0": "page", "page=abc": "page", "page=99999999999999999999": "page",
            "sort=random": "sort", "category=" + "x" * 101: "category",
        }
        for query, field in bad.items():
            status, data = get(base, "q=%E4%BD%8E%E4%BF%9D&" + query)
            assert status == 400, query
            assert field in data["error"] and re.search(r"[\u4e00-\u9fff]", data["error"]), data
        # The limit counts characters: 100 Chinese characters (900 URL-encoded bytes) are fine,
        # 101 are refused with the count.
        status, data = get(base, {"q": "低" * 100})
        assert status == 200 and data["total"] == 0
        status, data = get(base, {"q": "低" * 101})
        assert status == 400 and "101" in data["error"]
        assert get(base, {"q": "低保", "year": "2026", "page": "1", "sort": "date"})[0] == 200
        assert get(base, "q=%E4%BD%8E%E4%BF%9D&year=")[0] == 200  # empty filter = no filter
        status, data = get(base, {"q": "低保", "year": "2099"})
        assert status == 200 and data["total"] == 0


def test_search_page_can_use_the_server(site: SiteCopy, tmp_path: Path):
    """SEARCH_API_URL: the static search page asks the search server instead of Pagefind."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.browser import chromium, require_browser, serve

    require_browser()
    out = tmp_path / "out"
    build_site(site.conf, out)
    with search_server(out / "search" / "index.sqlite") as api:
        with urllib.request.urlopen(f"{api}/filters", timeout=10) as r:
            filters = json.loads(r.read())
        assert 2026 in filters["year"] and filters["publisher"]
        web = tmp_path / "web"
        build_site(site.conf, web, {"SEARCH_API_URL": api})
        assert f'data-api="{api}"' in (web / "search.html").read_text(encoding="utf-8")
        expected = get(api, {"q": "低保"})[1]
        assert expected["total"] >= 1
        with serve(web) as base, chromium() as driver:
            driver.get(f"{base}/search.html?q=%E4%BD%8E%E4%BF%9D")
            WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.body.dataset.searchReady"))
            status_text = driver.find_element(By.ID, "search-status").text
            assert f"共找到 {expected['total']} 条" in status_text, status_text
            titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#search-results li h2 a")]
            assert titles == [r["title"] for r in expected["results"]]
            marks = driver.find_elements(By.CSS_SELECTOR, "#search-results mark")
            assert marks and all(m.text == "低保" for m in marks)
            years = [o.get_attribute("value") for o in driver.find_elements(By.CSS_SELECTOR, "select[name=year] option")]
            assert "2026" in years
            # An index number jumps to its document, as with Pagefind.
            driver.get(f"{base}/search.html?q=MB0A12342%2F2026-00001")
            WebDriverWait(driver, 30).until(lambda d: "xxgk/MB0A12342/2026-00001" in d.current_url)
