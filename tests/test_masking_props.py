"""Properties of the masking of excerpts (plugins/disclose/review/text.py, Context.masked and
Context.finding), with Hypothesis.

The contract, from the code's docstrings and docs/architecture.md: normalising keeps every
offset (full-width identifier characters become ASCII one for one); masking hides the middle of
an identifier in place (330802199001011234 -> 3308**********1234: 4 + 4 shown from 15
characters, 3 + 4 from 10, else 2 + 2; separators stay); the masked text has the length of the
original; excerpts are cut from masked lines only, so the check never writes an identifier.
The oracles below are written from that contract, not from the code.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from disclose.model import Severity
from disclose.review.context import Context
from disclose.review.text import mask_text, normalise
from hypothesis import example, given
from hypothesis import strategies as st

FULL = "０１２３４５６７８９"
SEPARATORS = ("", "", " ", "-", "　", "－")  # what a person types between groups (full width too)
# Characters that could extend or cut an identifier, an e-mail, a table: tried often.
SPECIAL = "0123456789０１２３４５６７８９xX*＊ -－　@.|\n姓名张三丰，。"
any_char = st.characters(exclude_categories=("Cs",))
noise = st.text(st.one_of(st.sampled_from(SPECIAL), any_char), max_size=25)
# Characters that end an identifier and an e-mail on both sides.
BOUNDARY = st.sampled_from("，。；：的了是号（）《》")


def is_digit(ch: str) -> bool:
    """An ASCII or a full-width digit (the digits the check reads as identifiers)."""
    return ch in "0123456789" or ch in FULL


@st.composite
def secrets(draw) -> str:
    """An identifier as people write it: 6-18 digits (ASCII or full width) in groups with
    separators, perhaps the X of an ID card at the end."""
    digits = draw(st.integers(6, 18))
    out, written = [], 0
    while written < digits:
        size = draw(st.integers(1, digits - written))
        full = draw(st.booleans())
        group = draw(st.text(st.sampled_from(FULL if full else "0123456789"), min_size=size, max_size=size))
        out.append(group if not out else draw(st.sampled_from(SEPARATORS)) + group)
        written += size
    return "".join(out) + draw(st.sampled_from(("", "", "X", "x", "Ｘ")))


def shown_digits(original: str, masked: str, start: int, end: int) -> int:
    """How many digits of original[start:end] the masked text still shows."""
    return sum(1 for i in range(start, end) if is_digit(original[i]) and masked[i] == original[i])


def contract(secret: str) -> str:
    """The masked form of an identifier standing alone, from mask_identifier's docstring: the
    first and last few of its characters (digits and X) kept, the others '*', separators kept."""
    keep = [i for i, c in enumerate(secret) if c not in " -　－"]
    n = len(keep)
    head, tail = (4, 4) if n >= 15 else (3, 4) if n >= 10 else (2, 2)
    hidden = set(keep[head:n - tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(secret))


@given(noise)
@example("电话١٣٨١٢٣٤٥٦٧٨，¹³⁸¹²³⁴，1\U000e0100")
def test_normalise_keeps_offsets(text):
    """Same length; a character changes only to the ASCII that NFKC makes of a full-width
    digit, letter, identifier symbol or the ideographic space, or to the digit it stands for
    (a digit of another script, a superscript or circled digit in a run: tests/test_hiding.py),
    or an invisible variation selector to U+FE0F."""
    out = normalise(text)
    assert len(out) == len(text)
    for a, b in zip(text, out, strict=True):
        if a != b:
            if unicodedata.digit(a, None) is not None and unicodedata.normalize("NFKC", a) != b:
                assert b == str(unicodedata.digit(a)), (a, b)
            elif "\U000e0100" <= a <= "\U000e01ef":
                assert b == "\ufe0f"
            else:
                assert unicodedata.normalize("NFKC", a) == b and b.isascii()
                assert b.isalnum() or b in "*-+@._ ", (a, b)


@given(noise)
def test_mask_text_only_hides(text):
    """Length kept; every changed character is a '*'."""
    out = mask_text(text)
    assert len(out) == len(text)
    assert all(b == a or b == "*" for a, b in zip(text, out, strict=True))


@given(noise, secrets(), noise)
@example("电话", "13812345678", "")
@example("x", "110105 19491231 002X", "@example.com")
def test_masked_text_never_shows_an_identifier(before, secret, after):
    """Wherever an identifier stands, whatever is around it: at most 8 of its digits remain and
    at least 2 are hidden."""
    raw = before + secret + after
    ctx = Context("t.md", raw)
    masked = ctx.masked(0, len(raw))
    assert len(masked) == len(raw)
    assert all(b == a or b == "*" for a, b in zip(raw, masked, strict=True))
    start, end = len(before), len(before) + len(secret)
    d = sum(is_digit(c) for c in secret)
    assert shown_digits(raw, masked, start, end) <= min(8, d - 2), (raw, masked)


@given(noise, BOUNDARY, secrets(), BOUNDARY, noise)
@example("", "，", "330802199001011234", "。", "")
@example("身份证号", "：", "３３０８０２ １９９００１０１ １２３４", "，", "")
def test_an_identifier_alone_is_masked_as_documented(before, left, secret, right, after):
    raw = before + left + secret + right + after
    ctx = Context("t.md", raw)
    start = len(before) + 1
    assert ctx.masked(start, start + len(secret)) == contract(secret)  # as a span of its own
    assert ctx.masked(0, len(raw))[start:start + len(secret)] == contract(secret)  # inside the text


@dataclass(frozen=True)
class _Rule:
    id: str = "test.rule"
    severity: Severity = Severity.BLOCK


clean = st.text(any_char.filter(lambda c: not any(ch.isdigit() for ch in unicodedata.normalize("NFKC", c))
                                and not c.isdigit()), max_size=25)


@given(clean, secrets(), clean, st.data())
def test_finding_excerpts_never_show_an_identifier(before, secret, after, data):
    """A finding anywhere on the line (on the identifier, next to it, cutting it) has an excerpt
    with at most 8 of the identifier's digits, never the identifier's digits in a row."""
    raw = before + secret + after
    ctx = Context("t.md", raw)
    start = data.draw(st.integers(0, len(raw) - 1))
    end = data.draw(st.integers(start + 1, len(raw)))
    finding = ctx.finding(_Rule(), start, end, "测试", "")
    # Every digit in the excerpt is one of the identifier's (the text around has none).
    shown = "".join(unicodedata.normalize("NFKC", c) for c in finding.excerpt if is_digit(c))
    digits = "".join(unicodedata.normalize("NFKC", c) for c in secret if is_digit(c))
    assert len(shown) <= min(8, len(digits) - 2), (raw, finding.excerpt)
    assert digits not in "".join(unicodedata.normalize("NFKC", c) for c in finding.excerpt if c not in " -　－")
