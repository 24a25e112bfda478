"""Reading a plain-text dump: crawler exports (header lines, ====, body) and saved page text."""

from __future__ import annotations

import re

from .body import NAV_WORDS, clean_paragraphs, is_furniture
from .labels import Found, remainder, scan

RULE = re.compile(r"^\s*([=\-*_~#]{4,}|[—]{3,})\s*$")
_SENTENCE = re.compile(r"[。，；：、！？]")


def _leading_nav(lines: list[str]) -> int:
    """How many lines at the top are the old site's navigation (短 entries, no sentence)."""
    n = 0
    for line in lines:
        text = line.strip()
        if not text:
            n += 1
            continue
        if NAV_WORDS.match(text) or (len(text) <= 6 and not _SENTENCE.search(text)):
            n += 1
            continue
        break
    return n if sum(1 for x in lines[:n] if x.strip()) >= 3 else 0


_END = re.compile(r"[。！？：；…”」）)\]|]$")


def _unwrap(lines: list[str]) -> list[str]:
    """Hard-wrapped lines joined back into paragraphs (a line not ending a sentence continues)."""
    out: list[str] = []
    for line in lines:
        if out and not _END.search(out[-1]) and len(out[-1]) >= 30 and not is_furniture(line):
            out[-1] += line
        else:
            out.append(line)
    return out


def read_text(text: str) -> tuple[Found, str, str, str, list[str], list[str]]:
    """(labels, title, title source, original URL, body paragraphs, notes) of a text dump."""
    raw = text.splitlines()
    start = _leading_nav(raw)
    lines = raw[start:]
    found = scan([[ln] for ln in lines])
    rule = next((i for i, ln in enumerate(lines[:15]) if RULE.match(ln)), -1)
    kept: list[str] = []
    for i, line in enumerate(lines):
        if i <= rule:
            continue  # an export's header (标题、栏目、原文链接、采集时间 …) above its ==== line
        if i in found.whole:
            continue
        if i in found.spans:
            line = remainder([line], found.spans[i])[0]
            line = line.strip(" \u3000\t|｜")
        if RULE.match(line):
            continue
        kept.append(line.strip())
    title, source = found.first("title"), "meta"
    if not title:
        first = next((i for i, ln in enumerate(kept) if ln and not is_furniture(ln) and len(ln) <= 80), None)
        if first is not None:
            title, source = kept.pop(first), "first_line"
    paragraphs = _unwrap([p for p in kept if p])
    return found, title, source, found.first("url"), clean_paragraphs(paragraphs, title), []
