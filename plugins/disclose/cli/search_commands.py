"""Search subcommands: `search`, `search-server` (and their index options)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import DiscloseError
from . import argtypes
from .commands import Site, UsageError
from .output import console, console_err, print_machine


def _index_path(args: argparse.Namespace) -> Path:
    if args.index:
        return Path(args.index)
    site = Site(args.settings)
    return Path(args.output) / site.settings.search.sqlite_path


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"应为 0-600 之间的秒数：{text}")
    return value


def _dsn(args: argparse.Namespace) -> str:
    if args.backend == "postgres" and not args.dsn:
        raise UsageError("--backend postgres 需要 --dsn（如 postgresql://user@127.0.0.1:5432/db）或环境变量 DISCLOSE_PG_DSN")
    return args.dsn


def cmd_search(args: argparse.Namespace) -> int:
    from ..search.sqlite_index import QueryError, Searcher, hit_json

    if args.backend == "postgres":
        from ..search.pg_index import PgSearcher

        searcher = PgSearcher(_dsn(args))
    else:
        path = _index_path(args)
        if not path.is_file():
            raise DiscloseError(f"找不到检索索引 {path}；请先运行 make html 或 make publish")
        searcher = Searcher(path)
    try:
        total, hits = searcher.search(args.query, category=args.category or "",
                                            publisher=args.publisher or "", year=args.year,
                                            limit=args.limit, validity=args.validity or "")
    except QueryError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        print_machine({"query": args.query, "total": total, "results": [hit_json(h) for h in hits]})
        return 0
    console.print(f"“{args.query}”共 {total} 条结果：", markup=False)
    for h in hits:
        console.print(f"{h.published}  {h.index_no}  {h.title}（{h.publisher}）", markup=False)
        if h.related:
            console.print(f"    {h.related}", markup=False)
        console.print("    " + h.excerpt.replace("<mark>", "【").replace("</mark>", "】"), markup=False)
    return 0


def cmd_search_server(args: argparse.Namespace) -> int:
    from ..search.server import SqliteBackend, create_server

    if args.backend == "postgres":
        from ..search.pg_index import PgBackend, PgSearcher

        PgSearcher(_dsn(args)).close()  # fail now, with a message, if the database is unreachable
        backend = PgBackend(args.dsn, args.query_timeout)
    else:
        path = _index_path(args)
        if not path.is_file():
            raise DiscloseError(f"找不到检索索引 {path}；请先运行 make html 或 make publish")
        backend = SqliteBackend(path, args.query_timeout)
    server = create_server(backend, args.host, args.port, threads=args.threads, channel_timeout=args.timeout)
    # The bound port (with --port 0, a free one) on its own line: scripts and tests read it.
    console_err.print(f"检索服务：http://{args.host}:{server.effective_port}/search?q=低保 （Ctrl+C 停止）",
                      markup=False, highlight=False, soft_wrap=True)
    try:
        server.run()
    finally:
        server.close()
    return 0


def cmd_search_index(args: argparse.Namespace) -> int:
    """Load a published site's documents into PostgreSQL (from its SQLite index: exactly what
    the site published, after the gate)."""
    import time

    from ..search import pg_index

    dsn = _dsn(args)
    path = _index_path(args)
    if not path.is_file():
        raise DiscloseError(f"找不到检索索引 {path}；请先运行 make publish（PostgreSQL 索引取自已发布网站的索引）")
    start = time.perf_counter()
    n = pg_index.build(pg_index.docs_from_sqlite(path), dsn)
    console_err.print(f"PostgreSQL 检索索引已更新：{n} 篇，用时 {time.perf_counter() - start:.1f} 秒", markup=False)
    return 0


def _backend_args(p: argparse.ArgumentParser, choices: tuple[str, ...] = ("sqlite", "postgres")) -> None:
    import os

    p.add_argument("--backend", choices=choices, default=choices[0],
                   help="检索后端：sqlite（默认，网站输出中的索引文件）或 postgres")
    p.add_argument("--dsn", default=os.environ.get("DISCLOSE_PG_DSN", ""),
                   help="PostgreSQL 连接串（--backend postgres 时必填，也可用环境变量 DISCLOSE_PG_DSN）")


def add(sub: Any) -> None:
    """Register the search subcommands (called from commands.add_all)."""
    p = sub.add_parser("search", help="在已发布的文档中检索（精确匹配，支持索引号和文号）")
    p.add_argument("query", metavar="QUERY", type=argtypes.text, help="检索词")
    p.add_argument("--category", help="组配分类（标识或名称）")
    p.add_argument("--publisher", help="发布机构（标识或全称）")
    p.add_argument("--year", type=argtypes.year, help="年度")
    p.add_argument("--validity", choices=["有效", "废止", "失效"], help="有效性")
    p.add_argument("--limit", type=argtypes.count, default=20, help="最多显示条数（默认 20）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    p.add_argument("--index", help="索引文件（默认 输出目录/search/index.sqlite）")
    p.add_argument("-o", "--output", default="output", help="网站输出目录（默认 output）")
    _backend_args(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("search-server", help="提供 JSON 检索接口（waitress 多线程，默认只监听 127.0.0.1）")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    p.add_argument("--port", type=argtypes.any_port, default=8001, help="端口（默认 8001；0 表示任选空闲端口）")
    p.add_argument("--threads", type=argtypes.workers, default=4, help="工作线程数（默认 4）")
    p.add_argument("--timeout", type=argtypes.count, default=15,
                   help="空闲或发送过慢的连接在多少秒后断开（默认 15）")
    p.add_argument("--query-timeout", type=_seconds, default=5.0, help="单次检索最多用时（秒，默认 5）")
    p.add_argument("--index", help="索引文件（默认 输出目录/search/index.sqlite）")
    p.add_argument("-o", "--output", default="output", help="网站输出目录（默认 output）")
    _backend_args(p)
    p.set_defaults(func=cmd_search_server)

    p = sub.add_parser("search-index", help="把已发布网站的检索索引载入 PostgreSQL（整体替换，运行中的检索服务立即生效）")
    p.add_argument("--index", help="已发布网站的索引文件（默认 输出目录/search/index.sqlite）")
    p.add_argument("-o", "--output", default="output", help="网站输出目录（默认 output）")
    _backend_args(p, ("postgres",))
    p.set_defaults(func=cmd_search_index)
