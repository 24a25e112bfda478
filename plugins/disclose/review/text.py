"""Text preparation for the check: normalisation that keeps offsets, positions, masking."""

from __future__ import annotations

import bisect
import re
import unicodedata

# Full-width digits, letters and the symbols identifiers are written with map 1:1 to ASCII
# (what NFKC does to them), so an offset means the same in the original and the normalised
# text. Chinese punctuation (，：（）) is left alone: rules accept both forms where it matters,
# and most files then need no translation at all, which keeps the check fast.
_FULLWIDTH_CHARS = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ" \
                   "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＊－＋＠．＿　"
_TABLE = str.maketrans({c: chr(ord(c) - 0xFEE0) if c != "　" else " " for c in _FULLWIDTH_CHARS})
_NEEDS = re.compile(f"[{re.escape(_FULLWIDTH_CHARS)}]")


# Characters that may stand between the digits of a written number and do not make it another
# number: spaces, parentheses, hyphens and dashes (U+2212 minus too), dots, slashes, underscores, the Markdown
# emphasis, code and strike-through marks, the backslash of a Markdown escape (138\\.1234),
# middle dots and bullets, and invisible marks that are not format characters (pii.hidden_chars
# refuses those): combining marks, variation selectors, Hangul and Braille fillers.
# A regular-expression class body ("-" and "\\" escaped).
SEPARATORS = (" \t\\-\\\\._/`~()\uff08\uff09\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
              "\u2010-\u2015\u2212\ufe58\ufe63\uff0f"
              "\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff65"
              "\u0300-\u036f\u115f\u1160\u180b-\u180d\u20d0-\u20ff\u2800\u3164\ufe00-\ufe0f\uffa0")
# (Only the Basic Multilingual Plane: one astral range makes sre test every range in turn, 5x
# slower; normalise() writes the astral variation selectors as U+FE0F.)
# Characters written for the check character X of an ID: Latin, Cyrillic and Greek letters,
# Roman numeral ten, multiplication signs.
X_LIKE = "Xx\u0425\u0445\u03a7\u03c7\u2169\u2179\u00d7\u2715"
_SEP_CHARS = frozenset(re.sub(r"(.)-(.)", lambda m: "".join(
    chr(i) for i in range(ord(m.group(1)), ord(m.group(2)) + 1)),
    SEPARATORS.replace("\\-", "").replace("\\\\", ""))) | {"-", "\\", "\n"}  # line breaks: scan.scan
# Chinese numerals read digit by digit (幺 is 1 in spoken numbers; 〇, ○ and 零 are 0; spoken
# 洞 两 拐 勾 and Suzhou numerals too), the
# financial forms (壹贰叁…) too: digits of a number for the scan (scan.PATTERNS "num") and the
# masking of excerpts; the normalised text keeps them (统一一体化 stays text for every rule).
CN_DIGITS = {"〇": "0", "○": "0", "◯": "0", "零": "0", "一": "1", "幺": "1", "二": "2", "三": "3",
             "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9",
             "壹": "1", "贰": "2", "貳": "2", "叁": "3", "參": "3", "肆": "4", "伍": "5", "陆": "6",
             "陸": "6", "柒": "7", "捌": "8", "玖": "9",
             # Spoken digits (radio and phone: 洞 0, 两 2, 拐 7, 勾 9) and Suzhou numerals 〡-〩.
             "洞": "0", "两": "2", "拐": "7", "勾": "9"} | {chr(0x3020 + d): str(d) for d in range(1, 10)}
_CN_CLASS = "".join(CN_DIGITS)
# value.translate(DIGITS): a number as written -> its characters (separators dropped, X unified).
DIGITS = {ord(c): None for c in _SEP_CHARS} | {ord(c): "X" for c in X_LIKE} | {
    ord(c): d for c, d in CN_DIGITS.items()}


def number_chars(value: str) -> str:
    """The characters of a number as written: separators dropped, look-alike check characters as X."""
    if value.isascii() and value.isalnum():
        return value.upper() if "x" in value else value
    return value.translate(DIGITS)


_MAP = {c: chr(ord(c) - 0xFEE0) if c != "　" else " " for c in _FULLWIDTH_CHARS}
_RUN = re.compile(f"[{re.escape(_FULLWIDTH_CHARS)}]+")


def normalise(text: str) -> str:
    """Identifier characters as ASCII; same length, so offsets are shared.

    Full-width digits and letters always; digits of other scripts (Arabic-Indic, Devanagari,
    mathematical: Unicode category Nd) always; superscript, circled and similar digits in a
    run of digits 6 long or more (Chinese numerals stay: the scan reads them, CN_DIGITS). Each
    is one character for one, so a finding's offset is the original's.
    Runs are replaced where they occur: str.translate with a table looks up every character of
    the file and cost a third of the check of a large document.
    """
    if text.isascii():
        return text
    if _ANY.search(text):  # one search for both kinds: most files have neither
        if _NEEDS.search(text):
            text = _RUN.sub(lambda m: m.group().translate(_TABLE), text)
        if _MAYBE_DIGIT.search(text):
            text = _other_digits(text)
    return text


# Every character outside ASCII with a digit value lies in these ranges (tests/test_hiding.py
# checks it against unicodedata): digits of other scripts (category Nd: Arabic-Indic,
# Devanagari, mathematical), superscript, subscript and circled digits (No), and the astral
# planes (also where the variation selectors 17-256 are). One search with few ranges keeps the
# check fast; each hit is then looked at in Python.
_MAYBE_DIGIT = re.compile("[\u00b2\u00b3\u00b9\u0660-\u1c59\u2070-\u2089\u2460-\u24ff\u2776-\u2793"
                          "\ua620-\uabf9\U00010000-\U0010ffff]")
_ANY = re.compile(_NEEDS.pattern[:-1] + _MAYBE_DIGIT.pattern[1:])
_SUPPLEMENT_SELECTORS = ("\U000e0100", "\U000e01ef")


def _other_digits(text: str) -> str:
    """Digits of other scripts (category Nd) as ASCII; superscript, circled and similar digits
    (No) only in a run of digits 6 or more long (alone they are exponents and list marks: 10³, ①);
    variation selectors 17-256 (invisible) as U+FE0F, a separator in numbers."""
    chars: list[str] | None = None
    n, done = len(text), -1
    for m in _MAYBE_DIGIT.finditer(text):
        i = m.start()
        c = text[i]
        if i < done:
            continue
        if _SUPPLEMENT_SELECTORS[0] <= c <= _SUPPLEMENT_SELECTORS[1]:
            chars = chars or list(text)
            chars[i] = "\ufe0f"
            continue
        if not c.isdigit():
            continue
        a, b = i, i + 1
        while a and text[a - 1].isdigit():
            a -= 1
        while b < n and text[b].isdigit():
            b += 1
        groups = [(a, b)] if b - a >= 6 else _groups_around(text, a, b)
        done = groups[-1][1]
        for ga, gb in groups:
            for j in range(ga, gb):
                ch = text[j]
                if ch.isascii():
                    continue
                d = unicodedata.digit(ch, None)
                if d is not None and (gb - ga >= 6 or len(groups) > 1 or unicodedata.category(ch) == "Nd"):
                    chars = chars or list(text)
                    chars[j] = str(d)
    return "".join(chars) if chars is not None else text


_INLINE_SEPS = _SEP_CHARS - {"\n"}


def _groups_around(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The digit run text[a:b] with the runs joined to it by up to 4 separators, when they
    read as a grouped identifier (¹³⁹ ¹²³⁴ ⁵⁶⁷⁸, ①③⑨-①②③④-⑤⑥⑦⑧): 10+ digits in groups of
    3+; else the run alone (10³ 10⁴ and list marks ① ② stay)."""
    n = len(text)
    groups = [(a, b)]
    j = b
    while True:  # forward
        k = j
        while k < n and k - j < 4 and text[k] in _INLINE_SEPS:
            k += 1
        if k == j or k >= n or not text[k].isdigit():
            break
        e = k
        while e < n and text[e].isdigit():
            e += 1
        groups.append((k, e))
        j = e
    j = a
    while True:  # backward
        k = j
        while k and j - k < 4 and text[k - 1] in _INLINE_SEPS:
            k -= 1
        if k == j or not k or not text[k - 1].isdigit():
            break
        s = k
        while s and text[s - 1].isdigit():
            s -= 1
        groups.insert(0, (s, k))
        j = s
    if len(groups) > 1 and sum(e - s for s, e in groups) >= 10 and all(e - s >= 3 for s, e in groups):
        return groups
    return [(a, b)]


class Lines:
    """Maps offsets to 1-based line and column numbers."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.text = text

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of an offset, both 1-based."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its newline."""
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return self.text[start:end]

    def span(self, line: int) -> tuple[int, int]:
        """Start and end offsets of a 1-based line."""
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return start, end


# Brackets end a run to be masked (an identifier in brackets is masked as itself); the scan
# still reads (138) 1234 5678 as one number, and its excerpt keeps at least 4 of it hidden.
_MASK_SEPARATORS = SEPARATORS.replace("()\uff08\uff09", "")
_DIGIT_RUN = re.compile(f"[0-9{_CN_CLASS}][0-9{_CN_CLASS}*xX{_MASK_SEPARATORS}]{{5,}}[0-9{_CN_CLASS}*xX]"
                        f"|[0-9{_CN_CLASS}]{{6,}}")
_EMAIL = re.compile(r"([A-Za-z0-9._%+-]{1,64})@")


def mask_identifier(value: str) -> str:
    """Hide the middle of an identifier in place: 330802199001011234 -> 3308**********1234.

    Separators stay where they are, so the masked text has the length of the original.
    """
    positions = [i for i, c in enumerate(value) if c not in _SEP_CHARS]
    n = len(positions)
    if n >= 15:
        head, tail = 4, 4
    elif n >= 10:
        head, tail = 3, 4
    else:
        head, tail = 2, 2
    hidden = set(positions[head:n - tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(value))


def mask_text(text: str) -> str:
    """Mask identifier-like runs (6+ digits) and e-mail local parts; length is preserved."""
    def digits(m: re.Match[str]) -> str:
        run = m.group(0)
        return mask_identifier(run) if sum(c.isdigit() or c in CN_DIGITS for c in run) >= 6 else run

    text = _DIGIT_RUN.sub(digits, text)
    return _EMAIL.sub(lambda m: m.group(1)[:1] + "*" * (len(m.group(1)) - 1) + "@", text)


def restore_unmasked(masked: str, normalised: str, raw: str) -> str:
    """Show the original characters wherever masking did not change the normalised text."""
    return "".join(m if m != n else r for m, n, r in zip(masked, normalised, raw, strict=True))


def mask_name(name: str) -> str:
    """张三丰 -> 张**."""
    return name[:1] + "*" * (len(name) - 1)
