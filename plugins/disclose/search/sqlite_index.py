"""The server-side index: SQLite FTS5 (Python's own sqlite3) with the same normalisation.

Queries of three or more characters use a trigram FTS5 table (exact substrings); one- and
two-character queries, where trigram matching returns nothing, use a second FTS5 table of the
bigram encoding. SQL is always parameterised.
"""

from __future__ import annotations

import html
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from .documents import SearchDoc
from .encode import encode_query, normalise, normalise_and_encode, normalise_with_offsets

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


class QueryTimeout(RuntimeError):
    """A query stopped after its time budget (the server answers 503)."""


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


def build(docs: Iterable[SearchDoc], path: Path, encoded: list[tuple[str, str]] | None = None) -> None:
    """Write a fresh index database at path (via a temporary file). `encoded`: each document's
    normalised text and its encoding (encode.normalise_and_encode), when the caller has them already."""
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
        pairs = encoded if encoded is not None else [normalise_and_encode(d.text) for d in rows]
        norms, encs = [n for n, _ in pairs], [e for _, e in pairs]  # norms: texts and trigram tables
        con.executemany("INSERT INTO texts (id, text, flat, norm) VALUES (?, ?, ?, ?)",
                        [(i, d.text, f, n) for i, (d, f, n) in enumerate(zip(rows, flats, norms, strict=True), 1)])
        con.executemany("INSERT INTO tri (rowid, norm) VALUES (?, ?)", list(enumerate(norms, 1)))
        con.executemany("INSERT INTO bi (rowid, enc) VALUES (?, ?)", list(enumerate(encs, 1)))
        con.commit()
    finally:
        con.close()
    tmp.replace(path)


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def bigram_match(query: str) -> str:
    """The FTS5 MATCH expression of a short query over the bigram table (tokens never contain
    a double quote: they are letters, digits or "zz" + hex)."""
    enc = encode_query(query)
    if enc.empty:
        raise QueryError("检索词中没有可检索的文字或数字")
    if enc.prefix:  # the last token only has to start with the final character: "，统" finds "，统筹"
        return _fts_phrase(" ".join((*enc.tokens, enc.prefix))) + " *"
    return _fts_phrase(" ".join(enc.tokens))


def check_query(query: str) -> str:
    """The normalised query, or QueryError with the reason."""
    q = normalise(query).strip()
    if not q:
        raise QueryError("请输入检索词")
    if len(q) > MAX_QUERY:
        raise QueryError(f"检索词过长（最多 {MAX_QUERY} 个字）")
    return q


class Searcher:
    """Queries an index database (read-only); `timeout` bounds the SQL time of one query."""

    def __init__(self, path: Path, timeout: float | None = None) -> None:
        if not path.is_file():
            raise FileNotFoundError(path)
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.timeout, self.deadline = timeout, 0.0
        if timeout:
            self.con.set_progress_handler(lambda: time.monotonic() > self.deadline, 1000)

    def close(self) -> None:
        self.con.close()

    def filters(self) -> dict[str, list]:
        """The values each filter can take (for the search page's lists)."""
        return {column: [r[0] for r in self.con.execute(f"SELECT DISTINCT {column} FROM docs ORDER BY 1")]
                for column in ("category", "publisher", "year", "validity")}

    def search(self, query: str, *, category: str = "", publisher: str = "", year: int | None = None,
               limit: int = 20, offset: int = 0, sort: str = "relevance", validity: str = "") -> tuple[int, list[Hit]]:
        """(total, hits) for a query; filters are exact. The page is taken in date order (newest
        first); `relevance` orders it by score."""
        self.deadline = time.monotonic() + (self.timeout or 0)
        try:
            return self._search(query, category, publisher, year, limit, offset, sort, validity)
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryTimeout(str(exc)) from None
            raise

    def _search(self, query: str, category: str, publisher: str, year: int | None, limit: int, offset: int,
                sort: str, validity: str) -> tuple[int, list[Hit]]:
        q = check_query(query)
        if len(q) >= 3:
            match_sql, arg = "SELECT rowid FROM tri WHERE tri MATCH ?", _fts_phrase(q)
        elif encode_query(q).confirm:  # "z", "，z": the bigram table would also match punctuation
            match_sql, arg = "SELECT id FROM texts WHERE instr(norm, ?) > 0", q
        else:
            match_sql, arg = "SELECT rowid FROM bi WHERE bi MATCH ?", bigram_match(q)
        where, args = filters("?", category, publisher, year, validity)
        sql_where = " AND ".join([f"id IN ({match_sql})", *where])
        args = [arg, *args]
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
        if sort != "date":
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


def _wordlike(ch: str) -> bool:
    """A character of a word that must not be cut: ASCII other than space, so an index number
    (MB0A12342/2026-00006), a date or a Latin word stays whole; Chinese text can be cut
    between any two characters."""
    return ch.isascii() and not ch.isspace()


def like_literal(text: str) -> str:
    """Text as a literal inside a LIKE pattern with ESCAPE '\\' (a visitor's `%` or `_` is a
    character, not a wildcard)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def under(value: str) -> str:
    """The LIKE pattern of a category or publisher given as the last part of its path."""
    return "%/" + like_literal(value)


def filters(ph: str, category: str, publisher: str, year: int | None,
            validity: str) -> tuple[list[str], list[object]]:
    """The exact filters both backends apply (SQLite and PostgreSQL differ only in the
    placeholder): WHERE clauses and their arguments. A category or publisher matches its name,
    its id, or its last path part (`under(value)`, wildcards in the value escaped)."""
    where: list[str] = []
    args: list[object] = []
    for column, value in (("category", category), ("publisher", publisher)):
        if value:
            where.append(f"({column} = {ph} OR {column}_id = {ph} OR {column} LIKE {ph} ESCAPE '\\')")
            args += [value, value, under(value)]
    if year:
        where.append(f"year = {ph}")
        args.append(year)
    if validity:
        where.append(f"validity = {ph}")
        args.append(validity)
    return where, args


def excerpt(flat: str, q: str, norm: str | None = None, width: int = 40) -> str:
    """A window of the document's own text around the first match, the match in <mark> (other
    HTML escaped). The window starts and ends on whole words (an index number or a Latin word is
    never cut) and keeps the document's punctuation: the match is found in a per-character
    normalisation that maps back to the original offsets. theme/static/js/search.js mirrors it."""
    if norm is not None and len(norm) == len(flat):
        # The common case: normalising kept every character in place (the stored `norm`), so
        # offsets are the identity and nothing is normalised again per result.
        chars, offsets = norm, range(len(flat) + 1)
    else:
        chars, offsets = normalise_with_offsets(flat)
    pos = chars.find(normalise(q).strip())
    if pos < 0:
        end = _word_end(flat, min(len(flat), width * 2), 0)
        return html.escape(flat[:end]) + ("…" if end < len(flat) else "")
    m_start = offsets[pos]
    m_end = offsets[pos + len(normalise(q).strip())]
    start = _word_start(flat, max(0, m_start - width), m_start)
    end = _word_end(flat, min(len(flat), m_end + width), m_end)
    return ("…" if start else "") + html.escape(flat[start:m_start]) + "<mark>" + \
        html.escape(flat[m_start:m_end]) + "</mark>" + html.escape(flat[m_end:end]) + \
        ("…" if end < len(flat) else "")


def _inside_word(text: str, i: int) -> bool:
    return 0 < i < len(text) and _wordlike(text[i - 1]) and _wordlike(text[i])


def _word_start(text: str, i: int, limit: int) -> int:
    """i moved forward to the start of a word (back, if that would pass the match at limit)."""
    j = i
    while _inside_word(text, j) and j < limit:
        j += 1
    if _inside_word(text, j):
        while _inside_word(text, j):
            j -= 1
    while j < limit and text[j] == " ":
        j += 1
    return j


def _word_end(text: str, i: int, limit: int) -> int:
    """i moved back to the end of a word (forward, if that would cut into the match at limit)."""
    j = i
    while _inside_word(text, j) and j > limit:
        j -= 1
    while _inside_word(text, j):
        j += 1
    while j > limit and text[j - 1] == " ":
        j -= 1
    return j


def hit_json(hit: Hit) -> dict:
    """A hit as JSON."""
    return asdict(hit)
