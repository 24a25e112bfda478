"""Headless Debian Chromium for tests (Selenium with the system chromedriver, never a download),
and a loopback HTTP server for built sites."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def require_browser() -> None:
    """Skip on a developer machine without Chromium; in CI (CI=true) a missing browser fails."""
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return
    if os.environ.get("CI"):
        pytest.fail("Chromium and chromedriver are required in CI (.ci/run installs them)")
    missing = [name for name, path in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER))
               if not Path(path).exists()]
    packages = {"chromium": "chromium", "chromedriver": "chromium-driver"}
    pytest.skip(f"{' and '.join(missing)} not installed "
                f"(apt-get install {' '.join(packages[m] for m in missing)} fonts-noto-cjk)")


@contextmanager
def serve(directory: Path, served: dict[str, int] | None = None) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) for the duration of the block.

    With `served`, responses are sent with Cache-Control: no-store and the bytes of each path
    are added up there (what a cold visitor downloads, including a web worker's fetches).
    """
    handler = functools.partial(_CountingHandler if served is not None else _QuietHandler,
                                directory=str(directory))
    if served is not None:
        handler = functools.partial(_CountingHandler, directory=str(directory), served=served)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _CountingHandler(_QuietHandler):
    def __init__(self, *args: object, served: dict[str, int], **kwargs: object) -> None:
        self.served = served
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        data = source.read()
        self.served[self.path] = self.served.get(self.path, 0) + len(data)
        outputfile.write(data)

    def do_GET(self) -> None:
        # JavaScript gzip-compressed as ordinary web servers send it (Pagefind's index files and
        # wasm are compressed already); the bytes counted are the bytes on the wire.
        path = Path(self.translate_path(self.path))
        if path.suffix != ".js" or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().do_GET()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.served[self.path] = self.served.get(self.path, 0) + len(body)
        self.wfile.write(body)


@contextmanager
def chromium(javascript: bool = True) -> Iterator[object]:
    """A headless Chromium WebDriver with the flags this closed network needs."""
    require_browser()
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1200,1000"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
