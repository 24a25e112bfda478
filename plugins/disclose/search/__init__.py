"""Exact Chinese search: the bigram encoding, the static (Pagefind) and SQLite FTS5 indexes."""
