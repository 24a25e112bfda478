"""`disclose linkcheck`: dead links of the published site (断链, an inspection item).

Reads the built HTML only (never the sources), checks every external link with bounded
concurrency and a per-request timeout, remembers live links in a cache for a while, and checks
links between pages of the site against the output folder. Run it in CI on a schedule, never
inside the build: the network must not decide whether a site is published.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

USER_AGENT = "disclose-linkcheck/1 (government website dead-link check)"
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.urls.append(value.strip())


@dataclass
class Dead:
    """A link that does not work, and the pages carrying it."""

    url: str
    reason: str
    pages: list[str]


@dataclass
class Result:
    """What one run found."""

    checked: int
    cached: int
    dead: list[Dead] = field(default_factory=list)
    slow: list[tuple[str, float]] = field(default_factory=list)  # live, but slower than half the timeout

    def to_json(self) -> dict[str, Any]:
        """`disclose linkcheck --format json`."""
        return {"checked": self.checked, "cached": self.cached,
                "dead": [{"url": d.url, "reason": d.reason, "pages": d.pages} for d in self.dead],
                "slow": [{"url": u, "seconds": t} for u, t in self.slow]}

    def lines(self) -> list[str]:
        """The result as staff read it: dead links with their pages, slow ones, a summary."""
        out = []
        for d in self.dead:
            out += [f"断链 {d.url}：{d.reason}", *(f"    所在页面：{page}" for page in d.pages)]
        out += [f"响应慢 {url}：{seconds} 秒" for url, seconds in self.slow]
        return out + [f"检查外部链接 {self.checked} 个（另有 {self.cached} 个近期检查过，未重复检查），"
                      f"断链 {len(self.dead)} 个。"]


def collect(output: Path, own_hosts: set[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(external url -> pages, internal target path -> pages) of every HTML page in `output`."""
    external: dict[str, list[str]] = defaultdict(list)
    internal: dict[str, list[str]] = defaultdict(list)
    for page in sorted(output.rglob("*.html")):
        rel = page.relative_to(output).as_posix()
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for url in dict.fromkeys(parser.urls):
            if url.lower().startswith(SKIP_SCHEMES):
                continue
            parts = urllib.parse.urlsplit(url)
            if parts.scheme in ("http", "https") and parts.hostname not in own_hosts:
                external[url.split("#", 1)[0]].append(rel)
            elif parts.scheme in ("", "http", "https"):
                base = "/" + posixpath.dirname(rel)
                target = posixpath.normpath(posixpath.join(base, urllib.parse.unquote(parts.path)))
                internal[target.lstrip("/")].append(rel)
    return external, internal


def check_url(url: str, timeout: float) -> tuple[bool, str, float]:
    """(alive, reason, seconds): HEAD, then GET when the server refuses HEAD."""
    start = dt.datetime.now()
    reason = ""
    for method in ("HEAD", "GET"):
        req = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (http/https only)
                return True, f"HTTP {resp.status}", (dt.datetime.now() - start).total_seconds()
        except urllib.error.HTTPError as exc:
            reason = f"HTTP {exc.code}"
            if exc.code not in (403, 405, 501):  # some servers refuse HEAD only
                break
        except TimeoutError:
            reason = f"超时（{timeout:g} 秒内没有响应）"
            break
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = f"无法连接：{getattr(exc, 'reason', exc)}"
            break
    return False, reason, (dt.datetime.now() - start).total_seconds()


def _load_cache(path: Path | None) -> dict[str, str]:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a broken cache is only a slower run
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def run(output: Path, own_hosts: set[str], *, workers: int = 8, timeout: float = 10.0,
        cache: Path | None = None, max_age_hours: float = 24.0, now: dt.datetime | None = None) -> Result:
    """Check every link of the site in `output`; live external links are cached for max_age_hours."""
    now = now or dt.datetime.now(dt.UTC)
    external, internal = collect(output, own_hosts)
    seen = _load_cache(cache)
    fresh = {u for u, when in seen.items()
             if u in external and now - dt.datetime.fromisoformat(when) < dt.timedelta(hours=max_age_hours)}
    todo = [u for u in external if u not in fresh]
    result = Result(len(todo), len(fresh))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for url, (alive, reason, seconds) in zip(todo, pool.map(lambda u: check_url(u, timeout), todo),
                                                 strict=True):
            if alive:
                seen[url] = now.isoformat()
                if seconds > timeout / 2:
                    result.slow.append((url, round(seconds, 1)))
            else:
                seen.pop(url, None)
                result.dead.append(Dead(url, reason, external[url]))
    for target, pages in sorted(internal.items()):
        path = output / target
        if not (path.is_file() or (path.is_dir() and (path / "index.html").is_file())):
            result.dead.append(Dead("/" + target, "站内页面或文件不存在", pages))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({u: seen[u] for u in sorted(seen) if u in external}, ensure_ascii=False,
                                    indent=1) + "\n", encoding="utf-8")
    result.dead.sort(key=lambda d: d.url)
    return result
