"""`disclose search-server`: a small WSGI JSON endpoint over the SQLite index.

GET /search?q=低保&category=&publisher=&year=&page=1 -> {"query", "total", "results": [...]}.
Errors are JSON with a Chinese message and a 4xx status, never a stack trace. The query
interface (text, filters, page) is the one a distributed engine (OpenSearch with its
cjk_bigram analyser) would implement behind the same URL for very large catalogues.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import parse_qs

from .sqlite_index import MAX_QUERY, QueryError, Searcher, hit_json

PAGE_SIZE = 20
Start = Callable[[str, list[tuple[str, str]]], object]


def make_app(index: Path) -> Callable[[dict, Start], Iterable[bytes]]:
    """The WSGI application for one index file."""
    searcher = Searcher(index)

    def respond(start: Start, status: str, body: dict) -> list[bytes]:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        start(status, [("Content-Type", "application/json; charset=utf-8"),
                       ("Content-Length", str(len(data))), ("Access-Control-Allow-Origin", "*"),
                       ("X-Content-Type-Options", "nosniff")])
        return [data]

    def app(environ: dict, start: Start) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "/") not in ("/search", "/search/"):
            return respond(start, "404 Not Found", {"error": "不存在的地址，请使用 /search?q=检索词"})
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            return respond(start, "405 Method Not Allowed", {"error": "只支持 GET"})
        raw = environ.get("QUERY_STRING", "")
        if len(raw) > 4 * MAX_QUERY + 200:
            return respond(start, "400 Bad Request", {"error": f"检索词过长（最多 {MAX_QUERY} 个字）"})
        params = {k: v[0] for k, v in parse_qs(raw).items()}
        try:
            year = int(params["year"]) if params.get("year") else None
            page = max(1, int(params.get("page", "1")))
        except ValueError:
            return respond(start, "400 Bad Request", {"error": "year 和 page 必须是数字"})
        try:
            total, hits = searcher.search(params.get("q", ""), category=params.get("category", ""),
                                          publisher=params.get("publisher", ""), year=year,
                                          validity=params.get("validity", ""),
                                          limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        except QueryError as exc:
            return respond(start, "400 Bad Request", {"error": str(exc)})
        return respond(start, "200 OK", {"query": params.get("q", ""), "total": total, "page": page,
                                         "results": [hit_json(h) for h in hits]})

    return app


def serve(index: Path, host: str, port: int) -> None:
    """Serve until interrupted (wsgiref; put a real WSGI server in front for production)."""
    from wsgiref.simple_server import make_server

    with make_server(host, port, make_app(index)) as httpd:
        httpd.serve_forever()
