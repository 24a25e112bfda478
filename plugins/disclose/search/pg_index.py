"""The PostgreSQL search backend: the same query interface, normalisation and exactness as the
SQLite index, for catalogues past one machine's static ceiling (a province platform).

Every document is one row with its normalised text. Queries of three or more characters are
`norm LIKE '%q%'` (with `\\ % _` escaped) served by a pg_trgm GIN index; PostgreSQL rechecks
every candidate, so the answer is the exact substring set. One- and two-character queries,
where trigrams cannot help, use `grams @> ARRAY[q]`: a GIN-indexed array of every distinct one-
and two-character substring of the document (the "bigram table" as one compressed posting list
per gram). SQL is always parameterised. The index is built in new tables and swapped in with
one transaction, so a running server answers from the old or the new catalogue, never a mix,
and a withdrawn document is gone as soon as the new index is committed.

psycopg (3) is imported only here: nothing needs PostgreSQL unless `--backend postgres`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from .documents import SearchDoc
from .encode import normalise
from .sqlite_index import Hit, QueryTimeout, Searcher, check_query, filters, like_literal

TABLE = "disclose_search"
COLUMNS = ("id", "url", "title", "index_no", "publisher", "publisher_id", "doc_no", "category", "category_id",
           "year", "disclosure", "published", "validity", "related", "related_url", "flat", "norm", "grams")


def _connect(dsn: str, **kw: object):  # noqa: ANN202 (psycopg is optional)
    try:
        import psycopg
    except ImportError:
        from ..errors import DiscloseError

        raise DiscloseError("使用 PostgreSQL 检索需要 psycopg：pip install 'psycopg[binary]'") from None
    return psycopg.connect(dsn, **kw)


def grams(norm: str) -> list[str]:
    """Every distinct one- and two-character substring of a normalised text."""
    return sorted({norm[i:i + n] for n in (1, 2) for i in range(len(norm) - n + 1)})


def docs_from_sqlite(path: Path) -> Iterator[SearchDoc]:
    """The documents of a published site's SQLite index (what the site actually published)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield from (SearchDoc(*row) for row in con.execute(
            "SELECT url, title, index_no, publisher, publisher_id, doc_no, category, category_id, year, "
            "disclosure, published, text, validity, related, related_url FROM docs JOIN texts USING (id) "
            "ORDER BY id"))
    finally:
        con.close()


def build(docs: Iterable[SearchDoc], dsn: str) -> int:
    """Load the documents into new tables, index them, and swap them in; returns the count."""
    new, old = f"{TABLE}_new", f"{TABLE}_old"
    with _connect(dsn) as con:
        con.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        con.execute(f"DROP TABLE IF EXISTS {new}")
        con.execute(f"""CREATE TABLE {new} (id integer PRIMARY KEY, url text NOT NULL, title text NOT NULL,
            index_no text NOT NULL, publisher text NOT NULL, publisher_id text NOT NULL, doc_no text NOT NULL,
            category text NOT NULL, category_id text NOT NULL, year integer NOT NULL, disclosure text NOT NULL,
            published text NOT NULL, validity text NOT NULL, related text NOT NULL, related_url text NOT NULL,
            flat text NOT NULL, norm text NOT NULL, grams text[] NOT NULL)""")
        n = 0
        with con.cursor() as cur, cur.copy(f"COPY {new} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for n, d in enumerate(docs, 1):
                flat = " ".join(d.text.split())
                norm = normalise(flat)
                copy.write_row((n, d.url, d.title, d.index_no, d.publisher, d.publisher_id, d.doc_no, d.category,
                                d.category_id, d.year, d.disclosure, d.published, d.validity, d.related,
                                d.related_url, flat, norm, grams(norm)))
        con.execute(f"CREATE INDEX {new}_trgm ON {new} USING gin (norm gin_trgm_ops)")
        con.execute(f"CREATE INDEX {new}_grams ON {new} USING gin (grams)")
        con.execute(f"CREATE INDEX {new}_order ON {new} (published DESC, index_no)")
        con.execute(f"ANALYZE {new}")
        # The swap: one transaction, readers see the old or the new table.
        con.execute(f"DROP TABLE IF EXISTS {old}")
        con.execute(f"ALTER TABLE IF EXISTS {TABLE} RENAME TO {old}")
        con.execute(f"ALTER TABLE {new} RENAME TO {TABLE}")
        for suffix in ("trgm", "grams", "order"):
            con.execute(f"ALTER INDEX IF EXISTS {TABLE}_{suffix} RENAME TO {old}_{suffix}")
            con.execute(f"ALTER INDEX {new}_{suffix} RENAME TO {TABLE}_{suffix}")
        con.execute(f"DROP TABLE IF EXISTS {old}")
    return n


def _like(q: str) -> str:
    return "%" + like_literal(q) + "%"


class PgSearcher:
    """Queries the PostgreSQL index: the interface and answers of sqlite_index.Searcher."""

    def __init__(self, dsn: str, timeout: float | None = None) -> None:
        options = f"-c statement_timeout={int(timeout * 1000)}" if timeout else ""
        self.con = _connect(dsn, autocommit=True, options=options)
        self.con.read_only = True

    def close(self) -> None:
        self.con.close()

    def filters(self) -> dict[str, list]:
        """The values each filter can take (for the search page's lists)."""
        import psycopg

        try:
            return {column: [r[0] for r in self.con.execute(f"SELECT DISTINCT {column} FROM {TABLE} ORDER BY 1")]
                    for column in ("category", "publisher", "year", "validity")}
        except (psycopg.OperationalError, psycopg.errors.UndefinedTable):
            from .server import Unavailable

            self.con.close()
            raise Unavailable from None

    def search(self, query: str, *, category: str = "", publisher: str = "", year: int | None = None,
               limit: int = 20, offset: int = 0, sort: str = "relevance", validity: str = "") -> tuple[int, list[Hit]]:
        """(total, hits) exactly as Searcher.search answers them."""
        import psycopg

        q = check_query(query)
        if len(q) >= 3:
            where, args = ["norm LIKE %s"], [_like(q)]
        else:
            where, args = ["grams @> ARRAY[%s]::text[]"], [q]
        more, more_args = filters("%s", category, publisher, year, validity)
        where, args = where + more, args + more_args
        sql_where = " AND ".join(where)
        try:
            ids = [r[0] for r in self.con.execute(
                f"SELECT id FROM {TABLE} WHERE {sql_where} ORDER BY published DESC, index_no", args)]
            total, page = len(ids), ids[offset:offset + limit]
            rows = self.con.execute(
                f"SELECT index_no, title, url, publisher, published, flat, norm, category, year, validity, related, "
                f"related_url FROM {TABLE} "
                "WHERE id = ANY(%s) ORDER BY published DESC, index_no", [page]).fetchall()
        except psycopg.errors.QueryCanceled as exc:
            raise QueryTimeout(str(exc)) from None
        except (psycopg.OperationalError, psycopg.errors.UndefinedTable):
            from .server import Unavailable

            self.con.close()  # the next request connects again
            raise Unavailable from None
        hits = [Searcher._hit(r, q) for r in rows]
        if sort != "date":
            hits.sort(key=lambda h: -h.score)
        return total, hits


class PgBackend:
    """The search server's backend: one read-only connection per worker thread."""

    def __init__(self, dsn: str, query_timeout: float = 5.0) -> None:
        self.dsn, self.query_timeout = dsn, query_timeout
        self.local = threading.local()

    def searcher(self) -> PgSearcher:
        from .server import Unavailable

        current = getattr(self.local, "searcher", None)
        if current is not None and not current.con.closed and not current.con.broken:
            return current
        try:
            self.local.searcher = PgSearcher(self.dsn, self.query_timeout)
        except Exception:
            raise Unavailable from None
        return self.local.searcher
