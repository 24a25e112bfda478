"""The redirect map of a migration: old page URL and old index number to the new page."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

CSV_HEADER = ("原网址", "原索引号", "本站索引号", "新网址", "文件")


@dataclass(frozen=True)
class Redirect:
    """One imported page: where it was and where it is now."""

    old_url: str
    old_index_no: str
    index_no: str
    new_url: str
    source: str


def new_url(domain: str, url_path: str) -> str:
    """The absolute new address when the site has a domain, else the site path."""
    return f"https://{domain}/{url_path}" if domain else f"/{url_path}"


def to_csv(rows: list[Redirect]) -> str:
    """UTF-8 CSV with a header row (opened by Excel when written with a BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow((r.old_url, r.old_index_no, r.index_no, r.new_url, r.source))
    return out.getvalue()


def _request_uri(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_nginx(rows: list[Redirect]) -> str:
    """An nginx `map` from the old request URI to the new URL; pages whose old URL is not known
    are listed as comments (their old number is in the CSV)."""
    lines = [
        "# disclose import：原网站页面 → 本站新网址。",
        "# 用法：在 http 块中 include 本文件，并在原网站的 server 块中加入",
        "#   if ($disclose_redirect) { return 301 $disclose_redirect; }",
        "map $request_uri $disclose_redirect {",
        '    default "";',
    ]
    seen: set[str] = set()
    for r in rows:
        key = _request_uri(r.old_url) if r.old_url else ""
        if key and key not in seen and not any(c.isspace() for c in key):
            seen.add(key)
            note = f"  # 原索引号 {r.old_index_no}" if r.old_index_no else ""
            lines.append(f"    {_quote(key)} {_quote(r.new_url)};{note}")
    lines.append("}")
    unknown = [r for r in rows if not r.old_url]
    if unknown:
        lines.append("# 以下页面原网址未知，仅能按原索引号查找：")
        lines += [f"#   {r.old_index_no or '（无原索引号）'} → {r.new_url}  （{r.source}）" for r in unknown]
    return "\n".join(lines) + "\n"


def write(path: Path, rows: list[Redirect]) -> tuple[Path, Path]:
    """Write FILE as CSV (UTF-8 with BOM) and FILE with the .conf suffix as the nginx map."""
    csv_path = path if path.suffix.lower() == ".csv" else path.with_suffix(".csv")
    conf_path = csv_path.with_suffix(".conf")
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    csv_path.write_text("\ufeff" + to_csv(rows), encoding="utf-8")
    conf_path.write_text(to_nginx(rows), encoding="utf-8")
    return csv_path, conf_path
