"""`disclose linkcheck` against a local server on 127.0.0.1: dead, slow and too slow links,
bounded concurrency, the cache, and links between pages of the site."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from disclose.inspection import linkcheck

from tests.conftest import FIXTURE_SITE, run_cli_in_process


class _Server:
    def __init__(self) -> None:
        self.active = self.peak = 0
        self.hits: list[str] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:  # noqa: N802
                self.answer(body=False)

            def do_GET(self) -> None:  # noqa: N802
                self.answer(body=True)

            def answer(self, body: bool) -> None:
                with server.lock:
                    server.active += 1
                    server.peak = max(server.peak, server.active)
                    server.hits.append(f"{self.command} {self.path}")
                try:
                    if self.path.startswith("/slow"):
                        time.sleep(1.0)
                    if self.path.startswith("/hang"):
                        time.sleep(3.0)
                    if self.path.startswith("/busy"):
                        time.sleep(0.3)
                    if self.path == "/nohead" and self.command == "HEAD":
                        status = 405
                    else:
                        status = 404 if self.path.startswith("/dead") else 200
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    if body:
                        self.wfile.write(b"ok")
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with server.lock:
                        server.active -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server():
    s = _Server()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def site_output(root: Path, base: str) -> Path:
    out = root / "output"
    (out / "xxgk").mkdir(parents=True)
    (out / "index.html").write_text(
        f'<a href="{base}/ok">ok</a><a href="{base}/dead/page">dead</a><a href="{base}/slow">slow</a>'
        f'<a href="{base}/nohead">refuses HEAD</a><a href="mailto:a@b.example">mail</a>'
        f'<a href="/xxgk/a.html">inside</a><a href="/xxgk/missing.html">missing</a>'
        f'<a href="https://xxgk.ceshi.example/xxgk/a.html">own domain</a>', encoding="utf-8")
    (out / "xxgk" / "a.html").write_text(f'<a href="{base}/dead/page#top">dead again</a>'
                                         f'<img src="{base}/ok">', encoding="utf-8")
    return out


def test_dead_links_are_reported_with_their_pages_and_slow_ones_tolerated(server: _Server, tmp_path: Path):
    out = site_output(tmp_path, server.base)
    cache = tmp_path / "cache.json"
    result = linkcheck.run(out, {"xxgk.ceshi.example"}, workers=4, timeout=5, cache=cache)
    dead = {d.url: d for d in result.dead}
    assert set(dead) == {f"{server.base}/dead/page", "/xxgk/missing.html"}
    assert dead[f"{server.base}/dead/page"].reason == "HTTP 404"
    assert dead[f"{server.base}/dead/page"].pages == ["index.html", "xxgk/a.html"]
    assert dead["/xxgk/missing.html"].pages == ["index.html"]
    assert result.checked == 4  # ok, dead, slow, nohead: mailto and own pages are not fetched
    # The cache holds the live links: the next run fetches only the dead one again.
    assert set(json.loads(cache.read_text())) == {f"{server.base}/{p}" for p in ("ok", "slow", "nohead")}
    server.hits.clear()
    again = linkcheck.run(out, {"xxgk.ceshi.example"}, workers=4, timeout=5, cache=cache)
    assert (again.checked, again.cached) == (1, 3) and {h.split()[1] for h in server.hits} == {"/dead/page"}


def test_a_link_slower_than_the_timeout_is_reported(server: _Server, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text(f'<a href="{server.base}/hang">x</a>', encoding="utf-8")
    started = time.monotonic()
    result = linkcheck.run(out, set(), timeout=0.5)
    assert time.monotonic() - started < 2.5
    assert [d.reason for d in result.dead] == ["超时（0.5 秒内没有响应）"]


def test_concurrency_is_bounded(server: _Server, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    links = "".join(f'<a href="{server.base}/busy/{i}">{i}</a>' for i in range(12))
    (out / "index.html").write_text(links, encoding="utf-8")
    result = linkcheck.run(out, set(), workers=3, timeout=5)
    assert result.dead == [] and result.checked == 12
    assert 1 < server.peak <= 3


def test_cli_exit_status_and_json(server: _Server, tmp_path: Path):
    out = site_output(tmp_path, server.base)
    (out / "xxgk" / "missing.html").write_text("", encoding="utf-8")
    run = run_cli_in_process(["-s", str(FIXTURE_SITE / "pelicanconf.py"), "linkcheck", "-o", str(out), "--format", "json",
                   "--cache", ""], cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    data = json.loads(run.stdout)
    assert [d["url"] for d in data["dead"]] == [f"{server.base}/dead/page"]
    text = run_cli_in_process(["-s", str(FIXTURE_SITE / "pelicanconf.py"), "linkcheck", "-o", str(out), "--cache", ""],
                   cwd=tmp_path)
    assert f"断链 {server.base}/dead/page：HTTP 404" in text.stdout and "所在页面：xxgk/a.html" in text.stdout
