"""Search subcommands: `search`, `search-server`, `search-index` (and their index options)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..errors import DiscloseError
from . import argtypes
from .base import Site, UsageError
from .output import console, console_err, print_machine
from .registry import Arg, arg, command


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
    """--dsn, else DISCLOSE_PG_DSN (read when the command runs)."""
    dsn = args.dsn if args.dsn is not None else os.environ.get("DISCLOSE_PG_DSN", "")
    if args.backend == "postgres" and not dsn:
        raise UsageError("--backend postgres 需要 --dsn（如 postgresql://user@127.0.0.1:5432/db）或环境变量 DISCLOSE_PG_DSN")
    return dsn


def _backend_args(choices: tuple[str, ...] = ("sqlite", "postgres")) -> list[Arg]:
    return [arg("--backend", choices=choices, default=choices[0],
                help="检索后端：sqlite（默认，网站输出中的索引文件）或 postgres"),
            arg("--dsn",
                help="PostgreSQL 连接串（--backend postgres 时必填，也可用环境变量 DISCLOSE_PG_DSN）")]


INDEX_HELP = "索引文件（默认 输出目录/search/index.sqlite）"
OUTPUT_ARG = arg("-o", "--output", default="output", help="网站输出目录（默认 output）")


@command("search", help="在已发布的文档中检索（精确匹配，支持索引号和文号）", args=[
    arg("query", metavar="QUERY", type=argtypes.text, help="检索词"),
    arg("--category", help="组配分类（标识或名称）"),
    arg("--publisher", help="发布机构（标识或全称）"),
    arg("--year", type=argtypes.year, help="年度"),
    arg("--validity", choices=["有效", "废止", "失效"], help="有效性"),
    arg("--limit", type=argtypes.count, default=20, help="最多显示条数（默认 20）"),
    arg("--format", choices=["text", "json"], default="text", help="输出格式"),
    arg("--index", help=INDEX_HELP),
    OUTPUT_ARG,
    *_backend_args(),
])
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


@command("search-server", help="提供 JSON 检索接口（waitress 多线程，默认只监听 127.0.0.1）", args=[
    arg("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）"),
    arg("--port", type=argtypes.any_port, default=8001, help="端口（默认 8001；0 表示任选空闲端口）"),
    arg("--threads", type=argtypes.workers, default=4, help="工作线程数（默认 4）"),
    arg("--timeout", type=argtypes.count, default=15, help="空闲或发送过慢的连接在多少秒后断开（默认 15）"),
    arg("--query-timeout", type=_seconds, default=5.0, help="单次检索最多用时（秒，默认 5）"),
    arg("--index", help=INDEX_HELP),
    OUTPUT_ARG,
    *_backend_args(),
])
def cmd_search_server(args: argparse.Namespace) -> int:
    from ..search.server import SqliteBackend, create_server

    if args.backend == "postgres":
        from ..search.pg_index import PgBackend, PgSearcher

        dsn = _dsn(args)
        PgSearcher(dsn).close()  # fail now, with a message, if the database is unreachable
        backend = PgBackend(dsn, args.query_timeout)
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


@command("search-index", help="把已发布网站的检索索引载入 PostgreSQL（整体替换，运行中的检索服务立即生效）", args=[
    arg("--index", help="已发布网站的索引文件（默认 输出目录/search/index.sqlite）"),
    OUTPUT_ARG,
    *_backend_args(("postgres",)),
])
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
