"""Properties of the exact bigram search encoding (plugins/disclose/search/encode.py) and of its
mirror in theme/static/js/search.js, with Hypothesis.

The oracles are written here, not taken from the code: "found" is what a phrase query with a
final prefix term means to Pagefind and FTS5 (the query's tokens consecutively, then a token
that starts with the prefix), and the truth is a plain substring test on normalised text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator

import pytest
from disclose.search.encode import Query, decode, encode_query, encode_text, normalise, segments
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT

SEARCH_JS = ROOT / "theme" / "static" / "js" / "search.js"

# Characters that make the encoding interesting: CJK, Latin (both cases, full width), digits,
# every bracket style a 文号 is typed with, Chinese and ASCII punctuation, kinds of space, and
# "z" (the first letter of every punctuation token).
SPECIAL = ("低保标准江民发号年，。、；：“”%/-—()[]【】〔〕〖〗［］（）zZｚzz2cＡａ01０１ \t\n　\u00a0"
           "İßﬁ①²")
any_char = st.characters(exclude_categories=("Cs",))
char = st.one_of(st.sampled_from(SPECIAL), any_char)
texts = st.text(char, max_size=40)


def found(doc: list[str], q: Query) -> bool:
    """Whether a document encoded as `doc` answers the query: its tokens consecutively, then
    (with a prefix) a token starting with the prefix (FTS5 `"a b p" *`, Pagefind's bare word)."""
    k = len(q.tokens)
    for i in range(len(doc) - k + 1):
        if doc[i:i + k] != list(q.tokens):
            continue
        if not q.prefix or (i + k < len(doc) and doc[i + k].startswith(q.prefix)):
            return True
    return False


@given(texts)
@example("钟民发〔2007〕12号，占比80%")
@example(" a  b ")
def test_decode_inverts_encode(text):
    """decode(encode_text(t)) is the normalised text (spaces at both ends dropped)."""
    assert decode(encode_text(text)) == normalise(text).strip()


@given(texts)
def test_normalise_is_idempotent(text):
    """Queries are normalised twice (check_query, then encode_query), documents once."""
    assert normalise(normalise(text)) == normalise(text)


@given(texts)
def test_tokens_never_collide(text):
    """Run tokens are one or two characters; punctuation tokens zz<hex>z four or more (the
    closing z is no hex digit, so none is the prefix of another), and they decode to the
    character they stand for."""
    for kind, value in segments(text):
        if kind == "punct":
            assert len(value) == 1
            tok = encode_text(value)
            assert tok == f"zz{ord(value):x}z" and decode(tok) == value.strip()
    for tok in encode_text(text).split():
        assert len(tok) <= 2 or (tok.startswith("zz") and tok.endswith("z") and len(tok) >= 4
                                 and all(c in "0123456789abcdef" for c in tok[2:-1]))


@st.composite
def text_and_query(draw):
    """A text and a query: half of the time a piece of the text, else any short string."""
    text = draw(texts)
    if text and draw(st.booleans()):
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i + 1, min(len(text), i + 8)))
        return text, text[i:j]
    return text, draw(st.text(char, min_size=1, max_size=6))


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(text_and_query())
@example(("低保标准，2026年", "，2"), )
@example(("，统筹", "，统"))
@example(("江民规[2026]1号", "江民规（2026）1号"))
def test_query_matches_exactly_when_the_text_contains_it(pair):
    """Tokens found ⇔ the normalised text contains the normalised query; for a query ending in
    a lone "z" (which also starts every punctuation token) the tokens only narrow the candidates
    (found ⇐ contained) and the engines confirm on the text (Query.confirm)."""
    text, query = pair
    wanted = normalise(query).strip()
    q = encode_query(query)
    if not wanted:
        assert q.empty
        return
    contained = wanted in normalise(text)
    assert q.confirm == (q.prefix == "z")
    if q.confirm:
        assert found(encode_text(text).split(), q) or not contained, (text, query, q)
    else:
        assert found(encode_text(text).split(), q) == contained, (text, query, q)


def test_a_final_z_is_confirmed_on_the_text():
    """The case above that tokens cannot decide: "z" would find every punctuation mark."""
    assert found(encode_text("：").split(), encode_query("Z")) and "z" not in normalise("：")
    assert found(encode_text("，，").split(), encode_query("，z"))
    assert encode_query("z").confirm and encode_query("，ｚ").confirm and not encode_query("z，").confirm


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(st.sampled_from(SPECIAL), max_size=12), min_size=1, max_size=5),
       st.lists(st.text(st.sampled_from(SPECIAL), min_size=1, max_size=4), min_size=1, max_size=4))
@example(["：", "z", "ａz", "，z", "，，"], ["z", "Z", "，z", "，"])
def test_sqlite_index_answers_exactly(tmp_path_factory, docs, queries):
    """The SQLite index (bigram table below 3 characters, trigram table from 3) returns exactly
    the documents whose normalised text contains the query."""
    from disclose.search.documents import SearchDoc
    from disclose.search.sqlite_index import QueryError, Searcher, build

    path = tmp_path_factory.mktemp("idx") / "index.sqlite"
    build([SearchDoc(f"d{i}.html", f"文{i}", f"N{i}", "机构", "org", "", "类", "cat", 2026, "主动公开",
                     "2026-01-01", text) for i, text in enumerate(docs)], path)
    searcher = Searcher(path)
    try:
        for query in queries:
            wanted = normalise(query).strip()
            if not wanted:
                continue
            try:
                _, hits = searcher.search(query, limit=100)
            except QueryError:
                assert encode_query(query).empty  # nothing to search for (only spaces)
                continue
            truth = {f"d{i}.html" for i, text in enumerate(docs) if wanted in normalise(" ".join(text.split()))}
            assert {h.url for h in hits} == truth, (docs, query)
    finally:
        searcher.close()


# --- search.js in node, over Hypothesis-generated strings ------------------------------------

_NODE_LOOP = """
import { readFileSync } from "node:fs";
import readline from "node:readline";
globalThis.document = { getElementById: () => null };  // search.js starts itself only on the page
const source = readFileSync(process.argv[1], "utf8");
const js = await import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));
for await (const line of readline.createInterface({ input: process.stdin })) {
  const { text, encoded } = JSON.parse(line);
  const off = js.normaliseWithOffsets(Array.from(text));
  process.stdout.write(JSON.stringify({
    normalise: js.normalise(text), segments: js.segments(text), query: js.encodeQuery(text),
    decoded: js.decode(encoded), offsets: [off.norm.join(""), off.offsets],
  }) + "\\n");
}
"""


@pytest.fixture(scope="module")
def node() -> Iterator:
    """search.js's functions in one node process: send a text, read back what it computes."""
    exe = shutil.which("node")
    if exe is None:
        pytest.skip("node is not installed")
    proc = subprocess.Popen([exe, "--input-type=module", "-e", _NODE_LOOP, str(SEARCH_JS)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT)

    def ask(text: str, encoded: str) -> dict:
        proc.stdin.write(json.dumps({"text": text, "encoded": encoded}).encode() + b"\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        assert line, "node stopped"
        return json.loads(line)

    yield ask
    proc.stdin.close()
    proc.wait(timeout=10)


# Characters this Python knows (unicodedata 14 in Python 3.11). Node's ICU knows a later Unicode
# (17 in node 20.20), whose new letters (CJK Extension H, U+31350…) Python still takes for
# punctuation: a known difference that only a newer Python removes. The rest must agree, the
# kinds of space where JavaScript's \s and Python's differ included.
known = any_char.filter(lambda c: unicodedata.category(c) != "Cn")
js_texts = st.text(st.one_of(st.sampled_from(SPECIAL + "\x1c\x1d\x1e\x1f\x85\ufeff\u180e\u200b"), known),
                   max_size=30)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(js_texts)
@example("钟民发〔2007〕12号，占比80%")
@example("，统")
def test_search_js_encodes_like_python(node, text):
    from disclose.search.encode import normalise_with_offsets

    enc = encode_text(text)
    marked = " ".join(f"<mark>{t}</mark>" if i % 3 == 0 else t for i, t in enumerate(enc.split()))
    got = node(text, enc)
    assert got["normalise"] == normalise(text)
    assert [tuple(s) for s in got["segments"]] == segments(text)
    q = encode_query(text)
    assert (tuple(got["query"]["tokens"]), got["query"]["prefix"]) == (q.tokens, q.prefix)
    assert unescape(got["decoded"]) == decode(enc)  # search.js writes HTML: < and & escaped
    norm, offsets = normalise_with_offsets(text)
    assert got["offsets"] == [norm, offsets]
    assert unescape(node(text, marked)["decoded"]) == decode(marked)


def unescape(html: str) -> str:
    """search.js's decoded excerpt as text: only <mark> tags are markup, < and & are escaped."""
    assert "<" not in html.replace("<mark>", "").replace("</mark>", "")
    return html.replace("&lt;", "<").replace("&amp;", "&")
