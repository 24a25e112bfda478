"""The staff preview server of `make serve`: a static file server on 127.0.0.1 whose messages are
Chinese (the site's own 404 page for a missing file) and which explains a busy port instead of
ending in `OSError: [Errno 98]`."""

from __future__ import annotations

import errno
import functools
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_ERROR_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>%(code)d %(message)s</title></head>
<body><h1>%(code)d %(message)s</h1><p>%(explain)s</p></body></html>
"""

_CHINESE = {
    HTTPStatus.NOT_FOUND: ("页面不存在", "预览目录中没有这个文件。"),
    HTTPStatus.BAD_REQUEST: ("请求无效", "浏览器发来的请求无法识别。"),
    HTTPStatus.NOT_IMPLEMENTED: ("不支持的请求", "预览服务只提供浏览网页。"),
}


class PreviewHandler(SimpleHTTPRequestHandler):
    """Files of the preview folder; errors in Chinese, a 404 with the site's own page."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A Chinese error page; for 404 the site's own 404.html when the build wrote one."""
        status = HTTPStatus(code)
        page = Path(self.directory) / "404.html"
        if status is HTTPStatus.NOT_FOUND and page.is_file():
            body = page.read_bytes()
        else:
            zh, why = _CHINESE.get(status, ("出错了", "预览服务无法处理这个请求。"))
            body = (_ERROR_PAGE % {"code": code, "message": zh, "explain": why}).encode("utf-8")
        self.log_error("%d %s", code, self.path)
        # The status line itself must stay ASCII (HTTP/1.1 reason phrases are Latin-1).
        self.send_response(code, status.phrase)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Quiet: the terminal shows only failed requests (send_error logs them)."""


def serve(directory: Path, port: int, host: str = "127.0.0.1") -> int:
    """Serve `directory` until Ctrl+C; exit status 2 with a Chinese message when that cannot start."""
    if not directory.is_dir():
        print(f"预览目录 {directory} 不存在：请先运行 make serve（或 disclose build --preview -o {directory}）",
              file=sys.stderr)
        return 2
    handler = functools.partial(PreviewHandler, directory=str(directory))
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"端口 {port} 已被占用（可能另一个预览服务还在运行）：先停止它，或换一个端口，"
                  f"例如 make serve PORT={port + 1}", file=sys.stderr)
        else:
            print(f"无法在 {host}:{port} 启动预览服务：{exc.strerror}", file=sys.stderr)
        return 2
    print(f"预览地址：http://{host}:{server.server_address[1]}/ （Ctrl+C 停止）", flush=True)
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("预览服务已停止。")
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m disclose.site.preview_server [--port N] [DIRECTORY]`."""
    from ..cli import ChineseParser
    from ..cli.argtypes import port

    parser = ChineseParser(prog="python -m disclose.site.preview_server", description="工作人员预览服务。")
    parser.add_argument("directory", nargs="?", default="preview", help="预览目录（默认 preview）")
    parser.add_argument("--port", type=port, default=8000, help="端口（默认 8000，make serve PORT=8001 可改）")
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认只监听本机 127.0.0.1）")
    args = parser.parse_args(argv)
    return serve(Path(args.directory), args.port, args.host)


if __name__ == "__main__":
    sys.exit(main())
