"""The server-side index: SQLite FTS5 (Python's own sqlite3) with the same normalisation.

Queries of three or more characters use a trigram FTS5 table (exact substrings); one- and
two-character queries, where trigram matching returns nothing, use a second FTS5 table of the
bigram encoding. SQL is always parameterised.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from .documents import SearchDoc
from .encode import encode_query, encode_text, normalise

MAX_QUERY = 100  # characters; longer queries are refused with a message
SCHEMA = """
CREATE TABLE docs (id INTEGER PRIMARY KEY, url TEXT, title TEXT, index_no TEXT, publisher TEXT,
  publisher_id TEXT, doc_no TEXT, category TEXT, category_id TEXT, year INTEGER, disclosure TEXT,
  published TEXT, validity TEXT, related TEXT, related_url TEXT);
-- Texts apart: sorting thousands of matches then reads slim rows, not 3 KB each.
CREATE TABLE texts (id INTEGER PRIMARY KEY, text TEXT, flat TEXT, norm TEXT);
CREATE VIRTUAL TABLE tri USING fts5(norm, tokenize='trigram', content='');
CREATE VIRTUAL TABLE bi USING fts5(enc, tokenize='unicode61 remove_diacritics 0', content='');
"""


class QueryError(ValueError):
    """A query that cannot be run (empty, too long); the message is for the user (Chinese)."""


@dataclass
class Hit:
    """One search result (the JSON contract of the CLI and the server)."""

    index_no: str
    title: str
    url: str
    publisher: str
    published: str
    score: float
    excerpt: str
    category: str
    year: int
    validity: str = "有效"
    related: str = ""
    related_url: str = ""


def build(docs: Iterable[SearchDoc], path: Path) -> None:
    """Write a fresh index database at path (via a temporary file)."""
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript(SCHEMA)
        rows = list(docs)
        con.executemany(
            "INSERT INTO docs (id, url, title, index_no, publisher, publisher_id, doc_no, category, "
            "category_id, year, disclosure, published, validity, related, related_url) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(i, d.url, d.title, d.index_no, d.publisher, d.publisher_id, d.doc_no, d.category,
              d.category_id, d.year, d.disclosure, d.published, d.validity, d.related, d.related_url)
             for i, d in enumerate(rows, 1)])
        flats = [" ".join(d.text.split()) for d in rows]
        con.executemany("INSERT INTO texts (id, text, flat, norm) VALUES (?, ?, ?, ?)",
                        [(i, d.text, f, normalise(f)) for i, (d, f) in enumerate(zip(rows, flats, strict=True), 1)])
        con.executemany("INSERT INTO tri (rowid, norm) VALUES (?, ?)",
                        [(i, normalise(d.text)) for i, d in enumerate(rows, 1)])
        con.executemany("INSERT INTO bi (rowid, enc) VALUES (?, ?)",
                        [(i, encode_text(d.text)) for i, d in enumerate(rows, 1)])
        con.commit()
    finally:
        con.close()
    tmp.replace(path)


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class Searcher:
    """Queries an index database (read-only)."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise FileNotFoundError(path)
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    def search(self, query: str, *, category: str = "", publisher: str = "", year: int | None = None,
               limit: int = 20, offset: int = 0, validity: str = "") -> tuple[int, list[Hit]]:
        """(total, hits) for a query, newest first within equal scores; filters are exact."""
        q = normalise(query).strip()
        if not q:
            raise QueryError("请输入检索词")
        if len(q) > MAX_QUERY:
            raise QueryError(f"检索词过长（最多 {MAX_QUERY} 个字）")
        if len(q) >= 3:
            match_sql, arg = "SELECT rowid FROM tri WHERE tri MATCH ?", _fts_phrase(q)
        else:
            enc = encode_query(q)
            if enc.empty:
                raise QueryError("检索词中没有可检索的文字或数字")
            arg = enc.prefix + "*" if enc.prefix else _fts_phrase(" ".join(enc.tokens))
            match_sql = "SELECT rowid FROM bi WHERE bi MATCH ?"
        where, args = [f"id IN ({match_sql})"], [arg]
        for column, value in (("category", category), ("publisher", publisher)):
            if value:
                where.append(f"({column} = ? OR {column}_id = ? OR {column} LIKE ?)")
                args += [value, value, f"%/{value}"]
        if year:
            where.append("year = ?")
            args.append(year)
        if validity:
            where.append("validity = ?")
            args.append(validity)
        sql_where = " AND ".join(where)
        # One full-text match: ids in date order give the total and the page at once.
        ids = [r[0] for r in self.con.execute(
            f"SELECT id FROM docs WHERE {sql_where} ORDER BY published DESC, index_no", args)]
        total, page = len(ids), ids[offset:offset + limit]
        rows = self.con.execute(
            "SELECT index_no, title, url, publisher, published, flat, norm, category, year, validity, related, "
            "related_url FROM docs "
            f"JOIN texts USING (id) WHERE id IN ({','.join('?' * len(page))}) "
            "ORDER BY published DESC, index_no", page).fetchall()
        hits = [self._hit(r, q) for r in rows]
        hits.sort(key=lambda h: -h.score)
        return total, hits

    @staticmethod
    def _hit(row: tuple, q: str) -> Hit:
        index_no, title, url, publisher, published, flat, norm_text, category, year, validity, related, rel_url = row
        norm_title = normalise(title)
        keywords = norm_text.rsplit("主题词", 1)[-1] if "主题词" in norm_text else ""
        score = (norm_text.count(q) + (5.0 if q in norm_title else 0.0) + (3.0 if q in keywords else 0.0)
                 + (10.0 if q == normalise(index_no) else 0.0))
        return Hit(index_no, title, url, publisher, published, score, excerpt(flat, q, norm_text), category,
                   year, validity, related, rel_url)


def excerpt(flat: str, q: str, norm: str | None = None, width: int = 40) -> str:
    """A window of the text around the first match, the match in <mark> (other HTML escaped)."""
    import html

    norm = norm if norm is not None else normalise(flat)
    pos = norm.find(q) if len(norm) == len(flat) else -1
    if pos < 0:
        return html.escape(flat[: width * 2])
    start, end = max(0, pos - width), min(len(flat), pos + len(q) + width)
    return ("…" if start else "") + html.escape(flat[start:pos]) + "<mark>" + \
        html.escape(flat[pos:pos + len(q)]) + "</mark>" + html.escape(flat[pos + len(q):end]) + \
        ("…" if end < len(flat) else "")


def hit_json(hit: Hit) -> dict:
    """A hit as JSON."""
    return asdict(hit)
