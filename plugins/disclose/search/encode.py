"""The exact encoding shared by every index: runs of letters, digits and CJK characters
(NFKC, lower-case) become overlapping bigrams plus the run's last character.

"低保标准" -> "低保 保标 标准 准". A query is encoded so that its tokens occur consecutively in
a document's encoding exactly when the document contains the query (as a substring, ignoring
punctuation between runs). theme/static/js/search.js implements the same functions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def normalise(text: str) -> str:
    """NFKC and lower case: full-width digits and letters match their ASCII forms."""
    return unicodedata.normalize("NFKC", text).lower()


def runs(text: str) -> list[str]:
    """Maximal runs of letters and digits (CJK characters are letters) in normalised text."""
    out, current = [], []
    for ch in normalise(text):
        if ch.isalnum():
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def encode_run(run: str) -> list[str]:
    """Bigrams of a run plus its last character."""
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]


def encode_text(text: str) -> str:
    """The searchable form of a document's text."""
    return " ".join(tok for run in runs(text) for tok in encode_run(run))


@dataclass(frozen=True)
class Query:
    """An encoded query: a phrase of tokens, or a single-character prefix."""

    tokens: tuple[str, ...]
    prefix: str = ""  # a one-character query: any token starting with it

    @property
    def empty(self) -> bool:
        return not self.tokens and not self.prefix

    def phrase(self) -> str:
        """The Pagefind query: a quoted phrase, or the bare prefix character."""
        return self.prefix if self.prefix else '"' + " ".join(self.tokens) + '"'


def encode_query(text: str) -> Query:
    """Tokens that appear consecutively in a document's encoding iff it contains the query.

    Inner runs end where the document's run ends (a separator follows), so they keep their
    last-character token; the final run may continue in the document, so it does not.
    """
    norm = normalise(text).strip()
    parts = runs(norm)
    if not parts:
        return Query(())
    closed = not norm[-1].isalnum()  # a separator after the last run: it ends there too
    if len(parts) == 1 and len(parts[0]) == 1 and not closed:
        return Query((), parts[0])
    tokens: list[str] = []
    for i, run in enumerate(parts):
        toks = encode_run(run)
        tokens.extend(toks if i < len(parts) - 1 or closed else (toks[:-1] or toks))
    return Query(tuple(tokens))


_TOKEN = re.compile(r"(<mark>)?([^\s<]+)(</mark>)?")


def decode(encoded: str) -> str:
    """Readable text back from (a window of) the encoding, keeping <mark> highlights.

    A two-character token contributes its first character (and, when highlighted, highlights
    the next character too); a one-character token closes a run.
    """
    chars: list[tuple[str, bool]] = []
    carry = False
    for m in _TOKEN.finditer(encoded):
        open_, tok, _ = m.groups()
        marked = bool(open_)
        chars.append((tok[0], marked or carry))
        carry = marked and len(tok) == 2
        if len(tok) == 1:
            chars.append((" ", False))
    out, inside = [], False
    for ch, marked in chars:
        if marked != inside and ch != " ":
            out.append("<mark>" if marked else "</mark>")
            inside = marked
        out.append(ch)
    if inside:
        out.append("</mark>")
    text = "".join(out).strip()
    return re.sub(r"(?<=[\u3000-\u9fff>]) (?=[\u3000-\u9fff<])|(?<=[\u3000-\u9fff]) (?=[\u3000-\u9fff])", "", text)
