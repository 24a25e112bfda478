"""`disclose search-server`: a JSON search endpoint over the SQLite (or PostgreSQL) index.

GET /search?q=低保&category=&publisher=&year=&validity=&page=1&sort=relevance|date
    -> {"query", "total", "page", "results": [...]}
GET /filters -> {"category": [...], "publisher": [...], "year": [...], "validity": [...]}
Errors are JSON with a Chinese message and a 4xx/5xx status, never a stack trace.

Served by waitress: a bounded pool of worker threads behind one asynchronous loop that reads
whole requests before a worker sees them, so a slow or idle client only holds a socket (closed
after `channel_timeout` seconds) and never a worker. Each worker thread keeps its own read-only
connection; before every query the index file is stat'ed (inode, size, mtime: one syscall) and
reopened when `make publish` has swapped in a new site, so a withdrawn document is gone from the
API as soon as the new index is in place. While the file is missing (between the two renames of
the swap) the answer is 503.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs

from .sqlite_index import MAX_QUERY, Hit, QueryError, QueryTimeout, Searcher, hit_json

PAGE_SIZE = 20
MAX_PAGE = 500  # deeper pages are refused: nobody reads them, a crawler does not need them
MAX_FILTER = 100  # characters of a category or publisher filter
YEARS = range(1900, 2201)
QUERY_TIMEOUT = 5.0  # seconds of SQL per query before it is stopped (503)
Start = Callable[[str, list[tuple[str, str]]], object]
log = logging.getLogger(__name__)


class Unavailable(Exception):
    """The index cannot be read right now (being replaced, missing): 503."""


class Backend(Protocol):
    """Where the searcher of the current request comes from."""

    def searcher(self) -> Searcher: ...


class SqliteBackend:
    """One read-only connection per worker thread, reopened when the index file changes."""

    def __init__(self, path: Path, query_timeout: float = QUERY_TIMEOUT) -> None:
        self.path, self.query_timeout = path, query_timeout
        self.local = threading.local()

    def searcher(self) -> Searcher:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            self.local.__dict__.clear()  # drop the old connection: its file is gone
            raise Unavailable from None
        key = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        current = getattr(self.local, "current", None)
        if current is None or current[0] != key:
            if current is not None:
                current[1].close()
            try:
                self.local.current = (key, Searcher(self.path, timeout=self.query_timeout))
            except (FileNotFoundError, sqlite3.Error):
                raise Unavailable from None
        return self.local.current[1]


class BadRequest(ValueError):
    """A parameter that is not acceptable; the message is for the user (Chinese)."""


def _int_param(params: dict[str, str], name: str, allowed: range, message: str) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6 or int(raw) not in allowed:
        raise BadRequest(f"参数 {name} 无效：{message}")
    return int(raw)


def parse_params(raw_query: str) -> dict:
    """Validated parameters of one request (BadRequest with a Chinese message otherwise)."""
    # A generous byte bound first (a character is at most 12 bytes URL-encoded, plus filters),
    # so parsing never handles megabytes; the real limit below counts characters.
    if len(raw_query) > 12 * (MAX_QUERY + 2 * MAX_FILTER) + 200:
        raise BadRequest(f"参数 q 无效：检索词过长（最多 {MAX_QUERY} 个字）")
    params = {k: v[0] for k, v in parse_qs(raw_query, keep_blank_values=True).items()}
    q = params.get("q", "")
    if len(q.strip()) > MAX_QUERY:
        raise BadRequest(f"参数 q 无效：检索词过长（最多 {MAX_QUERY} 个字，现有 {len(q.strip())} 个字）")
    for name in ("category", "publisher"):
        if len(params.get(name, "")) > MAX_FILTER:
            raise BadRequest(f"参数 {name} 无效：最多 {MAX_FILTER} 个字")
    year = _int_param(params, "year", YEARS, f"应为 {YEARS.start}-{YEARS.stop - 1} 之间的四位年份")
    page = _int_param(params, "page", range(1, MAX_PAGE + 1), f"应为 1-{MAX_PAGE} 之间的整数")
    validity = params.get("validity", "")
    if validity not in ("", "有效", "废止", "失效"):
        raise BadRequest("参数 validity 无效：应为 有效、废止 或 失效")
    sort = params.get("sort", "relevance") or "relevance"
    if sort not in ("relevance", "date"):
        raise BadRequest("参数 sort 无效：应为 relevance（相关度）或 date（发布日期）")
    return {"q": q, "category": params.get("category", ""), "publisher": params.get("publisher", ""),
            "year": year, "page": page or 1, "sort": sort, "validity": validity}


def make_app(backend: Backend | Path) -> Callable[[dict, Start], Iterable[bytes]]:
    """The WSGI application over a backend (a Path means the SQLite index file)."""
    source: Backend = SqliteBackend(backend) if isinstance(backend, Path) else backend

    def respond(start: Start, status: str, body: dict, extra: tuple = ()) -> list[bytes]:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        start(status, [("Content-Type", "application/json; charset=utf-8"),
                       ("Content-Length", str(len(data))), ("Access-Control-Allow-Origin", "*"),
                       ("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store"), *extra])
        return [data]

    def app(environ: dict, start: Start) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/").rstrip("/")
        if path not in ("/search", "/filters"):
            return respond(start, "404 Not Found", {"error": "不存在的地址，请使用 /search?q=检索词"})
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            return respond(start, "405 Method Not Allowed", {"error": "只支持 GET"}, (("Allow", "GET, HEAD"),))
        try:
            if path == "/filters":
                return respond(start, "200 OK", source.searcher().filters())
            p = parse_params(environ.get("QUERY_STRING", ""))
            total, hits = source.searcher().search(
                p["q"], category=p["category"], publisher=p["publisher"], year=p["year"],
                limit=PAGE_SIZE, offset=(p["page"] - 1) * PAGE_SIZE, sort=p["sort"], validity=p["validity"])
        except (BadRequest, QueryError) as exc:
            return respond(start, "400 Bad Request", {"error": str(exc)})
        except Unavailable:
            return respond(start, "503 Service Unavailable", {"error": "检索索引正在更新，请稍后再试"},
                           (("Retry-After", "2"),))
        except QueryTimeout:
            return respond(start, "503 Service Unavailable",
                           {"error": "检索超时，请使用更长的检索词或加上分类、年度等条件"}, (("Retry-After", "5"),))
        except Exception:  # never a stack trace to the client; the log has it
            log.exception("search failed")
            return respond(start, "500 Internal Server Error", {"error": "检索服务内部错误，请稍后再试"})
        return respond(start, "200 OK", {"query": p["q"], "total": total, "page": p["page"],
                                         "results": [hit_json(h) for h in hits]})

    return app


def create_server(backend: Backend | Path, host: str, port: int, *, threads: int = 4,
                  channel_timeout: int = 15, connection_limit: int = 200):  # noqa: ANN201 (waitress type)
    """A waitress server (not yet running); `.effective_port` is the bound port."""
    import waitress

    return waitress.create_server(
        make_app(backend), host=host, port=port, threads=threads, channel_timeout=channel_timeout,
        cleanup_interval=max(1, min(30, channel_timeout // 2)), connection_limit=connection_limit,
        max_request_header_size=16 * 1024, max_request_body_size=0, ident="disclose-search",
        clear_untrusted_proxy_headers=True, expose_tracebacks=False)


def serve(backend: Backend | Path, host: str, port: int, **options: int) -> None:
    """Serve until interrupted."""
    create_server(backend, host, port, **options).run()


__all__ = ["Hit", "make_app", "serve", "create_server", "SqliteBackend", "Unavailable"]
