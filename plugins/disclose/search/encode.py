"""The exact encoding shared by every index.

Text is NFKC-normalised, lower-cased, its brackets unified and its whitespace collapsed. Runs of letters and digits
(CJK characters are letters) become overlapping bigrams plus the run's last character;
every other character, a (collapsed) space included, becomes a token of its own, "zz" + its
hex code point + "z" (so the encoding is exact about spaces next to punctuation too):

    "低保标准，2026年" -> "低保 保标 标准 准 zz2cz 20 02 26 6年 年"   (NFKC makes "，" ",")

Run tokens have one or two characters and punctuation tokens four or more, so they never
collide, and no punctuation token is a prefix of another (Pagefind extends a bare word to
every word it starts). A query is encoded so that its tokens occur consecutively in a document's encoding
exactly when the document's normalised text contains the normalised query — except a query
ending in a lone "z" (`Query.confirm`): that prefix also starts every punctuation token, so
the engines confirm such matches on the text (tests/test_encoding_props.py).
theme/static/js/search.js implements the same functions; keep them in step.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

PUNCT_PREFIX = "zz"
PUNCT_END = "z"  # no punctuation token is a prefix of another ("zz2cz" and "zz2c30z")
_SPACE = re.compile(r"\s+")
# The brackets people type around the year of a 文号 (江民规[2026]1号, (2026), 【2026】, and the
# full-width ［］（）, which NFKC has made ASCII) all become the official 〔〕, in documents and
# queries alike, so every style finds every other. One character for one: offsets are kept.
BRACKETS = str.maketrans("[(【〖]）)】〗", "〔〔〔〔〕〕〕〕〕")
_COMMON_FULLWIDTH = tuple((c, unicodedata.normalize("NFKC", c)) for c in "，：；！？（）　０１２３４５６７８９％")
_OPENING = "".join(k for k, v in ((chr(c), chr(t)) for c, t in BRACKETS.items()) if v == "〔")
_CLOSING = "".join(k for k, v in ((chr(c), chr(t)) for c, t in BRACKETS.items()) if v == "〕")


def normalise(text: str) -> str:
    """NFKC, lower case, brackets unified, whitespace collapsed: the form every index and the
    truth use."""
    # The full-width punctuation and digits of Chinese text, replaced by their NFKC forms first:
    # a text that is then already NFKC skips unicodedata's slow path (about 15x faster). Exact:
    # NFKC depends only on the compatibility decomposition, which these replacements keep.
    for full, half in _COMMON_FULLWIDTH:
        if full in text:
            text = text.replace(full, half)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = text.lower()
    for ch in _OPENING:  # str.replace per bracket: several times faster than translate() here
        text = text.replace(ch, "〔")
    for ch in _CLOSING:
        text = text.replace(ch, "〕")
    return _SPACE.sub(" ", text)


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """The normalisation done one character at a time, with offsets[i] = the position in text
    of normalised character i (and offsets[len] = len(text)): excerpts find the match here and
    show the document's own characters. Equal to normalise(text) except where NFKC combines
    characters across a boundary (combining marks), which only moves an excerpt."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        n = unicodedata.normalize("NFKC", ch).lower().translate(BRACKETS)
        if ch.isspace() or n.isspace():
            if chars and chars[-1] == " ":
                continue
            n = " "
        chars.extend(n)
        offsets.extend([i] * len(n))
    offsets.append(len(text))
    return "".join(chars), offsets


def segments(text: str) -> list[tuple[str, str]]:
    """("run", letters-and-digits) and ("punct", one character, a space included) pieces."""
    out: list[tuple[str, str]] = []
    current: list[str] = []
    for ch in normalise(text):
        if ch.isalnum():
            current.append(ch)
            continue
        if current:
            out.append(("run", "".join(current)))
            current = []
        out.append(("punct", ch))  # a space too (already collapsed): "。 全" is not "。全"
    if current:
        out.append(("run", "".join(current)))
    return out


def runs(text: str) -> list[str]:
    """The letter-and-digit runs of a text."""
    return [v for kind, v in segments(text) if kind == "run"]


def encode_run(run: str) -> list[str]:
    """Bigrams of a run plus its last character."""
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]


def punct_token(ch: str) -> str:
    """The token of a punctuation or symbol character."""
    return f"{PUNCT_PREFIX}{ord(ch):x}{PUNCT_END}"


_punct_cached = lru_cache(maxsize=4096)(punct_token)


def _tokens(kind: str, value: str) -> list[str]:
    return encode_run(value) if kind == "run" else [punct_token(value)]


# Splits a normalised text into runs of letters and digits (even positions, maybe empty) and
# the single other characters between them (odd positions): `[\W_]` is exactly `not isalnum()`.
_SPLIT = re.compile(r"([\W_])")


def encode_text(text: str) -> str:
    """The searchable form of a document's text: what `segments` and `_tokens` describe, done
    with one split and C-level bigrams, as it runs over every published text twice per build."""
    return encode_normalised(normalise(text))


def normalise_and_encode(text: str) -> tuple[str, str]:
    """A document's text with its whitespace collapsed, normalised, and that encoded: what the
    SQLite index stores and what Pagefind's twin carries, computed once for both."""
    norm = normalise(" ".join(text.split()))
    return norm, encode_normalised(norm)


def encode_normalised(norm: str) -> str:
    """`encode_text` of a text already normalised (`normalise`), for callers that keep both."""
    out: list[str] = []
    for i, part in enumerate(_SPLIT.split(norm)):
        if i & 1:
            out.append(_punct_cached(part))
        elif part:
            out.extend(map(operator.add, part, part[1:]))
            out.append(part[-1])
    return " ".join(out)


@dataclass(frozen=True)
class Query:
    """An encoded query: a phrase of tokens, or a single-character prefix."""

    tokens: tuple[str, ...]
    prefix: str = ""  # a final one-character run: the next token starts with it (alone: any token)

    @property
    def empty(self) -> bool:
        return not self.tokens and not self.prefix

    @property
    def confirm(self) -> bool:
        """Whether a match must be confirmed on the text: a final "z" also starts every
        punctuation token ("z" would find "，", "，z" would find "，，")."""
        return self.prefix == PUNCT_PREFIX[0]

    def phrase(self) -> str:
        """The Pagefind query: a quoted phrase, or the bare prefix character."""
        return self.prefix if not self.tokens else '"' + " ".join(self.tokens) + '"'


def encode_query(text: str) -> Query:
    """Tokens found consecutively in a document's encoding iff it contains the query.

    A run followed by anything in the query ends there in the document too, so it keeps its
    last-character token; a final run may continue in the document, so it drops it. The first
    run may start mid-run in the document: its bigrams still appear there in order.
    """
    parts = segments(normalise(text).strip())  # spaces around a query are not part of it
    if not parts:
        return Query(())
    tokens: list[str] = []
    for i, (kind, value) in enumerate(parts):
        toks = _tokens(kind, value)
        final_run = i == len(parts) - 1 and kind == "run"
        if final_run and len(toks) == 1:
            # "，统": the run may go on in the document ("，统筹" is "zz2c 统筹 筹"), so the
            # last token is any token that starts with the character.
            return Query(tuple(tokens), value)
        tokens.extend(toks[:-1] if final_run else toks)
    return Query(tuple(tokens))


_TOKEN = re.compile(r"(<mark>)?([^\s<]+)(</mark>)?")


def _piece(tok: str) -> tuple[str, str]:
    """(kind, character) of one token: 'bi' (first char of a bigram), 'last' or 'punct'."""
    if len(tok) > 2 and tok.startswith(PUNCT_PREFIX):
        try:
            return "punct", chr(int(tok[len(PUNCT_PREFIX):].removesuffix(PUNCT_END), 16))
        except ValueError:
            return "last", tok
    return ("bi", tok[0]) if len(tok) == 2 else ("last", tok)


def decode(encoded: str) -> str:
    """Readable text back from (a window of) the encoding, keeping <mark> highlights.

    A highlighted bigram also highlights the next character (its second one); a space goes
    back between two runs that had nothing but whitespace between them.
    """
    chars: list[tuple[str, bool]] = []
    carry, previous = False, ""
    for m in _TOKEN.finditer(encoded):
        marked = bool(m.group(1))
        kind, ch = _piece(m.group(2))
        if previous == "last" and kind != "punct":
            chars.append((" ", False))
        chars.append((ch, marked or carry))
        carry = marked and kind == "bi"
        previous = kind
    out, inside = [], False
    for ch, marked in chars:
        if marked != inside and ch != " ":
            out.append("<mark>" if marked else "</mark>")
            inside = marked
        out.append(ch)
    if inside:
        out.append("</mark>")
    return "".join(out).strip()
