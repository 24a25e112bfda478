"""YAML values as the site shows them, checked like the body.

The check reads a file as written; the site shows front-matter and dataset-descriptor values as
YAML decodes them: escapes (`"\\u0033"`, `"\\x33"`), folded and plain multi-line scalars joined,
`1_3912_345678` read as a number, an inline table (`table: [[…], […]]`) shown as table cells.
`check_values` runs the same checker over a synthetic text built from every decoded value (one
value per line, white space collapsed as HTML shows it; a list of rows as a pipe table so the
table rules apply), maps each finding back to the line of its top-level key and drops the
findings the check of the raw text already gives (same rule and same value).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any, Protocol
from urllib.parse import unquote

from .finding import Finding
from .text import Lines


class Checker(Protocol):
    """What this module needs of engine.Checker (not imported: the engine calls this module)."""

    def check_text(self, path: str, raw: str, *, decode: bool = True) -> list[Finding]: ...

_RANK = {"info": 0, "warn": 1, "block": 2}
_WS = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]+")

# A front-matter block with none of these reads back exactly as written, so it is not parsed
# again just for this check: one-line plain or quoted scalars without escapes (a quote, a flow
# list or mapping on one line only frames values written as they are), block lists. What can
# change a value: escapes, a doubled '' in single quotes, line folding (continuation lines,
# indented or not, block scalars > and |), anchors, aliases, tags, directives, tabs, rows of an inline table
# ([[ — shown as table cells), and a YAML 1.1 number written another way (0x…, 0o…, 0b…,
# 1_000, base 60 1:23:45, 1.3e+10: read as an int or float and shown in decimal).
_DECODES = re.compile(r"[\\>|&*!%\t]|''|\[[ \t]*\[|\n[ \t]")
# a line that is no `key:`, list item, comment or blank line: a quoted scalar going on at
# column 0 (PyYAML folds it into the line before)
_ODD_LINE = re.compile(r"^(?![A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff-]*[ \t]*:(?:[ \t]|$)|-(?:[ \t]|$)|#|$)", re.M)
_NUMBER = re.compile(r"[:,\-\[][ \t]*[-+]?(?:0[xXob]|[0-9][0-9_]*[_:][0-9]|\.?[0-9][0-9._]*[eE][-+]?[0-9])")

NOTE = "（YAML 解码后、网站显示的字段值）"
PERCENT_NOTE = "（网址百分号编码解码后）"
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")


def may_differ(front: str) -> bool:
    """Whether a raw front-matter block may decode to text other than what it shows."""
    return (front[:1] in (" ", "\t") or _DECODES.search(front) is not None or _ODD_LINE.search(front) is not None
            or _NUMBER.search(front) is not None)


def synthetic(data: Mapping[Any, Any], key_lines: Mapping[str, int], default_line: int = 1,
              raw: str = "") -> tuple[str, list[int]]:
    """Every shown value of a parsed YAML mapping, one per line, and the file line of each.
    A value found as it is on one line of `raw` is left out: the raw check read it there
    (inline tables are always kept, as tables)."""
    out: list[str] = []
    where: list[int] = []
    for key, value in data.items():
        _emit(value, key_lines.get(str(key), default_line), out, where, raw)
    return "\n".join(out) + "\n", where


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float | date):
        return _WS.sub(" ", str(value)).strip() or None
    return None


def _as_written(raw: str, value: str) -> bool:
    """Whether `value` stands as it is on one line of `raw`, not glued to a letter or digit
    (the raw check then read it with the same neighbours or separators)."""
    if "\n" in value or "\\" in value:
        return False
    i = raw.find(value)
    while i >= 0:
        before = raw[i - 1] if i else " "
        after = raw[i + len(value)] if i + len(value) < len(raw) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        i = raw.find(value, i + 1)
    return False


def _emit(value: Any, line: int, out: list[str], where: list[int], raw: str = "") -> None:
    text = _scalar(value)
    if text is not None:
        if not (raw and isinstance(value, str) and _as_written(raw, value)):
            out.append(text)
            where.append(line)
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _emit(k, line, out, where, raw)
            _emit(v, line, out, where, raw)
    elif isinstance(value, list | tuple):
        rows = [r for r in value if isinstance(r, list | tuple)]
        if rows and len(rows) == len(value) and all(_scalar(c) is not None or c is None or isinstance(c, bool)
                                                    for r in rows for c in r):
            # An inline table: a blank header, the separator, one body row per line, so the
            # table rules (numbers split over adjacent cells, person tables) apply.
            width = max(len(r) for r in rows) or 1
            out.append("|" + "  |" * width)
            out.append("|" + "---|" * width)
            for r in rows:
                cells = [(_scalar(c) or "").replace("|", "\\|") for c in r]
                out.append("| " + " | ".join(cells + [""] * (width - len(cells))) + " |")
            out.append("")
            where.extend([line] * (len(rows) + 3))
        else:
            for v in value:
                _emit(v, line, out, where, raw)


def _value(lines: Lines, text: str, f: Finding) -> str:
    if f.end_column <= f.column or f.line < 1 or f.line > len(lines.starts):
        return ""
    start = lines.starts[f.line - 1] + f.column - 1
    return _NOT_WORD.sub("", text[start:start + f.end_column - f.column])


def check_values(checker: Checker, path: str, data: Mapping[Any, Any], key_lines: Mapping[str, int],
                 raw: str, raw_findings: list[Finding], default_line: int = 1) -> list[Finding]:
    """Findings in the decoded values that the raw text's check does not already give."""
    text, where = synthetic(data, key_lines, default_line, raw)
    return recheck(checker, path, text, where, raw, raw_findings, NOTE, default_line, decode=True)


def percent_lines(raw: str) -> tuple[str, list[int]] | None:
    """Every line holding a percent-encoded byte (a link target, a URL: a browser shows it
    decoded), URL-decoded, one per line with its line number; None when there is none."""
    if "%" not in raw or not _PERCENT.search(raw):
        return None
    out, where = [], []
    for i, line in enumerate(raw.split("\n"), 1):
        if "%" in line and _PERCENT.search(line):
            decoded = unquote(line)
            if decoded != line:
                out.append(decoded.replace("\n", " "))
                where.append(i)
    return ("\n".join(out) + "\n", where) if out else None


def recheck(checker: Checker, path: str, text: str, where: list[int], raw: str, raw_findings: list[Finding],
            note: str, default_line: int = 1, decode: bool = False) -> list[Finding]:
    """Check a synthetic text whose line i stands for file line where[i-1]; keep what is new."""
    if not text.strip():
        return []
    raw_lines = Lines(raw)
    # A finding the raw check already gives, at least as severe, is not repeated.
    seen: dict[tuple[str, str], int] = {}
    for f in raw_findings:
        for key in ((f.rule, _value(raw_lines, raw, f)), (f.rule, f"{f.line}:{f.excerpt}")):
            if key[1]:
                seen[key] = max(seen.get(key, -1), _RANK[str(f.severity)])
    lines = Lines(text)
    out: list[Finding] = []
    for f in checker.check_text(f"{path}（解码）", text, decode=decode):
        line = where[f.line - 1] if 0 < f.line <= len(where) else default_line
        rank = _RANK[str(f.severity)]
        keys = [k for k in ((f.rule, _value(lines, text, f)), (f.rule, f"{line}:{f.excerpt}")) if k[1]]
        if any(seen.get(k, -1) >= rank for k in keys):
            continue
        seen.update({k: rank for k in keys})
        out.append(Finding(f.rule, f.severity, path, line, 1, f.excerpt, f.message + note, f.hint))
    return out
