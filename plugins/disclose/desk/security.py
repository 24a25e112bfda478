"""Who may talk to the desk: the browser that opened the printed URL, nobody else.

- A one-time token in the printed URL is exchanged for a session cookie (HttpOnly,
  SameSite=Strict, named after the port so two desks on one machine do not share it); the
  token is then spent. Every other request needs that cookie: otherwise 403.
- The Host header must name the loopback address the desk listens on (127.0.0.1/localhost/[::1]
  with its port): a page of another site whose name was re-pointed to 127.0.0.1 (DNS
  rebinding) sends its own name and is refused.
- Every POST carries the session's CSRF token, and a cross-origin POST (Origin, or
  Sec-Fetch-Site when the browser sends it) is refused even with the token.
- Responses are never cached, never framed by another origin, and send a Referer only to the
  desk itself (the token is gone from the URL by then; "no-referrer" would make Chrome send
  `Origin: null` on the desk's own forms).
"""

from __future__ import annotations

import hmac
import secrets
import threading
from dataclasses import dataclass, field

from flask import Flask, Response, abort, redirect, request, session

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


@dataclass
class Guard:
    """The desk's access rules for one server process."""

    port: int = 0
    host: str = "127.0.0.1"
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    spent: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def allowed_hosts(self) -> set[str]:
        names = set(LOOPBACK_NAMES) | ({self.host} if self.host not in ("0.0.0.0", "::") else set())
        return {f"{n}:{self.port}" for n in names}

    def url(self) -> str:
        shown = self.host if self.host not in ("0.0.0.0", "::") else "127.0.0.1"
        return f"http://{shown}:{self.port}/?token={self.token}"

    def install(self, app: Flask) -> None:
        """Check every request before any view runs; harden every response."""
        app.config.update(SECRET_KEY=secrets.token_bytes(32), SESSION_COOKIE_HTTPONLY=True,
                          SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_NAME=f"desk-{self.port}")
        app.before_request(self.check)
        app.after_request(harden)

    def bind(self, app: Flask, port: int) -> None:
        """The port the server got: the allowed Host values and the cookie's name follow it."""
        self.port = port
        app.config["SESSION_COOKIE_NAME"] = f"desk-{port}"

    def check(self) -> Response | None:
        if request.host not in self.allowed_hosts():
            abort(403, description=f"拒绝访问：主机名“{request.host}”不是本审核台的地址（security.host）")
        given = request.args.get("token")
        if given is not None and session.get("auth"):
            return redirect(request.path)  # the printed link opened again in the same browser
        if given is not None:
            with self._lock:  # two requests racing with the token: one wins
                valid = not self.spent and hmac.compare_digest(given.encode(), self.token.encode())
                self.spent = self.spent or valid
            if not valid:
                abort(403, description="拒绝访问：链接中的令牌无效或已使用；请重新运行 disclose desk 并打开它打印的地址"
                                       "（security.token）")
            session.clear()
            session["auth"] = True
            session["csrf"] = secrets.token_urlsafe(32)
            return redirect(request.path)  # the token leaves the address bar and history
        if not session.get("auth"):
            abort(403, description="拒绝访问：请打开 disclose desk 启动时打印的地址（带令牌）（security.token）")
        if request.method not in ("GET", "HEAD"):
            origin = request.headers.get("Origin")
            if origin is not None and origin.removeprefix("http://") not in self.allowed_hosts():
                abort(403, description=f"拒绝访问：来自其他网站（{origin}）的提交（security.origin）")
            if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
                abort(403, description="拒绝访问：来自其他网站的提交（security.origin）")
            sent = request.form.get("csrf", "")
            if not sent or not hmac.compare_digest(sent.encode(), str(session.get("csrf", "")).encode()):
                abort(403, description="拒绝访问：表单缺少有效的防伪令牌，请刷新页面后重试（security.csrf）")
        return None


def csrf_token() -> str:
    """The session's CSRF token, for every form."""
    return str(session.get("csrf", ""))


def harden(response: Response) -> Response:
    h = response.headers
    h["Cache-Control"] = "no-store"
    h["Referrer-Policy"] = "same-origin"  # never to other sites; "no-referrer" would make Origin "null"
    h["X-Content-Type-Options"] = "nosniff"
    h.setdefault("X-Frame-Options", "SAMEORIGIN")
    h.setdefault("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' "
                 "'unsafe-inline'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'")
    return response
